// Image files in and out: each format's pixels against the values the test wrote, and every way a file can be bad.
import assert from 'node:assert/strict';
import { decodeImage, encodePng } from '../lib/images/codec';
import { readImageHeader } from '../lib/images/header';
import { ImageError } from '../lib/errors';
import { tf, type Tensor3D } from '../lib/tf';
import { bmpBytes, gifBytes, gifPalette, jpegBytes, pattern, png16Bytes, pngBytes, withExifOrientation } from './helpers/image-files';
import { assertNoTensorLeak } from './helpers/noise-tensors';

const HEIGHT = 13;
const WIDTH = 17;

/** Decoded values back on the file's own scale (255 or 65535), and the tensor disposed. */
function decodedValues(bytes: Uint8Array, scale = 255): { values: number[]; shape: number[]; bitDepth: number } {
  const { pixels, header } = decodeImage(bytes, 'test-image');
  try {
    return { values: Array.from(pixels.dataSync(), (value) => value * scale), shape: pixels.shape, bitDepth: header.bitDepth };
  } finally {
    pixels.dispose();
  }
}

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  return Array.from(a).reduce((max, value, i) => Math.max(max, Math.abs(value - b[i]!)), 0);
}

const rejects = (bytes: Uint8Array, pattern: RegExp) =>
  assert.throws(() => decodeImage(bytes, 'photos/bad-file'), (error: Error) => error instanceof ImageError && error.message.startsWith('photos/bad-file: ') && pattern.test(error.message));

