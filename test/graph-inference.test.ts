// Inference as TensorFlow graphs: predictInBatches and a training's validation give eager's numbers, run their graphs,
// fall back to eager with one line for a model the tracer refuses, and a run's models predict on its executor.
import { strict as assert } from 'node:assert';
import { buildAutoencoder } from '../lib/models/autoencoder';
import { buildClassifier } from '../lib/models/classifier';
import { buildComposite } from '../lib/models/composite';
import { predictionExecutor, predictsOn } from '../lib/models/executor';
import { AUTOENCODER_ARCHITECTURES, CLASSIFIER_ARCHITECTURES } from '../lib/models/names';
import { predictInBatches } from '../lib/models/predict';
import { tf, type LayersModel, type Tensor } from '../lib/tf';
import { openEvaluator } from '../lib/training/evaluate';
import { GraphSession } from '../lib/training/graph/session';
import { disposeModel } from './helpers/models';

// Grappler may pick other kernels than eager's for the same op: tools/bench/graph/predict-bench.ts measured 0 for the
// U-Net and 3.7e-8 for the CNN on 5,000 random images.
const OUTPUT_TOLERANCE = 1e-6;

/** Runs `fn`, counting the graph runs it made and the lines it warned. */
function watched<T>(fn: () => T): { result: T; graphRuns: number; warnings: string[] } {
  const run = GraphSession.prototype.run;
  const warn = console.warn;
  let graphRuns = 0;
  const warnings: string[] = [];
  GraphSession.prototype.run = function (this: GraphSession, inputs) {
    graphRuns++;
    return run.call(this, inputs);
  };
  console.warn = (line: string) => void warnings.push(line);
  try {
    return { result: fn(), graphRuns, warnings };
  } finally {
    GraphSession.prototype.run = run;
    console.warn = warn;
  }
}

function largestGap(a: Tensor, b: Tensor): number {
  return tf.tidy(() => a.sub(b).abs().max().dataSync()[0]!);
}

/** Scales its input by a number JavaScript reads from it: a call the tracer must refuse, deterministic all the same. */
class ReadsBackScale extends tf.layers.Layer {
  static className = 'ReadsBackScaleInference';
  override call(inputs: Tensor | Tensor[]): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return x.div(x.abs().max().dataSync()[0]! + 1);
  }
}

describe('inference as graphs', function () {
  this.timeout(120_000);
  // 5 batches of 16 and a last one of 7: two batches trace, three run the graph, the last runs eagerly (traced once).
  const IMAGES = 87;
  const BATCH = 16;
  let x: Tensor;
  before(() => (x = tf.randomUniform([IMAGES, 28, 28, 1], 0, 1, 'float32', 11)));
  after(() => x.dispose());

  const designs: Array<readonly [string, () => LayersModel]> = [
    ...AUTOENCODER_ARCHITECTURES.map((architecture) => [`the ${architecture} autoencoder`, () => buildAutoencoder({ architecture, seed: 3 })] as const),
    ...CLASSIFIER_ARCHITECTURES.map((architecture) => [`the ${architecture} classifier`, () => buildClassifier({ architecture, seed: 3 })] as const),
  ];
  for (const [name, build] of designs) {
    it(`predictInBatches: ${name} gives eager's outputs as graphs, and leaves no tensor behind`, () => {
      const model = build();
      const eager = predictInBatches(model, x, { batchSize: BATCH, executor: 'eager' });
      const before = tf.memory().numTensors;
      const graph = watched(() => predictInBatches(model, x, { batchSize: BATCH, executor: 'graph' }));
      assert.equal(tf.memory().numTensors, before + 1);
      assert.equal(graph.graphRuns, 3);
      assert.deepEqual(graph.warnings, []);
      const gap = largestGap(eager, graph.result);
      assert.ok(gap <= OUTPUT_TOLERANCE, `outputs ${gap} apart`);
      tf.dispose([eager, graph.result]);
      disposeModel(model);
    });
  }

  it("falls back to eager for a model it refuses, with eager's outputs to the bit, saying why once", () => {
    const model = tf.sequential({ layers: [new ReadsBackScale({ inputShape: [28, 28, 1] }), tf.layers.flatten(), tf.layers.dense({ units: 3, kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) })] });
    const eager = predictInBatches(model, x, { batchSize: BATCH, executor: 'eager' });
    const graph = watched(() => predictInBatches(model, x, { batchSize: BATCH, executor: 'graph' }));
    assert.equal(graph.graphRuns, 0);
    assert.equal(graph.warnings.length, 1);
    assert.match(graph.warnings[0]!, /model '.*' predicts eagerly on inputs of shape \[16,28,28,1\]: JavaScript read the value of op\d+:0/);
    assert.deepEqual(Array.from(graph.result.dataSync()), Array.from(eager.dataSync()));
    tf.dispose([eager, graph.result]);
    disposeModel(model);
  });

  it("a training's validation: the graph evaluator gives eager's loss and metric, its graphs kept between calls", () => {
    const model = buildClassifier({ architecture: 'cnn', seed: 3 });
    const labels = tf.tensor1d(Array.from({ length: IMAGES }, (_, i) => i % 10), 'float32');
    const eager = openEvaluator(model, undefined, 'eager');
    const graph = openEvaluator(model, undefined, 'graph');
    const expected = eager.evaluate(x, labels, BATCH);
    const first = watched(() => graph.evaluate(x, labels, BATCH));
    const second = watched(() => graph.evaluate(x, labels, BATCH));
    assert.deepEqual([first.graphRuns, second.graphRuns], [3, 5]);
    for (const found of [first.result, second.result]) {
      assert.ok(Math.abs(found.loss - expected.loss) <= OUTPUT_TOLERANCE, `loss ${found.loss} against ${expected.loss}`);
      assert.ok(Math.abs(found.metrics.acc! - expected.metrics.acc!) <= OUTPUT_TOLERANCE);
    }
    tf.dispose(labels);
    eager.close();
    graph.close();
    disposeModel(model);
  });

  it('a model predicts on the executor set for it, and a composite on the one its parts share', () => {
    const [autoencoder, classifier] = [buildAutoencoder({ architecture: 'tutorial', seed: 3 }), buildClassifier({ architecture: 'mlp', seed: 3 })];
    assert.equal(predictionExecutor(autoencoder), 'eager');
    predictsOn(autoencoder, 'graph');
    assert.equal(predictionExecutor(buildComposite(autoencoder, classifier)), 'eager', 'parts on different executors');
    predictsOn(classifier, 'graph');
    const composite = buildComposite(autoencoder, classifier);
    assert.equal(predictionExecutor(composite), 'graph');
    const found = watched(() => predictInBatches(composite, x, { batchSize: BATCH }));
    assert.equal(found.graphRuns, 3);
    tf.dispose(found.result);
    disposeModel(autoencoder);
    disposeModel(classifier);
  });
});
