// Image files whose every pixel the tests know: 8-bit PNG and JPEG through TensorFlow's encoders, and 16-bit PNG,
// BMP and GIF written byte by byte here (TensorFlow encodes none of those).
import { crc32, deflateSync } from 'node:zlib';
import { tf, type Tensor3D } from '../../lib/tf';

const PNG_COLOUR_TYPES: Readonly<Record<number, number>> = { 1: 0, 2: 4, 3: 2, 4: 6 }; // grey, grey + alpha, RGB, RGBA
/** Literal codes between two clear codes: the code table then never grows past 9 bits. */
const GIF_CODES_PER_CLEAR = 100;

/** A smooth, non-constant 8-bit test pattern [height, width, channels], different in every channel. */
export function pattern(height: number, width: number, channels: number): Uint8Array {
  const values = new Uint8Array(height * width * channels);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      for (let k = 0; k < channels; k++) values[(r * width + c) * channels + k] = Math.round(127.5 + 120 * Math.sin(r / 7 + k) * Math.cos(c / 11 - k));
    }
  }
  return values;
}

export async function pngBytes(values: Uint8Array, height: number, width: number, channels: number): Promise<Uint8Array> {
  const image = tf.tensor3d(values, [height, width, channels], 'int32');
  try {
    return await tf.node.encodePng(image);
  } finally {
    image.dispose();
  }
}

export async function jpegBytes(values: Uint8Array, height: number, width: number, channels: 1 | 3): Promise<Uint8Array> {
  const image = tf.tensor3d(values, [height, width, channels], 'int32') as Tensor3D;
  try {
    return await tf.node.encodeJpeg(image, channels === 1 ? 'grayscale' : 'rgb', 100);
  } finally {
    image.dispose();
  }
}

/** A 16-bit PNG of `values` (0–65535, row-major, channels interleaved). */
export function png16Bytes(values: ArrayLike<number>, height: number, width: number, channels: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 16;
  header[9] = PNG_COLOUR_TYPES[channels]!;
  const rowBytes = 1 + width * channels * 2;
  const raw = Buffer.alloc(height * rowBytes); // each row: filter type 0, then big-endian samples
  for (let i = 0; i < values.length; i++) {
    const row = Math.floor(i / (width * channels));
    raw.writeUInt16BE(values[i]!, row * rowBytes + 1 + (i % (width * channels)) * 2);
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** A 24-bit BMP of RGB `values`: bottom-up rows of BGR, each padded to 4 bytes. */
export function bmpBytes(values: Uint8Array, height: number, width: number): Buffer {
  const rowBytes = Math.ceil((width * 3) / 4) * 4;
  const file = Buffer.alloc(54 + rowBytes * height);
  file.write('BM', 0, 'latin1');
  file.writeUInt32LE(file.length, 2);
  file.writeUInt32LE(54, 10); // pixel data offset
  file.writeUInt32LE(40, 14); // BITMAPINFOHEADER
  file.writeInt32LE(width, 18);
  file.writeInt32LE(height, 22);
  file.writeUInt16LE(1, 26); // planes
  file.writeUInt16LE(24, 28); // bits per pixel
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const at = 54 + (height - 1 - r) * rowBytes + c * 3;
      for (let k = 0; k < 3; k++) file[at + 2 - k] = values[(r * width + c) * 3 + k]!;
    }
  }
  return file;
}

/** The 256 colours of gifBytes' palette: colour i is (i, 255 − i, 7i mod 256). */
export function gifPalette(index: number): [number, number, number] {
  return [index, 255 - index, (index * 7) % 256];
}

/**
 * A GIF89a whose frames each hold palette `indices` [height × width]; LZW with a clear code often enough to stay at 9 bits.
 * With `transparentIndex`, a graphic control extension before the first frame declares that palette index transparent.
 */
export function gifBytes(frames: readonly Uint8Array[], height: number, width: number, transparentIndex?: number): Buffer {
  const palette = Buffer.from(Array.from({ length: 256 }, (_, i) => gifPalette(i)).flat());
  const screen = Buffer.alloc(7);
  screen.writeUInt16LE(width, 0);
  screen.writeUInt16LE(height, 2);
  screen[4] = 0xf7; // global colour table of 2^(7+1) entries, 8 bits per primary
  const parts = [Buffer.from('GIF89a', 'latin1'), screen, palette];
  if (transparentIndex !== undefined) parts.push(Buffer.from([0x21, 0xf9, 4, 0x01, 0, 0, transparentIndex, 0])); // flags: transparent
  for (const indices of frames) {
    const descriptor = Buffer.alloc(10);
    descriptor[0] = 0x2c;
    descriptor.writeUInt16LE(width, 5);
    descriptor.writeUInt16LE(height, 7);
    const data = lzw9(indices);
    const blocks: Buffer[] = [];
    for (let at = 0; at < data.length; at += 255) {
      const block = data.subarray(at, at + 255);
      blocks.push(Buffer.from([block.length]), block);
    }
    parts.push(descriptor, Buffer.from([8]), ...blocks, Buffer.from([0]));
  }
  parts.push(Buffer.from([0x3b]));
  return Buffer.concat(parts);
}

/** Codes of 9 bits, least significant bit first: clear (256), literals with a clear every GIF_CODES_PER_CLEAR, end (257). */
function lzw9(indices: Uint8Array): Buffer {
  const codes: number[] = [];
  indices.forEach((index, i) => {
    if (i % GIF_CODES_PER_CLEAR === 0) codes.push(256);
    codes.push(index);
  });
  codes.push(257);
  const bytes = Buffer.alloc(Math.ceil((codes.length * 9) / 8));
  codes.forEach((code, i) => {
    for (let bit = 0; bit < 9; bit++) {
      const at = i * 9 + bit;
      if ((code >> bit) & 1) bytes[at >> 3]! |= 1 << (at & 7);
    }
  });
  return bytes;
}

/** `jpeg` with an EXIF APP1 segment after its SOI holding one IFD0 entry, Orientation = `orientation`, in either byte order. */
export function withExifOrientation(jpeg: Uint8Array, orientation: number, byteOrder: 'II' | 'MM'): Buffer {
  const tiff = Buffer.alloc(8 + 2 + 12 + 4); // header, entry count, one entry, no next IFD
  const little = byteOrder === 'II';
  const u16 = (value: number, at: number) => (little ? tiff.writeUInt16LE(value, at) : tiff.writeUInt16BE(value, at));
  tiff.write(byteOrder, 0, 'latin1');
  u16(42, 2);
  if (little) tiff.writeUInt32LE(8, 4);
  else tiff.writeUInt32BE(8, 4);
  u16(1, 8);
  u16(0x0112, 10); // Orientation
  u16(3, 12); // SHORT
  if (little) tiff.writeUInt32LE(1, 14);
  else tiff.writeUInt32BE(1, 14);
  u16(orientation, 18); // the value, left-justified in the 4-byte field
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const marker = Buffer.from([0xff, 0xe1, 0, 0]);
  marker.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([Buffer.from(jpeg.subarray(0, 2)), marker, payload, Buffer.from(jpeg.subarray(2))]);
}
