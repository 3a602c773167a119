// The graph-executed training step against eager tfjs: the same losses and weights, eager when it cannot be a graph.
import { strict as assert } from 'node:assert';
import { SeededDropout } from '../lib/models/seeded-dropout';
import { compiledParts } from '../lib/training/compiled';
import { GraphTrainStep, type GraphStepOptions } from '../lib/training/graph/graph-step';
import { tf, type LayersModel, type Tensor } from '../lib/tf';
import { disposeModel } from './helpers/models';

type Variable = ReturnType<typeof tf.variable>;

const ADAM = { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } as const;
// Grappler may pick other kernels or fuse ops, which rounds differently; the tiny model's loss stays within this.
const LOSS_TOLERANCE = 1e-6;
// Adam divides by √v, so a last-bit difference in a near-zero gradient moves a weight by up to about lr·1e-2.
const WEIGHT_TOLERANCE = 1e-4;

type Dropout = 'none' | 'seeded' | 'unseeded' | 'reads-back';

/**
 * Scales its input by a number JavaScript reads from it: a step the tracer must refuse (the graph could not branch
 * on the value as JavaScript may have), yet one that is deterministic, so its eager fallback can be compared bit for bit.
 */
class ReadsBackScale extends tf.layers.Layer {
  static className = 'ReadsBackScale';
  override call(inputs: Tensor | Tensor[]): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const largest = x.abs().max().dataSync()[0]!;
    return x.div(largest + 1);
  }
}

/** Conv + ReLU + max pooling + dense: the ops of lib's models, small enough for a test. */
function tinyConvModel(dropout: Dropout): LayersModel {
  const init = (seed: number) => tf.initializers.glorotUniform({ seed });
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [6, 6, 1], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(1) }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      ...(dropout === 'seeded' ? [new SeededDropout({ rate: 0.5, seed: 'graph-test', name: 'drop' })] : []),
      ...(dropout === 'unseeded' ? [tf.layers.dropout({ rate: 0.5, name: 'drop' })] : []),
      ...(dropout === 'reads-back' ? [new ReadsBackScale({ name: 'scale' })] : []),
      tf.layers.dense({ units: 3, activation: 'sigmoid', kernelInitializer: init(2) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(ADAM.learningRate), loss: 'meanSquaredError' });
  return model;
}

function batch(size: number, seed: number): { x: Tensor; y: Tensor } {
  return { x: tf.randomUniform([size, 6, 6, 1], 0, 1, 'float32', seed), y: tf.randomUniform([size, 3], 0, 1, 'float32', seed + 100) };
}

interface Run { losses: number[]; weights: number[][]; modes: string[]; log: string[] }

/** `steps` steps on the batches, cycling; with GraphTrainStep (graph or not) or with tfjs's own optimizer. */
function train(how: 'graph' | 'eager' | 'tfjs', batches: ReadonlyArray<{ x: Tensor; y: Tensor }>, steps: number, dropout: Dropout = 'none'): Run {
  const model = tinyConvModel(dropout);
  const parts = compiledParts(model);
  const variables = model.trainableWeights.map((weight) => weight.read() as Variable);
  const log: string[] = [];
  const options: GraphStepOptions = { graph: how === 'graph', log: (line) => log.push(line) };
  const step = how === 'tfjs' ? undefined : new GraphTrainStep(model, parts, variables, ADAM, options);
  const losses: number[] = [];
  const modes: string[] = [];
  for (let i = 0; i < steps; i++) {
    const { x, y } = batches[i % batches.length]!;
    if (step === undefined) {
      const loss = parts.optimizer.minimize(() => parts.loss(y, model.apply(x, { training: true }) as Tensor).mean() as ReturnType<typeof tf.scalar>, true, variables)!;
      losses.push(loss.dataSync()[0]!);
      loss.dispose();
    } else {
      losses.push(step.step(x, y)[0]!);
      modes.push(step.mode(x, y));
    }
  }
  const weights = variables.map((variable) => Array.from(variable.dataSync()));
  step?.close();
  disposeModel(model);
  return { losses, weights, modes, log };
}

function largestGap(a: readonly number[], b: readonly number[]): number {
  assert.equal(a.length, b.length);
  return a.reduce((worst, value, i) => Math.max(worst, Math.abs(value - b[i]!)), 0);
}

