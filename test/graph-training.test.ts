// trainModel with graph steps against trainModel's eager steps: the same history, and Adam's state handed on.
import { strict as assert } from 'node:assert';
import { ConfigError } from '../lib/errors';
import { trainModel, type TrainOptions } from '../lib/training/train';
import { tf, type LayersModel } from '../lib/tf';
import { disposeModel, weightValues } from './helpers/models';

// Grappler's kernels may round differently from eager's; the tiny model's loss stays within this.
const LOSS_TOLERANCE = 1e-6;
// Adam divides by √v, so a last-bit difference in a near-zero gradient moves a weight by up to about lr·1e-2.
const WEIGHT_TOLERANCE = 1e-4;

function tinyConvModel(): LayersModel {
  const init = (seed: number) => tf.initializers.glorotUniform({ seed });
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [6, 6, 1], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(1) }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 3, activation: 'sigmoid', kernelInitializer: init(2) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
  return model;
}

function largestGap(a: readonly number[], b: readonly number[]): number {
  assert.equal(a.length, b.length);
  return a.reduce((worst, value, i) => Math.max(worst, Math.abs(value - b[i]!)), 0);
}

describe('trainModel with graph steps', () => {
  const x = tf.randomUniform([20, 6, 6, 1], 0, 1, 'float32', 11);
  const y = tf.randomUniform([20, 3], 0, 1, 'float32', 12);
  after(() => tf.dispose([x, y]));

  /** Two trainings of the same model in a row (the second continues Adam's state), graph or eager in each. */
  async function twice(first: boolean, second: boolean): Promise<{ losses: number[]; weights: number[][] }> {
    const model = tinyConvModel();
    const options: TrainOptions = { x, y, epochs: 3, batchSize: 8 };
    const one = await trainModel(model, { ...options, graph: first });
    const two = await trainModel(model, { ...options, graph: second });
    const weights = weightValues(model);
    disposeModel(model);
    return { losses: [...one.loss, ...two.loss], weights };
  }

  it('gives eager training\'s losses and weights, and hands Adam\'s moments on to the next training', async () => {
    const eager = await twice(false, false);
    const graph = await twice(true, false);
    assert.ok(largestGap(graph.losses, eager.losses) <= LOSS_TOLERANCE, `losses ${graph.losses} against eager ${eager.losses}`);
    graph.weights.forEach((weights, i) => {
      const gap = largestGap(weights, eager.weights[i]!);
      assert.ok(gap <= WEIGHT_TOLERANCE, `weight ${i} is ${gap} from eager's`);
    });
  });

  it('follows a learning rate that a callback changes between steps, as eager training does', async () => {
    const run = async (graph: boolean) => {
      const model = tinyConvModel();
      const optimizer = model.optimizer as unknown as { learningRate: number };
      const history = await trainModel(model, { x, y, epochs: 2, batchSize: 8, graph, onBatchEnd: ({ batch }) => void (optimizer.learningRate = 0.05 / (batch + 1)) });
      disposeModel(model);
      return history.loss;
    };
    const [eager, graph] = [await run(false), await run(true)];
    assert.ok(largestGap(graph, eager) <= LOSS_TOLERANCE, `losses ${graph} against eager ${eager}`);
  });

  it('refuses a graph setting that is not a boolean, naming it', async () => {
    const model = tinyConvModel();
    await assert.rejects(trainModel(model, { x, y, batchSize: 8, graph: 'yes' as unknown as boolean }), (error: unknown) => error instanceof ConfigError && /parameter graph = "yes" is not allowed: expected true or false/.test(error.message));
    disposeModel(model);
  });
});
