// Which saved autoencoder `npm run denoise` uses: --model (a run folder or a model folder), else the newest blind
// autoencoder under runs/ (trained for any noise), else the latest run's; and what the chosen one was trained on.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { MODEL_FILE, readJson } from '../../lib/artifacts/model-files';
import { ProjectError } from '../../lib/errors';
import type { TrainingNoise } from '../../lib/images/index';
import { NOISE_TYPE_NAMES, type NoiseType } from '../../lib/noise/types';
import { RUNS_DIR } from '../../lib/paths';
import { PROVENANCE_FILE, type ModelProvenance } from '../../lib/run/provenance';
import { RUN_MODELS } from '../../lib/run/results';
import { findRunFolders } from '../../lib/run/runs-index';

const TRAIN = `Train one with \`npm start\` (every notebook) or \`npm start -- --only ${RUN_MODELS.autoencoder}\` (the autoencoder alone), or pass --model <run folder | model folder>.`;
const TRAIN_BLIND = '`npm start -- --preset blind` trains one for any noise';

/** A model folder, what its autoencoder was trained on, and why it was chosen: `npm run denoise` prints both. */
export interface ChosenModel {
  readonly dir: string;
  readonly trainedOn: string;
  /** The same, to compare images' noise with; undefined when no provenance says it. */
  readonly training: TrainingNoise | undefined;
  readonly why: string;
}

/** `given` (--model) when there is one; else the newest blind autoencoder of a run under `runsDir`; else runs/latest's. */
export function chooseModel(given: string | undefined, runsDir: string = RUNS_DIR): ChosenModel {
  if (given !== undefined) {
    const dir = resolveModelDir(given, runsDir);
    return { dir, ...training(dir), why: 'given with --model' };
  }
  const blind = newestBlindModel(runsDir);
  if (blind !== undefined) return { dir: blind, ...training(blind), why: 'the newest blind autoencoder under runs/: no noise setting needed' };
  const dir = resolveModelDir(undefined, runsDir);
  return { dir, ...training(dir), why: `the latest run's, as no run has a blind autoencoder yet (${TRAIN_BLIND})` };
}

/** The model folder to load: `given` if it holds model.json, its models/autoencoder if it is a run folder, else runs/latest's. */
function resolveModelDir(given: string | undefined, runsDir: string = RUNS_DIR): string {
  if (given === undefined) {
    const latest = join(runsDir, 'latest');
    const dir = join(latest, 'models', 'autoencoder');
    if (existsSync(join(dir, MODEL_FILE))) return join(realpathSync(latest), 'models', 'autoencoder'); // names the run, not 'latest'
    const why = existsSync(latest) ? `the latest run, ${basename(realpathSync(latest))}, has not saved one` : `there is no run in ${runsDir} yet`;
    throw new ProjectError(`no trained autoencoder at ${dir}: ${why}. ${TRAIN}`);
  }
  const inRun = join(given, 'models', 'autoencoder');
  if (existsSync(join(given, MODEL_FILE))) return given;
  if (existsSync(join(inRun, MODEL_FILE))) return inRun;
  const found = existsSync(given) ? `neither a model folder (no ${MODEL_FILE}) nor a run folder (no models/autoencoder/${MODEL_FILE})` : 'no such folder';
  throw new ProjectError(`--model ${given}: ${found}. Give a run folder (such as runs/latest) or a model folder that holds ${MODEL_FILE}.`);
}

/** The run autoencoder saved last among those trained with noise.training 'blind', by its model file's time. */
export function newestBlindModel(runsDir: string): string | undefined {
  const blind = findRunFolders([runsDir])
    .map((run) => join(run, 'models', 'autoencoder'))
    .filter((dir) => existsSync(join(dir, MODEL_FILE)) && provenance(dir)?.parameters['noise.training'] === 'blind');
  return blind.map((dir) => ({ dir, time: statSync(join(dir, MODEL_FILE)).mtimeMs })).sort((a, b) => b.time - a.time)[0]?.dir;
}

function provenance(dir: string): ModelProvenance | undefined {
  const path = join(dir, PROVENANCE_FILE);
  return existsSync(path) ? readJson<ModelProvenance>(path, { remedy: `Delete ${dir} and rerun the notebook that saves it.` }) : undefined;
}

/** What the model in `dir` learned to remove, from the provenance its run wrote beside it. */
function training(dir: string): { trainedOn: string; training: TrainingNoise | undefined } {
  const parameters = provenance(dir)?.parameters;
  if (parameters === undefined) return { trainedOn: `unknown noise (no ${PROVENANCE_FILE} beside it)`, training: undefined };
  if (parameters['noise.training'] === 'blind') return { trainedOn: 'every noise type at a range of levels (blind)', training: { kind: 'blind' } };
  const [type, level] = [parameters['noise.type'], parameters['noise.level']];
  const known = NOISE_TYPE_NAMES.includes(type as NoiseType) && typeof level === 'number';
  return {
    trainedOn: `${String(type)} noise at level ${String(level)} only; other noise may come out worse`,
    training: known ? { kind: 'fixed', type: type as NoiseType, level } : undefined,
  };
}
