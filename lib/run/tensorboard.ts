// TensorBoard event files for every training, written by tfjs-node's own summary writer, laid out as Keras's
// TensorBoard callback lays them out: `<model>/train` and `<model>/validation` with `epoch_<name>` tags, so loss and
// val_loss share one chart, and weight histograms under `train`.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tf, type LayersModel } from '../tf';
import type { EpochProgress, TrainingHistory } from '../training/train';

/** The run folder's subfolder TensorBoard reads, one folder per trained model inside it. */
export const TENSORBOARD_DIR = 'tensorboard';
const EVENT_FILE_MARK = 'tfevents';

type SummaryWriter = ReturnType<typeof tf.node.summaryFileWriter>;

/** What one epoch logs, train side and validation side: the parts of trainModel's epoch progress a log keeps. */
export type EpochSummary = Pick<EpochProgress, 'epoch' | 'loss' | 'valLoss' | 'metrics' | 'valMetrics' | 'samplesPerSecond'>;

/** `<runDir>/tensorboard/<model>`: e.g. runs/2026-11-30_01-00-00/tensorboard/autoencoder. */
export function tensorBoardDir(runDir: string, model: string): string {
  return join(runDir, TENSORBOARD_DIR, model.replace(/[^\w.-]+/g, '-'));
}

/**
 * How many logs this process has opened per model folder. tfjs-node keeps one writer per logdir string for the life
 * of the process and cannot close it, so a training that replaces an earlier one of this process (a cell rerun in
 * JupyterLab) writes through a new string for the same folder, e.g. `…/train/./`, into a new file.
 */
const opened = new Map<string, number>();

/** The event files of one model's training in a run folder. */
export class TensorBoardLog {
  private readonly train: SummaryWriter;
  private readonly validation: SummaryWriter;

  /**
   * Opens `<runDir>/tensorboard/<model>`. Event files already there are removed first: they belong to a model this
   * training replaces, and TensorBoard would draw both curves over the same steps.
   */
  constructor(runDir: string, model: string) {
    const dir = tensorBoardDir(runDir, model);
    const generation = opened.get(dir) ?? 0;
    opened.set(dir, generation + 1);
    const train = join(dir, 'train');
    const validation = join(dir, 'validation');
    for (const folder of [train, validation]) removeEventFiles(folder);
    const distinct = (folder: string) => `${folder}/${'./'.repeat(generation)}`;
    this.train = tf.node.summaryFileWriter(distinct(train));
    this.validation = tf.node.summaryFileWriter(distinct(validation));
  }

  /** One epoch's scalars, the optimizer's learning rate, and a histogram of every weight of `model`. */
  epoch(summary: EpochSummary, model: LayersModel): void {
    try {
      this.scalars(summary, learningRateOf(model));
      this.histograms(model, summary.epoch);
    } finally {
      this.flush(); // what was queued before a failed write still reaches the file
    }
  }

  /**
   * A cached model's stored history, epoch by epoch, so every run folder has its trainings' curves. Only the final
   * weights exist, so the histograms are written at the last epoch alone.
   */
  replay(history: TrainingHistory, model: LayersModel): void {
    const at = (values: readonly number[] | undefined, epoch: number) => values?.[epoch - 1];
    const pick = (series: Readonly<Record<string, number[]>>, epoch: number) =>
      Object.fromEntries(Object.entries(series).flatMap(([name, values]) => (at(values, epoch) === undefined ? [] : [[name, at(values, epoch)!]])));
    try {
      for (let epoch = 1; epoch <= history.loss.length; epoch++) {
        this.scalars({
          epoch, loss: at(history.loss, epoch)!, valLoss: at(history.valLoss, epoch), metrics: pick(history.metrics, epoch), valMetrics: pick(history.valMetrics, epoch),
          // Histories cached before the per-epoch figure existed carry the whole training's.
          samplesPerSecond: at(history.samplesPerSecondByEpoch, epoch) ?? history.samplesPerSecond,
        }, learningRateOf(model));
      }
      // After early stopping restored the best epoch's weights, those are the weights the histograms show.
      this.histograms(model, history.restoredBestWeights ? history.bestEpoch : history.loss.length);
    } finally {
      this.flush();
    }
  }

  private scalars(summary: EpochSummary, learningRate: number | undefined): void {
    const step = summary.epoch;
    this.train.scalar('epoch_loss', summary.loss, step);
    for (const [name, value] of Object.entries(summary.metrics)) this.train.scalar(`epoch_${name}`, value, step);
    this.train.scalar('epoch_samples_per_s', summary.samplesPerSecond, step);
    if (learningRate !== undefined) this.train.scalar('epoch_learning_rate', learningRate, step);
    if (summary.valLoss !== undefined) this.validation.scalar('epoch_loss', summary.valLoss, step);
    for (const [name, value] of Object.entries(summary.valMetrics)) this.validation.scalar(`epoch_${name}`, value, step);
  }

  private histograms(model: LayersModel, step: number): void {
    for (const weight of model.weights) {
      const values = weight.read();
      // tfjs-node 4.22 cannot bucket a tensor whose values are all equal (it concatenates scalars and throws), e.g.
      // a bias before its first step: that weight's histogram waits for an epoch where it has a spread.
      if (tf.tidy(() => values.max().sub(values.min()).dataSync()[0]!) > 0) this.train.histogram(weight.name, values, step);
    }
  }

  private flush(): void {
    this.train.flush();
    this.validation.flush();
  }
}

function learningRateOf(model: LayersModel): number | undefined {
  const rate = (model.optimizer as { learningRate?: unknown } | undefined)?.learningRate;
  return typeof rate === 'number' ? rate : undefined;
}

function removeEventFiles(folder: string): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return; // nothing written there yet
  }
  for (const name of names) if (name.includes(EVENT_FILE_MARK)) rmSync(join(folder, name), { force: true });
}
