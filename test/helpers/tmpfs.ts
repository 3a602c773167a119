// Tiny tmpfs mounts that make a full disk and a read-only folder real (they need root; callers skip otherwise).
import { spawnSync } from 'node:child_process';

/** Mounts a tmpfs with `options` (e.g. `size=600k`, `ro`) on `dir`; false when not root or mounting failed. */
export function mountTmpfs(dir: string, options: string): boolean {
  return process.getuid?.() === 0 && spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]).status === 0;
}

export function remount(dir: string, options: string): boolean {
  return spawnSync('mount', ['-o', `remount,${options}`, dir]).status === 0;
}

export function unmount(dir: string): void {
  spawnSync('umount', [dir]);
}
