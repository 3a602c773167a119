// Fine-tuning a saved autoencoder on patches of the user's images: it trains, saves a model folder that --model
// loads, reuses the cache for the same images and settings, and refuses bad inputs with what to do.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { saveModel, writeJson } from '../lib/artifacts/model-files';
import { ConfigError, ProjectError } from '../lib/errors';
import { greyImage, randomPatches, runNoise } from '../lib/images/index';
import { buildAutoencoder } from '../lib/models/autoencoder';
import { tf, type Tensor3D } from '../lib/tf';
import { EXIT } from '../tools/command';
import { denoiseCommand } from '../tools/denoise/main';
import { temporaryDir } from './helpers/idx-files';
import { pattern, pngBytes } from './helpers/image-files';
import { disposeModel, saveRunAutoencoder } from './helpers/models';

/** A runs folder whose run-1 holds an untrained small autoencoder, with the provenance that names its noise. */
async function runsWithModel(): Promise<string> {
  const runsDir = temporaryDir('fmd-fine-tune-runs-');
  await saveRunAutoencoder(join(runsDir, 'run-1'), 'tutorial');
  return runsDir;
}

async function run(argv: readonly string[], runsDir: string): Promise<string[]> {
  const lines: string[] = [];
  await denoiseCommand(argv, { log: (line) => lines.push(line), runsDir });
  return lines;
}

