// One training per cache entry at a time. Two runs that miss the cache for the same model at once (a sweep's points
// with --jobs 2, two terminals, two hosts sharing runs/) would both train it; the second one waits for the first
// instead, then loads what it stored.
//
// A lock is a folder holding owner.json, and it changes hands only by rename, which is atomic and never replaces a
// folder that has content. It comes into being complete (written aside, then renamed into place), and it leaves
// only by being renamed to a tomb named after its nonce, whether its holder releases it or a waiter takes it over.
// Renaming `path` to the tomb of nonce N therefore succeeds only while N's lock is still at `path`: a second waiter
// that judged N stale finds N's tomb taken and cannot move the lock that replaced it.
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fstatSync, futimesSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { processExists } from '../run/processes';

const OWNER_FILE = 'owner.json';
/** A training takes minutes: checking every 2 s costs nothing and loses little. */
const POLL_MS = 2000;
const HEARTBEAT_MS = 10_000;
/** Twelve missed heartbeats: a holder busy in one long synchronous step (loading the dataset) is not taken for dead. */
const STALE_AFTER_MS = 120_000;
/** Beside the locks: where released and taken-over locks rest until no waiter can still be judging them. */
const TOMBS_DIR = '.released-locks';
/** A waiter acts on its judgment within milliseconds; an hour covers a process suspended in between. */
const TOMB_KEEP_MS = 3_600_000;
/** rename() onto a folder that has content. */
const HELD = new Set(['ENOTEMPTY', 'EEXIST', 'ENOTDIR']);

interface LockOwner {
  readonly host: string;
  readonly pid: number;
  readonly started_at: string;
  readonly nonce: string;
}

export interface LockOptions {
  /** How often a waiter looks again. @default POLL_MS (2 s) */
  readonly pollMs?: number;
  /** How often the holder refreshes its heartbeat (owner.json's mtime). @default HEARTBEAT_MS (10 s) */
  readonly heartbeatMs?: number;
  /**
   * A lock whose heartbeat has not moved for this long, as the waiter's own clock measures it, is stale on any host.
   * Judged by watching, not by comparing clocks, since hosts sharing the folder may disagree on the time.
   * @default STALE_AFTER_MS (2 min)
   */
  readonly staleAfterMs?: number;
  /** Told once, when the lock is found held: who holds it, its file and its heartbeat's age. */
  readonly onWait?: (holder: string) => void;
  /** Told when a stale lock is taken over, with why it was judged stale. */
  readonly onTakeOver?: (holder: string, reason: string) => void;
}

/** Runs `body` holding the lock folder `path`, after waiting for whoever holds it or taking over a stale lock. */
export async function withLock<T>(path: string, body: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const owner: LockOwner = { host: hostname(), pid: process.pid, started_at: new Date().toISOString(), nonce: randomBytes(8).toString('hex') };
  const fd = await acquire(path, owner, options);
  const heartbeat = setInterval(() => touch(fd), options.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref();
  try {
    return await body();
  } finally {
    clearInterval(heartbeat);
    closeSync(fd);
    release(path, owner.nonce);
  }
}

async function acquire(path: string, owner: LockOwner, options: LockOptions): Promise<number> {
  const staleAfterMs = options.staleAfterMs ?? STALE_AFTER_MS;
  mkdirSync(join(dirname(path), TOMBS_DIR), { recursive: true });
  let watched: { nonce: string; mtimeMs: number; since: number } | undefined;
  let told = false;
  for (;;) {
    const fd = tryCreate(path, owner);
    if (fd !== undefined) return fd;
    const seen = inspect(path);
    if (seen === undefined && !existsSync(path)) continue; // released between our two looks
    if (seen !== undefined) {
      if (watched?.nonce !== seen.owner.nonce || watched.mtimeMs !== seen.mtimeMs) watched = { nonce: seen.owner.nonce, mtimeMs: seen.mtimeMs, since: Date.now() };
      const still = Date.now() - watched.since;
      const reason = seen.owner.host === hostname() && !processExists(seen.owner.pid)
        ? 'its process has ended'
        : still >= staleAfterMs ? `its heartbeat has not moved for ${seconds(still)} s` : undefined;
      if (reason !== undefined && takeOver(path, seen.owner.nonce)) {
        options.onTakeOver?.(describe(path, seen), reason);
        continue;
      }
    }
    const unknown = `an unknown process (lock ${path} has no ${OWNER_FILE} this version can read, perhaps an older version's lock file; delete it if no process holds it)`;
    if (!told) options.onWait?.(seen === undefined ? unknown : describe(path, seen));
    told = true;
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? POLL_MS));
  }
}

