// Checks between parameters: values each allowed on its own that the notebooks cannot run together, refused up front.
import { ConfigError } from '../errors';
import { NOISE_TYPES } from '../noise/types';
import type { ParameterValue } from './schema';

type Parameters = Readonly<Record<string, ParameterValue>>;

/** Throws ConfigError naming the first parameter that does not fit the others, and a value that would. */
export function checkCombinations(parameters: Parameters): void {
  checkValidationSplit(parameters);
  checkBatchSizes(parameters);
  checkNoiseLevels(parameters);
}

/**
 * Images held out for validation: the arithmetic of lib/data/subsets.ts trainingCount, which this module cannot
 * import (it loads TensorFlow, and configuration is checked before anything heavy loads).
 */
export function validationCount(trainSize: number, validationSplit: number): number {
  return Math.round(trainSize * validationSplit);
}

function checkValidationSplit(parameters: Parameters): void {
  const trainSize = parameters['data.trainSize'] as number;
  const split = parameters['data.validationSplit'] as number;
  const held = validationCount(trainSize, split);
  if (held >= 1 && held < trainSize) return;
  const smallest = Math.ceil((100 * 0.5) / trainSize) / 100;
  const remedy = trainSize >= 2 && smallest <= 0.5 ? `set data.validationSplit to at least ${smallest}, or data.trainSize higher` : 'set data.trainSize to at least 2';
  throw new ConfigError('data.validationSplit', split, `a fraction of data.trainSize = ${trainSize} that holds out at least one image and keeps at least one (it holds out ${held}); ${remedy}`);
}

function checkBatchSizes(parameters: Parameters): void {
  const trainSize = parameters['data.trainSize'] as number;
  const trainingImages = trainSize - validationCount(trainSize, parameters['data.validationSplit'] as number);
  for (const name of ['classifier.batchSize', 'autoencoder.batchSize']) {
    if ((parameters[name] as number) > trainingImages) {
      throw new ConfigError(name, parameters[name], `at most ${trainingImages}, the training images left after the validation split`);
    }
  }
}

/**
 * noise.level, noise.testLevel and evaluation.sweepLevels mean what noise.type says (a σ, a fraction, a photon count),
 * so a type changed alone leaves them in another type's units. One error names each of them that is out of range, so
 * that changing the type takes one retry, not three.
 */
function checkNoiseLevels(parameters: Parameters): void {
  const info = NOISE_TYPES.find((candidate) => candidate.type === parameters['noise.type']);
  if (!info) return;
  const outside = (level: number) => level < info.min || level > info.max;
  const problems: { name: string; value: ParameterValue; allowed: string; fix: string }[] = [];
  for (const name of ['noise.level', 'noise.testLevel']) {
    const level = parameters[name];
    if (typeof level === 'number' && outside(level)) {
      problems.push({ name, value: level, allowed: `a number from ${info.min} to ${info.max}`, fix: `${name}=${info.typicalLevel}` });
    }
  }
  const levels = parameters['evaluation.sweepLevels'] as readonly number[];
  const bad = levels.filter(outside);
  const repeated = levels.filter((level, i) => levels.indexOf(level) !== i);
  if (bad.length > 0 || repeated.length > 0) {
    const why = bad.length > 0 ? `${bad.join(', ')} ${bad.length === 1 ? 'is' : 'are'} outside it` : `${repeated.join(', ')} ${repeated.length === 1 ? 'is' : 'are'} repeated`;
    problems.push({ name: 'evaluation.sweepLevels', value: levels, allowed: `distinct levels, each from ${info.min} to ${info.max} (${why})`, fix: `evaluation.sweepLevels=${JSON.stringify(info.sweepLevels)}` });
  }
  const [first, ...others] = problems;
  if (!first) return;
  const alsoOut = others.map((other) => `; ${other.name} = ${JSON.stringify(other.value)} does not fit either: e.g. ${other.fix}`).join('');
  throw new ConfigError(first.name, first.value, `for noise.type '${info.type}' (${info.level}) ${first.allowed}, e.g. ${first.fix}${alsoOut}`);
}

