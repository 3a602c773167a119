// Notebook 06's accuracy report: what notebooks 03–05 recorded in results.json, as DataFrames and charts.
import * as dfd from 'danfojs-node';
import { CLASS_NAMES } from '../data/fashion-mnist';
import { readSection } from '../run/results';
import type { NotebookRun } from '../run/notebook-run';

export interface AccuracyRow {
  readonly pipeline: string;
  readonly 'clean test': number;
  readonly 'noisy test': number;
}

/** One row per pipeline of this run: its accuracy on clean and on noisy test images. */
export function accuracyRows(run: NotebookRun): AccuracyRow[] {
  const classifier = readSection(run.runDir, 'classifier');
  const composite = readSection(run.runDir, 'composite');
  const rows: AccuracyRow[] = [
    { pipeline: `${classifier.architecture} classifier alone`, 'clean test': classifier.clean_accuracy, 'noisy test': classifier.noisy_accuracy },
    { pipeline: 'denoise → classify', 'clean test': composite.clean_input_accuracy, 'noisy test': composite.accuracy },
  ];
  const alternatives = composite.alternatives as Record<string, { clean_accuracy: number; noisy_accuracy: number }>;
  for (const [name, scores] of Object.entries(alternatives)) {
    rows.push({ pipeline: name.replace(/_/g, ' '), 'clean test': scores.clean_accuracy, 'noisy test': scores.noisy_accuracy });
  }
  return rows;
}

/** The rows as a danfojs DataFrame, for `table(...)` and for users who want to slice it further. */
export function accuracyFrame(rows: readonly AccuracyRow[]): dfd.DataFrame {
  return new dfd.DataFrame(rows.map((row) => ({ ...row })));
}

/** Grouped bars: each pipeline's accuracy on clean and noisy test images. */
export function accuracyBars(rows: readonly AccuracyRow[]): Record<string, Record<string, number>> {
  return {
    'clean test images': Object.fromEntries(rows.map((row) => [row.pipeline, row['clean test']])),
    'noisy test images': Object.fromEntries(rows.map((row) => [row.pipeline, row['noisy test']])),
  };
}

/** Per-class accuracy: the classifier on clean and noisy images, and the composite on noisy images. */
export function perClassFrame(run: NotebookRun): dfd.DataFrame {
  const classifier = readSection(run.runDir, 'classifier');
  const composite = readSection(run.runDir, 'composite');
  const clean = classifier.per_class_clean;
  const noisy = classifier.per_class_noisy;
  const denoised = composite.per_class;
  return new dfd.DataFrame(
    CLASS_NAMES.map((name, label) => ({ class: name, 'classifier, clean': clean[label], 'classifier, noisy': noisy[label], 'denoise → classify, noisy': denoised[label] })),
  );
}

/** Mean test PSNR of each method, as bars. */
export function psnrBars(rows: readonly { method: string; psnr_db: number }[]): Record<string, Record<string, number>> {
  return { 'test PSNR (dB)': Object.fromEntries(rows.map((row) => [row.method, row.psnr_db])) };
}

/** Notebook 06's conclusion: the autoencoder against the best tuned classical denoiser. */
export function evaluationConclusion(rows: readonly { method: string; psnr_db: number; ssim: number }[]): { record: Record<string, unknown>; conclusion: string } {
  const autoencoder = rows.find((row) => row.method === 'autoencoder');
  const classical = rows.filter((row) => row.method !== 'autoencoder' && row.method !== 'noisy');
  const best = [...classical].sort((a, b) => b.psnr_db - a.psnr_db)[0];
  if (!autoencoder || !best) return { record: {}, conclusion: 'No quality rows to compare.' };
  const margin = autoencoder.psnr_db - best.psnr_db;
  return {
    record: { best_classical: best.method, best_classical_psnr_db: best.psnr_db, autoencoder_margin_db: margin },
    conclusion:
      `The autoencoder reaches ${autoencoder.psnr_db.toFixed(2)} dB (SSIM ${autoencoder.ssim.toFixed(3)}); the best tuned classical denoiser, ` +
      `${best.method}, ${best.psnr_db.toFixed(2)} dB (SSIM ${best.ssim.toFixed(3)}): a margin of ${margin.toFixed(2)} dB.`,
  };
}
