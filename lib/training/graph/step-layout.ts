// The graph step's signature: which tensor is which input and output, in one fixed order, so the eager step the tracer
// records and the graph that replaces it agree on it.
import type { Tensor } from '../../tf';
import type { AdamScalars, AdamTensors } from './adam-update';
import type { StepResult } from './eager-step';

export interface Named {
  readonly key: string;
  readonly tensor: Tensor;
}

/** The batch, the weights, Adam's moments and step products, the hyperparameters, then the step's dropout masks. */
export function stepInputs(state: AdamTensors, scalars: AdamScalars, x: Tensor, y: Tensor, masks: readonly Named[] = []): Named[] {
  const { minusLearningRate, beta1, oneMinusBeta1, beta2, oneMinusBeta2, epsilon } = scalars;
  return [
    { key: 'x', tensor: x }, { key: 'y', tensor: y }, ...stateEntries(state),
    { key: 'minus_learning_rate', tensor: minusLearningRate }, { key: 'beta1', tensor: beta1 }, { key: 'one_minus_beta1', tensor: oneMinusBeta1 },
    { key: 'beta2', tensor: beta2 }, { key: 'one_minus_beta2', tensor: oneMinusBeta2 }, { key: 'epsilon', tensor: epsilon },
    ...masks,
  ];
}

/** [loss, ...metrics], then the state after the step in the order the inputs hold it. */
export function stepOutputs({ values, next }: StepResult): Named[] {
  return [{ key: 'values', tensor: values }, ...stateEntries(next)];
}

/** The graph's outputs (in stepOutputs' order) as a step's result, for a model of `count` weight tensors. */
export function resultOf(outputs: readonly Tensor[], count: number): StepResult {
  const [values, ...rest] = outputs;
  const take = (from: number) => rest.slice(from * count, (from + 1) * count);
  return { values: values!, next: { weights: take(0), firstMoments: take(1), secondMoments: take(2), accBeta1: rest[3 * count]!, accBeta2: rest[3 * count + 1]! } };
}

function stateEntries({ weights, firstMoments, secondMoments, accBeta1, accBeta2 }: AdamTensors): Named[] {
  return [
    ...weights.map((tensor, i) => ({ key: `w${i}`, tensor })),
    ...firstMoments.map((tensor, i) => ({ key: `m${i}`, tensor })),
    ...secondMoments.map((tensor, i) => ({ key: `v${i}`, tensor })),
    { key: 'acc_beta1', tensor: accBeta1 }, { key: 'acc_beta2', tensor: accBeta2 },
  ];
}
