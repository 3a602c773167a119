// Test helpers for tensors: constant batches, sample statistics, and a guard that no tensor outlives a call.
import { strict as assert } from 'node:assert';
import { tf } from '../../lib/tf';
import type { Tensor4D } from '../../lib/tf';

/** A batch [n, size, size, 1] where every pixel is `value`. */
export function constantImages(n: number, value: number, size = 28): Tensor4D {
  return tf.fill([n, size, size, 1], value) as Tensor4D;
}

/** Runs `body` and fails if it leaves more tensors alive than it found. */
export function assertNoTensorLeak<T>(body: () => T): T {
  const before = tf.memory().numTensors;
  const result = body();
  assert.equal(tf.memory().numTensors, before, 'tensor count changed: something was not disposed');
  return result;
}

/** Mean and (population) variance of every value, in float64. */
export function meanAndVariance(values: ArrayLike<number>): { mean: number; variance: number } {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] as number;
  const mean = sum / values.length;
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += ((values[i] as number) - mean) ** 2;
  return { mean, variance: squares / values.length };
}

/** Fraction of values equal to `target`. */
export function fractionEqual(values: ArrayLike<number>, target: number): number {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === target) count += 1;
  return count / values.length;
}

/** Asserts |actual - expected| <= tolerance, printing all three numbers. */
export function assertClose(actual: number, expected: number, tolerance: number, what = 'value'): void {
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${what}: expected ${expected} ± ${tolerance}, found ${actual} (off by ${Math.abs(actual - expected)})`,
  );
}
