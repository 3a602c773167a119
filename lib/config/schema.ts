// Every tunable parameter of the pipeline: its type, its allowed values and the default the `default` preset starts from.

import { AUTOENCODER_ARCHITECTURE_ALIASES, AUTOENCODER_ARCHITECTURES, CLASSIFIER_ARCHITECTURES, RECONSTRUCTION_LOSSES } from '../models/names';
import { NOISE_TYPE_NAMES } from '../noise/types';

export type ParameterValue = number | string | boolean | readonly number[];

interface Rule<T extends ParameterValue = ParameterValue> {
  readonly describe: string;
  /** Returns the value in canonical form, or undefined when it is not allowed. */
  readonly accept: (value: unknown) => T | undefined;
}

const int = (min: number, max: number): Rule<number> => ({
  describe: `an integer from ${min} to ${max}`,
  accept: (value) => (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : undefined),
});
const real = (min: number, max: number, { minExclusive = false } = {}): Rule<number> => ({
  describe: `a number ${minExclusive ? 'greater than' : 'from'} ${min}${minExclusive ? ' and at most' : ' to'} ${max}`,
  accept: (value) =>
    typeof value === 'number' && Number.isFinite(value) && (minExclusive ? value > min : value >= min) && value <= max ? value : undefined,
});
/** One of `choices`; an alias (an earlier name) is accepted and read as the name it stands for. */
const oneOf = <C extends string>(choices: readonly C[], aliases: Readonly<Record<string, C>> = {}): Rule<C> => ({
  describe: `one of ${choices.map((choice) => `'${choice}'`).join(', ')}`,
  accept: (value) => {
    if (typeof value !== 'string') return undefined;
    const name = aliases[value] ?? value;
    return (choices as readonly string[]).includes(name) ? (name as C) : undefined;
  },
});
/** A level in (0, max], or 'same': whatever another parameter's level is (resolved by the reader). */
const levelOrSame = (max: number): Rule<number | 'same'> => ({
  describe: `'same', or a number greater than 0 and at most ${max}`,
  accept: (value) => (value === 'same' ? value : real(0, max, { minExclusive: true }).accept(value)),
});
const realList = (min: number, max: number): Rule<readonly number[]> => ({
  describe: `a non-empty list of numbers from ${min} to ${max}`,
  accept: (value) =>
    Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'number' && item >= min && item <= max)
      ? (value as number[])
      : undefined,
});

export const PROFILES = ['full', 'smoke'] as const;

/** What the autoencoder trains on: the configured noise, or every type at a range of levels (lib/noise/blind-plan.ts). */
export const NOISE_TRAININGS = ['fixed', 'blind'] as const;

/** How training steps run: op by op, or each step as one TensorFlow graph (lib/training/graph). */
export const TRAINING_EXECUTORS = ['eager', 'graph'] as const;
export type TrainingExecutor = (typeof TRAINING_EXECUTORS)[number];
export type Profile = (typeof PROFILES)[number];

