// Starting the runner (`npm start`'s tools/run.ts) from tests, with its runs and model cache in the test's own folder.
import { spawn, spawnSync, type SpawnOptions } from 'node:child_process';
import { PROJECT_ROOT } from '../../lib/paths';

/** One node process that is the runner itself (tsx as a loader, not tsx's CLI, which would start a second one). */
export function runnerCommand(args: string[], runsDir: string): { command: string; argv: string[]; options: SpawnOptions } {
  return {
    command: process.execPath,
    argv: ['--import', 'tsx', 'tools/run.ts', ...args],
    options: { cwd: PROJECT_ROOT, env: { ...process.env, RUNS_DIR: runsDir } },
  };
}

/** Runs the runner to its end; `output` is stdout then stderr. */
export function runRunner(args: string[], runsDir: string, timeoutMs = 120_000): { status: number | null; output: string; seconds: number } {
  const { command, argv, options } = runnerCommand(args, runsDir);
  const started = Date.now();
  const result = spawnSync(command, argv, { ...options, encoding: 'utf8', timeout: timeoutMs });
  return { status: result.status, output: `${result.stdout}${result.stderr}`, seconds: (Date.now() - started) / 1000 };
}

/** runRunner without blocking this process, so that several runners can run side by side. */
export function runRunnerAsync(args: string[], runsDir: string, timeoutMs = 120_000): Promise<{ status: number | null; output: string; seconds: number }> {
  const { command, argv, options } = runnerCommand(args, runsDir);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { ...options, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output: `${stdout}${stderr}`, seconds: (Date.now() - started) / 1000 }));
  });
}
