// The two crashes that ended full runs inside tslab's kernel, reproduced in a real kernel through the runner.
import assert from 'node:assert/strict';
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileChangesCase, firstMissingInOrder, iopubBurstCase, type StressCase } from '../../tools/kernel/stress-cases';
import { readNotebook, writeNotebook, type Notebook } from '../../tools/runner/notebooks';
import { temporaryDir } from '../helpers/idx-files';
import { runRunner } from '../helpers/runner';

/** Runs the case's notebook through the runner; returns what the runner printed and the executed notebook. */
function runCase(stressCase: StressCase): { output: string; executed: Notebook } {
  const notebooks = temporaryDir();
  const runs = temporaryDir();
  writeNotebook(join(notebooks, `${stressCase.name}.ipynb`), stressCase.notebook);
  try {
    const result = runRunner(['--notebooks', notebooks], runs);
    assert.equal(result.status, 0, result.output.slice(-3000));
    return { output: result.output, executed: readNotebook(join(realpathSync(join(runs, 'latest')), `${stressCase.name}.ipynb`)) };
  } finally {
    assert.deepEqual(stressCase.cleanUp(), [], 'the notebook left probe files behind');
  }
}

function assertInOrder(output: string, patterns: readonly RegExp[]): void {
  const missing = firstMissingInOrder(output, patterns);
  assert.equal(missing, undefined, `${missing} not found (in order) in:\n${output.slice(-3000)}`);
}

describe("tslab's kernel under load and file changes", function () {
  this.timeout(180_000);

  it('a burst of large display updates, stream output and tslab displays: every send goes out, the cell completes', () => {
    const stressCase = iopubBurstCase();
    const { output, executed } = runCase(stressCase);
    assertInOrder(output, stressCase.expectedOutput);
    // Every message of the burst reached the notebook: 400 tslab displays, the live output in its final state,
    // and every line the loop printed.
    const burst = executed.cells.filter((cell) => cell.cell_type === 'code')[3]!;
    const outputs = (burst.outputs ?? []) as Array<{ output_type: string; data?: Record<string, unknown>; text?: string | string[] }>;
    assert.equal(outputs.filter((item) => item.output_type === 'display_data' && item.data?.['image/png'] !== undefined).length, 401);
    const text = (item: { data?: Record<string, unknown> }): string => [item.data?.['text/plain'] ?? ''].flat().join('');
    const live = outputs.filter((item) => /^(main|tick) \d+$/.test(text(item)));
    assert.deepEqual(live.map(text), ['main 399'], 'the live output did not end in its last update');
    const printed = outputs.flatMap((item) => (item.output_type === 'stream' ? [item.text ?? ''].flat() : [])).join('');
    for (let i = 0; i < 400; i++) assert.ok(printed.includes(`line ${i}\n`), `line ${i} is missing`);
    const reports = output.split('\n').filter((line) => line.includes('tslab-kernel:'));
    assert.deepEqual(reports.filter((line) => /busy/i.test(line)), [], 'a send collided');
    // Any other report (a message dropped at the kernel's shutdown, after the cell's outputs were all delivered) is
    // shown, not failed on: it does not touch what the notebook received.
    if (reports.length > 0) console.warn(`    the kernel reported:\n${reports.join('\n')}`);
  });

  it('a package added to and removed from node_modules, and a loaded lib/ file edited and removed, between cells', () => {
    const stressCase = fileChangesCase(String(process.pid));
    const { output } = runCase(stressCase);
    assert.doesNotMatch(output, /rebuildTimer/);
    assertInOrder(output, stressCase.expectedOutput);
  });
});
