// Submitting a checked sweep to Slurm: its commands and batch script into the sweep's folder, one sbatch of a job
// array (task i runs point i), and an index.json that names the job and each point's task.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeJson } from '../../../lib/artifacts/atomic-write';
import { PROJECT_ROOT, RUNS_DIR } from '../../../lib/paths';
import { EXIT, type ExitCode } from '../../command';
import type { RunnerOptions } from '../../runner/args';
import { SWEEP_COMMANDS, SWEEP_INDEX, writeCommands } from '../folder';
import { describeAxes, sharedTrainings, type SweepPoint } from '../plan';
import { arraySpec } from './checks';
import { runSlurm } from './command';
import { SlurmRefusedError } from './errors';
import { batchScript, TASK_OUTPUT } from './script';

/** The batch script, beside commands.txt: `sbatch --array=<i> slurm.sh` resubmits point i alone, with the same options. */
export const SLURM_SCRIPT = 'slurm.sh';

export function submitToSlurm(argv: readonly string[], options: RunnerOptions, sweep: { id: string; dir: string }, points: readonly SweepPoint[]): ExitCode {
  const log = (line: string) => console.log(`[sweep] ${line}`);
  writeCommands(sweep.dir, argv, points);
  const script = join(sweep.dir, SLURM_SCRIPT);
  writeFileSync(script, batchScript({
    projectDir: PROJECT_ROOT,
    commandsFile: join(sweep.dir, SWEEP_COMMANDS),
    sweepDir: sweep.dir,
    runsDir: RUNS_DIR,
    jobName: `sweep-${sweep.id}`,
    slurmOptions: options.slurmOptions,
  }));
  chmodSync(script, 0o755);
  const array = arraySpec(points.length, options.jobs);
  // Tasks start in the submission's working directory; the script moves to the project itself in any case.
  const submitted = runSlurm('sbatch', ['--parsable', `--array=${array}`, script], PROJECT_ROOT);
  const jobId = submitted.stdout.trim().split(';')[0] ?? '';
  if (submitted.status !== 0 || !/^\d+$/.test(jobId)) throw new SlurmRefusedError(options.slurmOptions, submitted.said || `sbatch printed ${JSON.stringify(submitted.stdout.trim())}`);
  const { preset, profile, set } = options.parameters;
  writeJson(join(sweep.dir, SWEEP_INDEX), {
    id: sweep.id, command: ['npm', 'start', '--', ...argv], preset, profile, set, axes: options.sweeps, jobs: options.jobs,
    scheduler: 'slurm', slurm: { job_id: jobId, array, options: options.slurmOptions, script },
    state: 'submitted', submitted_at: new Date().toISOString(),
    points: points.map((point, task) => ({ name: point.name, settings: point.settings, run: point.runName, status: 'submitted', task_id: task })),
  });
  log(`${sweep.id}: ${points.length} points, ${describeAxes(options.sweeps)}; submitted to Slurm as job ${jobId} (array ${array}, task i runs line i+1 of ${SWEEP_COMMANDS})`);
  for (const line of sharedTrainings(points, options.parameters.cache)) log(line);
  log(`folder ${sweep.dir}; each task's output is ${join(sweep.dir, TASK_OUTPUT.replace('%A', jobId).replace('%a', '<task>'))}`);
  log(`watch it: squeue -j ${jobId}; npm start -- --sweep-status ${sweep.id}; npm run runs`);
  return EXIT.done;
}
