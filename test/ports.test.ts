// freePort: the preferred port when it is free, another loopback port when something listens there.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { ConfigError } from '../lib/errors';
import { freePort } from '../tools/ports';

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

describe('freePort', () => {
  it('gives a port that a server can then bind on 127.0.0.1', async () => {
    const port = await freePort();
    const server = await listen(port);
    server.close();
  });

  it('gives the preferred port while it is free, and another free port while something listens there', async () => {
    const preferred = await freePort();
    assert.equal(await freePort(preferred), preferred);
    const holder = await listen(preferred);
    try {
      const other = await freePort(preferred);
      assert.notEqual(other, preferred);
      (await listen(other)).close();
    } finally {
      holder.close();
    }
  });

  it('refuses a preferred port no socket can have, naming it', async () => {
    await assert.rejects(freePort(70_000), (error: Error) => error instanceof ConfigError && /port = 70000 .*an integer from 1 to 65535/.test(error.message));
  });
});
