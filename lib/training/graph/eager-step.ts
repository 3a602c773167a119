// One training step run op by op, as tfjs's fit would: the mean loss plus the regularisers' penalties, its gradients,
// then Adam. The graph step traces this function and runs its graph in its place.
import { ModelError } from '../../errors';
import type { CompiledParts } from '../compiled';
import { tf, type LayersModel, type Tensor } from '../../tf';
import { adamUpdate, type AdamScalars, type AdamTensors } from './adam-update';

type Variable = ReturnType<typeof tf.variable>;

export interface StepResult {
  /** [loss, ...metrics] of the batch. */
  readonly values: Tensor;
  readonly next: AdamTensors;
}

/** A step on (`x`, `y`) from Adam's `state`; returns new tensors for the caller and frees everything else it made. */
export function eagerStep(model: LayersModel, parts: CompiledParts, variables: readonly Variable[], state: AdamTensors, scalars: AdamScalars, x: Tensor, y: Tensor): StepResult {
  return tf.tidy(() => {
    const metrics: Tensor[] = [];
    const lossOfBatch = () => {
      const predicted = model.apply(x, { training: true }) as Tensor;
      // kept: the gradient computation disposes everything its closure made except the loss
      parts.metrics.forEach((metric) => metrics.push(tf.keep(metric.fn(y, predicted).mean())));
      return parts.penalties().reduce((total, penalty) => total.add(penalty), parts.loss(y, predicted).mean()) as ReturnType<typeof tf.scalar>;
    };
    const { value, grads } = tf.variableGrads(lossOfBatch, [...variables]);
    const next = adamUpdate(state, variables.map((variable) => gradientOf(model, grads, variable)), scalars);
    const values = tf.stack([value, ...metrics]);
    // kept tensors outlive every enclosing tidy: freed here, or each step would leave one per metric behind
    tf.dispose(metrics);
    // tidy's type wants tensors or containers of them; the result is one, nested
    return { values, next } as unknown as Tensor[];
  }) as unknown as StepResult;
}

function gradientOf(model: LayersModel, grads: Record<string, Tensor>, variable: Variable): Tensor {
  const gradient = grads[variable.name];
  if (gradient === undefined) {
    throw new ModelError(model.name, `the loss does not depend on the trainable weight '${variable.name}'`, 'Freeze that layer (trainable: false) or connect it to the output.');
  }
  return gradient;
}
