// The runner facing failures: a cell that throws, a kernel that dies, a cell that hangs, a bad parameter.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { basename, join } from 'node:path';
import { PROJECT_ROOT } from '../../lib/paths';
import { temporaryDir } from '../helpers/idx-files';
import { writeTestNotebook } from '../helpers/notebooks';
import { runnerCommand, runRunner } from '../helpers/runner';

describe('runner faults', function () {
  this.timeout(180_000);

  it('a cell that throws: non-zero exit, notebook and cell named, error printed, partial notebook saved', () => {
    const notebooks = temporaryDir();
    const runs = temporaryDir();
    writeTestNotebook(notebooks, '01-fails', ["console.log('before the failure');", "throw new Error('deliberate failure 42');", "console.log('never');"]);
    const result = runRunner(['--notebooks', notebooks, '--profile', 'smoke'], runs);
    assert.equal(result.status, 1, result.output);
    assert.match(result.output, /\[01-fails\] FAILED in cell 4 \(throw new Error\('deliberate failure 42'\);\)/);
    assert.match(result.output, /deliberate failure 42/);
    const partial = JSON.parse(readFileSync(join(realpathSync(join(runs, 'latest')), '01-fails.ipynb'), 'utf8')) as { cells: { outputs?: { text?: string[] }[] }[] };
    assert.match(JSON.stringify(partial.cells[2]!.outputs), /before the failure/);
    assert.match(JSON.stringify(partial.cells[3]!.outputs), /deliberate failure 42/);
    assert.doesNotMatch(JSON.stringify(partial), /"never\\n"/);
  });

  it('a failed run names the command that resumes it, and that command completes the run', () => {
    const notebooks = temporaryDir();
    const runs = temporaryDir();
    const marker = join(temporaryDir(), 'failed-once');
    writeTestNotebook(notebooks, '01-first', ["console.log('first ran');"]);
    writeTestNotebook(notebooks, '02-flaky', [
      `import { existsSync, writeFileSync } from 'node:fs';\nif (!existsSync(${JSON.stringify(marker)})) {\n  writeFileSync(${JSON.stringify(marker)}, '');\n  throw new Error('fails the first time');\n}\nconsole.log('flaky ran');`,
    ]);
    writeTestNotebook(notebooks, '03-last', ["console.log('last ran');"]);
    const failed = runRunner(['--notebooks', notebooks, '--set', 'noise.level=0.4'], runs);
    assert.equal(failed.status, 1, failed.output);
    const lines = failed.output.trimEnd().split('\n');
    const runId = basename(realpathSync(join(runs, 'latest')));
    assert.equal(lines.at(-1), `  npm start -- --run ${runId} --from 02 --notebooks ${notebooks} --set noise.level=0.4`);

    const { options } = runnerCommand([], runs);
    const resumed = spawnSync('sh', ['-c', lines.at(-1)!.trim()], { ...options, encoding: 'utf8', timeout: 120_000 });
    assert.equal(resumed.status, 0, `${resumed.stdout}${resumed.stderr}`);
    assert.match(resumed.stdout, /flaky ran[\s\S]*last ran/);
    assert.doesNotMatch(resumed.stdout, /first ran/);
    const results = JSON.parse(readFileSync(join(runs, runId, 'results.json'), 'utf8')) as { wall_time_s: Record<string, number> };
    assert.deepEqual(Object.keys(results.wall_time_s).sort(), ['01-first', '02-flaky', '03-last']);
    assert.deepEqual(readdirSync(runs).filter((name) => name !== 'latest'), [runId], 'the resume made a new run folder');
  });

  it('a kernel that dies: reported as such, without hanging', () => {
    const notebooks = temporaryDir();
    writeTestNotebook(notebooks, '01-dies', ["process.kill(process.pid, 'SIGKILL');"]);
    const result = runRunner(['--notebooks', notebooks], temporaryDir());
    assert.equal(result.status, 1, result.output);
    assert.match(result.output, /\[01-dies\] FAILED in cell 3 .*the kernel failed/);
    assert.match(result.output, /kernel died/i);
  });

  it('a cell longer than --cell-timeout: stopped and reported', () => {
    const notebooks = temporaryDir();
    writeTestNotebook(notebooks, '01-hangs', ['await new Promise((resolve) => setTimeout(resolve, 600_000));']);
    const result = runRunner(['--notebooks', notebooks, '--cell-timeout', '5'], temporaryDir());
    assert.equal(result.status, 1, result.output);
    assert.match(result.output, /longer than the 5 s timeout/);
    assert.ok(result.seconds < 90, `took ${result.seconds} s`);
  });

  for (const [setting, pattern] of [
    ['classifier.epochs=0', /classifier\.epochs = 0 is not allowed: expected an integer from 1 to 1000/],
    ['noise.level=NaN', /noise\.level = "NaN" is not allowed/],
    ['noise.type=pink', /noise\.type = "pink"/],
    ['autoencoder.batchSize=70000', /autoencoder\.batchSize = 70000/],
    ['clasifier.epochs=3', /did you mean 'classifier\.epochs'/],
  ] as const) {
    it(`--set ${setting}: refused before anything runs`, () => {
      const runs = temporaryDir();
      const result = runRunner(['--set', setting], runs);
      assert.equal(result.status, 2, result.output);
      assert.match(result.output, pattern);
      assert.deepEqual(readdirSync(runs), [], 'a run folder was created');
    });
  }

  it('--preset unknown: refused, naming the presets', () => {
    const result = runRunner(['--preset', 'fastest'], temporaryDir());
    assert.equal(result.status, 2);
    assert.match(result.output, /preset = "fastest" .*'default', 'reference'/);
    assert.ok(!existsSync(join(PROJECT_ROOT, 'runs', 'fastest')));
  });
});
