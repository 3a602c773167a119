// What the progress hooks receive, and the clock that measures throughput and estimates time left.
/** After each gradient step. Epochs and batches count from 1. */
export interface BatchProgress {
  readonly epoch: number;
  readonly epochs: number;
  readonly batch: number;
  readonly batches: number;
  /** Loss of this batch alone. */
  readonly batchLoss: number;
  /** Mean loss over this epoch's batches so far (what Keras's progress bar shows). */
  readonly loss: number;
  /** Mean training metrics over this epoch so far, by tfjs's names ('acc'). */
  readonly metrics: Readonly<Record<string, number>>;
  /** Training examples per second of training-step time, since the run began. */
  readonly samplesPerSecond: number;
  /** Estimated seconds left if every epoch runs (early stopping can only shorten it). */
  readonly etaSeconds: number;
}

/** After each epoch, once validation is done. */
export interface EpochProgress {
  readonly epoch: number;
  readonly epochs: number;
  readonly loss: number;
  readonly valLoss: number | undefined;
  readonly metrics: Readonly<Record<string, number>>;
  readonly valMetrics: Readonly<Record<string, number>>;
  /** The epoch with the lowest val_loss so far (lowest loss without validation). */
  readonly bestEpoch: number;
  readonly samplesPerSecond: number;
  readonly etaSeconds: number;
  readonly elapsedSeconds: number;
}

/** Measures training-step time and validation time separately, so the ETA accounts for both. */
export class ProgressClock {
  private readonly start = performance.now();
  private stepSeconds = 0;
  private validationSeconds = 0;
  private samples = 0;

  constructor(
    private readonly samplesPerEpoch: number,
    private readonly epochs: number,
  ) {}

  /** Times `work` as training-step time covering `samples` examples. */
  step<T>(samples: number, work: () => T): T {
    const begin = performance.now();
    const result = work();
    this.stepSeconds += (performance.now() - begin) / 1000;
    this.samples += samples;
    return result;
  }

  /** Times `work` as validation time. */
  validate<T>(work: () => T): T {
    const begin = performance.now();
    const result = work();
    this.validationSeconds += (performance.now() - begin) / 1000;
    return result;
  }

  get samplesPerSecond(): number {
    return this.stepSeconds > 0 ? this.samples / this.stepSeconds : 0;
  }

  get elapsedSeconds(): number {
    return (performance.now() - this.start) / 1000;
  }

  /** `epochsDone` epochs have finished validation; time left = remaining steps + remaining validations. */
  etaSeconds(epochsDone: number): number {
    const remainingSamples = this.samplesPerEpoch * this.epochs - this.samples;
    const stepEta = this.samplesPerSecond > 0 ? remainingSamples / this.samplesPerSecond : 0;
    const validationEta = epochsDone > 0 ? (this.validationSeconds / epochsDone) * (this.epochs - epochsDone) : 0;
    return stepEta + validationEta;
  }
}
