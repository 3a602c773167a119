// Small notebooks that tests write for the runner: a parameters cell as the real notebooks have, then code cells.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PARAMETERS = "let preset = 'default';\nlet profile = 'smoke';\nlet runDir = 'runs/interactive';\nlet set: Record<string, unknown> = {};";

/** Writes `<dir>/<name>.ipynb` for the tslab kernel: the parameters cell, then one code cell per source. */
export function writeTestNotebook(dir: string, name: string, cells: readonly string[]): void {
  const code = (source: string, tags: string[] = []) => ({ cell_type: 'code', metadata: tags.length ? { tags } : {}, source, outputs: [], execution_count: null });
  const notebook = {
    cells: [code(PARAMETERS, ['parameters']), ...cells.map((source) => code(source))],
    metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' } },
    nbformat: 4,
    nbformat_minor: 4,
  };
  writeFileSync(join(dir, `${name}.ipynb`), JSON.stringify(notebook));
}
