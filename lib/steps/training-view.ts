// What a user sees while a model trains: a status line and live curves in the notebook, one line per epoch in logs.
import { lineChart, liveLineChart, show, trainingProgress } from '../display/index';
import type { LayersModel } from '../tf';
import type { PipelineConfig } from '../config/index';
import type { TrainingExecutor } from '../config/schema';
import { predictsOn } from '../models/executor';
import { trainingRecord, trainOrLoadCached, type CachedModel, type CacheRecord, type TrainedModel } from '../model-cache/index';
import { checkReadsRecorded, trackParameterReads } from '../run/parameter-reads';
import type { NotebookRun } from '../run/notebook-run';
import { TensorBoardLog } from '../run/tensorboard';
import { appendEpochEvent } from '../run/training-events';
import { trainModel, type BatchProgress, type EpochProgress, type LabelledData, type TrainingHistory } from '../training/train';

export interface TrainingView {
  readonly onBatchEnd: (progress: BatchProgress) => void;
  readonly onEpochEnd: (progress: EpochProgress) => Promise<void>;
  /** Draws the final state of the status line and the charts. */
  readonly close: () => Promise<void>;
}

export interface TrainingViewOptions {
  /** Names the model in titles and log lines, e.g. 'classifier'. */
  readonly name: string;
  readonly epochs: number;
  readonly trainExamples: number;
  readonly batchSize: number;
  /** Also chart this metric (tfjs's name, e.g. 'acc') beside the loss. */
  readonly metric?: string;
  /** Also append each epoch to this run folder's training-events.jsonl (what `npm start -- --live` follows). */
  readonly runDir?: string;
}

function formatEpoch(name: string, progress: EpochProgress): string {
  const parts = [`loss ${progress.loss.toFixed(4)}`];
  if (progress.valLoss !== undefined) parts.push(`val_loss ${progress.valLoss.toFixed(4)}`);
  for (const [key, value] of Object.entries(progress.metrics)) parts.push(`${key} ${value.toFixed(4)}`);
  for (const [key, value] of Object.entries(progress.valMetrics)) parts.push(`val_${key} ${value.toFixed(4)}`);
  const eta = progress.etaSeconds > 0 ? `, ETA ${Math.round(progress.etaSeconds)} s` : '';
  return `${name} epoch ${progress.epoch}/${progress.epochs}: ${parts.join(', ')} (${Math.round(progress.samplesPerSecond)} samples/s${eta})`;
}

/** Connects trainModel's hooks to a live status line, live loss (and metric) curves and per-epoch log lines. */
export function trainingView(options: TrainingViewOptions): TrainingView {
  const status = trainingProgress({ epochs: options.epochs, samplesPerEpoch: options.trainExamples });
  const lossChart = liveLineChart({ title: `${options.name}: loss`, yTitle: 'loss' });
  const metricChart = options.metric === undefined ? undefined : liveLineChart({ title: `${options.name}: ${options.metric}`, yTitle: options.metric });
  let eventsFailed = false;
  return {
    onBatchEnd: (progress) => {
      if (progress.batch === 1) status.onEpochBegin(progress.epoch - 1);
      const size = Math.min(options.batchSize, options.trainExamples - (progress.batch - 1) * options.batchSize);
      status.onBatchEnd(progress.batch - 1, { loss: progress.loss, size, ...progress.metrics });
    },
    onEpochEnd: async (progress) => {
      console.log(formatEpoch(options.name, progress));
      if (options.runDir !== undefined && !eventsFailed) {
        try {
          appendEpochEvent(options.runDir, {
            time: new Date().toISOString(), model: options.name, epoch: progress.epoch, epochs: progress.epochs, loss: progress.loss,
            ...(progress.valLoss === undefined ? {} : { val_loss: progress.valLoss }),
            metrics: progress.metrics, val_metrics: progress.valMetrics, samples_per_s: progress.samplesPerSecond,
          });
        } catch (error) {
          // A log for followers, like the live charts: its failure must not end the training.
          eventsFailed = true;
          console.warn(`warning: could not append to the run's training events (${(error as Error).message}); training goes on`);
        }
      }
      const valMetrics = Object.fromEntries(Object.entries(progress.valMetrics).map(([key, value]) => [`val_${key}`, value]));
      await status.onEpochEnd(progress.epoch - 1, { loss: progress.loss, ...(progress.valLoss === undefined ? {} : { val_loss: progress.valLoss }), ...progress.metrics, ...valMetrics });
      lossChart.update(progress.epoch, { loss: progress.loss, val_loss: progress.valLoss });
      if (metricChart && options.metric !== undefined) {
        metricChart.update(progress.epoch, { [options.metric]: progress.metrics[options.metric], [`val_${options.metric}`]: progress.valMetrics[options.metric] });
      }
    },
    close: async () => {
      await status.onTrainEnd();
      await lossChart.close();
      await metricChart?.close();
    },
  };
}

