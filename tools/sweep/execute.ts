// `npm start -- --sweep …`: every point of the grid a complete run, N at a time, each into its own folder under
// runs/sweeps/<id>/, with an index.json that says what ran and how it ended. A failing point does not stop the others.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { writeJson } from '../../lib/atomic-write';
import { PROJECT_ROOT, RUNS_DIR } from '../../lib/paths';
import { EXIT, type ExitCode } from '../command';
import type { RunnerOptions } from '../runner/args';
import { runStamp } from '../runner/run-folder';
import { describeAxes, pointCommand, pointRunArguments, sharedTrainings, sweepPoints, SWEEPS_FOLDER, type SweepPoint } from './plan';

export const SWEEP_INDEX = 'index.json';
const RUNNER = join(PROJECT_ROOT, 'tools', 'run.ts');

type PointStatus = 'pending' | 'running' | 'complete' | 'failed';

interface PointRecord {
  readonly name: string;
  readonly settings: Readonly<Record<string, unknown>>;
  /** The point's run folder, under runs/. */
  readonly run: string;
  status: PointStatus;
  exit_status?: number;
  wall_time_s?: number;
}

export async function runSweep(argv: readonly string[], options: RunnerOptions): Promise<ExitCode> {
  const { preset, profile } = options.parameters;
  const id = `${runStamp()}-${preset}-${profile}`;
  const points = sweepPoints(options, id);
  if (options.printCommands) {
    for (const point of points) console.log(pointCommand(argv, point));
    return EXIT.done;
  }
  const dir = join(RUNS_DIR, SWEEPS_FOLDER, id);
  const log = (line: string) => console.log(`[sweep] ${line}`);
  log(`${id}: ${points.length} points, ${describeAxes(options.sweeps)}; ${options.jobs} at a time; folder ${dir}`);
  for (const line of sharedTrainings(points)) log(line);

  const records: PointRecord[] = points.map((point) => ({ name: point.name, settings: point.settings, run: point.runName, status: 'pending' }));
  const index = { id, command: ['npm', 'start', '--', ...argv], preset, profile, set: options.parameters.set, axes: options.sweeps, jobs: options.jobs, started_at: new Date().toISOString(), points: records };
  const save = () => writeJson(join(dir, SWEEP_INDEX), index);
  save();

  // Each point gets its share of the cores for TensorFlow's intra-op threads, so N runs do not fight over all of them.
  const threads = Math.max(1, Math.floor(availableParallelism() / options.jobs));
  const queue = points.map((point, i) => ({ point, record: records[i]! }));
  const children = new Set<ReturnType<typeof spawn>>();
  const stop = () => children.forEach((child) => child.kill('SIGTERM'));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const { point, record } = next;
      record.status = 'running';
      save();
      const started = Date.now();
      const code = await runPoint(argv, point, options.jobs > 1 ? threads : undefined, children);
      record.status = code === 0 ? 'complete' : 'failed';
      record.exit_status = code;
      record.wall_time_s = Math.round((Date.now() - started) / 100) / 10;
      save();
      log(`${point.name}: ${record.status} in ${record.wall_time_s} s${code === 0 ? '' : ` (exit status ${code}; its log: runs/${point.runName}/run.log)`}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.jobs, points.length) }, worker));
  process.removeListener('SIGINT', stop);
  process.removeListener('SIGTERM', stop);

  const failed = records.filter((record) => record.status !== 'complete');
  log(`${records.length - failed.length} of ${records.length} points complete; index ${join(dir, SWEEP_INDEX)}`);
  for (const record of failed) log(`FAILED ${record.name}: rerun it with ${pointCommand(argv, points.find((point) => point.name === record.name)!)}`);
  return failed.length === 0 ? EXIT.done : EXIT.failed;
}

/** Runs one point's `npm start` as a child, its output prefixed with the point's name; resolves to its exit status. */
function runPoint(argv: readonly string[], point: SweepPoint, threads: number | undefined, children: Set<ReturnType<typeof spawn>>): Promise<number> {
  const env = threads === undefined ? process.env : { ...process.env, TF_NUM_INTRAOP_THREADS: String(threads), OMP_NUM_THREADS: String(threads) };
  // tsx as a loader in one node process, which is the runner itself: a signal to it reaches the run, not a wrapper.
  const child = spawn(process.execPath, ['--import', 'tsx', RUNNER, ...pointRunArguments(argv, point)], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => console.log(`[${point.name}] ${line}`));
  }
  return new Promise((resolve) => {
    child.on('error', (error) => {
      console.log(`[${point.name}] could not start the runner: ${error.message}`);
      resolve(EXIT.failed);
    });
    child.on('exit', (code, signal) => {
      children.delete(child);
      resolve(code ?? (signal ? EXIT.failed : EXIT.done));
    });
  });
}
