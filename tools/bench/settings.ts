// What one benchmark run measures: sizes, repetitions and output form, from the command line.
import { ProjectError } from '../../lib/errors';

/** The default preset's batch size for both models (lib/config/presets.ts). */
export const BATCH_SIZE = 128;
/** lib/models/predict.ts's batch (EVAL_BATCH_SIZE); Keras's predict gets the same. */
export const PREDICT_BATCH_SIZE = 512;
/** The default preset's optimizer step for both models. */
export const LEARNING_RATE = 0.001;
/** The default preset's noise, so the autoencoder sees the inputs it is trained on. */
export const NOISE = { type: 'uniform', level: 0.6, seed: 1 } as const;

export type ModelKind = 'autoencoder' | 'classifier';
export const MODEL_KINDS: readonly ModelKind[] = ['autoencoder', 'classifier'];

export interface BenchSettings {
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

// --quick: 40 full batches plus the ragged last one, so both batch shapes are timed, as in a real epoch.
// Small enough that the whole run (two Python imports of TensorFlow included) stays well under 5 minutes.
const QUICK = { trainImages: 40 * BATCH_SIZE + 96, repetitions: 3, inferenceRepetitions: 3 };
// Full: whole epochs over the real training split (60000 = 468 batches of 128 + one of 96).
const MAX_TRAIN_IMAGES = 60_000;
const FULL = { trainImages: MAX_TRAIN_IMAGES, repetitions: 3, inferenceRepetitions: 5 };

export class UsageError extends ProjectError {
  override name = 'UsageError';
}

const USAGE = 'usage: npm run bench -- [--quick] [--json] [--reps N] [--images N] [--keras-eager]';

export function parseArgs(argv: readonly string[]): BenchSettings {
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
    else if (arg === '--images') images = integerArg('--images', argv[++i], MAX_TRAIN_IMAGES, BATCH_SIZE);
    else throw new UsageError(`unknown argument '${arg}'. ${USAGE}`);
  }
  const base = quick ? QUICK : FULL;
  return { ...base, repetitions: reps ?? base.repetitions, trainImages: images ?? base.trainImages, quick, json, kerasEager };
}

function integerArg(flag: string, value: string | undefined, max = Number.MAX_SAFE_INTEGER, min = 1): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag} needs an integer from ${min} to ${max}, found '${value ?? ''}'. ${USAGE}`);
  }
  return n;
}
