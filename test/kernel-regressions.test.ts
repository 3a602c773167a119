// The two crashes that ended full runs inside tslab's kernel, reproduced in a real kernel through the runner.
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../lib/paths';
import { temporaryDir } from './helpers/idx-files';
import { writeTestNotebook } from './helpers/notebooks';
import { runRunner } from './helpers/runner';

/**
 * Large display updates (PNG-sized) from a timer and from the cell's own flow, interleaved with stream output and
 * tslab's own display: three writers on one IOPub socket. Unfixed, a send collided (EBUSY) within about 160 rounds.
 */
const IOPUB_BURST = `
const payload = Buffer.alloc(400_000, 7).toString('base64');
const live = liveOutput();
let ticks = 0;
const timer = setInterval(() => {
  ticks++;
  live.update({ data: { 'text/plain': \`tick \${ticks}\`, 'image/png': payload }, metadata: {} });
  console.log(\`timer \${ticks}\`);
}, 0);
for (let i = 0; i < 400; i++) {
  console.log(\`line \${i}\`);
  tslab.display.png(Buffer.alloc(300_000, i % 256));
  live.update({ data: { 'text/plain': \`main \${i}\`, 'image/png': payload }, metadata: {} });
  if (i % 10 === 0) await new Promise((resolve) => setImmediate(resolve));
}
clearInterval(timer);
console.log('burst done');`;

const pause = 'await new Promise((resolve) => setTimeout(resolve, 3000));';

describe("tslab's kernel under load and file changes", function () {
  this.timeout(180_000);
  const probePackage = join(PROJECT_ROOT, 'node_modules', `kernel-probe-${process.pid}`);
  const probeModule = join(PROJECT_ROOT, 'lib', `kernel-probe-${process.pid}.ts`);
  after(() => {
    rmSync(probePackage, { recursive: true, force: true });
    rmSync(probeModule, { force: true });
  });

  it('a burst of large display updates, stream output and tslab displays: every send goes out, the cell completes', () => {
    const notebooks = temporaryDir();
    writeTestNotebook(notebooks, '01-burst', ["import * as tslab from 'tslab';\nimport { liveOutput } from './lib/index';", IOPUB_BURST]);
    const result = runRunner(['--notebooks', notebooks], temporaryDir());
    assert.equal(result.status, 0, result.output.slice(-3000));
    assert.match(result.output, /burst done/);
    assert.doesNotMatch(result.output, /tslab-kernel:/, 'the kernel reported a dropped message');
  });

  it('a package added to and removed from node_modules, and a loaded lib/ file edited and removed, between cells', () => {
    const notebooks = temporaryDir();
    const moduleName = `kernel-probe-${process.pid}`;
    writeTestNotebook(notebooks, '01-file-changes', [
      "import { IMAGE_SIZE } from './lib/index';",
      `import { mkdirSync, writeFileSync } from 'node:fs';
mkdirSync(${JSON.stringify(probePackage)}, { recursive: true });
writeFileSync(${JSON.stringify(join(probePackage, 'package.json'))}, JSON.stringify({ name: ${JSON.stringify(moduleName)}, version: '1.0.0', types: 'index.d.ts' }));
writeFileSync(${JSON.stringify(join(probePackage, 'index.d.ts'))}, 'export declare const probe: number;\\n');
${pause}`,
      `import { rmSync } from 'node:fs';\nrmSync(${JSON.stringify(probePackage)}, { recursive: true, force: true });\n${pause}`,
      `console.log('after node_modules changed', IMAGE_SIZE);`,
      `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(probeModule)}, 'export const probeValue = 1;\\n');`,
      `import { probeValue } from './lib/${moduleName}';\nconsole.log('probe loaded', probeValue);`,
      `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(probeModule)}, 'export const probeValue = 2;\\n');\n${pause}`,
      "console.log('after the edit', probeValue);",
      `import { rmSync } from 'node:fs';\nrmSync(${JSON.stringify(probeModule)});\n${pause}`,
      "console.log('after the removal', IMAGE_SIZE);",
    ]);
    const result = runRunner(['--notebooks', notebooks], temporaryDir());
    assert.equal(result.status, 0, result.output.slice(-3000));
    assert.doesNotMatch(result.output, /rebuildTimer/);
    assert.match(result.output, /after node_modules changed 28/);
    assert.match(result.output, new RegExp(`tslab kernel: lib/${moduleName}\\.ts changed after this kernel loaded it, .*Restart the kernel to use the change\\.\\n\\s*after the edit 1`));
    assert.match(result.output, /after the removal 28/);
    assert.ok(!existsSync(probeModule) && !existsSync(probePackage));
  });
});
