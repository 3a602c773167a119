// The project's notebooks as files: which exist, their parameters cell, and the cell the runner injects after it.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NotebookParameters } from '../../lib/run/notebook-parameters';
import { PROJECT_ROOT } from '../../lib/paths';

export const NOTEBOOKS_DIR = join(PROJECT_ROOT, 'notebooks');
export const PARAMETERS_TAG = 'parameters';
export const INJECTED_TAG = 'injected-parameters';

export interface NotebookCell {
  cell_type: string;
  source: string | string[];
  metadata: { tags?: string[]; [key: string]: unknown };
  outputs?: unknown[];
  execution_count?: number | null;
  [key: string]: unknown;
}

export interface Notebook {
  cells: NotebookCell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

/** A notebook of the sequence: `03` is its number, `03-baseline-classifier` its name. */
export interface NotebookFile {
  readonly number: string;
  readonly name: string;
  readonly path: string;
}

export function listNotebooks(dir: string = NOTEBOOKS_DIR): NotebookFile[] {
  return readdirSync(dir)
    .filter((file) => /^\d\d-.*\.ipynb$/.test(file))
    .sort()
    .map((file) => ({ number: file.slice(0, 2), name: file.replace(/\.ipynb$/, ''), path: join(dir, file) }));
}

export function readNotebook(path: string): Notebook {
  return JSON.parse(readFileSync(path, 'utf8')) as Notebook;
}

/** Writes `notebook` as Jupyter itself does (one-space indent, final newline), so saves from JupyterLab diff cleanly. */
export function writeNotebook(path: string, notebook: Notebook): void {
  writeFileSync(path, `${JSON.stringify(notebook, null, 1)}\n`);
}

export function sourceText(cell: NotebookCell): string {
  return Array.isArray(cell.source) ? cell.source.join('') : cell.source;
}

/**
 * Returns a copy of `notebook` with an `injected-parameters` cell right after its one `parameters` cell, which
 * assigns the whole contract (lib/run/notebook-parameters.ts) to the `parameters` variable that cell declares.
 */
export function injectParameters(notebook: Notebook, name: string, parameters: NotebookParameters): Notebook {
  const tagged = notebook.cells.flatMap((cell, index) => (cell.metadata.tags?.includes(PARAMETERS_TAG) ? [index] : []));
  if (tagged.length !== 1) {
    throw new Error(`${name}: expected exactly one cell tagged '${PARAMETERS_TAG}', found ${tagged.length}`);
  }
  const fields = Object.entries(parameters).map(([key, value]) => `  ${key}: ${JSON.stringify(value)},`);
  const summary = Object.entries(parameters).filter(([key]) => key !== 'runDir').map(([key, value]) => `${key} ${JSON.stringify(value)}`);
  const lines = [
    '// Injected by the runner (npm start): overrides the parameters cell above.',
    'parameters = {',
    ...fields,
    '};',
    `console.log(${JSON.stringify(`parameters from the runner: ${summary.join(', ')}`)});`,
  ];
  const injected: NotebookCell = {
    cell_type: 'code',
    execution_count: null,
    metadata: { tags: [INJECTED_TAG] },
    outputs: [],
    source: lines.join('\n'),
  };
  const cells = notebook.cells.filter((cell) => !cell.metadata.tags?.includes(INJECTED_TAG));
  const at = cells.findIndex((cell) => cell.metadata.tags?.includes(PARAMETERS_TAG)) + 1;
  return { ...notebook, cells: [...cells.slice(0, at), injected, ...cells.slice(at)] };
}

const ALLOWED_NOTEBOOK_METADATA = new Set(['kernelspec', 'language_info']);
const ALLOWED_CELL_METADATA = new Set(['tags']);

/** Lists what makes a committed notebook dirty: outputs, execution counts, volatile metadata. */
export function dirtiness(notebook: Notebook): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(notebook.metadata)) {
    if (!ALLOWED_NOTEBOOK_METADATA.has(key)) problems.push(`notebook metadata '${key}'`);
  }
  notebook.cells.forEach((cell, index) => {
    if (cell.outputs && cell.outputs.length > 0) problems.push(`cell ${index + 1} has outputs`);
    if (cell.execution_count !== undefined && cell.execution_count !== null) problems.push(`cell ${index + 1} has an execution count`);
    for (const key of Object.keys(cell.metadata)) {
      if (!ALLOWED_CELL_METADATA.has(key)) problems.push(`cell ${index + 1} metadata '${key}'`);
    }
    if (cell.metadata.tags?.includes(INJECTED_TAG)) problems.push(`cell ${index + 1} is an injected-parameters cell`);
  });
  return problems;
}

/** The committed form of a notebook: no outputs, no execution counts, only stable metadata. */
export function cleanNotebook(notebook: Notebook): Notebook {
  const metadata = Object.fromEntries(Object.entries(notebook.metadata).filter(([key]) => ALLOWED_NOTEBOOK_METADATA.has(key)));
  const cells = notebook.cells
    .filter((cell) => !cell.metadata.tags?.includes(INJECTED_TAG))
    .map((cell) => {
      const tags = cell.metadata.tags;
      const cleaned: NotebookCell = { ...cell, metadata: tags && tags.length > 0 ? { tags } : {} };
      if (cell.cell_type === 'code') Object.assign(cleaned, { outputs: [], execution_count: null });
      return cleaned;
    });
  return { ...notebook, metadata, cells };
}
