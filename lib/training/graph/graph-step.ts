// A training step (loss, gradients, Adam) that runs as one TensorFlow graph once two eager steps have traced it; a step
// the tracer cannot turn into a graph stays eager, and says why in one line. One graph per batch shape.
import type { CompiledParts } from '../compiled';
import { tf, type LayersModel, type Tensor } from '../../tf';
import { adamUpdate, type AdamScalars, type AdamTensors } from './adam-update';
import { emitGraph, type Endpoint, type TracedCall } from './emit';
import { GraphSession } from './session';
import { traceCall } from './trace';

type Variable = ReturnType<typeof tf.variable>;

export interface AdamSettings {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

export interface GraphStepOptions {
  /** Whether to trace and run graphs at all; false runs every step eagerly, as a reference. @default true */
  readonly graph?: boolean;
  /** Where the line goes that says a batch shape trains eagerly, and why. @default console.warn */
  readonly log?: (line: string) => void;
}

/** How steps of one batch shape run: traced eagerly (the first two), as a graph, or eagerly for good. */
export type StepMode = 'tracing' | 'graph' | 'eager';

type Plan = { mode: 'tracing'; first?: TracedCall } | { mode: 'graph'; session: GraphSession } | { mode: 'eager' };

interface StepResult {
  /** [loss, ...metrics] of the batch. */
  readonly values: Tensor;
  readonly next: AdamTensors;
}

/** Trains `variables` of a compiled model with Adam, from fresh moments, graph-executed where it can be. */
export class GraphTrainStep {
  private state: AdamTensors;
  private scalars: AdamScalars;
  private settings: AdamSettings;
  private readonly plans = new Map<string, Plan>();
  private readonly log: (line: string) => void;
  private readonly graph: boolean;

  constructor(private readonly model: LayersModel, private readonly parts: CompiledParts, private readonly variables: readonly Variable[], settings: AdamSettings, options: GraphStepOptions = {}) {
    this.log = options.log ?? ((line) => console.warn(line));
    this.graph = options.graph ?? true;
    this.settings = settings;
    this.scalars = makeScalars(settings);
    this.state = {
      weights: variables,
      firstMoments: variables.map((variable) => tf.zerosLike(variable)),
      secondMoments: variables.map((variable) => tf.zerosLike(variable)),
      accBeta1: tf.scalar(settings.beta1),
      accBeta2: tf.scalar(settings.beta2),
    };
  }

  /** How steps on batches of `x`'s and `y`'s shapes run now. */
  mode(x: Tensor, y: Tensor): StepMode {
    return this.plans.get(shapeKey(x, y))?.mode ?? 'tracing';
  }

  /** Takes a new learning rate (a schedule) without a new graph: the hyperparameters are inputs of the graph. */
  setAdam(settings: AdamSettings): void {
    if (Object.entries(settings).every(([name, value]) => this.settings[name as keyof AdamSettings] === value)) return;
    tf.dispose(Object.values(this.scalars));
    this.scalars = makeScalars(settings);
    this.settings = settings;
  }

  /** One step on the batch (`x`, `y`); returns [loss, ...metrics]. The variables hold the new weights after it. */
  step(x: Tensor, y: Tensor): number[] {
    const key = shapeKey(x, y);
    const plan: Plan = this.plans.get(key) ?? (this.graph ? { mode: 'tracing' } : { mode: 'eager' });
    this.plans.set(key, plan);
    const inputs = this.inputs(x, y);
    let result: StepResult;
    if (plan.mode === 'graph') result = this.fromGraph(plan.session, inputs);
    else if (plan.mode === 'eager' || new Set(this.ids(inputs)).size < inputs.length) result = this.eager(x, y);
    else {
      const traced = traceCall(inputs.map(({ tensor }) => tensor), () => this.eager(x, y));
      const outputs = this.outputs(traced.result);
      const call: TracedCall = { trace: traced.trace, inputs: inputs.map(({ key }, i) => ({ key, id: traced.inputIds[i]! })), outputs: outputs.map(({ key, tensor }) => ({ key, id: this.ids([{ tensor }])[0]! })) };
      if (plan.first === undefined) plan.first = call;
      else this.plans.set(key, this.compile(key, plan.first, call));
      result = traced.result;
    }
    return this.adopt(result);
  }

  /** Frees the moments and the graphs; the variables keep their weights. */
  close(): void {
    for (const plan of this.plans.values()) if (plan.mode === 'graph') plan.session.close();
    this.plans.clear();
    tf.dispose([...this.state.firstMoments, ...this.state.secondMoments, this.state.accBeta1, this.state.accBeta2, ...Object.values(this.scalars)]);
  }

  private compile(key: string, first: TracedCall, second: TracedCall): Plan {
    const emitted = emitGraph(`step_${key}`, first, second);
    if ('refused' in emitted) {
      this.log(`lib/training/graph: model '${this.model.name}' trains eagerly on batches of shape ${key}: ${emitted.refused}.`);
      return { mode: 'eager' };
    }
    try {
      return { mode: 'graph', session: GraphSession.load(emitted.nodes, emitted.signature) };
    } catch (error) {
      this.log(`lib/training/graph: model '${this.model.name}' trains eagerly on batches of shape ${key}: ${(error as Error).message}`);
      return { mode: 'eager' };
    }
  }

