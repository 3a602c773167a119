// What a run folder holds for later readers: the saved models, each named once here with the notebook that saves
// it, and the runner's log and status record. The results.json sections are registered in results.ts.

/** What the runner printed, line by line (tools/runner/run-folder.ts). */
export const RUN_LOG_FILE = 'run.log';

/** Where the runner keeps its RunStatusRecord (tools/runner/run-status.ts writes it, lib/run-state.ts reads it). */
export const RUN_STATUS_FILE = 'run-status.json';

/** The runner's progress, written atomically when it starts, after each notebook and when it stops. */
export interface RunStatusRecord {
  /** A runner that is killed cannot write its end, so its record stays 'running'. */
  readonly state: 'running' | 'complete' | 'failed';
  /** The runner's process id on `host`: a 'running' record whose process is gone was killed. */
  readonly pid: number;
  readonly host: string;
  /** ISO 8601 times. */
  readonly started_at: string;
  readonly ended_at?: string;
  /** The notebooks this runner was started to run, in order, e.g. '04-autoencoder'. */
  readonly notebooks: readonly string[];
  /** Those of `notebooks` it completed. */
  readonly completed: readonly string[];
  /** The notebook it stopped in, the cell when one failed, and why. */
  readonly failure?: { readonly notebook: string; readonly cell?: number; readonly reason: string };
}

/** Models saved under `<runDir>/models/<name>`, by the notebook that saves them. */
export const RUN_MODELS = { classifier: '03', autoencoder: '04', composite: '05' } as const;
export type RunModelName = keyof typeof RUN_MODELS;

export { readSection, RESULT_SECTIONS, type Section, type SectionName } from './results';
