// A fingerprint of the code that builds and trains models, so cached models are retrained when it changes.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../paths';

const MODEL_CODE = ['lib/models', 'lib/training', 'lib/train.ts', 'lib/noise.ts', 'lib/noise-types.ts'];

function files(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).sort().flatMap((name) => files(join(path, name)));
}

/** SHA-256 (16 hex digits) over the sources that decide what a trained model is. */
export function modelCodeVersion(): string {
  const hash = createHash('sha256');
  for (const file of MODEL_CODE.flatMap((path) => files(join(PROJECT_ROOT, path)))) {
    hash.update(file.slice(PROJECT_ROOT.length)).update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}
