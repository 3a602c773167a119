// `npm start -- --sweep-status <id>`: each point's state from its run folder and from Slurm (sacct, else squeue),
// parsed from Slurm's own formats; a failed point with the command that reruns it. Slurm is a stand-in here.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTasks } from '../tools/sweep/slurm/status';
import { fakeSlurm, type FakeSlurmState } from './helpers/fake-slurm';
import { temporaryDir } from './helpers/idx-files';
import { completeResults, NOTEBOOKS, resultsBefore, statusRecord, writeRunFolder } from './helpers/run-folders';
import { runnerCommand } from './helpers/runner';

const ID = '2026-12-02_10-00-00-default-smoke';
const POINTS = ['noise.level=0.2', 'noise.level=0.4', 'noise.level=0.6'];
const command = (point: string) => `npm start -- --profile smoke --set ${point} --run-name sweeps/${ID}/${point}`;

/** A submitted sweep of three points: the first complete, the second failed in 04, the third without a run folder. */
function submittedSweep(): string {
  const runs = temporaryDir();
  const dir = join(runs, 'sweeps', ID);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'commands.txt'), `${POINTS.map(command).join('\n')}\n`);
  writeFileSync(join(dir, 'index.json'), JSON.stringify({
    id: ID, command: ['npm', 'start', '--', '--profile', 'smoke', '--sweep', 'noise.level=0.2,0.4,0.6', '--scheduler', 'slurm'],
    scheduler: 'slurm', slurm: { job_id: '42', array: '0-2%2' },
    points: POINTS.map((name, task) => ({ name, settings: {}, run: `sweeps/${ID}/${name}`, status: 'submitted', task_id: task })),
  }));
  writeRunFolder(runs, `sweeps/${ID}/${POINTS[0]}`, { results: completeResults('default', 'smoke'), status: statusRecord({ state: 'complete', completed: NOTEBOOKS }) });
  writeRunFolder(runs, `sweeps/${ID}/${POINTS[1]}`, { results: resultsBefore('04', 'default', 'smoke'), status: statusRecord({ state: 'failed', failure: { notebook: '04-autoencoder', cell: 7, reason: 'a cell raised an error' } }) });
  return runs;
}

function status(runs: string, slurm: FakeSlurmState, id = ID): { status: number | null; output: string } {
  const fake = fakeSlurm(slurm);
  const { command: node, argv, options } = runnerCommand(['--sweep-status', id], runs);
  const result = spawnSync(node, argv, { ...options, env: { ...options.env, PATH: fake.dir }, encoding: 'utf8', timeout: 150_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('sweep status', () => {
  it("with sacct: each point's task state and run folder; the failed one with its rerun command and its task's resubmission", function () {
    this.timeout(180_000);
    const runs = submittedSweep();
    const result = status(runs, { sacct: ['42_0|COMPLETED|0:0', '42_1|FAILED|1:0', '42_[2]|PENDING|0:0'] });
    assert.equal(result.status, 0, result.output);
    assert.match(result.output, /Slurm job 42, array 0-2%2; states from the run folders and sacct/);
    assert.match(result.output, /^noise\.level=0\.2 +0 +COMPLETED 0:0 +complete +complete$/m);
    assert.match(result.output, /^noise\.level=0\.4 +1 +FAILED 1:0 +failed at 04 \(cell 7\) +failed$/m);
    assert.match(result.output, /^noise\.level=0\.6 +2 +PENDING 0:0 +not started +pending$/m);
    assert.ok(result.output.includes(`FAILED noise.level=0.4: run it with ${command('noise.level=0.4')}`), result.output);
    assert.match(result.output, new RegExp(`or resubmit its task alone: sbatch --array=1 \\S+/sweeps/${ID}/slurm\\.sh \\(its output was \\S+/slurm-42_1\\.out\\)`));
    assert.match(result.output, /1 complete, 1 failed, 1 pending/);
  });

  it('without accounting, squeue: a task it no longer lists has ended, so a point with no complete run failed', function () {
    this.timeout(180_000);
    const runs = submittedSweep();
    const result = status(runs, { squeue: [] });
    assert.match(result.output, /states from the run folders and squeue/);
    assert.match(result.output, /^noise\.level=0\.6 +2 +— +not started +failed$/m, 'its runner never started: the node could not see the project, say');
    assert.ok(result.output.includes(`FAILED noise.level=0.6: run it with ${command('noise.level=0.6')}`), result.output);
    assert.match(result.output, /1 complete, 2 failed/);
  });

  it('Slurm not reachable: the run folders alone, and why', function () {
    this.timeout(180_000);
    const result = status(submittedSweep(), { commands: [] });
    assert.match(result.output, /states from the run folders \(Slurm did not answer: sacct is not on PATH/);
    assert.match(result.output, /^noise\.level=0\.6 +2 +— +not started +unknown$/m);
  });

  it('an unknown sweep id: refused, naming the index it looked for and the sweeps there are', function () {
    this.timeout(180_000);
    const result = status(submittedSweep(), {}, 'no-such-sweep');
    assert.equal(result.status, 2);
    assert.match(result.output, new RegExp(`^error: \\S+/sweeps/no-such-sweep/index\\.json: does not exist\\. Give the id of a sweep that ran or was submitted, e\\.g\\. ${ID}\\.$`, 'm'));
  });

  it("reads sacct's and squeue's task ids: single, folded ranges with a limit, lists", () => {
    const tasks = parseTasks('42', ['42_0|COMPLETED|0:0', '42_[1-3%2]|PENDING|0:0', '42_[5,7-8]|PENDING', '42_4|CANCELLED by 0|0:15', '43_0|RUNNING', ''].join('\n'));
    assert.deepEqual([...tasks.entries()].sort(([a], [b]) => a - b).map(([task, state]) => [task, state.state]), [
      [0, 'COMPLETED'], [1, 'PENDING'], [2, 'PENDING'], [3, 'PENDING'], [4, 'CANCELLED'], [5, 'PENDING'], [7, 'PENDING'], [8, 'PENDING'],
    ]);
    assert.equal(tasks.get(4)!.exit, '0:15');
  });
});
