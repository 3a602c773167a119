// Notebook 07: the run's autoencoder, a fine-tuned copy and the tuned classical denoisers on real photographs (grey,
// shrunk), in two folds: each photograph is scored by models fine-tuned and tuned on the other fold's photographs only.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProjectError } from '../errors';
import { decodeImage, denoiseImage, disposeDenoised, fineTuneAutoencoder, greyImage, hasImageExtension, imageScores, loadImageDenoiser, pixelsKey, randomPatches, type ImageDenoiser } from '../images/index';
import type { NotebookRun } from '../run/notebook-run';
import { addNoise, type NoiseOptions } from '../noise/noise';
import type { CacheOptions } from '../model-cache/index';
import { tf, type Tensor3D, type Tensor4D } from '../tf';
import { tuneClassicalDenoisers } from './classical-tuning';
import { applyDenoiser, type ClassicalDenoiser } from './classical';

/** Per profile: photo size, fine-tuning and tuning work. Full: about a minute on two cores; smoke: seconds. */
const SETTINGS = {
  full: { maxSide: 256, patch: 32, patches: 1500, epochs: 3, tunePatches: 200, tile: 128 },
  smoke: { maxSide: 64, patch: 16, patches: 64, epochs: 1, tunePatches: 16, tile: 64 },
} as const;
export const PHOTO_METHODS = ['noisy', 'autoencoder', 'fine-tuned', 'best classical'] as const;

export interface PhotoRow {
  readonly photo: string;
  readonly size: string;
  readonly method: (typeof PHOTO_METHODS)[number];
  readonly detail: string;
  readonly psnr_db: number;
  readonly ssim: number | undefined;
}

export interface PhotoEvaluation {
  readonly rows: PhotoRow[];
  /** One display tile per photo and method (square, centre crop), [photos, tile, tile, 1] each. */
  readonly tiles: Readonly<Record<'clean' | (typeof PHOTO_METHODS)[number], Tensor4D>>;
  readonly names: string[];
  readonly fineTunes: { fold: number; dir: string; fromCache: boolean; epochs: number; valLoss: number | undefined }[];
  /** The run autoencoder's time per megapixel on these grey photographs (denoising alone). */
  readonly secondsPerMegapixel: number;
}

export interface PhotoOptions {
  /** Where the fine-tuned models are cached. @default runs/model-cache, reused unless the run says --no-cache */
  readonly cache?: CacheOptions;
}

/** The photographs in `photosDir` by name, sorted: its files with an image format's extension (none if it is missing). */
export function photoFiles(photosDir: string): string[] {
  return existsSync(photosDir) ? readdirSync(photosDir).filter(hasImageExtension).sort() : [];
}

/**
 * Evaluates every photograph of `photosDir` (data/photos by default: `npm run setup` puts them there). The dense
 * autoencoder, fixed to 28×28, denoises in overlapping 28×28 tiles and fine-tunes on 28×28 patches.
 */
