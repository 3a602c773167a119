// The runs table: one typed row per run folder (what it changed, its state, accuracies, image quality, wall time),
// read from results.json and the runner's status record. A damaged or missing file gives a row that says so, and
// a folder whose sections were made with different parameters says 'mixed' rather than lending one set to them all.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { changedParameters } from '../config/differences';
import { ConfigError } from '../errors';
import { MADE_WITH, RESULTS_FILE, runParameters } from './results';
import { RESULT_SECTIONS, RUN_LOG_FILE, RUN_STATUS_FILE, type SectionName } from './results';
import { notebooksNotRun, readRunState, type RunState } from './run-state';

export interface RunRow {
  /** The run folder's name: its start time (UTC), preset and profile, so ids sort in time order. */
  readonly id: string;
  /** The preset its results were made with; 'mixed' when its sections were made with different ones. */
  readonly preset: string | null;
  /** The profile, the same way. */
  readonly profile: string | null;
  /**
   * Parameters that differ from what the preset and profile set, as `--set` takes them; '' when none; 'mixed' when
   * its sections were made with different parameters (the note names them).
   */
  readonly changed: string | null;
  readonly state: RunState;
  /** The state in words: 'complete', 'failed at 04 (cell 7)', 'running 04', 'killed in 04', …, then ', mixed parameters' for a mixed folder. */
  readonly status: string;
  /** Classifier accuracy on clean test images (notebook 03). */
  readonly clean: number | null;
  /** Classifier accuracy on noisy test images (notebook 03). */
  readonly noisy: number | null;
  /** Denoise-then-classify accuracy on noisy test images (notebook 05). */
  readonly composite: number | null;
  /** PSNR of the denoised test images against the clean ones, in dB (notebook 04). */
  readonly psnr_db: number | null;
  /** SSIM of the denoised test images against the clean ones (notebook 04). */
  readonly ssim: number | null;
  /** The notebooks' wall times added up, in seconds. */
  readonly wall_s: number | null;
  /** What could not be read, or which notebooks a complete run did not run; '' when nothing. */
  readonly note: string;
  readonly dir: string;
}

export type RunColumn = keyof RunRow;

/** Every column, in table order, with its kind: numbers sort largest first, text alphabetically. */
export const RUN_COLUMNS: Readonly<Record<RunColumn, 'number' | 'text'>> = {
  id: 'text', preset: 'text', profile: 'text', changed: 'text', state: 'text', status: 'text',
  clean: 'number', noisy: 'number', composite: 'number', psnr_db: 'number', ssim: 'number', wall_s: 'number',
  note: 'text', dir: 'text',
};

type SectionField = { [S in SectionName]: readonly [S, keyof (typeof RESULT_SECTIONS)[S]['fields'] & string] }[SectionName];
const MEASURES: Readonly<Record<'clean' | 'noisy' | 'composite' | 'psnr_db' | 'ssim', SectionField>> = {
  clean: ['classifier', 'clean_accuracy'],
  noisy: ['classifier', 'noisy_accuracy'],
  composite: ['composite', 'accuracy'],
  psnr_db: ['autoencoder', 'psnr_denoised_db'],
  ssim: ['autoencoder', 'ssim_denoised'],
};

/** The runner writes its log and its status record first thing; other folders under runs/ are not its runs. */
function isRunFolder(dir: string): boolean {
  return existsSync(join(dir, RUN_STATUS_FILE)) || existsSync(join(dir, RUN_LOG_FILE));
}

/** Deep enough for runs/sweeps/<sweep-id>/<point>/, the deepest place the runner puts a run. */
const SEARCH_DEPTH = 3;

/**
 * The run folders in `paths`: each path that is one, and the run folders inside each that is not (runs/), down to
 * sweeps' points (runs/sweeps/<id>/<point>/). Links are not followed, so runs/latest does not list its run twice; the
 * model cache, the browser test's folders and JupyterLab's runs/interactive are not the runner's, and a path that does
 * not exist holds no runs.
 */
export function findRunFolders(paths: readonly string[]): string[] {
  return findRuns(paths).map((found) => found.dir);
}

function findRuns(paths: readonly string[]): { dir: string; id: string }[] {
  const search = (root: string, dir: string, depth: number): { dir: string; id: string }[] => {
    if (isRunFolder(dir)) return [{ dir, id: dir === root ? basename(dir) : relative(root, dir) }];
    if (depth === SEARCH_DEPTH || !existsSync(dir) || !statSync(dir).isDirectory()) return [];
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .flatMap((entry) => search(root, join(dir, entry.name), depth + 1));
  };
  return paths.flatMap((path) => search(path, path, 0));
}

