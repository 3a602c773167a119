// A one-node Slurm on loopback for tests: munged, slurmctld and slurmd started by this process with a configuration
// in a temporary folder (SLURM_CONF points at it), and stopped again by their process ids.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, hostname, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../ports';
import { PARTITION, slurmConf } from './config';
import { SlurmClusterError } from './errors';
import { ensureSlurmInstalled } from './install';

/** The node registers within a second or two here; a minute allows for a loaded machine. */
const READY_TIMEOUT_MS = 60_000;
/** How long a daemon may take to exit on SIGTERM before it is killed. */
const STOP_TIMEOUT_MS = 15_000;
/** Present on Linux (util-linux): the daemons then end with this process even when it is killed outright. */
const SETPRIV = '/usr/bin/setpriv';

export interface Cluster {
  readonly dir: string;
  /** The environment that points Slurm's commands at this cluster: SLURM_CONF. */
  readonly env: NodeJS.ProcessEnv;
  readonly partition: string;
  /** Cancels the cluster's jobs, stops the three daemons by pid, and removes the folder. */
  stop(): Promise<void>;
}

export async function startCluster(log: (line: string) => void = () => {}): Promise<Cluster> {
  ensureSlurmInstalled(log);
  const dir = mkdtempSync(join(tmpdir(), 'slurm-cluster-'));
  const children: { name: string; child: ChildProcess }[] = [];
  const env: NodeJS.ProcessEnv = { ...process.env, SLURM_CONF: join(dir, 'slurm.conf') };
  const cluster: Cluster = { dir, env, partition: PARTITION, stop: () => stopCluster(dir, env, children) };
  try {
    // munged refuses a key others can read and a socket folder others cannot enter.
    for (const [folder, mode] of [['munge', 0o755], ['munge-key', 0o700], ['state', 0o700], ['spool', 0o700]] as const) mkdirSync(join(dir, folder), { mode });
    const key = join(dir, 'munge-key', 'munge.key');
    writeFileSync(key, randomBytes(1024), { mode: 0o400 });
    const mungeSocket = join(dir, 'munge', 'munge.socket');
    const user = userInfo().username;
    writeFileSync(env.SLURM_CONF!, slurmConf({ dir, host: hostname().split('.')[0]!, user, cpus: availableParallelism(), mungeSocket, controllerPort: await freePort(), nodePort: await freePort() }));
    // --force: munged refuses to run as root without it; CI runs as root.
    children.push(start(dir, 'munged', ['-F', '--force', `--socket=${mungeSocket}`, `--key-file=${key}`, `--pid-file=${join(dir, 'munge', 'munged.pid')}`, `--log-file=${join(dir, 'munged.log')}`, `--seed-file=${join(dir, 'munge-key', 'munged.seed')}`], env));
    await waitFor('munged to open its socket', () => existsSync(mungeSocket), dir, children);
    children.push(start(dir, 'slurmctld', ['-D', '-f', env.SLURM_CONF!], env));
    children.push(start(dir, 'slurmd', ['-D', '-f', env.SLURM_CONF!], env));
    await waitFor('the node to be idle', () => nodeState(env) === 'idle', dir, children);
    log(`a one-node Slurm runs on loopback: SLURM_CONF=${env.SLURM_CONF} (munged, slurmctld, slurmd: pids ${children.map(({ child }) => child.pid).join(', ')})`);
    return cluster;
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}

function start(dir: string, name: string, args: readonly string[], env: NodeJS.ProcessEnv): { name: string; child: ChildProcess } {
  const output = openSync(join(dir, `${name}.out`), 'a');
  const program = `/usr/sbin/${name}`;
  const [command, ...rest] = existsSync(SETPRIV) ? [SETPRIV, '--pdeathsig', 'TERM', program, ...args] : [program, ...args];
  const child = spawn(command!, rest, { env, stdio: ['ignore', output, output] });
  closeSync(output);
  return { name, child };
}

function nodeState(env: NodeJS.ProcessEnv): string {
  return `${spawnSync('sinfo', ['-h', '-o', '%t'], { env, encoding: 'utf8', timeout: 10_000 }).stdout ?? ''}`.trim();
}

/** Polls `ready` until it holds, or fails naming the daemon that exited and the end of its output. */
async function waitFor(what: string, ready: () => boolean, dir: string, children: readonly { name: string; child: ChildProcess }[]): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const ended = children.find(({ child }) => child.exitCode !== null || child.signalCode !== null);
    if (ended) throw new SlurmClusterError(`${ended.name} exited (${ended.child.exitCode ?? ended.child.signalCode}) while waiting for ${what}; this machine cannot run the local Slurm. Its output ends: ${tail(join(dir, `${ended.name}.out`))}`);
    if (ready()) return;
    if (Date.now() > deadline) throw new SlurmClusterError(`waited ${READY_TIMEOUT_MS / 1000} s for ${what}; this machine cannot run the local Slurm. slurmctld's log ends: ${tail(join(dir, 'slurmctld.log'))}; slurmd's: ${tail(join(dir, 'slurmd.log'))}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function tail(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8').trim().split('\n').slice(-5).join(' | ') : '(nothing)';
}

async function stopCluster(dir: string, env: NodeJS.ProcessEnv, children: readonly { name: string; child: ChildProcess }[]): Promise<void> {
  // A job's slurmstepd outlives slurmd; cancelling the cluster's jobs first ends their tasks too.
  if (children.some(({ name }) => name === 'slurmctld')) {
    spawnSync('scancel', ['--partition', PARTITION], { env, timeout: 10_000 });
    const deadline = Date.now() + STOP_TIMEOUT_MS;
    while (Date.now() < deadline && `${spawnSync('squeue', ['-h', '-o', '%i'], { env, encoding: 'utf8', timeout: 10_000 }).stdout ?? ''}`.trim() !== '') {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  for (const { child } of [...children].reverse()) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }
  rmSync(dir, { recursive: true, force: true });
}
