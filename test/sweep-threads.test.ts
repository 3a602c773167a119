// TensorFlow's thread pools of a sweep's point: a share of the cores for --jobs here, a Slurm task's allocation there.
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { allocatedThreads, localShare } from '../tools/sweep/threads';

describe('sweep threads', () => {
  it('--jobs N: each point 1/N of the cores, at least one; one job leaves the pools alone', () => {
    const env = { PATH: '/bin' };
    assert.equal(localShare(1, env), env);
    const expected = String(Math.max(1, Math.floor(availableParallelism() / 2)));
    assert.deepEqual(localShare(2, env), { PATH: '/bin', TF_NUM_INTRAOP_THREADS: expected, TF_NUM_INTEROP_THREADS: expected });
    assert.equal(localShare(availableParallelism() * 4, env).TF_NUM_INTRAOP_THREADS, '1');
  });

  it("a Slurm task: its --cpus-per-task, else its node allocation's CPUs; outside Slurm, or with pools set by hand, nothing", () => {
    assert.deepEqual(allocatedThreads({ SLURM_CPUS_PER_TASK: '4', SLURM_CPUS_ON_NODE: '8' }), { threads: 4, source: 'SLURM_CPUS_PER_TASK=4' });
    assert.deepEqual(allocatedThreads({ SLURM_CPUS_ON_NODE: '1' }), { threads: 1, source: 'SLURM_CPUS_ON_NODE=1' });
    assert.equal(allocatedThreads({}), undefined);
    assert.equal(allocatedThreads({ SLURM_CPUS_PER_TASK: '4', TF_NUM_INTRAOP_THREADS: '2' }), undefined);
    assert.equal(allocatedThreads({ SLURM_CPUS_PER_TASK: 'x' }), undefined);
  });
});
