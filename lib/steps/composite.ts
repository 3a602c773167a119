// Notebook 05's steps: chain the saved autoencoder and classifier, check the saved composite, and try the alternatives.
import { join } from 'node:path';
import { loadModel, loadWeights, saveModel } from '../artifacts/model-files';
import { CLASS_NAMES, type FashionMnist } from '../data/fashion-mnist';
import { holdOut } from '../data/subsets';
import { imageGrid, labelCaptions, type DisplayBundle } from '../display/index';
import { trainingCodeVersion, type CachedModel } from '../model-cache/index';
import { buildAutoencoder } from '../models/autoencoder';
import { buildClassifier, labelTensor } from '../models/classifier';
import { buildComposite } from '../models/composite';
import { predictsOn } from '../models/executor';
import type { NotebookRun } from '../run/notebook-run';
import { RUN_MODELS, type RunModelName } from '../run/results';
import { predictInBatches } from '../models/predict';
import { checkRunModel, checkRunModels, writeProvenance } from '../run/provenance';
import { tf, type LayersModel, type Tensor4D } from '../tf';
import { trainClassifier } from './classifier';
import { noisyImages } from './noise';
import { trainForRun, trainWithView, type RunTraining } from './training-view';

const GRID_IMAGES = 20;
/** Images compared between the composite in memory and its reloaded copies: enough to catch any weight mix-up. */
const RELOAD_CHECK_IMAGES = 1000;

/**
 * Loads a model an earlier notebook saved in this run folder, after checking that it was trained with this
 * notebook's parameters (RunMismatchError otherwise), or says which notebook to run. It predicts on the run's
 * `training.executor`.
 */
export async function loadRunModel(run: NotebookRun, name: RunModelName): Promise<LayersModel> {
  checkRunModel(run, name);
  const dir = join(run.runDir, 'models', name);
  const model = await loadModel(dir, { remedy: `Run notebook ${RUN_MODELS[name]} with runDir '${run.runDir}' first (or rerun it to retrain).` });
  return predictsOn(model, run.config.training.executor);
}

/** Noisy inputs with the composite's predictions as captions: green when right, red with the truth when wrong. */
export async function predictionGrid(noisy: Tensor4D, labels: Int32Array, predicted: Int32Array): Promise<DisplayBundle> {
  const count = Math.min(GRID_IMAGES, labels.length);
  const images = noisy.slice(0, count);
  try {
    const half = Math.ceil(count / 2);
    const captions = labelCaptions(predicted.subarray(0, count), labels.subarray(0, count), CLASS_NAMES);
    const row = (title: string, from: number, to: number) => ({
      title,
      images: images.slice(from, to - from) as Tensor4D,
      captions: captions.captions.slice(from, to),
      captionColors: captions.captionColors.slice(from, to),
    });
    const rows = [row(`noisy test images 1–${half}`, 0, half), row(`noisy test images ${half + 1}–${count}`, half, count)];
    try {
      return await imageGrid(rows);
    } finally {
      rows.forEach((r) => r.images.dispose());
    }
  } finally {
    images.dispose();
  }
}

/**
 * Saves the composite (whole model, and its weights on their own) to `<runDir>/models/composite`, reloads it both
 * ways — the whole model, and the weights into a composite of freshly initialised parts — and returns the largest
 * difference between each reloaded copy's class probabilities and the original's.
 */
export async function saveAndReloadComposite(run: NotebookRun, composite: LayersModel, noisy: Tensor4D) {
  const dir = join(run.runDir, 'models', 'composite');
  const saved = await saveModel(composite, dir);
  writeProvenance(run, 'composite', { code: trainingCodeVersion(), parents: parentHashes(run) });
  const wholeModel = await loadModel(dir);
  const { autoencoder, classifier } = run.config;
  const rebuilt = buildComposite(
    buildAutoencoder({ architecture: autoencoder.architecture, loss: autoencoder.loss }),
    buildClassifier({ architecture: classifier.architecture }),
  );
  const sample = noisy.slice(0, Math.min(RELOAD_CHECK_IMAGES, noisy.shape[0]));
  try {
    loadWeights(rebuilt, dir);
    const maxDifference = (model: LayersModel): number =>
      tf.tidy(() => predictInBatches(model, sample).sub(predictInBatches(composite, sample)).abs().max().dataSync()[0] ?? Number.NaN);
    return { dir, weightsBytes: saved.weightsBytes, maxAbsDiffWholeModel: maxDifference(wholeModel), maxAbsDiffWeightsOnly: maxDifference(rebuilt) };
  } finally {
    sample.dispose();
    wholeModel.dispose();
    rebuilt.dispose();
  }
}

/** The alternative a user would try first: the classifier retrained on noisy images, no denoising. */
export async function retrainClassifierOnNoisy(run: NotebookRun, data: FashionMnist): Promise<CachedModel | undefined> {
  if (run.config.composite.noisyRetrainEpochs === 0) return undefined;
  return trainClassifier(run, data.train, 'classifier-noisy');
}

/** The saved classifier's and autoencoder's weight hashes, checked against this run's parameters. */
function parentHashes(run: NotebookRun): Record<string, string> {
  const { autoencoder, classifier } = checkRunModels(run, ['autoencoder', 'classifier']);
  return { autoencoder: autoencoder.weights_sha256, classifier: classifier.weights_sha256 };
}

/**
 * The other alternative: the composite trained end to end on noisy images → labels, from the saved parts. Its cache
 * entry is keyed on the parts' weights too: other parts, another fine-tuned model.
 */
export async function fineTuneComposite(run: NotebookRun, data: FashionMnist): Promise<RunTraining | undefined> {
  if (run.config.composite.fineTuneEpochs === 0) return undefined;
  const parents = parentHashes(run);
  return trainForRun(run, 'composite-finetuned', async (config) => {
    const { classifier, data: dataConfig, seed } = config;
    const composite = buildComposite(await loadRunModel(run, 'autoencoder'), await loadRunModel(run, 'classifier'), { fineTune: true });
    const noisy = noisyImages(data.train.images, config, 'train');
    const parts = holdOut({ images: noisy, labels: data.train.labels }, dataConfig.validationSplit);
    noisy.dispose();
    const y = labelTensor(parts.train.labels);
    const validationY = labelTensor(parts.validation.labels);
    try {
      const history = await trainWithView(composite, {
        training: 'composite-finetuned', name: 'fine-tuned composite', executor: config.training.executor, epochs: config.composite.fineTuneEpochs, batchSize: classifier.batchSize, seed,
        metric: 'acc', runDir: run.runDir, train: { x: parts.train.images, y }, validation: { x: parts.validation.images, y: validationY },
      });
      return { model: composite, history };
    } finally {
      tf.dispose([y, validationY, parts.train.images, parts.validation.images]);
    }
  }, parents);
}
