// TensorFlow's thread pools for one sweep point: a share of this machine's cores locally (--jobs), or the cores a
// scheduler allocated to the point's task.
import { availableParallelism } from 'node:os';

/**
 * libtensorflow sizes its intra-op and inter-op pools from these when tfjs-node gives it no session options, which it
 * never does; left unset, each pool takes every core of the node, whatever the point was given.
 */
const POOLS = ['TF_NUM_INTRAOP_THREADS', 'TF_NUM_INTEROP_THREADS'] as const;
/**
 * What Slurm says a task may use: its --cpus-per-task, else the CPUs of its allocation on this node (a task submitted
 * without --cpus-per-task still gets at least one core, and sees no SLURM_CPUS_PER_TASK).
 */
const SLURM_CPUS = ['SLURM_CPUS_PER_TASK', 'SLURM_CPUS_ON_NODE'] as const;

/** The environment of each of `jobs` points run at once on this machine: 1/jobs of the cores each. */
export function localShare(jobs: number, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (jobs === 1) return env;
  return withThreads(env, Math.max(1, Math.floor(availableParallelism() / jobs)));
}

/**
 * The thread count of a task that runs inside a Slurm allocation, or undefined outside one, or when the pools were set
 * by hand (a user's own TF_NUM_* variables win).
 */
export function allocatedThreads(env: NodeJS.ProcessEnv = process.env): { threads: number; source: string } | undefined {
  if (POOLS.some((name) => env[name] !== undefined)) return undefined;
  for (const name of SLURM_CPUS) {
    const threads = Number(env[name]);
    if (Number.isInteger(threads) && threads >= 1) return { threads, source: `${name}=${env[name]}` };
  }
  return undefined;
}

export function withThreads(env: NodeJS.ProcessEnv, threads: number): NodeJS.ProcessEnv {
  return { ...env, ...Object.fromEntries(POOLS.map((name) => [name, String(threads)])) };
}
