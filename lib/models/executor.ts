// The executor a model predicts on, 'eager' or 'graph' (lib/models/predict.ts). A run's steps set it from the run's
// `training.executor` where they hand a model out (trained, reused from the cache, or loaded from the run folder), so
// every later prediction with that model, a notebook's or a step's, runs as the run says without each call naming it.
import type { TrainingExecutor } from '../config/schema';
import type { LayersModel } from '../tf';

// Keyed weakly: a disposed and forgotten model takes its entry with it.
const executors = new WeakMap<LayersModel, TrainingExecutor>();

/** Makes `model` predict on `executor` from now on; returns the model. */
export function predictsOn<T extends LayersModel>(model: T, executor: TrainingExecutor): T {
  executors.set(model, executor);
  return model;
}

/** What `model` predicts on: what predictsOn set, else 'eager'. */
export function predictionExecutor(model: LayersModel): TrainingExecutor {
  return executors.get(model) ?? 'eager';
}
