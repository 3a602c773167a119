// `npm run runs`: the table a person reads, the JSON a script reads, sorting, and refusals with exit status 2.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { PROJECT_ROOT } from '../../lib/paths';
import { readRunsIndex, type RunRow } from '../../lib/run/runs-index';
import { runsTable } from '../../tools/runs/table';
import { temporaryDir } from '../helpers/idx-files';
import { completeResults, endedPid, legacyResults, NOTEBOOKS, rerunResults, resultsBefore, statusRecord, writeRunFolder } from '../helpers/run-folders';

function runsCommand(args: string[], runsDir: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'tools/runs/index.ts', ...args], {
    cwd: PROJECT_ROOT, env: { ...process.env, RUNS_DIR: runsDir }, encoding: 'utf8', timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Three runs: a complete default run with a setting changed, a reference run that failed in 04, a killed one with a damaged results.json. */
function threeRuns(): string {
  const root = temporaryDir();
  writeRunFolder(root, '2026-11-30_08-00-00-default-full', {
    results: completeResults('default', 'full', { 'noise.level': 0.4 }),
    status: statusRecord({ state: 'complete', completed: NOTEBOOKS }),
  });
  writeRunFolder(root, '2026-11-30_09-00-00-reference-full', {
    results: resultsBefore('04', 'reference'),
    status: statusRecord({ state: 'failed', failure: { notebook: '04-autoencoder', cell: 7, reason: 'a cell raised an error' } }),
  });
  writeRunFolder(root, '2026-11-30_10-00-00-default-smoke', { results: '{"preset": "def', status: statusRecord({ pid: endedPid() }) });
  return root;
}

describe('npm run runs', function () {
  this.timeout(60_000);

  it('prints one aligned row per run: accuracies to 4 decimals, dB to 2, SSIM to 3, — where absent', () => {
    const { status, stdout } = runsCommand([], threeRuns());
    assert.equal(status, 0);
    const lines = stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^id +preset +profile +changed +status +clean +noisy +composite +psnr_db +ssim +wall_s +note$/);
    assert.match(lines[1]!, /^2026-11-30_08-00-00-default-full +default +full +noise\.level=0\.4 +complete +0\.9294 +0\.3543 +0\.8916 +24\.07 +0\.846 +28\.7$/);
    assert.match(lines[2]!, /^2026-11-30_09-00-00-reference-full +reference +full +— +failed at 04 \(cell 7\) +0\.9294 +0\.3543 +— +— +— +6\.3$/);
    assert.match(lines[3]!, /^2026-11-30_10-00-00-default-smoke +— +— +— +killed in 04 +— +— +— +— +— +— +results\.json is unreadable/);
    assert.equal(lines.length, 4);
  });

  it('--json: the rows as one JSON array, with every column', () => {
    const root = threeRuns();
    const { status, stdout } = runsCommand(['--json'], root);
    assert.equal(status, 0);
    const rows = JSON.parse(stdout) as RunRow[];
    assert.deepEqual(rows, readRunsIndex([root]));
    assert.deepEqual(rows.map((row) => row.state), ['complete', 'failed', 'killed']);
  });

  it('--sort: by a number, largest first, or by text, alphabetically', () => {
    const root = threeRuns();
    const byWallTime = JSON.parse(runsCommand(['--sort', 'wall_s', '--json'], root).stdout) as RunRow[];
    assert.deepEqual(byWallTime.map((row) => row.wall_s), [28.7, 6.3, null]);
    const byStatus = runsCommand(['--sort', 'status'], root).stdout.trimEnd().split('\n').slice(1);
    assert.deepEqual(byStatus.map((line) => line.slice(0, 19)), ['2026-11-30_08-00-00', '2026-11-30_09-00-00', '2026-11-30_10-00-00']);
    const byPreset = JSON.parse(runsCommand(['--json', '--sort', 'preset'], root).stdout) as RunRow[];
    assert.deepEqual(byPreset.map((row) => row.preset), ['default', 'reference', null]);
  });

  it('an unknown sort column is refused, naming it and listing the columns: exit status 2', () => {
    const { status, stdout, stderr } = runsCommand(['--sort', 'accuracy'], threeRuns());
    assert.equal(status, 2);
    assert.equal(stdout, '');
    assert.equal(
      stderr.trim(),
      'error: parameter --sort = "accuracy" is not allowed: expected a column name: id, preset, profile, changed, state, status, clean, noisy, composite, psnr_db, ssim, wall_s, note, dir.',
    );
    assert.equal(runsCommand(['--verbose'], threeRuns()).status, 2);
  });

  it('a folder with notebook 05 rerun at another noise level: mixed in the table and in --json, naming the parameter', () => {
    const root = temporaryDir();
    const complete = statusRecord({ state: 'complete', completed: NOTEBOOKS });
    writeRunFolder(root, '2026-11-30_08-00-00-default-full', { results: legacyResults('default', 'full', { 'noise.level': 0.4 }), status: complete });
    writeRunFolder(root, 'interactive', { results: rerunResults(completeResults(), 'composite', { set: { 'noise.level': 0.4 } }), status: complete });
    const note = 'sections made with different parameters: noise.level: 0.6 (classifier, autoencoder), 0.4 (composite)';
    const lines = runsCommand([], root).stdout.trimEnd().split('\n');
    assert.match(lines[1]!, /^2026-11-30_08-00-00-default-full +default +full +noise\.level=0\.4 +complete +0\.9294 .* 28\.7$/);
    assert.match(lines[2]!, /^interactive +default +full +mixed +complete, mixed parameters +0\.9294 +0\.3543 +0\.8916 +24\.07 +0\.846 +28\.7 +(.*)$/);
    assert.equal(lines[2]!.slice(lines[0]!.indexOf('note')), note);
    const rows = JSON.parse(runsCommand(['--json'], root).stdout) as RunRow[];
    assert.deepEqual(rows.map((row) => [row.preset, row.changed, row.state, row.status, row.note]), [
      ['default', 'noise.level=0.4', 'complete', 'complete', ''],
      ['default', 'mixed', 'complete', 'complete, mixed parameters', note],
    ]);
  });

  it('no run folders yet: says so, and --json gives an empty array', () => {
    const empty = temporaryDir();
    assert.match(runsCommand([], empty).stdout, /^no run folders in .* yet; `npm start` makes one$/m);
    assert.deepEqual(JSON.parse(runsCommand(['--json'], empty).stdout), []);
  });
});

describe('runs table text', () => {
  it('fits a narrow terminal by cutting the changed parameters with …, and leaves the other columns whole', () => {
    const root = temporaryDir();
    const set = { 'noise.level': 0.4, 'autoencoder.architecture': 'pooling', 'classifier.epochs': 3 };
    writeRunFolder(root, '2026-11-30_08-00-00-default-full', { results: completeResults('default', 'full', set), status: statusRecord({ state: 'complete', completed: NOTEBOOKS }) });
    const rows = readRunsIndex([root]);
    const wide = runsTable(rows).split('\n');
    const narrow = runsTable(rows, wide[1]!.length - 20).split('\n');
    assert.ok(narrow.every((line) => line.length <= wide[1]!.length - 20), narrow.join('\n'));
    assert.match(narrow[1]!, / noise\.level=0\.4, classifier\.epochs=3, autoencoder…  complete +0\.9294 /);
    assert.match(runsTable(rows, 40).split('\n')[1]!, / noise\.level…  complete /, 'cut to no less than 12 characters, even if lines still wrap');
  });
});