export async function evaluatePhotos(run: NotebookRun, photosDir: string, options: PhotoOptions = {}): Promise<PhotoEvaluation> {
  const settings = SETTINGS[run.config.profile === 'smoke' ? 'smoke' : 'full'];
  const files = photoFiles(photosDir);
  if (files.length < 2) throw new ProjectError(`${photosDir} holds ${files.length} photograph(s); two folds need at least 2. Run \`npm run setup\` to extract the sample photographs.`);
  const modelDir = join(run.runDir, 'models', 'autoencoder');
  const noise = { type: run.config.noise.type, level: run.config.noise.level };
  const images = files.map((name) => {
    const decoded = decodeImage(readFileSync(join(photosDir, name)), name);
    const grey = greyImage(decoded.pixels, settings.maxSide);
    decoded.pixels.dispose();
    return grey;
  });
  const rows: PhotoRow[] = [];
  const tiles: Record<string, Tensor3D[]> = { clean: [], noisy: [], autoencoder: [], 'fine-tuned': [], 'best classical': [] };
  const fineTunes: PhotoEvaluation['fineTunes'] = [];
  const base = await loadImageDenoiser(modelDir, { remedy: 'Run notebook 04 first (`npm start -- --only 04`).' });
  let seconds = 0;
  let megapixels = 0;
  try {
    for (const fold of [0, 1]) {
      const evaluated = images.map((_, i) => i).filter((i) => i % 2 === fold);
      const others = images.filter((_, i) => i % 2 !== fold);
      const tuned = await fineTuneAutoencoder({
        modelDir, images: others, imagesKey: pixelsKey(others), noise, epochs: settings.epochs, patch: base.fixedSize ? undefined : settings.patch,
        patches: settings.patches, seed: run.config.noise.seed, cache: { reuse: run.cache, ...options.cache },
      });
      fineTunes.push({ fold, dir: tuned.dir, fromCache: tuned.fromCache, epochs: tuned.history.epochsRun, valLoss: tuned.history.valLoss[tuned.history.bestEpoch - 1] });
      const classical = tuneOnPatches(others, { ...noise, seed: run.config.noise.seed + 2 }, settings.tunePatches);
      const fineTuned = await loadImageDenoiser(tuned.dir);
      try {
        for (const i of evaluated) {
          const photoNoise: NoiseOptions = { ...noise, seed: run.config.noise.seed + 100 + i };
          const started = performance.now();
          const plain = denoiseImage(base, images[i]!, { noise: photoNoise });
          seconds += (performance.now() - started) / 1000;
          megapixels += images[i]!.size / 1e6;
          const better = denoiseImage(fineTuned, images[i]!, { noise: photoNoise });
          const cleaned = tf.tidy(() => applyDenoiser(classical.choice, plain.noisy!.expandDims(0) as Tensor4D).squeeze([0]) as Tensor3D);
          const add = (method: PhotoRow['method'], detail: string, scores: { psnrDb: number; ssim: number | undefined }) =>
            rows.push({ photo: files[i]!, size: `${images[i]!.shape[1]}×${images[i]!.shape[0]}`, method, detail, psnr_db: scores.psnrDb, ssim: scores.ssim });
          add('noisy', `${noise.type} ${noise.level}`, plain.scores!.noisy);
          add('autoencoder', base.fixedSize ? `${base.architecture}, in ${base.fixedSize.join('×')} tiles` : base.architecture, plain.scores!.denoised);
          add('fine-tuned', `on ${others.length} other photographs`, better.scores!.denoised);
          add('best classical', classical.name, imageScores(images[i]!, cleaned));
          [['clean', images[i]!], ['noisy', plain.noisy!], ['autoencoder', plain.denoised], ['fine-tuned', better.denoised], ['best classical', cleaned]]
            .forEach(([key, image]) => tiles[key as string]!.push(squareTile(image as Tensor3D, settings.tile)));
          [plain, better].forEach(disposeDenoised);
          cleaned.dispose();
        }
      } finally {
        fineTuned.dispose();
      }
    }
  } finally {
    base.dispose();
    tf.dispose(images);
  }
  const order = [...files.keys()].sort((a, b) => (a % 2) - (b % 2) || a - b); // the order tiles were made in
  const stacked = Object.fromEntries(Object.entries(tiles).map(([key, list]) => [key, tf.tidy(() => tf.stack(list) as Tensor4D)]));
  Object.values(tiles).forEach((list) => tf.dispose(list));
  return { rows, tiles: stacked as PhotoEvaluation['tiles'], names: order.map((i) => files[i]!), fineTunes, secondsPerMegapixel: seconds / megapixels };
}

/** The classical denoiser with the best mean PSNR on noisy 28×28 patches of `images` (never the evaluated photographs). */
function tuneOnPatches(images: readonly Tensor3D[], noise: NoiseOptions, count: number) {
  const clean = randomPatches(images, count, 28, noise.seed);
  const noisy = addNoise(clean, noise);
  try {
    const tuning = tuneClassicalDenoisers({ clean, noisy }, { maxImages: count });
    const best = tuning.rows.filter((row) => row.chosen !== '').reduce((a, b) => (b.validation_psnr_db > a.validation_psnr_db ? b : a));
    const name = best.denoiser as ClassicalDenoiser;
    return { choice: tuning.tuned[name], name: `${name} (${best.parameters})` };
  } finally {
    tf.dispose([clean, noisy]);
  }
}

/** The largest centred square, resized to `side`×`side` for a grid of equal tiles. */
function squareTile(image: Tensor3D, side: number): Tensor3D {
  return tf.tidy(() => {
    const [height, width] = image.shape;
    const square = Math.min(height, width);
    const crop = image.slice([Math.floor((height - square) / 2), Math.floor((width - square) / 2), 0], [square, square, -1]);
    return tf.image.resizeBilinear(crop, [side, side], false, true) as Tensor3D;
  });
}

export function disposePhotoEvaluation(evaluation: PhotoEvaluation): void {
  tf.dispose(Object.values(evaluation.tiles));
}
