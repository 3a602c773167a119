// Cache keys: a stable hash of a JSON record. Free of TensorFlow, so a sweep can compare its points' trainings
// before anything heavy loads.
import { createHash } from 'node:crypto';
import { ConfigError } from '../errors';

export type CacheRecord = { readonly [key: string]: unknown };

/** 64 bits of SHA-256: no accidental collisions among a few thousand entries, short enough for a folder name. */
const KEY_HEX_DIGITS = 16;

/** JSON with object keys sorted at every level, so equal records give equal text whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === 'number' && !Number.isFinite(item)) throw new ConfigError('record', String(item), 'finite numbers only (JSON cannot tell NaN from null)');
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return item;
    return Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}

/** Stable hash of a JSON record (hex): the same parameters give the same key in any process, any key order. */
export function cacheKey(record: CacheRecord): string {
  return createHash('sha256').update(canonicalJson(record)).digest('hex').slice(0, KEY_HEX_DIGITS);
}

