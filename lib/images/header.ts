// What an image file is, read from its first bytes: format, size and bits per sample, before anything is decoded,
// so a file that is not an image, or one too large to decode, is refused without allocating its pixels.
import { ImageError } from '../errors';

export const IMAGE_FORMATS = ['png', 'jpeg', 'bmp', 'gif'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];
/**
 * The file extensions each format goes by, lower case. Keyed by format so a format added above cannot be decoded yet
 * left out of folder listings. JPEG's are all four that the media-types list gives image/jpeg (jpeg jpg jpe jfif): the
 * decoder reads the content, so a name is only what a folder is scanned by.
 */
const EXTENSIONS: Readonly<Record<ImageFormat, readonly string[]>> = { png: ['.png'], jpeg: ['.jpg', '.jpeg', '.jpe', '.jfif'], bmp: ['.bmp'], gif: ['.gif'] };
/** What a folder of images is read for: every extension of every format decodeImage reads. */
export const IMAGE_EXTENSIONS: readonly string[] = IMAGE_FORMATS.flatMap((format) => EXTENSIONS[format]);

/** Whether a file name ends in an image format's extension, in any case (PHOTO.JPG is taken). */
export function hasImageExtension(name: string): boolean {
  const dot = name.lastIndexOf('.');
  return dot > 0 && IMAGE_EXTENSIONS.includes(name.slice(dot).toLowerCase());
}

export interface ImageHeader {
  readonly format: ImageFormat;
  readonly width: number;
  readonly height: number;
  /** Bits per channel sample as decoded: 16 for 16-bit PNGs, 8 for everything else (palettes and 1–4-bit PNGs decode to 8). */
  readonly bitDepth: 8 | 16;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** JPEG markers that carry the frame size: SOF0–SOF15 but for DHT (C4), JPG (C8) and DAC (CC). */
const JPEG_FRAME_MARKERS = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);
const RE_EXPORT = 'The file is truncated or damaged; copy or export it again.';

/** Reads the header of the image in `bytes` (the content of `path`); throws ImageError if it is not a whole one. */
export function readImageHeader(bytes: Uint8Array, path: string): ImageHeader {
  if (bytes.length === 0) throw new ImageError(path, 'empty file (0 bytes), not an image', 'Check that it was copied or saved completely.');
  const format = sniffFormat(bytes);
  if (format === undefined) {
    const start = Array.from(bytes.subarray(0, 8), (byte) => byte.toString(16).padStart(2, '0')).join(' ');
    throw new ImageError(path, `not a PNG, JPEG, BMP or GIF image (it starts with bytes ${start})`, 'Convert it to PNG or JPEG, or leave it out.');
  }
  const size = { png: pngSize, jpeg: jpegSize, bmp: bmpSize, gif: gifSize }[format](Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
  if (size === undefined) throw new ImageError(path, `a ${format.toUpperCase()} file cut short (${bytes.length} bytes, its header is incomplete)`, RE_EXPORT);
  if (size.width < 1 || size.height < 1) {
    throw new ImageError(path, `a ${format.toUpperCase()} header that says ${size.width}×${size.height} pixels`, RE_EXPORT);
  }
  return { format, bitDepth: 8, ...size };
}

function sniffFormat(bytes: Uint8Array): ImageFormat | undefined {
  const startsWith = (signature: readonly number[]) => signature.every((byte, i) => bytes[i] === byte);
  if (startsWith(PNG_SIGNATURE)) return 'png';
  if (startsWith([0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith([0x47, 0x49, 0x46, 0x38])) return 'gif'; // GIF8(7|9)a
  if (startsWith([0x42, 0x4d])) return 'bmp';
  return undefined;
}

type Size = { width: number; height: number; bitDepth?: 8 | 16 } | undefined;

/** IHDR is always the first chunk: width and height at 16 and 20, bit depth at 24. */
function pngSize(bytes: Buffer): Size {
  if (bytes.length < 25 || bytes.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), bitDepth: bytes[24] === 16 ? 16 : 8 };
}

/** The logical screen size of the GIF, which every frame lies within. */
function gifSize(bytes: Buffer): Size {
  return bytes.length < 10 ? undefined : { width: bytes.readUInt16LE(6), height: bytes.readUInt16LE(8) };
}

/** BITMAPCOREHEADER (12 bytes, 16-bit sizes) or any later info header (32-bit sizes; a negative height means top-down rows). */
function bmpSize(bytes: Buffer): Size {
  if (bytes.length < 26) return undefined;
  if (bytes.readUInt32LE(14) === 12) return { width: bytes.readUInt16LE(18), height: bytes.readUInt16LE(20) };
  return { width: bytes.readInt32LE(18), height: Math.abs(bytes.readInt32LE(22)) };
}

/** Walks the marker segments up to the first start-of-frame, which holds the height and width. */
function jpegSize(bytes: Buffer): Size {
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      offset += 2; // markers without a length
      continue;
    }
    if (JPEG_FRAME_MARKERS.has(marker)) {
      return offset + 9 <= bytes.length ? { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) } : undefined;
    }
    offset += 2 + bytes.readUInt16BE(offset + 2);
  }
  return undefined;
}
