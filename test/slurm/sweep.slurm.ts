// Sweeps through a real Slurm: a one-node cluster on this machine (tools/slurm-cluster) runs a two-point smoke sweep
// whose results equal the same sweep run here, and reports a failing point with the command that reruns it. Not in
// `npm test`'s glob: `npm run test:slurm` runs it, and .ci/run after npm test.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCluster, type Cluster } from '../../tools/slurm-cluster/cluster';
import { temporaryDir } from '../helpers/idx-files';
import { writeTestNotebook } from '../helpers/notebooks';
import { runnerCommand, runRunnerAsync } from '../helpers/runner';

/**
 * A smoke run takes about a minute on an idle 2-core machine; four at once (two tasks, two local points) beside other
 * heavy work took over 30 minutes here.
 */
const SWEEP_TIMEOUT_MS = 60 * 60_000;
const SMOKE_SWEEP = ['--profile', 'smoke', '--sweep', 'noise.level=0.2,0.4', '--jobs', '2'];
/**
 * Fields that differ between any two runs of the same sweep: when and how fast, where the files are (a folder's path,
 * a cache entry keyed on it), and which point trained a shared model while the other waited for it.
 */
const VOLATILE = /^(run_id|started_at|saved_at|wall_time_s|reused_from_cache|dir)$|seconds|per_s$|_ms$|_s$|_dir$/;

let cluster: Cluster;

/** The runner with Slurm's commands pointed at the test cluster; its exit status and output. */
function runner(args: string[], runs: string): { status: number | null; output: string } {
  const { command, argv, options } = runnerCommand(args, runs);
  const result = spawnSync(command, argv, { ...options, env: { ...options.env, SLURM_CONF: cluster.env.SLURM_CONF }, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Submits a sweep and waits until Slurm no longer lists its job as pending or running; the sweep's id and job. */
async function submitAndWait(args: string[], runs: string): Promise<{ id: string; job: string; submission: string }> {
  const submitted = runner([...args, '--scheduler', 'slurm'], runs);
  assert.equal(submitted.status, 0, submitted.output);
  const job = /submitted to Slurm as job (\d+)/.exec(submitted.output)?.[1];
  const id = /--sweep-status (\S+);/.exec(submitted.output)?.[1];
  assert.ok(job && id, submitted.output);
  const deadline = Date.now() + SWEEP_TIMEOUT_MS;
  for (;;) {
    const queue = spawnSync('squeue', ['-h', '-j', job, '-o', '%i %T'], { env: cluster.env, encoding: 'utf8' });
    if (queue.status === 0 && queue.stdout.trim() === '') return { id, job, submission: submitted.output };
    assert.ok(Date.now() < deadline, `job ${job} still queued after ${SWEEP_TIMEOUT_MS / 60_000} min: ${queue.stdout}${queue.stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

/** What a point's run computed: results.json without times, and each saved model's weights hash. */
function outcome(dir: string): Record<string, unknown> {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(Object.entries(value).filter(([key]) => !VOLATILE.test(key)).map(([key, inner]) => [key, strip(inner)]));
  };
  const models = join(dir, 'models');
  const weights = Object.fromEntries(readdirSync(models).filter((name) => existsSync(join(models, name, 'provenance.json'))).map((name) => [
    name, (JSON.parse(readFileSync(join(models, name, 'provenance.json'), 'utf8')) as { weights_sha256: string }).weights_sha256,
  ]));
  return { results: strip(JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'))), weights };
}

describe('sweeps on a real Slurm (a one-node cluster on this machine)', function () {
  this.timeout(2 * SWEEP_TIMEOUT_MS);

  before(async () => {
    cluster = await startCluster((line) => console.log(`      [slurm-cluster] ${line}`));
  });

  after(async () => {
    await cluster?.stop();
  });

  it('a two-point smoke sweep as a job array: both points complete, with the results of the same sweep run here', async () => {
    const slurmRuns = temporaryDir();
    const localRuns = temporaryDir();
    // The same sweep here at the same time, each point with one thread as each Slurm task has: one core each.
    const local = runRunnerAsync(SMOKE_SWEEP, localRuns, SWEEP_TIMEOUT_MS);
    const { id, job, submission } = await submitAndWait(SMOKE_SWEEP, slurmRuns);
    assert.match(submission, /array 0-1%2/);
    const status = runner(['--sweep-status', id], slurmRuns);
    assert.match(status.output, new RegExp(`Slurm job ${job}, array 0-1%2; states from the run folders and (sacct|squeue)`));
    assert.match(status.output, /^2 complete;/m, status.output);
    const ran = await local;
    assert.equal(ran.status, 0, ran.output);
    const [localId] = readdirSync(join(localRuns, 'sweeps'));
    for (const point of ['noise.level=0.2', 'noise.level=0.4']) {
      const onSlurm = join(slurmRuns, 'sweeps', id, point);
      assert.match(readFileSync(join(onSlurm, 'run.log'), 'utf8'), /TensorFlow's thread pools: 1 thread each, the task's allocation \(SLURM_CPUS_ON_NODE=1\)/);
      assert.deepEqual(outcome(onSlurm), outcome(join(localRuns, 'sweeps', localId!, point)), point);
    }
  });

  it('a failing point: --sweep-status reports it with the command that reruns it; the other completes', async () => {
    const runs = temporaryDir();
    const notebooks = temporaryDir();
    writeTestNotebook(notebooks, '01-level', [
      "import { startNotebook } from './lib/run/notebook-run';",
      'const run = startNotebook(parameters);',
      "if (run.config.noise.level > 0.5) throw new Error(`level ${run.config.noise.level} is too noisy for this test`);",
    ]);
    const { id, job } = await submitAndWait(['--notebooks', notebooks, '--profile', 'smoke', '--sweep', 'noise.level=0.2,0.8'], runs);
    const status = runner(['--sweep-status', id], runs);
    assert.equal(status.status, 0, status.output);
    assert.match(status.output, /^noise\.level=0\.2 +0 +COMPLETED +complete +complete$/m, status.output);
    assert.match(status.output, /^noise\.level=0\.8 +1 +FAILED +failed at 01 \(cell \d+\) +failed$/m, status.output);
    assert.ok(status.output.includes(`FAILED noise.level=0.8: run it with npm start -- --notebooks ${notebooks} --profile smoke --set noise.level=0.8 --run-name sweeps/${id}/noise.level=0.8`), status.output);
    assert.match(status.output, new RegExp(`sbatch --array=1 \\S+/slurm\\.sh \\(its output was \\S+/slurm-${job}_1\\.out\\)`));
    assert.match(readFileSync(join(runs, 'sweeps', id, `slurm-${job}_1.out`), 'utf8'), /level 0\.8 is too noisy for this test/);
  });
});
