// A function of named tensors that runs as one TensorFlow graph once two eager calls with inputs of the same shapes have
// traced it; a call the tracer cannot turn into a graph stays eager, saying why in one line. One graph per input shape.
import type { TrainingExecutor } from '../../config/schema';
import type { LayersModel, Tensor } from '../../tf';
import { emitGraph, type TracedCall } from './emit';
import { GraphSession } from './session';
import type { Named } from './step-layout';
import { tensorIds, traceCall } from './trace';

/** The keys of a model call's batch inputs, in order. */
const BATCH_KEYS = ['x', 'y'];

/** How calls with inputs of one shape run: traced eagerly (the first two), as a graph, or eagerly for good. */
export type CallMode = 'tracing' | 'graph' | 'eager';

type Plan = { mode: 'tracing'; first?: TracedCall } | { mode: 'graph'; session: GraphSession } | { mode: 'eager' };

export interface GraphCallOptions {
  /** Whether to trace and run graphs at all; false runs every call eagerly, as a reference. @default true */
  readonly graph?: boolean;
  /** Where the line goes that says inputs of a shape run eagerly, and why. @default console.warn */
  readonly log?: (line: string) => void;
}

/** Runs `eager` (which returns new tensors the caller owns, and frees all else it makes) or the graph traced from it. */
export class GraphCall {
  private readonly plans = new Map<string, Plan>();
  private readonly log: (line: string) => void;
  private readonly graph: boolean;
  /** Calls that ran as a graph so far. */
  graphRuns = 0;

  /**
   * `what` names the call in the log line, e.g. "model 'unet' trains"; the first `batchInputs` inputs are the ones
   * whose shapes may change from call to call (a last, smaller batch), each shape getting a graph of its own.
   */
  constructor(private readonly name: string, private readonly what: string, private readonly batchInputs: number, options: GraphCallOptions = {}) {
    this.log = options.log ?? ((line) => console.warn(line));
    this.graph = options.graph ?? true;
  }

  /** How calls with inputs of these shapes run now. */
  mode(inputs: readonly Named[]): CallMode {
    return this.plans.get(this.shapeKey(inputs))?.mode ?? (this.graph ? 'tracing' : 'eager');
  }

  /** The outputs of one call, in the order `eager` returns them, as new tensors the caller owns. */
  call(inputs: readonly Named[], eager: () => Named[]): Tensor[] {
    const key = this.shapeKey(inputs);
    const plan: Plan = this.plans.get(key) ?? (this.graph ? { mode: 'tracing' } : { mode: 'eager' });
    this.plans.set(key, plan);
    const tensors = inputs.map(({ tensor }) => tensor);
    if (plan.mode === 'graph') {
      this.graphRuns++;
      return plan.session.run(tensors);
    }
    // A tensor fed twice (x as its own target) would be one placeholder: a graph that could not take other inputs.
    if (plan.mode === 'eager' || new Set(tensorIds(tensors)).size < inputs.length) return eager().map(({ tensor }) => tensor);
    const traced = traceCall(tensors, eager);
    const outputs = traced.result;
    const outputIds = tensorIds(outputs.map(({ tensor }) => tensor));
    const call: TracedCall = { trace: traced.trace, inputs: inputs.map(({ key }, i) => ({ key, id: traced.inputIds[i]! })), outputs: outputs.map(({ key }, i) => ({ key, id: outputIds[i]! })) };
    if (plan.first === undefined) plan.first = call;
    else this.plans.set(key, this.compile(key, plan.first, call));
    return outputs.map(({ tensor }) => tensor);
  }

  /** Frees the graphs; a later call traces anew. */
  close(): void {
    for (const plan of this.plans.values()) if (plan.mode === 'graph') plan.session.close();
    this.plans.clear();
  }

  private shapeKey(inputs: readonly Named[]): string {
    return inputs.slice(0, this.batchInputs).map(({ tensor }) => `[${tensor.shape}]`).join('→');
  }

  private compile(key: string, first: TracedCall, second: TracedCall): Plan {
    const emitted = emitGraph(`${this.name}_${key}`, first, second);
    const eagerly = (why: string): Plan => {
      this.log(`lib/training/graph: ${this.what} eagerly on inputs of shape ${key}: ${why}`);
      return { mode: 'eager' };
    };
    if ('refused' in emitted) return eagerly(`${emitted.refused}.`);
    try {
      return { mode: 'graph', session: GraphSession.load(emitted.nodes, emitted.signature) };
    } catch (error) {
      return eagerly((error as Error).message);
    }
  }
}


/** A model's computation on a batch (x, or x and y) that returns one new tensor; close it to free its graphs. */
export type BatchCall = ((...batch: Tensor[]) => Tensor) & { close(): void };

/**
 * `eager` on batches, or, on the 'graph' executor, the graph traced from it, fed the batch and the model's weights as
 * they are at each call (so a model trained further computes with its new weights). `what` ends the log line: e.g.
 * 'predicts'.
 */
export function modelBatchCall(model: LayersModel, executor: TrainingExecutor, what: string, eager: (...batch: Tensor[]) => Tensor): BatchCall {
  if (executor === 'eager') return Object.assign((...batch: Tensor[]) => eager(...batch), { close() {} });
  let graph: GraphCall | undefined;
  const run = (...batch: Tensor[]) => {
    graph ??= new GraphCall(what, `model '${model.name}' ${what}`, batch.length);
    const inputs = [...batch.map((tensor, i) => ({ key: BATCH_KEYS[i]!, tensor })), ...model.weights.map((weight, i) => ({ key: `w${i}`, tensor: weight.read() }))];
    return graph.call(inputs, () => [{ key: 'out', tensor: eager(...batch) }])[0]!;
  };
  return Object.assign(run, { close: () => graph?.close() });
}
