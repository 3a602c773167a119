// Sweeps: the grid and its checks before anything runs, what the points share, the commands they print, and a real
// sweep of small notebooks through the runner, one point of which fails.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../lib/errors';
import { parseArgs } from '../tools/runner/args';
import { pointCommand, pointRunArguments, sharedTrainings, sweepPoints } from '../tools/sweep/plan';
import { temporaryDir } from './helpers/idx-files';
import { writeTestNotebook } from './helpers/notebooks';
import { runRunner } from './helpers/runner';

const plan = (argv: string[]) => sweepPoints(parseArgs(argv), 'S');

describe('sweeps', () => {
  it('expands the grid, first axis slowest, each point named by its settings and run under runs/sweeps/<id>/', () => {
    const points = plan(['--profile', 'smoke', '--sweep', 'noise.level=0.2,0.4', '--sweep', 'autoencoder.architecture=unet,pooling']);
    assert.deepEqual(points.map((point) => point.name), [
      'noise.level=0.2,autoencoder.architecture=unet', 'noise.level=0.2,autoencoder.architecture=pooling',
      'noise.level=0.4,autoencoder.architecture=unet', 'noise.level=0.4,autoencoder.architecture=pooling',
    ]);
    assert.equal(points[3]!.runName, 'sweeps/S/noise.level=0.4,autoencoder.architecture=pooling');
    assert.deepEqual([points[3]!.config.noise.level, points[3]!.config.autoencoder.architecture, points[3]!.config.profile], [0.4, 'pooling', 'smoke']);
  });

  it('refuses before anything runs: unknown parameter, empty list, bad value, a parameter also --set, options a point cannot take', () => {
    const refused = (argv: string[], pattern: RegExp) => assert.throws(() => plan(argv), (error: Error) => error instanceof ConfigError && pattern.test(error.message), argv.join(' '));
    refused(['--sweep', 'noise.lvl=0.2'], /noise\.lvl .*did you mean 'noise\.level'/);
    refused(['--sweep', 'noise.level='], /--sweep = "noise\.level=" .*at least one value/);
    refused(['--sweep', 'noise.level=0.2,,0.4'], /no empty ones/);
    refused(['--sweep', 'noise.level=0.2,20'], /--sweep noise\.level = 20 .*from 0 to 10 \(at sweep point noise\.level=20\)/);
    refused(['--sweep', 'autoencoder.architecture=unet,resnet'], /"resnet" .*'dense', 'unet', 'tutorial', 'pooling'/);
    refused(['--sweep', 'noise.level=0.2', '--set', 'noise.level=0.3'], /a parameter that --set does not also fix/);
    refused(['--sweep', 'noise.level=0.2', '--sweep', 'noise.level=0.4'], /each parameter swept once/);
    refused(['--sweep', 'noise.level=0.2', '--only', '03'], /no --only with it/);
    refused(['--jobs', '2'], /--jobs = 2 .*a --sweep to go with it/);
    refused(['--sweep', 'noise.level=0.2', '--jobs', '0'], /--jobs = "0"/);
  });

  it('says which trainings the points share: the clean classifier across noise levels, not the autoencoder', () => {
    const lines = sharedTrainings(plan(['--sweep', 'noise.level=0.2,0.4,0.6,0.8']));
    assert.deepEqual(lines, [
      'classifier: one model for all 4 points (trained once, then reused from the model cache)',
      'classifier-noisy: 4 models for 4 points (it reads a swept parameter)',
      'autoencoder: 4 models for 4 points (it reads a swept parameter)',
      'composite-finetuned: 4 models for 4 points (it reads a swept parameter)',
    ]);
  });

  it("prints each point's self-contained command, which parses back to that point's settings and folder", () => {
    const argv = ['--preset', 'tutorial', '--set', 'noise.testLevel=0.1', '--sweep', 'autoencoder.architecture=tutorial,pooling', '--jobs', '2', '--print-commands'];
    const [, pooling] = sweepPoints(parseArgs(argv), 'S');
    assert.equal(pointCommand(argv, pooling!), 'npm start -- --preset tutorial --set noise.testLevel=0.1 --set autoencoder.architecture=pooling --run-name sweeps/S/autoencoder.architecture=pooling');
    const reparsed = parseArgs(pointRunArguments(argv, pooling!));
    assert.deepEqual([reparsed.parameters.set, reparsed.runName, reparsed.sweeps], [{ 'noise.testLevel': 0.1, 'autoencoder.architecture': 'pooling' }, pooling!.runName, []]);
  });

  it('--run-name takes plain names under runs/ only', () => {
    for (const name of ['../outside', '/abs', 'a//b', 'sweeps/x/..']) assert.throws(() => parseArgs(['--run-name', name]), /--run-name/, name);
  });

  it('runs every point into its own folder; a failing point is reported, the others complete, the exit status is 1', function () {
    this.timeout(300_000);
    const notebooks = temporaryDir();
    const runs = temporaryDir();
    writeTestNotebook(notebooks, '01-level', [
      "import { startNotebook } from './lib/notebook-run';",
      'const run = startNotebook(parameters);',
      "if (run.config.noise.level > 0.5) throw new Error(`level ${run.config.noise.level} is too noisy for this test`);",
      "console.log(`ran at level ${run.config.noise.level}`);",
    ]);
    const result = runRunner(['--notebooks', notebooks, '--profile', 'smoke', '--sweep', 'noise.level=0.2,0.8,0.4', '--jobs', '2'], runs, 300_000);
    assert.equal(result.status, 1, result.output);
    assert.match(result.output, /\[sweep\] .*: 3 points, noise\.level ∈ \{0\.2, 0\.8, 0\.4\}; 2 at a time/);
    assert.match(result.output, /\[sweep\] classifier: one model for all 3 points/);
    assert.match(result.output, /\[noise\.level=0\.4\] .*ran at level 0\.4/);
    assert.match(result.output, /\[sweep\] 2 of 3 points complete/);
    assert.match(result.output, /\[sweep\] FAILED noise\.level=0\.8: rerun it with npm start -- --notebooks .* --set noise\.level=0\.8 --run-name sweeps\/.*\/noise\.level=0\.8/);
    const [sweep] = readdirSync(join(runs, 'sweeps'));
    const index = JSON.parse(readFileSync(join(runs, 'sweeps', sweep!, 'index.json'), 'utf8')) as { points: { name: string; status: string; run: string }[] };
    assert.deepEqual(index.points.map((point) => [point.name, point.status]), [['noise.level=0.2', 'complete'], ['noise.level=0.8', 'failed'], ['noise.level=0.4', 'complete']]);
    for (const point of index.points) assert.ok(existsSync(join(runs, point.run, '01-level.ipynb')), point.run);
  });
});
