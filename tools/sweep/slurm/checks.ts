// What must hold before a sweep is submitted to Slurm: sbatch is there, the controller answers, and Slurm accepts
// the job array with the user's options. Nothing is written under runs/ until they pass.
import { SlurmControllerError, SlurmRefusedError } from './errors';
import { runSlurm } from './command';

/** What sbatch and scontrol say when no controller answers, as opposed to refusing what they were given. */
const NO_CONTROLLER = /unable to contact slurm controller|socket timed out|connection refused|no answer within|is DOWN|Zero Bytes were transmitted/i;

/** `0-(n-1)%N`: one task per point, at most `jobs` (and never more than the points) running at once. */
export function arraySpec(points: number, jobs: number): string {
  return `0-${points - 1}%${Math.min(jobs, points)}`;
}

/**
 * Refuses, with Slurm's own words, what would stop the submission: sbatch missing, a controller that does not answer,
 * an option or partition sbatch rejects. `sbatch --test-only` judges the very options of the real submission, with a
 * placeholder script, and submits nothing.
 */
export function checkSlurm(slurmOptions: readonly string[], array: string): void {
  runSlurm('sbatch', ['--version']);
  const ping = runSlurm('scontrol', ['ping']);
  const pinged = `${ping.stdout.trim()}${ping.said ? ` ${ping.said}` : ''}`.trim();
  if (ping.status !== 0 || /DOWN/.test(ping.stdout)) throw new SlurmControllerError('scontrol ping', pinged || `exit status ${ping.status}`);
  const test = runSlurm('sbatch', ['--test-only', `--array=${array}`, ...slurmOptions, '--wrap=true']);
  if (test.status === 0) return;
  const said = test.said || `exit status ${test.status}`;
  if (NO_CONTROLLER.test(said)) throw new SlurmControllerError('sbatch --test-only', said);
  throw new SlurmRefusedError(slurmOptions, said);
}
