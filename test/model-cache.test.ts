import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';
import { MODEL_FILE } from '../lib/artifacts/model-files';
import { ConfigError } from '../lib/errors';
import { buildClassifier } from '../lib/models/classifier';
import { resolveConfig } from '../lib/config/index';
import { cacheEntryDir, cacheKey, canonicalJson, TRAINED_MODELS, trainingCodeVersion, trainingRecord, trainOrLoadCached } from '../lib/model-cache/index';
import { withLock } from '../lib/model-cache/lock';
import { PROJECT_ROOT } from '../lib/paths';
import type { LayersModel } from '../lib/tf';
import type { TrainingHistory } from '../lib/training/train';
import { temporaryDir } from './helpers/idx-files';
import { disposeModel, weightValues } from './helpers/models';
import { writeLock } from './helpers/locks';
import { endedPid } from './helpers/run-folders';

const RECORD = { architecture: 'mlp', epochs: 3, noise: { type: 'uniform', level: 0.6 }, seed: 1 };

describe('cacheKey', () => {
  it('is stable under key order and changes with any value', () => {
    const reordered = { seed: 1, noise: { level: 0.6, type: 'uniform' }, epochs: 3, architecture: 'mlp' };
    assert.equal(cacheKey(reordered), cacheKey(RECORD));
    assert.match(cacheKey(RECORD), /^[0-9a-f]{16}$/);
    assert.notEqual(cacheKey({ ...RECORD, noise: { type: 'uniform', level: 0.61 } }), cacheKey(RECORD));
    assert.equal(canonicalJson({ b: [2, { d: 1, c: 0 }], a: null }), '{"a":null,"b":[2,{"c":0,"d":1}]}');
    assert.throws(() => cacheKey({ level: Number.NaN }), ConfigError);
    assert.throws(() => cacheEntryDir('../escape', RECORD), ConfigError);
  });
});

describe('trainOrLoadCached', () => {
  let root: string;
  const messages: string[] = [];
  let trainings = 0;
  const models: LayersModel[] = [];
  const train = async () => {
    trainings++;
    const model = buildClassifier({ architecture: 'mlp', seed: trainings });
    models.push(model);
    return { model, history: { epochsRun: 3, wallTimeSeconds: 1.5 } as TrainingHistory };
  };
  const options = () => ({ root, log: (message: string) => void messages.push(message) });

  beforeEach(() => {
    root = temporaryDir();
    trainings = 0;
    messages.length = 0;
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
    models.splice(0).forEach(disposeModel);
  });

  it('trains once, then reuses the stored model for the same parameters and says so', async () => {
    const first = await trainOrLoadCached('classifier', RECORD, train, options());
    assert.equal(first.fromCache, false);
    assert.equal(first.dir, join(root, `classifier-${cacheKey(RECORD)}`));
    const second = await trainOrLoadCached('classifier', { ...RECORD }, train, options());
    models.push(second.model);
    assert.equal(trainings, 1);
    assert.equal(second.fromCache, true);
    assert.equal(second.history.epochsRun, 3);
    assert.deepEqual(weightValues(second.model), weightValues(first.model));
    assert.match(messages[1]!, /classifier: reusing the model trained on .* delete that folder to retrain/);
    await trainOrLoadCached('classifier', { ...RECORD, epochs: 4 }, train, options());
    assert.equal(trainings, 2);
  });

  it('reuse: false (--no-cache) trains anew although an entry exists, says so, and replaces the entry', async () => {
    const first = await trainOrLoadCached('classifier', RECORD, train, options());
    const fresh = await trainOrLoadCached('classifier', RECORD, train, { ...options(), reuse: false });
    assert.equal(fresh.fromCache, false);
    assert.equal(trainings, 2);
    assert.match(messages.join('\n'), /classifier: training anew, as asked/);
    const reused = await trainOrLoadCached('classifier', RECORD, train, options());
    models.push(reused.model);
    assert.equal(trainings, 2);
    assert.deepEqual(weightValues(reused.model), weightValues(fresh.model));
    assert.notDeepEqual(weightValues(reused.model), weightValues(first.model));
  });

  it('reuse: false, then a training that throws: the previous entry stays whole and loadable, nothing half-written beside it', async () => {
    const first = await trainOrLoadCached('classifier', RECORD, train, options());
    const filesOf = (dir: string) => Object.fromEntries(readdirSync(dir).map((name) => [name, createHash('sha256').update(readFileSync(join(dir, name))).digest('hex')]));
    const stored = filesOf(first.dir);
    const failing = async (): Promise<never> => {
      throw new Error('interrupted');
    };
    await assert.rejects(trainOrLoadCached('classifier', RECORD, failing, { ...options(), reuse: false }), /interrupted/);
    assert.deepEqual(filesOf(first.dir), stored);
    assert.deepEqual(readdirSync(root).filter((name) => !name.startsWith('.')), [basename(first.dir)]);
    const reused = await trainOrLoadCached('classifier', RECORD, train, options());
    models.push(reused.model);
    assert.equal(reused.fromCache, true);
    assert.deepEqual(weightValues(reused.model), weightValues(first.model));
  });

  it('an entry left aside by a swap cut short (a crash between its two renames) is put back and reused', async () => {
    const first = await trainOrLoadCached('classifier', RECORD, train, options());
    renameSync(first.dir, `${first.dir}.replaced`);
    const again = await trainOrLoadCached('classifier', RECORD, train, options());
    models.push(again.model);
    assert.equal(trainings, 1);
    assert.equal(again.fromCache, true);
    assert.deepEqual(weightValues(again.model), weightValues(first.model));
  });

  it('two trainings of one entry at once: the second waits for the first and reuses its model', async () => {
    let release: () => void = () => undefined;
    const slow = async () => {
      await new Promise<void>((resolve) => (release = resolve));
      return train();
    };
    const first = trainOrLoadCached('classifier', RECORD, slow, options());
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = trainOrLoadCached('classifier', RECORD, train, options());
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.match(messages.join('\n'), /classifier: process \d+ on .* is training this same model; waiting for it/);
    release();
    const [a, b] = await Promise.all([first, second]);
    models.push(b.model);
    assert.equal(trainings, 1);
    assert.deepEqual([a.fromCache, b.fromCache], [false, true]);
    assert.deepEqual(weightValues(b.model), weightValues(a.model));
    assert.ok(!existsSync(`${cacheEntryDir('classifier', RECORD, root)}.lock`), 'the lock is gone once the model is stored');
  });

  it('takes over a lock whose process is gone, and says so', async () => {
    writeLock(`${cacheEntryDir('classifier', RECORD, root)}.lock`, hostname(), endedPid(), 0);
    const trained = await trainOrLoadCached('classifier', RECORD, train, options());
    assert.equal(trained.fromCache, false);
    assert.equal(trainings, 1);
    assert.match(messages.join('\n'), /classifier: taking over the lock of process \d+ on .*: its process has ended/);
  });

  it('retrains, saying why, when the stored model is damaged', async () => {
    const first = await trainOrLoadCached('classifier', RECORD, train, options());
    writeFileSync(join(first.dir, MODEL_FILE), 'garbage');
    const second = await trainOrLoadCached('classifier', RECORD, train, options());
    assert.equal(second.fromCache, false);
    assert.equal(trainings, 2);
    assert.ok(messages.some((m) => /cached model unusable: .*model.json: not valid JSON/.test(m)), messages.join('\n'));
  });
});

