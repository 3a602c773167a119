// Writes that never leave a half-written file behind: write a temporary sibling, flush it, then rename.
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ProjectError } from '../errors';

/** Writes `data` to `path` so that `path` holds either its old content or all of the new, never a mix. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(temporary, 'w');
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      let written = 0;
      while (written < bytes.length) {
        written += writeSync(fd, bytes, written, bytes.length - written);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new WriteError(path, error as NodeJS.ErrnoException);
  }
}

/** Writes `value` as pretty JSON (two-space indent, final newline), atomically. */
export function writeJson(path: string, value: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

const REMEDIES: Readonly<Record<string, string>> = {
  ENOSPC: 'Free disk space',
  EDQUOT: 'Free disk space (quota exceeded)',
  EROFS: 'Choose a writable folder (this file system is read-only)',
  EACCES: 'Check the folder\'s permissions',
  EPERM: 'Check the folder\'s permissions',
};

/** A write that failed; the file it targeted still holds what it held before. */
export class WriteError extends ProjectError {
  override name = 'WriteError';
  constructor(
    readonly path: string,
    readonly cause: NodeJS.ErrnoException,
  ) {
    const code = cause.code ?? 'error';
    super(`could not write ${path} (${cause.message}); it keeps its previous content, if any. ${REMEDIES[code] ?? 'Check the folder'}, then rerun.`);
  }
}
