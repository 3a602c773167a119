// Small notebooks that tests write for the runner: a parameters cell as the real notebooks have, then code cells.
import { join } from 'node:path';
import { codeNotebook } from '../../tools/kernel/stress-cases';
import { writeNotebook } from '../../tools/runner/notebooks';

/** Writes `<dir>/<name>.ipynb` for the tslab kernel: the parameters cell, then one code cell per source. */
export function writeTestNotebook(dir: string, name: string, cells: readonly string[]): void {
  writeNotebook(join(dir, `${name}.ipynb`), codeNotebook(cells));
}
