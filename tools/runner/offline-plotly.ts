// nodeplotlib's page loads plotly from cdn.plot.ly and its fonts from fonts.gstatic.com, so without internet it
// stays blank. Here nodeplotlib's own server answers that page with plotly from the plotly.js-dist-min package and
// no remote fonts. The patch happens at run time, around plot(): node_modules stays as `npm ci` installs it.
import { createReadStream, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { plot } from 'nodeplotlib';
import { DisplayEnvironmentError } from '../../lib/errors';

/** Where the page loads plotly from: a path that nodeplotlib's own web folder does not use. */
export const PLOTLY_ROUTE = '/local/plotly.min.js';
const NODEPLOTLIB_DIR = dirname(require.resolve('nodeplotlib/package.json'));
const NODEPLOTLIB_WEB = join(NODEPLOTLIB_DIR, 'src/lib/server/web');
export const NODEPLOTLIB_PAGE = join(NODEPLOTLIB_WEB, 'index.html');
const PLOTLY_FILE = require.resolve('plotly.js-dist-min/plotly.min.js');
/** nodeplotlib 1.1.2: `<script type="text/javascript" src="https://cdn.plot.ly/plotly-1.58.4.min.js" defer></script>`. */
const CDN_SCRIPT = /<script\b[^>]*\bsrc="https:\/\/cdn\.plot\.ly\/[^"]*"[^>]*><\/script>/;
/**
 * Google's font CSS, which the page's build inlined: Roboto falls back to the page's own Helvetica Neue or
 * sans-serif, and the toolbar's one Material icon shows the start of its name ("tip") instead.
 */
const REMOTE_FONT_FACE = /@font-face\{[^}]*url\(https?:[^}]*\}/g;
const PRECONNECT = /<link rel="preconnect"[^>]*>/g;
const REMOTE_REFERENCE = /(?:src|href)="(?:https?:)?\/\/[^"]*"|url\((?:https?:)?\/\/[^)]*\)/;

type Handler = (request: IncomingMessage, response: ServerResponse, next: () => void) => void;

function nodeplotlibVersion(): string {
  return (JSON.parse(readFileSync(join(NODEPLOTLIB_DIR, 'package.json'), 'utf8')) as { version: string }).version;
}

/** nodeplotlib's server answers its page for every GET that is not one of its files (its app navigates to /plots). */
function isNodeplotlibFile(path: string): boolean {
  try {
    const file = join(NODEPLOTLIB_WEB, decodeURIComponent(path));
    return file !== NODEPLOTLIB_PAGE && statSync(file, { throwIfNoEntry: false })?.isFile() === true;
  } catch {
    // A malformed escape: nodeplotlib's static files answer (and refuse) it.
    return true;
  }
}

/** nodeplotlib's page with plotly loaded from PLOTLY_ROUTE and nothing loaded from elsewhere. */
export function offlinePage(html: string): string {
  if (!CDN_SCRIPT.test(html)) {
    throw new DisplayEnvironmentError(
      `nodeplotlib ${nodeplotlibVersion()}'s page (${NODEPLOTLIB_PAGE}) has no <script src="https://cdn.plot.ly/…"> to ` +
        'serve plotly locally in its place; tools/runner/offline-plotly.ts knows nodeplotlib 1.1.2 (the one in package-lock.json).',
    );
  }
  const page = html
    .replace(CDN_SCRIPT, `<script type="text/javascript" src="${PLOTLY_ROUTE}" defer></script>`)
    .replace(REMOTE_FONT_FACE, '')
    .replace(PRECONNECT, '');
  const remote = REMOTE_REFERENCE.exec(page);
  if (remote) {
    throw new DisplayEnvironmentError(
      `nodeplotlib ${nodeplotlibVersion()}'s page (${NODEPLOTLIB_PAGE}) still loads ${remote[0]} from the network ` +
        'after plotly and the fonts were made local; tools/runner/offline-plotly.ts knows nodeplotlib 1.1.2.',
    );
  }
  return page;
}

/** Express-style middleware that answers the page and plotly, and hands nodeplotlib's other files on to its server. */
export function serveOffline(page: string): Handler {
  const plotlyBytes = statSync(PLOTLY_FILE).size;
  return (request, response, next) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (request.method !== 'GET' && request.method !== 'HEAD') next();
    else if (path === PLOTLY_ROUTE) {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'content-length': plotlyBytes });
      if (request.method === 'HEAD') response.end();
      else createReadStream(PLOTLY_FILE).pipe(response);
    } else if (isNodeplotlibFile(path)) next();
    else {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
      response.end(page);
    }
  };
}

interface NestApp {
  use(handler: Handler): unknown;
  getHttpServer(): Server;
  get<T>(type: new (...args: never[]) => T): T;
}

/**
 * nodeplotlib shuts its server down when its last open page disconnects, and a page reload is such a disconnect: the
 * dashboard would be gone for good after one. Its gateway's handleDisconnect does that; Nest binds the handler when
 * the app starts listening, so replacing it on the instance right after creation keeps the server up until the
 * runner ends, as the README promises.
 */
function stayUpWhenPagesClose(app: NestApp): void {
  const { PlotsGateway } = require('nodeplotlib/src/lib/server/plots/plots.gateway') as {
    PlotsGateway: new (...args: never[]) => { clientMap: Map<unknown, number>; handleDisconnect: (client: unknown) => void };
  };
  const gateway = app.get(PlotsGateway);
  gateway.handleDisconnect = (client) => void gateway.clientMap.delete(client);
}
type NestCreate = (this: unknown, ...args: unknown[]) => Promise<NestApp>;

/**
 * nodeplotlib's plot(), its server answering the page offline; resolves to the page's address once the server
 * listens. nodeplotlib creates its Nest app inside the first plot() of a process, so that call is the one to patch;
 * the middleware goes in before Nest serves nodeplotlib's static files, so it answers first.
 */
export function plotOffline(...args: Parameters<typeof plot>): Promise<string> {
  const page = offlinePage(readFileSync(NODEPLOTLIB_PAGE, 'utf8'));
  // The NestFactory that nodeplotlib itself requires, whichever copy of @nestjs/core that is.
  const factory = (createRequire(NODEPLOTLIB_PAGE)('@nestjs/core') as { NestFactory: { create: NestCreate } }).NestFactory;
  const create = factory.create;
  let patched = false;
  const address = new Promise<string>((resolve, reject) => {
    factory.create = async function (...createArgs) {
      patched = true;
      try {
        const app = await create.apply(this, createArgs);
        app.use(serveOffline(page));
        stayUpWhenPagesClose(app);
        const server = app.getHttpServer();
        server.once('error', reject);
        server.once('listening', () => resolve(`http://localhost:${(server.address() as AddressInfo).port}`));
        return app;
      } catch (error) {
        reject(error);
        throw error;
      }
    };
  });
  try {
    plot(...args);
  } finally {
    factory.create = create;
  }
  if (!patched) {
    throw new DisplayEnvironmentError(
      `nodeplotlib ${nodeplotlibVersion()} did not create its server inside plot() (a second dashboard in one process, ` +
        'or a nodeplotlib other than 1.1.2, the one in package-lock.json): its page would load plotly from the internet.',
    );
  }
  return address;
}
