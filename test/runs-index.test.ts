// The runs table's rows: one per run folder, their state from the status record, what they changed, their numbers,
// and a row that says what is wrong instead of a crash.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../lib/paths';
import { findRunFolders, readRunRow, readRunsIndex, sortRuns, type RunRow } from '../lib/run/runs-index';
import { temporaryDir } from './helpers/idx-files';
import { completeResults, endedPid, legacyResults, NOTEBOOKS, rerunResults, resultsBefore, statusRecord, writeRunFolder } from './helpers/run-folders';

const STAMP = '2026-11-30_10-00-00';

function rowOf(content: Parameters<typeof writeRunFolder>[2], id = `${STAMP}-default-full`): RunRow {
  return readRunRow(writeRunFolder(temporaryDir(), id, content));
}

describe('runs table: state', () => {
  it('a complete run: its numbers, the notebooks\' wall times added up, nothing changed', () => {
    const row = rowOf({ results: completeResults(), status: statusRecord({ state: 'complete', completed: NOTEBOOKS }) });
    assert.equal(row.id, `${STAMP}-default-full`);
    assert.deepEqual(
      [row.preset, row.profile, row.changed, row.state, row.status, row.note],
      ['default', 'full', '', 'complete', 'complete', ''],
    );
    assert.deepEqual([row.clean, row.noisy, row.composite, row.psnr_db, row.ssim], [0.9294, 0.3543, 0.8916, 24.0731, 0.8457]);
    assert.equal(row.wall_s, 28.7); // 1.1 + 2.1 + … + 7.1
  });

  it('a run that failed in notebook 04: where, and only the numbers of the notebooks before it', () => {
    const status = statusRecord({ state: 'failed', failure: { notebook: '04-autoencoder', cell: 7, reason: 'a cell raised an error' } });
    const row = rowOf({ results: resultsBefore('04'), status });
    assert.deepEqual([row.state, row.status, row.note], ['failed', 'failed at 04 (cell 7)', '']);
    assert.deepEqual([row.clean, row.noisy, row.composite, row.psnr_db, row.ssim], [0.9294, 0.3543, null, null, null]);
    assert.equal(row.wall_s, 6.3);
  });

  it('running while its runner\'s process exists on this host, killed when it is gone', () => {
    const running = rowOf({ results: resultsBefore('04'), status: statusRecord() });
    assert.deepEqual([running.state, running.status], ['running', 'running 04']);
    const killed = rowOf({ results: resultsBefore('04'), status: statusRecord({ pid: endedPid() }) });
    assert.deepEqual([killed.state, killed.status], ['killed', 'killed in 04']);
  });

  it('a runner on another host cannot be looked up: unknown, saying where it runs', () => {
    const row = rowOf({ results: resultsBefore('04'), status: statusRecord({ host: 'elsewhere.invalid' }) });
    assert.deepEqual([row.state, row.status], ['unknown', 'running on elsewhere.invalid?']);
  });

  it('a complete record in a folder some notebooks never ran in (--only 03) says which', () => {
    const row = rowOf({ results: resultsBefore('04'), status: statusRecord({ state: 'complete', notebooks: NOTEBOOKS.slice(2, 3), completed: NOTEBOOKS.slice(2, 3) }) });
    assert.equal(row.status, 'complete');
    assert.equal(row.note, 'notebooks 04, 05, 06, 07 not run');
  });

  it('without a status record (folders older than it): complete when every notebook has a wall time, incomplete otherwise', () => {
    assert.equal(rowOf({ results: completeResults() }).status, 'complete');
    const partial = rowOf({ results: resultsBefore('05') });
    assert.deepEqual([partial.state, partial.status], ['incomplete', 'incomplete (no status record)']);
  });
});

