import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DatasetMissingError, IdxFormatError } from '../lib/errors';
import { parseIdx, readIdxFile } from '../lib/data/idx';
import { temporaryDir } from './helpers/idx-files';

/** IDX bytes written out by hand, independent of the encoder under test. */
function handWrittenLabels(): Uint8Array {
  return Uint8Array.from([0x00, 0x00, 0x08, 0x01, 0x00, 0x00, 0x00, 0x03, 0x09, 0x00, 0x04]);
}

function handWrittenImages(): Uint8Array {
  const header = [0x00, 0x00, 0x08, 0x03, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3];
  return Uint8Array.from([...header, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
}

describe('IDX reader', () => {
  it('parses hand-written label and image files', () => {
    const labels = parseIdx(handWrittenLabels(), 1, 'labels');
    assert.deepEqual(labels.dims, [3]);
    assert.deepEqual([...labels.data], [9, 0, 4]);
    const images = parseIdx(handWrittenImages(), 3, 'images');
    assert.deepEqual(images.dims, [2, 2, 3]);
    assert.deepEqual([...images.data], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('reads raw and gzip files alike', () => {
    const dir = temporaryDir();
    writeFileSync(join(dir, 'raw'), handWrittenImages());
    writeFileSync(join(dir, 'zipped'), gzipSync(handWrittenImages()));
    assert.deepEqual(readIdxFile(join(dir, 'raw'), 3), readIdxFile(join(dir, 'zipped'), 3));
  });

  it('rejects a wrong magic number, naming the file and both numbers', () => {
    assert.throws(
      () => parseIdx(handWrittenLabels(), 3, 'labels-file'),
      (error: Error) =>
        error instanceof IdxFormatError && /labels-file/.test(error.message) && /0x00000803/.test(error.message) && /0x00000801/.test(error.message),
    );
    const floatType = handWrittenLabels();
    floatType[2] = 0x0d;
    assert.throws(() => parseIdx(floatType, 1, 'f'), /magic number 0x00000801.*found 0x00000d01/);
  });

  it('rejects a truncated file, saying how many bytes it needs', () => {
    const truncated = handWrittenImages().subarray(0, 20);
    assert.throws(() => parseIdx(truncated, 3, 'images'), /expected 28 bytes for dimensions \[2, 2, 3\], found 20 bytes/);
    assert.throws(() => parseIdx(truncated.subarray(0, 2), 3, 'images'), IdxFormatError);
    assert.throws(() => parseIdx(truncated.subarray(0, 10), 3, 'images'), /16-byte header/);
  });

  it('rejects a broken gzip stream and a missing file with errors naming the path', () => {
    const dir = temporaryDir();
    const path = join(dir, 'broken.gz');
    writeFileSync(path, gzipSync(handWrittenImages()).subarray(0, 25));
    assert.throws(() => readIdxFile(path, 3), (error: Error) => error instanceof IdxFormatError && error.message.includes(path));
    assert.throws(() => readIdxFile(join(dir, 'absent'), 3), DatasetMissingError);
  });
});
