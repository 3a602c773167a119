// Notebooks that reproduce the two ways tslab 1.0.22's kernel died mid-run; the regression test and the browser
// suite both run them.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../lib/paths';
import type { Notebook } from '../runner/notebooks';

// The runner assigns the whole contract (lib/run/notebook-parameters.ts) to `parameters`; these cells do not read it.
const PARAMETERS = 'let parameters: Record<string, unknown> = {};';
const PAUSE = 'await new Promise((resolve) => setTimeout(resolve, 3000));';

/** The first of `patterns` that does not match `text` after the previous one's match, or undefined when all do. */
export function firstMissingInOrder(text: string, patterns: readonly RegExp[]): RegExp | undefined {
  let rest = text;
  for (const pattern of patterns) {
    const match = pattern.exec(rest);
    if (!match) return pattern;
    rest = rest.slice(match.index + match[0].length);
  }
  return undefined;
}

/** A tslab notebook: the parameters cell the runner expects, then one code cell per source. */
export function codeNotebook(cells: readonly string[]): Notebook {
  const code = (source: string, tags: string[] = []) => ({ cell_type: 'code', metadata: tags.length ? { tags } : {}, source, outputs: [], execution_count: null });
  return {
    cells: [code(PARAMETERS, ['parameters']), ...cells.map((source) => code(source))],
    metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' } },
    nbformat: 4,
    nbformat_minor: 4,
  };
}

export interface StressCase {
  readonly name: string;
  readonly notebook: Notebook;
  /** Printed by the cells, in this order, when the kernel survived. */
  readonly expectedOutput: readonly RegExp[];
  /** Removes what the cells left in the project if the run stopped half-way. */
  readonly cleanUp: () => string[];
}

/**
 * Large display updates (PNG-sized) from a timer and from the cell's own flow, interleaved with stream output and
 * tslab's own display: three writers on one IOPub socket. Unfixed, a send collided (EBUSY) within about 160 rounds.
 */
export function iopubBurstCase(): StressCase {
  const burst = `const payload = Buffer.alloc(400_000, 7).toString('base64');
const live = liveOutput();
let ticks = 0;
let rounds = 0;
const timer = setInterval(() => {
  ticks++;
  live.update({ data: { 'text/plain': \`tick \${ticks}\`, 'image/png': payload }, metadata: {} });
  console.log(\`timer \${ticks}\`);
}, 0);
for (let i = 0; i < 400; i++) {
  console.log(\`line \${i}\`);
  tslab.display.png(Buffer.alloc(300_000, i % 256));
  live.update({ data: { 'text/plain': \`main \${i}\`, 'image/png': payload }, metadata: {} });
  rounds++;
  if (i % 10 === 0) await new Promise((resolve) => setImmediate(resolve));
}
clearInterval(timer);`;
  return {
    name: '01-iopub-burst',
    // The count goes in a cell of its own: JupyterLab shows only the first 50 outputs of a cell.
    notebook: codeNotebook(["import * as tslab from 'tslab';\nimport { liveOutput } from './lib/index';", burst, 'console.log(`burst done: ${rounds} rounds`);']),
    expectedOutput: [/burst done: 400 rounds/],
    cleanUp: () => [],
  };
}

/**
 * Between cells: a package appears in node_modules and goes (as during `npm install`), then a lib/ module the
 * kernel loaded is edited and removed. Unfixed, the cell after the package's removal died ("Unexpected pending
 * rebuildTimer"). `tag` keeps concurrent or leftover probes apart.
 */
export function fileChangesCase(tag: string): StressCase {
  const moduleName = `kernel-probe-${tag}`;
  const probePackage = join(PROJECT_ROOT, 'node_modules', moduleName);
  const probeModule = join(PROJECT_ROOT, 'lib', `${moduleName}.ts`);
  const json = JSON.stringify;
  return {
    name: '02-file-changes',
    notebook: codeNotebook([
      "import { IMAGE_SIZE } from './lib/index';",
      `import { mkdirSync, writeFileSync } from 'node:fs';
mkdirSync(${json(probePackage)}, { recursive: true });
writeFileSync(${json(join(probePackage, 'package.json'))}, JSON.stringify({ name: ${json(moduleName)}, version: '1.0.0', types: 'index.d.ts' }));
writeFileSync(${json(join(probePackage, 'index.d.ts'))}, 'export declare const probe: number;\\n');
${PAUSE}`,
      `import { rmSync } from 'node:fs';\nrmSync(${json(probePackage)}, { recursive: true, force: true });\n${PAUSE}`,
      "console.log('after node_modules changed', IMAGE_SIZE);",
      `import { writeFileSync } from 'node:fs';\nwriteFileSync(${json(probeModule)}, 'export const probeValue = 1;\\n');`,
      `import { probeValue } from './lib/${moduleName}';\nconsole.log('probe loaded', probeValue);`,
      `import { writeFileSync } from 'node:fs';\nwriteFileSync(${json(probeModule)}, 'export const probeValue = 2;\\n');\n${PAUSE}`,
      "console.log('after the edit', probeValue);",
      `import { rmSync } from 'node:fs';\nrmSync(${json(probeModule)});\n${PAUSE}`,
      "console.log('after the removal', IMAGE_SIZE);",
    ]),
    expectedOutput: [
      /after node_modules changed 28/,
      new RegExp(`tslab kernel: lib/${moduleName}\\.ts changed after this kernel loaded it, .*Restart the kernel to use the change\\.`),
      /after the edit 1/,
      /after the removal 28/,
    ],
    cleanUp: () => {
      const left = [probePackage, probeModule].filter((path) => existsSync(path));
      for (const path of left) rmSync(path, { recursive: true, force: true });
      return left;
    },
  };
}
