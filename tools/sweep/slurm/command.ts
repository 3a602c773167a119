// Running one of Slurm's client commands: its output and exit status, or a SlurmCommandMissingError when it is not on PATH.
import { spawnSync } from 'node:child_process';
import { SlurmCommandMissingError } from './errors';

/** Slurm's clients give up on a silent controller after MessageTimeout (10 s by default); this leaves them room. */
const TIMEOUT_MS = 60_000;

export interface SlurmAnswer {
  /** null when the command timed out. */
  readonly status: number | null;
  readonly stdout: string;
  /** stderr's lines, without Slurm's `sbatch: error:` prefixes, joined with '; '. */
  readonly said: string;
}

export function runSlurm(command: string, args: readonly string[], cwd?: string): SlurmAnswer {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: TIMEOUT_MS, cwd });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') throw new SlurmCommandMissingError(command);
  const said = `${result.stderr ?? ''}`
    .split('\n')
    .map((line) => line.replace(/^\w+: (error|fatal): /, '').trim())
    .filter((line) => line !== '')
    .join('; ');
  const timedOut = result.error !== undefined && result.status === null;
  return { status: result.status, stdout: `${result.stdout ?? ''}`, said: timedOut ? `no answer within ${TIMEOUT_MS / 1000} s` : said };
}
