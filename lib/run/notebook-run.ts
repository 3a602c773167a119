// What every notebook does first: validate its parameters and find its run folder.
import { mkdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { resolveConfig, type PipelineConfig } from '../config/index';
import { completeParameters, type NotebookParameters } from './notebook-parameters';
import { PROJECT_ROOT } from '../paths';
import { checkRunModels } from './provenance';
import type { RunModelName } from './results';

export interface NotebookRun {
  readonly config: PipelineConfig;
  /** Absolute path of the run folder. */
  readonly runDir: string;
  /** Reuse models from the model cache (false: train anew and replace the cached ones). */
  readonly cache: boolean;
  /** Which runs notebook 08 compares (NotebookParameters.compare). */
  readonly compare: string;
}

export interface NotebookNeeds {
  /** The run models this notebook loads: each is checked against its parameters before anything else happens. */
  readonly models?: readonly RunModelName[];
}

/**
 * Resolves and validates the configuration and prepares the run folder. A bad value, or a run model in the folder
 * trained with other parameters (RunMismatchError, with the command that retrains it), stops it before any work.
 */
export function startNotebook(given: Partial<NotebookParameters>, needs: NotebookNeeds = {}): NotebookRun {
  const parameters = completeParameters(given);
  const config = resolveConfig({ preset: parameters.preset, profile: parameters.profile, set: parameters.set });
  const runDir = isAbsolute(parameters.runDir) ? parameters.runDir : join(PROJECT_ROOT, parameters.runDir);
  mkdirSync(runDir, { recursive: true });
  const overrides = Object.keys(parameters.set);
  console.log(
    `preset '${config.preset}', profile '${config.profile}'${overrides.length ? `, overriding ${overrides.join(', ')}` : ''}` +
      `${parameters.cache ? '' : ', training every model anew (no cache)'}; run folder ${runDir}`,
  );
  const run = { config, runDir, cache: parameters.cache, compare: parameters.compare };
  checkRunModels(run, needs.models ?? []);
  return run;
}
