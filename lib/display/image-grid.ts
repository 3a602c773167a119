// Rows of images from tensors (clean / noisy / denoised), upscaled, titled and captioned, as one PNG.
import { DisplayInputError } from '../errors';
import { tf, type Tensor3D, type Tensor4D } from '../tf';
import { pngBundle, type DisplayBundle } from './bundle';
import { imageGridSvg } from './image-grid-layout';
import { svgToPng } from './render';

const CORRECT_COLOR = '#2e7d32';
const WRONG_COLOR = '#c62828';

/** One titled row of the grid. */
export interface ImageRow {
  readonly title: string;
  /** [n, height, width, 1 or 3] with values in [0, 1] (others are clipped); the first `columns` are shown. */
  readonly images: Tensor4D;
  /** One caption per image; "\n" starts a new line. */
  readonly captions?: readonly string[];
  /** One CSS colour per caption. @default '#333' */
  readonly captionColors?: readonly string[];
}

export interface ImageGridOptions {
  /** Images per row. @default 10 (one per Fashion-MNIST class) */
  readonly columns?: number;
  /** Each pixel becomes scale x scale pixels. @default 3 (28 px → 84 px: strokes visible, 10 fit a notebook's width) */
  readonly scale?: number;
}

/** The `k` first images as base64 PNGs, upscaled without smoothing so pixels stay pixels. */
async function encodeTiles(images: Tensor4D, k: number, scale: number): Promise<string[]> {
  const tiles = tf.tidy(() => {
    const [, height, width] = images.shape;
    // [k, height * scale, width * scale, channels], integers in [0, 255]
    const upscaled = tf.image.resizeNearestNeighbor(images.slice(0, k), [height * scale, width * scale]);
    return tf.unstack(upscaled.clipByValue(0, 1).mul(255).round().toInt()) as Tensor3D[];
  });
  try {
    const pngs = await Promise.all(tiles.map((tile) => tf.node.encodePng(tile)));
    return pngs.map((png) => Buffer.from(png).toString('base64'));
  } finally {
    tf.dispose(tiles);
  }
}

/**
 * A PNG of image rows, e.g. `imageGrid([{ title: 'clean', images: x }, { title: 'noisy', images: xNoisy }])`.
 * All rows must share image height, width and channels. The inputs are not disposed.
 */
export async function imageGrid(rows: readonly ImageRow[], options: ImageGridOptions = {}): Promise<DisplayBundle> {
  const columns = options.columns ?? 10;
  const scale = options.scale ?? 3;
  const first = rows[0];
  if (first === undefined) throw new DisplayInputError('image grid', 'at least one row', 'none');
  const [, height, width, channels] = first.images.shape;
  for (const row of rows) {
    const [n, h, w, c] = row.images.shape;
    if (row.images.rank !== 4 || h !== height || w !== width || (c !== 1 && c !== 3) || c !== channels) {
      throw new DisplayInputError(
        `image grid row "${row.title}"`,
        `images [n, ${height}, ${width}, ${channels}] like the first row (channels 1 or 3)`,
        `[${row.images.shape.join(', ')}]`,
      );
    }
    if (n === 0) throw new DisplayInputError(`image grid row "${row.title}"`, 'at least one image', 'none');
  }
  const counts = rows.map((row) => Math.min(columns, row.images.shape[0]));
  const pngs: string[][] = [];
  for (const [r, row] of rows.entries()) pngs.push(await encodeTiles(row.images, counts[r] ?? 0, scale));
  const layoutRows = rows.map((row, r) => ({ ...row, tiles: counts[r] ?? 0 }));
  const { svg } = imageGridSvg(layoutRows, pngs, width * scale, height * scale);
  const text = `[image grid] ${rows.map((row, r) => `${row.title} (${counts[r]} of ${row.images.shape[0]})`).join(', ')}`;
  return pngBundle(svgToPng(svg).png, text);
}

/**
 * Captions "predicted" per image, green when right, red with a ✗ and the true class when wrong; spread them
 * into a row: `{ title: 'noisy', images, ...labelCaptions(predicted, labels, CLASS_NAMES) }`.
 */
export function labelCaptions(
  predicted: ArrayLike<number>,
  truth: ArrayLike<number>,
  classNames: readonly string[],
): { captions: string[]; captionColors: string[] } {
  if (predicted.length !== truth.length) {
    throw new DisplayInputError('label captions', `as many predictions as labels (${truth.length})`, `${predicted.length} predictions`);
  }
  const name = (label: number | undefined): string => classNames[label ?? -1] ?? `class ${label}`;
  const captions: string[] = [];
  const captionColors: string[] = [];
  for (let i = 0; i < predicted.length; i++) {
    const right = predicted[i] === truth[i];
    captions.push(right ? name(predicted[i]) : `✗ ${name(predicted[i])}\n(${name(truth[i])})`);
    captionColors.push(right ? CORRECT_COLOR : WRONG_COLOR);
  }
  return { captions, captionColors };
}
