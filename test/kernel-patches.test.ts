// The kernel's fixes to tslab 1.0.22 (tools/kernel/): serialised zeromq sends and the queued compiler timers.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../lib/paths';
import { KernelPatchError, patchConverterSource } from '../tools/kernel/converter-timers.cjs';
import { checkKernelPatches } from '../tools/kernel/patches.cjs';
import { SERIALISED, serialiseSends } from '../tools/kernel/serial-send.cjs';

const TSLAB_DIR = join(PROJECT_ROOT, 'node_modules', 'tslab');
const CONVERTER_SOURCE = readFileSync(join(TSLAB_DIR, 'dist', 'converter.js'), 'utf8');
const TSLAB_VERSION = (JSON.parse(readFileSync(join(TSLAB_DIR, 'package.json'), 'utf8')) as { version: string }).version;

/** A zeromq-shaped module whose sockets behave as zeromq.js 6's: async sends, EBUSY while one is in flight. */
function busyZeromq(failOn?: string) {
  class Socket {
    readonly delivered: string[] = [];
    closed = false;
    inFlight = false;
    close(): void {
      this.closed = true;
    }
    send(message: string): Promise<void> {
      if (this.closed) return Promise.reject(new Error('Socket is closed'));
      if (this.inFlight) throw Object.assign(new Error('Socket is busy writing; only one send operation may be in progress at any time'), { code: 'EBUSY' });
      this.inFlight = true;
      return new Promise((resolve, reject) => setTimeout(() => {
        this.inFlight = false;
        if (message === failOn) return reject(new Error(`peer refused ${message}`));
        this.delivered.push(message);
        resolve();
      }, 1));
    }
  }
  class Publisher extends Socket {}
  return { Socket, Publisher };
}

describe('kernel fixes: one send at a time per socket', () => {
  it('the unpatched socket throws EBUSY on a second send in flight; the patched one delivers all, in order', async () => {
    const unpatched = new (busyZeromq().Publisher)();
    void unpatched.send('first');
    assert.throws(() => unpatched.send('second'), /Socket is busy writing/);

    const zeromq = busyZeromq();
    assert.equal(serialiseSends(zeromq, () => assert.fail('nothing should fail')), true);
    const sockets = [new zeromq.Publisher(), new zeromq.Publisher()];
    const messages = Array.from({ length: 50 }, (_, i) => `message ${i}`);
    await Promise.all(sockets.flatMap((socket) => messages.map((message) => socket.send(message))));
    for (const socket of sockets) assert.deepEqual(socket.delivered, messages);
  });

  it('a send that fails is reported, resolves, and does not hold up the next', async () => {
    const zeromq = busyZeromq('bad');
    const reports: string[] = [];
    serialiseSends(zeromq, (error) => reports.push((error as Error).message));
    const socket = new zeromq.Publisher();
    await Promise.all(['a', 'bad', 'c'].map((message) => socket.send(message)));
    assert.deepEqual(socket.delivered, ['a', 'c']);
    assert.deepEqual(reports, ['peer refused bad']);
  });

  it('an idle socket starts a send at once; close waits for the queued ones, so a shutdown loses none', async () => {
    const zeromq = busyZeromq();
    const reports: unknown[] = [];
    serialiseSends(zeromq, (error) => reports.push(error));
    const socket = new zeromq.Publisher();
    const sends = [socket.send('reply')];
    assert.equal(socket.inFlight, true, 'the first send did not start synchronously');
    sends.push(socket.send('status: idle'));
    socket.close();
    assert.equal(socket.closed, false);
    await Promise.all(sends);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(socket.closed, true);
    assert.deepEqual(socket.delivered, ['reply', 'status: idle']);
    assert.deepEqual(reports, []);
  });

  it('installs once', () => {
    const zeromq = busyZeromq();
    assert.equal(serialiseSends(zeromq, () => undefined), true);
    const wrapped = zeromq.Socket.prototype.send;
    assert.equal(serialiseSends(zeromq, () => undefined), false);
    assert.equal(zeromq.Socket.prototype.send, wrapped);
  });

  it('real zeromq 6: a burst of large un-awaited sends throws EBUSY unpatched, and goes through patched', async function () {
    this.timeout(30_000);
    const zmq = require(require.resolve('zeromq', { paths: [TSLAB_DIR] })) as typeof import('zeromq');
    const payload = Buffer.alloc(400_000, 1);
    const burst = async (): Promise<{ thrown: number; settled: number }> => {
      const publisher = new zmq.Publisher();
      await publisher.bind('tcp://127.0.0.1:*');
      const sent: Promise<void>[] = [];
      let thrown = 0;
      for (let i = 0; i < 2000; i++) {
        try {
          sent.push(publisher.send([payload]));
        } catch {
          thrown += 1;
        }
      }
      const settled = (await Promise.allSettled(sent)).filter((outcome) => outcome.status === 'fulfilled').length;
      publisher.close();
      return { thrown, settled };
    };
    const unpatched = await burst();
    assert.ok(unpatched.thrown > 0, 'the unpatched burst never hit EBUSY: the reproduction does not reproduce');
    // The patch is undone afterwards, so no other test in this process sends through it.
    const socketSend = Object.getOwnPropertyDescriptor(zmq.Socket.prototype, 'send')!;
    const socketTypes = (Object.values(zmq) as unknown[]).filter((value): value is { prototype: object } => typeof value === 'function' && value.prototype instanceof zmq.Socket);
    const reports: unknown[] = [];
    try {
      serialiseSends(zmq as unknown as Parameters<typeof serialiseSends>[0], (error) => reports.push(error));
      assert.deepEqual(await burst(), { thrown: 0, settled: 2000 });
      assert.deepEqual(reports, []);
    } finally {
      Object.defineProperty(zmq.Socket.prototype, 'send', socketSend);
      delete (zmq.Socket.prototype as unknown as Record<symbol, unknown>)[SERIALISED];
      for (const type of socketTypes) delete (type.prototype as Record<string, unknown>)['close'];
    }
  });
});

describe("kernel fixes: tslab's compiler timers", () => {
  it('rewrites the installed converter.js: no single-timer check left, queued timers run where it ran its one', () => {
    const patched = patchConverterSource(CONVERTER_SOURCE, TSLAB_VERSION);
    assert.doesNotMatch(patched, /Unexpected pending rebuildTimer|rebuildTimer/);
    assert.equal(patched.split('runPendingTimers();').length - 1, 2);
    assert.match(patched, /changedAfterLoad\.add\(fileName\)/);
    assert.doesNotThrow(() => new Function('exports', 'require', 'module', '__filename', '__dirname', patched));
  });

  it('refuses a tslab version it does not know, naming it', () => {
    assert.throws(() => patchConverterSource(CONVERTER_SOURCE, '1.0.23'), (error: Error) =>
      error instanceof KernelPatchError && /tslab 1\.0\.23 is installed; .* knows tslab 1\.0\.22/.test(error.message));
  });

  it('refuses a converter.js whose code differs, naming the part it could not find', () => {
    const altered = CONVERTER_SOURCE.replace('sideInputsConverted.delete(fileName);', 'sideInputsConverted.clear();');
    assert.throws(() => patchConverterSource(altered, TSLAB_VERSION), /contains the file watcher callback 0 times, expected 1/);
  });

  it('setup check: the fixes apply to the installed tslab and zeromq', () => {
    assert.match(checkKernelPatches(), /^tslab 1\.0\.22 and zeromq 6\.\d+\.\d+: kernel fixes apply$/);
  });
});
