// tfjs's Adam update (AdamOptimizer.applyGradients, tfjs 4.22) as a function of tensors rather than of an optimizer's
// private state, so that a traced step can take the moments and step products as inputs and return them as outputs.
import { tf, type Tensor } from '../../tf';

export interface AdamSettings {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

export interface AdamTensors {
  readonly weights: readonly Tensor[];
  readonly firstMoments: readonly Tensor[];
  readonly secondMoments: readonly Tensor[];
  /** β1 to the power of the step about to be taken (β1 before the first step), as tfjs keeps it. */
  readonly accBeta1: Tensor;
  readonly accBeta2: Tensor;
}

/** Adam's hyperparameters as scalars, so that a changed learning rate is a new input rather than a new graph. */
export interface AdamScalars {
  readonly minusLearningRate: Tensor;
  readonly beta1: Tensor;
  readonly beta2: Tensor;
  /** 1 − β1 and 1 − β2 computed in float64 before rounding, as tfjs makes them. */
  readonly oneMinusBeta1: Tensor;
  readonly oneMinusBeta2: Tensor;
  readonly epsilon: Tensor;
}

/** The state after one step with `gradients` (in the order of the weights): tfjs's ops, in tfjs's order. */
export function adamUpdate(state: AdamTensors, gradients: readonly Tensor[], { minusLearningRate, beta1, beta2, oneMinusBeta1, oneMinusBeta2, epsilon }: AdamScalars): AdamTensors {
  const one = tf.scalar(1);
  const oneMinusAccBeta1 = tf.sub(one, state.accBeta1);
  const oneMinusAccBeta2 = tf.sub(one, state.accBeta2);
  const firstMoments = gradients.map((gradient, i) => tf.add(tf.mul(state.firstMoments[i]!, beta1), tf.mul(gradient, oneMinusBeta1)));
  const secondMoments = gradients.map((gradient, i) => tf.add(tf.mul(state.secondMoments[i]!, beta2), tf.mul(tf.square(gradient), oneMinusBeta2)));
  const weights = state.weights.map((weight, i) => {
    const corrected1 = tf.div(firstMoments[i]!, oneMinusAccBeta1);
    const corrected2 = tf.div(secondMoments[i]!, oneMinusAccBeta2);
    return tf.add(tf.mul(tf.div(corrected1, tf.add(tf.sqrt(corrected2), epsilon)), minusLearningRate), weight);
  });
  return { weights, firstMoments, secondMoments, accBeta1: tf.mul(state.accBeta1, beta1), accBeta2: tf.mul(state.accBeta2, beta2) };
}