describe('runs table: damaged and missing files', () => {
  it('a truncated results.json is a row that says so, with no numbers', () => {
    const text = JSON.stringify(completeResults());
    const row = rowOf({ results: text.slice(0, text.length / 2), status: statusRecord({ state: 'complete', completed: NOTEBOOKS }) });
    assert.equal(row.status, 'complete');
    assert.match(row.note, /^results\.json is unreadable \([^;]*\)$/, 'and not that no notebook ran');
    assert.deepEqual([row.preset, row.changed, row.clean, row.wall_s], [null, null, null, null]);
  });

  it('results.json that holds no object, or a field of another kind, is named in the note', () => {
    assert.equal(rowOf({ results: '[1, 2]' }).note, 'results.json holds no JSON object');
    const results = { ...completeResults(), classifier: { clean_accuracy: '0.93', noisy_accuracy: 0.35 } };
    const row = rowOf({ results, status: statusRecord({ state: 'complete', completed: NOTEBOOKS }) });
    assert.equal(row.note, 'classifier.clean_accuracy is "0.93", not a number');
    assert.deepEqual([row.clean, row.noisy], [null, 0.35]);
  });

  it('a run folder without results.json (killed before notebook 01 wrote it)', () => {
    const row = rowOf({ status: statusRecord({ pid: endedPid(), completed: [] }) });
    assert.deepEqual([row.status, row.note, row.wall_s], ['killed in 01', 'no results.json', null]);
  });

  it('a damaged status record: state unknown, and the note says why', () => {
    assert.match(rowOf({ results: completeResults(), status: '{"state": "runn' }).note, /^run-status\.json is unreadable/);
    const notARecord = rowOf({ results: completeResults(), status: { ...statusRecord(), pid: 0 } });
    assert.deepEqual([notARecord.state, notARecord.note], ['unknown', "run-status.json is not a runner's status record"]);
  });
});

describe('runs table: parameters that differ from the preset', () => {
  it('lists the settings, in the schema\'s order, not what the smoke profile itself changes', () => {
    const results = completeResults('reference', 'smoke', { 'autoencoder.architecture': 'pooling', 'noise.level': 0.4, 'evaluation.sweepLevels': [0.5] });
    const row = rowOf({ results });
    assert.equal(row.changed, 'noise.level=0.4, autoencoder.architecture=pooling, evaluation.sweepLevels=[0.5]');
  });

  it("reads an older name as the one it stands for ('conv' is the U-Net), and skips parameters the record lacks", () => {
    const results = legacyResults();
    const { 'noise.testLevel': _added, ...parameters } = results.parameters as Record<string, unknown>;
    const row = rowOf({ results: { ...results, parameters: { ...parameters, 'autoencoder.architecture': 'conv' } } });
    assert.equal(row.changed, '');
  });

  it('a preset that no longer exists: not compared, and the note says why', () => {
    const results = completeResults();
    const madeWith = Object.entries(results.made_with as Record<string, object>).map(([section, made]) => [section, { ...made, preset: 'retired' }]);
    const row = rowOf({ results: { ...results, made_with: Object.fromEntries(madeWith) } });
    assert.deepEqual([row.preset, row.changed], ['retired', null]);
    assert.match(row.note, /^parameters not compared: parameter preset = "retired" is not allowed: expected one of 'default'/);
    const legacy = rowOf({ results: { ...legacyResults(), preset: 'retired' } });
    assert.deepEqual([legacy.preset, legacy.changed], ['retired', null]);
    assert.match(legacy.note, /^parameters not compared: parameter preset = "retired"/);
  });
});

describe('runs table: parameters read per section', () => {
  it('sections that agree: their preset, profile and changes, with nothing at the top of results.json', () => {
    const results = completeResults('reference', 'smoke', { 'noise.level': 0.4 });
    assert.ok(!('preset' in results) && !('parameters' in results), 'the fixture has today\'s format');
    const row = rowOf({ results, status: statusRecord({ state: 'complete', completed: NOTEBOOKS }) });
    assert.deepEqual([row.preset, row.profile, row.changed, row.state, row.status, row.note], ['reference', 'smoke', 'noise.level=0.4', 'complete', 'complete', '']);
  });

  it('a folder from before sections recorded theirs reads its top-level preset, profile and parameters, as before', () => {
    const row = rowOf({ results: legacyResults('reference', 'smoke', { 'noise.level': 0.4 }), status: statusRecord({ state: 'complete', completed: NOTEBOOKS }) });
    assert.deepEqual([row.preset, row.profile, row.changed, row.status, row.note], ['reference', 'smoke', 'noise.level=0.4', 'complete', '']);
  });

  it('one notebook rerun with another setting: changed is mixed, the status says so, the note names what differs', () => {
    const results = rerunResults(completeResults(), 'composite', { set: { 'noise.level': 0.4 } });
    const row = rowOf({ results, status: statusRecord({ state: 'complete', completed: NOTEBOOKS }) });
    assert.deepEqual([row.preset, row.profile, row.changed, row.state, row.status], ['default', 'full', 'mixed', 'complete', 'complete, mixed parameters']);
    assert.equal(row.note, 'sections made with different parameters: noise.level: 0.6 (classifier, autoencoder), 0.4 (composite)');
    assert.equal(row.composite, 0.8916, 'its numbers are still shown');
  });

  it('sections of different presets: preset is mixed too, and the note names every setting they differ in', () => {
    const row = rowOf({ results: rerunResults(completeResults('default', 'smoke'), 'autoencoder', { preset: 'reference' }) });
    assert.deepEqual([row.preset, row.profile, row.changed, row.status], ['mixed', 'smoke', 'mixed', 'complete, mixed parameters']);
    assert.match(row.note, /^sections made with different parameters: autoencoder\.architecture: "unet" \(classifier, composite\), "dense" \(autoencoder\); .*preset: "default" \(classifier, composite\), "reference" \(autoencoder\)/);
  });
});

