// A Kubernetes Indexed Job for a sweep's points, written beside commands.txt: pod i runs line i+1, as Slurm's task i
// does. Nothing here talks to a cluster; the manifest is for `kubectl apply -f`.
import { join } from 'node:path';
import { writeJson } from '../../lib/artifacts/atomic-write';
import { PROJECT_ROOT } from '../../lib/paths';
import { shellQuote } from '../../lib/run/shell-quote';
import { SWEEP_COMMANDS } from './folder';

export const KUBERNETES_JOB = 'job.json';
/** A placeholder the user replaces: an image holding this project after `npm run setup`, at the same path. */
const IMAGE = 'fashion-mnist-denoising:latest';
/** A placeholder too: a claim on the shared volume holding the project and runs/, so points share the model cache. */
const CLAIM = 'fashion-mnist-denoising';
/** Kubernetes names are DNS labels: lowercase, digits and '-', at most 63 characters. */
const NAME_LENGTH = 63;

/** The Job of sweep `sweepId`, whose folder is `dir` (on the shared volume, at the same path in every pod). */
export function kubernetesJob(dir: string, sweepId: string, points: number, jobs: number): Record<string, unknown> {
  const name = `sweep-${sweepId}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-').slice(0, NAME_LENGTH).replace(/-+$/, '');
  const commands = join(dir, SWEEP_COMMANDS);
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, labels: { app: 'fashion-mnist-denoising', sweep: name } },
    spec: {
      completionMode: 'Indexed',
      completions: points,
      parallelism: Math.min(jobs, points),
      // A point that failed fails the same way again; it is rerun by hand (npm start -- --sweep-status says how).
      backoffLimit: 0,
      template: {
        metadata: { labels: { app: 'fashion-mnist-denoising', sweep: name } },
        spec: {
          restartPolicy: 'Never',
          containers: [{
            name: 'point',
            image: IMAGE,
            workingDir: PROJECT_ROOT,
            command: ['sh', '-c', `eval "$(sed -n "$((JOB_COMPLETION_INDEX + 1))p" ${shellQuote(commands)})"`],
            volumeMounts: [{ name: 'project', mountPath: PROJECT_ROOT }],
          }],
          volumes: [{ name: 'project', persistentVolumeClaim: { claimName: CLAIM } }],
        },
      },
    },
  };
}

/** Writes job.json into the sweep's folder; its path. */
export function writeKubernetesJob(dir: string, sweepId: string, points: number, jobs: number): string {
  const path = join(dir, KUBERNETES_JOB);
  writeJson(path, kubernetesJob(dir, sweepId, points, jobs));
  return path;
}
