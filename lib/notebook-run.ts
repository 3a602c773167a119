// What every notebook does first: validate its parameters and find its run folder.
import { mkdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { resolveConfig, type PipelineConfig } from './config/index';
import { PROJECT_ROOT } from './paths';
import { recordRunFields } from './results';

export interface NotebookParameters {
  readonly preset: string;
  readonly profile: string;
  /** Where this run's models and results live; relative paths are taken from the project root. */
  readonly runDir: string;
  readonly set: Readonly<Record<string, unknown>>;
}

export interface NotebookRun {
  readonly config: PipelineConfig;
  /** Absolute path of the run folder. */
  readonly runDir: string;
}

/** Resolves and validates the configuration (throwing before any work on a bad value) and prepares the run folder. */
export function startNotebook(parameters: NotebookParameters): NotebookRun {
  const config = resolveConfig({ preset: parameters.preset, profile: parameters.profile, set: parameters.set });
  const runDir = isAbsolute(parameters.runDir) ? parameters.runDir : join(PROJECT_ROOT, parameters.runDir);
  mkdirSync(runDir, { recursive: true });
  recordRunFields(runDir, { preset: config.preset, profile: config.profile, parameters: config.parameters });
  const overrides = Object.keys(parameters.set);
  console.log(
    `preset '${config.preset}', profile '${config.profile}'${overrides.length ? `, overriding ${overrides.join(', ')}` : ''}; run folder ${runDir}`,
  );
  return { config, runDir };
}
