// The default CNN classifier, seeded dropout and all, trained with graph steps against eager steps: the same masks
// step by step, and the same losses within float32 rounding.
import { strict as assert } from 'node:assert';
import { buildClassifier, labelTensor } from '../lib/models/classifier';
import { SeededDropout } from '../lib/models/seeded-dropout';
import { GraphSession } from '../lib/training/graph/session';
import { trainModel } from '../lib/training/train';
import { tf, type Tensor } from '../lib/tf';
import { disposeModel } from './helpers/models';

const EXAMPLES = 64;
const BATCH = 16;
const EPOCHS = 2;
// 8 steps: the first two trace the step, the other six run its graph.
const GRAPH_STEPS = (EXAMPLES / BATCH) * EPOCHS - 2;
// Measured: at most 2.4e-7 apart over the 8 steps, one float32 ulp of a loss about 2.3; Grappler's kernels may round
// differently from eager's, and this leaves room for a few ulps.
const LOSS_TOLERANCE = 2e-6;

interface Run {
  losses: number[];
  /** Every mask drawn, in order, as `layer:values`. */
  drawn: string[];
  /** The masks fed to each graph run, by signature key. */
  fed: Array<Record<string, string>>;
}

function maskText(layer: string, values: ArrayLike<number>): string {
  return `${layer}:${Array.from(values).join(',')}`;
}

/** Trains the seeded CNN on `x`, `y` and records its batch losses, the masks its dropout layers drew, and what graphs were fed. */
async function train(graph: boolean, x: Tensor, y: Tensor): Promise<Run> {
  const run: Run = { losses: [], drawn: [], fed: [] };
  const draw = SeededDropout.prototype.nextMultipliers;
  const session = GraphSession.prototype.run;
  SeededDropout.prototype.nextMultipliers = function (this: SeededDropout, shape) {
    const multipliers = draw.call(this, shape);
    run.drawn.push(maskText(this.name, multipliers.dataSync()));
    return multipliers;
  };
  GraphSession.prototype.run = function (this: GraphSession, inputs) {
    const fed: Record<string, string> = {};
    this.signature.inputs.forEach(({ key }, i) => key.startsWith('mask') && (fed[key] = maskText(key, inputs[i]!.dataSync())));
    run.fed.push(fed);
    return session.call(this, inputs);
  };
  const model = buildClassifier({ architecture: 'cnn', seed: 7 });
  try {
    await trainModel(model, { x, y, epochs: EPOCHS, batchSize: BATCH, seed: 3, graph, onBatchEnd: ({ batchLoss }) => void run.losses.push(batchLoss) });
  } finally {
    SeededDropout.prototype.nextMultipliers = draw;
    GraphSession.prototype.run = session;
    disposeModel(model);
  }
  return run;
}

describe('graph training of the CNN classifier with seeded dropout', function () {
  this.timeout(120_000);
  const x = tf.randomUniform([EXAMPLES, 28, 28, 1], 0, 1, 'float32', 5);
  const y = labelTensor(Int32Array.from({ length: EXAMPLES }, (_, i) => (i * 7) % 10));
  after(() => tf.dispose([x, y]));

  it('runs graphs fed the masks eager training draws, step by step, to eager\'s losses', async () => {
    const eager = await train(false, x, y);
    const graph = await train(true, x, y);
    assert.equal(graph.fed.length, GRAPH_STEPS, `${graph.fed.length} graph runs, expected ${GRAPH_STEPS} (the CNN trained eagerly)`);
    assert.deepEqual(graph.drawn, eager.drawn);
    // Two dropout layers per step; the graph runs are the steps after the two traced ones.
    const eagerByStep = Array.from({ length: eager.drawn.length / 2 }, (_, step) => eager.drawn.slice(2 * step, 2 * step + 2).map((text) => text.split(':')[1]));
    graph.fed.forEach((fed, i) => assert.deepEqual([fed['mask0']?.split(':')[1], fed['mask1']?.split(':')[1]], eagerByStep[i + 2], `masks of step ${i + 3}`));
    const gap = Math.max(...graph.losses.map((loss, i) => Math.abs(loss - eager.losses[i]!)));
    assert.equal(graph.losses.length, eager.losses.length);
    console.log(`      largest |graph − eager| batch loss over ${graph.losses.length} steps: ${gap}`);
    assert.ok(gap <= LOSS_TOLERANCE, `losses ${graph.losses} against eager ${eager.losses}`);
  });

  it('refuses an input of another shape than the multipliers drawn ahead for it, naming both', () => {
    const layer = new SeededDropout({ rate: 0.5, seed: 's', name: 'drop' });
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 6 }), layer] });
    const mask = layer.drawAhead(2)!;
    const input = tf.ones([3, 6]);
    assert.throws(() => layer.apply(input, { training: true }), /the input of dropout layer 'drop' is \[3, 6\]: expected \[2, 6\], the shape its multipliers were drawn ahead for/);
    tf.dispose([mask, input]);
    model.dispose();
  });
});
