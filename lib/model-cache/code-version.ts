// A fingerprint of everything that decides what a training produces: every file of lib/ and the native versions.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PROJECT_ROOT } from '../paths';
import { nativeVersions } from '../tf';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]));
}

/**
 * SHA-256 (16 hex digits) over every file under `<root>/lib` (path and bytes) and the tfjs-node and libtensorflow
 * versions. All of lib/, not a list of the files that matter: a list has to be kept in step with the code by hand,
 * and one it missed (a hold-out split, a pixel scaling, a gradient) reused a stale model without a word. The price
 * is a retraining after any edit to lib/, even a comment.
 */
export function trainingCodeVersion(root: string = PROJECT_ROOT): string {
  const hash = createHash('sha256');
  const libDir = join(root, 'lib');
  for (const file of filesUnder(libDir)) hash.update(`${relative(libDir, file)}\0`).update(readFileSync(file)).update('\0');
  const { tfjsVersion, tensorflowVersion } = nativeVersions();
  hash.update(`tfjs-node ${tfjsVersion}\0libtensorflow ${tensorflowVersion}`);
  return hash.digest('hex').slice(0, 16);
}
