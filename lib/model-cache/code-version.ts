// A fingerprint of everything that decides what a training produces: every file of lib/, the native versions and
// which of lib's native kernels are in place.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PROJECT_ROOT } from '../paths';
import { activeNativeReplacements, nativeVersions } from '../tf';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]));
}

/** SHA-256 (hex) over every file under `<root>/lib`, path and bytes, as they are on disk now. */
function libDigest(root: string): string {
  const hash = createHash('sha256');
  const libDir = join(root, 'lib');
  for (const file of filesUnder(libDir)) hash.update(`${relative(libDir, file)}\0`).update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

/**
 * lib/ as this process loaded it. Taken while lib's modules are being loaded, not when a key is built: a Jupyter
 * kernel keeps running the code it loaded, so after an edit to lib/ without a restart the files on disk describe
 * code that is not the one training. Reading lib/ (about 0.7 MB) once at import costs a few milliseconds.
 */
const LOADED_LIB_DIGEST = libDigest(PROJECT_ROOT);

/**
 * SHA-256 (16 hex digits) over every file under lib/ (path and bytes), the tfjs-node and libtensorflow
 * versions, and the native kernel replacements in place (NATIVE_KERNELS=off, or a refused probe, trains with
 * tfjs's own kernels: agreeing on the probe's input does not make them agree to the bit on every input). All of lib/, not a list of the files that matter: a list has to be kept in step with the code by hand,
 * and one it missed (a hold-out split, a pixel scaling, a gradient) reused a stale model without a word. The price
 * is a retraining after any edit to lib/, even a comment.
 * @param root a project copy to fingerprint as it is on disk now; @default the lib/ this process loaded
 */
export function trainingCodeVersion(root?: string): string {
  const { tfjsVersion, tensorflowVersion } = nativeVersions();
  return createHash('sha256')
    .update(root === undefined ? LOADED_LIB_DIGEST : libDigest(root))
    .update(`\0tfjs-node ${tfjsVersion}\0libtensorflow ${tensorflowVersion}\0native kernels ${activeNativeReplacements().join(',')}`)
    .digest('hex')
    .slice(0, 16);
}
