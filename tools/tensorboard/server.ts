// TensorBoard from the project's .venv over run folders, on loopback only: started by `npm run tensorboard` and by
// the browser suite, which both wait for it to answer before saying where it is.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ProjectError } from '../../lib/errors';
import { freePort } from '../ports';
import { VENV_DIR } from '../setup/python';

export const TENSORBOARD = join(VENV_DIR, 'bin', 'tensorboard');
/** TensorBoard's own default; another free port is taken when it is in use. */
const PREFERRED_PORT = 6006;
const READY_TIMEOUT_MS = 60_000;

export class TensorBoardError extends ProjectError {
  override name = 'TensorBoardError';
}

export interface RunningTensorBoard {
  readonly url: string;
  readonly process: ChildProcess;
  /** Stops the server and waits for it to exit. */
  readonly stop: () => Promise<void>;
}

/** Starts TensorBoard over `logdir` (run folders, or one of them) and resolves once its page answers. */
export async function startTensorBoard(logdir: string, options: { port?: number; quiet?: boolean } = {}): Promise<RunningTensorBoard> {
  const folder = resolve(logdir);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new TensorBoardError(`${folder} is not a folder. Give a run folder or the runs folder (the default), e.g. \`npm run tensorboard -- runs/latest\`.`);
  }
  if (!existsSync(TENSORBOARD)) throw new TensorBoardError(`${TENSORBOARD} does not exist. Run \`npm run setup\` to install TensorBoard into .venv.`);
  const port = options.port ?? (await freePort(PREFERRED_PORT));
  const url = `http://127.0.0.1:${port}/`;
  const child = spawn(TENSORBOARD, ['--logdir', folder, '--host', '127.0.0.1', '--port', String(port), '--reload_interval', '5'], {
    stdio: ['ignore', options.quiet ? 'ignore' : 'inherit', options.quiet ? 'pipe' : 'inherit'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new TensorBoardError(`TensorBoard exited with status ${child.exitCode} before it answered at ${url}.\n${stderr}`);
    if (await answers(url)) return { url, process: child, stop };
    await new Promise((wait) => setTimeout(wait, 250));
  }
  await stop();
  throw new TensorBoardError(`TensorBoard did not answer at ${url} within ${READY_TIMEOUT_MS / 1000} s.\n${stderr}`);
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}
