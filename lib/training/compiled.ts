// What a training loop needs from a compiled tfjs model: optimizer, loss, metrics and the regularisation penalties.
// The only place lib reads tfjs's private training state.
import { ModelError, TfjsInternalsError } from '../errors';
import { tf, type LayersModel, type Tensor } from '../tf';

type Optimizer = ReturnType<typeof tf.train.adam>;
export type LossOrMetric = (yTrue: Tensor, yPred: Tensor) => Tensor;

export interface CompiledParts {
  readonly optimizer: Optimizer;
  /** Per-example loss; the loop takes its mean. */
  readonly loss: LossOrMetric;
  /** Metrics by the names tfjs gives them ('acc' for accuracy). */
  readonly metrics: ReadonlyArray<{ readonly name: string; readonly fn: LossOrMetric }>;
  /** The layers' weight-regulariser penalties now, as scalars, to add to the mean loss as tfjs's `fit` does. */
  readonly penalties: () => Tensor[];
}

/** The private fields `compile()` leaves on a LayersModel (on the inner model of a Sequential), as of tfjs 4.22. */
const COMPILED_FIELDS = {
  optimizer: (value: unknown) => typeof value === 'object' && value !== null && typeof (value as { minimize?: unknown }).minimize === 'function',
  lossFunctions: (value: unknown) => Array.isArray(value) && value.every((item) => typeof item === 'function'),
  metricsNames: (value: unknown) => Array.isArray(value) && value.every((item) => typeof item === 'string'),
  metricsTensors: (value: unknown) => Array.isArray(value) && value.every((item) => Array.isArray(item) && typeof item[0] === 'function'),
} as const;

interface CompiledState {
  readonly optimizer: Optimizer;
  readonly lossFunctions: LossOrMetric[];
  readonly metricsNames: string[];
  readonly metricsTensors: Array<[LossOrMetric, number]>;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return value === null ? 'null' : typeof value;
}

/** Reads a compiled single-input, single-output model's training parts, or says what is missing. */
export function compiledParts(model: LayersModel): CompiledParts {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new ModelError(model.name, `${model.inputs.length} inputs and ${model.outputs.length} outputs`, 'The training loop trains models with one input and one output.');
  }
  const inner = (model as unknown as { model?: LayersModel }).model ?? model;
  const fields = inner as unknown as Record<string, unknown>;
  if (fields['optimizer'] === undefined || fields['optimizer'] === null) {
    throw new ModelError(model.name, 'it is not compiled', 'Call model.compile({ optimizer, loss }) first.');
  }
  for (const [field, valid] of Object.entries(COMPILED_FIELDS)) {
    if (!valid(fields[field])) throw new TfjsInternalsError(field, describe(fields[field]));
  }
  const state = inner as unknown as CompiledState;
  if (state.lossFunctions.length !== 1) {
    throw new TfjsInternalsError('lossFunctions', `${state.lossFunctions.length} losses for one output`);
  }
  const metrics = state.metricsTensors.map(([fn], i) => ({ name: state.metricsNames[i + 1] ?? `metric${i}`, fn }));
  return { optimizer: state.optimizer, loss: state.lossFunctions[0]!, metrics, penalties: () => model.calculateLosses() as Tensor[] };
}