describe('graph training step', () => {
  let batches: Array<{ x: Tensor; y: Tensor }>;
  before(() => (batches = [batch(8, 1), batch(8, 2), batch(8, 3)]));
  after(() => batches.forEach(({ x, y }) => tf.dispose([x, y])));

  it('gives tfjs Adam\'s losses and weights, eagerly and as a graph', () => {
    const reference = train('tfjs', batches, 8);
    const eager = train('eager', batches, 8);
    const graph = train('graph', batches, 8);
    assert.deepEqual(graph.modes, ['tracing', 'graph', 'graph', 'graph', 'graph', 'graph', 'graph', 'graph']);
    assert.deepEqual(graph.log, []);
    for (const run of [eager, graph]) {
      assert.ok(largestGap(run.losses, reference.losses) <= LOSS_TOLERANCE, `losses ${run.losses} against tfjs's ${reference.losses}`);
      run.weights.forEach((weights, i) => {
        const gap = largestGap(weights, reference.weights[i]!);
        assert.ok(gap <= WEIGHT_TOLERANCE, `weight ${i} is ${gap} from tfjs's after 8 steps`);
      });
    }
  });

  it('compiles a second graph for a smaller last batch', () => {
    const mixed = [batch(8, 4), batch(5, 5)];
    const eager = train('eager', mixed, 8);
    const graph = train('graph', mixed, 8);
    assert.deepEqual(graph.modes, ['tracing', 'tracing', 'graph', 'graph', 'graph', 'graph', 'graph', 'graph']);
    assert.ok(largestGap(graph.losses, eager.losses) <= LOSS_TOLERANCE, `losses ${graph.losses} against eager ${eager.losses}`);
    mixed.forEach(({ x, y }) => tf.dispose([x, y]));
  });

  it('trains a model with seeded dropout as a graph, its masks fed each step, to eager\'s losses', () => {
    const eager = train('eager', batches, 6, 'seeded');
    const graph = train('graph', batches, 6, 'seeded');
    assert.deepEqual(graph.modes, ['tracing', 'graph', 'graph', 'graph', 'graph', 'graph']);
    assert.deepEqual(graph.log, []);
    assert.ok(largestGap(graph.losses, eager.losses) <= LOSS_TOLERANCE, `losses ${graph.losses} against eager ${eager.losses}`);
  });

  it('trains eagerly, with one line saying why, a model whose unseeded dropout draws masks anew each step', () => {
    const eager = train('eager', batches, 5, 'unseeded');
    const graph = train('graph', batches, 5, 'unseeded');
    assert.deepEqual(graph.modes, ['tracing', 'eager', 'eager', 'eager', 'eager']);
    assert.equal(graph.log.length, 1);
    assert.match(graph.log[0]!, /model 'sequential_\d+' trains eagerly on inputs of shape \[8,6,6,1\]→\[8,3\]: .*made outside the graph has other values in each step/);
    assert.equal(graph.losses.length, eager.losses.length);
  });

  it('falls back to eager for a step it refuses, with eager\'s losses and weights to the bit, saying why once', () => {
    const eager = train('eager', batches, 5, 'reads-back');
    const graph = train('graph', batches, 5, 'reads-back');
    assert.deepEqual(graph.modes, ['tracing', 'eager', 'eager', 'eager', 'eager']);
    assert.equal(graph.log.length, 1);
    assert.match(graph.log[0]!, /trains eagerly on inputs of shape \[8,6,6,1\]→\[8,3\]: JavaScript read the value of op\d+:0 during the step/);
    assert.deepEqual(graph.losses, eager.losses);
    assert.deepEqual(graph.weights, eager.weights);
  });

  for (const [mode, dropout] of [['graph', 'seeded'], ['eager', 'reads-back']] as const) {
    it(`leaves no tensors behind per ${mode} step, its metric included`, () => {
      const model = tinyConvModel(dropout);
      model.compile({ optimizer: tf.train.adam(ADAM.learningRate), loss: 'meanSquaredError', metrics: ['mse'] });
      const variables = model.trainableWeights.map((weight) => weight.read() as Variable);
      const step = new GraphTrainStep(model, compiledParts(model), variables, ADAM, { log: () => undefined });
      const { x, y } = batches[0]!;
      for (let i = 0; i < 3; i++) step.step(x, y);
      const before = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) step.step(x, y);
      assert.equal(step.mode(x, y), mode);
      assert.equal(tf.memory().numTensors, before);
      step.close();
      disposeModel(model);
    });
  }
});
