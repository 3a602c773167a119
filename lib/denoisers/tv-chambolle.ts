// Total-variation denoising by Chambolle's projection algorithm (A. Chambolle, "An algorithm for total variation
// minimization and applications", JMIV 20:89-97, 2004), as scikit-image's denoise_tv_chambolle computes it.
import { ConfigError } from '../errors';
import { tf } from '../tf';
import type { Tensor, Tensor4D } from '../tf';
import { mapInBatches } from './batches';

/** skimage's step τ = 1 / (2·dimensions), the largest for which the projection converges in 2-d. */
const TAU = 0.25;
const MAX_ITERATIONS = 10_000;
/** Each iteration holds ~10 batch-sized tensors: 2000 28×28 images are ~60 MB. */
const TV_BATCH_IMAGES = 2000;

export interface TvChambolleOptions {
  /** Denoising weight, 1/λ of the ROF problem: larger smooths more, towards flat regions with sharp edges. @default 0.1 */
  readonly weight?: number;
  /** An image stops once its energy changes by less than eps × its first energy in one iteration. @default 2e-4 */
  readonly eps?: number;
  /** Iterations at most, for images that have not stopped by then. @default 200 */
  readonly maxIterations?: number;
}

/**
 * Denoises [n, h, w, c]; each image and channel is a separate 2-d problem with its own stopping iteration, as
 * skimage does per image (and per channel with channel_axis=-1). Converged images are frozen while the rest of
 * the batch iterates on; the loop ends when all have stopped. Like skimage, the output is not clipped.
 */
export function tvChambolle(images: Tensor4D, options: TvChambolleOptions = {}): Tensor4D {
  const { weight = 0.1, eps = 2e-4, maxIterations = 200 } = options;
  if (!Number.isFinite(weight) || weight <= 0) throw new ConfigError('weight', weight, 'a positive number');
  if (!Number.isFinite(eps) || eps < 0) throw new ConfigError('eps', eps, 'a number ≥ 0');
  if (!Number.isInteger(maxIterations) || maxIterations < 1 || maxIterations > MAX_ITERATIONS) {
    throw new ConfigError('maxIterations', maxIterations, `an integer from 1 to ${MAX_ITERATIONS}`);
  }
  return mapInBatches(images, TV_BATCH_IMAGES, (batch) => tvBatch(batch, weight, eps, maxIterations));
}

interface State {
  /** The dual field p, one component per axis: [n, h, w, c] each. */
  readonly pRows: Tensor4D;
  readonly pCols: Tensor4D;
  /** Each image's output so far, frozen once it stops. */
  readonly result: Tensor4D;
  /** [n, 1, 1, c]: images still iterating, their first energy and their previous one. */
  readonly running: Tensor;
  readonly firstEnergy: Tensor;
  readonly previousEnergy: Tensor;
}

function tvBatch(image: Tensor4D, weight: number, eps: number, maxIterations: number): Tensor4D {
  const [, height, width] = image.shape;
  let state: State | undefined;
  for (let i = 0; i < maxIterations; i++) {
    const next: State = tf.tidy(() => {
      // out = image + d, d the negative divergence of p (0 on the first iteration, where p is 0)
      const d = state === undefined ? tf.zerosLike(image) : divergence(state.pRows, state.pCols).neg();
      const out = image.add(d) as Tensor4D;
      const gRows = forwardDifference(out, 1);
      const gCols = forwardDifference(out, 2);
      const norm = tf.sqrt(gRows.square().add(gCols.square()));
      const energy = d.square().sum([1, 2], true).add(norm.sum([1, 2], true).mul(weight)).div(height * width); // [n, 1, 1, c]
      const scale = norm.mul(TAU / weight).add(1);
      const pRows = (state?.pRows ?? tf.zerosLike(image)).sub(gRows.mul(TAU)).div(scale) as Tensor4D;
      const pCols = (state?.pCols ?? tf.zerosLike(image)).sub(gCols.mul(TAU)).div(scale) as Tensor4D;
      if (state === undefined) {
        const running = tf.onesLike(energy).cast('bool');
        return { pRows, pCols, result: out, running, firstEnergy: energy, previousEnergy: energy };
      }
      // skimage returns `out` of the iteration where |E_prev - E| < eps·E_first, before any further update.
      const result = tf.where(state.running, out, state.result) as Tensor4D;
      const stops = state.previousEnergy.sub(energy).abs().less(state.firstEnergy.mul(eps));
      const running = state.running.logicalAnd(stops.logicalNot());
      return { pRows, pCols, result, running, firstEnergy: state.firstEnergy, previousEnergy: energy };
    });
    if (state !== undefined) disposeState(state, next);
    state = next;
    if (!tf.tidy(() => next.running.any().dataSync()[0] === 1)) break;
  }
  const { result } = state!;
  disposeState(state!, { result });
  return result;
}

/** Frees what `old` holds and `kept` does not share. */
function disposeState(old: State, kept: Partial<State>): void {
  const keep = new Set(Object.values(kept));
  tf.dispose(Object.values(old).filter((tensor) => !keep.has(tensor)));
}

/** numpy's diff along `axis`, with a 0 in the last row or column: [n, h, w, c] → same shape. */
function forwardDifference(x: Tensor4D, axis: 1 | 2): Tensor4D {
  const size = x.shape[axis];
  const begin = axis === 1 ? [0, 1, 0, 0] : [0, 0, 1, 0];
  const extent = axis === 1 ? [-1, size - 1, -1, -1] : [-1, -1, size - 1, -1];
  const padding: [number, number][] = axis === 1 ? [[0, 0], [0, 1], [0, 0], [0, 0]] : [[0, 0], [0, 0], [0, 1], [0, 0]];
  return x.slice(begin, extent).sub(x.slice([0, 0, 0, 0], extent)).pad(padding);
}

/** The backward-difference divergence adjoint to forwardDifference: p[i] - p[i-1], with p[-1] = 0. */
function divergence(pRows: Tensor4D, pCols: Tensor4D): Tensor4D {
  const [, height, width] = pRows.shape;
  const previousRow = pRows.slice([0, 0, 0, 0], [-1, height - 1, -1, -1]).pad([[0, 0], [1, 0], [0, 0], [0, 0]]);
  const previousCol = pCols.slice([0, 0, 0, 0], [-1, -1, width - 1, -1]).pad([[0, 0], [0, 0], [1, 0], [0, 0]]);
  return pRows.sub(previousRow).add(pCols.sub(previousCol)) as Tensor4D;
}
