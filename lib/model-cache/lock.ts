// One training per cache entry at a time. Two runs that miss the cache for the same model at once (a sweep's points
// with --jobs 2, two terminals) would both train it, and their saves into one folder would undo each other's files;
// the second one waits for the first instead, then loads what it stored.
import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { processExists } from '../run/processes';

interface LockOwner {
  readonly host: string;
  readonly pid: number;
  readonly started_at: string;
}

/** A training takes minutes: checking every 2 s costs nothing and loses little. */
const POLL_MS = 2000;

/**
 * Runs `body` holding the lock file `path`, after waiting for whoever holds it. A lock left by a process of this host
 * that no longer runs is taken over; one from another host (a shared runs/ folder) is waited for, since its process
 * cannot be looked up from here.
 */
export async function withLock<T>(path: string, onWait: (owner: string) => void, body: () => Promise<T>, pollMs = POLL_MS): Promise<T> {
  mkdirSync(dirname(path), { recursive: true });
  let waiting = false;
  for (;;) {
    if (tryCreate(path)) break;
    const owner = readOwner(path);
    if (owner && owner.host === hostname() && !processExists(owner.pid)) {
      rmSync(path, { force: true });
      continue;
    }
    if (!waiting) onWait(owner ? `process ${owner.pid} on ${owner.host}, since ${owner.started_at}` : 'another process');
    waiting = true;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  try {
    return await body();
  } finally {
    rmSync(path, { force: true });
  }
}

function tryCreate(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, JSON.stringify({ host: hostname(), pid: process.pid, started_at: new Date().toISOString() } satisfies LockOwner));
  } finally {
    closeSync(fd);
  }
  return true;
}

/** The lock's owner, or undefined while its creator has not written it yet (or wrote something else). */
function readOwner(path: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    return typeof owner.host === 'string' && typeof owner.pid === 'number' ? (owner as LockOwner) : undefined;
  } catch {
    return undefined;
  }
}
