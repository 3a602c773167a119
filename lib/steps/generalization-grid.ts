// Notebook 06's generalization grid: every noise type at a weak, a middle and a strong level; in each cell the
// run's autoencoder against the classical denoiser tuned on that cell's own validation images.
import type { PipelineConfig } from '../config/index';
import type { Split } from '../data/fashion-mnist';
import { ConfigError } from '../errors';
import { psnr, ssim } from '../metrics/index';
import { predictInBatches } from '../models/predict';
import { addNoise, NOISE_TYPES, type NoiseType } from '../noise/noise';
import { tf, type LayersModel, type Tensor4D } from '../tf';
import { applyDenoiser, describeParameters, type ClassicalDenoiser } from './classical';
import { tuneClassicalDenoisers } from './classical-tuning';
import { GALLERY_LEVELS, noiseSeed } from './noise';
import { classifierAccuracy } from './sweep';

/** Notebook 02's gallery levels, weak to strong (poisson's peak count falls as its noise grows). */
export const GRID_LEVELS: Readonly<Record<NoiseType, readonly number[]>> = GALLERY_LEVELS;
export const GRID_STRENGTHS = ['weak', 'middle', 'strong'] as const;

export interface GridRequest {
  /** Trained on clean images; outputs class scores [n, 10]. */
  readonly classifier: LayersModel;
  readonly autoencoder: LayersModel;
  /** Clean test images [n, 28, 28, 1] and their labels: every cell's noise is added to these. */
  readonly test: { readonly images: Tensor4D; readonly labels: Int32Array };
  /** Clean held-out training images [m, 28, 28, 1]: each cell tunes the classical denoisers on these with its noise. */
  readonly validation: Tensor4D;
  readonly seeds: { readonly test: number; readonly validation: number };
  /** Three levels per type, weak to strong. @default GRID_LEVELS */
  readonly levels?: Readonly<Record<NoiseType, readonly number[]>>;
  /** Called after each cell, e.g. to print progress. */
  readonly onCell?: (cell: GridCell, index: number, cells: number) => void;
}

/** One (type, level): scores on the test images of that noise. */
export interface GridCell {
  readonly type: NoiseType;
  readonly level: number;
  readonly strength: (typeof GRID_STRENGTHS)[number];
  readonly noisy_psnr_db: number;
  readonly autoencoder_psnr_db: number;
  readonly autoencoder_ssim: number;
  /** The classical denoiser with the best validation PSNR in this cell, its tuned parameters and its test scores. */
  readonly classical: ClassicalDenoiser;
  readonly classical_parameters: string;
  readonly classical_psnr_db: number;
  readonly classical_ssim: number;
  /** autoencoder_psnr_db − classical_psnr_db. */
  readonly margin_db: number;
  /** The clean-trained classifier on the autoencoder's output (the composite), and on the noisy images. */
  readonly composite_accuracy: number;
  readonly classifier_noisy_accuracy: number;
  readonly seconds: number;
}

/**
 * Throws ConfigError before any work unless every noise type has three levels, each within the type's range.
 * Exported so a notebook's parameters can be checked before models load.
 */
export function checkGridLevels(levels: Readonly<Record<string, readonly number[]>>): void {
  for (const info of NOISE_TYPES) {
    const typeLevels = levels[info.type];
    if (!typeLevels || typeLevels.length !== GRID_STRENGTHS.length) {
      throw new ConfigError(`levels.${info.type}`, typeLevels, `${GRID_STRENGTHS.length} levels (${GRID_STRENGTHS.join(', ')}), e.g. ${JSON.stringify(GRID_LEVELS[info.type])}`);
    }
    const outside = typeLevels.filter((level) => !(typeof level === 'number' && level >= info.min && level <= info.max));
    if (outside.length > 0) {
      throw new ConfigError(`levels.${info.type}`, typeLevels, `levels from ${info.min} to ${info.max} for ${info.type} noise (${info.level}); ${outside.join(', ')} ${outside.length === 1 ? 'is' : 'are'} not`);
    }
  }
  const unknown = Object.keys(levels).filter((type) => !NOISE_TYPES.some((info) => info.type === type));
  if (unknown.length > 0) throw new ConfigError('levels', unknown, `noise types among ${NOISE_TYPES.map((info) => info.type).join(', ')}`);
}

