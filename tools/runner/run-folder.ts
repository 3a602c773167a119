// One folder per run under runs/, a `latest` link to the newest, and a log of what the terminal showed.
import { appendFileSync, existsSync, mkdirSync, realpathSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ProjectError } from '../../lib/errors';
import { canonicalJson } from '../../lib/model-cache/key';
import { readResults, RESULTS_FILE, runParameters } from '../../lib/run/results';
import { readRunState } from '../../lib/run/run-state';
import { RUNS_DIR } from '../../lib/paths';
import { RUN_LOG_FILE } from '../../lib/run/results';
import { SWEEPS_FOLDER } from '../sweep/plan';

export interface RunFolder {
  readonly id: string;
  readonly dir: string;
  /** Prints a line and appends it to the run's log. */
  readonly log: (line: string) => void;
}

/** The current UTC time as a folder name that sorts in time order, e.g. 2026-11-24_02-33-20. */
export function runStamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 19);
}

/** Which folder a run goes into: a new one named by time, preset and profile, unless one of these says otherwise. */
export interface RunFolderChoice {
  /** An earlier run folder (an id under runs/, or 'latest'), so single notebooks can be rerun against its models and results. */
  readonly existing?: string;
  /** A folder under runs/ by this name, made if missing (a sweep's point; see checkNamedRun for an existing one). */
  readonly name?: string;
}

/** The run's folder under `runsDir` (see RunFolderChoice); `runs/latest` then points at it. */
export function createRunFolder(preset: string, profile: string, choice: RunFolderChoice = {}, runsDir: string = RUNS_DIR): RunFolder {
  const { existing, name } = choice;
  let dir: string;
  if (existing === undefined) {
    dir = join(runsDir, name ?? `${runStamp()}-${preset}-${profile}`);
    try {
      mkdirSync(dir, { recursive: true });
    } catch (error) {
      throw new ProjectError(`cannot make the run folder ${dir}: ${(error as Error).message}. Choose another --run-name, or free the path.`);
    }
  } else {
    const path = join(runsDir, existing);
    if (!existsSync(path)) throw new ProjectError(`--run ${existing}: there is no run folder ${path}; run \`npm start\` once first.`);
    dir = realpathSync(path);
  }
  const id = relative(realpathSync(runsDir), dir);
  // A sweep's points start in any order, several at once, and some fail: `latest` keeps meaning the last run the
  // user started, which `--run latest` and the notebooks' hints rely on.
  if (!id.startsWith(`${SWEEPS_FOLDER}/`)) pointLatestAt(id, runsDir);
  const logFile = join(dir, RUN_LOG_FILE);
  return {
    id,
    dir,
    log: (line: string) => {
      console.log(line);
      appendFileSync(logFile, `${line}\n`);
    },
  };
}

/** Replaces runs/latest atomically, so it never dangles half-made. */
function pointLatestAt(id: string, runsDir: string): void {
  const temporary = join(runsDir, `.latest.${process.pid}`);
  rmSync(temporary, { force: true });
  symlinkSync(id, temporary);
  renameSync(temporary, join(runsDir, 'latest'));
}

const EXECUTED_EXTENSIONS = ['ipynb', 'html'];

/**
 * Before a notebook reruns into a folder that already holds its executed copy: moves that copy (and its HTML export)
 * to `<name>.previous.*`, where a failed or killed rerun cannot overwrite it. If a `.previous` copy is already there,
 * the rerun that set it aside failed and left a partial copy, so the older `.previous` one is kept and the partial
 * one is overwritten instead.
 * Returns the path of the kept notebook, if any.
 */
export function setAsidePreviousExecution(dir: string, name: string): string | undefined {
  const previous = (extension: string) => join(dir, `${name}.previous.${extension}`);
  if (!existsSync(previous('ipynb'))) {
    for (const extension of EXECUTED_EXTENSIONS) {
      const current = join(dir, `${name}.${extension}`);
      if (existsSync(current)) renameSync(current, previous(extension));
    }
  }
  return existsSync(previous('ipynb')) ? previous('ipynb') : undefined;
}

/** After a rerun completed: its copy replaces the set-aside one. */
export function dropPreviousExecution(dir: string, name: string): void {
  for (const extension of EXECUTED_EXTENSIONS) rmSync(join(dir, `${name}.previous.${extension}`), { force: true });
}

/**
 * What a named run folder that already exists allows: 'new' when it is free, or an earlier run of the same parameters
 * that did not complete (it runs again from the start); 'complete' when that run completed (nothing to do, so a
 * scheduler's retry is harmless). A running run, or one of other parameters, is refused: rerunning over it would mix
 * two runs' results.
 */
export function checkNamedRun(dir: string, parameters: Readonly<Record<string, unknown>>): 'new' | 'complete' {
  if (!existsSync(join(dir, RESULTS_FILE))) return 'new';
  const results = readResults(dir);
  const wallTimes = typeof results.wall_time_s === 'object' && results.wall_time_s !== null ? (results.wall_time_s as Record<string, unknown>) : {};
  const { state, status } = readRunState(dir, wallTimes);
  if (state === 'running' || state === 'unknown') throw new ProjectError(`${dir} holds a run that is ${status}: wait for it, or choose another --run-name.`);
  const recorded = runParameters(results);
  if (recorded.state === 'none') return 'new'; // stopped before any notebook recorded a result: nothing to mix with
  const described = recorded.state === 'mixed' ? `sections made with different parameters (${recorded.differences.join('; ')})` : `a run of other parameters (${canonicalJson(recorded.parameters)})`;
  if (recorded.state === 'mixed' || canonicalJson(recorded.parameters) !== canonicalJson(parameters)) {
    throw new ProjectError(`${dir} holds ${described}: choose another --run-name.`);
  }
  return state === 'complete' ? 'complete' : 'new';
}
