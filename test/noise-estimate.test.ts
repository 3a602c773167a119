// The wavelet noise estimate σ̂: its coefficients against pywt's, its reading of known gaussian noise, colour planes.
import assert from 'node:assert/strict';
import { diagonalDetails, estimateImageNoise, estimateNoiseSigma } from '../lib/images/noise-estimate';
import { addNoise } from '../lib/noise/noise';
import { tf, type Tensor3D, type Tensor4D } from '../lib/tf';

/** pywt 1.8.0's Wavelet('db2').dec_hi. */
const PYWT_DB2_DEC_HI = [-0.48296291314453416, 0.8365163037378079, -0.2241438680420134, -0.12940952255126037];
/** The worst relative error measured over seeds 0–4 at σ 0.02–0.2 was 3.8% (smooth field, σ 0.2, where clipping starts); 1.4% up to σ 0.1. */
const SIGMA_TOLERANCE = 0.05;
const SIDE = 256;

function plane(values: number[], height: number, width: number): Tensor4D {
  return tf.tensor4d(values, [1, height, width, 1]);
}

function details(x: Tensor4D): number[][] {
  const d = diagonalDetails(x);
  const rows = d.arraySync()[0]!.map((row) => row.map((cell) => cell[0]!));
  tf.dispose([x, d]);
  return rows;
}

/** A mid-grey field, or one with a smooth pattern of amplitude 0.3 around it: [1, 256, 256, 1]. */
function field(smooth: boolean): Tensor4D {
  return tf.tidy(() => {
    if (!smooth) return tf.fill([1, SIDE, SIDE, 1], 0.5) as Tensor4D;
    const rows = tf.range(0, SIDE).reshape([SIDE, 1]).div(20).sin();
    const columns = tf.range(0, SIDE).reshape([1, SIDE]).div(31).cos();
    return rows.mul(columns).mul(0.3).add(0.5).reshape([1, SIDE, SIDE, 1]) as Tensor4D;
  });
}

describe('noise estimate σ̂ (wavelet MAD, as skimage.restoration.estimate_sigma)', () => {
  it('a 4×4 image gives one coefficient: an impulse at (r, c) gives dec_hi[3 − r] · dec_hi[3 − c], pywt\'s convolution', () => {
    for (const [r, c] of [[0, 0], [2, 1], [3, 3], [1, 2]] as const) {
      const values = new Array<number>(16).fill(0);
      values[r * 4 + c] = 1;
      const [[coefficient]] = details(plane(values, 4, 4)) as [[number]];
      assert.ok(Math.abs(coefficient - PYWT_DB2_DEC_HI[3 - r]! * PYWT_DB2_DEC_HI[3 - c]!) < 1e-6, `impulse at (${r}, ${c}): ${coefficient}`);
    }
  });

  it('db2 has two vanishing moments: a constant or a linear ramp gives no diagonal detail', () => {
    const ramp = Array.from({ length: 8 * 8 }, (_, i) => 0.02 * Math.floor(i / 8) + 0.05 * (i % 8));
    for (const values of [new Array<number>(64).fill(0.7), ramp]) details(plane(values, 8, 8)).flat().forEach((value) => assert.ok(Math.abs(value) < 1e-6, String(value)));
  });

  it('a 10×12 image: the interior of pywt.dwt2(x, "db2")\'s diagonal details, and σ̂ from their median', () => {
    const values = Array.from({ length: 10 * 12 }, (_, i) => ((i * 37) % 23) / 23);
    // pywt 1.8.0: cD[1:-1, 1:-1] of pywt.dwt2(x, 'db2'), rounded to 6 decimals.
    const expected = [
      [0.545753, -0.329247, -0.483253, -0.0, 0.5625],
      [0.0, 0.266747, 0.545753, -0.5625, -0.404006],
      [-0.329247, -0.483253, -0.0, 0.5625, 0.433013],
      [0.266747, 0.545753, -0.5625, -0.404006, -0.029006],
    ];
    details(plane(values, 10, 12)).forEach((row, i) => row.forEach((value, j) => assert.ok(Math.abs(value - expected[i]![j]!) < 1e-5, `(${i}, ${j}): ${value}`)));
    const x = plane(values, 10, 12);
    // numpy: np.median(np.abs(cD[1:-1, 1:-1])) / 0.6745
    assert.ok(Math.abs(estimateNoiseSigma(x)[0]! - 0.6204737) < 1e-5);
    x.dispose();
  });

  for (const smooth of [false, true]) {
    it(`a ${smooth ? 'smooth' : 'flat'} field plus seeded gaussian noise of σ 0.02, 0.05, 0.1, 0.2 reads σ within ${SIGMA_TOLERANCE * 100}%`, () => {
      const clean = field(smooth);
      assert.ok(estimateNoiseSigma(clean)[0]! < 1e-5, 'the clean field reads no noise');
      for (const sigma of [0.02, 0.05, 0.1, 0.2]) {
        for (const seed of [0, 1, 2]) {
          const noisy = addNoise(clean, { type: 'gaussian', level: sigma, seed });
          const estimate = estimateNoiseSigma(noisy)[0]!;
          noisy.dispose();
          assert.ok(Math.abs(estimate / sigma - 1) < SIGMA_TOLERANCE, `σ ${sigma}, seed ${seed}: σ̂ ${estimate}`);
        }
      }
      clean.dispose();
    });
  }

  it('per plane as the colour mode feeds the model: R, G, B each; Y alone for luminance (σ·|JFIF luma row|); alpha left out', () => {
    const sigma = 0.1;
    const rgba = tf.tidy(() => {
      const grey = tf.fill([1, 128, 128, 3], 0.5) as Tensor4D;
      const noisy = addNoise(grey, { type: 'gaussian', level: sigma, seed: 4 }).squeeze([0]);
      const noisyAlpha = tf.randomUniform([128, 128, 1], 0, 1, 'float32', 5);
      return tf.concat([noisy, noisyAlpha], 2) as Tensor3D;
    });
    const perChannel = estimateImageNoise(rgba, 'per-channel');
    assert.equal(perChannel.planes.length, 3);
    perChannel.planes.forEach((estimate) => assert.ok(Math.abs(estimate / sigma - 1) < SIGMA_TOLERANCE, String(estimate)));
    assert.equal(perChannel.sigma, Math.max(...perChannel.planes));
    const luminance = estimateImageNoise(rgba, 'luminance');
    const lumaSigma = sigma * Math.hypot(0.299, 0.587, 0.114);
    assert.equal(luminance.planes.length, 1);
    assert.ok(Math.abs(luminance.sigma / lumaSigma - 1) < 2 * SIGMA_TOLERANCE, `Y: σ̂ ${luminance.sigma}, expected about ${lumaSigma}`);
    rgba.dispose();
  });

  it('an image smaller than the 4×4 filter reads 0; no tensor is left behind', () => {
    const before = tf.memory().numTensors;
    const tiny = tf.ones([2, 3, 3, 1]) as Tensor4D;
    assert.deepEqual(estimateNoiseSigma(tiny), [0, 0]);
    tiny.dispose();
    const image = tf.randomUniform([40, 30, 3], 0, 1, 'float32', 1) as Tensor3D;
    estimateImageNoise(image, 'per-channel');
    estimateImageNoise(image, 'luminance');
    image.dispose();
    assert.equal(tf.memory().numTensors, before);
  });
});
