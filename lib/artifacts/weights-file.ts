// The weights file of a saved model: content-addressed, checked for truncation and corruption when read back.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArtifactError } from '../errors';
import type { tf } from '../tf';

export type WeightSpec = Parameters<typeof tf.io.decodeWeights>[1][number];
/** Hex digits of the SHA-256 kept in the file name: enough to never collide within one folder. */
const NAME_HASH_DIGITS = 16;
const DTYPE_BYTES: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

/** What a manifest records about the weights file it points to. */
export interface WeightsRecord {
  readonly weightsManifest: Array<{ paths: string[]; weights: WeightSpec[] }>;
  readonly weightsSha256: string;
  readonly weightsBytes: number;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** weights-<hash>.bin: a new file for new content, so the manifest that names it can be swapped in atomically. */
export function weightsFileName(hash: string): string {
  return `weights-${hash.slice(0, NAME_HASH_DIGITS)}.bin`;
}

/** Bytes that `specs` occupy, in order, from the start of the file. */
export function specBytes(specs: readonly WeightSpec[]): number {
  return specs.reduce((total, spec) => {
    const dtype = spec.quantization?.dtype ?? spec.dtype;
    return total + spec.shape.reduce((a, b) => a * b, 1) * (DTYPE_BYTES[dtype] ?? Number.NaN);
  }, 0);
}

/**
 * Reads the weights file a manifest (at `manifestPath`, in `dir`) names and checks it: present, at least as long as
 * its specs, and with the SHA-256 recorded at save time. Throws ArtifactError saying which and what to do.
 */
export function readWeightsFile(dir: string, manifestPath: string, record: WeightsRecord, remedy: string): { bytes: Buffer; specs: WeightSpec[] } {
  const group = record.weightsManifest[0];
  const file = group?.paths[0];
  if (group === undefined || file === undefined || !Array.isArray(group.weights) || record.weightsManifest.length !== 1) {
    throw new ArtifactError(manifestPath, 'its weightsManifest does not name exactly one weights file', remedy);
  }
  const path = join(dir, file);
  if (!existsSync(path)) throw new ArtifactError(path, `missing (named by ${manifestPath})`, remedy);
  const bytes = readFileSync(path);
  const needed = specBytes(group.weights);
  if (!(bytes.length >= needed) || bytes.length !== record.weightsBytes) {
    throw new ArtifactError(path, `truncated or padded: ${bytes.length} bytes, expected ${record.weightsBytes}`, remedy);
  }
  const hash = sha256(bytes);
  if (hash !== record.weightsSha256) {
    throw new ArtifactError(path, `corrupt: SHA-256 ${hash.slice(0, 12)}… differs from ${String(record.weightsSha256).slice(0, 12)}… recorded at save`, remedy);
  }
  return { bytes, specs: group.weights };
}
