// What each measuring process (tfjs-worker.ts, keras_worker.py) prints as its last stdout line, as JSON.
import type { TrainingExecutor } from '../../lib/config/schema';
import type { ModelKind } from './settings';

export type Side = 'tfjs' | 'keras';

/** One layer as both sides describe it; the two lists must be equal for the comparison to mean anything. */
export interface LayerSignature {
  readonly name: string;
  /** Keras's class name (tfjs uses the same ones). */
  readonly kind: string;
  /** Without the batch dimension. */
  readonly outputShape: number[];
  readonly params: number;
  /** Activation, strides, padding, kernel size, filters/units, dropout rate: whatever the layer has. */
  readonly config: Record<string, string | number>;
}

/** What a worker's `describe` mode prints per model: enough to check the two sides build the same network. */
export interface ModelDescription {
  readonly model: ModelKind;
  readonly params: number;
  readonly layers: LayerSignature[];
}

export interface WorkerResult extends ModelDescription {
  readonly side: Side;
  /** tfjs only: the executor its training steps and inference ran on. */
  readonly executor?: TrainingExecutor;
  /** e.g. "tfjs-node 4.22.0 / libtensorflow 2.21.0" or "keras 3.x / tensorflow 2.21.0". */
  readonly runtime: string;
  readonly trainImages: number;
  /** One per timed epoch. */
  readonly trainSamplesPerSecond: number[];
  /** Mean training loss of each timed epoch: both sides should be learning the same task. */
  readonly trainLoss: number[];
  /** One per timed pass over the test images. */
  readonly inferenceImagesPerSecond: number[];
  readonly inferenceImages: number;
  /** Peak resident set of the whole process (runtime, data and training). */
  readonly peakRssMb: number;
  /** tfjs only: resident set at the end of each timed epoch, which must not climb. */
  readonly rssMbByEpoch?: number[];
  /** CPU time the process used (user + system), to tell our load from other processes'. */
  readonly cpuSeconds: number;
  /** tfjs only: live tensors at the end of the first timed epoch and of each later one. */
  readonly numTensors?: { readonly before: number; readonly after: number[] };
}
