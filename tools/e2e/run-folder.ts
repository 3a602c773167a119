// The browser test's run folder: copies of the notebooks set to the smoke profile, and its screenshots.
import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DEFAULT_NOTEBOOK_PARAMETERS } from '../../lib/run/notebook-parameters';
import { PROJECT_ROOT, RUNS_DIR } from '../../lib/paths';
import { runStamp } from '../runner/run-folder';
import { injectParameters, listNotebooks, readNotebook, writeNotebook, type Notebook } from '../runner/notebooks';

export interface E2eFolder {
  readonly dir: string;
  readonly screenshots: string;
}

export function createE2eFolder(): E2eFolder {
  const dir = join(RUNS_DIR, `e2e-${runStamp()}`);
  const screenshots = join(dir, 'screenshots');
  mkdirSync(screenshots, { recursive: true });
  return { dir, screenshots };
}

export interface PreparedNotebook {
  readonly name: string;
  /** Path from the project root, which is JupyterLab's root: what goes into /lab/tree/<path>. */
  readonly labPath: string;
  readonly codeCells: number;
}

/**
 * Writes notebook `number` into the run folder with the runner's injected-parameters cell (smoke profile,
 * this folder as runDir): the committed notebooks stay untouched, and a person opening the copy sees why it
 * runs the smoke profile.
 */
export function prepareNotebook(folder: E2eFolder, number: string): PreparedNotebook {
  const notebook = listNotebooks().find((candidate) => candidate.number === number);
  if (!notebook) throw new Error(`no notebook numbered ${number} in notebooks/`);
  const injected: Notebook = injectParameters(readNotebook(notebook.path), notebook.name, {
    ...DEFAULT_NOTEBOOK_PARAMETERS,
    profile: 'smoke',
    runDir: folder.dir,
  });
  const path = join(folder.dir, `${notebook.name}.ipynb`);
  const labPath = relative(PROJECT_ROOT, path);
  if (labPath.startsWith('..')) {
    throw new Error(`RUNS_DIR ${RUNS_DIR} is outside the project, where JupyterLab (rooted at ${PROJECT_ROOT}) cannot open notebooks`);
  }
  writeNotebook(path, injected);
  return {
    name: notebook.name,
    labPath,
    codeCells: injected.cells.filter((cell) => cell.cell_type === 'code').length,
  };
}
