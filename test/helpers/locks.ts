// Lock folders as lib/model-cache/lock.ts writes them, for tests that need one left by a process or host gone.
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes a lock at `path` held by `pid` on `host`, its heartbeat last refreshed `heartbeatAgeMs` ago. */
export function writeLock(path: string, host: string, pid: number, heartbeatAgeMs: number, nonce = 'f00dfeedf00dfeed'): void {
  mkdirSync(path, { recursive: true });
  const owner = join(path, 'owner.json');
  writeFileSync(owner, JSON.stringify({ host, pid, started_at: 'then', nonce }));
  const then = new Date(Date.now() - heartbeatAgeMs);
  utimesSync(owner, then, then);
}
