// `npm run denoise`: every format in, 8-bit PNGs out, each bad input reported by name while the others go on,
// refusals before any work, no file overwritten without --force. Inputs and models are written by the tests.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { saveModel } from '../../lib/artifacts/model-files';
import { ProjectError } from '../../lib/errors';
import { readImageHeader } from '../../lib/images/header';
import { buildAutoencoder } from '../../lib/models/autoencoder';
import { PROJECT_ROOT } from '../../lib/paths';
import { EXIT } from '../../tools/command';
import { denoiseCommand } from '../../tools/denoise/main';
import { temporaryDir } from '../helpers/idx-files';
import { bmpBytes, gifBytes, jpegBytes, pattern, png16Bytes, pngBytes, withExifOrientation } from '../helpers/image-files';
import { disposeModel, saveRunAutoencoder } from '../helpers/models';
import { requireTmpfs, unmount } from '../helpers/tmpfs';

/** Room for the small image's outputs, not for the large one's. */
const TINY_FS_BYTES = 64 * 1024;

/** A runs folder whose latest run holds an (untrained) U-Net, as notebook 04 leaves it. */
async function runsWithModel(): Promise<string> {
  const runsDir = temporaryDir('fmd-denoise-runs-');
  const model = buildAutoencoder({ architecture: 'unet', seed: 1 });
  await saveModel(model, join(runsDir, 'run-1', 'models', 'autoencoder'));
  disposeModel(model);
  symlinkSync('run-1', join(runsDir, 'latest'));
  return runsDir;
}

async function run(argv: readonly string[], runsDir: string): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await denoiseCommand(argv, { log: (line) => lines.push(line), runsDir });
  return { code, lines };
}

async function refused(argv: readonly string[], runsDir: string, message: RegExp): Promise<void> {
  await assert.rejects(run(argv, runsDir), (error: Error) => error instanceof ProjectError && message.test(error.message));
}

