// Where a tfjs training step of the default autoencoder spends its time, from lib's trainModel: native TensorFlow ops
// timed one by one (exclusive: they add up), tfjs kernels from tf.profile (inclusive: a composite kernel such as
// Step contains the native ops it issues), and the rest of the unprofiled step, which is JavaScript.
// Usage: npx tsx tools/bench/profile-step.ts [steps=20] [--classifier] [--tfjs-relu-grad]   (on an idle machine)
//   --classifier: the default CNN classifier on clean images and their labels instead of the autoencoder.
//   --tfjs-relu-grad: time the step with tfjs's own ReLU gradient instead of lib's native Sign·Mul gradient, to size that change.
import { loadFashionMnist } from '../../lib/data/fashion-mnist';
import { buildAutoencoder } from '../../lib/models/autoencoder';
import { buildClassifier, labelTensor } from '../../lib/models/classifier';
import { addNoise } from '../../lib/noise/noise';
import { tf, type Tensor } from '../../lib/tf';
import { trainModel } from '../../lib/training/train';
import { registerTfjsReluGradient } from './relu-grad';
import { presetSetup } from './settings';

const TOP = 15;
/** Unprofiled epochs timed; the median is the step time the profile is set against. */
const PLAIN_RUNS = 3;

interface KernelTotal {
  calls: number;
  ms: number;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const steps = Number(args.find((arg) => !arg.startsWith('--')) ?? 20);
  if (args.includes('--tfjs-relu-grad')) registerTfjsReluGradient();
  // A profile downloads every output to check for NaN unless told not to; that would distort the timings.
  tf.env().set('CHECK_COMPUTATION_FOR_ERRORS', false);
  const classifier = args.includes('--classifier');
  const preset = presetSetup();
  const { batchSize } = classifier ? preset.classifier : preset.autoencoder;
  const data = loadFashionMnist({ trainSize: steps * batchSize, testSize: 1 });
  const y: Tensor = classifier ? labelTensor(data.train.labels) : data.train.images;
  const x = classifier ? data.train.images : addNoise(data.train.images, preset.noise);
  const model = classifier
    ? buildClassifier({ architecture: preset.classifier.architecture, learningRate: preset.classifier.learningRate, seed: 1 })
    : buildAutoencoder({ architecture: preset.autoencoder.architecture, loss: preset.autoencoder.loss, learningRate: preset.autoencoder.learningRate, seed: 1 });
  const train = () => trainModel(model, { x, y, epochs: 1, batchSize, shuffle: false });
  await train(); // warm-up: Adam's slots, first-call kernel setup

  const plain: number[] = [];
  for (let run = 0; run < PLAIN_RUNS; run++) {
    const start = performance.now();
    await train();
    plain.push((performance.now() - start) / steps);
  }
  const plainMs = plain.sort((a, b) => a - b)[Math.floor(PLAIN_RUNS / 2)]!;
  const native = await timeNativeOps(train);
  const profile = await tf.profile(async () => void (await train()));
  const byKernel = new Map<string, KernelTotal>();
  const byShape = new Map<string, KernelTotal>();
  for (const kernel of profile.kernels) {
    const ms = kernel.kernelTimeMs as number;
    add(byKernel, kernel.name, ms);
    add(byShape, `${kernel.name} ${kernel.inputShapes.map((s) => `[${s?.join(',')}]`).join(' ')}`, ms);
  }

  const nativeMs = total(native) / steps;
  const nativeCalls = [...native.values()].reduce((sum, k) => sum + k.calls, 0) / steps;
  const variant = args.includes('--tfjs-relu-grad') ? ", tfjs's own ReLU gradient (dy · step(x))" : '';
  console.log(`${classifier ? 'classifier' : 'autoencoder'}, batch ${batchSize}, ${steps} steps of lib trainModel${variant}`);
  console.log(`step: ${plainMs.toFixed(1)} ms unprofiled (${((batchSize / plainMs) * 1000).toFixed(0)} samples/s)`);
  console.log(`native ops: ${nativeCalls.toFixed(0)} per step, ${nativeMs.toFixed(1)} ms; the other ${Math.max(0, plainMs - nativeMs).toFixed(1)} ms is JavaScript`);
  printTop('native op (exclusive)', native, steps, nativeMs);
  printTop('tfjs kernel (inclusive)', byKernel, steps, nativeMs);
  printTop('tfjs kernel and input shapes (inclusive)', byShape, steps, nativeMs);
  tf.dispose([...new Set([x, y, data.train.images])]);
}

type ExecuteOp = (name: string, ...rest: unknown[]) => unknown;

/**
 * Runs `work` with every native op call timed. tfjs-node issues each op, synchronously, through its backend's
 * binding.executeOp; the native binding is frozen, so the backend gets a stand-in object that times and forwards.
 */
async function timeNativeOps(work: () => Promise<unknown>): Promise<Map<string, KernelTotal>> {
  const backend = tf.backend() as unknown as { binding: Record<string, unknown> & { executeOp: ExecuteOp } };
  const original = backend.binding;
  const totals = new Map<string, KernelTotal>();
  const timed: ExecuteOp = (name, ...rest) => {
    const begin = performance.now();
    const result = original.executeOp.call(original, name, ...rest);
    add(totals, name, performance.now() - begin);
    return result;
  };
  const standIn: Record<string, unknown> = {};
  for (const key of Object.getOwnPropertyNames(original)) {
    const value = original[key];
    standIn[key] = typeof value === 'function' ? value.bind(original) : value;
  }
  standIn.executeOp = timed;
  backend.binding = standIn as typeof original;
  try {
    await work();
  } finally {
    backend.binding = original;
  }
  return totals;
}

const total = (totals: Map<string, KernelTotal>) => [...totals.values()].reduce((sum, k) => sum + k.ms, 0);

function add(totals: Map<string, KernelTotal>, key: string, ms: number): void {
  const total = totals.get(key) ?? { calls: 0, ms: 0 };
  total.calls++;
  total.ms += ms;
  totals.set(key, total);
}

function printTop(title: string, totals: Map<string, KernelTotal>, steps: number, nativeMs: number): void {
  console.log(`\n| ${title} | calls/step | ms/step | share of native op time |\n| --- | --- | --- | --- |`);
  [...totals.entries()]
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, TOP)
    .forEach(([key, t]) => {
      const ms = t.ms / steps;
      console.log(`| ${key} | ${(t.calls / steps).toFixed(0)} | ${ms.toFixed(2)} | ${((ms / nativeMs) * 100).toFixed(1)}% |`);
    });
}

void main();
