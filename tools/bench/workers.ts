// Runs one measuring process (tfjs or Keras) and reads the WorkerResult it prints last; its progress goes to our stderr.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PROJECT_ROOT } from '../../lib/paths';
import { otherCores, sampleCpu } from './contention';
import type { Job } from './job';
import type { ModelKind } from './settings';
import type { ModelDescription, Side, WorkerResult } from './worker-result';

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
  const start = sampleCpu();
  const began = performance.now();
  const result = JSON.parse(await lastLine(side, python, [kind, JSON.stringify(job)], `the ${side} ${kind} measurement`)) as WorkerResult;
  const end = sampleCpu();
  return { ...result, otherCores: otherCores(start, end, result.cpuSeconds), wallSeconds: (performance.now() - began) / 1000 };
}

/** Both models as one side builds them, without training: checked before minutes are spent measuring. */
export async function describeModels(side: Side, python: string): Promise<ModelDescription[]> {
  return JSON.parse(await lastLine(side, python, ['describe'], `describing the ${side} models`)) as ModelDescription[];
}

async function lastLine(side: Side, python: string, workerArgs: string[], what: string): Promise<string> {
  const [command, args] =
    side === 'tfjs'
      ? [process.execPath, [require.resolve('tsx/cli'), join(BENCH_DIR, 'tfjs-worker.ts'), ...workerArgs]]
      : [python, [join(BENCH_DIR, 'keras_worker.py'), ...workerArgs]];
  const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: PROJECT_ROOT });
    createInterface({ input: child.stderr }).on('line', (line) => NOISE_LINES.test(line) || process.stderr.write(`${line}\n`));
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ code: status, stdout: out }));
  });
  const last = stdout.trim().split('\n').at(-1) ?? '';
  if (code !== 0 || !/^[[{]/.test(last)) throw new WorkerError(`${what} failed (exit status ${code}); its error is printed above.`);
  return last;
}