/** One row per run folder in `paths` (see findRunFolders), in time order; a sweep's points by their path under `paths`. */
export function readRunsIndex(paths: readonly string[]): RunRow[] {
  return findRuns(paths).map(({ dir, id }) => readRunRow(dir, id)).sort((a, b) => compareText(a.id, b.id));
}

export function readRunRow(dir: string, id: string = basename(dir)): RunRow {
  const problems: string[] = [];
  const results = readResultsFile(dir, problems);
  // Without a readable results.json, which notebooks ran is not known, rather than none.
  const resultsRead = problems.length === 0;
  const wallTimes = isRecord(results.wall_time_s) ? results.wall_time_s : {};
  const { state, status, problem } = readRunState(dir, wallTimes);
  if (problem) problems.push(problem);
  const notRun = notebooksNotRun(wallTimes);
  if (state === 'complete' && resultsRead && notRun.length > 0) problems.push(`notebooks ${notRun.join(', ')} not run`);
  const measure = ([section, field]: SectionField): number | null => {
    const value = isRecord(results[section]) ? (results[section] as Record<string, unknown>)[field] : undefined;
    if (value === undefined) return null;
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    problems.push(`${section}.${field} is ${JSON.stringify(value)}, not a number`);
    return null;
  };
  const times = Object.values(wallTimes).filter((value): value is number => typeof value === 'number');
  const made = madeWith(results, problems);
  return {
    id,
    ...made,
    state,
    status: made.changed === MIXED ? `${status}, ${MIXED} parameters` : status,
    clean: measure(MEASURES.clean),
    noisy: measure(MEASURES.noisy),
    composite: measure(MEASURES.composite),
    psnr_db: measure(MEASURES.psnr_db),
    ssim: measure(MEASURES.ssim),
    wall_s: times.length > 0 ? Math.round(times.reduce((sum, seconds) => sum + seconds, 0) * 10) / 10 : null,
    note: problems.join('; '),
    dir,
  };
}

/** Rows ordered by `column`: numbers largest first, text alphabetically, absent values last, ties as given. */
export function sortRuns(rows: readonly RunRow[], column: RunColumn): RunRow[] {
  const direction = RUN_COLUMNS[column] === 'number' ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = a[column];
    const y = b[column];
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return direction * (typeof x === 'number' && typeof y === 'number' ? x - y : compareText(String(x), String(y)));
  });
}

function readResultsFile(dir: string, problems: string[]): Record<string, unknown> {
  const path = join(dir, RESULTS_FILE);
  if (!existsSync(path)) {
    problems.push(`no ${RESULTS_FILE}`);
    return {};
  }
  try {
    const results: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (isRecord(results)) return results;
    problems.push(`${RESULTS_FILE} holds no JSON object`);
  } catch (error) {
    problems.push(`${RESULTS_FILE} is unreadable (${(error as Error).message})`);
  }
  return {};
}

/** What a row says in place of a preset, profile or change list its sections disagree on. */
const MIXED = 'mixed';

/** Preset, profile and changes of the parameters the sections were made with; a mixed folder's differences go into `problems`. */
function madeWith(results: Record<string, unknown>, problems: string[]): Pick<RunRow, 'preset' | 'profile' | 'changed'> {
  const parameters = runParameters(results);
  if (parameters.state === 'none') return { preset: null, profile: null, changed: null };
  if (parameters.state === 'mixed') {
    problems.push(`sections made with different parameters: ${parameters.differences.join('; ')}`);
    return { preset: sharedSetting(results, parameters.differences, 'preset'), profile: sharedSetting(results, parameters.differences, 'profile'), changed: MIXED };
  }
  const { preset, profile } = parameters;
  try {
    return { preset, profile, changed: changedParameters(preset, profile, parameters.parameters).join(', ') };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(`parameters not compared: ${error.message}`);
    return { preset, profile, changed: null };
  }
}

/** A mixed folder's preset (or profile) when its sections share it, read from any section's record; else 'mixed'. */
function sharedSetting(results: Record<string, unknown>, differences: readonly string[], setting: 'preset' | 'profile'): string {
  // Each difference starts with the setting's name (lib/run/results.ts runParameters).
  if (differences.some((difference) => difference.startsWith(`${setting}: `))) return MIXED;
  const records = isRecord(results[MADE_WITH]) ? Object.values(results[MADE_WITH]) : [];
  const shared = records.map((record) => (isRecord(record) && isRecord(record.parameters) ? record[setting] : undefined)).find((value) => typeof value === 'string');
  return typeof shared === 'string' ? shared : MIXED;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
