// Why a sweep was not submitted to Slurm: each error names the command or value and says what to do. Nothing is
// written under runs/ before these checks pass.
import { ProjectError } from '../../../lib/errors';

/** Base of the refusals of a Slurm submission. */
export class SlurmError extends ProjectError {
  override name = 'SlurmError';
}

/** A Slurm command that is not on PATH. */
export class SlurmCommandMissingError extends SlurmError {
  override name = 'SlurmCommandMissingError';
  constructor(readonly command: string) {
    super(`${command} is not on PATH: run this on a host with Slurm's client commands (a login node), or add their folder to PATH.`);
  }
}

/** slurmctld does not answer: nothing can be submitted until it does. */
export class SlurmControllerError extends SlurmError {
  override name = 'SlurmControllerError';
  constructor(
    readonly command: string,
    readonly said: string,
  ) {
    super(`Slurm's controller does not answer (\`${command}\` said: ${said}); nothing was submitted. Check that slurmctld runs and that SLURM_CONF (or /etc/slurm/slurm.conf) names it, then submit again.`);
  }
}

/** sbatch refused the job as it would be submitted: a partition, account or option Slurm does not accept. */
export class SlurmRefusedError extends SlurmError {
  override name = 'SlurmRefusedError';
  constructor(
    readonly options: readonly string[],
    readonly said: string,
  ) {
    const given = options.length === 0 ? 'no --slurm-option' : `--slurm-option ${options.join(' --slurm-option ')}`;
    super(`Slurm refused the job array with ${given}: ${said}. Nothing was submitted; change or drop the option Slurm names (\`sinfo -s\` lists the partitions) and submit again.`);
  }
}
