// Which saved autoencoder `npm run denoise` uses: --model (a run folder or a model folder), else the latest run's.
import { existsSync, realpathSync } from 'node:fs';
import { basename, join } from 'node:path';
import { MODEL_FILE } from '../../lib/artifacts/model-files';
import { ProjectError } from '../../lib/errors';
import { RUNS_DIR } from '../../lib/paths';
import { RUN_MODELS } from '../../lib/run/results';

const TRAIN = `Train one with \`npm start\` (every notebook) or \`npm start -- --only ${RUN_MODELS.autoencoder}\` (the autoencoder alone), or pass --model <run folder | model folder>.`;

/** The model folder to load: `given` if it holds model.json, its models/autoencoder if it is a run folder, else runs/latest's. */
export function resolveModelDir(given: string | undefined, runsDir: string = RUNS_DIR): string {
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