describe('withLock, a holder on another host', () => {
  it('is waited for while its heartbeat moves, though no process of this host has its pid; taken once it stops', async function () {
    this.timeout(20_000);
    const dir = temporaryDir();
    const lock = join(dir, 'entry.lock');
    // A pid that is free here: only the heartbeat can say whether a holder elsewhere (a Slurm task on another node) lives.
    writeLock(lock, 'node7.cluster.example', endedPid(), 0);
    const beat = setInterval(() => {
      const now = new Date();
      utimesSync(join(lock, 'owner.json'), now, now);
    }, 50);
    const events: string[] = [];
    let entered = 0;
    const taking = withLock(lock, async () => void (entered = Date.now()), {
      pollMs: 20,
      staleAfterMs: 1500,
      onWait: (holder) => events.push(`waited for ${holder}`),
      onTakeOver: (holder, reason) => events.push(`took over ${holder}: ${reason}`),
    });
    await new Promise((resolve) => setTimeout(resolve, 4500)); // three times staleAfterMs
    assert.equal(entered, 0, 'a lock whose heartbeat moves was stolen');
    clearInterval(beat);
    const stopped = Date.now();
    await taking;
    // The waiter counts from the last beat it saw, up to one beat before the stop.
    assert.ok(entered - stopped >= 1000, `taken ${entered - stopped} ms after the heartbeat stopped`);
    assert.equal(events.length, 2, events.join('\n'));
    assert.match(events[0]!, /^waited for process \d+ on node7\.cluster\.example/);
    assert.match(events[1]!, /^took over process \d+ on node7\.cluster\.example .*: its heartbeat has not moved for \d+ s$/);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('withLock, released locks', () => {
  it('keeps a released lock as a tomb for an hour, so no late waiter can mistake a new lock for it, then sweeps it', async () => {
    const dir = temporaryDir();
    const tombs = join(dir, '.released-locks');
    try {
      writeLock(join(tombs, 'other.lock.0123456789abcdef'), 'elsewhere.example', 4242, 2 * 3_600_000);
      const ancient = new Date(Date.now() - 2 * 3_600_000);
      utimesSync(join(tombs, 'other.lock.0123456789abcdef'), ancient, ancient);
      // Its folder is as old, but its heartbeat beat a minute ago: a long-held lock released (or taken) just now.
      writeLock(join(tombs, 'other.lock.fedcba9876543210'), 'elsewhere.example', 4243, 60_000);
      utimesSync(join(tombs, 'other.lock.fedcba9876543210'), ancient, ancient);
      await withLock(join(dir, 'entry.lock'), async () => undefined);
      const left = readdirSync(tombs).sort();
      assert.equal(left.length, 2, left.join(', '));
      assert.match(left[0]!, /^entry\.lock\.[0-9a-f]{16}$/, 'the lock just released rests as a tomb');
      assert.equal(left[1], 'other.lock.fedcba9876543210');
      assert.ok(!existsSync(join(dir, 'entry.lock')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('trainingCodeVersion', function () {
  this.timeout(30_000);
  // Each kind of file that once escaped a hand-kept list: step code, the hold-out, pixel scaling, a gradient.
  const EDITS = ['steps/classifier.ts', 'steps/autoencoder.ts', 'data/subsets.ts', 'data/fashion-mnist.ts', 'native/relu-gradient.ts', 'models/autoencoder.ts', 'training/train.ts'];
  let root: string;
  before(() => {
    root = temporaryDir();
    cpSync(join(PROJECT_ROOT, 'lib'), join(root, 'lib'), { recursive: true });
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  for (const file of EDITS) {
    it(`changes when lib/${file} changes, and comes back when the edit is undone`, () => {
      const path = join(root, 'lib', file);
      const original = readFileSync(path);
      const before = trainingCodeVersion(root);
      appendFileSync(path, '\n// edited\n');
      const edited = trainingCodeVersion(root);
      writeFileSync(path, original);
      assert.notEqual(edited, before);
      assert.equal(trainingCodeVersion(root), before);
    });
  }

  it('changes when a file is added to lib/, and equals the real lib/ for an unedited copy', () => {
    const before = trainingCodeVersion(root);
    assert.equal(before, trainingCodeVersion());
    const added = join(root, 'lib', 'data', 'new-split.ts');
    writeFileSync(added, 'export const SPLIT = 0.2;\n');
    const after = trainingCodeVersion(root);
    rmSync(added);
    assert.notEqual(after, before);
  });

  it('is the lib/ a process loaded: an edit while it runs (a kernel not restarted) leaves its key alone, a fresh process sees it', () => {
    symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(root, 'node_modules'));
    const edited = join(root, 'lib', 'training', 'train.ts');
    const original = readFileSync(edited);
    const versionsIn = (...args: string[]): string[] => {
      const child = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'helpers', 'print-code-version.ts'), root, ...args], { cwd: PROJECT_ROOT, encoding: 'utf8' });
      assert.equal(child.status, 0, child.stderr);
      return JSON.parse(child.stdout) as string[];
    };
    try {
      const [loaded, afterEdit] = versionsIn(edited);
      const [fresh] = versionsIn();
      assert.equal(afterEdit, loaded, 'the running process keeps the fingerprint of the code it loaded');
      assert.notEqual(fresh, loaded);
      assert.equal(fresh, trainingCodeVersion(root));
    } finally {
      writeFileSync(edited, original);
      rmSync(join(root, 'node_modules'));
    }
  });
});

describe('trainingRecord', () => {
  const config = resolveConfig();
  const withSet = (set: Record<string, unknown>) => resolveConfig({ set });

  it('each model reads its own parameters: the clean classifier is shared across noise levels, the autoencoder is not', () => {
    const noisier = withSet({ 'noise.level': 0.4 });
    assert.equal(cacheKey(trainingRecord('classifier', noisier, 'c')), cacheKey(trainingRecord('classifier', config, 'c')));
    for (const model of ['autoencoder', 'classifier-noisy', 'composite-finetuned'] as const) {
      assert.notEqual(cacheKey(trainingRecord(model, noisier, 'c')), cacheKey(trainingRecord(model, config, 'c')), model);
    }
    assert.equal(cacheKey(trainingRecord('autoencoder', withSet({ 'classifier.epochs': 3 }), 'c')), cacheKey(trainingRecord('autoencoder', config, 'c')));
    assert.notEqual(cacheKey(trainingRecord('classifier', withSet({ 'data.validationSplit': 0.2 }), 'c')), cacheKey(trainingRecord('classifier', config, 'c')));
    assert.equal(cacheKey(trainingRecord('classifier', withSet({ 'evaluation.qualityImages': 10 }), 'c')), cacheKey(trainingRecord('classifier', config, 'c')));
  });

  it('no training reads noise.testLevel: testing at another level reuses every model', () => {
    const testedElsewhere = withSet({ 'noise.testLevel': 0.1 });
    for (const model of TRAINED_MODELS) assert.equal(cacheKey(trainingRecord(model, testedElsewhere, 'c')), cacheKey(trainingRecord(model, config, 'c')), model);
  });

  it('names the model and carries the code fingerprint', () => {
    const record = trainingRecord('autoencoder', config, 'abc');
    assert.equal(record['model'], 'autoencoder');
    assert.equal(record['code'], 'abc');
    assert.notEqual(cacheKey(trainingRecord('autoencoder', config, 'abd')), cacheKey(record));
    assert.equal(trainingRecord('classifier', config)['code'], trainingCodeVersion());
  });
});
