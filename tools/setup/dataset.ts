// Setup step 5: Fashion-MNIST into data/fashion-mnist, from the first source that gives the published bytes.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../lib/artifacts/atomic-write';
import { decompressIfGzip, FASHION_MNIST_FILES, verifyDatasetContent, type DatasetFile } from '../../lib/data/files';
import { FASHION_MNIST_CACHE_DIR } from '../../lib/paths';
import { capture, run, SetupStepError } from './shell';

const MIRRORS = [
  'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/',
  'https://storage.googleapis.com/tensorflow/tf-keras-datasets/',
];
const DEBIAN_PACKAGE = 'dataset-fashion-mnist';
const DEBIAN_DATASET_DIR = '/usr/share/datasets/fashion-mnist';
const DOWNLOAD_TIMEOUT_MS = 120_000;

export type Source = { describe: string; read: (file: DatasetFile) => Promise<Buffer | undefined> };

export function readFromDirectory(dir: string) {
  return async (file: DatasetFile): Promise<Buffer | undefined> => {
    for (const name of [file.name, `${file.name}.gz`]) {
      if (existsSync(join(dir, name))) return readFileSync(join(dir, name));
    }
    return undefined;
  };
}

function downloadFrom(mirror: string) {
  return async (file: DatasetFile): Promise<Buffer | undefined> => {
    const url = `${mirror}${file.name}.gz`;
    const response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
    if (!response.ok || !response.body) throw new Error(`${url} answered HTTP ${response.status}`);
    const total = Number(response.headers.get('content-length') ?? 0);
    const chunks: Uint8Array[] = [];
    let received = 0;
    let lastReported = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      chunks.push(chunk);
      received += chunk.length;
      if (total && received - lastReported > total / 4) {
        lastReported = received;
        console.log(`            ${file.name}.gz: ${((100 * received) / total).toFixed(0)}% of ${(total / 1e6).toFixed(1)} MB`);
      }
    }
    return Buffer.concat(chunks);
  };
}

function isDebianRoot(): boolean {
  return existsSync('/etc/debian_version') && process.getuid?.() === 0;
}

/** Installs Debian's package of the dataset when that is possible and nothing else has worked. */
async function readFromDebianPackage(file: DatasetFile): Promise<Buffer | undefined> {
  if (!existsSync(DEBIAN_DATASET_DIR) && isDebianRoot()) {
    console.log(`            installing Debian's ${DEBIAN_PACKAGE} with apt-get…`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const remedy = `Install it by hand: apt-get update && apt-get install ${DEBIAN_PACKAGE}`;
    if (capture('apt-get', ['install', '-y', '-q', DEBIAN_PACKAGE], { env }) === undefined) {
      run('apt-get', ['update', '-q'], { env, remedy, stdio: ['ignore', 'ignore', 'inherit'] });
      run('apt-get', ['install', '-y', '-q', DEBIAN_PACKAGE], { env, remedy, stdio: ['ignore', 'ignore', 'inherit'] });
    }
  }
  return readFromDirectory(DEBIAN_DATASET_DIR)(file);
}

export function defaultSources(): Source[] {
  const list: Source[] = [];
  const userDir = process.env.FASHION_MNIST_DIR;
  if (userDir) list.push({ describe: `FASHION_MNIST_DIR (${userDir})`, read: readFromDirectory(userDir) });
  for (const mirror of MIRRORS) list.push({ describe: mirror, read: downloadFrom(mirror) });
  list.push({ describe: `Debian package ${DEBIAN_PACKAGE}`, read: readFromDebianPackage });
  return list;
}

function cachedFileIsValid(file: DatasetFile, path: string): boolean {
  if (!existsSync(path)) return false;
  try {
    verifyDatasetContent(readFileSync(path), file, path);
    return true;
  } catch (error) {
    console.log(`            ${(error as Error).message.split('.')[0]}; fetching it again`);
    rmSync(path);
    return false;
  }
}

/** Copies `file` from the first source that gives its published bytes; the cache never holds a partial file. */
export async function fetchFile(file: DatasetFile, target: string, sources: readonly Source[]): Promise<string> {
  const failures: string[] = [];
  for (const source of sources) {
    try {
      const bytes = await source.read(file);
      if (!bytes) {
        failures.push(`${source.describe}: no such file`);
        continue;
      }
      const content = decompressIfGzip(bytes, `${file.name} from ${source.describe}`);
      verifyDatasetContent(content, file, `${file.name} from ${source.describe}`);
      writeFileAtomic(target, content);
      return source.describe;
    } catch (error) {
      failures.push(`${source.describe}: ${(error as Error).message}`);
    }
  }
  throw new SetupStepError(
    `no source gave a valid ${file.name}:\n              ${failures.join('\n              ')}`,
    `Download the four Fashion-MNIST .gz files by hand and set FASHION_MNIST_DIR to their folder, then run \`npm run setup\`.`,
  );
}

export async function ensureFashionMnist(
  cacheDir: string = FASHION_MNIST_CACHE_DIR,
  sources: readonly Source[] = defaultSources(),
): Promise<string> {
  const fetchedFrom = new Map<string, string[]>();
  for (const file of Object.values(FASHION_MNIST_FILES)) {
    const target = join(cacheDir, file.name);
    if (cachedFileIsValid(file, target)) continue;
    const from = await fetchFile(file, target, sources);
    fetchedFrom.set(from, [...(fetchedFrom.get(from) ?? []), file.name]);
  }
  if (fetchedFrom.size === 0) return 'cached and verified (SHA-256)';
  const parts = [...fetchedFrom].map(([from, names]) => `${names.length === 4 ? 'all 4 files' : names.join(', ')} from ${from}`);
  return `fetched and verified (SHA-256): ${parts.join('; ')}`;
}
