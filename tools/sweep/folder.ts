// A sweep's folder, runs/sweeps/<id>/: made once per sweep, holding its index and the command of each point.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../lib/artifacts/atomic-write';
import { RUNS_DIR } from '../../lib/paths';
import { pointCommand, SWEEPS_FOLDER, type SweepPoint } from './plan';

export const SWEEP_INDEX = 'index.json';
/** One `npm start` per point, line i+1 for point i: what a scheduler's task i runs. */
export const SWEEP_COMMANDS = 'commands.txt';

/** The folder of sweep `id`. */
export function sweepDir(id: string): string {
  return join(RUNS_DIR, SWEEPS_FOLDER, id);
}

/**
 * runs/sweeps/<id>/, made here and nowhere else: two sweeps started in the same second get distinct folders. Printing
 * the commands or submitting them makes it too, to hold the commands file.
 */
export function createSweepFolder(stamp: string): { id: string; dir: string } {
  mkdirSync(join(RUNS_DIR, SWEEPS_FOLDER), { recursive: true });
  for (let attempt = 1; ; attempt++) {
    const id = attempt === 1 ? stamp : `${stamp}-${attempt}`;
    const dir = sweepDir(id);
    if (existsSync(dir)) continue;
    try {
      mkdirSync(dir);
      return { id, dir };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** Writes commands.txt into the sweep's folder; the commands, in the points' order. */
export function writeCommands(dir: string, argv: readonly string[], points: readonly SweepPoint[]): string[] {
  const commands = points.map((point) => pointCommand(argv, point));
  writeFileAtomic(join(dir, SWEEP_COMMANDS), `${commands.join('\n')}\n`);
  return commands;
}
