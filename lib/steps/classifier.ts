// Notebook 03's steps: train (or reuse) the classifier on clean images, and measure it on clean and noisy ones.
import { join } from 'node:path';
import { saveModel } from '../artifacts/model-files';
import { CLASS_NAMES, type Split } from '../data/fashion-mnist';
import { holdOut } from '../data/subsets';
import { accuracy, confusionMatrix, perClassAccuracy } from '../metrics/index';
import type { CachedModel } from '../model-cache/index';
import { buildClassifier, labelTensor } from '../models/classifier';
import type { NotebookRun } from '../run/notebook-run';
import { writeProvenance } from '../run/provenance';
import { predictInBatches } from '../models/predict';
import { tf, type LayersModel, type Tensor } from '../tf';
import { noisyImages } from './noise';
import { trainForRun, trainWithView, type RunTraining } from './training-view';

/**
 * Trains the configured classifier on the training split (validation held out from it), or reuses the cached one:
 * 'classifier' on clean images for `classifier.epochs`, or the alternative 'classifier-noisy' on the same images
 * with the run's noise for `composite.noisyRetrainEpochs`. What it trains on follows from the name and the config
 * alone, as its cache record does.
 */
export async function trainClassifier(run: NotebookRun, train: Split, name: 'classifier' | 'classifier-noisy' = 'classifier'): Promise<RunTraining> {
  return trainForRun(run, name, async (config) => {
    const { classifier, data, seed } = config;
    const epochs = name === 'classifier' ? classifier.epochs : config.composite.noisyRetrainEpochs;
    const images = name === 'classifier' ? train.images : noisyImages(train.images, config, 'train');
    const parts = holdOut({ images, labels: train.labels }, data.validationSplit);
    if (images !== train.images) images.dispose();
    const y = labelTensor(parts.train.labels);
    const validationY = labelTensor(parts.validation.labels);
    try {
      const model = buildClassifier({ architecture: classifier.architecture, learningRate: classifier.learningRate, seed });
      const history = await trainWithView(model, {
        training: name, epochs, batchSize: classifier.batchSize, executor: config.training.executor, patience: classifier.patience, seed, metric: 'acc', runDir: run.runDir,
        train: { x: parts.train.images, y }, validation: { x: parts.validation.images, y: validationY },
      });
      return { model, history };
    } finally {
      tf.dispose([y, validationY, parts.train.images, parts.validation.images]);
    }
  });
}

/**
 * Saves a trained model into the run folder (`<runDir>/models/<name>`), where later notebooks load it, with the
 * record of what it was trained with (lib/run/provenance.ts), which they check before using it.
 */
export async function saveRunModel(run: NotebookRun, name: 'classifier' | 'autoencoder', trained: RunTraining): Promise<string> {
  const dir = join(run.runDir, 'models', name);
  await saveModel(trained.model, dir);
  writeProvenance(run, name, { code: String(trained.record.code), cacheEntry: trained.dir });
  return dir;
}

export interface ClassifierEvaluation {
  readonly accuracy: number;
  readonly perClass: number[];
  /** Rows: true class; columns: predicted class. */
  readonly confusion: number[][];
  readonly predicted: Int32Array;
}

/** Predicts every image of `split` and scores the predictions. */
export function evaluateClassifier(model: LayersModel, split: Split): ClassifierEvaluation {
  const predicted = tf.tidy(() => {
    const probabilities = predictInBatches(model, split.images);
    return (probabilities.argMax(-1) as Tensor).dataSync();
  });
  const labels = Int32Array.from(predicted);
  return {
    accuracy: accuracy(labels, split.labels),
    perClass: perClassAccuracy(labels, split.labels),
    confusion: confusionMatrix(labels, split.labels),
    predicted: labels,
  };
}

/** One row per class with its accuracy under each named evaluation. */
export function perClassTable(evaluations: Readonly<Record<string, ClassifierEvaluation>>): Record<string, string | number>[] {
  return CLASS_NAMES.map((className, label) => ({
    class: className,
    ...Object.fromEntries(Object.entries(evaluations).map(([name, evaluation]) => [name, evaluation.perClass[label] ?? Number.NaN])),
  }));
}

/** The classifier section of results.json and notebook 03's conclusion. */
export function classifierConclusion(run: NotebookRun, trained: CachedModel, clean: ClassifierEvaluation, noisy: ClassifierEvaluation) {
  const { history } = trained;
  const record = {
    architecture: run.config.classifier.architecture,
    clean_accuracy: clean.accuracy,
    noisy_accuracy: noisy.accuracy,
    per_class_clean: clean.perClass,
    per_class_noisy: noisy.perClass,
    epochs_run: history.epochsRun,
    loss_curve: history.loss,
    val_loss_curve: history.valLoss,
    best_epoch: history.bestEpoch,
    train_seconds: history.wallTimeSeconds,
    samples_per_s: history.samplesPerSecond,
    reused_from_cache: trained.fromCache,
  };
  const drop = (clean.accuracy - noisy.accuracy) * 100;
  const conclusion =
    `The ${record.architecture.toUpperCase()} trained on clean images scores ${clean.accuracy.toFixed(4)} on clean test images ` +
    `and ${noisy.accuracy.toFixed(4)} on noisy ones: the noise costs ${drop.toFixed(1)} points of accuracy.`;
  return { record, conclusion };
}
