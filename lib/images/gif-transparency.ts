// GIF transparency kept as alpha. TensorFlow's GIF decoder paints the first frame's transparent pixels black and
// returns RGB, so they could not be told from black ones; a copy of the file without the transparency flag and with
// the transparent colour made white decodes them white instead, and where the two decodes differ alpha is 0.
import { tf, type Tensor3D } from '../tf';

/** Bytes of the logical screen descriptor after the 6-byte signature; its flags hold the global colour table's size. */
const SCREEN_END = 13;

/**
 * A copy of the GIF in `bytes` whose first frame has no transparent colour, that colour's palette entry set to
 * white; undefined when the first frame declares none (or the file is too damaged to tell, which decoding reports).
 */
export function gifWithoutTransparency(bytes: Uint8Array): Uint8Array | undefined {
  const data = Buffer.from(bytes); // a copy: the caller's bytes stay as read
  if (data.length < SCREEN_END) return undefined;
  const globalTable = colourTable(data[10]!, SCREEN_END);
  let offset = SCREEN_END + (globalTable?.size ?? 0);
  let transparent: { flagsAt: number; index: number } | undefined;
  while (offset + 1 < data.length) {
    if (data[offset] === 0x2c) {
      // The first image descriptor: the last graphic control extension before it applies to it.
      if (transparent === undefined || offset + 10 > data.length) return undefined;
      const table = colourTable(data[offset + 9]!, offset + 10) ?? globalTable;
      const entry = (table?.at ?? 0) + 3 * transparent.index;
      if (table === undefined || entry + 3 > table.at + table.size) return undefined;
      data[transparent.flagsAt] = data[transparent.flagsAt]! & ~1;
      data.fill(0xff, entry, entry + 3);
      return data;
    }
    if (data[offset] !== 0x21) return undefined;
    if (data[offset + 1] === 0xf9 && data[offset + 2] === 4 && offset + 7 <= data.length) {
      transparent = (data[offset + 3]! & 1) === 1 ? { flagsAt: offset + 3, index: data[offset + 6]! } : undefined;
    }
    offset += 2; // the extension's sub-blocks follow, each prefixed by its length, ended by a 0
    while (offset < data.length && data[offset] !== 0) offset += data[offset]! + 1;
    offset += 1;
  }
  return undefined;
}

/** [h, w, 3] as decoded and [h, w, 3] decoded from gifWithoutTransparency → [h, w, 4], alpha 0 where they differ. */
export function withGifAlpha(decoded: Tensor3D, opaque: Tensor3D): Tensor3D {
  return tf.tidy(() => tf.concat([decoded, opaque.sub(decoded).abs().max(2, true).less(0.5).cast('float32')], 2) as Tensor3D);
}

/** A colour table's place and size in bytes from a flags byte (bit 7: present; bits 0–2: 2^(n+1) entries). */
function colourTable(flags: number, at: number): { at: number; size: number } | undefined {
  return (flags & 0x80) !== 0 ? { at, size: 3 << ((flags & 7) + 1) } : undefined;
}
