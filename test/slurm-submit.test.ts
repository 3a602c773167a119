// Submitting a sweep to Slurm, against stand-in sbatch and scontrol commands: the refusals that come before anything
// is submitted (no sbatch, no controller, a refused partition), the job array and what the sweep's folder records.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../lib/errors';
import { parseArgs } from '../tools/runner/args';
import { arraySpec, checkSlurm } from '../tools/sweep/slurm/checks';
import { SlurmCommandMissingError, SlurmControllerError, SlurmRefusedError } from '../tools/sweep/slurm/errors';
import { batchScript } from '../tools/sweep/slurm/script';
import { fakeSlurm, withPath } from './helpers/fake-slurm';
import { temporaryDir } from './helpers/idx-files';
import { runnerCommand } from './helpers/runner';

const SWEEP = ['--profile', 'smoke', '--sweep', 'noise.level=0.2,0.4,0.6'];

/** The runner with the fake commands alone on PATH (node itself is started by its full path). */
function runWithFake(fake: ReturnType<typeof fakeSlurm>, args: string[], runs: string): { status: number | null; output: string } {
  const { command, argv, options } = runnerCommand(args, runs);
  const result = spawnSync(command, argv, { ...options, env: { ...options.env, PATH: fake.dir }, encoding: 'utf8', timeout: 150_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('Slurm submission: refusals before anything is submitted', () => {
  it('sbatch not on PATH: names it and says where Slurm is needed', () => {
    const fake = fakeSlurm({ commands: [] });
    assert.throws(() => withPath(fake, () => checkSlurm([], '0-1%2')), (error: Error) => error instanceof SlurmCommandMissingError && /^sbatch is not on PATH.*login node/.test(error.message));
  });

  it("a controller that does not answer: scontrol ping's own words", () => {
    const fake = fakeSlurm({ controller: 'down' });
    assert.throws(() => withPath(fake, () => checkSlurm([], '0-1%2')), (error: Error) => error instanceof SlurmControllerError && /`scontrol ping` said: Slurmctld\(primary\) at vm is DOWN.*slurmctld runs/.test(error.message));
  });

  it("a controller that scontrol reaches and sbatch does not: sbatch's own message", () => {
    const fake = fakeSlurm({ controller: 'down', commands: ['sbatch'] });
    const pingUp = fakeSlurm({ commands: ['scontrol'] });
    const mixed = { dir: `${pingUp.dir}:${fake.dir}`, calls: fake.calls };
    assert.throws(() => withPath(mixed, () => checkSlurm([], '0-1%2')), (error: Error) => error instanceof SlurmControllerError && /`sbatch --test-only` said: Batch job submission failed: Unable to contact slurm controller/.test(error.message));
  });

  it("a refused partition: Slurm's message, the option as given, nothing submitted", () => {
    const fake = fakeSlurm({ refusedPartition: 'gpu' });
    assert.throws(
      () => withPath(fake, () => checkSlurm(['--partition=gpu', '--time=1:00:00'], '0-2%2')),
      (error: Error) => error instanceof SlurmRefusedError && /--slurm-option --partition=gpu --slurm-option --time=1:00:00: invalid partition specified: gpu; Batch job submission failed: Invalid partition name specified\. Nothing was submitted/.test(error.message),
    );
    assert.deepEqual(fake.calls('sbatch'), ['--version', '--test-only --array=0-2%2 --partition=gpu --time=1:00:00 --wrap=true']);
  });

  it('through npm start: exit 2, one error line, nothing made under runs/', function () {
    this.timeout(180_000);
    const runs = temporaryDir();
    const result = runWithFake(fakeSlurm({ refusedPartition: 'gpu' }), [...SWEEP, '--scheduler', 'slurm', '--slurm-option', '--partition=gpu'], runs);
    assert.equal(result.status, 2, result.output);
    assert.match(result.output, /^error: Slurm refused the job array with --slurm-option --partition=gpu: invalid partition specified: gpu/m);
    assert.deepEqual(readdirSync(runs), []);
  });

  it('the array: one task per point, at most --jobs (and never more than the points) at once', () => {
    assert.equal(arraySpec(4, 2), '0-3%2');
    assert.equal(arraySpec(2, 8), '0-1%2');
    assert.equal(arraySpec(1, 2), '0-0%1');
  });
});

describe('Slurm submission: the job array', () => {
  it('one sbatch; index.json records the scheduler, the job and each point\'s task; the output says how to watch it', function () {
    this.timeout(180_000);
    const runs = temporaryDir();
    const fake = fakeSlurm({ jobId: 4242 });
    const result = runWithFake(fake, [...SWEEP, '--jobs', '2', '--scheduler', 'slurm', '--slurm-option', '--partition=local', '--slurm-option', '--cpus-per-task=2'], runs);
    assert.equal(result.status, 0, result.output);
    const [id] = readdirSync(join(runs, 'sweeps'));
    const dir = join(runs, 'sweeps', id!);
    assert.match(result.output, /\[sweep\] .*: 3 points, noise\.level ∈ \{0\.2, 0\.4, 0\.6\}; submitted to Slurm as job 4242 \(array 0-2%2/);
    assert.match(result.output, new RegExp(`watch it: squeue -j 4242; npm start -- --sweep-status ${id}; npm run runs`));
    const submissions = fake.calls('sbatch').filter((call) => call.includes('--parsable'));
    assert.deepEqual(submissions, [`--parsable --array=0-2%2 ${join(dir, 'slurm.sh')}`]);
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { scheduler: string; slurm: { job_id: string; options: string[] }; points: { name: string; task_id: number; status: string }[] };
    assert.equal(index.scheduler, 'slurm');
    assert.deepEqual(index.slurm.job_id, '4242');
    assert.deepEqual(index.slurm.options, ['--partition=local', '--cpus-per-task=2']);
    assert.deepEqual(index.points.map((point) => [point.name, point.task_id, point.status]), [['noise.level=0.2', 0, 'submitted'], ['noise.level=0.4', 1, 'submitted'], ['noise.level=0.6', 2, 'submitted']]);
    const commands = readFileSync(join(dir, 'commands.txt'), 'utf8').trim().split('\n');
    assert.equal(commands[1], `npm start -- --profile smoke --set noise.level=0.4 --run-name sweeps/${id}/noise.level=0.4`, 'no scheduler options in a point\'s command');
    const script = readFileSync(join(dir, 'slurm.sh'), 'utf8');
    assert.match(script, /^#SBATCH --partition=local\n#SBATCH --cpus-per-task=2$/m, 'the options stay with the script, so a task resubmitted alone gets them');
  });

  it("the task's script: runs its line of commands.txt from the project folder, into the sweep's runs folder", () => {
    const dir = temporaryDir();
    const project = temporaryDir();
    const commands = join(dir, 'commands.txt');
    writeFileSync(commands, 'echo first in "$PWD"\necho second in "$PWD" into "$RUNS_DIR"\n');
    const script = batchScript({ projectDir: project, commandsFile: commands, sweepDir: dir, runsDir: '/shared/runs', jobName: 'sweep-S', slurmOptions: [] });
    const ran = spawnSync('bash', ['-c', script], { cwd: dir, env: { ...process.env, SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_JOB_ID: '9' }, encoding: 'utf8' });
    assert.equal(ran.status, 0, ran.stderr);
    assert.match(ran.stdout, new RegExp(`^second in ${project} into /shared/runs$`, 'm'));
  });

  it('a project folder the node does not see: the task fails at once, naming the folder', () => {
    const dir = temporaryDir();
    const script = batchScript({ projectDir: '/cluster/home/me/fashion-mnist', commandsFile: join(dir, 'commands.txt'), sweepDir: dir, runsDir: dir, jobName: 'sweep-S', slurmOptions: [] });
    const ran = spawnSync('bash', ['-c', script], { cwd: dir, env: { ...process.env, SLURM_ARRAY_TASK_ID: '0' }, encoding: 'utf8' });
    assert.equal(ran.status, 2);
    assert.match(ran.stderr, /^error: the project folder \/cluster\/home\/me\/fashion-mnist does not exist on \S+: put the project \(with runs\/\) on a filesystem every node mounts/);
  });
});

describe('Slurm submission: options', () => {
  const refused = (argv: string[], pattern: RegExp) => assert.throws(() => parseArgs(argv), (error: Error) => error instanceof ConfigError && pattern.test(error.message), argv.join(' '));

  it('refuses what cannot go together, naming the option', () => {
    refused(['--sweep', 'noise.level=0.2', '--scheduler', 'pbs'], /--scheduler = "pbs" .*one of slurm; for any other, --print-commands/);
    refused(['--scheduler', 'slurm'], /--scheduler = "slurm" .*a --sweep to go with it/);
    refused(['--sweep', 'noise.level=0.2', '--slurm-option', '--partition=x'], /--slurm-option = "--partition=x" .*--scheduler slurm to go with it/);
    refused(['--sweep', 'noise.level=0.2', '--scheduler', 'slurm', '--print-commands'], /either --scheduler or --print-commands/);
    refused(['--sweep', 'noise.level=0.2', '--scheduler', 'slurm', '--slurm-option', '--array=0-3'], /an option other than --array/);
    refused(['--sweep', 'noise.level=0.2', '--scheduler', 'slurm', '--slurm-option', 'partition=x'], /an sbatch option after --slurm-option/);
    refused(['--sweep-status', '../x'], /--sweep-status = "\.\.\/x" .*the id of a sweep/);
    refused(['--sweep-status', 'S', '--profile', 'smoke'], /no other option with it/);
  });

  it("takes sbatch's options as they come, and more --jobs than this machine's cores: the tasks run on Slurm's nodes", () => {
    const options = parseArgs(['--sweep', 'noise.level=0.2', '--scheduler', 'slurm', '--slurm-option', '--partition=gpu', '--slurm-option', '-c', '--jobs', String(availableParallelism() + 8)]);
    assert.deepEqual([options.scheduler, options.slurmOptions, options.jobs], ['slurm', ['--partition=gpu', '-c'], availableParallelism() + 8]);
  });
});
