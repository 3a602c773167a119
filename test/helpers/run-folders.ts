// Run folders written by hand, as the runner and the notebooks would leave them, for the runs table's tests.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../../lib/config/index';
import type { RunStatusRecord } from '../../lib/run/results';

export const NOTEBOOKS = ['01-data', '02-noise', '03-baseline-classifier', '04-autoencoder', '05-composite', '06-evaluation', '07-your-images'];

/** Wall times of the six notebooks: 1 + 2 + … + 6 = 21 seconds, plus 0.1 each. */
export const WALL_TIMES: Readonly<Record<string, number>> = Object.fromEntries(NOTEBOOKS.map((name, i) => [name, i + 1.1]));

/** Which notebook writes each section of the results below: a run stopped before it has none of it. */
const WRITERS: Readonly<Record<string, string>> = { classifier: '03', autoencoder: '04', composite: '05' };

/**
 * What a run of the given preset, profile and settings writes into results.json when every notebook ran: each
 * section, and beside it under `made_with` what it was made with (lib/run/results.ts recordSection).
 */
export function completeResults(preset = 'default', profile = 'full', set: Record<string, unknown> = {}): Record<string, unknown> {
  const madeWith = { preset, profile, parameters: resolveConfig({ preset, profile, set }).parameters };
  return {
    run_id: 'ignored',
    classifier: { architecture: 'cnn', clean_accuracy: 0.9294, noisy_accuracy: 0.3543 },
    autoencoder: { architecture: 'unet', psnr_denoised_db: 24.0731, ssim_denoised: 0.8457 },
    composite: { accuracy: 0.8916 },
    made_with: Object.fromEntries(Object.keys(WRITERS).map((section) => [section, madeWith])),
    wall_time_s: WALL_TIMES,
  };
}

/** The same run as a folder from before sections recorded theirs keeps it: one preset, profile and parameters at the top. */
export function legacyResults(preset = 'default', profile = 'full', set: Record<string, unknown> = {}): Record<string, unknown> {
  const { made_with: madeWith, ...results } = completeResults(preset, profile, set);
  const { parameters } = (madeWith as Record<string, { parameters: unknown }>).classifier!;
  return { run_id: results.run_id, preset, profile, parameters, ...results };
}

/** What a rerun of one notebook into the folder changes: its own preset, profile or settings; the rest as before. */
export interface Rerun {
  readonly preset?: string;
  readonly profile?: string;
  readonly set?: Record<string, unknown>;
}

/** `results` after the notebook writing `section` was rerun into the folder (e.g. `--only 05 --set noise.level=0.4`). */
export function rerunResults(results: Record<string, unknown>, section: string, rerun: Rerun): Record<string, unknown> {
  const madeWith = results.made_with as Record<string, { preset: string; profile: string }>;
  const { preset = madeWith[section]!.preset, profile = madeWith[section]!.profile, set = {} } = rerun;
  return { ...results, made_with: { ...madeWith, [section]: { preset, profile, parameters: resolveConfig({ preset, profile, set }).parameters } } };
}

/** The same run stopped before notebook `number` (e.g. '04'): only the sections and wall times before it. */
export function resultsBefore(number: string, preset = 'default', profile = 'full'): Record<string, unknown> {
  const all = completeResults(preset, profile);
  const ran = ([key]: [string, unknown]) => !(key in WRITERS) || WRITERS[key]! < number;
  const kept = Object.entries(all).filter(ran);
  const madeWith = Object.entries(all.made_with as Record<string, unknown>).filter(ran);
  const times = Object.entries(WALL_TIMES).filter(([name]) => name < number);
  return { ...Object.fromEntries(kept), made_with: Object.fromEntries(madeWith), wall_time_s: Object.fromEntries(times) };
}

/** A status record of this host, by default this process's and running, through notebook 04. */
export function statusRecord(changes: Partial<RunStatusRecord> = {}): RunStatusRecord {
  return {
    state: 'running', pid: process.pid, host: hostname(), started_at: '2026-11-30T10:00:00.000Z',
    notebooks: NOTEBOOKS, completed: NOTEBOOKS.slice(0, 3), ...changes,
  };
}

/** The pid of a process that has ended, so no process has it (pids are not reused this soon). */
export function endedPid(): number {
  const { pid } = spawnSync(process.execPath, ['-e', '']);
  if (pid === undefined) throw new Error('could not start a short-lived node process for its pid');
  return pid;
}

export interface RunFolderContent {
  /** results.json: an object to write as JSON, a string to write as is, undefined for none. */
  readonly results?: object | string;
  /** run-status.json, the same way. */
  readonly status?: object | string;
  /** Write run.log, as every runner has. @default true */
  readonly log?: boolean;
}

/** Writes the run folder `root/id` with the files given, and returns its path. */
export function writeRunFolder(root: string, id: string, content: RunFolderContent): string {
  const dir = join(root, id);
  mkdirSync(dir, { recursive: true });
  const write = (file: string, value: object | string | undefined) => {
    if (value !== undefined) writeFileSync(join(dir, file), typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  };
  write('results.json', content.results);
  write('run-status.json', content.status);
  if (content.log ?? true) writeFileSync(join(dir, 'run.log'), `run ${id}\n`);
  return dir;
}
