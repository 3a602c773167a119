// Free loopback ports for the servers the tools start and wait for: JupyterLab for the browser test, TensorBoard.
import { createServer } from 'node:net';
import { ConfigError, ProjectError } from '../lib/errors';

const LOOPBACK = '127.0.0.1';
const MAX_PORT = 65_535;

/** The operating system had no loopback port to give. */
export class PortError extends ProjectError {
  override name = 'PortError';
}

/**
 * `preferred` when nothing listens there, otherwise any free port on 127.0.0.1. The port is released before it is
 * returned, so the server that takes it can bind it.
 * @param preferred @default undefined — any free port; a tool's customary port (TensorBoard's 6006) keeps its URL familiar
 */
export async function freePort(preferred?: number): Promise<number> {
  if (preferred !== undefined && !(Number.isInteger(preferred) && preferred >= 1 && preferred <= MAX_PORT)) {
    throw new ConfigError('port', preferred, `an integer from 1 to ${MAX_PORT}, or none to take any free port`);
  }
  const port = (preferred === undefined ? undefined : await tryPort(preferred)) ?? (await tryPort(0));
  if (port === undefined) {
    throw new PortError(`the operating system gave no free port on ${LOOPBACK}${preferred === undefined ? '' : ` (${preferred} is taken too)`}. Stop servers you no longer need and try again.`);
  }
  return port;
}

/** Binds `port` (0: any) on loopback and lets it go: the port bound, or undefined when it could not bind. */
function tryPort(port: number): Promise<number | undefined> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(undefined));
    server.listen(port, LOOPBACK, () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : undefined));
    });
  });
}
