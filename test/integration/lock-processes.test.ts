// The model cache's lock between real processes: takeovers race, heartbeats keep a holder, other hosts' locks.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { withLock } from '../../lib/model-cache/lock';
import { PROJECT_ROOT } from '../../lib/paths';
import { temporaryDir } from '../helpers/idx-files';
import { writeLock } from '../helpers/locks';
import { endedPid } from '../helpers/run-folders';

describe('withLock, between processes', function () {
  this.timeout(60_000);
  let dir: string;
  let lock: string;
  let log: string;
  beforeEach(() => {
    dir = temporaryDir();
    lock = join(dir, 'entry.lock');
    log = join(dir, 'holders.log');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  type Worker = { pid: number; events: Array<Record<string, string>> };

  /**
   * Runs one lock-worker.ts process that starts at `startAt` and holds the lock for `hold` ms, or until the file
   * `hold` exists; what it printed. `printed` receives its output as it comes.
   */
  function worker(hold: number | string, startAt: number, printed: string[] = []): Promise<Worker> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'helpers', 'lock-worker.ts'), lock, log, String(hold), String(startAt)], { cwd: PROJECT_ROOT });
      child.stdout.on('data', (chunk) => printed.push(String(chunk)));
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk) => (out += chunk));
      child.stderr.on('data', (chunk) => (err += chunk));
      child.on('error', reject);
      child.on('close', (code) => {
        if (code !== 0) reject(new Error(`lock worker exited with ${code}: ${err}`));
        else resolve({ pid: child.pid!, events: out.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, string>) });
      });
    });
  }

  /** `count` workers that start together, once every one of them has loaded. */
  function racing(count: number, holdMs: number): Promise<Worker[]> {
    const startAt = Date.now() + 3000;
    return Promise.all(Array.from({ length: count }, () => worker(holdMs, startAt)));
  }

  /** The holders' enter/leave lines, checked to never overlap: enter p, leave p, enter q, leave q, ... */
  function holdersInOrder(): number[] {
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    const holders: number[] = [];
    for (let i = 0; i < lines.length; i += 2) {
      const [enter, leave] = [lines[i]!, lines[i + 1]];
      assert.match(enter, /^enter \d+$/, `holders overlap:\n${lines.join('\n')}`);
      assert.equal(leave, `leave ${enter.slice('enter '.length)}`, `holders overlap:\n${lines.join('\n')}`);
      holders.push(Number(enter.slice('enter '.length)));
    }
    return holders;
  }

  it('several processes race to take over a stale lock from another host: one at a time, each once', async () => {
    writeLock(lock, 'elsewhere.example', 4242, 3_600_000);
    const results = await racing(5, 100);
    assert.deepEqual(holdersInOrder().sort(), results.map((r) => r.pid).sort());
    const takeOvers = results.flatMap((r) => r.events).filter((e) => e.tookOver !== undefined);
    assert.equal(takeOvers.length, 1, JSON.stringify(takeOvers));
    assert.match(takeOvers[0]!.tookOver!, /^process 4242 on elsewhere\.example/);
    assert.match(takeOvers[0]!.reason!, /its heartbeat has not moved for \d+ s/);
    const waits = results.flatMap((r) => r.events).map((e) => e.waited).filter((w): w is string => w !== undefined);
    assert.ok(waits.some((w) => w.startsWith(`process 4242 on elsewhere.example (lock file ${join(lock, 'owner.json')}, taken then, heartbeat 36`)), waits.join('\n'));
  });

  it('several processes race to take over a lock whose process ended: one at a time, each once', async () => {
    writeLock(lock, hostname(), endedPid(), 0);
    const results = await racing(6, 20);
    assert.deepEqual(holdersInOrder().sort(), results.map((r) => r.pid).sort());
    assert.equal(results.flatMap((r) => r.events).filter((e) => e.tookOver !== undefined).length, 1);
  });

  it('a holder whose heartbeat lives is waited for, however long it holds the lock', async () => {
    const released = join(dir, 'release');
    const until = async (condition: () => boolean) => {
      while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
    };
    const holding = worker(released, 0);
    await until(() => existsSync(log));
    const printed: string[] = [];
    const waiting = worker(0, 0, printed);
    await until(() => printed.join('').includes('waited'));
    await new Promise((resolve) => setTimeout(resolve, 4500)); // three times the workers' staleAfterMs
    writeFileSync(released, '');
    const [holder, waiter] = await Promise.all([holding, waiting]);
    assert.deepEqual(holdersInOrder(), [holder!.pid, waiter!.pid]);
    assert.deepEqual(waiter!.events.map((e) => Object.keys(e)[0]), ['waited']);
    assert.match(waiter!.events[0]!.waited!, new RegExp(`^process ${holder!.pid} on ${hostname()} \\(lock file ${join(lock, 'owner.json')}, taken .*, heartbeat [01] s ago\\)$`));
  });
});
