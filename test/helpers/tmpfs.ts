// Tiny tmpfs mounts that make a full disk and a read-only folder real (they need root).
import { spawnSync } from 'node:child_process';
import { statfsSync } from 'node:fs';

/** statfs's f_type of a tmpfs (linux/magic.h). */
const TMPFS_MAGIC = 0x01021994;

/** Mounts a tmpfs with `options` (e.g. `size=600k`, `ro`) on `dir`; false when not root or mounting failed. */
export function mountTmpfs(dir: string, options: string): boolean {
  return process.getuid?.() === 0 && spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]).status === 0;
}

/**
 * Mounts a tmpfs with `options` on `dir`, or throws saying what this machine lacks: a fault test that cannot make its
 * fault must fail, not pass or skip without having tested anything.
 */
export function requireTmpfs(dir: string, options: string): void {
  const missing = (reason: string) =>
    new Error(`cannot mount a tmpfs (-o ${options}) on ${dir} to make the fault this test needs: ${reason}. Run this test file as root on Linux, e.g. sudo npx mocha ${process.argv.find((arg) => arg.endsWith('.test.ts')) ?? 'test/disk-faults.test.ts'}`);
  const uid = process.getuid?.();
  if (uid === undefined) throw missing(`this platform (${process.platform}) has no mount`);
  if (uid !== 0) throw missing(`this process runs as uid ${uid}, and only root may mount`);
  const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { encoding: 'utf8' });
  if (mount.error) throw missing(`the mount command could not run (${mount.error.message})`);
  if (mount.status !== 0) throw missing(`mount exited with status ${mount.status}: ${mount.stderr.trim()}`);
  const type = statfsSync(dir).type;
  if (type !== TMPFS_MAGIC) throw missing(`mount succeeded but ${dir} is a file system of type 0x${type.toString(16)}, not a tmpfs`);
}

export function remount(dir: string, options: string): boolean {
  return spawnSync('mount', ['-o', `remount,${options}`, dir]).status === 0;
}

export function unmount(dir: string): void {
  spawnSync('umount', [dir]);
}
