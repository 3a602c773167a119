// Notebook 04's steps: train (or reuse) the denoising autoencoder noisy → clean, and measure what it restores.
import type { PipelineConfig } from '../config/index';
import { CLASS_NAMES, type FashionMnist } from '../data/fashion-mnist';
import { firstOfEachClass, gatherImages, holdOutForEarlyStopping } from '../data/subsets';
import { imageGrid, type DisplayBundle } from '../display/index';
import type { CachedModel } from '../model-cache/index';
import { binaryCrossentropy } from '../metrics/index';
import { buildAutoencoder } from '../models/autoencoder';
import type { NotebookRun } from '../run/notebook-run';
import { predictInBatches } from '../models/predict';
import { tf, type LayersModel, type Tensor4D } from '../tf';
import { autoencoderTrainingInputs, noisyImages, type QualitySummary } from './noise';
import { trainForRun, trainWithView, type RunTraining } from './training-view';

/**
 * Trains the configured autoencoder to map noisy training images to their clean originals, or reuses the cached one.
 * With `autoencoder.patience` 0 it trains on every training image, as the Keras-tutorial projects did, and reports
 * its training loss alone (holdOutForEarlyStopping). With `noise.training` 'blind' its inputs, validation ones
 * included, carry every noise type at a range of levels (autoencoderTrainingInputs).
 */
export async function trainAutoencoder(run: NotebookRun, data: FashionMnist): Promise<RunTraining> {
  return trainForRun(run, 'autoencoder', async (config) => {
    const { autoencoder, data: dataConfig, seed } = config;
    const noisy = autoencoderTrainingInputs(data.train.images, config);
    const noisyParts = holdOutForEarlyStopping({ images: noisy, labels: data.train.labels }, dataConfig.validationSplit, autoencoder.patience);
    const cleanParts = holdOutForEarlyStopping(data.train, dataConfig.validationSplit, autoencoder.patience);
    noisy.dispose();
    try {
      const model = buildAutoencoder({ architecture: autoencoder.architecture, learningRate: autoencoder.learningRate, loss: autoencoder.loss, seed });
      const history = await trainWithView(model, {
        training: 'autoencoder', epochs: autoencoder.epochs, executor: config.training.executor, batchSize: autoencoder.batchSize, patience: autoencoder.patience, seed, runDir: run.runDir,
        train: { x: noisyParts.train.images, y: cleanParts.train.images },
        validation: noisyParts.validation && cleanParts.validation && { x: noisyParts.validation.images, y: cleanParts.validation.images },
      });
      return { model, history };
    } finally {
      for (const parts of [noisyParts, cleanParts]) tf.dispose([parts.train.images, ...(parts.validation ? [parts.validation.images] : [])]);
    }
  });
}

/**
 * Binary cross-entropy of the autoencoder's output against the clean images, as Keras reports it: on the noisy test
 * images (the number the Keras-tutorial projects publish) and on the noisy training images (one of them evaluated there).
 */
export function reconstructionCrossEntropy(autoencoder: LayersModel, data: FashionMnist, config: PipelineConfig): { test: number; train: number } {
  const score = (clean: Tensor4D, split: 'train' | 'test') => {
    const noisy = noisyImages(clean, config, split);
    let denoised: Tensor4D | undefined;
    try {
      denoised = denoise(autoencoder, noisy);
      return binaryCrossentropy(clean, denoised).mean;
    } finally {
      tf.dispose([noisy, ...(denoised ? [denoised] : [])]);
    }
  };
  return { test: score(data.test.images, 'test'), train: score(data.train.images, 'train') };
}

/** The autoencoder's output for every image; the caller disposes it. */
export function denoise(autoencoder: LayersModel, images: Tensor4D): Tensor4D {
  return predictInBatches(autoencoder, images) as Tensor4D;
}

/** One test image per class: clean, noisy and denoised rows. */
export async function denoisingGrid(clean: Tensor4D, noisy: Tensor4D, denoised: Tensor4D, labels: Int32Array): Promise<DisplayBundle> {
  const indices = firstOfEachClass(labels);
  const rows = [
    { title: 'clean', images: gatherImages(clean, indices), captions: indices.map((index) => CLASS_NAMES[labels[index]!]!) },
    { title: 'noisy (autoencoder input)', images: gatherImages(noisy, indices) },
    { title: 'denoised (autoencoder output)', images: gatherImages(denoised, indices) },
  ];
  try {
    return await imageGrid(rows);
  } finally {
    rows.forEach((row) => row.images.dispose());
  }
}

/** The autoencoder section of results.json and notebook 04's conclusion. */
export function autoencoderConclusion(run: NotebookRun, trained: CachedModel, noisy: QualitySummary, denoised: QualitySummary, crossEntropy: { test: number; train: number }) {
  const { history } = trained;
  const record = {
    architecture: run.config.autoencoder.architecture,
    loss: run.config.autoencoder.loss,
    psnr_noisy_db: noisy.psnr_db,
    psnr_denoised_db: denoised.psnr_db,
    ssim_noisy: noisy.ssim,
    ssim_denoised: denoised.ssim,
    test_bce: crossEntropy.test,
    train_bce: crossEntropy.train,
    final_loss: history.loss[history.loss.length - 1],
    final_val_loss: history.valLoss[history.valLoss.length - 1],
    epochs_run: history.epochsRun,
    loss_curve: history.loss,
    val_loss_curve: history.valLoss,
    best_epoch: history.bestEpoch,
    train_seconds: history.wallTimeSeconds,
    samples_per_s: history.samplesPerSecond,
    reused_from_cache: trained.fromCache,
  };
  const conclusion =
    `The ${record.architecture} autoencoder takes the noisy test images from ${noisy.psnr_db.toFixed(1)} dB to ` +
    `${denoised.psnr_db.toFixed(1)} dB PSNR (${(denoised.psnr_db - noisy.psnr_db).toFixed(1)} dB) and SSIM from ${noisy.ssim.toFixed(3)} to ${denoised.ssim.toFixed(3)}; ` +
    `binary cross-entropy ${crossEntropy.test.toFixed(4)} on the test images, ${crossEntropy.train.toFixed(4)} on the training images.`;
  return { record, conclusion };
}
