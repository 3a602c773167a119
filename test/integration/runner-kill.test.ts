// A run killed outright (kill -9) in the middle of training, then run again.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel } from '../../lib/artifacts/model-files';
import { tf } from '../../lib/tf';
import { temporaryDir } from '../helpers/idx-files';
import { disposeModel } from '../helpers/models';
import { runnerCommand, runRunner } from '../helpers/runner';

// Enough images that each epoch lasts seconds, so the kill, sent when the first epoch's line arrives, lands inside the
// two epochs after it; no more, since the run trains twice in full.
const EPOCHS = 3;
const RUN_03 = ['--only', '03', '--profile', 'smoke', '--set', 'data.trainSize=4000', '--set', `classifier.epochs=${EPOCHS}`];
const FIRST_EPOCH_DONE = new RegExp(`classifier epoch 1/${EPOCHS}`);
const RUN_TIMEOUT_MS = 240_000;

/** Every process descended from `pid`, read from /proc. */
function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // the command name (field 2) may hold spaces and parentheses; the fields after its last ')' are plain
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // the process ended while we listed it
    }
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const parent = queue.shift()!;
    for (const [child, ppid] of parentOf) if (ppid === parent) (found.push(child), queue.push(child));
  }
  return found;
}

const alive = (pid: number) => existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');

/** Starts the runner and SIGKILLs it once `pattern` appears in its output; returns the output and what it had started. */
function killWhen(args: string[], runsDir: string, pattern: RegExp): Promise<{ output: string; children: number[] }> {
  const { command, argv, options } = runnerCommand(args, runsDir);
  const child = spawn(command, argv, { ...options, stdio: 'pipe' });
  let output = '';
  return new Promise((resolve, reject) => {
    let children: number[] = [];
    const onData = (data: Buffer) => {
      output += data.toString();
      if (children.length === 0 && pattern.test(output)) {
        children = descendants(child.pid!);
        child.kill('SIGKILL');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', () => resolve({ output, children }));
  });
}

async function waitUntil(condition: () => boolean, seconds: number): Promise<boolean> {
  for (const deadline = Date.now() + seconds * 1000; Date.now() < deadline; ) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return condition();
}

function filesHash(dir: string): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).sort()) hash.update(name).update(readFileSync(join(dir, name)));
  return hash.digest('hex');
}

describe('runner killed with SIGKILL mid-epoch', function () {
  this.timeout(300_000);

  it('takes its notebook driver and kernel with it, keeps the earlier model and results, and a rerun completes', async () => {
    const runs = temporaryDir();
    const first = runRunner(RUN_03, runs, RUN_TIMEOUT_MS);
    assert.equal(first.status, 0, first.output);
    const runDir = realpathSync(join(runs, 'latest'));
    const modelDir = join(runDir, 'models', 'classifier');
    const resultsBefore = JSON.parse(readFileSync(join(runDir, 'results.json'), 'utf8')) as Record<string, unknown>;
    const modelBefore = filesHash(modelDir);
    // What a user does to retrain the same configuration: drop the cached model, rerun the notebook in place.
    rmSync(join(runs, 'model-cache'), { recursive: true });

    const killed = await killWhen(['--run', 'latest', ...RUN_03], runs, FIRST_EPOCH_DONE);
    assert.match(killed.output, FIRST_EPOCH_DONE);
    assert.doesNotMatch(killed.output, /classifier: trained|\[03-baseline-classifier\] done/, 'training finished before the kill');
    assert.ok(killed.children.length >= 2, `expected the notebook driver and the kernel under the runner, found ${killed.children.length} processes`);
    const orphaned = (await waitUntil(() => killed.children.every((pid) => !alive(pid)), 10)) ? [] : killed.children.filter(alive);
    orphaned.forEach((pid) => process.kill(pid, 'SIGKILL')); // so a failure here does not leave them training
    assert.deepEqual(orphaned, [], 'processes started by the killed runner were still running 10 s later');

    const resultsAfter = JSON.parse(readFileSync(join(runDir, 'results.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(resultsAfter.classifier, resultsBefore.classifier);
    assert.deepEqual(resultsAfter.parameters, resultsBefore.parameters);
    assert.deepEqual(resultsAfter.wall_time_s, resultsBefore.wall_time_s);
    assert.equal(filesHash(modelDir), modelBefore, 'the saved model changed');
    const model = await loadModel(modelDir);
    const probabilities = tf.tidy(() => (model.predict(tf.zeros([1, 28, 28, 1])) as ReturnType<typeof tf.zeros>).sum().dataSync()[0]!);
    assert.ok(Math.abs(probabilities - 1) < 1e-5, `the reloaded classifier's probabilities sum to ${probabilities}`);
    disposeModel(model);
    assert.ok(existsSync(join(runDir, '03-baseline-classifier.previous.ipynb')), 'the earlier executed notebook was not kept');
    const cache = join(runs, 'model-cache');
    const completeEntries = existsSync(cache) ? readdirSync(cache).filter((name) => existsSync(join(cache, name, 'entry.json'))) : [];
    assert.deepEqual(completeEntries, [], 'the killed training left a cache entry');

    const rerun = runRunner(['--run', 'latest', ...RUN_03], runs, RUN_TIMEOUT_MS);
    assert.equal(rerun.status, 0, rerun.output);
    assert.match(rerun.output, /classifier: trained \d+ epochs/);
    assert.ok(!existsSync(join(runDir, '03-baseline-classifier.previous.ipynb')), 'the set-aside notebook outlived a complete rerun');
    const resultsRerun = JSON.parse(readFileSync(join(runDir, 'results.json'), 'utf8')) as { classifier?: { clean_accuracy?: number } };
    assert.equal(typeof resultsRerun.classifier?.clean_accuracy, 'number');
  });
});
