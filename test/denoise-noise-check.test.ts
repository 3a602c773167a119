// `npm run denoise` never makes an image worse in silence: a warning before writing when an image's noise σ̂ is well
// outside what the model was trained for, naming what to use instead; and, with --add-noise, the outputs that
// scored below their noisy input listed in the summary.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT } from '../tools/command';
import { denoiseCommand } from '../tools/denoise/main';
import { summaryLines } from '../tools/denoise/report';
import { temporaryDir } from './helpers/idx-files';
import { pattern, pngBytes } from './helpers/image-files';
import { saveRunAutoencoder } from './helpers/models';

async function run(argv: readonly string[], runsDir: string): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await denoiseCommand(argv, { log: (line) => lines.push(line), runsDir });
  return { code, lines };
}

/** The warning line of image `name`, checked to come before that image's own line (printed once it is written). */
function warningOf(lines: readonly string[], name: string): string | undefined {
  const warning = lines.findIndex((line) => line.includes(`warning: ${name} reads noise`));
  if (warning < 0) return undefined;
  const written = lines.findIndex((line) => new RegExp(`${name}: \\d+×\\d+ `).test(line));
  assert.ok(warning < written, `the warning comes before the file's line:\n${lines.join('\n')}`);
  return lines[warning];
}

describe('npm run denoise: the noise check', function () {
  this.timeout(120_000);
  let runsDir = '';
  let specialist = '';
  let image = '';

  before(async () => {
    runsDir = temporaryDir('fmd-noise-check-runs-');
    specialist = join(runsDir, 'run-1');
    await saveRunAutoencoder(specialist, 'tutorial'); // trained, says its provenance, on gaussian σ 0.2
    image = join(temporaryDir('fmd-noise-check-photos-'), 'photo.png');
    writeFileSync(image, await pngBytes(pattern(48, 64, 3), 48, 64, 3));
  });

  it('says what the model was trained for in σ̂, and gives each image\'s σ̂ on its line', async () => {
    const { lines } = await run([image, '--model', specialist, '--out', temporaryDir(), '--add-noise', 'gaussian=0.2'], runsDir);
    assert.match(lines.join('\n'), /^noise check: each image's σ̂ \(wavelet estimate\) against σ̂ 0\.2\d\d \(gaussian 0\.2\), what the model was trained for/m);
    assert.match(lines.join('\n'), /photo\.png: 64×48 RGB 8-bit PNG, per-channel, noise σ̂ 0\.\d{3}, /);
  });

  it('the noise the specialist was trained for: no warning', async () => {
    const { code, lines } = await run([image, '--model', specialist, '--out', temporaryDir(), '--add-noise', 'gaussian=0.2'], runsDir);
    assert.equal(code, EXIT.done);
    assert.equal(warningOf(lines, 'photo.png'), undefined, lines.join('\n'));
  });

  it('a clean image given to the specialist: a warning before writing, naming the estimate, the training and the blind model; exit 0', async () => {
    const { code, lines } = await run([image, '--model', specialist, '--out', temporaryDir()], runsDir);
    assert.equal(code, EXIT.done, 'a warning is not a failure');
    assert.match(warningOf(lines, 'photo.png') ?? lines.join('\n'), /^\[1\/1\] warning: photo\.png reads noise σ̂ 0\.00\d, well below the σ̂ 0\.2\d\d \(gaussian 0\.2\) the model was trained for: its output may be worse than the input\. Use a blind autoencoder \(trained for any noise up to σ̂ 0\.3\d\d\): `npm start -- --preset blind` trains one, which this command uses when --model is left out\.$/);
  });

  it('noise stronger than the specialist\'s: the newest blind autoencoder under runs/ is named when there is one', async () => {
    const withBlind = temporaryDir('fmd-noise-check-blind-');
    const blindRun = join(withBlind, 'run-blind');
    await saveRunAutoencoder(blindRun, 'tutorial', { 'noise.training': 'blind' });
    writeFileSync(join(blindRun, 'run.log'), '');
    const { lines } = await run([image, '--model', specialist, '--out', temporaryDir(), '--add-noise', 'gaussian=0.5'], withBlind);
    assert.match(warningOf(lines, 'photo.png') ?? lines.join('\n'), new RegExp(`well above the σ̂ 0\\.2\\d\\d \\(gaussian 0\\.2\\) the model was trained for: .*Use the newest blind autoencoder \\(trained for any noise up to σ̂ 0\\.3\\d\\d\\): --model ${blindRun}/models/autoencoder$`));
  });

  it('a blind model: no warning for a clean image, which it was trained for; beyond its strongest noise, that nothing here was trained for it', async () => {
    const blindRun = join(temporaryDir('fmd-noise-check-blind-'), 'run-blind');
    await saveRunAutoencoder(blindRun, 'tutorial', { 'noise.training': 'blind' });
    const clean = await run([image, '--model', blindRun, '--out', temporaryDir()], runsDir);
    assert.equal(warningOf(clean.lines, 'photo.png'), undefined, clean.lines.join('\n'));
    const strong = await run([image, '--model', blindRun, '--out', temporaryDir(), '--add-noise', 'gaussian=3'], runsDir);
    assert.equal(strong.code, EXIT.done);
    assert.match(warningOf(strong.lines, 'photo.png') ?? strong.lines.join('\n'), /reads noise σ̂ 0\.[45]\d\d, well above the σ̂ 0\.000 \(salt-and-pepper 0\.002\) to 0\.3\d\d \(gaussian 0\.5\) the blind autoencoder was trained for: its output may be worse than the input\. No model here was trained for noise this strong/);
  });

  it('--add-noise: an output scoring below its noisy input is listed in the summary, by how much', async () => {
    // Untrained, the model gives a near-constant grey: far below the noisy image's PSNR.
    const { code, lines } = await run([image, '--model', specialist, '--out', temporaryDir(), '--add-noise', 'gaussian=0.2'], runsDir);
    assert.equal(code, EXIT.done);
    const at = lines.findIndex((line) => line.startsWith('warning: 1 of 1 output scored below its noisy input (PSNR); the model made it worse:'));
    assert.ok(at > 0, lines.join('\n'));
    assert.match(lines[at + 1]!, new RegExp(`^ {2}${image}: noisy \\d+\\.\\d\\d dB → denoised \\d+\\.\\d\\d dB \\(-\\d+\\.\\d\\d dB\\)$`));
  });

  it('the summary lists only the outputs below their input, and says nothing when there are none', () => {
    const pair = (file: string, noisy: number, denoised: number) => ({ file, noisy: { psnrDb: noisy, ssim: 0.5 }, denoised: { psnrDb: denoised, ssim: 0.5 } });
    const base = { done: 3, total: 3, seconds: 1, megapixels: 1, failures: [], skipped: 0 };
    const lines = summaryLines({ ...base, scored: [pair('a.png', 20, 25), pair('b.png', 20.31, 12.34), pair('c.png', 15, 14.5)] });
    const at = lines.indexOf('warning: 2 of 3 outputs scored below their noisy input (PSNR); the model made them worse:');
    assert.ok(at > 0, lines.join('\n'));
    assert.deepEqual(lines.slice(at + 1, at + 3), ['  b.png: noisy 20.31 dB → denoised 12.34 dB (-7.97 dB)', '  c.png: noisy 15.00 dB → denoised 14.50 dB (-0.50 dB)']);
    const fine = summaryLines({ ...base, scored: [pair('a.png', 20, 25), pair('b.png', 20, 20)] });
    assert.ok(!fine.some((line) => line.startsWith('warning')), fine.join('\n'));
  });
});
