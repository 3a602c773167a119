// A training step (loss, gradients, Adam) that runs as one TensorFlow graph once two eager steps have traced it; a step
// the tracer cannot turn into a graph stays eager, and says why in one line. One graph per batch shape. Seeded dropout
// masks are drawn before each step and fed to it (dropout-inputs.ts), so graph and eager steps use the same ones.
import type { SeededDropout } from '../../models/seeded-dropout';
import type { CompiledParts } from '../compiled';
import { tf, type LayersModel, type Tensor } from '../../tf';
import type { AdamStart } from './adam-slots';
import type { AdamScalars, AdamSettings, AdamTensors } from './adam-update';
import { eagerStep, type StepResult } from './eager-step';
import { drawMasks, seededDropouts } from './dropout-inputs';
import { emitGraph, type TracedCall } from './emit';
import { GraphSession } from './session';
import { resultOf, stepInputs, stepOutputs, type Named } from './step-layout';
import { tensorIds, traceCall } from './trace';

type Variable = ReturnType<typeof tf.variable>;

export interface GraphStepOptions {
  /** Whether to trace and run graphs at all; false runs every step eagerly, as a reference. @default true */
  readonly graph?: boolean;
  /** Where the line goes that says a batch shape trains eagerly, and why. @default console.warn */
  readonly log?: (line: string) => void;
}

/** How steps of one batch shape run: traced eagerly (the first two), as a graph, or eagerly for good. */
export type StepMode = 'tracing' | 'graph' | 'eager';

type Plan = { mode: 'tracing'; first?: TracedCall } | { mode: 'graph'; session: GraphSession } | { mode: 'eager' };

/** Trains `variables` of a compiled model with Adam, graph-executed where it can be. */
export class GraphTrainStep {
  /** Steps taken so far. */
  steps = 0;
  private state: AdamTensors;
  private scalars: AdamScalars;
  private settings: AdamSettings;
  private readonly plans = new Map<string, Plan>();
  private readonly log: (line: string) => void;
  private readonly graph: boolean;
  private readonly dropouts: readonly SeededDropout[];

  /** Adam starts from `start` (which the step then owns and frees) or, without it, from zero moments as tfjs does. */
  constructor(private readonly model: LayersModel, private readonly parts: CompiledParts, private readonly variables: readonly Variable[], settings: AdamSettings, options: GraphStepOptions = {}, start?: Omit<AdamStart, 'settings'>) {
    this.log = options.log ?? ((line) => console.warn(line));
    this.graph = options.graph ?? true;
    this.dropouts = seededDropouts(model);
    this.settings = settings;
    this.scalars = makeScalars(settings);
    this.state = start ? { weights: variables, ...start } : {
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
    const masks = drawMasks(this.dropouts, x.shape[0]!);
    try {
      return this.adopt(this.run(x, y, masks.inputs));
    } finally {
      masks.release();
    }
  }

  private run(x: Tensor, y: Tensor, masks: readonly Named[]): StepResult {
    const key = shapeKey(x, y);
    const plan: Plan = this.plans.get(key) ?? (this.graph ? { mode: 'tracing' } : { mode: 'eager' });
    this.plans.set(key, plan);
    const inputs = stepInputs(this.state, this.scalars, x, y, masks);
    const eager = () => eagerStep(this.model, this.parts, this.variables, this.state, this.scalars, x, y);
    if (plan.mode === 'graph') return resultOf(plan.session.run(inputs.map(({ tensor }) => tensor)), this.variables.length);
    // A tensor fed twice (x as its own target) would be one placeholder: a graph that could not take other batches.
    if (plan.mode === 'eager' || new Set(tensorIds(inputs.map(({ tensor }) => tensor))).size < inputs.length) return eager();
    const traced = traceCall(inputs.map(({ tensor }) => tensor), eager);
    const outputs = stepOutputs(traced.result);
    const outputIds = tensorIds(outputs.map(({ tensor }) => tensor));
    const call: TracedCall = { trace: traced.trace, inputs: inputs.map(({ key }, i) => ({ key, id: traced.inputIds[i]! })), outputs: outputs.map(({ key }, i) => ({ key, id: outputIds[i]! })) };
    if (plan.first === undefined) plan.first = call;
    else this.plans.set(key, this.compile(key, plan.first, call));
    return traced.result;
  }

  /** Adam's state now: tensors this step owns, valid until the next step or `close`. */
  adamState(): Omit<AdamStart, 'settings'> {
    const { firstMoments, secondMoments, accBeta1, accBeta2 } = this.state;
    return { firstMoments: [...firstMoments], secondMoments: [...secondMoments], accBeta1, accBeta2 };
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

  /** Makes `result` the state: the variables take the new weights, the old moments are freed. */
  private adopt({ values, next }: StepResult): number[] {
    next.weights.forEach((weight, i) => this.variables[i]!.assign(weight));
    tf.dispose([...next.weights, ...this.state.firstMoments, ...this.state.secondMoments, this.state.accBeta1, this.state.accBeta2]);
    this.state = { ...next, weights: this.variables };
    const numbers = Array.from(values.dataSync());
    values.dispose();
    this.steps++;
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
