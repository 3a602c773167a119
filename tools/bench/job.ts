// What the orchestrator hands each measuring process, and the warm-up size both sides use.
import type { TrainingExecutor } from '../../lib/config/schema';
import type { BenchData } from './data';
import type { BenchSettings } from './settings';

export interface Job {
  readonly data: BenchData;
  readonly settings: BenchSettings;
  /** Keras only: run_eagerly=True, op by op as tfjs runs. @default false — Keras's compiled graph, as users run it */
  readonly eager?: boolean;
  /** tfjs only: how trainModel steps and predictInBatches runs (lib's `training.executor`). @default 'eager' */
  readonly executor?: TrainingExecutor;
}

/**
 * Two full batches plus the ragged last batch of an n-image epoch: every batch shape the timed epochs will see
 * (Keras traces one graph per shape; tfjs sets kernels up on first use). keras_worker.py computes the same.
 */
export function warmUpCount(n: number, batchSize: number): number {
  return Math.min(n, 2 * batchSize + (n % batchSize));
}
