// TensorFlow kernels that lib's training uses in place of tfjs's compositions: the ops Keras's graph runs.
import type * as TfNode from '@tensorflow/tfjs-node';
import { BackendError } from '../errors';
import { conv2dPrototype, registerConvWithBias } from './conv-with-bias';
import { replacementName } from './internal-op';
import { registerWorkspaceMaxPool } from './max-pool';
import { registerNativeReluGradient } from './relu-gradient';

/** The environment variable that turns every replacement off: `off`, or `on` (the default). */
export const NATIVE_KERNELS_VARIABLE = 'NATIVE_KERNELS';

/** For each replacement that this libtensorflow could take, the function that puts tfjs's own back (to measure it). */
export interface NativeKernelUndo {
  readonly reluGradient?: () => void;
  readonly maxPool?: () => void;
  readonly convWithBias?: () => void;
}

/** Registers every replacement in `tfNode`'s engine (the native backend must be active). */
export function registerNativeKernels(tfNode: typeof TfNode): NativeKernelUndo {
  return { reluGradient: registerNativeReluGradient(tfNode), maxPool: registerWorkspaceMaxPool(tfNode), convWithBias: registerConvWithBias(tfNode) };
}

/** Whether NATIVE_KERNELS (its value `setting`) asks for the replacements; unset means yes. */
export function nativeKernelsWanted(setting: string | undefined): boolean {
  if (setting === undefined || setting === '' || setting === 'on') return true;
  if (setting === 'off') return false;
  throw new BackendError(`${NATIVE_KERNELS_VARIABLE}=${JSON.stringify(setting)} is not a setting: expected 'on' (the default) or 'off'. Set it to 'off' to train with tfjs's own kernels only, or unset it.`);
}

/** The replacements now registered in `tfNode`'s engine, by name, in a fixed order; empty when tfjs runs its own. */
export function activeNativeReplacements(tfNode: typeof TfNode): readonly string[] {
  const installed = [tfNode.getGradient('Relu')?.gradFunc, tfNode.getKernel('MaxPool', 'tensorflow')?.kernelFunc, conv2dPrototype(tfNode).call];
  return installed.map(replacementName).filter((name): name is string => name !== undefined);
}
