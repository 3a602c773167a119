import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLASS_NAMES, loadFashionMnist, TEST_SIZE, TRAIN_SIZE } from '../lib/data/fashion-mnist';
import { FASHION_MNIST_FILES } from '../lib/data/files';
import { encodeIdx } from '../lib/data/idx';
import { ChecksumError, ConfigError, DatasetMissingError, IdxFormatError } from '../lib/errors';
import { tf } from '../lib/tf';
import { syntheticPixel, writeSyntheticDataset } from './helpers/idx-files';

describe('Fashion-MNIST loader on synthetic files', () => {
  for (const gzip of [false, true]) {
    it(`scales pixels to [0, 1] with a channel axis (${gzip ? 'gzip' : 'raw'} files)`, () => {
      const dir = writeSyntheticDataset(12, 5, { gzip });
      const data = loadFashionMnist({ dir, verifyChecksums: false });
      assert.deepEqual(data.train.images.shape, [12, 28, 28, 1]);
      assert.deepEqual(data.test.images.shape, [5, 28, 28, 1]);
      const pixel = data.train.images.slice([3, 4, 5, 0], [1, 1, 1, 1]);
      assert.ok(Math.abs(pixel.dataSync()[0]! - syntheticPixel(3, 4, 5) / 255) < 1e-7);
      assert.deepEqual([...data.test.labels], [0, 1, 2, 3, 4]);
      assert.equal(data.classNames, CLASS_NAMES);
      tf.dispose([pixel, data.train.images, data.test.images]);
    });
  }

  it('keeps the first trainSize/testSize examples when asked for a subset', () => {
    const dir = writeSyntheticDataset(12, 5);
    const data = loadFashionMnist({ dir, verifyChecksums: false, trainSize: 4, testSize: 2 });
    assert.equal(data.train.images.shape[0], 4);
    assert.deepEqual([...data.train.labels], [0, 1, 2, 3]);
    assert.equal(data.test.labels.length, 2);
    tf.dispose([data.train.images, data.test.images]);
  });

  it('rejects a subset size that is not a positive integer within the dataset', () => {
    const dir = writeSyntheticDataset(12, 5);
    assert.throws(() => loadFashionMnist({ dir, verifyChecksums: false, trainSize: 0 }), ConfigError);
    assert.throws(() => loadFashionMnist({ dir, verifyChecksums: false, testSize: 2.5 }), /testSize = 2.5/);
    assert.throws(() => loadFashionMnist({ dir, verifyChecksums: false, trainSize: 13 }), /at most 12/);
  });

  it('rejects label and image counts that disagree, naming the labels file', () => {
    const dir = writeSyntheticDataset(12, 5);
    const labelsPath = join(dir, FASHION_MNIST_FILES.trainLabels.name);
    writeFileSync(labelsPath, encodeIdx([11], new Uint8Array(11)));
    assert.throws(
      () => loadFashionMnist({ dir, verifyChecksums: false }),
      (error: Error) => error instanceof IdxFormatError && error.message.includes(labelsPath) && /12 labels.*found 11/.test(error.message),
    );
  });

  it('rejects a file with the right size but the wrong content by its checksum', () => {
    const dir = writeSyntheticDataset(12, 5);
    writeFileSync(join(dir, FASHION_MNIST_FILES.trainImages.name), new Uint8Array(FASHION_MNIST_FILES.trainImages.bytes));
    writeFileSync(join(dir, FASHION_MNIST_FILES.trainLabels.name), encodeIdx([60000], new Uint8Array(60000)));
    assert.throws(
      () => loadFashionMnist({ dir }),
      (error: Error) =>
        error instanceof ChecksumError && error.message.includes(FASHION_MNIST_FILES.trainImages.sha256) && /npm run setup/.test(error.message),
    );
  });

  it('names the missing file and the command that fetches it when the cache is incomplete', () => {
    const dir = writeSyntheticDataset(12, 5);
    const missing = join(dir, FASHION_MNIST_FILES.testImages.name);
    rmSync(missing);
    assert.throws(
      () => loadFashionMnist({ dir, verifyChecksums: false }),
      (error: Error) => error instanceof DatasetMissingError && error.message.includes(missing) && /npm run setup/.test(error.message),
    );
  });

  it('does not leak the train tensor when the test split fails', () => {
    const dir = writeSyntheticDataset(12, 5);
    writeFileSync(join(dir, FASHION_MNIST_FILES.testLabels.name), encodeIdx([3], new Uint8Array(3)));
    const before = tf.memory().numTensors;
    assert.throws(() => loadFashionMnist({ dir, verifyChecksums: false }), IdxFormatError);
    assert.equal(tf.memory().numTensors, before);
  });
});

describe('Fashion-MNIST loader on the real dataset', function () {
  const data = { value: undefined as ReturnType<typeof loadFashionMnist> | undefined };
  before(() => {
    data.value = loadFashionMnist();
  });
  after(() => {
    if (data.value) tf.dispose([data.value.train.images, data.value.test.images]);
  });

  it('has 60000 training and 10000 test images of 28×28×1', () => {
    assert.deepEqual(data.value!.train.images.shape, [TRAIN_SIZE, 28, 28, 1]);
    assert.deepEqual(data.value!.test.images.shape, [TEST_SIZE, 28, 28, 1]);
  });

  it('has pixel values spanning exactly [0, 1]', () => {
    for (const split of [data.value!.train, data.value!.test]) {
      const [min, max] = tf.tidy(() => [split.images.min().dataSync()[0], split.images.max().dataSync()[0]]);
      assert.equal(min, 0);
      assert.equal(max, 1);
    }
  });

  it('has 6000 training and 1000 test images of each class', () => {
    const count = (labels: Int32Array) => CLASS_NAMES.map((_, c) => labels.filter((label) => label === c).length);
    assert.deepEqual(count(data.value!.train.labels), Array(10).fill(6000));
    assert.deepEqual(count(data.value!.test.labels), Array(10).fill(1000));
  });
});
