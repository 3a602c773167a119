// A blind training on a small subset: one autoencoder's reconstruction error falls on every noise type at once.
import { strict as assert } from 'node:assert';
import { loadFashionMnist } from '../../lib/data/fashion-mnist';
import { mse } from '../../lib/metrics/index';
import { buildAutoencoder } from '../../lib/models/autoencoder';
import { predictInBatches } from '../../lib/models/predict';
import { addBlindNoise } from '../../lib/noise/blind';
import { addNoise, NOISE_TYPES } from '../../lib/noise/noise';
import { tf, type LayersModel, type Tensor4D } from '../../lib/tf';
import { trainModel } from '../../lib/training/train';
import { disposeModel } from '../helpers/models';

const TRAIN_IMAGES = 1024;
const CHECK_IMAGES = 200;

/** Mean squared error of the model's output against the clean images, per noise type at its typical level. */
function errorByType(model: LayersModel, clean: Tensor4D): Record<string, number> {
  return Object.fromEntries(
    NOISE_TYPES.map((info) => [
      info.type,
      tf.tidy(() => mse(clean, predictInBatches(model, addNoise(clean, { type: info.type, level: info.typicalLevel, seed: 3 })) as Tensor4D).mean),
    ]),
  );
}

describe('blind training', function () {
  this.timeout(120_000);

  it('lowers the reconstruction error on every noise type, each at its typical level, on images it did not train on', async () => {
    const data = loadFashionMnist({ trainSize: TRAIN_IMAGES, testSize: CHECK_IMAGES });
    const [train, check] = [data.train.images, data.test.images];
    const model = buildAutoencoder({ architecture: 'tutorial', loss: 'meanSquaredError', learningRate: 0.01, seed: 1 });
    const noisy = addBlindNoise(train, { seed: 1 });
    try {
      const before = errorByType(model, check);
      await trainModel(model, { x: noisy, y: train, epochs: 3, batchSize: 64, seed: 1 });
      const after = errorByType(model, check);
      for (const info of NOISE_TYPES) {
        assert.ok(after[info.type]! < 0.8 * before[info.type]!, `${info.type} ${info.typicalLevel}: MSE ${before[info.type]} → ${after[info.type]}, expected at least 20% lower`);
      }
    } finally {
      disposeModel(model);
      tf.dispose([train, check, noisy]);
    }
  });
});
