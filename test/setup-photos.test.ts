// Setup's photographs step: verified files are kept without calling pip, and a wheel whose photographs are not the
// published bytes is refused with what to do.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PHOTOS_DIR } from '../lib/paths';
import { ensurePhotos, PHOTOS } from '../tools/setup/photos';
import { SetupStepError } from '../tools/setup/shell';

describe('setup: sample photographs', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'photos-test-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps photographs that match their SHA-256 without running pip', function () {
    if (!Object.keys(PHOTOS).every((name) => existsSync(join(PHOTOS_DIR, name)))) this.skip(); // needs `npm run setup`
    Object.keys(PHOTOS).forEach((name) => copyFileSync(join(PHOTOS_DIR, name), join(dir, name)));
    assert.match(ensurePhotos(dir, join(dir, 'wheels'), '/nonexistent/python'), /cached and verified \(SHA-256\): 6 photographs/);
  });

  it('refuses a wheel whose photographs are not the published bytes, naming what to do', () => {
    const wheels = join(dir, 'wheels');
    mkdirSync(wheels);
    const wheel = join(wheels, 'scikit_image-0.26.0-fake.whl');
    const script = 'import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1], "w")\nfor n in sys.argv[2:]: z.writestr("skimage/data/" + n, b"not a photo")';
    assert.equal(spawnSync('python3', ['-c', script, wheel, ...Object.keys(PHOTOS)]).status, 0);
    assert.throws(() => ensurePhotos(join(dir, 'photos'), wheels, 'python3'), (error: unknown) =>
      error instanceof SetupStepError && /astronaut\.png in .* has SHA-256 [0-9a-f]{64}, not the published/.test(error.message) && /Delete .*fake\.whl/.test(error.remedy));
    assert.equal(existsSync(join(dir, 'photos', 'astronaut.png')), false);
  });
});
