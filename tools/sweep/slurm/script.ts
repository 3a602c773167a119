// The batch script of a sweep's Slurm job array: each task runs the line of commands.txt that its array index names,
// from the project folder, after checking that the node sees that folder at all.
import { shellQuote } from '../../../lib/run/shell-quote';

/** Where a task's output goes, in the sweep's folder: %A is the array's job id, %a the task's index. */
export const TASK_OUTPUT = 'slurm-%A_%a.out';
/** A task that cannot find its project or its command exits with this, as a refused `npm start` does: nothing ran. */
const NOTHING_RAN_EXIT = 2;

export interface ScriptOptions {
  /** The project folder, as the submitting host sees it; every node must see it at the same path. */
  readonly projectDir: string;
  readonly commandsFile: string;
  readonly sweepDir: string;
  /** The runs folder the sweep was made in: its points' --run-name are relative to it, whoever resubmits a task. */
  readonly runsDir: string;
  readonly jobName: string;
  /** The user's sbatch options, kept in the script so that a task resubmitted alone gets them too. */
  readonly slurmOptions: readonly string[];
}

export function batchScript(options: ScriptOptions): string {
  const project = shellQuote(options.projectDir);
  return [
    '#!/bin/bash',
    `#SBATCH --job-name=${options.jobName}`,
    `#SBATCH --output=${options.sweepDir}/${TASK_OUTPUT}`,
    ...options.slurmOptions.map((option) => `#SBATCH ${option}`),
    // Slurm runs a task whose working directory is missing in /tmp instead, and npm would then fail far from the cause.
    `if ! cd ${project} 2>/dev/null; then`,
    `  echo "error: the project folder ${options.projectDir} does not exist on $(hostname): put the project (with runs/) on a filesystem every node mounts at that path, then submit again" >&2`,
    `  exit ${NOTHING_RAN_EXIT}`,
    'fi',
    `export RUNS_DIR=${shellQuote(options.runsDir)}`,
    `line=$(sed -n "$((SLURM_ARRAY_TASK_ID + 1))p" ${shellQuote(options.commandsFile)})`,
    `[ -n "$line" ] || { echo "error: ${options.commandsFile} has no line for task $SLURM_ARRAY_TASK_ID" >&2; exit ${NOTHING_RAN_EXIT}; }`,
    'echo "task $SLURM_ARRAY_TASK_ID of job $SLURM_ARRAY_JOB_ID on $(hostname): $line"',
    'eval "$line"',
    '',
  ].join('\n');
}
