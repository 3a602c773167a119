// Photographs made into training material for the grey-scale autoencoders: a grey plane (shrunk for display or speed)
// and seeded random square patches of it.
import { createHash } from 'node:crypto';
import { ConfigError, ProjectError } from '../errors';
import { mulberry32 } from '../random';
import { tf, type Tensor3D, type Tensor4D } from '../tf';

/** ITU-R BT.601 luma, as JPEG's YCbCr and colour.ts's 'luminance' mode use. */
const LUMA = [0.299, 0.587, 0.114];

/** [h, w, c] in [0, 1] (c = 1–4) → [h', w', 1]: luma of RGB, alpha dropped, shrunk by block averaging so the longer side is at most `maxSide`. */
export function greyImage(pixels: Tensor3D, maxSide?: number): Tensor3D {
  return tf.tidy(() => {
    const channels = pixels.shape[2];
    const grey = (channels >= 3 ? pixels.slice([0, 0, 0], [-1, -1, 3]).mul(tf.tensor1d(LUMA)).sum(2, true) : pixels.slice([0, 0, 0], [-1, -1, 1])) as Tensor3D;
    const factor = maxSide === undefined ? 1 : Math.ceil(Math.max(...pixels.shape.slice(0, 2)) / maxSide);
    return factor <= 1 ? grey : (tf.avgPool(grey, factor, factor, 'valid') as Tensor3D); // [⌊h/f⌋, ⌊w/f⌋, 1]
  });
}

/**
 * `count` square patches of side `patch` from the grey `images` ([h, w, 1] each), the image drawn with weight by how many
 * positions it has, the position uniformly; seeded. Returns [count, patch, patch, 1]; the caller disposes it.
 */
export function randomPatches(images: readonly Tensor3D[], count: number, patch: number, seed: number): Tensor4D {
  if (images.length === 0) throw new ProjectError('no images to take patches from. Give at least one image file.');
  if (!Number.isSafeInteger(count) || count < 1) throw new ConfigError('patches', count, 'a whole number of at least 1');
  checkPatchFits(images, patch);
  const positions = images.map((image) => (image.shape[0] - patch + 1) * (image.shape[1] - patch + 1));
  const total = positions.reduce((sum, n) => sum + n, 0);
  const data = images.map((image) => image.dataSync());
  const random = mulberry32(seed);
  const out = new Float32Array(count * patch * patch);
  for (let n = 0; n < count; n++) {
    let pick = Math.floor(random() * total);
    let i = 0;
    while (pick >= positions[i]!) pick -= positions[i++]!;
    const [height, width] = images[i]!.shape;
    const top = Math.floor(random() * (height - patch + 1));
    const left = Math.floor(random() * (width - patch + 1));
    for (let row = 0; row < patch; row++) {
      const start = (top + row) * width + left;
      out.set(data[i]!.subarray(start, start + patch), (n * patch + row) * patch);
    }
  }
  return tf.tensor4d(out, [count, patch, patch, 1]);
}

/** Refuses a patch side larger than the shortest side of `images` ([h, w, 1] each), naming every image's size and `remedy`. */
export function checkPatchFits(images: readonly Tensor3D[], patch: number, remedy = 'use a smaller --patch or larger images'): void {
  const smallest = images.reduce((min, image) => Math.min(min, image.shape[0], image.shape[1]), Infinity);
  if (patch > smallest) {
    throw new ConfigError('patch', patch, `at most ${smallest}, the shortest side among the ${images.length} image(s) (${images.map((image) => `${image.shape[1]}×${image.shape[0]}`).join(', ')}); ${remedy}`);
  }
}

/** SHA-256 (16 hex digits) of images' sizes and pixels: what a fine-tuning on them is cached under. */
export function pixelsKey(images: readonly Tensor3D[]): string {
  const hash = createHash('sha256');
  for (const image of images) {
    const values = image.dataSync();
    hash.update(`${image.shape.join('×')}\0`).update(Buffer.from(values.buffer, values.byteOffset, values.byteLength));
  }
  return hash.digest('hex').slice(0, 16);
}
