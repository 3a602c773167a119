// Sweeps: the grid and its checks before anything runs, what the points share, the commands they print, and a real
// sweep of small notebooks through the runner, one point of which fails.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { PRESET_NAMES, resolveConfig } from '../../lib/config/index';
import { ConfigError } from '../../lib/errors';
import { NOISE_TYPE_NAMES } from '../../lib/noise/types';
import { parseArgs } from '../../tools/runner/args';
import { checkNamedRun, createRunFolder } from '../../tools/runner/run-folder';
import { pointCommand, pointRunArguments, sharedTrainings, sweepPoints } from '../../tools/sweep/plan';
import { temporaryDir } from '../helpers/idx-files';
import { writeTestNotebook } from '../helpers/notebooks';
import { completeResults, NOTEBOOKS, statusRecord, writeRunFolder } from '../helpers/run-folders';
import { runnerCommand, runRunner } from '../helpers/runner';

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
    refused(['--sweep', 'noise.level=0.2,20'], /--sweep noise\.level = 20 .*from 0 to 10, e\.g\. noise\.level=0\.6 \(at sweep point noise\.level=20\)/);
    refused(['--sweep', 'autoencoder.architecture=unet,resnet'], /"resnet" .*'dense', 'unet', 'tutorial', 'pooling'/);
    refused(['--sweep', 'noise.level=0.2', '--set', 'noise.level=0.3'], /a parameter that --set does not also fix/);
    refused(['--sweep', 'noise.level=0.2', '--sweep', 'noise.level=0.4'], /each parameter swept once/);
    refused(['--sweep', 'noise.level=0.2', '--only', '03'], /no --only with it/);
    refused(['--jobs', '2'], /--jobs = 2 .*a --sweep to go with it/);
    refused(['--sweep', 'evaluation.sweepLevels=[0.2,0.4]'], /list-valued one such as evaluation\.sweepLevels cannot be swept/);
    refused(['--set', 'classifier.epochs=0', '--sweep', 'noise.level=0.2'], /parameter classifier\.epochs = 0/);
    refused(['--sweep', 'noise.level=0.2', '--jobs', '0'], /--jobs = "0"/);
    refused(['--sweep', 'noise.level=0.2', '--jobs', String(availableParallelism() + 1)], /--jobs = \d+ .*this machine's cores/);
  });

  it('refuses values equal as values, which would make one point twice, naming the parameter and both values', () => {
    const refused = (argv: string[], pattern: RegExp) => assert.throws(() => plan(argv), (error: Error) => error instanceof ConfigError && pattern.test(error.message), argv.join(' '));
    refused(['--sweep', 'noise.level=0.2,0.4,0.20'], /--sweep noise\.level = \[0\.2,0\.4,0\.2\] .*values 1 and 3 \(0\.2, 0\.2\) are both 0\.2, so their points would share one run folder/);
    refused(['--sweep', 'noise.level=1,1.0'], /--sweep noise\.level .*values 1 and 2 \(1, 1\) are both 1, so their points would share one run folder/);
    refused(['--sweep', 'autoencoder.architecture=conv,pooling,unet'], /--sweep autoencoder\.architecture .*values 1 and 3 \(conv, unet\) are both unet, so the sweep would run one point twice/);
    refused(['--sweep', 'noise.testLevel=same,0.2,"same"'], /--sweep noise\.testLevel .*values 1 and 3 \(same, same\) are both same/);
    assert.equal(plan(['--sweep', 'noise.level=0.2,0.02']).length, 2);
  });

  it("checks every point's full configuration before anything runs: a noise-type sweep refused at the point whose levels do not fit", () => {
    const refused = (argv: string[], pattern: RegExp) => assert.throws(() => plan(argv), (error: Error) => error instanceof ConfigError && pattern.test(error.message), argv.join(' '));
    refused(['--sweep', 'noise.type=gaussian,poisson'], /noise\.level = 0\.6 .*'poisson'.*from 1 to 1000000, e\.g\. noise\.level=10; evaluation\.sweepLevels .*\(at sweep point noise\.type=poisson; every point shares noise\.level/);
    refused(['--sweep', 'noise.type=gaussian,poisson', '--set', 'noise.level=5'], /evaluation\.sweepLevels = \[0\.2,0\.4,0\.6,0\.8,1\] .*e\.g\. evaluation\.sweepLevels=\[3,5,10,20,50\] \(at sweep point noise\.type=poisson/);
    refused(['--sweep', 'noise.type=uniform,salt-and-pepper', '--set', 'noise.level=2'], /noise\.level = 2 .*'salt-and-pepper'.* \(at sweep point noise\.type=salt-and-pepper/);
    refused(['--set', 'noise.type=poisson', '--sweep', 'noise.level=5,10'], /^parameter evaluation\.sweepLevels = .*'poisson'.*e\.g\. evaluation\.sweepLevels=\[3,5,10,20,50\]\.$/);
    const everyType = `noise.type=${NOISE_TYPE_NAMES.join(',')}`;
    for (const preset of PRESET_NAMES) {
      refused(['--preset', preset, '--sweep', everyType], /^parameter noise\.level = .*'poisson'.*\(at sweep point noise\.type=poisson;/);
      const shared = ['--set', 'noise.level=1', '--set', 'evaluation.sweepLevels=[1]'];
      assert.deepEqual(plan(['--preset', preset, ...shared, '--sweep', everyType]).map((point) => point.config.noise.type), [...NOISE_TYPE_NAMES], preset);
    }
    const points = plan(['--sweep', 'noise.type=gaussian,poisson', '--set', 'noise.level=5', '--set', 'evaluation.sweepLevels=[1,2,5]']);
    assert.deepEqual(points.map((point) => [point.config.noise.type, point.config.evaluation.sweepLevels]), [['gaussian', [1, 2, 5]], ['poisson', [1, 2, 5]]]);
  });

  it('a refused point stops the sweep before its first point runs: exit 2, nothing made under runs/', () => {
    const runs = temporaryDir();
    const result = runRunner(['--profile', 'smoke', '--sweep', 'noise.type=gaussian,poisson'], runs, 60_000);
    assert.equal(result.status, 2, result.output);
    assert.match(result.output, /error: parameter noise\.level = 0\.6 .*at sweep point noise\.type=poisson/);
    assert.doesNotMatch(result.output, /\[noise\.type=gaussian\]/, 'the first point started');
    assert.deepEqual(readdirSync(runs), []);
  });

  it('says which trainings the points share: the clean classifier across noise levels, not the autoencoder', () => {
    const lines = sharedTrainings(plan(['--sweep', 'noise.level=0.2,0.4,0.6,0.8']), true);
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
      "import { startNotebook } from './lib/run/notebook-run';",
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
    assert.match(result.output, /\[sweep\] FAILED noise\.level=0\.8: run it with npm start -- --notebooks .* --set noise\.level=0\.8 --run-name sweeps\/.*\/noise\.level=0\.8/);
    const [sweep] = readdirSync(join(runs, 'sweeps'));
    const index = JSON.parse(readFileSync(join(runs, 'sweeps', sweep!, 'index.json'), 'utf8')) as { state: string; points: { name: string; status: string; run: string }[] };
    assert.equal(index.state, 'failed');
    assert.ok(!existsSync(join(runs, 'latest')), "a sweep's points leave runs/latest alone");
    assert.deepEqual(index.points.map((point) => [point.name, point.status]), [['noise.level=0.2', 'complete'], ['noise.level=0.8', 'failed'], ['noise.level=0.4', 'complete']]);
    for (const point of index.points) assert.ok(existsSync(join(runs, point.run, '01-level.ipynb')), point.run);
  });
});

describe('an interrupted sweep', () => {
  it('Ctrl-C: no further point starts, the running one is stopped, the index says interrupted, exit 130', async function () {
    this.timeout(180_000);
    const notebooks = temporaryDir();
    const runs = temporaryDir();
    writeTestNotebook(notebooks, '01-slow', ["console.log('point started');", 'await new Promise((resolve) => setTimeout(resolve, 120_000));']);
    const { command, argv, options } = runnerCommand(['--notebooks', notebooks, '--profile', 'smoke', '--sweep', 'noise.level=0.2,0.4,0.6', '--jobs', '1'], runs);
    const sweep = spawn(command, argv, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const started = new Promise<void>((resolve) => {
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('point started')) resolve();
      };
      sweep.stdout!.on('data', read);
      sweep.stderr!.on('data', read);
    });
    const exited = new Promise<number | null>((resolve) => sweep.on('close', (code) => resolve(code)));
    await started;
    sweep.kill('SIGINT');
    assert.equal(await exited, 130, output);
    const [id] = readdirSync(join(runs, 'sweeps'));
    const index = JSON.parse(readFileSync(join(runs, 'sweeps', id!, 'index.json'), 'utf8')) as { state: string; ended_at?: string; points: { status: string }[] };
    assert.equal(index.state, 'interrupted');
    assert.ok(index.ended_at);
    assert.deepEqual(index.points.map((point) => point.status), ['interrupted', 'skipped', 'skipped']);
    assert.doesNotMatch(output, /\[noise\.level=0\.4\]/, 'a skipped point never started');
  });
});

describe('named run folders (--run-name)', () => {
  const parameters = (set: Record<string, unknown> = {}) => resolveConfig({ set }).parameters;

  it("refuses runs/' own folders, and a sweep's root, by name", () => {
    for (const name of ['latest', 'model-cache', 'sweeps', 'sweeps/S', 'interactive', 'e2e-2026']) {
      assert.throws(() => parseArgs(['--run-name', name]), /--run-name .*not one of runs\/' own folders/, name);
    }
    assert.equal(parseArgs(['--run-name', 'sweeps/S/noise.level=0.2']).runName, 'sweeps/S/noise.level=0.2');
  });

  it('an existing folder: nothing to do when its run of the same parameters completed; refused when running or of other parameters', () => {
    const root = temporaryDir();
    const complete = writeRunFolder(root, 'complete', { results: completeResults(), status: statusRecord({ state: 'complete', completed: NOTEBOOKS }) });
    assert.equal(checkNamedRun(complete, parameters()), 'complete');
    assert.throws(() => checkNamedRun(complete, parameters({ 'noise.level': 0.4 })), /holds a run of other parameters/);
    const failed = writeRunFolder(root, 'failed', { results: completeResults(), status: statusRecord({ state: 'failed', failure: { notebook: '04-autoencoder', cell: 7, reason: 'a cell raised an error' } }) });
    assert.equal(checkNamedRun(failed, parameters()), 'new');
    const running = writeRunFolder(root, 'running', { results: completeResults(), status: statusRecord() });
    assert.throws(() => checkNamedRun(running, parameters()), /holds a run that is running 04/);
    assert.equal(checkNamedRun(join(root, 'absent'), parameters()), 'new');
  });

  it("a sweep's point leaves runs/latest where it was; any other run moves it", () => {
    const root = temporaryDir();
    createRunFolder('default', 'smoke', { name: 'mine' }, root);
    assert.equal(readlinkSync(join(root, 'latest')), 'mine');
    createRunFolder('default', 'smoke', { name: 'sweeps/S/noise.level=0.2' }, root);
    assert.equal(readlinkSync(join(root, 'latest')), 'mine');
  });
});
