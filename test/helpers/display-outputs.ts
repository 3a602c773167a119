// Looks inside display bundles without a kernel: records live updates, decodes PNGs to pixels.
import type { DisplayBundle, LiveOutput } from '../../lib/display';
import { tf } from '../../lib/tf';

/** A LiveOutput that keeps every bundle it is sent. */
export class RecordingOutput implements LiveOutput {
  readonly bundles: DisplayBundle[] = [];
  update(bundle: DisplayBundle): void {
    this.bundles.push(bundle);
  }
  get last(): DisplayBundle {
    const last = this.bundles[this.bundles.length - 1];
    if (last === undefined) throw new Error('nothing was displayed');
    return last;
  }
}

export interface Pixels {
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  readonly data: Int32Array;
  /** Channel `channel` of the pixel at (x, y). */
  at(x: number, y: number, channel?: number): number;
}

/** Decodes the bundle's image/png with TensorFlow's PNG decoder, so the bytes are checked by a second reader. */
export function pngPixels(bundle: DisplayBundle): Pixels {
  const base64 = bundle.data['image/png'];
  if (typeof base64 !== 'string') throw new Error(`no image/png in bundle: ${Object.keys(bundle.data).join(', ')}`);
  const image = tf.node.decodePng(Buffer.from(base64, 'base64'), 3);
  try {
    const [height, width, channels] = image.shape;
    const data = image.dataSync() as Int32Array;
    return { width, height, channels, data, at: (x, y, channel = 0) => data[(y * width + x) * channels + channel] ?? NaN };
  } finally {
    image.dispose();
  }
}

/** Runs `action` and returns how many tensors it left behind. */
export async function tensorsLeaked(action: () => unknown): Promise<number> {
  const before = tf.memory().numTensors;
  await action();
  return tf.memory().numTensors - before;
}
