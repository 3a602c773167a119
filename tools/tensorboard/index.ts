// `npm run tensorboard [-- <folder>] [--port N]`: TensorBoard over the run folders (runs/ by default), until Ctrl-C.
// Every training writes <run folder>/tensorboard/<model>/{train,validation}; TensorBoard lists each as a run.
import { RUNS_DIR } from '../../lib/paths';
import { ConfigError } from '../../lib/errors';
import { EXIT, runCommand } from '../command';
import { startTensorBoard } from './server';

const USAGE = 'usage: npm run tensorboard -- [<folder>] [--port N]';

function parse(argv: readonly string[]): { folder: string; port?: number } {
  let folder: string | undefined;
  let port: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i]!;
    if (argument === '--port') {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 1 || value > 65_535) throw new ConfigError('--port', argv[i], `a port number from 1 to 65535 (${USAGE})`);
      port = value;
    } else if (argument.startsWith('-')) {
      throw new ConfigError('option', argument, `--port, or a folder (${USAGE})`);
    } else if (folder === undefined) {
      folder = argument;
    } else {
      throw new ConfigError('folder', argument, `one folder at most; ${folder} was given already (${USAGE})`);
    }
  }
  return { folder: folder ?? RUNS_DIR, ...(port === undefined ? {} : { port }) };
}

runCommand(async (argv) => {
  const { folder, port } = parse(argv);
  const server = await startTensorBoard(folder, port === undefined ? {} : { port });
  console.log(`TensorBoard on ${folder} at ${server.url} (loopback only; Ctrl-C to stop)`);
  let stopped = false;
  const stop = () => {
    stopped = true;
    void server.stop();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const code = await new Promise<number | null>((done) => server.process.once('exit', (exitCode) => done(exitCode)));
  if (stopped || code === 0) return EXIT.done;
  console.error(`TensorBoard exited with status ${code} on its own; its messages are above.`);
  return EXIT.failed;
});
