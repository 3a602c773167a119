// tfjs's Adam update, bit for bit, over all of a model's weights at once. tfjs's AdamOptimizer issues 14 element-wise
// ops (and uploads their scalars) per weight tensor: 22 × 14 for the U-Net, each a separate native call through
// tfjs-node. Element-wise float32 add, mul, div and sqrt round every element the same way whatever the array around it,
// so the same sequence of ops over one flat array of all the weights gives the same numbers in about 20 native calls.
// The optimizer stays the owner of its state: `open` reads its moments and step counts, `close` writes them back.
// Between steps a callback may set the model's weights or the optimizer's learning rate (a schedule); tfjs's Adam reads
// both at every step, and so does each step here, cheaply: a weight variable's data changes identity when anything
// assigns it, and the hyperparameters are four numbers. Honouring them is simpler to make exact than refusing them.
import { ConfigError, TfjsInternalsError } from '../errors';
import { tf, type Tensor } from '../tf';

type Variable = ReturnType<typeof tf.variable>;
type Optimizer = InstanceType<typeof tf.Optimizer>;

/** The fields of tfjs 4.22's AdamOptimizer that its applyGradients reads and writes. */
export interface AdamState extends Hyperparameters {
  accBeta1: Variable;
  accBeta2: Variable;
  accumulatedFirstMoment: Array<{ originalName: string; variable: Variable } | undefined>;
  accumulatedSecondMoment: Array<{ originalName: string; variable: Variable } | undefined>;
  iterations_?: number;
}

interface Hyperparameters {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

type Constants = Record<'beta1' | 'oneMinusBeta1' | 'beta2' | 'oneMinusBeta2' | 'epsilon' | 'minusRate' | 'one', Tensor>;

const HYPERPARAMETERS = ['learningRate', 'beta1', 'beta2', 'epsilon'] as const;
const ADAM_CLASS_NAME = 'Adam';
const READER = 'lib/training/flat-adam.ts';

/** `optimizer`'s state if it is tfjs's Adam (checked field by field), undefined for any other optimizer. */
export function adamState(optimizer: Optimizer): AdamState | undefined {
  if ((optimizer.constructor as { className?: string }).className !== ADAM_CLASS_NAME) return undefined;
  const state = optimizer as unknown as Record<string, unknown>;
  for (const field of ['learningRate', 'beta1', 'beta2', 'epsilon']) {
    if (typeof state[field] !== 'number') throw new TfjsInternalsError(`AdamOptimizer.${field}`, typeof state[field], READER);
  }
  for (const field of ['accumulatedFirstMoment', 'accumulatedSecondMoment']) {
    if (!Array.isArray(state[field])) throw new TfjsInternalsError(`AdamOptimizer.${field}`, typeof state[field], READER);
  }
  for (const field of ['accBeta1', 'accBeta2']) {
    if (!(state[field] instanceof tf.Variable)) throw new TfjsInternalsError(`AdamOptimizer.${field}`, typeof state[field], READER);
  }
  return optimizer as unknown as AdamState;
}

/** A flat view of a tfjs Adam optimizer's state for the duration of one training; undefined for other optimizers. */
export function openFlatAdam(optimizer: Optimizer, variables: readonly Variable[]): FlatAdam | undefined {
  const state = adamState(optimizer);
  if (state === undefined) return undefined;
  // Checked before FlatAdam allocates anything, so a refusal leaves no tensors behind.
  const sizes = variables.map((variable) => variable.size);
  checkMoments(state.accumulatedFirstMoment, 'accumulatedFirstMoment', sizes);
  checkMoments(state.accumulatedSecondMoment, 'accumulatedSecondMoment', sizes);
  return new FlatAdam(state, variables);
}

/** tfjs keeps no moments before its first step; after it, one per weight, in the variables' order. */
function checkMoments(moments: AdamState['accumulatedFirstMoment'], field: string, sizes: readonly number[]): void {
  if (moments.length === 0) return;
  const found = moments.map((moment) => moment?.variable.size);
  if (moments.length !== sizes.length || found.some((size, i) => size !== sizes[i])) {
    throw new TfjsInternalsError(`AdamOptimizer.${field}`, `moments of sizes [${found.join(', ')}] for weights of sizes [${sizes.join(', ')}]`, READER);
  }
}

export class FlatAdam {
  private readonly sizes: number[];
  private constants: Constants;
  /** The numbers `constants` were made from. */
  private hyperparameters: Hyperparameters;
  /** Each variable's data as this optimizer last wrote it (or read it). */
  private written: readonly object[];
  private weights: Tensor;
  private firstMoment: Tensor;
  private secondMoment: Tensor;
  private accBeta1: Tensor;
  private accBeta2: Tensor;
  private steps = 0;

  constructor(private readonly state: AdamState, private readonly variables: readonly Variable[]) {
    this.sizes = variables.map((variable) => variable.size);
    this.hyperparameters = currentHyperparameters(state);
    this.constants = makeConstants(this.hyperparameters);
    this.weights = tf.keep(this.flatten(variables));
    this.written = variables.map((variable) => variable.dataId);
    this.firstMoment = tf.keep(this.flattenMoments(state.accumulatedFirstMoment));
    this.secondMoment = tf.keep(this.flattenMoments(state.accumulatedSecondMoment));
    this.accBeta1 = tf.keep(state.accBeta1.clone());
    this.accBeta2 = tf.keep(state.accBeta2.clone());
  }