  private inputs(x: Tensor, y: Tensor): Array<{ key: string; tensor: Tensor }> {
    const { weights, firstMoments, secondMoments, accBeta1, accBeta2 } = this.state;
    const { minusLearningRate, beta1, oneMinusBeta1, beta2, oneMinusBeta2, epsilon } = this.scalars;
    return [
      { key: 'x', tensor: x }, { key: 'y', tensor: y },
      ...weights.map((tensor, i) => ({ key: `w${i}`, tensor })),
      ...firstMoments.map((tensor, i) => ({ key: `m${i}`, tensor })),
      ...secondMoments.map((tensor, i) => ({ key: `v${i}`, tensor })),
      { key: 'acc_beta1', tensor: accBeta1 }, { key: 'acc_beta2', tensor: accBeta2 },
      { key: 'minus_learning_rate', tensor: minusLearningRate }, { key: 'beta1', tensor: beta1 }, { key: 'one_minus_beta1', tensor: oneMinusBeta1 },
      { key: 'beta2', tensor: beta2 }, { key: 'one_minus_beta2', tensor: oneMinusBeta2 }, { key: 'epsilon', tensor: epsilon },
    ];
  }

  private outputs({ values, next }: StepResult): Array<{ key: string; tensor: Tensor }> {
    return [
      { key: 'values', tensor: values },
      ...next.weights.map((tensor, i) => ({ key: `w${i}`, tensor })),
      ...next.firstMoments.map((tensor, i) => ({ key: `m${i}`, tensor })),
      ...next.secondMoments.map((tensor, i) => ({ key: `v${i}`, tensor })),
      { key: 'acc_beta1', tensor: next.accBeta1 }, { key: 'acc_beta2', tensor: next.accBeta2 },
    ];
  }

  private ids(entries: ReadonlyArray<{ tensor: Tensor }>): number[] {
    return (tf.backend() as unknown as { getInputTensorIds(tensors: Tensor[]): number[] }).getInputTensorIds(entries.map(({ tensor }) => tensor));
  }

  private fromGraph(session: GraphSession, inputs: ReadonlyArray<{ tensor: Tensor }>): StepResult {
    const [values, ...rest] = session.run(inputs.map(({ tensor }) => tensor));
    const count = this.variables.length;
    const take = (from: number, n: number) => rest.slice(from, from + n);
    return { values: values!, next: { weights: take(0, count), firstMoments: take(count, count), secondMoments: take(2 * count, count), accBeta1: rest[3 * count]!, accBeta2: rest[3 * count + 1]! } };
  }

  /** tfjs's step: the mean loss plus the regularisers' penalties, its gradients, then Adam. */
  private eager(x: Tensor, y: Tensor): StepResult {
    const { model, parts, variables, state, scalars } = this;
    // tidy keeps what the step returns, moments and step products included, and frees the rest.
    return tf.tidy(() => {
      const metrics: Tensor[] = [];
      const lossOfBatch = () => {
        const predicted = model.apply(x, { training: true }) as Tensor;
        parts.metrics.forEach((metric) => metrics.push(tf.keep(metric.fn(y, predicted).mean())));
        return parts.penalties().reduce((total, penalty) => total.add(penalty), parts.loss(y, predicted).mean()) as ReturnType<typeof tf.scalar>;
      };
      const { value, grads } = tf.variableGrads(lossOfBatch, [...variables]);
      const next = adamUpdate(state, variables.map((variable) => grads[variable.name]!), scalars);
      return { values: tf.stack([value, ...metrics]), next } as unknown as Tensor[];
    }) as unknown as StepResult;
  }

  /** Makes `result` the state: the variables take the new weights, the old moments are freed. */
  private adopt({ values, next }: StepResult): number[] {
    next.weights.forEach((weight, i) => this.variables[i]!.assign(weight));
    tf.dispose([...next.weights, ...this.state.firstMoments, ...this.state.secondMoments, this.state.accBeta1, this.state.accBeta2]);
    this.state = { ...next, weights: this.variables };
    const numbers = Array.from(values.dataSync());
    values.dispose();
    return numbers;
  }
}

function shapeKey(x: Tensor, y: Tensor): string {
  return `[${x.shape}]→[${y.shape}]`;
}

function makeScalars({ learningRate, beta1, beta2, epsilon }: AdamSettings): AdamScalars {
  return {
    minusLearningRate: tf.scalar(-learningRate), beta1: tf.scalar(beta1), oneMinusBeta1: tf.scalar(1 - beta1),
    beta2: tf.scalar(beta2), oneMinusBeta2: tf.scalar(1 - beta2), epsilon: tf.scalar(epsilon),
  };
}
