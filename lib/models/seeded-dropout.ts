// Dropout whose masks come from a seeded stream, so a classifier trained twice with the same seed follows the same
// loss curve. tfjs's Dropout cannot: without a seed its masks differ from run to run, and with one it draws the
// same mask on every step.
import { ShapeError } from '../errors';
import { tf, type Tensor } from '../tf';
import { dropoutMultipliers } from './dropout-multipliers';

export interface SeededDropoutArgs {
  /** Fraction of inputs zeroed during training, in [0, 1). */
  readonly rate: number;
  /** Seeds the stream of masks (step n draws with `${seed}:${n}`). @default null — unseeded, as tfjs's Dropout */
  readonly seed?: string | null;
  readonly name?: string;
}

/** Keras's Dropout (inverted: kept inputs are scaled by 1 / (1 − rate)), with a new seeded mask every training step. */
export class SeededDropout extends tf.layers.Layer {
  static className = 'SeededDropout';
  readonly rate: number;
  readonly seed: string | undefined;
  /** Masks drawn so far; a reloaded model starts its stream again. */
  private step = 0;
  /** Multipliers drawn by `drawAhead` that the next training call takes instead of drawing its own. */
  private ahead: Tensor | undefined;

  constructor(args: SeededDropoutArgs) {
    super({ name: args.name });
    if (!(args.rate >= 0 && args.rate < 1)) throw new RangeError(`dropout rate must be in [0, 1), got ${args.rate}`);
    this.rate = args.rate;
    this.seed = args.seed ?? undefined;
  }

  /** Whether training calls multiply by seeded multipliers (rather than passing inputs through or drawing unseeded). */
  get seeded(): boolean {
    return this.seed !== undefined && this.rate > 0;
  }

  /** The next step's multipliers for an input of `shape`: a new tensor the caller owns; the stream moves on by one. */
  nextMultipliers(shape: readonly number[]): Tensor {
    const size = shape.reduce((product, dimension) => product * dimension, 1);
    return tf.tensor(dropoutMultipliers(`${this.seed}:${this.step++}`, size, this.rate), [...shape]);
  }

  /**
   * Draws the next step's multipliers for a batch of `batchSize` now, and has the next training call multiply by
   * them: a graph step feeds them as an input, since a graph cannot hold values JavaScript draws anew each step.
   * The caller owns the tensor and calls `clearAhead` after the step. undefined when this layer draws no seeded
   * mask or its input shape is not fixed beyond the batch.
   */
  drawAhead(batchSize: number): Tensor | undefined {
    if (!this.seeded) return undefined;
    const shape = this.fixedInputShape();
    if (shape === undefined) return undefined;
    this.ahead = this.nextMultipliers([batchSize, ...shape]);
    return this.ahead;
  }

  /** Forgets multipliers drawn ahead: a graph step used them without calling the layer. */
  clearAhead(): void {
    this.ahead = undefined;
  }

  override call(inputs: Tensor | Tensor[], kwargs: { training?: boolean }): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (kwargs.training !== true || this.rate === 0) return x.clone();
    if (this.seed === undefined) return tf.dropout(x, this.rate);
    const ahead = this.ahead;
    this.ahead = undefined;
    if (ahead === undefined) return tf.tidy(() => tf.mul(x, this.nextMultipliers(x.shape)));
    if (ahead.shape.join() !== x.shape.join()) {
      throw new ShapeError(`the input of dropout layer '${this.name}'`, x.shape, `[${ahead.shape.join(', ')}], the shape its multipliers were drawn ahead for; draw them with the batch's size`);
    }
    return tf.mul(x, ahead);
  }

  override getConfig(): ReturnType<typeof tf.layers.Layer.prototype.getConfig> {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed ?? null };
  }

  /** The input shape without its batch dimension, if the model fixes it; undefined otherwise. */
  private fixedInputShape(): number[] | undefined {
    let shape: unknown;
    try {
      shape = this.outputShape; // dropout keeps its input's shape; tfjs's Layer names only the output's
    } catch {
      return undefined; // never called, or called on inputs of several shapes
    }
    if (!Array.isArray(shape) || shape.some((dimension, i) => i > 0 && typeof dimension !== 'number')) return undefined;
    return (shape as number[]).slice(1);
  }
}

// Saved classifiers name this class; registering it here lets any module that builds or loads them read it back.
tf.serialization.registerClass(SeededDropout);
