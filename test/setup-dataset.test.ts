import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { FASHION_MNIST_FILES } from '../lib/data/files';
import { FASHION_MNIST_CACHE_DIR } from '../lib/paths';
import { fetchFile, readFromDirectory, type Source } from '../tools/setup/dataset';
import { temporaryDir } from './helpers/idx-files';

const LABELS = FASHION_MNIST_FILES.testLabels;
const realLabels = () => readFileSync(join(FASHION_MNIST_CACHE_DIR, LABELS.name));
const sourceOf = (describe: string, bytes: Buffer): Source => ({ describe, read: async () => bytes });

describe('setup: fetching a dataset file into the cache', () => {
  it('rejects a source whose content has the wrong checksum and leaves nothing in the cache', async () => {
    const cache = temporaryDir();
    const tampered = Buffer.from(realLabels());
    tampered[100] = (tampered[100]! + 1) % 10;
    await assert.rejects(
      fetchFile(LABELS, join(cache, LABELS.name), [sourceOf('tampered mirror', tampered)]),
      (error: Error) => error.message.includes('tampered mirror') && error.message.includes(LABELS.sha256),
    );
    assert.deepEqual(readdirSync(cache), []);
  });

  it('rejects a truncated download and falls through to the next source', async () => {
    const cache = temporaryDir();
    const truncated = gzipSync(realLabels()).subarray(0, 2000);
    const from = await fetchFile(LABELS, join(cache, LABELS.name), [
      sourceOf('truncated mirror', truncated),
      { describe: 'empty folder', read: readFromDirectory(temporaryDir()) },
      sourceOf('good mirror', gzipSync(realLabels())),
    ]);
    assert.equal(from, 'good mirror');
    assert.deepEqual(readdirSync(cache), [LABELS.name]);
    assert.ok(readFileSync(join(cache, LABELS.name)).equals(realLabels()));
  });

  it('names every source it tried when none works', async () => {
    const cache = temporaryDir();
    const failingDownload: Source = { describe: 'offline mirror', read: async () => Promise.reject(new Error('getaddrinfo ENOTFOUND')) };
    await assert.rejects(
      fetchFile(LABELS, join(cache, LABELS.name), [failingDownload, { describe: 'empty folder', read: readFromDirectory(cache) }]),
      /offline mirror: getaddrinfo ENOTFOUND[\s\S]*empty folder: no such file/,
    );
  });

  it('keeps an existing valid cache file when a later fetch of it fails', async () => {
    const cache = temporaryDir();
    const target = join(cache, LABELS.name);
    writeFileSync(target, realLabels());
    await assert.rejects(fetchFile(LABELS, target, [sourceOf('bad', Buffer.from('not idx'))]));
    assert.ok(readFileSync(target).equals(realLabels()));
  });
});
