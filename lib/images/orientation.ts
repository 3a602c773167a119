// A JPEG's EXIF orientation (the camera's "which way is up"), read from its APP1 segment and applied to the pixels,
// so a phone photograph taken upright comes out upright, as image viewers show it.
import { tf, type Tensor3D } from '../tf';

/** EXIF tag 0x0112, Orientation: a SHORT from 1 (as stored) to 8. */
const ORIENTATION_TAG = 0x0112;
const TIFF_SHORT = 3;
/** Rows, then columns, reversed for orientations 1–4 of the stored image and 5–8 of its transpose (TIFF 6.0's table). */
const FLIPS: readonly (readonly [boolean, boolean])[] = [[false, false], [false, true], [true, true], [true, false]];

/** The orientation tag of the JPEG in `bytes` (1–8); 1 when it has none, or one outside 1–8, as viewers treat it. */
export function jpegOrientation(bytes: Uint8Array): number {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  let offset = 2;
  while (offset + 4 <= data.length && data[offset] === 0xff) {
    const marker = data[offset + 1]!;
    if (marker === 0xff || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      offset += marker === 0xff ? 1 : 2; // a fill byte, or a marker without a length
      continue;
    }
    if (marker === 0xda || marker === 0xd9) break; // the scan begins: metadata comes before it
    const end = offset + 2 + data.readUInt16BE(offset + 2);
    if (marker === 0xe1 && data.toString('latin1', offset + 4, offset + 10) === 'Exif\0\0') return tiffOrientation(data.subarray(offset + 10, end));
    offset = end;
  }
  return 1;
}

/** Turns [h, w, c] pixels stored with EXIF `orientation` upright: [h, w, c], or [w, h, c] for 5–8. The caller disposes it. */
export function orientUpright(pixels: Tensor3D, orientation: number): Tensor3D {
  return tf.tidy(() => {
    const turned = orientation >= 5 ? pixels.transpose([1, 0, 2]) : pixels;
    const [rows, cols] = FLIPS[(orientation - 1) % 4]!;
    const axes = [...(rows ? [0] : []), ...(cols ? [1] : [])];
    return (axes.length > 0 ? turned.reverse(axes) : turned.clone()) as Tensor3D;
  });
}

/** IFD0's Orientation entry in an EXIF TIFF structure ("II" little- or "MM" big-endian); 1 when absent or cut short. */
function tiffOrientation(tiff: Buffer): number {
  const order = tiff.toString('latin1', 0, 2);
  if (tiff.length < 8 || (order !== 'II' && order !== 'MM')) return 1;
  const u16 = (at: number) => (order === 'II' ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const ifd = order === 'II' ? tiff.readUInt32LE(4) : tiff.readUInt32BE(4);
  if (ifd + 2 > tiff.length) return 1;
  for (let i = 0, count = u16(ifd); i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.length) return 1;
    if (u16(entry) === ORIENTATION_TAG && u16(entry + 2) === TIFF_SHORT) {
      const value = u16(entry + 8);
      return value >= 1 && value <= 8 ? value : 1;
    }
  }
  return 1;
}