/** One entry per parameter, by its dotted name (the name `--set` and the notebooks' `set` use). */
export const PARAMETERS = {
  'data.trainSize': { rule: int(1, 60_000), doc: 'training images used (the first n)' },
  'data.testSize': { rule: int(1, 10_000), doc: 'test images used (the first n)' },
  'data.validationSplit': { rule: real(0, 0.5, { minExclusive: true }), doc: 'fraction of training images held out for early stopping and tuning' },
  'noise.type': { rule: oneOf(NOISE_TYPE_NAMES), doc: 'noise model applied to inputs' },
  'noise.level': { rule: real(0, 1e6, { minExclusive: true }), doc: 'noise strength; its meaning and range depend on noise.type (lib/noise/noise.ts NOISE_TYPES)' },
  'noise.testLevel': { rule: levelOrSame(1e6), doc: "noise strength of the test images; 'same' (the presets' choice) follows noise.level" },
  'noise.training': { rule: oneOf(NOISE_TRAININGS), doc: "the autoencoder's training noise: 'fixed' (noise.type at noise.level) or 'blind' (each image a type and level of its own, lib/noise/blind-plan.ts); other trainings and the test images keep noise.type and noise.level" },
  'noise.seed': { rule: int(0, 2 ** 31 - 1), doc: 'seed of the noise, so every notebook sees the same noisy images' },
  'classifier.architecture': { rule: oneOf(CLASSIFIER_ARCHITECTURES), doc: 'classifier design' },
  'classifier.epochs': { rule: int(1, 1000), doc: 'maximum training epochs' },
  'classifier.batchSize': { rule: int(1, 60_000), doc: 'training batch size' },
  'classifier.learningRate': { rule: real(0, 1, { minExclusive: true }), doc: 'Adam learning rate' },
  'classifier.patience': { rule: int(0, 1000), doc: 'early-stopping patience in epochs (0: train every epoch)' },
  'autoencoder.architecture': { rule: oneOf(AUTOENCODER_ARCHITECTURES, AUTOENCODER_ARCHITECTURE_ALIASES), doc: "denoising autoencoder design ('conv' is the U-Net's earlier name)" },
  'autoencoder.epochs': { rule: int(1, 1000), doc: 'maximum training epochs' },
  'autoencoder.batchSize': { rule: int(1, 60_000), doc: 'training batch size' },
  'autoencoder.learningRate': { rule: real(0, 1, { minExclusive: true }), doc: 'Adam learning rate' },
  'autoencoder.patience': { rule: int(0, 1000), doc: 'early-stopping patience in epochs (0: train every epoch)' },
  'autoencoder.loss': { rule: oneOf(RECONSTRUCTION_LOSSES), doc: 'reconstruction loss' },
  'training.executor': { rule: oneOf(TRAINING_EXECUTORS), doc: "how the run's trainings step and its models predict: 'eager' op by op, or 'graph' as one TensorFlow graph per step or batch (what the tracer cannot compile runs eagerly, saying why in one log line)" },
  'composite.fineTuneEpochs': { rule: int(0, 1000), doc: 'epochs of end-to-end fine-tuning of the composite (0: skip)' },
  'composite.noisyRetrainEpochs': { rule: int(0, 1000), doc: 'epochs of the alternative: the classifier retrained on noisy images (0: skip)' },
  'evaluation.sweepLevels': { rule: realList(0, 1e6), doc: "noise levels of the robustness sweep, in noise.type's units and range (lib/noise/types.ts NOISE_TYPES)" },
  'evaluation.qualityImages': { rule: int(1, 60_000), doc: 'validation images the classical denoisers are tuned on (non-local means is slow)' },
  'evaluation.gridImages': { rule: int(1, 10_000), doc: 'test images per cell of the generalization grid (every noise type at three levels); at most data.testSize are used' },
  'evaluation.gridTuningImages': { rule: int(1, 60_000), doc: "validation images the classical denoisers are tuned on in each cell of the generalization grid; at most the validation hold-out's size are used" },
  seed: { rule: int(0, 2 ** 31 - 1), doc: 'seed of weight initialisation and shuffling' },
} as const satisfies Record<string, { rule: Rule<ParameterValue>; doc: string }>;

export type ParameterName = keyof typeof PARAMETERS;
export const PARAMETER_NAMES = Object.keys(PARAMETERS) as ParameterName[];
/** The canonical type of a parameter's value, read off its rule. */
export type ValueOf<N extends ParameterName> = (typeof PARAMETERS)[N]['rule'] extends Rule<infer T> ? T : never;
/** A complete parameter set, each value of its parameter's type. */
export type ParameterSet = { readonly [N in ParameterName]: ValueOf<N> };

/** Returns the value in canonical form when its parameter's rule allows it, undefined otherwise. */
export function acceptParameter(name: ParameterName, value: unknown): ParameterValue | undefined {
  const rule: Rule = PARAMETERS[name].rule;
  return rule.accept(value);
}

/** What a parameter allows, in words, e.g. "an integer from 1 to 1000". */
export function describeParameter(name: ParameterName): string {
  const rule: Rule = PARAMETERS[name].rule;
  return rule.describe;
}
