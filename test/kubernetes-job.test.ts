// The Kubernetes Indexed Job that --print-commands writes beside commands.txt, checked against Kubernetes' own
// schema for batch/v1 Job (kubernetes-models): there is no cluster here to apply it to.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { kubernetesJob } from '../tools/sweep/kubernetes';
import { temporaryDir } from './helpers/idx-files';
import { runRunner } from './helpers/runner';

describe('Kubernetes Indexed Job', () => {
  it('is a valid batch/v1 Job: one completion per point, --jobs pods at once, index i runs line i+1', () => {
    const manifest = kubernetesJob('/srv/project/runs/sweeps/S', '2026-12-02_10-00-00-default-smoke', 4, 2);
    new Job(manifest as ConstructorParameters<typeof Job>[0]).validate();
    const spec = manifest.spec as { completionMode: string; completions: number; parallelism: number; template: { spec: { containers: { command: string[] }[] } } };
    assert.deepEqual([spec.completionMode, spec.completions, spec.parallelism], ['Indexed', 4, 2]);
    assert.deepEqual(spec.template.spec.containers[0]!.command, ['sh', '-c', 'eval "$(sed -n "$((JOB_COMPLETION_INDEX + 1))p" /srv/project/runs/sweeps/S/commands.txt)"']);
    assert.equal((manifest.metadata as { name: string }).name, 'sweep-2026-12-02-10-00-00-default-smoke', 'a DNS label: lowercase, digits and dashes');
    assert.equal((kubernetesJob('/s', 'S', 1, 2).spec as { parallelism: number }).parallelism, 1, 'never more pods than points');
  });

  it('the schema check catches a broken manifest', () => {
    const manifest = kubernetesJob('/s', 'S', 4, 2);
    const broken = { ...manifest, spec: { ...(manifest.spec as object), completions: 'four' } };
    assert.throws(() => new Job(broken as unknown as ConstructorParameters<typeof Job>[0]).validate(), /completions must be integer/);
  });

  it('--print-commands writes job.json beside commands.txt', function () {
    this.timeout(180_000);
    const runs = temporaryDir();
    const result = runRunner(['--profile', 'smoke', '--sweep', 'noise.level=0.2,0.4,0.6', '--jobs', '2', '--print-commands'], runs, 150_000);
    assert.equal(result.status, 0, result.output);
    const [id] = readdirSync(join(runs, 'sweeps'));
    const dir = join(runs, 'sweeps', id!);
    assert.match(result.output, new RegExp(`a Kubernetes Indexed Job that runs them: ${dir}/job\\.json`));
    const manifest = JSON.parse(readFileSync(join(dir, 'job.json'), 'utf8')) as NonNullable<ConstructorParameters<typeof Job>[0]>;
    new Job(manifest).validate();
    assert.deepEqual([manifest.spec?.completions, manifest.spec?.parallelism], [3, 2]);
    assert.ok(manifest.spec?.template.spec?.containers[0]!.command!.at(-1)!.includes(join(dir, 'commands.txt')));
  });
});
