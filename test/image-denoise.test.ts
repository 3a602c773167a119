// Denoising images of any size with models saved at 28×28: rebuilt at the image's size, tiled without seams,
// colour planes, alpha, fixed-size models, noise and scores.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { saveModel } from '../lib/artifacts/model-files';
import { ModelError } from '../lib/errors';
import { denoiseColour } from '../lib/images/colour';
import { denoiseImage, disposeDenoised, sideBySide } from '../lib/images/denoise-image';
import { loadImageDenoiser, type ImageDenoiser } from '../lib/images/image-denoiser';
import { imageScores } from '../lib/images/scores';
import { denoisePlanesFixed } from '../lib/images/fixed-tiling';
import { denoisePlanesTiled, TILE_RAMP, type TiledModel } from '../lib/images/tiling';
import { psnr, ssim } from '../lib/metrics/index';
import { buildAutoencoder } from '../lib/models/autoencoder';
import { buildClassifier } from '../lib/models/classifier';
import { AUTOENCODER_ARCHITECTURES, type AutoencoderArchitecture } from '../lib/models/names';
import { tf, type LayersModel, type Tensor, type Tensor3D, type Tensor4D } from '../lib/tf';
import { temporaryDir } from './helpers/idx-files';
import { disposeModel } from './helpers/models';

const TIGHT = 1e-5;

async function savedModel(model: LayersModel): Promise<string> {
  const dir = join(temporaryDir('fmd-images-'), 'autoencoder');
  await saveModel(model, dir);
  disposeModel(model);
  return dir;
}

function maxAbsDifference(a: Tensor, b: Tensor): number {
  return tf.tidy(() => a.sub(b).abs().max().dataSync()[0]!);
}

/** A uniform-random image [h, w, c], seeded. */
function randomImage(height: number, width: number, channels: number, seed = 1): Tensor3D {
  return tf.randomUniform([height, width, channels], 0, 1, 'float32', seed) as Tensor3D;
}

