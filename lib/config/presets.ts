// Presets (complete parameter sets) and profiles (what a quick smoke run shrinks).
import type { ParameterName, ParameterSet, ParameterValue, Profile } from './schema';

/** Our pipeline: convolutional classifier and autoencoder, at the accuracy-gap reference's noise. */
const DEFAULT_PRESET: ParameterSet = {
  'data.trainSize': 60_000,
  'data.testSize': 10_000,
  'data.validationSplit': 0.1, // 6000 images decide early stopping reliably; 54000 remain to learn from
  'noise.type': 'uniform', // the noise of the accuracy-gap reference, so the two presets compare directly
  'noise.level': 0.6,
  'noise.testLevel': 'same',
  'noise.training': 'fixed', // a specialist: the noise it is measured on is the noise it learned
  'noise.seed': 1,
  'classifier.architecture': 'cnn',
  'classifier.epochs': 20, // an upper bound: early stopping ends it sooner
  'classifier.batchSize': 128,
  'classifier.learningRate': 0.001, // Adam's default, stable for both designs
  'classifier.patience': 3, // validation accuracy of the CNN plateaus within 2–3 epochs
  'autoencoder.architecture': 'unet',
  'autoencoder.epochs': 20,
  'autoencoder.batchSize': 128,
  'autoencoder.learningRate': 0.001,
  'autoencoder.patience': 3,
  'autoencoder.loss': 'meanSquaredError', // optimises PSNR directly; measured 24.3 dB (docs/default-preset-design.md)
  'training.executor': 'graph', // 1.4–1.6× eager's training and inference (npm run bench, docs/performance.md)
  'composite.fineTuneEpochs': 2, // enough to show what end-to-end tuning adds, not a second training run
  'composite.noisyRetrainEpochs': 10, // with the classifier's early stopping; as many as the reference's classifier would get
  'evaluation.sweepLevels': [0.2, 0.4, 0.6, 0.8, 1.0],
  'evaluation.qualityImages': 1000, // tuning on 1000 images takes ~25 s and picks the same parameters as on 6000
  'evaluation.gridImages': 2000, // a fifth of the test set in each of 15 cells, where the classical winner (at times non-local means) runs
  'evaluation.gridTuningImages': 200, // 15 tunings: with 100 images and 1000 test images a cell took 2.5–5 s, the grid 62 s (docs/blind-denoising.md)
  seed: 42,
};

/** The accuracy-gap reference project, as published. */
const REFERENCE_PRESET: ParameterSet = {
  ...DEFAULT_PRESET,
  'autoencoder.loss': 'binaryCrossentropy',
  'data.validationSplit': 0.2,
  'classifier.architecture': 'mlp',
  'classifier.epochs': 30,
  'classifier.patience': 0, // the reference trained its classifier a fixed 30 epochs
  'autoencoder.architecture': 'dense',
  'autoencoder.epochs': 100,
  'autoencoder.patience': 5,
};

/**
 * The Keras-tutorial denoising projects, as published: their small convolutional autoencoder, gaussian noise σ 0.3,
 * binary cross-entropy, Adam 1e-3, batch 200, a fixed 10 epochs on all 60,000 training images. The classifier stays
 * the default CNN, so notebooks 03, 05 and 06 tell their story on this noise too.
 */
const TUTORIAL_PRESET: ParameterSet = {
  ...DEFAULT_PRESET,
  'noise.type': 'gaussian',
  'noise.level': 0.3,
  'autoencoder.architecture': 'tutorial',
  'autoencoder.loss': 'binaryCrossentropy',
  'autoencoder.batchSize': 200,
  'autoencoder.epochs': 10,
  'autoencoder.patience': 0, // no early stopping: the autoencoder then trains on every training image
  'evaluation.sweepLevels': [0.1, 0.2, 0.3, 0.4, 0.5], // the σ range the gaussian-noise projects span
};

/**
 * The default pipeline with one autoencoder for any noise: trained on every noise type at a range of levels each
 * (lib/noise/blind-plan.ts), measured at the default's uniform 0.6 like the specialist it stands beside.
 */
const BLIND_PRESET: ParameterSet = {
  ...DEFAULT_PRESET,
  'noise.training': 'blind',
  'autoencoder.architecture': 'residual-unet', // 1.2–3.0 dB above the image-predicting U-Net per cell (docs/blind-denoising.md)
  'autoencoder.epochs': 30, // an upper bound: on a subset its loss still fell at 10 epochs, where the specialist's levels off sooner
};

export const PRESETS: Readonly<Record<string, ParameterSet>> = {
  default: DEFAULT_PRESET,
  reference: REFERENCE_PRESET,
  tutorial: TUTORIAL_PRESET,
  blind: BLIND_PRESET,
};
export const PRESET_NAMES = Object.keys(PRESETS);

const SMOKE_EPOCHS = 1;

/** What a profile changes in a preset; `full` changes nothing. */
export function profileOverrides(profile: Profile, preset: ParameterSet): Partial<Record<ParameterName, ParameterValue>> {
  if (profile === 'full') return {};
  const atMost = (name: ParameterName, limit: number) => Math.min(preset[name] as number, limit);
  return {
    'data.trainSize': 1000,
    'data.testSize': 200,
    'data.validationSplit': 0.2,
    'classifier.epochs': SMOKE_EPOCHS,
    'autoencoder.epochs': SMOKE_EPOCHS,
    'composite.fineTuneEpochs': atMost('composite.fineTuneEpochs', SMOKE_EPOCHS),
    'composite.noisyRetrainEpochs': atMost('composite.noisyRetrainEpochs', SMOKE_EPOCHS),
    'evaluation.sweepLevels': [0.3, 0.6],
    'evaluation.qualityImages': 20,
    'evaluation.gridImages': 20,
    'evaluation.gridTuningImages': 10,
  };
}
