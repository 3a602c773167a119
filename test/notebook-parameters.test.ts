// The notebook parameter contract: what a parameters cell may leave out, and what startNotebook makes of it.
import assert from 'node:assert/strict';
import { completeParameters, DEFAULT_NOTEBOOK_PARAMETERS } from '../lib/run/notebook-parameters';
import { startNotebook } from '../lib/run/notebook-run';
import { temporaryDir } from './helpers/idx-files';

describe('notebook parameters', () => {
  it('fills what a parameters cell leaves out (or leaves undefined) with the defaults', () => {
    assert.deepEqual(completeParameters({}), DEFAULT_NOTEBOOK_PARAMETERS);
    assert.deepEqual(completeParameters({ profile: 'smoke', cache: undefined }), { ...DEFAULT_NOTEBOOK_PARAMETERS, profile: 'smoke' });
  });

  it('startNotebook validates the configuration and hands the cache choice to the steps', () => {
    const runDir = temporaryDir();
    const logged: string[] = [];
    const original = console.log;
    console.log = (line: string) => void logged.push(line);
    try {
      assert.equal(startNotebook({ runDir, profile: 'smoke' }).cache, true);
      const run = startNotebook({ runDir, profile: 'smoke', cache: false, set: { 'noise.level': 0.4 } });
      assert.equal(run.cache, false);
      assert.equal(run.config.noise.level, 0.4);
    } finally {
      console.log = original;
    }
    assert.match(logged[1]!, /overriding noise\.level, training every model anew \(no cache\)/);
    assert.throws(() => startNotebook({ runDir, set: { 'noise.level': -1 } }), /noise\.level = -1/);
  });
});
