// Runs one measuring process (tfjs or Keras) and reads the WorkerResult it prints last; its progress goes to our stderr.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PROJECT_ROOT } from '../../lib/paths';
import { otherCores, sampleCpu } from './contention';
import type { Job } from './job';
import type { ModelKind } from './settings';
import type { Side, WorkerResult } from './worker-result';

const BENCH_DIR = join(PROJECT_ROOT, 'tools', 'bench');
/** Start-up notices libtensorflow prints whatever TF_CPP_MIN_LOG_LEVEL says; they would bury the progress lines. */
const NOISE_LINES = /oneDNN custom operations are on|absl::InitializeLog\(\) is called/;

export interface Measured extends WorkerResult {
  /** Cores other processes kept busy meanwhile; undefined where it cannot be told (no /proc/stat). */
  readonly otherCores: number | undefined;
  readonly wallSeconds: number;
}

export class WorkerError extends Error {
  override name = 'WorkerError';
}

/** @param python the Keras venv's interpreter (only for the Keras side). Resolves once the process has exited. */
export async function runWorker(side: Side, kind: ModelKind, job: Job, python: string): Promise<Measured> {
  const [command, args] =
    side === 'tfjs'
      ? [process.execPath, [require.resolve('tsx/cli'), join(BENCH_DIR, 'tfjs-worker.ts'), kind, JSON.stringify(job)]]
      : [python, [join(BENCH_DIR, 'keras_worker.py'), kind, JSON.stringify(job)]];
  const start = sampleCpu();
  const began = performance.now();
  const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: PROJECT_ROOT });
    createInterface({ input: child.stderr }).on('line', (line) => NOISE_LINES.test(line) || process.stderr.write(`${line}\n`));
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ code: status, stdout: out }));
  });
  const end = sampleCpu();
  const last = stdout.trim().split('\n').at(-1) ?? '';
  if (code !== 0 || !last.startsWith('{')) {
    throw new WorkerError(`the ${side} ${kind} measurement failed (exit status ${code}); its error is printed above.`);
  }
  const result = JSON.parse(last) as WorkerResult;
  return { ...result, otherCores: otherCores(start, end, result.cpuSeconds), wallSeconds: (performance.now() - began) / 1000 };
}