describe('runs table: folders and order', () => {
  it('lists run folders only: not the model cache, runs/latest, other folders or files', () => {
    const root = temporaryDir();
    const older = writeRunFolder(root, `2026-11-29_09-00-00-default-full`, { results: completeResults() });
    const newer = writeRunFolder(root, `${STAMP}-reference-smoke`, { status: statusRecord({ pid: endedPid() }), log: false });
    mkdirSync(join(root, 'model-cache', 'autoencoder-0123'), { recursive: true });
    symlinkSync(`${STAMP}-reference-smoke`, join(root, 'latest'));
    writeRunFolder(root, 'e2e-2026-11-29_22-01-52', { results: completeResults(), log: false });
    mkdirSync(join(root, 'sweeps'));
    writeFileSync(join(root, 'notes.txt'), 'not a run');
    assert.deepEqual(findRunFolders([root]), [older, newer].sort());
    assert.deepEqual(readRunsIndex([root]).map((row) => row.dir), [older, newer]);
  });

  it("finds a sweep's points under runs/sweeps/<id>/, each named by its path there", () => {
    const root = temporaryDir();
    const sweep = join(root, 'sweeps', `${STAMP}-default-full`);
    mkdirSync(sweep, { recursive: true });
    writeFileSync(join(sweep, 'index.json'), '{}');
    const point = writeRunFolder(sweep, 'noise.level=0.4', { results: completeResults() });
    const plain = writeRunFolder(root, `${STAMP}-default-full`, { results: completeResults() });
    assert.deepEqual(findRunFolders([root]).sort(), [plain, point].sort());
    assert.deepEqual(readRunsIndex([root]).map((row) => row.id), [`${STAMP}-default-full`, `sweeps/${STAMP}-default-full/noise.level=0.4`]);
  });

  it('takes run folders and folders of runs alike, and a path that does not exist holds none', () => {
    const root = temporaryDir();
    const run = writeRunFolder(root, 'a', { results: completeResults() });
    const other = writeRunFolder(temporaryDir(), 'b', { results: completeResults() });
    assert.deepEqual(readRunsIndex([root, other, join(root, 'missing')]).map((row) => row.dir), [run, other]);
  });

  it('sorts numbers largest first and text alphabetically, absent values last', () => {
    const root = temporaryDir();
    writeRunFolder(root, '1-default-full', { results: { ...completeResults(), composite: { accuracy: 0.80 } } });
    writeRunFolder(root, '2-reference-full', { results: completeResults('reference') });
    writeRunFolder(root, '3-default-full', { results: resultsBefore('05') });
    writeRunFolder(root, '4-tutorial-full', { results: { ...completeResults('tutorial'), composite: { accuracy: 0.85 } } });
    const rows = readRunsIndex([root]);
    assert.deepEqual(rows.map((row) => row.id[0]), ['1', '2', '3', '4']);
    assert.deepEqual(sortRuns(rows, 'composite').map((row) => row.composite), [0.8916, 0.85, 0.80, null]);
    assert.deepEqual(sortRuns(rows, 'preset').map((row) => `${row.preset} ${row.id[0]}`), ['default 1', 'default 3', 'reference 2', 'tutorial 4']);
  });

  it('loads without TensorFlow, so a command or notebook lists runs at once', function () {
    this.timeout(30_000);
    const script = "require('./lib/run/runs-index'); console.log(Object.keys(require.cache).filter((path) => path.includes('@tensorflow')).length)";
    const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    assert.equal(result.stdout.trim(), '0', result.stderr);
  });
});
