// One folder per run under runs/, a `latest` link to the newest, and a log of what the terminal showed.
import { appendFileSync, mkdirSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import { RUNS_DIR } from '../../lib/paths';

export interface RunFolder {
  readonly id: string;
  readonly dir: string;
  /** Prints a line and appends it to the run's log. */
  readonly log: (line: string) => void;
}

export function createRunFolder(preset: string, profile: string, runsDir: string = RUNS_DIR): RunFolder {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 19);
  const id = `${stamp}-${preset}-${profile}`;
  const dir = join(runsDir, id);
  mkdirSync(dir, { recursive: true });
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
