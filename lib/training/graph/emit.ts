// Turns two traces of the same call into one graph: inputs become placeholders, every other outside value a constant,
// each traced op a node. Two traces, because one cannot tell a constant from a value JavaScript makes anew on every
// call (a dropout mask, a batch's indices): a value that differs between the two calls has no place in the graph.
import { DT_BOOL, DT_FLOAT, DT_INT32, type GraphAttr, type GraphNode, type GraphSignature, type SignatureTensor } from './graph-def';
import type { BindingAttr, Trace } from './trace';

/** A named tensor of one traced call: an input fed to it or an output it returned. */
export interface Endpoint {
  readonly key: string;
  readonly id: number;
}

export interface TracedCall {
  readonly trace: Trace;
  readonly inputs: readonly Endpoint[];
  readonly outputs: readonly Endpoint[];
}

export type Emitted = { readonly nodes: GraphNode[]; readonly signature: GraphSignature } | { readonly refused: string };

/** The binding's TF_ATTR_* numbers (tf_attrtype.h). */
const ATTR_KINDS = ['string', 'int', 'float', 'bool', 'type', 'shape'] as const;
const DTYPES: Readonly<Record<string, number>> = { float32: DT_FLOAT, int32: DT_INT32, bool: DT_BOOL };

/** Where a tensor of a trace comes from, the same way in any trace of the same call. */
function source(call: TracedCall, producers: ReadonlyMap<number, string>, inputKeys: ReadonlyMap<number, string>, id: number): string {
  return producers.get(id) ?? (inputKeys.has(id) ? `input ${inputKeys.get(id)}` : `constant ${id}`);
}

function producersOf(trace: Trace): Map<number, string> {
  const producers = new Map<number, string>();
  trace.ops.forEach((op, i) => op.outputs.forEach((id, k) => producers.set(id, `op${i}:${k}`)));
  return producers;
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  return a !== undefined && b !== undefined && a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** A graph that does what both calls did, or why there is none (the first difference between them). */
export function emitGraph(name: string, first: TracedCall, second: TracedCall): Emitted {
  const [a, b] = [first, second].map((call) => ({ call, producers: producersOf(call.trace), inputs: new Map(call.inputs.map(({ key, id }) => [id, key])) }));
  if (a!.call.trace.ops.length !== b!.call.trace.ops.length) return { refused: `the two traced steps ran ${a!.call.trace.ops.length} and ${b!.call.trace.ops.length} ops` };
  for (const { call, producers } of [a!, b!]) {
    const read = [...call.trace.readBack].find((id) => producers.has(id));
    if (read !== undefined) return { refused: `JavaScript read the value of ${producers.get(read)} during the step, and may have branched on it` };
  }
  const constantNames = new Map<number, string>();
  const nodes: GraphNode[] = [];
  const nameOf = (id: number): string => {
    const produced = b!.producers.get(id);
    if (produced !== undefined) return produced;
    const input = b!.inputs.get(id);
    if (input !== undefined) return input;
    return constantNames.get(id)!;
  };
  const same = (idA: number, idB: number): string | undefined => {
    const [sourceA, sourceB] = [source(a!.call, a!.producers, a!.inputs, idA), source(b!.call, b!.producers, b!.inputs, idB)];
    if (!sourceA.startsWith('constant') || !sourceB.startsWith('constant')) return sourceA === sourceB ? undefined : `${sourceA} in one step, ${sourceB} in the other`;
    const [valueA, valueB] = [a!.call.trace.constants.get(idA), b!.call.trace.constants.get(idB)];
    if (!sameBytes(valueA?.bytes, valueB?.bytes)) return `a ${valueB?.dtype ?? ''} tensor of shape [${valueB?.shape ?? ''}] made outside the graph has other values in each step`;
    if (!constantNames.has(idB)) {
      const value = valueB!;
      const dtype = DTYPES[value.dtype];
      if (dtype === undefined) return `a constant of type ${value.dtype}`;
      const constName = `const${constantNames.size}`;
      constantNames.set(idB, constName);
      nodes.push({ name: constName, op: 'Const', inputs: [], attrs: [{ name: 'dtype', kind: 'type', value: dtype }, { name: 'value', kind: 'tensor', value: { dtype, shape: value.shape, bytes: value.bytes! } }] });
    }
    return undefined;
  };
  for (const [i, opB] of b!.call.trace.ops.entries()) {
    const opA = a!.call.trace.ops[i]!;
    if (opA.op !== opB.op || JSON.stringify(opA.attrs) !== JSON.stringify(opB.attrs) || opA.inputs.length !== opB.inputs.length) {
      return { refused: `op ${i} is ${opA.op} in one step and ${opB.op} in the other, or its attributes or inputs differ` };
    }
    for (const [k, id] of opB.inputs.entries()) {
      const difference = same(opA.inputs[k]!, id);
      if (difference !== undefined) return { refused: `input ${k} of op ${i} (${opB.op}): ${difference}` };
    }
  }
  const signatureOf = (endpoints: readonly Endpoint[], tensor: (key: string) => string): SignatureTensor[] | string => {
    const entries: SignatureTensor[] = [];
    for (const { key, id } of endpoints) {
      const meta = b!.call.trace.meta.get(id);
      const dtype = meta && DTYPES[meta.dtype];
      if (dtype === undefined) return `${key} is of type ${meta?.dtype ?? 'unknown'} (expected float32, int32 or bool)`;
      entries.push({ key, tensor: tensor(key), dtype, shape: meta!.shape });
    }
    return entries;
  };
  const inputs = signatureOf(b!.call.inputs, (key) => `${key}:0`);
  const outputs = signatureOf(b!.call.outputs, (key) => `out_${key}:0`);
  if (typeof inputs === 'string') return { refused: inputs };
  if (typeof outputs === 'string') return { refused: outputs };
  for (const [k, { key, id }] of b!.call.outputs.entries()) {
    const difference = same(a!.call.outputs[k]!.id, id);
    if (difference !== undefined) return { refused: `output ${key}: ${difference}` };
  }
  const placeholders = inputs.map(({ key, dtype, shape }): GraphNode => ({ name: key, op: 'Placeholder', inputs: [], attrs: [{ name: 'dtype', kind: 'type', value: dtype }, { name: 'shape', kind: 'shape', value: shape }] }));
  const ops = b!.call.trace.ops.map((op, i): GraphNode => ({ name: `op${i}`, op: op.op, inputs: op.inputs.map(nameOf), attrs: op.attrs.map(graphAttr) }));
  const identities = b!.call.outputs.map(({ key, id }, k): GraphNode => ({ name: `out_${key}`, op: 'Identity', inputs: [nameOf(id)], attrs: [{ name: 'T', kind: 'type', value: outputs[k]!.dtype }] }));
  return { nodes: [...placeholders, ...nodes, ...ops, ...identities], signature: { name, inputs, outputs } };
}

function graphAttr({ name, type, value }: BindingAttr): GraphAttr {
  const kind = ATTR_KINDS[type];
  if (kind === undefined) throw new RangeError(`attribute ${name} has binding type ${type}, not one of TF_ATTR_STRING … TF_ATTR_SHAPE (0–5)`);
  return { name, kind, value } as GraphAttr;
}