describe('fine-tuning on your own images', function () {
  this.timeout(120_000);
  let runsDir = '';
  let photos = '';
  let model = '';
  const small = ['--patch', '16', '--patches', '24', '--epochs', '2'];

  before(async () => {
    runsDir = await runsWithModel();
    model = join(runsDir, 'run-1');
    photos = temporaryDir('fmd-fine-tune-photos-');
    writeFileSync(join(photos, 'a.png'), await pngBytes(pattern(24, 30, 3), 24, 30, 3));
    writeFileSync(join(photos, 'b.png'), await pngBytes(pattern(20, 20, 1), 20, 20, 1));
  });

  it('trains on patches with the run\'s noise, saves a model folder, and --model then denoises with it', async () => {
    const lines = await run(['--fine-tune', photos, '--model', model, ...small], runsDir);
    assert.ok(lines.some((line) => /^ {2}epoch 1\/2: loss [\d.]+, val_loss [\d.]+/.test(line)), lines.join('\n'));
    const summary = lines.find((line) => line.startsWith('fine-tuned model'))!;
    assert.match(summary, /noise gaussian 0\.2, 19 training and 5 held-out patches/);
    const dir = summary.split(': ').pop()!;
    assert.ok(dir.startsWith(join(runsDir, 'model-cache', 'fine-tuned-')) && existsSync(join(dir, 'model.json')), dir);
    const out = join(runsDir, 'out');
    const denoised = await run([join(photos, 'a.png'), '--model', dir, '--out', out], runsDir);
    assert.ok(existsSync(join(out, 'a.png')), denoised.join('\n'));
    assert.deepEqual(runNoise(dir), { type: 'gaussian', level: 0.2 }); // a fine-tuned model names its own noise
  });

  it('reads the noise of a run saved before models carried provenance from its results.json, and refuses a mixed one', async () => {
    const legacyRun = join(temporaryDir('fmd-legacy-run-'), 'run');
    const autoencoder = buildAutoencoder({ architecture: 'tutorial', seed: 1 });
    await saveModel(autoencoder, join(legacyRun, 'models', 'autoencoder'));
    disposeModel(autoencoder);
    const parameters = { 'noise.type': 'speckle', 'noise.level': 0.5 };
    writeJson(join(legacyRun, 'results.json'), { preset: 'default', profile: 'full', parameters, autoencoder: { psnr_denoised_db: 20 } });
    assert.deepEqual(runNoise(join(legacyRun, 'models', 'autoencoder')), { type: 'speckle', level: 0.5 });
    const rerun = { preset: 'default', profile: 'full', parameters: { ...parameters, 'noise.level': 0.4 } };
    writeJson(join(legacyRun, 'results.json'), { preset: 'default', profile: 'full', parameters, autoencoder: {}, composite: {}, made_with: { composite: rerun } });
    assert.throws(() => runNoise(join(legacyRun, 'models', 'autoencoder')), /cannot tell which noise/);
  });

  it('reuses the cached model for the same images and settings, and trains anew for another noise', async () => {
    const again = await run(['--fine-tune', photos, '--model', model, ...small], runsDir);
    assert.ok(again.some((line) => /reusing the model trained on/.test(line)), again.join('\n'));
    assert.ok(!again.some((line) => /epoch 1\/2/.test(line)));
    const before = tf.memory().numTensors; // after a first training: tfjs keeps a few constants from then on
    const other = await run(['--fine-tune', photos, '--model', model, ...small, '--add-noise', 'uniform=0.3'], runsDir);
    assert.ok(other.some((line) => /noise uniform 0\.3/.test(line)), other.join('\n'));
    // saving with its optimizer leaves one scalar (tfjs's optimizer iteration count; lib/artifacts/model-files.ts saveModel does it for every model)
    assert.equal(tf.memory().numTensors, before + 1);
  });

  it('refuses a folder without images, a patch larger than the images, and bad numbers, saying what to do', async () => {
    const empty = join(runsDir, 'empty');
    mkdirSync(empty);
    await assert.rejects(run(['--fine-tune', empty, '--model', model], runsDir), (e: Error) => e instanceof ProjectError && /no image files to train on/.test(e.message));
    await assert.rejects(run(['--fine-tune', photos, '--model', model, '--patch', '32'], runsDir),
      (e: Error) => e instanceof ConfigError && /patch = 32 .*at most 20, the shortest side among the 2 image\(s\) \(30×24, 20×20\)/.test(e.message));
    await assert.rejects(run(['--fine-tune', photos, '--epochs', '0'], runsDir), (e: Error) => e instanceof ConfigError && /--epochs/.test(e.message));
    await assert.rejects(run(['--fine-tune', photos, '--patch', '30'], runsDir), (e: Error) => e instanceof ConfigError && /multiple of 4/.test(e.message));
    const bare = join(runsDir, 'bare');
    const untrained = buildAutoencoder({ architecture: 'tutorial', seed: 2 });
    await saveModel(untrained, bare);
    disposeModel(untrained);
    await assert.rejects(run(['--fine-tune', photos, '--model', bare], runsDir), (e: Error) => /cannot tell which noise .* --add-noise/.test(e.message));
  });

  it('a file that cannot be used is left out by name while the others train; a folder with none usable is refused', async () => {
    const mixed = temporaryDir('fmd-fine-tune-mixed-');
    const good = await pngBytes(pattern(24, 30, 3), 24, 30, 3);
    writeFileSync(join(mixed, 'a-good.png'), good);
    writeFileSync(join(mixed, 'b-cut.png'), good.subarray(0, good.length - 30));
    writeFileSync(join(mixed, 'c-table.png'), 'id,name\n1,shirt\n');
    const lines: string[] = [];
    const code = await denoiseCommand(['--fine-tune', mixed, '--model', model, ...small], { log: (line) => lines.push(line), runsDir });
    const text = lines.join('\n');
    assert.equal(code, EXIT.failed, text);
    assert.match(text, /^left out of fine-tuning: .*b-cut\.png: cannot be decoded as the PNG .*truncated or damaged/m);
    assert.match(text, /^left out of fine-tuning: .*c-table\.png: not a PNG, JPEG, BMP or GIF image/m);
    assert.match(text, /^fine-tuning .* on grey patches of 1 image\(s\) in .* \(2 left out\)$/m);
    assert.ok(existsSync(join(text.match(/^fine-tuned model .*: (.*)$/m)![1]!, 'model.json')), text);
    const bad = temporaryDir('fmd-fine-tune-bad-');
    writeFileSync(join(bad, 'b-cut.png'), good.subarray(0, good.length - 30));
    writeFileSync(join(bad, 'empty.jpg'), new Uint8Array(0));
    await assert.rejects(run(['--fine-tune', bad, '--model', model, ...small], runsDir),
      (e: Error) => e instanceof ProjectError && /none of its 2 image file\(s\) is usable:\n .*b-cut\.png: cannot be decoded.*\n .*empty\.jpg: empty file/.test(e.message));
  });

  it('cuts seeded patches from grey versions of the images', () => {
    const rgb = tf.tensor3d([0, 0, 1, 1, 1, 1], [1, 2, 3]);
    assert.deepEqual(Array.from(greyImage(rgb).dataSync()).map((v) => +v.toFixed(3)), [0.114, 1]);
    const image = tf.tensor3d(Array.from({ length: 36 }, (_, i) => i), [6, 6, 1]) as Tensor3D;
    const a = randomPatches([image], 5, 2, 7);
    const b = randomPatches([image], 5, 2, 7);
    assert.deepEqual(a.shape, [5, 2, 2, 1]);
    assert.deepEqual(Array.from(a.dataSync()), Array.from(b.dataSync()));
    const [topLeft, topRight, bottomLeft] = Array.from(a.dataSync()).slice(0, 3);
    assert.equal(topRight! - topLeft!, 1); // neighbours in a row of the 6-wide image
    assert.equal(bottomLeft! - topLeft!, 6);
    tf.dispose([rgb, image, a, b]);
  });
});
