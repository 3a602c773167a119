// lib's seeded generator against the published mulberry32 (the reference JavaScript implementation, verbatim).
import assert from 'node:assert/strict';
import { mulberry32 } from '../lib/random';

function referenceMulberry32(a: number): () => number {
  return function () {
    let t = (a += 0x6d2b79f5);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('mulberry32', () => {
  it('draws the reference implementation\'s numbers, value for value, for several seeds', () => {
    for (const seed of [0, 1, 42, 2 ** 31 - 1, 123456789]) {
      const ours = mulberry32(seed);
      const reference = referenceMulberry32(seed);
      for (let i = 0; i < 1000; i++) assert.equal(ours(), reference(), `seed ${seed}, draw ${i}`);
    }
  });

  it('stays in [0, 1)', () => {
    const random = mulberry32(7);
    for (let i = 0; i < 10_000; i++) {
      const value = random();
      assert.ok(value >= 0 && value < 1, String(value));
    }
  });
});
