// Image files to pixel tensors and back, with TensorFlow's own codecs: PNG (8- and 16-bit), JPEG (turned upright by
// its EXIF orientation), BMP and GIF in; 8-bit PNG out.
import { ImageError } from '../errors';
import { tf, type Tensor, type Tensor3D } from '../tf';
import { readImageHeader, type ImageHeader } from './header';
import { DEFAULT_MAX_PIXELS } from './options';
import { gifWithoutTransparency, withGifAlpha } from './gif-transparency';
import { jpegOrientation, orientUpright } from './orientation';
/** TF_DataType numbers of the C API, which tfjs-node's binding takes for type attributes. */
const TF_FLOAT = 1;

export interface DecodeOptions {
  /** Largest width × height accepted, checked on the header before decoding. @default 25,000,000 (DEFAULT_MAX_PIXELS) */
  readonly maxPixels?: number;
}

export interface DecodedImage {
  /** [height, width, channels] float32 in [0, 1], upright; channels 1 (grey), 2 (grey + alpha), 3 (RGB) or 4 (RGBA). */
  readonly pixels: Tensor3D;
  /** The file's header, its width and height swapped when the EXIF orientation turns the image a quarter. */
  readonly header: ImageHeader;
  /** The JPEG's EXIF orientation (1–8) that was applied; 1 (as stored) for every other file. */
  readonly orientation: number;
}

interface NativeOps {
  executeSingleOutput(name: string, attrs: unknown[], inputs: Tensor[]): Tensor;
}

/**
 * Decodes an image file's bytes (`path` names it in errors). Pixels come as floats at the file's own depth:
 * tfjs-node's decodeImage returns 8-bit values even for a 16-bit PNG (it keeps the high byte: 65535·x → 255·x,
 * dropping the low 8 bits), so this calls TensorFlow's DecodeImage op with dtype float32, which scales each
 * format's own range to [0, 1]: v / 255, or v / 65535 for 16-bit PNGs. GIFs give their first frame, RGBA when it has a
 * transparent colour (alpha 0 there, colour black), as a PNG with alpha gives its alpha channel.
 */
export function decodeImage(bytes: Uint8Array, path: string, options: DecodeOptions = {}): DecodedImage {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const header = readImageHeader(bytes, path);
  const pixels = header.width * header.height;
  if (pixels > maxPixels) {
    throw new ImageError(path, `${header.width}×${header.height} = ${count(pixels)} pixels, above the limit of ${count(maxPixels)} (maxPixels)`,
      'Scale the image down, or raise the limit (`npm run denoise -- --max-pixels N`) if memory allows: decoding takes 16 bytes per pixel for RGBA.');
  }
  const opaque = header.format === 'gif' ? gifWithoutTransparency(bytes) : undefined;
  const decoded = opaque === undefined ? nativeDecode(bytes, path, header) : gifWithAlpha(bytes, opaque, path, header);
  const [height, width, channels = 0] = decoded.shape;
  if (decoded.rank !== 3 || height !== header.height || width !== header.width || channels < 1 || channels > 4) {
    decoded.dispose();
    throw new ImageError(path, `decoded to [${decoded.shape.join(', ')}], not the ${header.height}×${header.width} image with 1–4 channels its header announces`,
      'The file is damaged; copy or export it again.');
  }
  const orientation = header.format === 'jpeg' ? jpegOrientation(bytes) : 1;
  if (orientation === 1) return { pixels: decoded as Tensor3D, header, orientation };
  const upright = orientUpright(decoded as Tensor3D, orientation);
  decoded.dispose();
  const turned = orientation >= 5 ? { ...header, width: header.height, height: header.width } : header;
  return { pixels: upright, header: turned, orientation };
}

/** Encodes [height, width, channels] pixels in [0, 1] as an 8-bit PNG (values rounded to the nearest of 256 levels). */
export async function encodePng(pixels: Tensor3D): Promise<Uint8Array> {
  const bytes = tf.tidy(() => pixels.clipByValue(0, 1).mul(255).round().toInt()) as Tensor3D;
  try {
    return await tf.node.encodePng(bytes);
  } finally {
    bytes.dispose();
  }
}

/** The GIF's first frame as RGBA: decoded as it is and from its copy without transparency (gif-transparency.ts). */
function gifWithAlpha(bytes: Uint8Array, opaque: Uint8Array, path: string, header: ImageHeader): Tensor {
  const decoded = nativeDecode(bytes, path, header);
  try {
    const painted = nativeDecode(opaque, path, header);
    try {
      return withGifAlpha(decoded as Tensor3D, painted as Tensor3D);
    } finally {
      painted.dispose();
    }
  } finally {
    decoded.dispose();
  }
}

/** TensorFlow's DecodeImage op on `bytes`: [h, w, c] float32 in [0, 1]; an ImageError naming `path` when it fails. */
function nativeDecode(bytes: Uint8Array, path: string, header: ImageHeader): Tensor {
  try {
    return tf.tidy(() => {
      const backend = tf.backend() as unknown as NativeOps & { binding: Record<string, number> };
      const { TF_ATTR_INT, TF_ATTR_TYPE, TF_ATTR_BOOL } = backend.binding;
      const attrs = [
        { name: 'channels', type: TF_ATTR_INT, value: 0 }, // as many as the file has
        { name: 'dtype', type: TF_ATTR_TYPE, value: TF_FLOAT },
        { name: 'expand_animations', type: TF_ATTR_BOOL, value: false }, // a GIF's first frame, as [h, w, 3]
      ];
      return backend.executeSingleOutput('DecodeImage', attrs, [tf.scalar(bytes as unknown as string, 'string')]);
    });
  } catch (error) {
    const reason = (error as Error).message.replace(/^Invalid TF_Status: \d+\s*Message:\s*/s, '').replace(/\.\s*$/, '');
    throw new ImageError(path, `cannot be decoded as the ${header.format.toUpperCase()} its first bytes announce (${reason})`,
      'The file is truncated or damaged; copy or export it again.');
  }
}

function count(pixels: number): string {
  return pixels.toLocaleString('en-US');
}
