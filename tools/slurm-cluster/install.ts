// Slurm's and MUNGE's programs for the local test cluster: Debian's slurm-wlm and munge, installed with apt-get when
// missing and this process may (root, as CI runs), as .ci/run installs Chromium for the browser suite.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { SlurmClusterError } from './errors';

/** The daemons and clients the cluster and the sweep use, by the Debian package that holds them. */
const PROGRAMS: Readonly<Record<string, string>> = {
  '/usr/sbin/munged': 'munge',
  '/usr/sbin/slurmctld': 'slurm-wlm',
  '/usr/sbin/slurmd': 'slurm-wlm',
  '/usr/bin/sbatch': 'slurm-wlm',
  '/usr/bin/sinfo': 'slurm-wlm',
};

/** Installs what is missing, or says why it cannot; returns the packages it installed. */
export function ensureSlurmInstalled(log: (line: string) => void): string[] {
  const missing = [...new Set(Object.entries(PROGRAMS).filter(([program]) => !existsSync(program)).map(([, pack]) => pack))];
  if (missing.length === 0) return [];
  const manually = `install them (Debian: \`apt-get install ${missing.join(' ')}\`) and run the tests again`;
  if (process.getuid?.() !== 0) throw new SlurmClusterError(`this machine has no ${missing.join(' or ')}, and only root may install them: ${manually}.`);
  if (spawnSync('apt-get', ['--version']).error) throw new SlurmClusterError(`this machine has no ${missing.join(' or ')} and no apt-get to install them: ${manually}.`);
  log(`installing ${missing.join(' and ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-q'], ['install', '-y', '-q', ...missing]]) {
    const result = spawnSync('apt-get', args, { encoding: 'utf8', env });
    if (result.status !== 0) throw new SlurmClusterError(`\`apt-get ${args.join(' ')}\` failed (exit status ${result.status}): ${`${result.stderr}`.trim().split('\n').slice(-3).join(' ')}. ${manually}.`);
  }
  const still = Object.keys(PROGRAMS).filter((program) => !existsSync(program));
  if (still.length > 0) throw new SlurmClusterError(`apt-get installed ${missing.join(' and ')}, but ${still.join(', ')} are still missing: this is not Debian's packaging; ${manually}.`);
  return missing;
}