describe('npm run denoise', function () {
  this.timeout(120_000);
  let runsDir = '';
  let photos = '';

  before(async () => {
    runsDir = await runsWithModel();
    photos = temporaryDir('fmd-photos-');
    writeFileSync(join(photos, 'grey.png'), await pngBytes(pattern(30, 41, 1), 30, 41, 1));
    writeFileSync(join(photos, 'logo.png'), await pngBytes(pattern(33, 29, 4), 33, 29, 4));
    writeFileSync(join(photos, 'photo.jpg'), await jpegBytes(pattern(48, 64, 3), 48, 64, 3));
    writeFileSync(join(photos, 'scan.bmp'), bmpBytes(pattern(21, 22, 3), 21, 22));
    writeFileSync(join(photos, 'anim.gif'), gifBytes([new Uint8Array(25 * 26).fill(40), new Uint8Array(25 * 26).fill(200)], 25, 26));
    writeFileSync(join(photos, 'deep.png'), png16Bytes(Array.from({ length: 19 * 23 }, (_, i) => i * 150), 19, 23, 1));
    writeFileSync(join(photos, 'notes.txt'), 'not an image, and not named like one\n');
  });

  it('every format and channel count into an 8-bit PNG of its size under runs/denoised/<time>/, a line per file, a summary', async () => {
    const { code, lines } = await run([photos], runsDir);
    assert.equal(code, EXIT.done);
    const [outDir] = readdirSync(join(runsDir, 'denoised')).map((name) => join(runsDir, 'denoised', name));
    assert.match(lines[0]!, /^model chosen: the latest run's, as no run has a blind autoencoder yet \(`npm start -- --preset blind` trains one.*\); trained on unknown noise \(no provenance\.json beside it\)$/);
    assert.match(lines[1]!, /^model: .*run-1\/models\/autoencoder \(unet, 109,153 weights\); it runs at each image's own size/);
    assert.match(lines[2]!, /^colour: per-channel/);
    assert.equal(lines[3], `output: ${outDir}`);
    assert.match(lines[4]!, /^noise check: none, as the model's training noise is unknown; each line still gives the image's σ̂$/);
    const expected = { anim: [26, 25, 'RGB 8-bit GIF'], deep: [23, 19, 'grey 16-bit PNG'], grey: [41, 30, 'grey 8-bit PNG'], logo: [29, 33, 'RGBA 8-bit PNG'], photo: [64, 48, 'RGB 8-bit JPEG'], scan: [22, 21, 'RGB 8-bit BMP'] } as const;
    Object.entries(expected).forEach(([name, [width, height, kind]], i) => {
      assert.match(lines[5 + i]!, new RegExp(`^\\[${i + 1}/6\\] .*${name}\\.\\w+: ${width}×${height} ${kind}, (per-channel, )?noise σ̂ \\d\\.\\d{3}, [\\d.]+ s → ${name}\\.png$`));
      assert.deepEqual(readImageHeader(readFileSync(join(outDir!, `${name}.png`)), name), { format: 'png', width, height, bitDepth: 8 });
    });
    assert.match(lines[11]!, /^6 of 6 images denoised in [\d.]+ s \([\d.]+ s per megapixel\)$/);
    assert.match(lines[12]!, /^left out of the folders: 1 entry/);
  });

  it('--add-noise: a strip input | noisy | denoised beside each output, PSNR and SSIM of both on the file\'s line and their means', async () => {
    const out = join(temporaryDir(), 'out');
    const { code, lines } = await run([join(photos, 'photo.jpg'), join(photos, 'grey.png'), '--add-noise', 'gaussian=0.2', '--seed', '3', '--color', 'luminance', '--out', out], runsDir);
    assert.equal(code, EXIT.done);
    assert.match(lines.join('\n'), /^noise: gaussian 0\.2, seed 3, added to each image first; .*\(level: standard deviation/m);
    assert.match(lines.join('\n'), /photo\.jpg: 64×48 RGB 8-bit JPEG, luminance, noise σ̂ 0\.\d{3}, .*noisy \d+\.\d\d dB SSIM 0\.\d{3} → denoised \d+\.\d\d dB SSIM 0\.\d{3} → photo\.png, photo-strip\.png$/m);
    assert.match(lines.join('\n'), /^mean over 2 images: noisy/m);
    assert.deepEqual(readImageHeader(readFileSync(join(out, 'photo-strip.png')), 'strip'), { format: 'png', width: 3 * 64 + 2 * 4, height: 48, bitDepth: 8 });
  });

  it('bad files: each fails with its reason, the others are still denoised, all listed at the end, exit 1', async () => {
    const folder = temporaryDir('fmd-bad-');
    const good = await pngBytes(pattern(20, 20, 3), 20, 20, 3);
    const jpeg = await jpegBytes(pattern(24, 24, 3), 24, 24, 3);
    writeFileSync(join(folder, 'a-good.png'), good);
    writeFileSync(join(folder, 'cut.png'), good.subarray(0, good.length - 30));
    writeFileSync(join(folder, 'cut-jpeg.jpg'), jpeg.subarray(0, jpeg.length - 60));
    writeFileSync(join(folder, 'empty.gif'), new Uint8Array(0));
    writeFileSync(join(folder, 'table.png'), 'id,name\n1,shirt\n');
    writeFileSync(join(folder, 'huge.bmp'), bmpBytes(pattern(40, 50, 3), 40, 50));
    symlinkSync(join(folder, 'moved-away.png'), join(folder, 'gone.png'));
    const out = join(folder, 'out');
    const { code, lines } = await run([folder, join(folder, 'missing.png'), '--out', out, '--max-pixels', '1000'], runsDir);
    assert.equal(code, EXIT.failed);
    const text = lines.join('\n');
    assert.match(text, /^\[1\/7\] .*a-good\.png: 20×20 RGB/m);
    assert.match(text, /^1 of 7 images denoised/m);
    const failures = lines.slice(lines.findIndex((line) => line.startsWith('failures (7):')) + 1);
    const reasons = [
      /missing\.png: no such file or folder/,
      /cut-jpeg\.jpg: cannot be decoded as the JPEG .*truncated or damaged/,
      /cut\.png: cannot be decoded as the PNG .*truncated or damaged/,
      /empty\.gif: empty file \(0 bytes\)/,
      /gone\.png: cannot be read \(ENOENT/,
      /huge\.bmp: 50×40 = 2,000 pixels, above the limit of 1,000 .*--max-pixels/,
      /table\.png: not a PNG, JPEG, BMP or GIF image/,
    ];
    assert.equal(failures.length, reasons.length, failures.join('\n'));
    reasons.forEach((reason, i) => assert.match(failures[i]!, reason));
    assert.deepEqual(readdirSync(out), ['a-good.png'], 'only the good file has an output, and no temporary file is left');
  });

  it('never overwrites without --force, and never an input even with it', async () => {
    const out = temporaryDir('fmd-out-');
    const input = join(photos, 'grey.png');
    assert.equal((await run([input, '--out', out], runsDir)).code, EXIT.done);
    writeFileSync(join(out, 'grey.png'), 'precious');
    const again = await run([input, '--out', out], runsDir);
    assert.equal(again.code, EXIT.failed);
    assert.match(again.lines.join('\n'), /grey\.png already exists\. Pass --force to replace it/);
    assert.equal(readFileSync(join(out, 'grey.png'), 'utf8'), 'precious');
    assert.equal((await run([input, '--out', out, '--force'], runsDir)).code, EXIT.done);
    assert.equal(readImageHeader(readFileSync(join(out, 'grey.png')), 'x').format, 'png');
    const intoInputs = await run([input, '--out', photos, '--force'], runsDir);
    assert.equal(intoInputs.code, EXIT.failed);
    assert.match(intoInputs.lines.join('\n'), /its output .*grey\.png is one of the inputs/);
    assert.equal(readImageHeader(readFileSync(input), 'x').width, 41, 'the input is unchanged');
  });

  it('two inputs with one base name: the second is refused, naming the first', async () => {
    const out = temporaryDir('fmd-out-');
    const other = temporaryDir('fmd-other-');
    writeFileSync(join(other, 'grey.jpg'), await jpegBytes(pattern(10, 12, 1), 10, 12, 1));
    const { code, lines } = await run([join(photos, 'grey.png'), join(other, 'grey.jpg'), '--out', out], runsDir);
    assert.equal(code, EXIT.failed);
    assert.match(lines.join('\n'), /grey\.jpg: its output .*grey\.png is already the output of .*grey\.png\. Rename one of the two/);
  });

  it('a phone photograph tagged EXIF orientation 6 comes out upright: its output has the sides swapped, and the line says why', async () => {
    const folder = temporaryDir('fmd-phone-');
    writeFileSync(join(folder, 'phone.jpg'), withExifOrientation(await jpegBytes(pattern(20, 32, 3), 20, 32, 3), 6, 'II'));
    const out = join(folder, 'out');
    const { code, lines } = await run([join(folder, 'phone.jpg'), '--out', out], runsDir);
    assert.equal(code, EXIT.done, lines.join('\n'));
    assert.match(lines.join('\n'), /phone\.jpg: 20×32 RGB 8-bit JPEG, turned upright \(EXIF orientation 6\), per-channel/);
    assert.deepEqual(readImageHeader(readFileSync(join(out, 'phone.png')), 'phone'), { format: 'png', width: 20, height: 32, bitDepth: 8 });
  });

  it('the dense model: denoises each image at its own size in 28×28 tiles, and --fine-tune trains it on 28×28 patches', async () => {
    const denseRun = join(temporaryDir('fmd-dense-'), 'run-dense');
    await saveRunAutoencoder(denseRun, 'dense');
    const out = temporaryDir('fmd-out-');
    const plain = await run([photos, '--model', denseRun, '--out', join(out, 'plain')], runsDir);
    assert.equal(plain.code, EXIT.done, plain.lines.join('\n'));
    assert.match(plain.lines[0]!, /^model chosen: given with --model; trained on gaussian noise at level 0\.2 only; other noise may come out worse/);
    assert.match(plain.lines[1]!, /\(dense, 101,200 weights\); it takes 28×28 inputs only, so it runs on 28×28 tiles of each image at its own size, one every 7 pixels/);
    assert.match(plain.lines.join('\n'), /photo\.jpg: 64×48 RGB 8-bit JPEG, per-channel, 88 tiles per plane, /);
    assert.deepEqual(readImageHeader(readFileSync(join(out, 'plain', 'photo.png')), 'photo'), { format: 'png', width: 64, height: 48, bitDepth: 8 });
    const large = temporaryDir('fmd-dense-photos-');
    writeFileSync(join(large, 'a.png'), await pngBytes(pattern(40, 36, 1), 40, 36, 1));
    writeFileSync(join(large, 'b.jpg'), await jpegBytes(pattern(30, 50, 3), 30, 50, 3));
    const tuned = await run(['--fine-tune', large, '--model', denseRun, '--patches', '24', '--epochs', '1', join(photos, 'grey.png'), '--out', join(out, 'tuned')], runsDir);
    assert.equal(tuned.code, EXIT.done, tuned.lines.join('\n'));
    assert.match(tuned.lines.join('\n'), /^fine-tuned model \(noise gaussian 0\.2, 19 training and 5 held-out patches/m);
    assert.match(tuned.lines.join('\n'), /^model: .*fine-tuned-\w+ \(dense, 101,200 weights\)/m);
    assert.ok(existsSync(join(out, 'tuned', 'grey.png')));
    await refused(['--fine-tune', large, '--model', denseRun, '--patch', '32'], runsDir, /patch = 32 .*expected 28 for the dense autoencoder.*leave --patch out/);
    await refused(['--fine-tune', photos, '--model', denseRun], runsDir, /patch = 28 .*at most 19, .*the dense autoencoder takes 28×28 patches only: leave out the smaller images/);
  });

  describe('refused before any work (exit 2), saying what to do', () => {
    it('no trained model: names the commands that train one', async () => {
      await refused([photos], temporaryDir('fmd-empty-runs-'), /no trained autoencoder at .*latest\/models\/autoencoder.*`npm start`.*`npm start -- --only 04`/);
    });

    it('--model: a run folder or a model folder works; a missing or damaged one is refused by name', async () => {
      const out = temporaryDir('fmd-out-');
      assert.equal((await run([join(photos, 'grey.png'), '--model', join(runsDir, 'run-1'), '--out', join(out, 'a')], runsDir)).code, EXIT.done);
      assert.equal((await run([join(photos, 'grey.png'), '--model', join(runsDir, 'run-1', 'models', 'autoencoder'), '--out', join(out, 'b')], runsDir)).code, EXIT.done);
      await refused([photos, '--model', join(out, 'nowhere')], runsDir, /--model .*nowhere: no such folder/);
      await refused([photos, '--model', photos], runsDir, /neither a model folder \(no model\.json\) nor a run folder/);
      const damaged = join(temporaryDir(), 'autoencoder');
      const model = buildAutoencoder({ architecture: 'tutorial', seed: 1 });
      const { weightsFile } = await saveModel(model, damaged);
      disposeModel(model);
      truncateSync(join(damaged, weightsFile), 100);
      await refused([photos, '--model', damaged], runsDir, /weights-.*\.bin: truncated or padded: 100 bytes.*Retrain it \(`npm start -- --only 04`\), or pass another --model/);
    });

    it('--add-noise with an unknown type or a level out of range', async () => {
      await refused([photos, '--add-noise', 'pink=0.2'], runsDir, /--add-noise = "pink=0\.2".*a type among uniform, gaussian, salt-and-pepper, speckle, poisson/);
      await refused([photos, '--add-noise', 'salt-and-pepper=1.5'], runsDir, /a salt-and-pepper level in \[0, 1\]/);
      await refused([photos, '--add-noise', 'gaussian=abc'], runsDir, /a gaussian level in \[0, 10\]/);
    });

    it('a folder with no images, or nothing that exists', async () => {
      const empty = temporaryDir('fmd-no-images-');
      writeFileSync(join(empty, 'readme.txt'), 'hi');
      await refused([empty], runsDir, /nothing to denoise:\n .*a folder with no PNG, JPEG, BMP or GIF files \(1 other entry left out\)/);
      await refused([join(empty, 'nope')], runsDir, /nothing to denoise:\n .*nope: no such file or folder/);
    });

    it('an output folder that cannot be made', async () => {
      const file = join(temporaryDir(), 'a-file');
      writeFileSync(file, '');
      await refused([photos, '--out', join(file, 'out')], runsDir, /cannot write into the output folder .*a-file\/out \(ENOTDIR.*nothing was denoised\. Choose a writable folder with --out/);
    });
  });

  describe('an output folder on a full disk or a read-only one (tmpfs; needs root, and fails saying so without it)', () => {
    let out = '';
    beforeEach(() => {
      out = temporaryDir('fmd-denoise-disk-');
      requireTmpfs(out, `size=${TINY_FS_BYTES}`);
    });
    afterEach(() => unmount(out));

    it('disk full: that file fails with ENOSPC and the fix, no partial file is left, the other files are done', async () => {
      const folder = temporaryDir('fmd-disk-inputs-');
      writeFileSync(join(folder, 'a-small.png'), await pngBytes(pattern(20, 20, 3), 20, 20, 3));
      const noise = Uint8Array.from({ length: 300 * 300 * 3 }, (_, i) => (i * 2654435761) >>> 24); // incompressible
      writeFileSync(join(folder, 'b-large.png'), await pngBytes(noise, 300, 300, 3));
      writeFileSync(join(folder, 'c-small.png'), await pngBytes(pattern(20, 20, 1), 20, 20, 1));
      const { code, lines } = await run([folder, '--out', out, '--add-noise', 'uniform=0.3'], runsDir);
      assert.equal(code, EXIT.failed);
      assert.match(lines.join('\n'), /^failures \(1\):\n {2}could not write .*b-large.*\(ENOSPC.*Free disk space, then rerun\.$/m);
      const written = readdirSync(out);
      assert.ok(['a-small.png', 'a-small-strip.png', 'c-small.png', 'c-small-strip.png'].every((name) => written.includes(name)), written.join());
      assert.ok(!written.some((name) => name.endsWith('.tmp') || name === 'b-large-strip.png'), written.join());
    });

    it('read-only: refused before any work, saying so', async () => {
      unmount(out);
      requireTmpfs(out, 'ro');
      await refused([join(photos, 'grey.png'), '--out', out], runsDir, /cannot write into the output folder .* \(EROFS.*nothing was denoised/);
    });
  });

  it('from the shell: exit 1 when a file failed, 2 with a one-line error when refused', () => {
    const out = temporaryDir('fmd-out-');
    const failed = command(runsDir, [join(photos, 'grey.png'), join(photos, 'notes.txt'), '--out', out]);
    assert.equal(failed.status, EXIT.failed, failed.stderr);
    assert.match(failed.stdout, /notes\.txt: not a PNG, JPEG, BMP or GIF image/);
    assert.ok(existsSync(join(out, 'grey.png')));
    const refusal = command(runsDir, [photos, '--add-noise', 'gaussian=-1']);
    assert.equal(refusal.status, EXIT.refused);
    assert.match(refusal.stderr, /^error: parameter --add-noise = "gaussian=-1" is not allowed: expected a gaussian level in \[0, 10\]/m);
  });

  it('from the shell: an error once work has begun exits 1, not 2; the same error before any work is refused (2)', () => {
    const file = join(temporaryDir(), 'a-file');
    writeFileSync(file, '');
    const unwritable = join(file, 'out');
    const afterTraining = command(runsDir, ['--fine-tune', photos, '--add-noise', 'gaussian=0.2', '--patch', '16', '--patches', '24', '--epochs', '1', join(photos, 'grey.png'), '--out', unwritable]);
    assert.match(afterTraining.stdout, /^fine-tuned model \(noise gaussian 0\.2/m);
    assert.match(afterTraining.stderr, /^error: cannot write into the output folder .*a-file\/out \(ENOTDIR/m);
    assert.equal(afterTraining.status, EXIT.failed, afterTraining.stderr);
    const before = command(runsDir, [join(photos, 'grey.png'), '--out', unwritable]);
    assert.match(before.stderr, /^error: cannot write into the output folder .*a-file\/out \(ENOTDIR/m);
    assert.equal(before.status, EXIT.refused, before.stderr);
  });
});

function command(runsDir: string, args: readonly string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'tools/denoise/index.ts', ...args], {
    cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 120_000, env: { ...process.env, RUNS_DIR: runsDir },
  });
}
