// Stand-ins for Slurm's client commands, as shell scripts in a temporary folder put first on PATH: each answers as
// Slurm 22.05 does, in the state a test chooses, and records the arguments it was called with.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporaryDir } from './idx-files';

export interface FakeSlurm {
  readonly dir: string;
  /** The lines of arguments each command was called with, one line per call. */
  calls(command: string): string[];
}

export interface FakeSlurmState {
  /** Which of sbatch, scontrol, sacct, squeue exist. @default all four */
  readonly commands?: readonly string[];
  /** @default 'up' */
  readonly controller?: 'up' | 'down';
  /** sbatch refuses this partition, as Slurm does one it does not know. */
  readonly refusedPartition?: string;
  /** The id sbatch gives the job. @default 42 */
  readonly jobId?: number;
  /** sacct's lines (`42_0|COMPLETED|0:0`); without them sacct says accounting is disabled. */
  readonly sacct?: readonly string[];
  /** squeue's lines (`42_1|RUNNING`). */
  readonly squeue?: readonly string[];
}

const UNREACHABLE = 'Batch job submission failed: Unable to contact slurm controller (connect failure)';

export function fakeSlurm(state: FakeSlurmState = {}): FakeSlurm {
  const dir = temporaryDir('fake-slurm-');
  const record = (name: string) => `echo "$*" >> ${join(dir, `${name}.calls`)}`;
  const down = state.controller === 'down';
  const scripts: Record<string, string[]> = {
    sbatch: [
      record('sbatch'),
      'case "$*" in *--version*) echo "slurm 22.05.8"; exit 0;; esac',
      down ? `echo "sbatch: error: ${UNREACHABLE}" >&2; exit 1` : '',
      state.refusedPartition
        ? `case "$*" in *--partition=${state.refusedPartition}*) echo "sbatch: error: invalid partition specified: ${state.refusedPartition}" >&2; echo "sbatch: error: Batch job submission failed: Invalid partition name specified" >&2; exit 1;; esac`
        : '',
      'case "$*" in *--test-only*) echo "sbatch: Job 7 to start at 2026-12-02T12:00:00 using 1 processors on nodes vm in partition local" >&2; exit 0;; esac',
      `echo ${state.jobId ?? 42}`,
    ],
    scontrol: [record('scontrol'), down ? 'echo "Slurmctld(primary) at vm is DOWN"; exit 1' : 'echo "Slurmctld(primary) at vm is UP"'],
    sacct: [record('sacct'), state.sacct ? `printf '%s\\n' ${state.sacct.map((line) => `'${line}'`).join(' ')}` : 'echo "Slurm accounting storage is disabled" >&2; exit 1'],
    squeue: [record('squeue'), `printf '%s\\n' ${(state.squeue ?? []).map((line) => `'${line}'`).join(' ')}`],
  };
  for (const command of state.commands ?? Object.keys(scripts)) {
    const path = join(dir, command);
    writeFileSync(path, `#!/bin/sh\n${scripts[command]!.filter((line) => line !== '').join('\n')}\n`);
    chmodSync(path, 0o755);
  }
  return {
    dir,
    calls: (command) => {
      const path = join(dir, `${command}.calls`);
      return existsSync(path) ? readFileSync(path, 'utf8').trim().split('\n') : [];
    },
  };
}

/** Runs `body` with PATH holding the fake commands alone: Slurm's real ones, where installed, are in /usr/bin. */
export function withPath<T>(fake: FakeSlurm, body: () => T): T {
  const saved = process.env.PATH;
  process.env.PATH = fake.dir;
  try {
    return body();
  } finally {
    process.env.PATH = saved;
  }
}
