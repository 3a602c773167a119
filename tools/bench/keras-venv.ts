// The Keras side's own Python environment: created on first use, so the benchmark never touches the project's .venv.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../lib/paths';

/** The TensorFlow whose libtensorflow our native backend is built from (tools/setup/backend.ts): same kernels on both sides. */
export const KERAS_REQUIREMENT = 'tensorflow-cpu==2.21.0';
const VENV_DIR = join(PROJECT_ROOT, '.cache', 'bench-venv');
export const BENCH_PYTHON = join(VENV_DIR, 'bin', 'python');
/** Written only after pip succeeded, so an interrupted install is resumed rather than trusted. */
const STAMP = join(VENV_DIR, '.installed');
// Where only a local mirror answers, each retry against the default index costs seconds per package.
const DEFAULT_PIP_RETRIES = '0';

export class BenchSetupError extends Error {
  override name = 'BenchSetupError';
}

/** Returns the venv's python, creating the venv and installing TensorFlow when missing (a few minutes, once). */
export function ensureKerasPython(log: (line: string) => void): string {
  if (existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === KERAS_REQUIREMENT) return BENCH_PYTHON;
  if (!existsSync(BENCH_PYTHON)) {
    log(`creating ${VENV_DIR} (python3 -m venv)`);
    run('python3', ['-m', 'venv', VENV_DIR], 'Check that `python3 -m venv` works (Debian: apt-get install python3-venv).');
  }
  log(`installing ${KERAS_REQUIREMENT} into ${VENV_DIR} (once; about 600 MB)`);
  run(BENCH_PYTHON, ['-m', 'pip', 'install', '--disable-pip-version-check', '-q', KERAS_REQUIREMENT],
    `Check that pip can reach an index serving ${KERAS_REQUIREMENT} (Python 3.9–3.13), or delete ${VENV_DIR} and retry.`,
    { ...process.env, PIP_RETRIES: process.env.PIP_RETRIES ?? DEFAULT_PIP_RETRIES });
  writeFileSync(STAMP, `${KERAS_REQUIREMENT}\n`);
  return BENCH_PYTHON;
}

function run(command: string, args: string[], remedy: string, env: NodeJS.ProcessEnv = process.env): void {
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env });
  if (result.error || result.status !== 0) {
    const why = result.error?.message ?? `exit status ${result.status ?? result.signal}`;
    throw new BenchSetupError(`\`${command} ${args.join(' ')}\` failed (${why}). ${remedy}`);
  }
}
