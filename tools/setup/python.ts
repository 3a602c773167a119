// Setup steps 2 and 3: the project's Python environment (JupyterLab, nbclient) and the tslab kernel registered in it.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../lib/paths';
import { checkKernelPatches } from '../kernel/patches.cjs';
import { run } from './shell';

export const VENV_DIR = join(PROJECT_ROOT, '.venv');
export const VENV_PYTHON = join(VENV_DIR, 'bin', 'python');
export const KERNEL_NAME = 'tslab';
const REQUIREMENTS = join(PROJECT_ROOT, 'requirements.txt');
const REQUIREMENTS_STAMP = join(VENV_DIR, '.requirements.sha256');
const KERNEL_WRAPPER = join(PROJECT_ROOT, 'tools', 'tslab-kernel');
const KERNEL_SPEC = join(VENV_DIR, 'share', 'jupyter', 'kernels', KERNEL_NAME, 'kernel.json');
// pip retries an unreachable index with backoff (about 7 s a package); where only a mirror answers that
// turns a 20 s install into minutes. One retry still rides out a passing network fault.
const DEFAULT_PIP_RETRIES = '1';

export function ensurePythonEnvironment(): string {
  const remedy = 'Check that `python3 -m venv` works (Debian: apt-get install python3-venv) and that pip can reach its index.';
  const created = !existsSync(VENV_PYTHON);
  if (created) {
    run('python3', ['-m', 'venv', VENV_DIR], { remedy });
  }
  const requirementsHash = createHash('sha256').update(readFileSync(REQUIREMENTS)).digest('hex');
  if (existsSync(REQUIREMENTS_STAMP) && readFileSync(REQUIREMENTS_STAMP, 'utf8') === requirementsHash) {
    return 'already installed (requirements.txt unchanged)';
  }
  run(VENV_PYTHON, ['-m', 'pip', 'install', '--disable-pip-version-check', '-q', '-r', REQUIREMENTS], {
    remedy,
    env: { ...process.env, PIP_RETRIES: process.env.PIP_RETRIES ?? DEFAULT_PIP_RETRIES },
  });
  writeFileSync(REQUIREMENTS_STAMP, requirementsHash);
  return `${created ? 'created .venv and ' : ''}installed requirements.txt`;
}

function registeredKernelCommand(): string | undefined {
  if (!existsSync(KERNEL_SPEC)) return undefined;
  const spec = JSON.parse(readFileSync(KERNEL_SPEC, 'utf8')) as { argv?: string[] };
  return spec.argv?.[0];
}

export function ensureTslabKernel(): string {
  // The kernel refuses to start without its fixes (tools/kernel/); a tslab they do not know fails here, not mid-run.
  const fixes = checkKernelPatches();
  if (registeredKernelCommand() === KERNEL_WRAPPER) {
    return `kernel '${KERNEL_NAME}' already registered; ${fixes}`;
  }
  run(
    join(PROJECT_ROOT, 'node_modules', '.bin', 'tslab'),
    ['install', `--python=${VENV_PYTHON}`, '--sys-prefix', `--binary=${KERNEL_WRAPPER}`],
    { remedy: 'Run `npm run setup` again; if it repeats, delete .venv and retry.', stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const command = registeredKernelCommand();
  if (command !== KERNEL_WRAPPER) {
    throw new Error(`kernel spec ${KERNEL_SPEC} runs ${command ?? 'nothing'}, expected ${KERNEL_WRAPPER}`);
  }
  return `kernel '${KERNEL_NAME}' registered in .venv (runs tools/tslab-kernel); ${fixes}`;
}
