// Blind noise: every image gets its own noise type and level (blind-plan.ts), so one model learns them all.
import { ConfigError } from '../errors';
import { mulberry32 } from '../random';
import { tf, type Tensor4D } from '../tf';
import { drawBlindPlan, type BlindPlan, type LevelSpacing } from './blind-plan';
import { chunkSeed, samplePoisson, validateImages } from './noise';
import { NOISE_TYPE_NAMES, type NoiseType } from './types';

/** Images per chunk, fixed for the reason addNoise's is: image i's noise depends on (seed, i) alone. */
const BLIND_CHUNK_IMAGES = 1000;

export interface BlindNoiseOptions {
  /** Seeds both the plan and the noise. */
  readonly seed: number;
  /** @default DEFAULT_LEVEL_SPACING (blind-plan.ts) */
  readonly spacing?: LevelSpacing;
}

/** `images` ([n, h, w, c] in [0, 1]) each with the noise its plan draws, clipped to [0, 1]; the caller disposes it. */
export function addBlindNoise(images: Tensor4D, options: BlindNoiseOptions): Tensor4D {
  return applyBlindPlan(images, drawBlindPlan(images.shape[0], options.seed, options.spacing), options.seed);
}

/** Applies a plan drawn for these images (one entry per image); seeded by `seed`. */
export function applyBlindPlan(images: Tensor4D, plan: BlindPlan, seed: number): Tensor4D {
  validateImages(images);
  const n = images.shape[0];
  if (plan.types.length !== n || plan.levels.length !== n) {
    throw new ConfigError('plan', `${plan.types.length} types and ${plan.levels.length} levels`, `one type and one level per image (${n})`);
  }
  const chunks: Tensor4D[] = [];
  for (let start = 0; start < n; start += BLIND_CHUNK_IMAGES) {
    const end = Math.min(start + BLIND_CHUNK_IMAGES, n);
    chunks.push(noisyChunk(images, plan, start, end, chunkSeed(seed, start / BLIND_CHUNK_IMAGES)));
  }
  if (chunks.length <= 1) return chunks[0] ?? images.clone();
  const all = tf.concat(chunks, 0); // [n, h, w, c]
  chunks.forEach((chunk) => chunk.dispose());
  return all;
}

/** Images [start, end): grouped by type, each group noised at its images' levels, then put back in order. */
function noisyChunk(images: Tensor4D, plan: BlindPlan, start: number, end: number, seed: number): Tensor4D {
  return tf.tidy(() => {
    const order: number[] = [];
    const parts: Tensor4D[] = [];
    NOISE_TYPE_NAMES.forEach((type, typeIndex) => {
      const members: number[] = [];
      for (let i = start; i < end; i++) if (plan.types[i] === typeIndex) members.push(i);
      if (members.length === 0) return;
      const x = tf.gather(images, members) as Tensor4D; // [k, h, w, c]
      const levels = members.map((i) => plan.levels[i]!);
      parts.push(tf.clipByValue(noisyAtLevels(x, type, levels, chunkSeed(seed, typeIndex)), 0, 1));
      order.push(...members.map((i) => i - start));
    });
    const grouped = tf.concat(parts, 0); // [end - start, h, w, c], by type
    const positions = new Int32Array(order.length);
    order.forEach((image, position) => (positions[image] = position));
    return tf.gather(grouped, Array.from(positions)) as Tensor4D;
  });
}

/** `x` [k, h, w, c] with `type`'s noise, image j at `levels[j]`. */
function noisyAtLevels(x: Tensor4D, type: NoiseType, levels: readonly number[], seed: number): Tensor4D {
  const level = tf.tensor4d([...levels], [levels.length, 1, 1, 1]); // broadcast over each image's pixels
  switch (type) {
    case 'uniform':
      return x.add(tf.randomUniform(x.shape, 0, 1, 'float32', seed).mul(level));
    case 'gaussian':
      return x.add(tf.randomNormal(x.shape, 0, 1, 'float32', seed).mul(level));
    case 'speckle':
      return x.add(x.mul(tf.randomNormal(x.shape, 0, 1, 'float32', seed).mul(level)));
    case 'salt-and-pepper': {
      // As addNoise: below level/2 → pepper (0), in [level/2, level) → salt (1), else unchanged.
      const u = tf.randomUniform(x.shape, 0, 1, 'float32', seed);
      return tf.where(u.less(level.div(2)), tf.zerosLike(x), tf.where(u.less(level), tf.onesLike(x), x));
    }
    case 'poisson': {
      const values = x.dataSync() as Float32Array;
      const pixels = values.length / levels.length;
      const random = mulberry32(seed);
      const counts = new Float32Array(values.length);
      levels.forEach((peak, j) => counts.set(samplePoisson(values.subarray(j * pixels, (j + 1) * pixels), peak, random), j * pixels));
      return tf.tensor4d(counts, x.shape).div(level);
    }
  }
}
