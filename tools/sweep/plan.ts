// A sweep's plan, made and checked before anything runs: the grid of points, each one's settings and run folder,
// which trainings the points share, and the self-contained command of each point.
import { PARAMETERS, resolveConfig, type ParameterName, type PipelineConfig } from '../../lib/config/index';
import { acceptParameter } from '../../lib/config/schema';
import { ConfigError } from '../../lib/errors';
import { canonicalJson } from '../../lib/model-cache/key';
import { TRAINED_MODELS, trainingParameters, type TrainedModel } from '../../lib/model-cache/reads';
import { shellQuote } from '../../lib/run/shell-quote';
import type { RunnerOptions, SweepAxis } from '../runner/args';

/** Where a sweep's run folders go, under runs/. */
export const SWEEPS_FOLDER = 'sweeps';

export interface SweepPoint {
  /** The swept parameters' values at this point, e.g. { 'noise.level': 0.2 }. */
  readonly settings: Readonly<Record<string, unknown>>;
  /** `noise.level=0.2,autoencoder.epochs=10`: the point's folder name inside the sweep's folder. */
  readonly name: string;
  /** The point's run folder, under runs/. */
  readonly runName: string;
  readonly config: PipelineConfig;
}

/** Every combination of the axes' values, the first axis varying slowest; each point's config checked. */
export function sweepPoints(options: RunnerOptions, sweepId: string): SweepPoint[] {
  const { preset, profile, set } = options.parameters;
  options.sweeps.forEach(checkDistinctValues);
  let grid: Record<string, unknown>[] = [{}];
  for (const axis of options.sweeps) grid = grid.flatMap((point) => axis.values.map((value) => ({ ...point, [axis.name]: value })));
  const commonSettingsResolve = () => {
    try {
      resolveConfig({ preset, profile, set });
      return true;
    } catch {
      return false;
    }
  };
  return grid.map((settings) => {
    const name = Object.entries(settings).map(([parameter, value]) => `${parameter}=${String(value)}`).join(',');
    let config: PipelineConfig;
    try {
      config = resolveConfig({ preset, profile, set: { ...set, ...settings } });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      // Named as a sweep's error only when a swept value caused it; a bad --set stays a --set error.
      if (error.parameter in settings) throw new ConfigError(`--sweep ${error.parameter}`, error.value, `${error.allowed} (at sweep point ${name})`);
      // A value every point shares that does not fit this point's swept values, e.g. noise.level 0.6 for poisson noise.
      if (commonSettingsResolve()) {
        throw new ConfigError(error.parameter, error.value, `${error.allowed} (at sweep point ${name}; every point shares ${error.parameter}, so give a value that fits them all, or sweep these points separately)`);
      }
      throw error;
    }
    return { settings, name, runName: `${SWEEPS_FOLDER}/${sweepId}/${name}`, config };
  });
}

/** Values equal as values (0.2 and 0.20, 1 and 1.0, an architecture and its alias) would make one point twice. */
function checkDistinctValues(axis: SweepAxis): void {
  const canonical = axis.values.map((value) => (axis.name in PARAMETERS ? acceptParameter(axis.name as ParameterName, value) : undefined) ?? value);
  const keys = canonical.map((value) => JSON.stringify(value));
  const second = keys.findIndex((key, i) => keys.indexOf(key) !== i);
  if (second === -1) return;
  const first = keys.indexOf(keys[second]!);
  const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
  const sameFolder = String(axis.values[first]) === String(axis.values[second]);
  const harm = sameFolder ? 'their points would share one run folder, which two jobs would write into at once' : 'the sweep would run one point twice';
  throw new ConfigError(
    `--sweep ${axis.name}`,
    axis.values,
    `each value once, but values ${first + 1} and ${second + 1} (${text(axis.values[first])}, ${text(axis.values[second])}) are both ${text(canonical[second])}, so ${harm}; give it once`,
  );
}

/** A training a point does not do: its epochs set to 0 (notebook 05's alternatives can be switched off). */
const SKIPPED_WHEN_ZERO: Readonly<Partial<Record<TrainedModel, ParameterName>>> = {
  'classifier-noisy': 'composite.noisyRetrainEpochs',
  'composite-finetuned': 'composite.fineTuneEpochs',
};

/**
 * One line per training: trained once and shared by every point, or once per group of points that differ in what it
 * reads. With `--no-cache` every point trains its own.
 *
 * Points share a cache entry when lib's cache records (model-cache/record.ts) are equal. Those hold the parameters a
 * training reads (trainingParameters) and the code fingerprint, which is one for every point of a sweep; the
 * fingerprint's module loads TensorFlow, so the plan compares the parameters alone, as the cache writes them.
 */
export function sharedTrainings(points: readonly SweepPoint[], reuse: boolean): string[] {
  return TRAINED_MODELS.flatMap((model) => {
    const skippedBy = SKIPPED_WHEN_ZERO[model];
    const training = points.filter((point) => skippedBy === undefined || point.config.parameters[skippedBy] !== 0);
    if (training.length === 0) return [];
    const distinct = new Set(training.map((point) => canonicalJson(trainingParameters(model, point.config))));
    const count = `${training.length} point${training.length === 1 ? '' : 's'}`;
    if (!reuse) return [`${model}: trained by each of ${count} (--no-cache)`];
    if (distinct.size === 1) return [`${model}: one model for all ${count} (trained once, then reused from the model cache)`];
    return [`${model}: ${distinct.size} models for ${count} (it reads a swept parameter)`];
  });
}

/** Options that shape the sweep itself, not the runs of its points. */
const SWEEP_ONLY_WITH_VALUE = new Set(['--sweep', '--jobs', '--scheduler', '--slurm-option']);

/** Options of the sweep's command that every point's run keeps as they were given. */
export function pointArguments(argv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (SWEEP_ONLY_WITH_VALUE.has(flag)) i++;
    else if (flag !== '--print-commands') kept.push(flag);
  }
  return kept;
}

/** The point's own `npm start` arguments: the sweep's options, its settings, and its run folder. */
export function pointRunArguments(argv: readonly string[], point: Pick<SweepPoint, 'settings' | 'runName'>): string[] {
  const settings = Object.entries(point.settings).flatMap(([name, value]) => ['--set', `${name}=${typeof value === 'string' ? value : JSON.stringify(value)}`]);
  return [...pointArguments(argv), ...settings, '--run-name', point.runName];
}

/** A command any scheduler can run on its own, from the project folder. */
export function pointCommand(argv: readonly string[], point: Pick<SweepPoint, 'settings' | 'runName'>): string {
  return `npm start -- ${pointRunArguments(argv, point).map(shellQuote).join(' ')}`;
}

/** Axes as the user gave them, for the index and the output. */
export function describeAxes(axes: readonly SweepAxis[]): string {
  return axes.map((axis) => `${axis.name} ∈ {${axis.values.map(String).join(', ')}}`).join(' × ');
}

