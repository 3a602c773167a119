// How the project starts JupyterLab, shared by `npm run lab` and the browser test.
import { join } from 'node:path';
import { PROJECT_ROOT } from '../lib/paths';
import { VENV_DIR } from './setup/python';

export const JUPYTER = join(VENV_DIR, 'bin', 'jupyter');

/**
 * `jupyter lab` arguments: loopback only, rooted at the project so notebooks and their run folders are all
 * reachable. Jupyter refuses to start as root without `--allow-root`; containers and CI often are root, and
 * the server listens on loopback only, so the flag is added there and nowhere else.
 */
export function labArguments(extra: readonly string[] = []): string[] {
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  return ['lab', '--ip=127.0.0.1', `--ServerApp.root_dir=${PROJECT_ROOT}`, ...(asRoot ? ['--allow-root'] : []), ...extra];
}
