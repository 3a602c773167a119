// The one place that loads TensorFlow.js: the native backend or a clear error, never the pure-JS fallback.
import type * as TfNode from '@tensorflow/tfjs-node';
import { BackendError } from './errors';
import { activeNativeReplacements as replacementsIn, nativeKernelsWanted, NATIVE_KERNELS_VARIABLE, registerNativeKernels, type NativeKernelUndo } from './native/index';

const NATIVE_BACKEND = 'tensorflow';
// libtensorflow logs INFO lines (oneDNN, CPU features) to stderr on load; in a notebook they read as errors.
const QUIET_TENSORFLOW_LOG_LEVEL = '2';

function loadNativeTensorFlow(): { tfNode: typeof TfNode; undo: NativeKernelUndo } {
  if (process.env.TF_CPP_MIN_LOG_LEVEL === undefined) process.env.TF_CPP_MIN_LOG_LEVEL = QUIET_TENSORFLOW_LOG_LEVEL;
  let tfNode: typeof TfNode;
  try {
    tfNode = require('@tensorflow/tfjs-node');
  } catch (error) {
    throw new BackendError(
      `the native TensorFlow backend (@tensorflow/tfjs-node) failed to load: ${(error as Error).message.split('\n')[0]}. ` +
        'Run `npm run setup` to provision it.',
    );
  }
  if (tfNode.getBackend() !== NATIVE_BACKEND) {
    throw new BackendError(
      `expected the '${NATIVE_BACKEND}' backend, found '${tfNode.getBackend()}'. Run \`npm run setup\` to provision it.`,
    );
  }
  // Read once, here: the replacements are registered in tfjs's global engine as the backend loads.
  if (nativeKernelsWanted(process.env[NATIVE_KERNELS_VARIABLE])) return { tfNode, undo: registerNativeKernels(tfNode) };
  console.warn(`lib/tf: ${NATIVE_KERNELS_VARIABLE}=off: training runs tfjs's own ReLU gradient, MaxPool and Conv2D + Add, none of lib/native's replacements (slower).`);
  return { tfNode, undo: {} };
}

const loaded = loadNativeTensorFlow();
export const tf = loaded.tfNode;
/** Puts tfjs's own kernels back in place of lib's native ones; for benchmarks and tests that compare the two. */
export const nativeKernelUndo = loaded.undo;

/**
 * lib/native's replacements now in place ('relu-gradient', 'max-pool', 'conv-with-bias'), for fingerprints of
 * results that depend on them: they give tfjs's values on their probes, but oneDNN's rounding may differ on others.
 */
export function activeNativeReplacements(): readonly string[] {
  return replacementsIn(tf);
}

export type { Tensor, Tensor1D, Tensor2D, Tensor3D, Tensor4D, Rank, LayersModel, Sequential } from '@tensorflow/tfjs-node';

/** The tfjs-node package and the libtensorflow it runs on, as they report themselves. */
export function nativeVersions(): { tfjsVersion: string; tensorflowVersion: string } {
  const versions = tf.version as unknown as Record<string, string>;
  const binding = (tf.backend() as unknown as { binding?: { TF_Version?: string } }).binding;
  return { tfjsVersion: versions['tfjs-node'] ?? 'unknown', tensorflowVersion: binding?.TF_Version ?? 'unknown' };
}

/** Runs a tiny convolution on the native backend; throws if anything about it is off. */
export function assertNativeBackend(): { backend: string; tfjsVersion: string; tensorflowVersion: string } {
  const sum = tf.tidy(() => {
    const image = tf.ones([1, 4, 4, 1]);
    const kernel = tf.ones([3, 3, 1, 1]);
    return tf.conv2d(image as TfNode.Tensor4D, kernel as TfNode.Tensor4D, 1, 'valid').sum().dataSync()[0];
  });
  if (sum !== 36) {
    throw new BackendError(`conv2d self-check on the native backend gave ${sum}, expected 36.`);
  }
  return { backend: tf.getBackend(), ...nativeVersions() };
}
