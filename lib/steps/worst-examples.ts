// The test images the autoencoder restores worst, shown next to their clean and noisy versions.
import { gatherImages } from '../data/subsets';
import { imageGrid, type DisplayBundle } from '../display/index';
import { ConfigError } from '../errors';
import { psnr } from '../metrics/index';
import type { Tensor4D } from '../tf';

/** Ten 28×28 images at the grid's scale 3 fill a notebook's width. */
const DEFAULT_COUNT = 10;

export interface WorstExamples {
  /** Rows clean / noisy / denoised, each image captioned with its PSNR (dB). */
  readonly bundle: DisplayBundle;
  /** Test-set indices, worst first. */
  readonly indices: number[];
  /** The denoised PSNR (dB) of each, in the same order. */
  readonly psnr_db: number[];
  /** The noisy PSNR (dB) of each, for comparison. */
  readonly psnr_noisy_db: number[];
}

/** "12.3 dB"; identical images have infinite PSNR. */
function formatDb(db: number): string {
  return Number.isFinite(db) ? `${db.toFixed(1)} dB` : `${db} dB`;
}

/**
 * The `count` images whose denoised PSNR against `clean` is lowest, worst first.
 * @param count images shown. @default 10
 */
export async function worstDenoisedGallery(clean: Tensor4D, noisy: Tensor4D, denoised: Tensor4D, count = DEFAULT_COUNT): Promise<WorstExamples> {
  const n = clean.shape[0];
  if (!Number.isInteger(count) || count < 1 || count > n) throw new ConfigError('count', count, `an integer from 1 to ${n} (the number of images)`);
  const denoisedDb = psnr(clean, denoised).perImage;
  const noisyDb = psnr(clean, noisy).perImage;
  // Stable sort: among equal PSNRs the earlier image comes first, so the pick is reproducible.
  const indices = Array.from({ length: n }, (_, i) => i)
    .sort((a, b) => (denoisedDb[a] as number) - (denoisedDb[b] as number) || a - b)
    .slice(0, count);
  const psnrDb = indices.map((i) => denoisedDb[i] as number);
  const psnrNoisyDb = indices.map((i) => noisyDb[i] as number);
  const rows = [
    { title: 'clean', images: gatherImages(clean, indices), captions: indices.map((i) => `#${i}`) },
    { title: 'noisy', images: gatherImages(noisy, indices), captions: psnrNoisyDb.map(formatDb) },
    { title: 'denoised (autoencoder)', images: gatherImages(denoised, indices), captions: psnrDb.map(formatDb) },
  ];
  try {
    const bundle = await imageGrid(rows, { columns: count });
    return { bundle, indices, psnr_db: psnrDb, psnr_noisy_db: psnrNoisyDb };
  } finally {
    rows.forEach((row) => row.images.dispose());
  }
}
