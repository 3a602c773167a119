// The `training.executor` parameter: every training's cache record holds it, and the notebooks' trainings run graph
// steps when it says 'graph', to eager's losses within float32 rounding.
import { strict as assert } from 'node:assert';
import { resolveConfig } from '../lib/config/index';
import { loadFashionMnist, type FashionMnist } from '../lib/data/fashion-mnist';
import { TRAINED_MODELS, trainingParameters } from '../lib/model-cache/reads';
import { buildAutoencoder } from '../lib/models/autoencoder';
import { buildClassifier, labelTensor } from '../lib/models/classifier';
import { AUTOENCODER_ARCHITECTURES, CLASSIFIER_ARCHITECTURES } from '../lib/models/names';
import { addNoise } from '../lib/noise/noise';
import { checkReadsRecorded } from '../lib/run/parameter-reads';
import { trainWithView } from '../lib/steps/training-view';
import { tf, type LayersModel, type Tensor } from '../lib/tf';
import { GraphSession } from '../lib/training/graph/session';
import type { TrainingExecutor } from '../lib/config/schema';
import { disposeModel } from './helpers/models';

const EXAMPLES = 64;
const BATCH = 16;
const EPOCHS = 2;
// Measured on this subset (mean losses of 2 epochs of 4 steps): U-Net 3.7e-9 apart at a loss of about 0.17, CNN 0 at
// about 2.2; Grappler's kernels may round differently from eager's, and this leaves a few ulps of the CNN's loss.
const LOSS_TOLERANCE = 1e-6;

interface Trained {
  losses: number[];
  graphRuns: number;
}

/** Trains a fresh model from `build` through trainWithView, counting the graph runs its steps made. */
async function train(build: () => LayersModel, x: Tensor, y: Tensor, executor?: TrainingExecutor): Promise<Trained> {
  const session = GraphSession.prototype.run;
  let graphRuns = 0;
  GraphSession.prototype.run = function (this: GraphSession, inputs) {
    graphRuns++;
    return session.call(this, inputs);
  };
  const model = build();
  try {
    const history = await trainWithView(model, { training: 'classifier', train: { x, y }, epochs: EPOCHS, batchSize: BATCH, seed: 5, executor });
    return { losses: history.loss, graphRuns };
  } finally {
    GraphSession.prototype.run = session;
    disposeModel(model);
  }
}

function largestGap(a: readonly number[], b: readonly number[]): number {
  assert.equal(a.length, b.length);
  return Math.max(...a.map((value, i) => Math.abs(value - b[i]!)));
}

describe('training.executor', function () {
  this.timeout(180_000);
  let data: FashionMnist;
  let noisy: Tensor;
  let labels: Tensor;
  before(() => {
    data = loadFashionMnist({ trainSize: EXAMPLES, testSize: 1 });
    noisy = addNoise(data.train.images, { type: 'uniform', level: 0.6, seed: 1 });
    labels = labelTensor(data.train.labels);
  });
  after(() => tf.dispose([data.train.images, data.test.images, noisy, labels]));

  it('joins the cache record of every training, so graph and eager models are cached apart', () => {
    const config = resolveConfig({ set: { 'training.executor': 'graph' } });
    for (const model of TRAINED_MODELS) {
      const recorded = trainingParameters(model, config);
      assert.equal(recorded['training.executor'], 'graph', model);
      assert.doesNotThrow(() => checkReadsRecorded(model, new Set(['training.executor']), recorded));
    }
  });

  const designs: Array<readonly [string, () => LayersModel, 'clean' | 'labels']> = [
    ...AUTOENCODER_ARCHITECTURES.map((architecture) => [`the ${architecture} autoencoder`, () => buildAutoencoder({ architecture, seed: 7 }), 'clean'] as const),
    ...CLASSIFIER_ARCHITECTURES.map((architecture) => [`the ${architecture} classifier (with dropout)`, () => buildClassifier({ architecture, seed: 7 }), 'labels'] as const),
  ];
  for (const [name, build, target] of designs) {
    it(`trains ${name} as graphs when it is 'graph', to eager's losses`, async () => {
      const [x, y] = target === 'clean' ? [noisy, data.train.images] : [data.train.images, labels];
      const eager = await train(build, x, y, 'eager');
      const graph = await train(build, x, y, 'graph');
      assert.equal(eager.graphRuns, 0);
      // 8 steps: two trace the step, six run its graph.
      assert.equal(graph.graphRuns, (EXAMPLES / BATCH) * EPOCHS - 2);
      const gap = largestGap(graph.losses, eager.losses);
      console.log(`      largest |graph − eager| epoch loss: ${gap} (losses ${eager.losses.map((loss) => loss.toFixed(4)).join(', ')})`);
      assert.ok(gap <= LOSS_TOLERANCE, `losses ${graph.losses} against eager ${eager.losses}`);
    });
  }

});
