// A fixed-size model (the dense one, 28×28) on a grey plane of any size: densely overlapping tiles of its own size,
// each pixel the weighted mean of the outputs of every tile that holds it.
import { borderIndices } from '../denoisers/borders';
import { tf, type Tensor4D } from '../tf';

/**
 * Tiles start every quarter of a side. A dense layer sees its whole tile, so unlike the convolutional designs
 * (tiling.ts's margins of the model's reach) no part of a tile is free of the tile's edges: instead each pixel averages 4 × 4 tiles,
 * weighted towards each tile's centre, which hides the grid without claiming equality with a whole-image pass.
 */
export const FIXED_TILE_STRIDE_DIVISOR = 4;
/** Tiles per forward pass: 4096 × 28 × 28 floats are 12.8 MB in and as much out, whatever the image's size. */
const TILES_PER_BATCH = 4096;

/**
 * Runs `model` ([n, side, side, 1] → same) on each plane of `planes` ([k, h, w, 1], any h and w, even below `side`)
 * and returns [k, h, w, 1] with the number of tiles it took. The plane is first reflect-padded by half a tile, so
 * its border pixels lie at tile centres as often as its inner ones. The caller disposes `denoised`.
 */
export function denoisePlanesFixed(planes: Tensor4D, side: number, model: (input: Tensor4D) => Tensor4D): { denoised: Tensor4D; tiles: number } {
  const [count, height, width] = planes.shape;
  const pad = Math.floor(side / 2);
  const paddedHeight = height + 2 * pad;
  const paddedWidth = width + 2 * pad;
  const stride = Math.max(1, Math.floor(side / FIXED_TILE_STRIDE_DIVISOR));
  const starts = (size: number) => {
    const list: number[] = [];
    for (let start = 0; start + side < size; start += stride) list.push(start);
    return [...list, size - side];
  };
  const positions = starts(paddedHeight).flatMap((top) => starts(paddedWidth).map((left) => [top, left] as const));
  const weight = tentWeights(side);
  const padded = tf.tidy(() => planes.gather(tf.tensor1d(borderIndices(height, pad, 'reflect'), 'int32'), 1)
    .gather(tf.tensor1d(borderIndices(width, pad, 'reflect'), 'int32'), 2)); // [k, h + 2·pad, w + 2·pad, 1]
  const values = padded.dataSync();
  padded.dispose();
  const out = new Float32Array(count * height * width);
  for (let k = 0; k < count; k++) {
    const plane = values.subarray(k * paddedHeight * paddedWidth, (k + 1) * paddedHeight * paddedWidth);
    const sum = new Float32Array(paddedHeight * paddedWidth);
    const weightSum = new Float32Array(paddedHeight * paddedWidth);
    for (let first = 0; first < positions.length; first += TILES_PER_BATCH) {
      const batch = positions.slice(first, first + TILES_PER_BATCH);
      const input = new Float32Array(batch.length * side * side);
      batch.forEach(([top, left], n) => {
        for (let r = 0; r < side; r++) input.set(plane.subarray((top + r) * paddedWidth + left, (top + r) * paddedWidth + left + side), (n * side + r) * side);
      });
      // Read outside tidy: tidy walks a returned typed array index by index looking for tensors.
      const output = tf.tidy(() => model(tf.tensor4d(input, [batch.length, side, side, 1])));
      const denoised = output.dataSync();
      output.dispose();
      batch.forEach(([top, left], n) => {
        for (let r = 0; r < side; r++) {
          for (let c = 0; c < side; c++) {
            const w = weight[r]! * weight[c]!;
            const at = (top + r) * paddedWidth + left + c;
            sum[at]! += w * denoised[(n * side + r) * side + c]!;
            weightSum[at]! += w;
          }
        }
      });
    }
    for (let r = 0; r < height; r++) {
      for (let c = 0; c < width; c++) {
        const at = (r + pad) * paddedWidth + c + pad;
        out[(k * height + r) * width + c] = sum[at]! / weightSum[at]!;
      }
    }
  }
  return { denoised: tf.tensor4d(out, [count, height, width, 1]), tiles: count * positions.length };
}

/** 1 at a tile's centre falling linearly towards its edges, never to 0, so every pixel a tile holds has a weight. */
function tentWeights(side: number): Float32Array {
  const half = side / 2;
  return Float32Array.from({ length: side }, (_, i) => (Math.min(i, side - 1 - i) + 1) / half);
}
