// TensorFlow's internal oneDNN ops (`_MklNative*`) are not a public API: a libtensorflow built without oneDNN, or a
// later version, may not have them. Each use is probed once on a tiny input; without the op, lib keeps the standard
// ops and says so in one line.
import type * as TfNode from '@tensorflow/tfjs-node';

export interface NativeBackend {
  executeSingleOutput(name: string, attrs: unknown[], inputs: TfNode.Tensor[]): TfNode.Tensor;
  executeMultipleOutputs(name: string, attrs: unknown[], inputs: TfNode.Tensor[], outputs: number): TfNode.Tensor[];
  binding: { TF_ATTR_INT: number; TF_ATTR_STRING: number; TF_ATTR_BOOL: number };
}

export type TypeAttr = (name: string, dtype: TfNode.DataType) => unknown;

/** tfjs-node's builder of an op's type attribute; exported by its backend module but not by its typings. */
export function typeAttr(): TypeAttr {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('@tensorflow/tfjs-node/dist/nodejs_kernel_backend') as { createTensorsTypeOpAttr: TypeAttr }).createTensorsTypeOpAttr;
}

export type Log = (line: string) => void;

/**
 * Runs `probe` (which executes the internal ops on a tiny input) in a tidy scope, so what it made is freed whether it
 * worked or threw; true when it worked. Otherwise logs which op is missing, what lib uses instead, and why.
 */
export function internalOpsWork(tfNode: typeof TfNode, ops: readonly string[], instead: string, probe: () => void, log: Log): boolean {
  try {
    tfNode.tidy(probe);
    return true;
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    log(`lib/native: ${ops.join(' and ')} failed in this libtensorflow (${reason}); using ${instead} instead, which is slower but gives the same values.`);
    return false;
  }
}
