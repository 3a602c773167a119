// One folder per run under runs/, a `latest` link to the newest, and a log of what the terminal showed.
import { appendFileSync, existsSync, mkdirSync, realpathSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ProjectError } from '../../lib/errors';
import { RUNS_DIR } from '../../lib/paths';

export interface RunFolder {
  readonly id: string;
  readonly dir: string;
  /** Prints a line and appends it to the run's log. */
  readonly log: (line: string) => void;
}

/**
 * A new run folder, or — with `existing` (an id under runs/, or 'latest') — an earlier one, so single notebooks can
 * be rerun against the models and results the others left there.
 */
export function createRunFolder(preset: string, profile: string, existing?: string, runsDir: string = RUNS_DIR): RunFolder {
  let dir: string;
  if (existing === undefined) {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 19);
    dir = join(runsDir, `${stamp}-${preset}-${profile}`);
    mkdirSync(dir, { recursive: true });
  } else {
    const path = join(runsDir, existing);
    if (!existsSync(path)) throw new ProjectError(`--run ${existing}: there is no run folder ${path}; run \`npm start\` once first.`);
    dir = realpathSync(path);
  }
  const id = basename(dir);
  pointLatestAt(dir, runsDir);
  const logFile = join(dir, 'run.log');
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
function pointLatestAt(dir: string, runsDir: string): void {
  const temporary = join(runsDir, `.latest.${process.pid}`);
  rmSync(temporary, { force: true });
  symlinkSync(basename(dir), temporary);
  renameSync(temporary, join(runsDir, 'latest'));
}
