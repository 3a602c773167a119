// Whether anything else used the CPU while a worker measured: numbers taken on a busy machine are labelled, not trusted.
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

const PROC_STAT = '/proc/stat';
/** Linux reports /proc/stat in USER_HZ ticks, 100 a second on every mainstream kernel. */
const TICKS_PER_SECOND = 100;
/** Other processes may use this many cores on average before a measurement counts as contended (shells, the kernel). */
export const CONTENDED_CORES = 0.1;

export interface CpuSample {
  readonly busySeconds: number;
  readonly at: number;
}

/** Busy CPU time of the whole machine so far, or undefined where /proc/stat does not exist (macOS). */
export function sampleCpu(): CpuSample | undefined {
  if (!existsSync(PROC_STAT)) return undefined;
  const fields = readFileSync(PROC_STAT, 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return { busySeconds: (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND, at: performance.now() };
}

/**
 * Average number of cores that processes other than the worker kept busy between two samples.
 * @param workerCpuSeconds the CPU time the worker reported for its whole life (it ran only between the samples).
 */
export function otherCores(start: CpuSample | undefined, end: CpuSample | undefined, workerCpuSeconds: number): number | undefined {
  if (start === undefined || end === undefined) return undefined;
  const wall = (end.at - start.at) / 1000;
  return Math.max(0, (end.busySeconds - start.busySeconds - workerCpuSeconds) / wall);
}

export function coreCount(): number {
  return cpus().length;
}
