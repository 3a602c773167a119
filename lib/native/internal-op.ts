// TensorFlow's internal oneDNN ops (`_MklNative*`) are not a public API: a libtensorflow built without oneDNN, or a
// later version, may not have them, or may compute something else under the same name. Each replacement is probed once
// on a tiny input against the standard ops it replaces; unless it runs and gives the same values, lib keeps the
// standard ops and says so in one line.
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

/** One value the replacement computes on the probe input, next to what the standard ops compute. */
export interface ProbeValue {
  readonly name: string;
  readonly replacement: TfNode.Tensor;
  readonly standard: TfNode.Tensor;
}

/**
 * Runs `probe` in a tidy scope, so what it made is freed whether it worked or threw, and compares each of its values
 * exactly: probe inputs are small dyadic numbers, whose products and sums are exact in float32 in any order, so even a
 * different summation order cannot explain a difference. NaN matches NaN. True when every value matches; otherwise
 * logs which op failed or what differed and by how much, and what lib uses instead.
 */
export function internalOpsWork(tfNode: typeof TfNode, ops: readonly string[], instead: string, probe: () => readonly ProbeValue[], log: Log): boolean {
  let difference: string | undefined;
  try {
    difference = tfNode.tidy(() => {
      for (const value of probe()) {
        const found = firstDifference(value);
        if (found !== undefined) return found;
      }
      return undefined;
    });
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    log(`lib/native: ${ops.join(' and ')} failed in this libtensorflow (${reason}); using ${instead} instead, which is slower.`);
    return false;
  }
  if (difference === undefined) return true;
  log(`lib/native: ${ops.join(' and ')} ${ops.length === 1 ? 'differs' : 'differ'} from ${instead} on the probe input (${difference}); using ${instead} instead.`);
  return false;
}

function firstDifference({ name, replacement, standard }: ProbeValue): string | undefined {
  if (replacement.shape.join() !== standard.shape.join()) return `${name} has shape [${replacement.shape}], expected [${standard.shape}]`;
  const found = replacement.dataSync();
  const expected = standard.dataSync();
  let worst = -1;
  let largest = 0;
  for (let i = 0; i < found.length; i++) {
    const a = found[i]!;
    const b = expected[i]!;
    if (a === b || (Number.isNaN(a) && Number.isNaN(b))) continue;
    const gap = Number.isNaN(a - b) ? Infinity : Math.abs(a - b);
    if (worst < 0 || gap > largest) [worst, largest] = [i, gap];
  }
  if (worst < 0) return undefined;
  return `${name}: element ${worst} is ${found[worst]}, expected ${expected[worst]}; largest difference ${largest}`;
}

const REPLACEMENT = Symbol('lib/native replacement');

/** Tags a function that lib registers in place of tfjs's own, so activeNativeReplacements can find it. */
export function markReplacement<F extends object>(fn: F, name: string): F {
  return Object.assign(fn, { [REPLACEMENT]: name });
}

/** The name `markReplacement` gave `fn`, or undefined for tfjs's own functions. */
export function replacementName(fn: unknown): string | undefined {
  return typeof fn === 'function' ? (fn as { [REPLACEMENT]?: string })[REPLACEMENT] : undefined;
}
