// `npm run denoise` never makes an image worse in silence: a warning before writing when an image's noise σ̂ is well
// outside what the model was trained for, naming what to use instead.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT } from '../tools/command';
import { denoiseCommand } from '../tools/denoise/main';
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
});
