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
import { GraphCall, type CallMode, type GraphCallOptions } from './graph-call';
import { resultOf, stepInputs, stepOutputs, type Named } from './step-layout';

type Variable = ReturnType<typeof tf.variable>;

export type GraphStepOptions = GraphCallOptions;

/** Trains `variables` of a compiled model with Adam, graph-executed where it can be. */
export class GraphTrainStep {
  /** Steps taken so far. */
  steps = 0;
  private state: AdamTensors;
  private scalars: AdamScalars;
  private settings: AdamSettings;
  private readonly calls: GraphCall;
  private readonly dropouts: readonly SeededDropout[];

  /** Adam starts from `start` (which the step then owns and frees) or, without it, from zero moments as tfjs does. */
  constructor(private readonly model: LayersModel, private readonly parts: CompiledParts, private readonly variables: readonly Variable[], settings: AdamSettings, options: GraphStepOptions = {}, start?: Omit<AdamStart, 'settings'>) {
    this.calls = new GraphCall('step', `model '${model.name}' trains`, 2, options);
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
  mode(x: Tensor, y: Tensor): CallMode {
    return this.calls.mode([{ key: 'x', tensor: x }, { key: 'y', tensor: y }]);
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
    const inputs = stepInputs(this.state, this.scalars, x, y, masks);
    const eager = () => stepOutputs(eagerStep(this.model, this.parts, this.variables, this.state, this.scalars, x, y));
    return resultOf(this.calls.call(inputs, eager), this.variables.length);
  }

  /** Adam's state now: tensors this step owns, valid until the next step or `close`. */
  adamState(): Omit<AdamStart, 'settings'> {
    const { firstMoments, secondMoments, accBeta1, accBeta2 } = this.state;
    return { firstMoments: [...firstMoments], secondMoments: [...secondMoments], accBeta1, accBeta2 };
  }

  /** Frees the moments and the graphs; the variables keep their weights. */
  close(): void {
    this.calls.close();
    tf.dispose([...this.state.firstMoments, ...this.state.secondMoments, this.state.accBeta1, this.state.accBeta2, ...Object.values(this.scalars)]);
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

function makeScalars({ learningRate, beta1, beta2, epsilon }: AdamSettings): AdamScalars {
  return {
    minusLearningRate: tf.scalar(-learningRate), beta1: tf.scalar(beta1), oneMinusBeta1: tf.scalar(1 - beta1),
    beta2: tf.scalar(beta2), oneMinusBeta2: tf.scalar(1 - beta2), epsilon: tf.scalar(epsilon),
  };
}
