// Small models and clean-up for the model, training and artifact tests.
import { join } from 'node:path';
import { saveModel } from '../../lib/artifacts/model-files';
import { resolveConfig } from '../../lib/config/index';
import { buildAutoencoder } from '../../lib/models/autoencoder';
import type { AutoencoderArchitecture } from '../../lib/models/names';
import { writeProvenance } from '../../lib/run/provenance';
import { tf, type LayersModel } from '../../lib/tf';

/** Disposes the model and its optimizer (a model does not own an optimizer it was handed). */
export function disposeModel(model: LayersModel): void {
  model.optimizer?.dispose();
  model.dispose();
}

/** A 4 → 4 sigmoid layer trained with MSE: the smallest model trainModel accepts, for fast loop tests. */
export function tinyRegressor(seed = 1): LayersModel {
  const model = tf.sequential({
    layers: [tf.layers.dense({ inputShape: [4], units: 4, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed }) })],
  });
  model.compile({ optimizer: tf.train.adam(0.05), loss: 'meanSquaredError' });
  return model;
}

/** Every weight of the model as plain numbers, to compare models across saves and steps. */
export function weightValues(model: LayersModel): number[][] {
  return model.getWeights().map((weight) => Array.from(weight.dataSync()));
}

/**
 * Saves an untrained autoencoder of `architecture` as a run's models/autoencoder, with the provenance a notebook
 * writes for a training at gaussian σ 0.2 (or with `set`'s parameters): what `npm run denoise` reads the model's noise from.
 */
export async function saveRunAutoencoder(runDir: string, architecture: AutoencoderArchitecture, set: Record<string, string | number> = {}): Promise<void> {
  const model = buildAutoencoder({ architecture, seed: 1 });
  await saveModel(model, join(runDir, 'models', 'autoencoder'));
  disposeModel(model);
  const config = resolveConfig({ preset: 'tutorial', set: { 'noise.level': 0.2, 'autoencoder.architecture': architecture, ...set } });
  writeProvenance({ config, runDir, cache: true, compare: 'complete' }, 'autoencoder', { code: 'test' });
}
