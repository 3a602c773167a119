// Seeded dropout masks as inputs of a step: JavaScript draws each step's multipliers before the step, exactly as the
// layers would draw them during it, and the step feeds them like the batch. A graph cannot hold them as constants,
// since they change every step.
import { SeededDropout } from '../../models/seeded-dropout';
import { tf, type LayersModel, type Tensor } from '../../tf';
import type { Named } from './step-layout';

export interface DrawnMasks {
  /** One input per layer that drew ahead, keyed `mask0`, `mask1`, … in the order of the model's layers. */
  readonly inputs: readonly Named[];
  /** Frees the multipliers and has every layer forget them; call after the step, however it ended. */
  release(): void;
}

/** The seeded dropout layers of `model`, nested models included, in the order the model lists them. */
export function seededDropouts(model: LayersModel): SeededDropout[] {
  return model.layers.flatMap((layer) => {
    if (layer instanceof SeededDropout) return layer.seeded ? [layer] : [];
    return layer instanceof tf.LayersModel ? seededDropouts(layer) : [];
  });
}

/** The multipliers of the next step of `layers` on a batch of `batchSize`. */
export function drawMasks(layers: readonly SeededDropout[], batchSize: number): DrawnMasks {
  const drawn = layers.flatMap((layer) => {
    const tensor = layer.drawAhead(batchSize);
    return tensor === undefined ? [] : [{ layer, tensor }];
  });
  return {
    inputs: drawn.map(({ tensor }, i) => ({ key: `mask${i}`, tensor })),
    release() {
      drawn.forEach(({ layer, tensor }) => (layer.clearAhead(), tensor.dispose()));
    },
  };
}
