// A live training status line: one line updated in place in tslab, plain lines (throttled) everywhere else.
import { textBundle } from './bundle';
import { isInsideTslab, liveOutput, type LiveOutput } from './jupyter';
import { formatProgress, type ProgressState } from './progress-format';
import { Throttle } from './throttle';

type Logs = Readonly<Record<string, number>>;

export interface TrainingProgressOptions {
  readonly epochs: number;
  /** Training samples per epoch, for the batch bar and the ETA. */
  readonly samplesPerEpoch: number;
  /**
   * Shortest time between two updates (epoch ends always update).
   * @default 500 in tslab (one line redrawn in place), 10000 elsewhere (each update is a new line in a log)
   */
  readonly throttleMs?: number;
  /** Where updates go. @default a new in-place output of the running cell */
  readonly output?: LiveOutput;
}

/**
 * Training status as a tfjs callback object: `model.fit(x, y, { epochs, callbacks: [progress] })`.
 * A hand-written loop calls the same hooks; batch logs carry `size`, the batch's sample count, as in tfjs.
 */
export interface TrainingProgress {
  readonly onEpochBegin: (epoch: number) => void;
  readonly onBatchEnd: (batch: number, logs?: Logs) => void;
  readonly onEpochEnd: (epoch: number, logs?: Logs) => Promise<void>;
  /** Shows the final line (epochs, total time, last logs) and waits for it. */
  readonly onTrainEnd: () => Promise<void>;
}

/** Creates a {@link TrainingProgress}; the clock starts at the first epoch. */
export function trainingProgress(options: TrainingProgressOptions): TrainingProgress {
  const output = options.output ?? liveOutput();
  let startedAt: number | undefined;
  let state: ProgressState = {
    epoch: 0,
    epochs: options.epochs,
    epochSamples: 0,
    samplesPerEpoch: options.samplesPerEpoch,
    totalSamples: 0,
    elapsedMs: 0,
    batchLogs: {},
    epochLogs: {},
    finished: false,
  };
  const throttle = new Throttle(
    () => output.update(textBundle(formatProgress(state))),
    options.throttleMs ?? (isInsideTslab() ? 500 : 10_000),
  );
  const advance = (change: Partial<ProgressState>): void => {
    startedAt ??= Date.now();
    state = { ...state, ...change, elapsedMs: Date.now() - startedAt };
    throttle.request();
  };
  return {
    onEpochBegin: (epoch) => advance({ epoch, epochSamples: 0 }),
    onBatchEnd: (_batch, logs = {}) => {
      const size = logs['size'] ?? 0;
      advance({ epochSamples: state.epochSamples + size, totalSamples: state.totalSamples + size, batchLogs: logs });
    },
    onEpochEnd: (epoch, logs = {}) => {
      advance({ epoch, epochLogs: logs });
      return throttle.flush();
    },
    onTrainEnd: () => {
      advance({ finished: true });
      return throttle.flush();
    },
  };
}