/**
 * Shows a trained model's loss (and metric) curves when it came from the cache: a model trained in this cell
 * already left its live curves above, in their final state.
 */
export async function showCachedCurves(trained: { fromCache: boolean; history: TrainingHistory }, name: string, metric?: string): Promise<void> {
  if (!trained.fromCache) return;
  const { history } = trained;
  await show(lineChart({ loss: history.loss, val_loss: history.valLoss }, { title: `${name}: loss (cached run)`, yTitle: 'loss' }));
  if (metric !== undefined && history.metrics[metric]) {
    const series = { [metric]: history.metrics[metric]!, [`val_${metric}`]: history.valMetrics[metric] ?? [] };
    await show(lineChart(series, { title: `${name}: ${metric} (cached run)`, yTitle: metric }));
  }
}

export interface ViewedTraining {
  /** Which of a run's trainings this is: names its TensorBoard folder, as in the model cache. */
  readonly training: TrainedModel;
  /** Names the model in titles and log lines. @default `training` */
  readonly name?: string;
  readonly train: LabelledData;
  /** undefined: the curves show the training loss alone. */
  readonly validation?: LabelledData;
  readonly epochs: number;
  readonly batchSize: number;
  /** 0 or undefined: no early stopping. */
  readonly patience?: number;
  readonly seed: number;
  /** Chart this metric beside the loss. */
  readonly metric?: string;
  /** The run folder whose training-events.jsonl gets one line per epoch. */
  readonly runDir?: string;
  /** How steps run: a run's trainings pass their `training.executor`. @default 'eager' */
  readonly executor?: TrainingExecutor;
}

/** Trains `model` with the live training view attached, and closes the view however training ends. */
export async function trainWithView(model: LayersModel, training: ViewedTraining): Promise<TrainingHistory> {
  const { name = training.training, train, validation, epochs, batchSize, patience, seed, metric, runDir, executor = 'eager' } = training;
  const view = trainingView({ name, epochs, trainExamples: train.x.shape[0] ?? 0, batchSize, metric, runDir });
  const tensorBoard = runDir === undefined ? undefined : tensorBoardWriter(() => new TensorBoardLog(runDir, training.training));
  try {
    return await trainModel(model, {
      x: train.x, y: train.y, validation, epochs, batchSize, patience, seed, graph: executor === 'graph', onBatchEnd: view.onBatchEnd,
      onEpochEnd: async (progress) => {
        tensorBoard?.((log) => log.epoch(progress, model));
        await view.onEpochEnd(progress);
      },
    });
  } finally {
    await view.close();
  }
}

/** A run's training, trained or reused, with the cache record it is stored under. */
export type RunTraining = CachedModel & { readonly record: CacheRecord };

/**
 * trainOrLoadCached for one of a run's trainings. `train` gets the run's configuration through a view that notes
 * what it reads: a parameter read but missing from the cache record stops the training before anything is cached.
 * `parents` (a model trained from other models) joins the record, so other parents mean another entry. A model
 * reused from the cache writes its stored history into the run's TensorBoard folder, so every run folder holds the
 * curves of all its models. Either way the model predicts on the run's `training.executor`.
 */
export async function trainForRun(
  run: NotebookRun,
  training: TrainedModel,
  train: (config: PipelineConfig) => Promise<{ model: LayersModel; history: TrainingHistory }>,
  parents?: Readonly<Record<string, string>>,
): Promise<RunTraining> {
  const base = trainingRecord(training, run.config);
  const record = parents === undefined ? base : { ...base, parents };
  const trainTracked = async () => {
    const tracked = trackParameterReads(run.config);
    const trained = await train(tracked.config);
    try {
      checkReadsRecorded(training, tracked.reads(), base.parameters as Record<string, unknown>);
    } catch (error) {
      trained.model.dispose();
      throw error;
    }
    return trained;
  };
  const trained = await trainOrLoadCached(training, record, trainTracked, { reuse: run.cache });
  predictsOn(trained.model, run.config.training.executor);
  if (trained.fromCache) tensorBoardWriter(() => new TensorBoardLog(run.runDir, training))?.((log) => log.replay(trained.history, trained.model));
  return { ...trained, record };
}

/**
 * Runs writes to a TensorBoard log until one fails; then warns once and writes no more. A log is for looking at
 * the training, like the live charts: its failure (a full disk, say) must not end the training.
 */
function tensorBoardWriter(open: () => TensorBoardLog): ((write: (log: TensorBoardLog) => void) => void) | undefined {
  let log: TensorBoardLog | undefined;
  const warn = (error: unknown) => console.warn(`warning: could not write the TensorBoard log (${(error as Error).message}); training goes on without it`);
  try {
    log = open();
  } catch (error) {
    warn(error);
    return undefined;
  }
  return (write) => {
    if (log === undefined) return;
    try {
      write(log);
    } catch (error) {
      warn(error);
      log = undefined;
    }
  };
}
