import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../lib/errors';
import { DEFAULT_NOTEBOOK_PARAMETERS } from '../../lib/run/notebook-parameters';
import { parseArgs, resumeCommand } from '../../tools/runner/args';
import { dropPreviousExecution, setAsidePreviousExecution } from '../../tools/runner/run-folder';
import { cleanNotebook, dirtiness, injectParameters, listNotebooks, readNotebook, sourceText, type Notebook } from '../../tools/runner/notebooks';
import { temporaryDir } from '../helpers/idx-files';

function notebookWith(tags: string[][]): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'tslab' } },
    cells: tags.map((cellTags, index) => ({ cell_type: 'code', source: `cell ${index}`, metadata: { tags: cellTags }, outputs: [], execution_count: null })),
  };
}

describe('runner: command line', () => {
  it('collects --set values, presets, profiles and notebook selection', () => {
    const options = parseArgs(['--preset', 'reference', '--profile', 'smoke', '--set', 'classifier.epochs=5', '--set', 'noise.level=0.4', '--from', '3']);
    assert.deepEqual(options.parameters, { preset: 'reference', profile: 'smoke', set: { 'classifier.epochs': 5, 'noise.level': 0.4 }, cache: true, compare: 'complete' });
    assert.equal(parseArgs(['--no-cache']).parameters.cache, false);
    assert.equal(parseArgs(['--compare', 'sweeps/S']).parameters.compare, 'sweeps/S');
    assert.equal(options.from, '03');
  });

  it('rejects unknown options, missing values and contradictory selections', () => {
    assert.throws(() => parseArgs(['--epochs', '3']), (error: Error) => error instanceof ConfigError && /--epochs/.test(error.message));
    assert.throws(() => parseArgs(['--set']), /a value after --set/);
    assert.throws(() => parseArgs(['--only', '3', '--from', '2']), /either --only or --from/);
    assert.throws(() => parseArgs(['--only', 'data']), /notebook number/);
    assert.throws(() => parseArgs(['--cell-timeout', '0']), /at least 1/);
  });

  it('names the command that resumes a failed run: the same options, that run folder, from the failed notebook', () => {
    const id = '2026-11-29_10-00-00-reference-full';
    assert.equal(resumeCommand([], id, '05'), `npm start -- --run ${id} --from 05`);
    assert.equal(
      resumeCommand(['--preset', 'reference', '--from', '03', '--set', 'noise.level=0.4', '--run', 'latest', '--live'], id, '04'),
      `npm start -- --run ${id} --from 04 --preset reference --set noise.level=0.4 --live`,
    );
    assert.equal(resumeCommand(['--only', '06'], id, '06'), `npm start -- --run ${id} --only 06`);
    assert.equal(resumeCommand(['--notebooks', "my notebooks/it's"], id, '01'), `npm start -- --run ${id} --from 01 --notebooks 'my notebooks/it'\\''s'`);
  });
});

describe('runner: parameters injection', () => {
  it('inserts one injected-parameters cell right after the parameters cell', () => {
    const injected = injectParameters(notebookWith([[], ['parameters'], []]), 'nb', {
      preset: 'reference', profile: 'smoke', runDir: '/tmp/run', set: { 'classifier.epochs': 2 }, cache: false, compare: 'complete',
    });
    assert.equal(injected.cells.length, 4);
    assert.deepEqual(injected.cells[2]!.metadata.tags, ['injected-parameters']);
    const source = sourceText(injected.cells[2]!);
    assert.match(source, /^parameters = \{\n  preset: "reference",\n  profile: "smoke",\n  runDir: "\/tmp\/run",\n  set: \{"classifier\.epochs":2\},\n  cache: false,\n  compare: "complete",\n\};$/m);
    assert.equal(sourceText(injected.cells[3]!), 'cell 2');
  });

  it('replaces an earlier injected cell instead of stacking a second one', () => {
    const once = injectParameters(notebookWith([['parameters'], []]), 'nb', { ...DEFAULT_NOTEBOOK_PARAMETERS, runDir: 'a' });
    const twice = injectParameters(once, 'nb', { ...DEFAULT_NOTEBOOK_PARAMETERS, profile: 'smoke', runDir: 'b' });
    assert.equal(twice.cells.length, 3);
    assert.match(sourceText(twice.cells[1]!), /profile: "smoke"/);
  });

  it('refuses a notebook without exactly one parameters cell, naming it', () => {
    const parameters = { ...DEFAULT_NOTEBOOK_PARAMETERS, runDir: 'a' };
    assert.throws(() => injectParameters(notebookWith([[], []]), '07-x', parameters), /07-x: expected exactly one cell tagged 'parameters', found 0/);
    assert.throws(() => injectParameters(notebookWith([['parameters'], ['parameters']]), 'nb', parameters), /found 2/);
  });
});

describe('committed notebooks', () => {
  it('finds dirt: outputs, execution counts, volatile metadata', () => {
    const dirty = notebookWith([['parameters']]);
    dirty.metadata.widgets = {};
    dirty.cells[0]!.outputs = [{ output_type: 'stream' }];
    dirty.cells[0]!.execution_count = 3;
    dirty.cells[0]!.metadata.execution = {};
    assert.equal(dirtiness(dirty).length, 4);
    assert.deepEqual(dirtiness(cleanNotebook(dirty)), []);
  });

  for (const notebook of listNotebooks()) {
    it(`${notebook.name} is clean, uses the tslab kernel and has one parameters cell`, () => {
      const content = readNotebook(notebook.path);
      assert.deepEqual(dirtiness(content), [], `run \`npm run clean-notebooks\` to strip ${notebook.path}`);
      assert.equal((content.metadata.kernelspec as { name?: string }).name, 'tslab');
      assert.equal(content.cells.filter((cell) => cell.metadata.tags?.includes('parameters')).length, 1);
    });
  }
});

describe('runner: reruns into a run folder', () => {
  const NAME = '03-baseline-classifier';

  it('sets the earlier executed copy aside until the rerun completes', () => {
    const dir = temporaryDir();
    writeFileSync(join(dir, `${NAME}.ipynb`), 'complete run');
    writeFileSync(join(dir, `${NAME}.html`), 'complete run, exported');
    assert.equal(setAsidePreviousExecution(dir, NAME), join(dir, `${NAME}.previous.ipynb`));
    assert.equal(readFileSync(join(dir, `${NAME}.previous.html`), 'utf8'), 'complete run, exported');
    assert.ok(!existsSync(join(dir, `${NAME}.ipynb`)));
    writeFileSync(join(dir, `${NAME}.ipynb`), 'rerun');
    dropPreviousExecution(dir, NAME);
    assert.ok(!existsSync(join(dir, `${NAME}.previous.ipynb`)) && !existsSync(join(dir, `${NAME}.previous.html`)));
    assert.equal(readFileSync(join(dir, `${NAME}.ipynb`), 'utf8'), 'rerun');
  });

  it('after a failed rerun, keeps the older copy and lets the next rerun overwrite the partial one', () => {
    const dir = temporaryDir();
    writeFileSync(join(dir, `${NAME}.ipynb`), 'complete run');
    setAsidePreviousExecution(dir, NAME);
    writeFileSync(join(dir, `${NAME}.ipynb`), 'partial rerun');
    assert.equal(setAsidePreviousExecution(dir, NAME), join(dir, `${NAME}.previous.ipynb`));
    assert.equal(readFileSync(join(dir, `${NAME}.previous.ipynb`), 'utf8'), 'complete run');
  });

  it('sets nothing aside in a new folder', () => {
    assert.equal(setAsidePreviousExecution(temporaryDir(), NAME), undefined);
  });
});
