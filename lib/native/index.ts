// TensorFlow kernels that lib's training uses in place of tfjs's compositions: the ops Keras's graph runs.
import type * as TfNode from '@tensorflow/tfjs-node';
import { registerConvWithBias } from './conv-with-bias';
import { registerWorkspaceMaxPool } from './max-pool';
import { registerNativeReluGradient } from './relu-gradient';

/** For each replacement that this libtensorflow could take, the function that puts tfjs's own back (to measure it). */
export interface NativeKernelUndo {
  readonly maxPool?: () => void;
  readonly convWithBias?: () => void;
}

/** Registers every replacement in `tfNode`'s engine (the native backend must be active). */
export function registerNativeKernels(tfNode: typeof TfNode): NativeKernelUndo {
  registerNativeReluGradient(tfNode);
  return { maxPool: registerWorkspaceMaxPool(tfNode), convWithBias: registerConvWithBias(tfNode) };
}
