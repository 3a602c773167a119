// Noise models that corrupt image batches: seeded, clipped to [0, 1], generated a chunk of images at a time.
import { ConfigError, ShapeError } from '../errors';
import { mulberry32 } from '../random';
import { NOISE_TYPES, type NoiseType, type NoiseTypeInfo } from './types';
import { tf } from '../tf';
import type { Tensor4D } from '../tf';

/** Images per chunk. Fixed, not an option: the noise of image i depends on (seed, i), never on memory settings. */
const NOISE_CHUNK_IMAGES = 1000;
/** Below this mean, Poisson counts are drawn by inversion (cost ~λ); above, by rejection (PTRS), as numpy does. */
const POISSON_INVERSION_MAX_MEAN = 10;

export { NOISE_TYPES, type NoiseType, type NoiseTypeInfo } from './types';

export interface NoiseOptions {
  readonly type: NoiseType;
  /** Strength; its meaning and range depend on `type` (see NOISE_TYPES). */
  readonly level: number;
  /** Required so every noisy dataset can be regenerated; give train and test different seeds. */
  readonly seed: number;
}

/**
 * Returns `images` ([n, h, w, c], values in [0, 1]) plus seeded noise, clipped to [0, 1]; the caller disposes it.
 * Peak memory is the input plus about twice the output. 60000 28×28 images take 1–3 s (poisson ~4 s).
 */
export function addNoise(images: Tensor4D, options: NoiseOptions): Tensor4D {
  const info = validateNoiseOptions(options);
  validateImages(images);
  const n = images.shape[0];
  const chunks: Tensor4D[] = [];
  for (let start = 0; start < n; start += NOISE_CHUNK_IMAGES) {
    const size = Math.min(NOISE_CHUNK_IMAGES, n - start);
    const seed = chunkSeed(options.seed, start / NOISE_CHUNK_IMAGES);
    chunks.push(
      tf.tidy(() => {
        const chunk = images.slice([start, 0, 0, 0], [size, -1, -1, -1]); // [size, h, w, c]
        return tf.clipByValue(noisyChunk(chunk, info.type, options.level, seed), 0, 1);
      }),
    );
  }
  if (chunks.length <= 1) return chunks[0] ?? images.clone();
  const all = tf.concat(chunks, 0); // [n, h, w, c]
  chunks.forEach((chunk) => chunk.dispose());
  return all;
}

function noisyChunk(x: Tensor4D, type: NoiseType, level: number, seed: number): Tensor4D {
  switch (type) {
    case 'uniform':
      return x.add(tf.randomUniform(x.shape, 0, level, 'float32', seed));
    case 'gaussian':
      return x.add(tf.randomNormal(x.shape, 0, level, 'float32', seed));
    case 'speckle':
      return x.add(x.mul(tf.randomNormal(x.shape, 0, level, 'float32', seed)));
    case 'salt-and-pepper': {
      // One uniform draw per pixel: below level/2 → pepper (0), in [level/2, level) → salt (1), else unchanged.
      const u = tf.randomUniform(x.shape, 0, 1, 'float32', seed);
      return tf.where(u.less(level / 2), tf.zerosLike(x), tf.where(u.less(level), tf.onesLike(x), x));
    }
    case 'poisson': {
      const counts = samplePoisson(x.dataSync() as Float32Array, level, mulberry32(seed));
      return tf.tensor4d(counts, x.shape).div(level);
    }
  }
}

/** Photon counts Poisson(value·peak) for every pixel. */
export function samplePoisson(values: Float32Array, peak: number, random: () => number): Float32Array {
  const counts = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const mean = (values[i] as number) * peak;
    counts[i] = mean < POISSON_INVERSION_MAX_MEAN ? poissonByInversion(mean, random) : poissonPtrs(mean, random);
  }
  return counts;
}

function poissonByInversion(mean: number, random: () => number): number {
  const u = random();
  let k = 0;
  let probability = Math.exp(-mean);
  let cdf = probability;
  while (u > cdf && probability > 0) {
    k += 1;
    probability *= mean / k;
    cdf += probability;
  }
  return k;
}

/** Hörmann's transformed rejection with squeeze (PTRS, 1993), exact for mean ≥ 10; numpy uses the same. */
function poissonPtrs(mean: number, random: () => number): number {
  const logMean = Math.log(mean);
  const b = 0.931 + 2.53 * Math.sqrt(mean);
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = random() - 0.5;
    const v = random();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -mean + k * logMean - logFactorial(k)) return k;
  }
}

/** ln(k!): exact sum for small k, Stirling's series (error < 1e-8 from k = 10) above. */
function logFactorial(k: number): number {
  if (k < 10) {
    let sum = 0;
    for (let i = 2; i <= k; i++) sum += Math.log(i);
    return sum;
  }
  return (k + 0.5) * Math.log(k) - k + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * k) - 1 / (360 * k ** 3);
}


/** A 32-bit seed per (user seed, chunk), hashed so that neighbouring seeds give unrelated streams. */
export function chunkSeed(seed: number, chunk: number): number {
  let h = Math.imul((seed | 0) ^ Math.floor(seed / 4294967296), 0x9e3779b1) ^ Math.imul(chunk + 1, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

function validateNoiseOptions(options: NoiseOptions): NoiseTypeInfo {
  const info = NOISE_TYPES.find((candidate) => candidate.type === options.type);
  if (info === undefined) {
    throw new ConfigError('type', options.type, `one of ${NOISE_TYPES.map((candidate) => candidate.type).join(', ')}`);
  }
  const { level, seed } = options;
  if (typeof level !== 'number' || !Number.isFinite(level) || level < info.min || level > info.max) {
    throw new ConfigError('level', level, `a number in [${info.min}, ${info.max}] for ${info.type} noise: ${info.level}`);
  }
  if (!Number.isSafeInteger(seed)) {
    throw new ConfigError('seed', seed, 'an integer (the same seed gives the same noise)');
  }
  return info;
}

/** Throws unless `images` is a batch [n, h, w, c] with values in [0, 1]. */
export function validateImages(images: Tensor4D): void {
  if (images.rank !== 4) {
    throw new ShapeError('images.shape', images.shape, 'a batch [n, height, width, channels]');
  }
  if (images.size === 0) return;
  const [min, max] = tf.tidy(() => [images.min().dataSync()[0], images.max().dataSync()[0]]) as [number, number];
  if (min < 0 || max > 1) {
    throw new ConfigError('images', `values in [${min}, ${max}]`, 'pixel values in [0, 1] (divide bytes by 255)');
  }
}