describe('image files', () => {
  it('8-bit PNG with 1 to 4 channels: exactly v / 255, channels as in the file', async () => {
    for (const channels of [1, 2, 3, 4]) {
      const values = pattern(HEIGHT, WIDTH, channels);
      const decoded = decodedValues(await pngBytes(values, HEIGHT, WIDTH, channels));
      assert.deepEqual(decoded.shape, [HEIGHT, WIDTH, channels]);
      assert.ok(maxDifference(decoded.values, values) < 1e-4, `${channels} channels`);
    }
  });

  it('16-bit PNG: all 16 bits, v / 65535, where tfjs-node\'s decodeImage keeps only the high byte', () => {
    const values = Array.from({ length: HEIGHT * WIDTH * 3 }, (_, i) => (i * 1237 + 255) % 65536);
    const bytes = png16Bytes(values, HEIGHT, WIDTH, 3);
    const decoded = decodedValues(bytes, 65535);
    assert.equal(decoded.bitDepth, 16);
    assert.ok(maxDifference(decoded.values, values) < 0.01, 'float32 holds 16-bit values to within 0.01 of 65535');
    const tfjs = tf.node.decodeImage(bytes);
    assert.deepEqual(Array.from(tfjs.dataSync()), values.map((value) => value >> 8), 'tfjs-node truncates to 8 bits');
    tfjs.dispose();
  });

  it('JPEG (grey and RGB) at quality 100: within the loss of JPEG (chroma subsampled) of the pixels encoded', async () => {
    for (const channels of [1, 3] as const) {
      const values = pattern(HEIGHT, WIDTH, channels);
      const decoded = decodedValues(await jpegBytes(values, HEIGHT, WIDTH, channels));
      assert.deepEqual(decoded.shape, [HEIGHT, WIDTH, channels]);
      const meanDifference = decoded.values.reduce((sum, value, i) => sum + Math.abs(value - values[i]!), 0) / values.length;
      assert.ok(maxDifference(decoded.values, values) <= 10 && meanDifference < 2, `${channels} channels: mean difference ${meanDifference}`);
    }
  });

  it('BMP (24-bit, bottom-up rows): exact', () => {
    const values = pattern(HEIGHT, WIDTH, 3);
    assert.ok(maxDifference(decodedValues(bmpBytes(values, HEIGHT, WIDTH)).values, values) < 1e-4);
  });

  it('GIF: the first frame only, exact palette colours', () => {
    const first = Uint8Array.from({ length: HEIGHT * WIDTH }, (_, i) => (i * 3) % 256);
    const second = Uint8Array.from({ length: HEIGHT * WIDTH }, (_, i) => (i * 5 + 1) % 256);
    const decoded = decodedValues(gifBytes([first, second], HEIGHT, WIDTH));
    assert.deepEqual(decoded.shape, [HEIGHT, WIDTH, 3]);
    assert.ok(maxDifference(decoded.values, Array.from(first).flatMap(gifPalette)) < 1e-4);
  });

  it('JPEG EXIF orientation 1–8 (either byte order): pixels turned and flipped upright, as the tag says, sizes swapped for 5–8', async () => {
    const plain = await jpegBytes(pattern(HEIGHT, WIDTH, 3), HEIGHT, WIDTH, 3);
    const stored = decodedValues(plain).values; // what the codec gives for these JPEG bytes without the tag
    const at = (r: number, c: number) => (r * WIDTH + c) * 3;
    // Display pixel (r, c) ← stored pixel, per orientation (TIFF 6.0 / EXIF 2.3), written out for each of the eight.
    const source: Record<number, (r: number, c: number) => [number, number]> = {
      1: (r, c) => [r, c],
      2: (r, c) => [r, WIDTH - 1 - c],
      3: (r, c) => [HEIGHT - 1 - r, WIDTH - 1 - c],
      4: (r, c) => [HEIGHT - 1 - r, c],
      5: (r, c) => [c, r],
      6: (r, c) => [HEIGHT - 1 - c, r],
      7: (r, c) => [HEIGHT - 1 - c, WIDTH - 1 - r],
      8: (r, c) => [c, WIDTH - 1 - r],
    };
    for (const orientation of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const bytes = withExifOrientation(plain, orientation, orientation % 2 === 0 ? 'II' : 'MM');
      const { pixels, header, orientation: applied } = decodeImage(bytes, 'phone.jpg');
      const [height, width] = orientation >= 5 ? [WIDTH, HEIGHT] : [HEIGHT, WIDTH];
      assert.deepEqual(pixels.shape, [height, width, 3], `orientation ${orientation}`);
      const values = Array.from(pixels.dataSync(), (value) => value * 255);
      pixels.dispose();
      const expected = values.map((_, i) => {
        const [r, c] = source[orientation]!(Math.floor(i / 3 / width), Math.floor(i / 3) % width);
        return stored[at(r, c) + (i % 3)]!;
      });
      assert.ok(maxDifference(values, expected) < 1e-3, `orientation ${orientation}: max difference ${maxDifference(values, expected)} of 255`);
      assert.deepEqual([header.width, header.height, applied], [width, height, orientation]);
    }
    const outOfRange = decodeImage(withExifOrientation(plain, 9, 'II'), 'odd.jpg');
    assert.equal(outOfRange.orientation, 1, 'a value outside 1–8 is read as 1, as viewers do');
    outOfRange.pixels.dispose();
  });

  it('GIF transparency: RGBA, alpha 0 and colour black where the first frame is transparent, as a PNG keeps its alpha', () => {
    const indices = Uint8Array.from({ length: HEIGHT * WIDTH }, (_, i) => (i % 4 === 0 ? 9 : (i * 3) % 256));
    const decoded = decodedValues(gifBytes([indices, indices.map((index) => 255 - index)], HEIGHT, WIDTH, 9));
    assert.deepEqual(decoded.shape, [HEIGHT, WIDTH, 4]);
    const expected = Array.from(indices).flatMap((index) => (index === 9 ? [0, 0, 0, 0] : [...gifPalette(index), 255]));
    assert.ok(maxDifference(decoded.values, expected) < 1e-4, 'every pixel: its palette colour and opaque, or black and transparent');
  });

  it('headers give format and size before decoding, for every format', async () => {
    const rgb = pattern(HEIGHT, WIDTH, 3);
    const files = { png: await pngBytes(rgb, HEIGHT, WIDTH, 3), jpeg: await jpegBytes(rgb, HEIGHT, WIDTH, 3), bmp: bmpBytes(rgb, HEIGHT, WIDTH), gif: gifBytes([new Uint8Array(HEIGHT * WIDTH)], HEIGHT, WIDTH) };
    for (const [format, bytes] of Object.entries(files)) {
      assert.deepEqual(readImageHeader(bytes, 'x'), { format, width: WIDTH, height: HEIGHT, bitDepth: 8 });
    }
  });

  it('encodePng: 8-bit PNG rounding [0, 1] to the nearest level, clipping outside', async () => {
    const pixels = tf.tensor3d([0, 0.4 / 255, 0.6 / 255, 100.3 / 255, 1, 1.5, -0.2], [1, 7, 1]) as Tensor3D;
    const decoded = decodedValues(await encodePng(pixels));
    pixels.dispose();
    assert.deepEqual(decoded.values.map(Math.round), [0, 0, 1, 100, 255, 255, 0]);
  });

  it('decoding and encoding leave no tensor behind, also when decoding fails', async () => {
    const bytes = await pngBytes(pattern(HEIGHT, WIDTH, 3), HEIGHT, WIDTH, 3);
    assertNoTensorLeak(() => decodeImage(bytes, 'x').pixels.dispose());
    assertNoTensorLeak(() => assert.throws(() => decodeImage(bytes.subarray(0, bytes.length - 20), 'x')));
    const transparent = gifBytes([new Uint8Array(HEIGHT * WIDTH).fill(3)], HEIGHT, WIDTH, 3);
    assertNoTensorLeak(() => decodeImage(transparent, 'x.gif').pixels.dispose());
    assertNoTensorLeak(() => assert.throws(() => decodeImage(transparent.subarray(0, transparent.length - 10), 'x.gif')));
    const sideways = withExifOrientation(await jpegBytes(pattern(HEIGHT, WIDTH, 1), HEIGHT, WIDTH, 1), 6, 'MM');
    assertNoTensorLeak(() => decodeImage(sideways, 'x.jpg').pixels.dispose());
  });

  describe('bad files: an ImageError naming the file, what is wrong and what to do', () => {
    it('a zero-byte file', () => rejects(new Uint8Array(0), /empty file \(0 bytes\).*copied or saved completely/));

    it('a file that is not an image', () => rejects(Buffer.from('name,price\nshirt,12\n'), /not a PNG, JPEG, BMP or GIF image \(it starts with bytes 6e 61 6d 65/));

    it('a truncated PNG: cut in its pixel data, and cut in its header', async () => {
      const bytes = await pngBytes(pattern(HEIGHT, WIDTH, 3), HEIGHT, WIDTH, 3);
      rejects(bytes.subarray(0, Math.floor(bytes.length / 2)), /cannot be decoded as the PNG.*truncated or damaged; copy or export it again\.$/);
      rejects(bytes.subarray(0, 20), /a PNG file cut short \(20 bytes, its header is incomplete\)/);
    });

    it('a truncated JPEG: cut in its pixel data, and cut before its frame header', async () => {
      const bytes = await jpegBytes(pattern(64, 64, 3), 64, 64, 3);
      rejects(bytes.subarray(0, bytes.length - 100), /cannot be decoded as the JPEG.*truncated or damaged/);
      rejects(bytes.subarray(0, 30), /a JPEG file cut short/);
    });

    it('an image above the pixel limit: refused from its header, naming the size, the limit and the flag that raises it', async () => {
      const bytes = await pngBytes(pattern(HEIGHT, WIDTH, 1), HEIGHT, WIDTH, 1);
      assert.throws(
        () => decodeImage(bytes, 'big.png', { maxPixels: 200 }),
        (error: Error) => error instanceof ImageError && /big\.png: 17×13 = 221 pixels, above the limit of 200 \(maxPixels\).*--max-pixels N/.test(error.message),
      );
      decodeImage(bytes, 'big.png', { maxPixels: 221 }).pixels.dispose();
    });
  });
});
