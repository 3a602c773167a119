// Dropout whose masks come from a seeded stream, so a classifier trained twice with the same seed follows the same
// loss curve. tfjs's Dropout cannot: without a seed its masks differ from run to run, and with one it draws the
// same mask on every step.
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

  constructor(args: SeededDropoutArgs) {
    super({ name: args.name });
    if (!(args.rate >= 0 && args.rate < 1)) throw new RangeError(`dropout rate must be in [0, 1), got ${args.rate}`);
    this.rate = args.rate;
    this.seed = args.seed ?? undefined;
  }

  override call(inputs: Tensor | Tensor[], kwargs: { training?: boolean }): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (kwargs.training !== true || this.rate === 0) return x.clone();
    if (this.seed === undefined) return tf.dropout(x, this.rate);
    return tf.tidy(() => tf.mul(x, tf.tensor(dropoutMultipliers(`${this.seed}:${this.step++}`, x.size, this.rate), x.shape)));
  }

  override getConfig(): ReturnType<typeof tf.layers.Layer.prototype.getConfig> {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed ?? null };
  }
}

// Saved classifiers name this class; registering it here lets any module that builds or loads them read it back.
tf.serialization.registerClass(SeededDropout);
