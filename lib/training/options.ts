// Training options: their documented defaults, and the checks that run before any training starts.
import { ConfigError, ShapeError } from '../errors';
import type { LayersModel, Tensor } from '../tf';
import type { BatchProgress, EpochProgress } from './progress';

/** A common middle ground for the native backend: the conv autoencoder trained at 922, 1011 and 996 samples/s with batches of 128, 256 and 512, so larger ones buy nothing. */
export const DEFAULT_BATCH_SIZE = 128;
const DEFAULT_EPOCHS = 10;
const MAX_SEED = 2 ** 32 - 1;

export interface LabelledData {
  readonly x: Tensor;
  readonly y: Tensor;
}

export interface TrainOptions extends LabelledData {
  /** Held-out data for val_loss; give this or `validationSplit`, not both. @default undefined — no validation */
  readonly validation?: LabelledData;
  /** Fraction of (x, y) held out, the last round(n·fraction) rows, as lib/data/subsets holdOut does. @default undefined — none */
  readonly validationSplit?: number;
  /** Passes over the training data (fewer if early stopping ends the run). @default 10 — enough for the conv models to level off */
  readonly epochs?: number;
  /** Examples per gradient step. @default 128 — larger batches did not train faster on the native backend */
  readonly batchSize?: number;
  /**
   * Early stopping: stop after this many epochs without a lower val_loss, then restore the best epoch's weights.
   * 0 turns it off (the tutorial preset's autoencoder; the reference classifier). @default undefined — train every epoch and keep the last weights
   */
  readonly patience?: number;
  /** Seed of the shuffling order. @default 0 — the same order on every run, so reruns are comparable */
  readonly seed?: number;
  /** Visit the training examples in a new order each epoch. @default true — as Keras does */
  readonly shuffle?: boolean;
  /**
   * Run each gradient step as one TensorFlow graph (lib/training/graph) once two eager steps have traced it: 1.3–1.8×
   * the eager steps' samples/s on the U-Net and the dropout-free CNN, losses equal to eager's within float32 rounding.
   * Seeded dropout masks are fed to the graph each step (the same masks as eager steps draw); a step the tracer
   * cannot turn into a graph (unseeded dropout, any optimizer but Adam) stays eager, saying why in one log line.
   * @default false — new; opt in until it has trained the presets end to end
   */
  readonly graph?: boolean;
  /** Called after every gradient step, e.g. to draw a live loss curve. */
  readonly onBatchEnd?: (progress: BatchProgress) => void | Promise<void>;
  /** Called after every epoch, once validation is done. */
  readonly onEpochEnd?: (progress: EpochProgress) => void | Promise<void>;
}

/** The options with defaults filled in and the validation split carved out. `owned` are tensors the caller disposes. */
export interface TrainPlan {
  readonly train: LabelledData;
  readonly validation: LabelledData | undefined;
  readonly epochs: number;
  readonly batchSize: number;
  /** undefined: no early stopping. */
  readonly patience: number | undefined;
  readonly seed: number;
  readonly shuffle: boolean;
  readonly graph: boolean;
  readonly owned: Tensor[];
}

/** Checks every option against the model and the data; throws ConfigError naming the first bad one. */
export function planTraining(model: LayersModel, options: TrainOptions): TrainPlan {
  checkData(model, 'x', 'y', options);
  const epochs = checkInteger('epochs', options.epochs ?? DEFAULT_EPOCHS, 1, Number.MAX_SAFE_INTEGER);
  const seed = checkInteger('seed', options.seed ?? 0, 0, MAX_SEED);
  const count = options.x.shape[0]!;
  let trainCount = count;
  if (options.validation !== undefined && options.validationSplit !== undefined) {
    throw new ConfigError('validationSplit', options.validationSplit, 'undefined when `validation` is given (use one or the other)');
  }
  if (options.validation !== undefined) checkData(model, 'validation.x', 'validation.y', options.validation);
  if (options.validationSplit !== undefined) {
    const split = options.validationSplit;
    trainCount = count - Math.round(count * split);
    if (!(split > 0 && split < 1) || trainCount < 1 || trainCount === count) {
      throw new ConfigError('validationSplit', split, `a fraction in (0, 1) that leaves examples on both sides of the ${count}`);
    }
  }
  const batchSize = checkInteger('batchSize', options.batchSize ?? DEFAULT_BATCH_SIZE, 1, trainCount);
  const hasValidation = options.validation !== undefined || options.validationSplit !== undefined;
  const patience = checkInteger('patience', options.patience ?? 0, 0, Number.MAX_SAFE_INTEGER) || undefined;
  if (patience !== undefined && !hasValidation) {
    throw new ConfigError('patience', patience, '0 or undefined unless `validation` or `validationSplit` is given: early stopping watches val_loss');
  }
  if (options.graph !== undefined && typeof options.graph !== 'boolean') throw new ConfigError('graph', options.graph, 'true or false');
  const plan = { epochs, batchSize, patience, seed, shuffle: options.shuffle ?? true, graph: options.graph ?? false };
  if (options.validationSplit === undefined) return { ...plan, train: options, validation: options.validation, owned: [] };
  const split = (t: Tensor, start: number, size: number) => t.slice(start, size);
  const train = { x: split(options.x, 0, trainCount), y: split(options.y, 0, trainCount) };
  const validation = { x: split(options.x, trainCount, count - trainCount), y: split(options.y, trainCount, count - trainCount) };
  return { ...plan, train, validation, owned: [train.x, train.y, validation.x, validation.y] };
}

function checkInteger(parameter: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
    throw new ConfigError(parameter, value, `an integer ${range}`);
  }
  return value;
}

/** x must fit the model's input; y must have one row per x row and fit the output (or be one class index per row). */
function checkData(model: LayersModel, xName: string, yName: string, data: LabelledData): void {
  const expectedX = model.inputs[0]!.shape.slice(1);
  const foundX = data.x.shape.slice(1);
  const fits = (found: number[], expected: Array<number | null>) =>
    found.length === expected.length && found.every((d, i) => expected[i] === null || expected[i] === d);
  if (data.x.shape[0] === 0 || !fits(foundX, expectedX)) {
    throw new ShapeError(`${xName}.shape`, data.x.shape, `[n ≥ 1, ${expectedX.join(', ')}] to fit the model's input`);
  }
  if (data.y.shape[0] !== data.x.shape[0]) {
    throw new ShapeError(`${yName}.shape`, data.y.shape, `${data.x.shape[0]} rows, one per row of ${xName}`);
  }
  const expectedY = model.outputs[0]!.shape.slice(1);
  const foundY = data.y.shape.slice(1);
  if (!fits(foundY, expectedY) && !(foundY.length === 0 && expectedY.length === 1)) {
    throw new ShapeError(`${yName}.shape`, data.y.shape, `[n, ${expectedY.join(', ')}] (or [n] class indices) to fit the model's output`);
  }
}
