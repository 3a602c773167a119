import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODEL_FILE } from '../lib/artifacts';
import { ConfigError } from '../lib/errors';
import { buildClassifier } from '../lib/models/classifier';
import { cacheEntryDir, cacheKey, canonicalJson, trainOrLoadCached } from '../lib/model-cache';
import type { LayersModel } from '../lib/tf';
import type { TrainingHistory } from '../lib/train';
import { temporaryDir } from './helpers/idx-files';
import { disposeModel, weightValues } from './helpers/models';

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

  it('retrains, saying why, when the stored model is damaged', async () => {
    const first = await trainOrLoadCached('classifier', RECORD, train, options());
    writeFileSync(join(first.dir, MODEL_FILE), 'garbage');
    const second = await trainOrLoadCached('classifier', RECORD, train, options());
    assert.equal(second.fromCache, false);
    assert.equal(trainings, 2);
    assert.ok(messages.some((m) => /cached model unusable: .*model.json: not valid JSON/.test(m)), messages.join('\n'));
  });
});
