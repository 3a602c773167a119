// ReLU's gradient in two TensorFlow ops. tfjs computes dy · step(x), which tfjs-node runs as IsNan, Greater, two Fills
// and two Selects plus a ones-tensor filled in JavaScript, for every ReLU layer on every step. Keras's graph runs one
// ReluGrad op, which made the default autoencoder train 1.67× and the classifier 1.43× as fast (docs/performance.md),
// but ReluGrad passes 0 where x is NaN, and tfjs passes NaN: a NaN activation must not give the weights that caused it
// a clean zero gradient. dy · sign(relu(x)) is tfjs's rule to the bit (NaN, ±0, ±∞ and denormals included,
// test/native-gradients.test.ts) in two element-wise passes. On [128, 28, 28, 32] (load average 6, interleaved runs)
// Sign and Mul took 2.3–2.7 ms, ReluGrad alone 1.6–1.7 ms, and ReluGrad plus a Select of the NaNs 4.0–4.6 ms; for the
// U-Net, whose ReluGrad and Relu together took 3.3 ms of a 46 ms step (docs/performance.md), that is about 1 ms more.
import type * as TfNode from '@tensorflow/tfjs-node';
import { internalOpsWork, markReplacement, typeAttr, type Log, type NativeBackend } from './internal-op';

/** Its name in activeNativeReplacements. */
export const RELU_GRADIENT = 'relu-gradient';
export const RELU_GRADIENT_OPS = { sign: 'Sign', multiply: 'Mul' } as const;

// Every case of tfjs's rule: both signs of zero, infinities, NaN in x and in dy, an infinite dy where x ≤ 0, a denormal.
const PROBE_X = [NaN, NaN, -1, -0, 0, 0.5, 1, Infinity, -Infinity, -2, 3, -0.25, 1e-40];
const PROBE_DY = [1, NaN, NaN, -2, -3, 4, NaN, 5, 6, Infinity, -Infinity, -1, 1];

/**
 * Registers dy · sign(y), y the ReLU's output, as the gradient of 'Relu' in `tfNode`'s engine (the native backend must
 * be active). Returns a function that puts the gradient found before back, or undefined (after one log line) when the
 * ops do not give that gradient's values on the probe.
 */
export function registerNativeReluGradient(tfNode: typeof TfNode, ops: { sign: string; multiply: string } = RELU_GRADIENT_OPS, log: Log = console.warn): (() => void) | undefined {
  const createTensorsTypeOpAttr = typeAttr();
  const standard = tfNode.getGradient('Relu')!;
  const gradient = (dy: TfNode.Tensor, y: TfNode.Tensor) => tfNode.tidy(() => {
    const backend = tfNode.backend() as unknown as NativeBackend;
    const type = [createTensorsTypeOpAttr('T', y.dtype)];
    return backend.executeSingleOutput(ops.multiply, type, [dy, backend.executeSingleOutput(ops.sign, type, [y])]);
  });

  const works = internalOpsWork(tfNode, [ops.sign, ops.multiply], 'tfjs\'s ReLU gradient', () => {
    const x = tfNode.tensor1d(PROBE_X);
    const dy = tfNode.tensor1d(PROBE_DY);
    return [{ name: 'gradient', replacement: gradient(dy, tfNode.relu(x)), standard: standard.gradFunc(dy, [x], {})['x']!() }];
  }, log);
  if (!works) return undefined;

  tfNode.registerGradient({
    kernelName: 'Relu',
    outputsToSave: [true],
    gradFunc: markReplacement((dy: TfNode.Tensor | TfNode.Tensor[], saved: TfNode.Tensor[]) => ({ x: () => gradient(dy as TfNode.Tensor, saved[0]!) }), RELU_GRADIENT),
  });
  return () => tfNode.registerGradient(standard);
}
