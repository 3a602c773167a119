// What every notebook does first: validate its parameters and find its run folder.
import { mkdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { resolveConfig, type PipelineConfig } from './config/index';
import { completeParameters, type NotebookParameters } from './notebook-parameters';
import { PROJECT_ROOT } from './paths';
import { recordRunFields } from './results';

export interface NotebookRun {
  readonly config: PipelineConfig;
  /** Absolute path of the run folder. */
  readonly runDir: string;
  /** Reuse models from the model cache (false: train anew and replace the cached ones). */
  readonly cache: boolean;
  /** Which runs notebook 08 compares (NotebookParameters.compare). */
  readonly compare: string;
}

/** Resolves and validates the configuration (throwing before any work on a bad value) and prepares the run folder. */
export function startNotebook(given: Partial<NotebookParameters>): NotebookRun {
  const parameters = completeParameters(given);
  const config = resolveConfig({ preset: parameters.preset, profile: parameters.profile, set: parameters.set });
  const runDir = isAbsolute(parameters.runDir) ? parameters.runDir : join(PROJECT_ROOT, parameters.runDir);
  mkdirSync(runDir, { recursive: true });
  recordRunFields(runDir, { preset: config.preset, profile: config.profile, parameters: config.parameters });
  const overrides = Object.keys(parameters.set);
  console.log(
    `preset '${config.preset}', profile '${config.profile}'${overrides.length ? `, overriding ${overrides.join(', ')}` : ''}` +
      `${parameters.cache ? '' : ', training every model anew (no cache)'}; run folder ${runDir}`,
  );
  return { config, runDir, cache: parameters.cache, compare: parameters.compare };
}
