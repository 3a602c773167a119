// What one benchmark run measures: the preset's training setup, and the bench's own sizes, repetitions and output
// form from the command line.
import { resolveConfig } from '../../lib/config/index';
import { ProjectError } from '../../lib/errors';
import type { AutoencoderArchitecture, ClassifierArchitecture, ReconstructionLoss } from '../../lib/models/names';
import type { NoiseType } from '../../lib/noise/types';

/** The preset whose training is timed: what `npm start` runs unless told otherwise. */
export const BENCH_PRESET = 'default';
/** lib/models/predict.ts's batch (EVAL_BATCH_SIZE); Keras's predict gets the same. */
export const PREDICT_BATCH_SIZE = 512;

export type ModelKind = 'autoencoder' | 'classifier';
export const MODEL_KINDS: readonly ModelKind[] = ['autoencoder', 'classifier'];

/** One model's training as the preset sets it. */
export interface ModelTraining {
  readonly batchSize: number;
  readonly learningRate: number;
}

/** What the bench reads from the preset, so a changed preset is timed as it now trains; the Keras worker reads it too. */
export interface PresetSetup {
  readonly autoencoder: ModelTraining & { readonly architecture: AutoencoderArchitecture; readonly loss: ReconstructionLoss };
  readonly classifier: ModelTraining & { readonly architecture: ClassifierArchitecture };
  /** The training images' noise, so the autoencoder sees the inputs it is trained on. */
  readonly noise: { readonly type: NoiseType; readonly level: number; readonly seed: number };
}

/** `preset`'s training setup, as lib/config resolves it. */
export function presetSetup(preset: string = BENCH_PRESET): PresetSetup {
  const { autoencoder, classifier, noise } = resolveConfig({ preset });
  const training = (model: ModelTraining): ModelTraining => ({ batchSize: model.batchSize, learningRate: model.learningRate });
  return {
    autoencoder: { ...training(autoencoder), architecture: autoencoder.architecture as AutoencoderArchitecture, loss: autoencoder.loss },
    classifier: { ...training(classifier), architecture: classifier.architecture },
    noise: { type: noise.type, level: noise.level, seed: noise.seed },
  };
}

export interface BenchSettings {
  readonly preset: PresetSetup;
  /** Training images per timed epoch (the first n of the training split). */
  readonly trainImages: number;
  /** Timed training epochs per side and model; the median is reported. */
  readonly repetitions: number;
  /** Timed passes over the 10,000 test images per side and model. */
  readonly inferenceRepetitions: number;
  readonly quick: boolean;
  /** Print one JSON object as the last line. */
  readonly json: boolean;
  /** Also time Keras op by op (run_eagerly=True) on the autoencoder: tells graph execution's share of the gap. */
  readonly kerasEager: boolean;
}

// --quick: 40 full batches plus a ragged last one of three quarters, so both batch shapes are timed, as in a real
// epoch. Small enough that the whole run (two Python imports of TensorFlow included) stays well under 5 minutes.
const QUICK_BATCHES = 40;
const quickImages = (batchSize: number) => QUICK_BATCHES * batchSize + Math.floor((3 * batchSize) / 4);
const QUICK = { repetitions: 3, inferenceRepetitions: 3 };
// Full: whole epochs over the real training split (60000 = 468 batches of 128 + one of 96).
const MAX_TRAIN_IMAGES = 60_000;
const FULL = { repetitions: 3, inferenceRepetitions: 5 };

export class UsageError extends ProjectError {
  override name = 'UsageError';
}

const USAGE = 'usage: npm run bench -- [--quick] [--json] [--reps N] [--images N] [--keras-eager]';

export function parseArgs(argv: readonly string[]): BenchSettings {
  const preset = presetSetup();
  // Images are counted in the autoencoder's batches: the --quick size and the smallest --images hold whole ones.
  const batchSize = preset.autoencoder.batchSize;
  let quick = false;
  let json = false;
  let kerasEager = false;
  let reps: number | undefined;
  let images: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--quick') quick = true;
    else if (arg === '--json') json = true;
    else if (arg === '--keras-eager') kerasEager = true;
    else if (arg === '--reps') reps = integerArg('--reps', argv[++i]);
    else if (arg === '--images') images = integerArg('--images', argv[++i], MAX_TRAIN_IMAGES, batchSize);
    else throw new UsageError(`unknown argument '${arg}'. ${USAGE}`);
  }
  const base = quick ? { ...QUICK, trainImages: quickImages(batchSize) } : { ...FULL, trainImages: MAX_TRAIN_IMAGES };
  return { ...base, preset, repetitions: reps ?? base.repetitions, trainImages: images ?? base.trainImages, quick, json, kerasEager };
}

function integerArg(flag: string, value: string | undefined, max = Number.MAX_SAFE_INTEGER, min = 1): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag} needs an integer from ${min} to ${max}, found '${value ?? ''}'. ${USAGE}`);
  }
  return n;
}
