// What a training loop needs from a compiled tfjs model: its optimizer, loss and metric functions.
import { ConfigError } from '../errors';
import { tf, type LayersModel, type Tensor } from '../tf';

type Optimizer = ReturnType<typeof tf.train.adam>;
export type LossOrMetric = (yTrue: Tensor, yPred: Tensor) => Tensor;

export interface CompiledParts {
  readonly optimizer: Optimizer;
  /** Per-example loss; the loop takes its mean. */
  readonly loss: LossOrMetric;
  /** Metrics by the names tfjs gives them ('acc' for accuracy). */
  readonly metrics: ReadonlyArray<{ readonly name: string; readonly fn: LossOrMetric }>;
}

/** The state `compile()` leaves on a LayersModel; tfjs keeps it public there but private inside a Sequential. */
interface CompiledState {
  readonly optimizer?: Optimizer;
  readonly lossFunctions?: LossOrMetric[];
  readonly metricsNames?: string[];
  readonly metricsTensors?: Array<[LossOrMetric, number]>;
}

/** Reads a compiled single-input, single-output model's training parts, or says what is missing. */
export function compiledParts(model: LayersModel): CompiledParts {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    const found = `${model.inputs.length} inputs and ${model.outputs.length} outputs`;
    throw new ConfigError('model', model.name, `a model with one input and one output, found ${found}`);
  }
  const inner = (model as unknown as { model?: LayersModel }).model ?? model;
  const state = inner as unknown as CompiledState;
  const loss = state.lossFunctions?.[0];
  if (state.optimizer === undefined || loss === undefined) {
    throw new ConfigError('model', model.name, 'a compiled model: call model.compile({ optimizer, loss }) first');
  }
  const names = state.metricsNames ?? ['loss'];
  const metrics = (state.metricsTensors ?? []).map(([fn], i) => ({ name: names[i + 1] ?? `metric${i}`, fn }));
  return { optimizer: state.optimizer, loss, metrics };
}