/** Writes owner.json into a fresh folder beside `path` and renames it into place; the open owner file, or undefined if held. */
function tryCreate(path: string, owner: LockOwner): number | undefined {
  const fresh = `${path}.${owner.nonce}.new`;
  mkdirSync(fresh);
  const fd = openSync(join(fresh, OWNER_FILE), 'wx');
  try {
    writeSync(fd, JSON.stringify(owner));
    renameSync(fresh, path);
    return fd;
  } catch (error) {
    closeSync(fd);
    rmSync(fresh, { recursive: true, force: true });
    if (HELD.has((error as NodeJS.ErrnoException).code ?? '')) return undefined;
    throw error;
  }
}

/** The holder of `path` and its heartbeat, read through one descriptor so both belong to the same lock. */
function inspect(path: string): { owner: LockOwner; mtimeMs: number } | undefined {
  let fd: number;
  try {
    fd = openSync(join(path, OWNER_FILE), 'r');
  } catch {
    return undefined;
  }
  try {
    const owner = JSON.parse(readFileSync(fd, 'utf8')) as Partial<LockOwner>;
    const valid = typeof owner.host === 'string' && typeof owner.pid === 'number' && typeof owner.nonce === 'string';
    return valid ? { owner: owner as LockOwner, mtimeMs: fstatSync(fd).mtimeMs } : undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

function describe(path: string, { owner, mtimeMs }: { owner: LockOwner; mtimeMs: number }): string {
  return `process ${owner.pid} on ${owner.host} (lock file ${join(path, OWNER_FILE)}, taken ${owner.started_at}, heartbeat ${seconds(Date.now() - mtimeMs)} s ago)`;
}

function tombOf(path: string, nonce: string): string {
  return join(dirname(path), TOMBS_DIR, `${basename(path)}.${nonce}`);
}

/** Moves the lock of `nonce` to its tomb; false when that lock is no longer at `path`. */
function takeOver(path: string, nonce: string): boolean {
  const tomb = tombOf(path, nonce);
  try {
    renameSync(path, tomb);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'ENOENT' || HELD.has(code)) return false;
    throw error;
  }
  const now = new Date();
  utimesSync(tomb, now, now); // a tomb's age counts from its lock's removal
  const moved = inspect(tomb);
  // Gone already: swept by a release in this instant, which only sweeps a tomb whose heartbeat is old, a dead lock.
  if (moved === undefined || moved.owner.nonce === nonce) return true;
  // Only once the tomb of `nonce` has been swept can another lock have been moved here: put it back, never over a third.
  try {
    renameSync(tomb, path);
  } catch (error) {
    if (!HELD.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
  }
  return false;
}

/** Retires our lock, unless a waiter took it over (then its tomb exists and the rename fails), and sweeps old tombs. */
function release(path: string, nonce: string): void {
  const tomb = tombOf(path, nonce);
  try {
    renameSync(path, tomb);
    const now = new Date();
    utimesSync(tomb, now, now);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code !== 'ENOENT' && !HELD.has(code)) throw error;
  }
  const tombs = dirname(tomb);
  for (const name of readdirSync(tombs)) {
    const old = join(tombs, name);
    // The later of the tomb's removal time and its lock's last heartbeat: a live lock just moved here is never old.
    const restingSince = Math.max(...[old, join(old, OWNER_FILE)].map((file) => statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()));
    if (Date.now() - restingSince > TOMB_KEEP_MS) rmSync(old, { recursive: true, force: true });
  }
}

function touch(fd: number): void {
  const now = new Date();
  try {
    futimesSync(fd, now, now);
  } catch {
    // A missed beat (a shared filesystem's hiccup) only brings the lock's staleness nearer; the next one retries.
  }
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(0);
}
