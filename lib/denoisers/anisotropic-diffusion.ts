// Anisotropic diffusion (P. Perona and J. Malik, "Scale-space and edge detection using anisotropic diffusion",
// IEEE TPAMI 12(7):629-639, 1990): smoothing that slows down across strong differences, so edges survive.
import { ConfigError } from '../errors';
import { tf } from '../tf';
import type { Tensor, Tensor4D } from '../tf';
import { mapInBatches } from './batches';

export const CONDUCTIONS = ['exponential', 'rational'] as const;
export type Conduction = (typeof CONDUCTIONS)[number];

/** Perona and Malik's explicit 4-neighbour scheme is stable for steps up to 1/4 (with conduction ≤ 1). */
export const MAX_DIFFUSION_STEP = 0.25;
const MAX_ITERATIONS = 1000;
/** Each iteration holds ~8 batch-sized tensors: 2000 28×28 images are ~50 MB. */
const DIFFUSION_BATCH_IMAGES = 2000;

export interface AnisotropicDiffusionOptions {
  /**
   * Conduction g of a difference ∇: 'exponential' exp(-(|∇|/κ)²) keeps high-contrast edges; 'rational'
   * 1/(1 + (|∇|/κ)²) decays slower, so it prefers wide regions over small ones (the paper's two choices).
   * @default 'exponential'
   */
  readonly conduction?: Conduction;
  /** Explicit steps taken; diffusion time is iterations × step. @default 10 */
  readonly iterations?: number;
  /** Edge threshold κ, in pixel values: differences well below it diffuse, well above it barely do. @default 0.1 */
  readonly kappa?: number;
  /** Step λ of each iteration, in (0, 0.25] for stability. @default 0.25 */
  readonly step?: number;
}

/**
 * Denoises [n, h, w, c], each channel on its own: every iteration adds λ·Σ g(|∇|)·∇ over the differences ∇ to the
 * 4 neighbours (north, south, west, east). The border has zero flux: no difference is taken across it, as if
 * the image were extended by its edge pixels. test/fixtures/make-classical-fixture.py holds the reference.
 */
export function anisotropicDiffusion(images: Tensor4D, options: AnisotropicDiffusionOptions = {}): Tensor4D {
  const { conduction = 'exponential', iterations = 10, kappa = 0.1, step = MAX_DIFFUSION_STEP } = options;
  if (!CONDUCTIONS.includes(conduction)) throw new ConfigError('conduction', conduction, `one of ${CONDUCTIONS.join(', ')}`);
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > MAX_ITERATIONS) {
    throw new ConfigError('iterations', iterations, `an integer from 1 to ${MAX_ITERATIONS}`);
  }
  if (!Number.isFinite(kappa) || kappa <= 0) throw new ConfigError('kappa', kappa, 'a positive number');
  if (!Number.isFinite(step) || step <= 0 || step > MAX_DIFFUSION_STEP) {
    throw new ConfigError('step', step, `a number in (0, ${MAX_DIFFUSION_STEP}]: larger steps make the explicit scheme unstable`);
  }
  const flux = (difference: Tensor): Tensor => {
    const ratio = difference.div(kappa).square();
    const g = conduction === 'exponential' ? tf.exp(ratio.neg()) : tf.reciprocal(ratio.add(1));
    return g.mul(difference);
  };
  return mapInBatches(images, DIFFUSION_BATCH_IMAGES, (batch) => {
    let u = batch;
    for (let i = 0; i < iterations; i++) {
      const next = tf.tidy(() => u.add(fluxBalance(u, 1, flux).add(fluxBalance(u, 2, flux)).mul(step))) as Tensor4D;
      if (u !== batch) u.dispose();
      u = next;
    }
    return u;
  });
}

/**
 * Along `axis`, flux from the next pixel minus flux to the previous one: f(x[i+1] - x[i]) - f(x[i] - x[i-1]),
 * with no flux across the border. [n, h, w, c] → same shape.
 */
function fluxBalance(u: Tensor4D, axis: 1 | 2, flux: (difference: Tensor) => Tensor): Tensor {
  const size = u.shape[axis];
  const extent = axis === 1 ? [-1, size - 1, -1, -1] : [-1, -1, size - 1, -1];
  const forward = flux(u.slice(axis === 1 ? [0, 1, 0, 0] : [0, 0, 1, 0], extent).sub(u.slice([0, 0, 0, 0], extent))); // one shorter
  const after: [number, number][] = [[0, 0], [0, 0], [0, 0], [0, 0]];
  const before: [number, number][] = [[0, 0], [0, 0], [0, 0], [0, 0]];
  after[axis] = [0, 1];
  before[axis] = [1, 0];
  return forward.pad(after).sub(forward.pad(before));
}
