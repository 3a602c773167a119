// Records what one call sends through tfjs-node's binding: every op with its attributes, inputs and outputs (by the
// binding's tensor ids), and the type and shape of every tensor an op reads. That record is the graph of the call.
import { tf, type Tensor } from '../../tf';

/** An attribute as tfjs-node hands it to its binding: `type` is one of the binding's TF_ATTR_* numbers. */
export interface BindingAttr {
  readonly name: string;
  readonly type: number;
  readonly value: unknown;
}

export interface TensorMeta {
  readonly dtype: string;
  readonly shape: readonly number[];
}

export interface TracedOp {
  readonly op: string;
  readonly attrs: readonly BindingAttr[];
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
}

export interface Trace {
  readonly ops: readonly TracedOp[];
  /** Type and shape of every tensor id that an op read or made. */
  readonly meta: ReadonlyMap<number, TensorMeta>;
  /** Ids whose values JavaScript read while the call ran: values the call may have branched on. */
  readonly readBack: ReadonlySet<number>;
  /** The values of every tensor an op read that no traced op made and that is not one of the call's inputs. */
  readonly constants: ReadonlyMap<number, ConstantValue>;
}

export interface ConstantValue {
  readonly dtype: string;
  readonly shape: readonly number[];
  /** The elements' little-endian bytes; undefined for strings, which a graph step does not take. */
  readonly bytes: Uint8Array | undefined;
}

function bytesOf(values: unknown, dtype: string): Uint8Array | undefined {
  if (ArrayBuffer.isView(values)) return new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
  if (!Array.isArray(values)) return undefined;
  if (dtype === 'float32') return new Uint8Array(Float32Array.from(values as number[]).buffer);
  if (dtype === 'int32') return new Uint8Array(Int32Array.from(values as number[]).buffer);
  if (dtype === 'bool') return Uint8Array.from(values as number[]);
  return undefined;
}

interface OutputInfo {
  readonly id: number;
  readonly shape: number[];
  readonly dtype: number;
}

export interface TracedBinding {
  executeOp(name: string, attrs: BindingAttr[], inputs: number[], outputs: number): OutputInfo[];
  tensorDataSync(id: number): ArrayLike<number> | Uint8Array;
  createTensor(...args: unknown[]): number;
  deleteTensor(id: number): void;
  TF_FLOAT: number;
  TF_INT32: number;
  TF_BOOL: number;
}

interface TracedBackend {
  binding: TracedBinding;
  getInputTensorIds(tensors: Tensor[]): number[];
}

/** The binding's ids of `tensors`' data (uploading any whose values are still only in JavaScript). */
export function tensorIds(tensors: readonly Tensor[]): number[] {
  return (tf.backend() as unknown as TracedBackend).getInputTensorIds([...tensors]);
}

/** The binding's dtype numbers as tfjs names them. */
function dtypeName(binding: TracedBinding, dtype: number): string {
  if (dtype === binding.TF_FLOAT) return 'float32';
  if (dtype === binding.TF_INT32) return 'int32';
  if (dtype === binding.TF_BOOL) return 'bool';
  return `TF_DataType ${dtype}`;
}

/**
 * Runs `fn` with tfjs-node's binding watched; the binding is restored whether `fn` returns or throws. `inputs` are the
 * call's inputs (the tensors that change from call to call): every other tensor an op reads from outside the call has
 * its value copied as it is read, to become a constant of the graph.
 */
export function traceCall<T>(inputs: readonly Tensor[], fn: () => T): { result: T; trace: Trace; inputIds: number[] } {
  const backend = tf.backend() as unknown as TracedBackend;
  const binding = backend.binding;
  const ops: TracedOp[] = [];
  const meta = new Map<number, TensorMeta>();
  const readBack = new Set<number>();
  const constants = new Map<number, ConstantValue>();
  const made = new Set<number>();
  const watched = Object.create(binding, {
    executeOp: {
      value: (name: string, attrs: BindingAttr[], inputs: number[], count: number): OutputInfo[] => {
        const outputs = binding.executeOp(name, attrs, inputs, count);
        outputs.forEach(({ id, shape, dtype }) => (meta.set(id, { dtype: dtypeName(binding, dtype), shape: [...shape] }), made.add(id)));
        ops.push({ op: name, attrs: attrs.map((attr) => ({ ...attr })), inputs: [...inputs], outputs: outputs.map(({ id }) => id) });
        return outputs;
      },
    },
    createTensor: { value: (...args: unknown[]) => binding.createTensor(...args) },
    deleteTensor: { value: (id: number) => binding.deleteTensor(id) },
    tensorDataSync: {
      value: (id: number) => {
        readBack.add(id);
        return binding.tensorDataSync(id);
      },
    },
  }) as TracedBinding;
  const getInputTensorIds = backend.getInputTensorIds;
  const inputIds = getInputTensorIds.call(backend, [...inputs]);
  const external = new Set(inputIds);
  backend.binding = watched;
  // Own property over the prototype's method: records what the tensors fed to the next op are.
  backend.getInputTensorIds = function (tensors: Tensor[]) {
    const ids = getInputTensorIds.call(this, tensors);
    ids.forEach((id, i) => {
      const { dtype, shape } = tensors[i]!;
      meta.set(id, { dtype, shape: [...shape] });
      if (made.has(id) || external.has(id) || constants.has(id)) return;
      constants.set(id, { dtype, shape: [...shape], bytes: dtype === 'string' ? undefined : bytesOf(binding.tensorDataSync(id), dtype) });
    });
    return ids;
  };
  try {
    return { result: fn(), trace: { ops, meta, readBack, constants }, inputIds };
  } finally {
    backend.binding = binding;
    delete (backend as Partial<TracedBackend>).getInputTensorIds;
  }
}
