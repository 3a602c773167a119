// `npm start -- --sweep …`: every point of the grid a complete run, N at a time, each into its own folder under
// runs/sweeps/<id>/, with an index.json that says what ran and how it ended. A failing point does not stop the others;
// Ctrl-C stops the sweep: no further point starts, the running ones are stopped, and the index says so. With
// --print-commands or --scheduler slurm the points are handed on instead (folder.ts, kubernetes.ts, slurm/).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { writeJson } from '../../lib/artifacts/atomic-write';
import { PROJECT_ROOT } from '../../lib/paths';
import { EXIT, secondsSince, type ExitCode } from '../command';
import type { RunnerOptions } from '../runner/args';
import { runStamp } from '../runner/run-folder';
import { createSweepFolder, SWEEP_COMMANDS, SWEEP_INDEX, writeCommands } from './folder';
import { writeKubernetesJob } from './kubernetes';
import { describeAxes, pointCommand, pointRunArguments, sharedTrainings, sweepPoints, SWEEPS_FOLDER, type SweepPoint } from './plan';
import { arraySpec, checkSlurm } from './slurm/checks';
import { submitToSlurm } from './slurm/submit';
import { localShare } from './threads';

const RUNNER = join(PROJECT_ROOT, 'tools', 'run.ts');
/** Present on Linux (util-linux): children then die with the sweep even when it is killed outright. */
const SETPRIV = '/usr/bin/setpriv';

type PointStatus = 'pending' | 'running' | 'complete' | 'failed' | 'interrupted' | 'skipped';

interface PointRecord {
  readonly name: string;
  readonly settings: Readonly<Record<string, unknown>>;
  /** The point's run folder, under runs/. */
  readonly run: string;
  status: PointStatus;
  exit_status?: number;
  signal?: string;
  wall_time_s?: number;
}

export async function runSweep(argv: readonly string[], options: RunnerOptions): Promise<ExitCode> {
  const { preset, profile } = options.parameters;
  const stamp = `${runStamp()}-${preset}-${profile}`;
  const planned = sweepPoints(options, stamp); // every point checked before anything is made
  if (options.scheduler === 'slurm') checkSlurm(options.slurmOptions, arraySpec(planned.length, options.jobs));
  const { id, dir } = createSweepFolder(stamp);
  const points = sweepPoints(options, id);
  if (options.printCommands) {
    const commands = writeCommands(dir, argv, points);
    const manifest = writeKubernetesJob(dir, id, points.length, options.jobs);
    for (const command of commands) console.log(command);
    console.error(`[sweep] the ${commands.length} commands, one per line, are also in ${join(dir, SWEEP_COMMANDS)}; a Kubernetes Indexed Job that runs them: ${manifest}`);
    return EXIT.done;
  }
  if (options.scheduler === 'slurm') return submitToSlurm(argv, options, { id, dir }, points);
  const log = (line: string) => console.log(`[sweep] ${line}`);
  log(`${id}: ${points.length} points, ${describeAxes(options.sweeps)}; ${options.jobs} at a time; folder ${dir}`);
  for (const line of sharedTrainings(points, options.parameters.cache)) log(line);

  const records: PointRecord[] = points.map((point) => ({ name: point.name, settings: point.settings, run: point.runName, status: 'pending' }));
  const index = {
    id, command: ['npm', 'start', '--', ...argv], preset, profile, set: options.parameters.set, axes: options.sweeps, jobs: options.jobs,
    state: 'running' as 'running' | 'complete' | 'failed' | 'interrupted', started_at: new Date().toISOString(), ended_at: undefined as string | undefined,
    points: records,
  };
  let indexFailed = false;
  // The index is for reading the sweep afterwards: a failure to write it must not stop the runs.
  const save = () => {
    try {
      writeJson(join(dir, SWEEP_INDEX), index);
    } catch (error) {
      if (!indexFailed) log(`warning: could not write ${SWEEP_INDEX} (${(error as Error).message}); the points go on`);
      indexFailed = true;
    }
  };
  save();

  const queue = points.map((point, i) => ({ point, record: records[i]! }));
  const children = new Set<ChildProcess>();
  let interrupted: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) {
      children.forEach((child) => child.kill('SIGKILL'));
      return;
    }
    interrupted = signal;
    log(`${signal}: no further point starts; stopping the ${children.size} running (again to kill them at once)`);
    for (const { record } of queue.splice(0)) record.status = 'skipped';
    children.forEach((child) => child.kill('SIGTERM'));
    save();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const environment = localShare(options.jobs);
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const { point, record } = next;
      record.status = 'running';
      save();
      const started = Date.now();
      const ended = await runPoint(argv, point, environment, children);
      record.status = ended.code === 0 ? 'complete' : interrupted ? 'interrupted' : 'failed';
      if (ended.code !== null) record.exit_status = ended.code;
      if (ended.signal !== null) record.signal = ended.signal;
      record.wall_time_s = secondsSince(started);
      save();
      const how = ended.code === 0 ? '' : ` (${ended.signal ?? `exit status ${ended.code}`}; its log: runs/${point.runName}/run.log)`;
      log(`${point.name}: ${record.status} in ${record.wall_time_s} s${how}`);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.jobs, points.length) }, worker));
  } finally {
    // Reached with children still running only when this process itself failed: they must not outlive it.
    children.forEach((child) => child.kill('SIGTERM'));
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }

  const failed = records.filter((record) => record.status === 'failed');
  index.state = interrupted ? 'interrupted' : failed.length > 0 ? 'failed' : 'complete';
  index.ended_at = new Date().toISOString();
  save();
  const complete = records.filter((record) => record.status === 'complete').length;
  log(`${complete} of ${records.length} points complete; index ${join(dir, SWEEP_INDEX)}`);
  log(`compare them: npm run runs, or npm start -- --only 08 --compare ${SWEEPS_FOLDER}/${id} (notebook 08's charts against ${options.sweeps.map((axis) => axis.name).join(', ')})`);
  for (const record of records.filter((candidate) => candidate.status !== 'complete')) {
    log(`${record.status.toUpperCase()} ${record.name}: run it with ${pointCommand(argv, points.find((point) => point.name === record.name)!)}`);
  }
  if (interrupted) return EXIT.interrupted;
  return failed.length === 0 ? EXIT.done : EXIT.failed;
}

/** Runs one point's `npm start` as a child, its output prefixed with the point's name; resolves once its output is all read. */
function runPoint(
  argv: readonly string[],
  point: SweepPoint,
  env: NodeJS.ProcessEnv,
  children: Set<ChildProcess>,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  // tsx as a loader in one node process, which is the runner itself: a signal to it reaches the run, not a wrapper.
  const runner = [process.execPath, '--import', 'tsx', RUNNER, ...pointRunArguments(argv, point)];
  const [command, ...args] = existsSync(SETPRIV) ? [SETPRIV, '--pdeathsig', 'KILL', ...runner] : runner;
  const child = spawn(command!, args, { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => console.log(`[${point.name}] ${line}`));
  }
  return new Promise((resolve) => {
    child.on('error', (error) => {
      console.log(`[${point.name}] could not start the runner: ${error.message}`);
      children.delete(child);
      resolve({ code: EXIT.failed, signal: null });
    });
    child.on('close', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    });
  });
}
