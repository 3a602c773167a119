// The two crashes that ended full runs inside tslab's kernel, reproduced in a real kernel through the runner.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileChangesCase, iopubBurstCase, type StressCase } from '../tools/kernel/stress-cases';
import { writeNotebook } from '../tools/runner/notebooks';
import { temporaryDir } from './helpers/idx-files';
import { runRunner } from './helpers/runner';

function runCase(stressCase: StressCase): string {
  const notebooks = temporaryDir();
  writeNotebook(join(notebooks, `${stressCase.name}.ipynb`), stressCase.notebook);
  try {
    const result = runRunner(['--notebooks', notebooks], temporaryDir());
    assert.equal(result.status, 0, result.output.slice(-3000));
    return result.output;
  } finally {
    assert.deepEqual(stressCase.cleanUp(), [], 'the notebook left probe files behind');
  }
}

function assertInOrder(output: string, patterns: readonly RegExp[]): void {
  let rest = output;
  for (const pattern of patterns) {
    const match = pattern.exec(rest);
    assert.ok(match, `${pattern} not found (in order) in:\n${output.slice(-3000)}`);
    rest = rest.slice(match.index + match[0].length);
  }
}

describe("tslab's kernel under load and file changes", function () {
  this.timeout(180_000);

  it('a burst of large display updates, stream output and tslab displays: every send goes out, the cell completes', () => {
    const stressCase = iopubBurstCase();
    const output = runCase(stressCase);
    assertInOrder(output, stressCase.expectedOutput);
    assert.doesNotMatch(output, /tslab-kernel:/, 'the kernel reported a dropped message');
  });

  it('a package added to and removed from node_modules, and a loaded lib/ file edited and removed, between cells', () => {
    const stressCase = fileChangesCase(String(process.pid));
    const output = runCase(stressCase);
    assert.doesNotMatch(output, /rebuildTimer/);
    assertInOrder(output, stressCase.expectedOutput);
  });
});
