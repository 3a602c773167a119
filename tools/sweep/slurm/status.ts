// Where each task of a sweep's job array stands, as Slurm tells it: sacct when accounting is configured, else squeue,
// which also lists ended tasks, but only for a few minutes (MinJobAge, 300 s by default).
import { runSlurm } from './command';

export interface TaskState {
  /** Slurm's state: PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, TIMEOUT, OUT_OF_MEMORY… */
  readonly state: string;
  /** sacct's `exit:signal` of a task that ended; absent from squeue. */
  readonly exit?: string;
}

export interface TaskStates {
  /** Which command answered. */
  readonly source: 'sacct' | 'squeue';
  readonly tasks: ReadonlyMap<number, TaskState>;
  /** True for squeue: a task it no longer lists has ended, how it ended it cannot say. */
  readonly endedTasksUnlisted: boolean;
}

/** The tasks' states, or a sentence saying why Slurm could not be asked. */
export function taskStates(jobId: string): TaskStates | string {
  try {
    const sacct = runSlurm('sacct', ['-j', jobId, '-X', '-n', '-P', '-o', 'JobID,State,ExitCode']);
    if (sacct.status === 0) return { source: 'sacct', tasks: parseTasks(jobId, sacct.stdout), endedTasksUnlisted: false };
    const squeue = runSlurm('squeue', ['-j', jobId, '-r', '-h', '-t', 'all', '-o', '%i|%T']);
    // squeue refuses a job id it no longer knows: every task has ended.
    if (squeue.status === 0 || /invalid job id/i.test(squeue.said)) return { source: 'squeue', tasks: parseTasks(jobId, squeue.status === 0 ? squeue.stdout : ''), endedTasksUnlisted: true };
    return `neither sacct (${sacct.said}) nor squeue (${squeue.said}) answered`;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Lines of `<job>_<task>|STATE[|exit]`. sacct folds tasks not yet started into one line, `<job>_[2-5%2]`, and
 * writes `CANCELLED by 0` for a cancelled one.
 */
export function parseTasks(jobId: string, text: string): Map<number, TaskState> {
  const tasks = new Map<number, TaskState>();
  for (const line of text.split('\n')) {
    const [id, state, exit] = line.trim().split('|');
    if (!id?.startsWith(`${jobId}_`) || !state) continue;
    const entry: TaskState = { state: state.split(' ')[0]!, ...(exit ? { exit } : {}) };
    for (const task of taskIds(id.slice(jobId.length + 1))) tasks.set(task, entry);
  }
  return tasks;
}

/** `3`, or `[0-3%2]`, `[1,4-5]`: the task ids they name. */
function taskIds(text: string): number[] {
  const list = text.replace(/^\[|\]$/g, '').split('%')[0]!;
  return list.split(',').flatMap((part) => {
    const bounds: number[] = part.split('-').map(Number);
    const from = bounds[0]!;
    const to = bounds[1] ?? from;
    if (!Number.isInteger(from) || !Number.isInteger(to)) return [];
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  });
}
