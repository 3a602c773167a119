// Notebook 07's summary: mean PSNR and SSIM per method over the photographs, what results.json records, and a
// conclusion that says where the autoencoder wins and where it loses.
import { PHOTO_METHODS, type PhotoEvaluation, type PhotoRow } from './photos';

export interface PhotoSummaryRow {
  readonly method: string;
  readonly mean_psnr_db: number;
  readonly mean_ssim: number;
  /** Photographs where this method has the best PSNR of the three denoisers. */
  readonly best_on: number;
}

export function photoSummary(evaluation: PhotoEvaluation): { rows: PhotoSummaryRow[]; record: Record<string, unknown>; conclusion: string } {
  const photos = [...new Set(evaluation.rows.map((row) => row.photo))];
  const of = (method: PhotoRow['method']) => evaluation.rows.filter((row) => row.method === method);
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const winner = (photo: string) => evaluation.rows.filter((row) => row.photo === photo && row.method !== 'noisy').reduce((a, b) => (b.psnr_db > a.psnr_db ? b : a)).method;
  const winners = photos.map(winner);
  const rows = PHOTO_METHODS.map((method) => ({
    method,
    mean_psnr_db: mean(of(method).map((row) => row.psnr_db)),
    mean_ssim: mean(of(method).map((row) => row.ssim ?? Number.NaN)),
    best_on: winners.filter((name) => name === method).length,
  }));
  const [noisy, plain, tuned, classical] = rows as [PhotoSummaryRow, PhotoSummaryRow, PhotoSummaryRow, PhotoSummaryRow];
  const beatsClassical = photos.filter((photo) => {
    const score = (method: PhotoRow['method']) => evaluation.rows.find((row) => row.photo === photo && row.method === method)!.psnr_db;
    return score('autoencoder') > score('best classical');
  });
  const losesOn = photos.filter((photo) => !beatsClassical.includes(photo));
  const db = (value: number) => `${value.toFixed(2)} dB`;
  const conclusion = [
    `On ${photos.length} grey photographs under the run's noise (noisy ${db(noisy.mean_psnr_db)}, SSIM ${noisy.mean_ssim.toFixed(3)}):`,
    `the Fashion-MNIST autoencoder gives ${db(plain.mean_psnr_db)} (SSIM ${plain.mean_ssim.toFixed(3)}), fine-tuned on the other fold's photographs ${db(tuned.mean_psnr_db)} (SSIM ${tuned.mean_ssim.toFixed(3)}),`,
    `the best classical denoiser (tuned on patches of the other fold) ${db(classical.mean_psnr_db)} (SSIM ${classical.mean_ssim.toFixed(3)}).`,
    `The autoencoder as trained beats the classical one on ${beatsClassical.length} of ${photos.length} photographs${beatsClassical.length ? ` (${beatsClassical.join(', ')})` : ''}` +
      `${losesOn.length ? ` and loses on ${losesOn.join(', ')}` : ''}; fine-tuning ${tuned.mean_psnr_db >= plain.mean_psnr_db ? 'adds' : 'costs'} ${db(Math.abs(tuned.mean_psnr_db - plain.mean_psnr_db))} on average.`,
    `Best PSNR per photograph: autoencoder ${plain.best_on}, fine-tuned ${tuned.best_on}, classical ${classical.best_on}.`,
  ].join(' ');
  const record = {
    photos: photos.length, methods: rows, per_photo: evaluation.rows, fine_tunes: evaluation.fineTunes,
    autoencoder_seconds_per_megapixel: evaluation.secondsPerMegapixel,
  };
  return { rows, record, conclusion };
}
