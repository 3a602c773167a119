// tfjs 4.22's AdamOptimizer state (moments, step products, step count) read into tensors a graph step feeds, and
// written back after training, so that a later training of the same model continues where this one stopped.
import { TfjsInternalsError } from '../../errors';
import { tf, type Tensor } from '../../tf';
import { type AdamState } from '../flat-adam';
import type { AdamSettings } from './adam-update';

type Variable = ReturnType<typeof tf.variable>;
type Slot = { originalName: string; variable: Variable } | undefined;


const READER = 'lib/training/graph/adam-slots.ts';

/** The state a graph step starts from: copies, which the caller owns. */
export interface AdamStart {
  readonly settings: AdamSettings;
  readonly firstMoments: Tensor[];
  readonly secondMoments: Tensor[];
  readonly accBeta1: Tensor;
  readonly accBeta2: Tensor;
}

export function adamSettings({ learningRate, beta1, beta2, epsilon }: AdamState): AdamSettings {
  return { learningRate, beta1, beta2, epsilon };
}

/** Copies of the optimizer's state for `variables`: zero moments before its first step, as tfjs starts them. */
export function readAdam(fields: AdamState, variables: readonly Variable[]): AdamStart {
  const moments = (slots: Slot[], name: string): Tensor[] => {
    if (slots.length === 0) return variables.map((variable) => tf.zerosLike(variable));
    if (slots.length !== variables.length || slots.some((slot, i) => slot?.variable.size !== variables[i]!.size)) {
      throw new TfjsInternalsError(`AdamOptimizer.${name}`, `${slots.length} moments for ${variables.length} weights of other sizes`, READER);
    }
    return slots.map((slot) => slot!.variable.clone());
  };
  return {
    settings: adamSettings(fields),
    firstMoments: moments(fields.accumulatedFirstMoment, 'accumulatedFirstMoment'),
    secondMoments: moments(fields.accumulatedSecondMoment, 'accumulatedSecondMoment'),
    accBeta1: fields.accBeta1.clone(),
    accBeta2: fields.accBeta2.clone(),
  };
}

/** Writes the state after `steps` more steps back into the optimizer, as its own applyGradients would have left it. */
export function writeAdam(fields: AdamState, variables: readonly Variable[], state: Omit<AdamStart, 'settings'>, steps: number): void {
  if (steps === 0) return;
  const write = (slots: Slot[], moments: readonly Tensor[], suffix: string) =>
    moments.forEach((moment, i) => {
      const slot = slots[i];
      if (slot === undefined) slots[i] = { originalName: `${variables[i]!.name}/${suffix}`, variable: tf.variable(moment, false) };
      else slot.variable.assign(moment);
    });
  write(fields.accumulatedFirstMoment, state.firstMoments, 'm');
  write(fields.accumulatedSecondMoment, state.secondMoments, 'v');
  fields.accBeta1.assign(state.accBeta1);
  fields.accBeta2.assign(state.accBeta2);
  fields.iterations_ = (fields.iterations_ ?? 0) + steps;
}
