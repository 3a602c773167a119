// Small models and clean-up for the model, training and artifact tests.
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
