// What each model saved in a run folder was made from, and the check that a notebook uses only models made with
// the parameters it runs with. Without it, a notebook rerun with other settings reports and caches results of
// models trained with the old ones, under the new settings' names.
import { existsSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { readJson, writeJson, MODEL_FILE } from '../artifacts/model-files';
import { canonicalJson, trainingParameters, type TrainedModel } from '../model-cache/index';
import { changedParameters } from '../config/differences';
import type { PipelineConfig } from '../config/index';
import { ArtifactError, RunMismatchError, type ParameterDifference } from '../errors';
import type { NotebookRun } from './notebook-run';
import { RUNS_DIR } from '../paths';
import { RUN_MODELS, type RunModelName } from './results';
import { shellQuote } from './shell-quote';

export const PROVENANCE_FILE = 'provenance.json';

/** The training behind each trained run model; the composite is assembled from both in notebook 05. */
const TRAININGS: Readonly<Record<RunModelName, readonly TrainedModel[]>> = {
  classifier: ['classifier'],
  autoencoder: ['autoencoder'],
  composite: ['classifier', 'autoencoder'],
};

/** Written beside a run model (`<runDir>/models/<name>/provenance.json`). */
export interface ModelProvenance {
  readonly model: RunModelName;
  /** What its training read (for the composite, its parts' trainings), with the values it read. */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** Fingerprint of the code that trained it (lib/model-cache/code-version.ts). */
  readonly code: string;
  /** The model-cache folder its weights came from; absent for a model assembled in the notebook. */
  readonly cache_entry?: string;
  /** SHA-256 of its weights file, as model.json records it: ties this record to these weights. */
  readonly weights_sha256: string;
  /** The run models it was built from, by name, with their weights' SHA-256. */
  readonly parents?: Readonly<Record<string, string>>;
  readonly saved_at: string;
}

/** The parameters that `model`'s training reads, with the values `config` gives them. */
export function expectedParameters(model: RunModelName, config: PipelineConfig): Record<string, unknown> {
  return Object.assign({}, ...TRAININGS[model].map((training) => trainingParameters(training, config)));
}

function modelDir(runDir: string, model: RunModelName): string {
  return join(runDir, 'models', model);
}

/** SHA-256 of the weights of the model saved in `dir`, as its model.json records it. */
export function savedWeightsHash(dir: string): string {
  const manifest = readJson<{ weightsSha256?: unknown }>(join(dir, MODEL_FILE), { remedy: `Delete ${dir} and rerun the notebook that saves it.` });
  if (typeof manifest.weightsSha256 !== 'string') throw new ArtifactError(join(dir, MODEL_FILE), 'it records no weightsSha256', `Delete ${dir} and rerun the notebook that saves it.`);
  return manifest.weightsSha256;
}

/** Records what the model just saved in `<runDir>/models/<model>` was made from. */
export function writeProvenance(run: NotebookRun, model: RunModelName, made: { code: string; cacheEntry?: string; parents?: Record<string, string> }): ModelProvenance {
  const dir = modelDir(run.runDir, model);
  const provenance: ModelProvenance = {
    model,
    parameters: expectedParameters(model, run.config),
    code: made.code,
    ...(made.cacheEntry === undefined ? {} : { cache_entry: made.cacheEntry }),
    weights_sha256: savedWeightsHash(dir),
    ...(made.parents === undefined ? {} : { parents: made.parents }),
    saved_at: new Date().toISOString(),
  };
  writeJson(join(dir, PROVENANCE_FILE), provenance);
  return provenance;
}

/**
 * The provenance of the run model `model`, checked against `run`'s configuration: throws RunMismatchError naming
 * each parameter its training read with another value, and the command that retrains it with these.
 */
export function checkRunModel(run: NotebookRun, model: RunModelName): ModelProvenance {
  const dir = modelDir(run.runDir, model);
  const writer = RUN_MODELS[model];
  const remedy = `To save it here: ${agreeCommand(run, writer)}.`;
  if (!existsSync(join(dir, MODEL_FILE))) throw new ArtifactError(dir, `no saved ${model} here (notebook ${writer} saves it)`, remedy);
  const path = join(dir, PROVENANCE_FILE);
  const provenance = readJson<ModelProvenance>(path, { remedy, missing: 'the model has no provenance record (saved by an older version), so what it was trained with is unknown' });
  if (provenance.weights_sha256 !== savedWeightsHash(dir)) {
    throw new ArtifactError(path, 'it describes other weights than the ones saved beside it (the model was replaced)', remedy);
  }
  const expected = expectedParameters(model, run.config);
  const names = [...new Set([...Object.keys(expected), ...Object.keys(provenance.parameters)])].sort();
  const differences: ParameterDifference[] = names
    .filter((name) => canonicalJson(expected[name] ?? null) !== canonicalJson(provenance.parameters[name] ?? null))
    .map((name) => ({ name, saved: provenance.parameters[name], wanted: expected[name] }));
  if (differences.length > 0) throw new RunMismatchError(dir, model, differences, agreeCommand(run, writer));
  return provenance;
}

/** Checks every run model a notebook is about to use, before it does any work. */
export function checkRunModels(run: NotebookRun, models: readonly RunModelName[]): Record<RunModelName, ModelProvenance> {
  return Object.fromEntries(models.map((model) => [model, checkRunModel(run, model)])) as Record<RunModelName, ModelProvenance>;
}

/**
 * What makes the folder agree with this run's parameters: the runner command that reruns notebook `from` onwards
 * into it, or, for a folder outside runs/ (which the runner cannot name), the notebooks to rerun there.
 */
export function agreeCommand(run: NotebookRun, from: string): string {
  const inRuns = relative(RUNS_DIR, run.runDir);
  if (inRuns === '' || inRuns.startsWith('..') || isAbsolute(inRuns)) return `rerun notebook ${from} and the ones after it with runDir '${run.runDir}' and these parameters`;
  const words = ['--run', inRuns, '--from', from];
  if (run.config.preset !== 'default') words.push('--preset', run.config.preset);
  if (run.config.profile !== 'full') words.push('--profile', run.config.profile);
  for (const setting of changedParameters(run.config.preset, run.config.profile, run.config.parameters)) words.push('--set', setting);
  return `npm start -- ${words.map(shellQuote).join(' ')}`;
}