/** Every cell of the grid, type by type, weak to strong. Tuning dominates the time: it grows with `validation`'s size. */
export function generalizationGrid(request: GridRequest): GridCell[] {
  const levels = request.levels ?? GRID_LEVELS;
  checkGridLevels(levels);
  const settings = NOISE_TYPES.flatMap((info) => levels[info.type]!.map((level, rank) => ({ type: info.type, level, strength: GRID_STRENGTHS[rank]! })));
  return settings.map((setting, index) => {
    const cell = gridCell(request, setting);
    request.onCell?.(cell, index, settings.length);
    return cell;
  });
}

function gridCell(request: GridRequest, setting: Pick<GridCell, 'type' | 'level' | 'strength'>): GridCell {
  const start = Date.now();
  const { type, level } = setting;
  const clean = request.test.images;
  const tensors: Tensor4D[] = [];
  const keep = <T extends Tensor4D>(tensor: T): T => (tensors.push(tensor), tensor);
  try {
    const validationNoisy = keep(addNoise(request.validation, { type, level, seed: request.seeds.validation }));
    const tuning = tuneClassicalDenoisers({ noisy: validationNoisy, clean: request.validation }, { maxImages: request.validation.shape[0] });
    const best = tuning.rows.filter((row) => row.chosen !== '').reduce((winner, row) => (row.validation_psnr_db > winner.validation_psnr_db ? row : winner));
    const choice = tuning.tuned[best.denoiser as ClassicalDenoiser];
    const noisy = keep(addNoise(clean, { type, level, seed: request.seeds.test }));
    const denoised = keep(predictInBatches(request.autoencoder, noisy) as Tensor4D); // [n, 28, 28, 1]
    const classical = keep(applyDenoiser(choice, noisy));
    const autoencoderPsnr = psnr(clean, denoised).mean;
    const classicalPsnr = psnr(clean, classical).mean;
    return {
      ...setting,
      noisy_psnr_db: psnr(clean, noisy).mean,
      autoencoder_psnr_db: autoencoderPsnr,
      autoencoder_ssim: ssim(clean, denoised).mean,
      classical: choice.denoiser,
      classical_parameters: describeParameters(choice.parameters),
      classical_psnr_db: classicalPsnr,
      classical_ssim: ssim(clean, classical).mean,
      margin_db: autoencoderPsnr - classicalPsnr,
      composite_accuracy: classifierAccuracy(request.classifier, denoised, request.test.labels),
      classifier_noisy_accuracy: classifierAccuracy(request.classifier, noisy, request.test.labels),
      seconds: (Date.now() - start) / 1000,
    };
  } finally {
    tf.dispose(tensors);
  }
}

/**
 * The grid for a run: the first `evaluation.gridImages` test images, the first `evaluation.gridTuningImages` of the
 * validation hold-out (`validationClean`), the run's test and training noise seeds. Prints a line per cell.
 */
export function gridForRun(config: PipelineConfig, models: Pick<GridRequest, 'classifier' | 'autoencoder'>, test: Split, validationClean: Tensor4D) {
  const start = Date.now();
  const testImages = Math.min(config.evaluation.gridImages, test.labels.length);
  const tuningImages = Math.min(config.evaluation.gridTuningImages, validationClean.shape[0]);
  const images = test.images.slice(0, testImages);
  const validation = validationClean.slice(0, tuningImages);
  try {
    const cells = generalizationGrid({
      ...models,
      test: { images, labels: test.labels.slice(0, testImages) },
      validation,
      seeds: { test: noiseSeed(config, 'test'), validation: noiseSeed(config, 'train') },
      onCell: (cell, index, count) =>
        console.log(`${index + 1}/${count} ${cell.type} ${cell.level}: autoencoder ${cell.autoencoder_psnr_db.toFixed(2)} dB, ${cell.classical} ${cell.classical_psnr_db.toFixed(2)} dB (${cell.seconds.toFixed(1)} s)`),
    });
    return { cells, sizes: { testImages, tuningImages, seconds: (Date.now() - start) / 1000 } };
  } finally {
    tf.dispose([images, validation]);
  }
}
