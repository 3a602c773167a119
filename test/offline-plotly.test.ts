// The live dashboard's page without internet: nodeplotlib's page rewritten to load plotly from node_modules, and the
// middleware that serves it. The page in Chromium with the network cut off is checked by `npm run test:e2e`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DisplayEnvironmentError } from '../lib/errors';
import { PROJECT_ROOT } from '../lib/paths';
import { NODEPLOTLIB_PAGE, offlinePage, PLOTLY_ROUTE, serveOffline } from '../tools/runner/offline-plotly';

const PINNED_PLOTLY = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> })
  .dependencies['plotly.js-dist-min'];

describe('offline plotly for the live dashboard', () => {
  const original = readFileSync(NODEPLOTLIB_PAGE, 'utf8');

  it("nodeplotlib's own page loads plotly from a CDN (what this works around)", () => {
    assert.match(original, /<script[^>]*src="https:\/\/cdn\.plot\.ly\/plotly-[\d.]+\.min\.js"/);
  });

  it('the rewritten page loads plotly from the local route, its own scripts, and no URL with a host', () => {
    const page = offlinePage(original);
    const sources = [...page.matchAll(/<script[^>]*\bsrc="([^"]*)"/g)].map((match) => match[1]);
    assert.deepEqual(sources, [PLOTLY_ROUTE, 'runtime.js', 'polyfills.js', 'main.js']);
    assert.doesNotMatch(page, /https?:|\/\/[a-z]/i);
    // plotly defines window.Plotly before the app that calls it: both deferred, in document order.
    assert.match(page, new RegExp(`src="${PLOTLY_ROUTE}" defer`));
  });

  it('refuses a page it cannot make local, naming the nodeplotlib version it knows', () => {
    assert.throws(() => offlinePage('<html><script src="main.js"></script></html>'), (error: Error) => {
      assert.ok(error instanceof DisplayEnvironmentError);
      assert.match(error.message, /cdn\.plot\.ly.*nodeplotlib 1\.1\.2/);
      return true;
    });
    const withFontLink = original.replace('</head>', '<link rel="stylesheet" href="https://fonts.googleapis.com/css"></head>');
    assert.throws(() => offlinePage(withFontLink), /still loads href="https:\/\/fonts\.googleapis\.com\/css"/);
  });

  describe('the middleware', () => {
    let server: Server;
    let base: string;

    before(async () => {
      const handler = serveOffline('<p>the page</p>');
      server = createServer((request, response) =>
        handler(request, response, () => {
          response.writeHead(404);
          response.end('next');
        }),
      );
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('answers the page wherever nodeplotlib would answer its own: /, /index.html, and paths of its app such as /plots', async () => {
      for (const path of ['/', '/index.html', '/?x=1', '/plots', '/tutorial']) {
        const response = await fetch(`${base}${path}`);
        assert.equal(response.status, 200, path);
        assert.match(response.headers.get('content-type') ?? '', /text\/html/);
        assert.equal(await response.text(), '<p>the page</p>');
      }
    });

    it(`answers plotly ${PINNED_PLOTLY} (package.json's exact pin) at ${PLOTLY_ROUTE}`, async () => {
      const response = await fetch(`${base}${PLOTLY_ROUTE}`);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /javascript/);
      const body = await response.text();
      assert.equal(Number(response.headers.get('content-length')), Buffer.byteLength(body));
      assert.ok(body.slice(0, 200).includes(`plotly.js v${PINNED_PLOTLY}`), body.slice(0, 200));
      assert.match(body.slice(-200), /window\.Plotly = Plotly/);
    });

    it("hands nodeplotlib's own files, and anything but GET and HEAD, on to its server", async () => {
      for (const path of ['/main.js', '/styles.css', '/assets/plotly.svg', '/%E0%A4%A']) {
        assert.equal((await fetch(`${base}${path}`)).status, 404, path);
      }
      assert.equal((await fetch(`${base}/`, { method: 'POST', body: 'x' })).status, 404);
    });
  });
});
