// A live display that fails must never abort the training that drives it.
import { strict as assert } from 'node:assert';
import type { DisplayBundle, LiveOutput } from '../lib/display/index';
import { trainingProgress } from '../lib/display/progress';
import { liveLineChart } from '../lib/display/live-chart';
import { Throttle } from '../lib/display/throttle';

/** An output that fails the way tslab's IOPub socket did, on every update. */
class FailingOutput implements LiveOutput {
  attempts = 0;
  update(_bundle: DisplayBundle): void {
    this.attempts += 1;
    throw new Error('Socket is busy writing; only one send operation may be in progress at any time');
  }
}

async function withWarnings<T>(work: () => Promise<T>): Promise<{ result: T; warnings: string[] }> {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (line: string) => warnings.push(line);
  try {
    return { result: await work(), warnings };
  } finally {
    console.warn = original;
  }
}

describe('display: failed redraws', () => {
  it('a throttle whose redraws fail: flush resolves, one warning naming the cause, every failure counted', async () => {
    const warnings: string[] = [];
    const throttle = new Throttle(() => Promise.reject(new Error('disk on fire')), 0, (line) => warnings.push(line));
    for (let i = 0; i < 3; i++) {
      throttle.request();
      await throttle.flush();
    }
    assert.equal(throttle.failedRedraws, 3);
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0]!, /live display update failed \(disk on fire\); training goes on/);
  });

  it('training progress on an output that throws: every epoch and the end complete', async () => {
    const output = new FailingOutput();
    const { warnings } = await withWarnings(async () => {
      const progress = trainingProgress({ epochs: 3, samplesPerEpoch: 20, throttleMs: 0, output });
      for (let epoch = 0; epoch < 3; epoch++) {
        progress.onEpochBegin(epoch);
        progress.onBatchEnd(0, { size: 20, loss: 0.5 });
        await progress.onEpochEnd(epoch, { loss: 0.5 });
      }
      await progress.onTrainEnd();
    });
    assert.ok(output.attempts >= 4, `${output.attempts} redraws attempted`);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /Socket is busy writing/);
  });

  it('a live chart on an output that throws: close resolves', async () => {
    const output = new FailingOutput();
    const { warnings } = await withWarnings(async () => {
      const chart = liveLineChart({ throttleMs: 0, output });
      chart.onEpochEnd(0, { loss: 0.5 });
      chart.onEpochEnd(1, { loss: 0.4 });
      await chart.close();
    });
    assert.ok(output.attempts >= 1);
    assert.equal(warnings.length, 1);
  });
});
