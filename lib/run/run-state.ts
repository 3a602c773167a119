// Whether a run is complete, failed, running or killed: from the runner's status record and whether its process
// still exists, or, in folders written before that record, from the notebooks' wall times in results.json.
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { RESULT_SECTIONS, RUN_STATUS_FILE, type RunStatusRecord } from './results';
import { processExists } from './processes';

/** `unknown`: the record is damaged, or the runner runs on another host, where its process cannot be looked up. */
export type RunState = 'complete' | 'failed' | 'running' | 'killed' | 'incomplete' | 'unknown';

export interface RunStateReading {
  readonly state: RunState;
  /** For a table: 'complete', 'failed at 04 (cell 7)', 'running 04', 'killed in 04', 'incomplete (no status record)'. */
  readonly status: string;
  /** What is wrong with the status record, if anything. */
  readonly problem?: string;
}

const STATES: readonly RunStatusRecord['state'][] = ['running', 'complete', 'failed'];

/** The notebooks that write a results.json section: a run holding a wall time of each ran them all. */
const RESULT_NOTEBOOKS = [...new Set(Object.values(RESULT_SECTIONS).map((section) => section.writtenBy as string))].filter((by) => /^\d\d$/.test(by)).sort();

/** The notebooks a run had when the runner did not yet write its status record: what a complete run of then ran. */
const NOTEBOOKS_BEFORE_STATUS_RECORDS = ['01', '02', '03', '04', '05', '06'];

/** Which of the result-writing notebooks (by number, e.g. '04') have no wall time in `wallTimes`. */
export function notebooksNotRun(wallTimes: Readonly<Record<string, unknown>>): string[] {
  const ran = Object.keys(wallTimes).map((name) => name.slice(0, 2));
  return RESULT_NOTEBOOKS.filter((number) => !ran.includes(number));
}

/** Reads the state of the run in `dir`; `wallTimes` is its results.json `wall_time_s` (empty when absent). */
export function readRunState(dir: string, wallTimes: Readonly<Record<string, unknown>>): RunStateReading {
  const path = join(dir, RUN_STATUS_FILE);
  if (!existsSync(path)) {
    const ran = Object.keys(wallTimes).map((name) => name.slice(0, 2));
    const complete = NOTEBOOKS_BEFORE_STATUS_RECORDS.every((number) => ran.includes(number));
    return complete ? { state: 'complete', status: 'complete' } : { state: 'incomplete', status: 'incomplete (no status record)' };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return { state: 'unknown', status: 'unknown', problem: `${RUN_STATUS_FILE} is unreadable (${(error as Error).message})` };
  }
  if (!isStatusRecord(parsed)) return { state: 'unknown', status: 'unknown', problem: `${RUN_STATUS_FILE} is not a runner's status record` };
  const record = parsed;
  // Notebooks by number ('04'), as `--from` takes them; the current one is the first not completed.
  const current = (record.notebooks.find((name) => !record.completed.includes(name)) ?? '').slice(0, 2);
  if (record.state === 'complete') return { state: 'complete', status: 'complete' };
  if (record.state === 'failed') {
    const cell = record.failure?.cell === undefined ? '' : ` (cell ${record.failure.cell})`;
    return { state: 'failed', status: `failed at ${record.failure?.notebook.slice(0, 2) ?? current}${cell}`.trim() };
  }
  if (record.host !== hostname()) return { state: 'unknown', status: `running on ${record.host}?` };
  return processExists(record.pid) ? { state: 'running', status: `running ${current}`.trim() } : { state: 'killed', status: `killed in ${current}`.trim() };
}

function isStatusRecord(value: unknown): value is RunStatusRecord {
  const record = value as Partial<Record<keyof RunStatusRecord, unknown>> | null;
  const names = (list: unknown): boolean => Array.isArray(list) && list.every((name) => typeof name === 'string');
  const failure = record?.failure as Partial<Record<'notebook' | 'cell', unknown>> | undefined;
  return (
    typeof record === 'object' && record !== null &&
    (STATES as readonly unknown[]).includes(record.state) &&
    // A pid of 0 or below would signal a whole process group in processExists.
    typeof record.pid === 'number' && Number.isInteger(record.pid) && record.pid > 0 &&
    typeof record.host === 'string' && names(record.notebooks) && names(record.completed) &&
    (failure === undefined || (typeof failure.notebook === 'string' && (failure.cell === undefined || typeof failure.cell === 'number')))
  );
}