describe('image denoising at any size', function () {
  this.timeout(120_000);
  const denoisers = new Map<AutoencoderArchitecture, ImageDenoiser>();

  before(async () => {
    for (const architecture of AUTOENCODER_ARCHITECTURES) {
      denoisers.set(architecture, await loadImageDenoiser(await savedModel(buildAutoencoder({ architecture, seed: 7 }))));
    }
  });
  after(() => denoisers.forEach((denoiser) => denoiser.dispose()));

  it('recognises each saved architecture from its layers; at 28×28 it gives the saved model\'s own output', async () => {
    for (const architecture of AUTOENCODER_ARCHITECTURES) {
      const reference = buildAutoencoder({ architecture, seed: 7 });
      const denoiser = denoisers.get(architecture)!;
      assert.equal(denoiser.architecture, architecture);
      assert.equal(denoiser.weights, reference.countParams());
      assert.deepEqual(denoiser.fixedSize, architecture === 'dense' ? [28, 28] : undefined);
      const x = tf.randomUniform([1, 28, 28, 1], 0, 1, 'float32', 3) as Tensor4D;
      const expected = reference.predict(x) as Tensor;
      const actual = denoiser.run(x);
      assert.ok(maxAbsDifference(expected, actual) < TIGHT, architecture);
      tf.dispose([x, expected, actual]);
      disposeModel(reference);
    }
  });

  it('a saved model that is not an autoencoder: a ModelError naming its layers and the designs it could be', async () => {
    const dir = await savedModel(buildClassifier({ architecture: 'cnn', seed: 1 }));
    await assert.rejects(loadImageDenoiser(dir), (error: Error) => error instanceof ModelError && /cls_conv1.*none of the grey-scale autoencoders.*dense, unet, tutorial, pooling/.test(error.message));
  });

  it('convolutional designs run at the image\'s own size, sides 4 does not divide included (reflect-padded, cropped back)', () => {
    for (const architecture of AUTOENCODER_ARCHITECTURES.filter((name) => !denoisers.get(name)!.fixedSize)) {
      const plane = tf.randomUniform([1, 37, 53, 1], 0, 1, 'float32', 2) as Tensor4D;
      const { denoised, tiles } = denoisePlanesTiled(plane, denoisers.get(architecture)!);
      assert.deepEqual(denoised.shape, [1, 37, 53, 1], architecture);
      assert.equal(tiles, 1);
      tf.dispose([plane, denoised]);
    }
  });

  // Over the whole catalog, so a new or deeper design cannot reach past its tiles' margins without failing here.
  for (const architecture of AUTOENCODER_ARCHITECTURES) {
    it(`${architecture}: tiles blend without seams, tiled and whole agree to 1e-5; margins of half its reach do not`, () => {
      const denoiser = denoisers.get(architecture)!;
      if (denoiser.fixedSize) {
        // A dense layer reads the whole tile: no margin makes tiles agree, so it runs on tiles of its own size instead.
        assert.equal(denoiser.reach, Infinity);
        const plane = tf.zeros([1, 8, 8, 1]) as Tensor4D;
        assert.throws(() => denoisePlanesTiled(plane, denoiser), /reach = Infinity.*denoisePlanesFixed/);
        plane.dispose();
        return;
      }
      const smallest = Math.ceil((2 * (denoiser.reach + TILE_RAMP)) / denoiser.divisor) * denoiser.divisor;
      // Odd sides, three to four of the smallest tiles across: several tiles each way, blends in both directions.
      const plane = tf.randomUniform([1, 3 * smallest - 5, 4 * smallest - 3, 1], 0, 1, 'float32', 4) as Tensor4D;
      const whole = denoisePlanesTiled(plane, denoiser);
      assert.equal(whole.tiles, 1);
      const tiledDifference = (tiled: TiledModel, tileSide: number) => {
        const run = denoisePlanesTiled(plane, tiled, { tileSide });
        assert.ok(run.tiles >= 4, `${architecture}, tile side ${tileSide}: ${run.tiles} tiles`);
        const difference = maxAbsDifference(whole.denoised, run.denoised);
        run.denoised.dispose();
        return difference;
      };
      for (const tileSide of [smallest, smallest + 8 * denoiser.divisor]) {
        const difference = tiledDifference(denoiser, tileSide);
        assert.ok(difference <= TIGHT, `${architecture}, tile side ${tileSide}: tiled differs from whole by ${difference}`);
        // The check can fail: a model that understated its reach would leave seams. (One pixel short stays within 1e-5:
        // the outermost weights carry little, and at some strided phases the reach is shorter than at others.)
        const half = Math.floor(denoiser.reach / 2);
        const short = tiledDifference({ ...denoiser, reach: half }, tileSide);
        assert.ok(short > TIGHT, `${architecture}, tile side ${tileSide}: margins of ${half} should leave seams, found ${short}`);
      }
      tf.dispose([plane, whole.denoised]);
    });
  }

  it('refuses a tile side its strides or margins cannot take', () => {
    const plane = tf.zeros([1, 40, 40, 1]) as Tensor4D;
    const unet = denoisers.get('unet')!;
    assert.equal(unet.reach, 16);
    assert.throws(() => denoisePlanesTiled(plane, unet, { tileSide: 62 }), /tileSide = 62.*a multiple of 4 of at least 64 \(two margins of the model's reach, 16 pixels/);
    assert.throws(() => denoisePlanesTiled(plane, unet, { tileSide: 66 }), /tileSide = 66.*a multiple of 4/);
    plane.dispose();
  });

  it('colour: per-channel denoises three planes, luminance one; an identity model gives the image back; alpha passes untouched', () => {
    const image = randomImage(9, 11, 4);
    for (const [mode, planes] of [['per-channel', 3], ['luminance', 1]] as const) {
      const seen: number[][] = [];
      const identity = denoiseColour(image, mode, (x) => {
        seen.push(x.shape);
        return x.clone();
      });
      assert.deepEqual(seen, [[planes, 9, 11, 1]]);
      assert.ok(maxAbsDifference(identity, image) < 1e-5, mode);
      const blackened = denoiseColour(image, mode, (x) => tf.zerosLike(x));
      const alpha = (pixels: Tensor3D) => pixels.slice([0, 0, 3], [-1, -1, 1]);
      assert.equal(tf.tidy(() => maxAbsDifference(alpha(blackened), alpha(image))), 0, `${mode}: alpha changed`);
      tf.dispose([identity, blackened]);
    }
    image.dispose();
  });

  it('luminance keeps the colour: with Y replaced, Cb and Cr of the result are those of the input', () => {
    const image = tf.tidy(() => randomImage(8, 8, 3).mul(0.5).add(0.25)) as Tensor3D; // far from the clip at 0 and 1
    const brighter = denoiseColour(image, 'luminance', (y) => y.add(0.05));
    const chroma = (rgb: Tensor3D) => tf.tidy(() => rgb.reshape([-1, 3]).matMul(tf.tensor2d([[-0.168736, -0.331264, 0.5], [0.5, -0.418688, -0.081312]]).transpose()));
    assert.ok(maxAbsDifference(chroma(brighter), chroma(image)) < 1e-5);
    tf.dispose([image, brighter]);
  });

  it('a fixed-size model (the dense one) runs on overlapping 28×28 tiles of the image at its own size, smaller than 28 too', () => {
    const image = randomImage(90, 70, 3);
    const result = denoiseImage(denoisers.get('dense')!, image);
    assert.deepEqual(result.denoised.shape, [90, 70, 3]);
    // Half a tile of reflection each side, then a tile every 7 pixels: (90 + 28 − 28) / 7 → 13 + 1 flush, (70) / 7 → 10 + 1.
    assert.equal(result.passes, 3 * 14 * 11);
    disposeDenoised(result);
    image.dispose();
    const tiny = randomImage(5, 9, 1);
    const small = denoiseImage(denoisers.get('dense')!, tiny);
    assert.deepEqual(small.denoised.shape, [5, 9, 1]);
    disposeDenoised(small);
    tiny.dispose();
  });

  it('fixed-size tiles: each pixel the weighted mean of the tiles that hold it, so a model that returns its input returns the image', () => {
    for (const [height, width] of [[37, 53], [28, 28], [6, 31]] as const) {
      const plane = tf.randomUniform([2, height, width, 1], 0, 1, 'float32', 4) as Tensor4D;
      const { denoised } = denoisePlanesFixed(plane, 28, (tiles) => tiles.clone());
      assert.ok(maxAbsDifference(denoised, plane) < TIGHT, `${height}×${width}`);
      tf.dispose([plane, denoised]);
    }
  });

  it('--add-noise: seeded noise on the clean image, alpha left alone, both images scored against the original', () => {
    const image = randomImage(40, 44, 2);
    const noise = { type: 'gaussian', level: 0.2, seed: 5 } as const;
    const first = denoiseImage(denoisers.get('unet')!, image, { noise });
    const again = denoiseImage(denoisers.get('unet')!, image, { noise });
    assert.equal(maxAbsDifference(first.noisy!, again.noisy!), 0, 'same seed, same noise');
    const alpha = (pixels: Tensor3D) => pixels.slice([0, 0, 1], [-1, -1, 1]);
    assert.equal(tf.tidy(() => maxAbsDifference(alpha(first.noisy!), alpha(image))), 0);
    const scores = first.scores!;
    const grey = (pixels: Tensor3D) => pixels.slice([0, 0, 0], [-1, -1, 1]).expandDims(0) as Tensor4D;
    const expected = tf.tidy(() => psnr(grey(image), grey(first.noisy!)).perImage[0]!);
    assert.ok(Math.abs(scores.noisy.psnrDb - expected) < 1e-9);
    assert.ok(scores.noisy.psnrDb < 20 && scores.noisy.ssim! < 0.9);
    assert.equal(first.colour, 'grey');
    [first, again].forEach(disposeDenoised);
    image.dispose();
  });

  it('SSIM of a large image in row bands equals SSIM over the whole image', () => {
    const reference = randomImage(67, 45, 3, 8);
    const test = tf.tidy(() => reference.add(randomImage(67, 45, 3, 9).mul(0.2)).clipByValue(0, 1)) as Tensor3D;
    const whole = tf.tidy(() => ssim(reference.expandDims(0) as Tensor4D, test.expandDims(0) as Tensor4D).perImage[0]!);
    const banded = imageScores(reference, test, { bandValues: 45 * 3 * 14 }).ssim!;
    assert.ok(Math.abs(banded - whole) < 1e-6, `banded ${banded}, whole ${whole}`);
    assert.equal(imageScores(reference.slice([0, 0, 0], [10, -1, -1]), test.slice([0, 0, 0], [10, -1, -1])).ssim, undefined, 'under 11 rows');
    tf.dispose([reference, test]);
  });

  it('the strip puts images side by side with white gaps', () => {
    const images = [0, 0.5, 1].map((value) => tf.fill([5, 6, 3], value) as Tensor3D);
    const strip = sideBySide(images);
    assert.deepEqual(strip.shape, [5, 6 * 3 + 4 * 2, 3]);
    tf.dispose([...images, strip]);
  });

  it('leaves no tensor behind: a whole image, a tiled one, colour and noise', () => {
    const image = randomImage(130, 150, 4);
    const denoiser = denoisers.get('unet')!;
    disposeDenoised(denoiseImage(denoiser, image, { tileSide: 96 })); // builds the model it keeps for this tile size
    const before = tf.memory().numTensors;
    for (const color of ['per-channel', 'luminance'] as const) {
      disposeDenoised(denoiseImage(denoiser, image, { color, tileSide: 96, noise: { type: 'uniform', level: 0.6, seed: 1 } }));
    }
    assert.equal(tf.memory().numTensors, before);
    image.dispose();
  });
});
