// The files `npm run denoise` works on: files named on the command line as they are, and folders' image files.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ImageError } from '../../lib/errors';
import { hasImageExtension } from '../../lib/images/header';

export interface Failure {
  readonly path: string;
  readonly message: string;
}

export interface InputList {
  readonly files: readonly string[];
  /** Arguments that gave no file to work on: missing paths, unreadable or imageless folders. */
  readonly failures: readonly Failure[];
  /** Entries of the folders left out: subfolders, and files whose names are not images'. */
  readonly skipped: number;
}

export function listInputs(paths: readonly string[]): InputList {
  const files: string[] = [];
  const failures: Failure[] = [];
  let skipped = 0;
  const seen = new Set<string>();
  const add = (file: string) => {
    if (!seen.has(resolve(file))) files.push(file);
    seen.add(resolve(file));
  };
  for (const path of paths) {
    let isFolder: boolean;
    try {
      isFolder = statSync(path).isDirectory();
    } catch (error) {
      failures.push({ path, message: `${path}: ${reason(error)}. Check the path.` });
      continue;
    }
    if (!isFolder) {
      add(path);
      continue;
    }
    let names: string[];
    try {
      names = readdirSync(path).filter((name) => !name.startsWith('.')).sort();
    } catch (error) {
      failures.push({ path, message: `${path}: the folder cannot be listed (${reason(error)}). Check its permissions.` });
      continue;
    }
    // A folder gives its files with image extensions; a file named on the command line is judged by its content.
    const images = names.filter((name) => hasImageExtension(name) && !isSubfolder(join(path, name)));
    skipped += names.length - images.length;
    if (images.length === 0) {
      const others = names.length === 0 ? 'it is empty' : `${names.length} other entr${names.length === 1 ? 'y' : 'ies'} left out`;
      failures.push({ path, message: `${path}: a folder with no PNG, JPEG, BMP or GIF files (${others}). Name image files or folders that hold them.` });
    }
    images.forEach((name) => add(join(path, name)));
  }
  return { files, failures, skipped };
}

/** The bytes of `file`; an ImageError naming it when it cannot be read. */
export function readImageFile(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new ImageError(file, `cannot be read (${(error as Error).message})`, 'Check that it exists and that you may read it.');
  }
}

function isSubfolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // a dangling link: kept, so reading it reports the problem by name
  }
}

function reason(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  return code === 'ENOENT' ? 'no such file or folder' : message;
}
