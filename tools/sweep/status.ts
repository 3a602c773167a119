// `npm start -- --sweep-status <id>`: each point of a sweep and where it stands, from its run folder and, for a sweep
// submitted to Slurm, from sacct or squeue; a failed point with the command that reruns it, as a local sweep ends.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArtifactError } from '../../lib/errors';
import { RUNS_DIR } from '../../lib/paths';
import { readRunRow, type RunRow } from '../../lib/run/runs-index';
import { EXIT, type ExitCode } from '../command';
import { SWEEP_COMMANDS, SWEEP_INDEX, sweepDir } from './folder';
import { pointCommand, SWEEPS_FOLDER } from './plan';
import { TASK_OUTPUT } from './slurm/script';
import { taskStates, type TaskState, type TaskStates } from './slurm/status';
import { SLURM_SCRIPT } from './slurm/submit';

type PointState = 'complete' | 'failed' | 'running' | 'pending' | 'unknown';

interface IndexPoint {
  readonly name: string;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly run: string;
  readonly status: string;
  readonly task_id?: number;
}

interface SweepIndex {
  readonly command: readonly string[];
  readonly scheduler?: 'slurm';
  readonly slurm?: { readonly job_id: string; readonly array: string };
  readonly points: readonly IndexPoint[];
}

/** Slurm's states of a task that has not ended. */
const WAITING = new Set(['PENDING', 'REQUEUED', 'RESIZING', 'SUSPENDED']);
const ACTIVE = new Set(['RUNNING', 'CONFIGURING', 'COMPLETING', 'STAGE_OUT']);

export function showSweepStatus(id: string): ExitCode {
  const dir = sweepDir(id);
  const index = readIndex(dir);
  const slurm = index.scheduler === 'slurm' && index.slurm ? taskStates(index.slurm.job_id) : undefined;
  const source = slurm === undefined ? 'the run folders' : typeof slurm === 'string' ? `the run folders (Slurm did not answer: ${slurm})` : `the run folders and ${slurm.source}`;
  const job = index.slurm ? `; Slurm job ${index.slurm.job_id}, array ${index.slurm.array}` : '';
  console.log(`sweep ${id}: ${index.points.length} points${job}; states from ${source}`);
  const rows = index.points.map((point) => {
    const run = existsSync(join(RUNS_DIR, point.run)) ? readRunRow(join(RUNS_DIR, point.run), point.run) : undefined;
    const task = typeof slurm === 'object' && point.task_id !== undefined ? slurm.tasks.get(point.task_id) : undefined;
    return { point, run, task, state: pointState(point, run, task, slurm) };
  });
  const table = [['point', 'task', 'slurm', 'run folder', 'state'], ...rows.map(({ point, run, task, state }) => [
    point.name, point.task_id === undefined ? '—' : String(point.task_id), task ? `${task.state}${task.exit ? ` ${task.exit}` : ''}` : '—', run?.status ?? 'not started', state,
  ])];
  const widths = table[0]!.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
  for (const row of table) console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd());
  for (const { point } of rows.filter((row) => row.state === 'failed')) {
    console.log(`FAILED ${point.name}: run it with ${rerunCommand(dir, index, point)}`);
    if (index.slurm && point.task_id !== undefined) {
      const output = join(dir, TASK_OUTPUT.replace('%A', index.slurm.job_id).replace('%a', String(point.task_id)));
      console.log(`  or resubmit its task alone: sbatch --array=${point.task_id} ${join(dir, SLURM_SCRIPT)} (its output was ${output})`);
    }
  }
  const counts = (['complete', 'failed', 'running', 'pending', 'unknown'] as const)
    .map((state) => [state, rows.filter((row) => row.state === state).length] as const)
    .filter(([, count]) => count > 0);
  console.log(`${counts.map(([state, count]) => `${count} ${state}`).join(', ')}; compare them: npm run runs, or npm start -- --only 08 --compare ${SWEEPS_FOLDER}/${id}`);
  return EXIT.done;
}

/**
 * The run folder says how a point's run ended; Slurm says whether its task is waiting, running or over. A task that is
 * over without a complete run failed, even when its runner never started (no project folder on the node, say).
 * `slurm` is a sentence when Slurm was asked and did not answer.
 */
function pointState(point: IndexPoint, run: RunRow | undefined, task: TaskState | undefined, slurm: TaskStates | string | undefined): PointState {
  if (run?.state === 'complete') return 'complete';
  if (run?.state === 'failed') return 'failed';
  if (typeof slurm === 'string') return run?.state === 'running' ? 'running' : 'unknown';
  if (slurm) {
    if (task && WAITING.has(task.state)) return 'pending';
    if (task && ACTIVE.has(task.state)) return 'running';
    if (task || slurm.endedTasksUnlisted) return 'failed';
    return 'unknown';
  }
  if (run?.state === 'running') return 'running';
  if (run?.state === 'killed' || point.status === 'failed' || point.status === 'interrupted') return 'failed';
  if (point.status === 'pending' || point.status === 'skipped' || point.status === 'submitted') return 'pending';
  return 'unknown';
}

/** The point's line of commands.txt when the sweep wrote one, else the command rebuilt from the sweep's own. */
function rerunCommand(dir: string, index: SweepIndex, point: IndexPoint): string {
  const commands = join(dir, SWEEP_COMMANDS);
  const line = point.task_id !== undefined && existsSync(commands) ? readFileSync(commands, 'utf8').split('\n')[point.task_id] : undefined;
  return line || pointCommand(index.command.slice(3), { settings: point.settings, runName: point.run });
}

function readIndex(dir: string): SweepIndex {
  const path = join(dir, SWEEP_INDEX);
  if (!existsSync(path)) {
    const root = join(RUNS_DIR, SWEEPS_FOLDER);
    const known = existsSync(root) ? readdirSync(root).filter((name) => existsSync(join(root, name, SWEEP_INDEX))).slice(-5) : [];
    throw new ArtifactError(path, 'does not exist', `Give the id of a sweep that ran or was submitted${known.length > 0 ? `, e.g. ${known.join(', ')}` : ' (there are none under runs/sweeps/)'}.`);
  }
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as SweepIndex;
  } catch (error) {
    throw new ArtifactError(path, `is not readable JSON (${(error as Error).message})`, 'A sweep writes it whole; it was changed by hand or damaged.');
  }
}