  /** One Adam step with `gradients` (in the order of the variables); the variables hold the new weights after it. */
  step(gradients: readonly Tensor[]): void {
    this.followChanges();
    const { beta1, oneMinusBeta1, beta2, oneMinusBeta2, epsilon, minusRate, one } = this.constants;
    const next = tf.tidy(() => {
      const gradient = this.flatten(gradients);
      const oneMinusAccBeta1 = tf.sub(one, this.accBeta1);
      const oneMinusAccBeta2 = tf.sub(one, this.accBeta2);
      const firstMoment = tf.add(tf.mul(this.firstMoment, beta1), tf.mul(gradient, oneMinusBeta1));
      const secondMoment = tf.add(tf.mul(this.secondMoment, beta2), tf.mul(tf.square(gradient), oneMinusBeta2));
      const corrected1 = tf.div(firstMoment, oneMinusAccBeta1);
      const corrected2 = tf.div(secondMoment, oneMinusAccBeta2);
      const weights = tf.add(tf.mul(tf.div(corrected1, tf.add(tf.sqrt(corrected2), epsilon)), minusRate), this.weights);
      const parts = tf.split(weights, this.sizes);
      parts.forEach((part, i) => this.variables[i]!.assign(part.reshape(this.variables[i]!.shape)));
      const accBeta1 = tf.mul(this.accBeta1, beta1);
      const accBeta2 = tf.mul(this.accBeta2, beta2);
      return { weights, firstMoment, secondMoment, accBeta1, accBeta2 };
    });
    tf.dispose([this.weights, this.firstMoment, this.secondMoment, this.accBeta1, this.accBeta2]);
    Object.values(next).forEach((tensor) => tf.keep(tensor));
    ({ weights: this.weights, firstMoment: this.firstMoment, secondMoment: this.secondMoment, accBeta1: this.accBeta1, accBeta2: this.accBeta2 } = next);
    this.written = this.variables.map((variable) => variable.dataId);
    this.steps++;
  }

  /** Takes up what changed since the last step: weights something else assigned, the optimizer's hyperparameters. */
  private followChanges(): void {
    if (this.variables.some((variable, i) => variable.dataId !== this.written[i])) {
      this.weights.dispose();
      this.weights = tf.keep(this.flatten(this.variables));
      this.written = this.variables.map((variable) => variable.dataId);
    }
    const now = currentHyperparameters(this.state);
    if (HYPERPARAMETERS.some((name) => now[name] !== this.hyperparameters[name])) {
      tf.dispose(Object.values(this.constants));
      this.constants = makeConstants(now);
      this.hyperparameters = now;
    }
  }

  /** Writes the moments, the step products and the step count back into the optimizer, and frees the flat copies. */
  close(): void {
    tf.tidy(() => {
      const write = (moments: AdamState['accumulatedFirstMoment'], flat: Tensor, suffix: string) =>
        tf.split(flat, this.sizes).forEach((part, i) => {
          const value = part.reshape(this.variables[i]!.shape);
          const slot = moments[i];
          if (slot === undefined) moments[i] = { originalName: `${this.variables[i]!.name}/${suffix}`, variable: value.variable(false) };
          else slot.variable.assign(value);
        });
      if (this.steps > 0) {
        write(this.state.accumulatedFirstMoment, this.firstMoment, 'm');
        write(this.state.accumulatedSecondMoment, this.secondMoment, 'v');
        this.state.accBeta1.assign(this.accBeta1);
        this.state.accBeta2.assign(this.accBeta2);
        this.state.iterations_ = (this.state.iterations_ ?? 0) + this.steps;
      }
    });
    tf.dispose([this.weights, this.firstMoment, this.secondMoment, this.accBeta1, this.accBeta2, ...Object.values(this.constants)]);
  }

  private flatten(tensors: readonly Tensor[]): Tensor {
    return tf.tidy(() => tf.concat(tensors.map((tensor) => tensor.reshape([-1]))));
  }

  /** The optimizer's moments as one flat tensor: zeros before its first step, as tfjs starts them. */
  private flattenMoments(moments: AdamState['accumulatedFirstMoment']): Tensor {
    if (moments.length === 0) return tf.zeros([this.sizes.reduce((sum, size) => sum + size, 0)]);
    return this.flatten(moments.map((moment) => moment!.variable));
  }
}

/** The optimizer's hyperparameters now, each a finite number as Adam's update needs. */
function currentHyperparameters(state: AdamState): Hyperparameters {
  for (const name of HYPERPARAMETERS) {
    if (typeof state[name] !== 'number' || !Number.isFinite(state[name])) throw new ConfigError(`optimizer.${name}`, state[name], 'a finite number (set it as a number, e.g. model.optimizer.learningRate = 0.0005)');
  }
  const { learningRate, beta1, beta2, epsilon } = state;
  return { learningRate, beta1, beta2, epsilon };
}

/** The scalars tfjs makes from the same numbers on every call: float32 of the same float64 expressions. */
function makeConstants({ learningRate, beta1, beta2, epsilon }: Hyperparameters): Constants {
  return tf.tidy(() => {
    const scalars = {
      beta1: tf.scalar(beta1), oneMinusBeta1: tf.scalar(1 - beta1), beta2: tf.scalar(beta2), oneMinusBeta2: tf.scalar(1 - beta2),
      epsilon: tf.scalar(epsilon), minusRate: tf.scalar(-learningRate), one: tf.scalar(1),
    };
    Object.values(scalars).forEach((scalar) => tf.keep(scalar));
    return scalars;
  });
}
