// Notebook 06's robustness steps with hand-built models whose answers are known: the level sweep, other noise types, charts.
import { strict as assert } from 'node:assert';
import { ConfigError } from '../lib/errors';
import { ROBUSTNESS_NOISES, noiseLevelSweep, robustnessTable, type ModelsUnderTest } from '../lib/steps/sweep';
import { sweepCharts } from '../lib/steps/sweep-charts';
import { tf, type LayersModel, type Tensor4D } from '../lib/tf';
import { pngPixels, tensorsLeaked } from './helpers/display-outputs';
import { disposeModel } from './helpers/models';
import { brightnessClassifier, darkAndBright, pixelwiseAutoencoder } from './helpers/toy-models';
import { assertClose, assertNoTensorLeak } from './helpers/noise-tensors';

const VEGA_LITE = 'application/vnd.vegalite.v5+json';

describe('steps/sweep: noiseLevelSweep and robustnessTable', function () {
  this.timeout(60_000);
  let classifier: LayersModel;
  let identity: LayersModel;
  let constant: LayersModel;
  let data: { images: Tensor4D; labels: Int32Array };
  let models: (autoencoder: LayersModel) => ModelsUnderTest;

  before(() => {
    classifier = brightnessClassifier();
    identity = pixelwiseAutoencoder(1, 0);
    constant = pixelwiseAutoencoder(0, 0.5);
    data = darkAndBright(4, 4);
    models = (autoencoder) => ({ classifier, autoencoder, images: data.images, labels: data.labels, seed: 7 });
  });
  after(() => {
    [classifier, identity, constant].forEach(disposeModel);
    data.images.dispose();
  });

  it('noisy PSNR falls as the level rises; the identity "autoencoder" changes nothing', () => {
    const rows = assertNoTensorLeak(() => noiseLevelSweep({ ...models(identity), noiseType: 'uniform', levels: [0.1, 0.3, 0.6, 1] }));
    assert.deepEqual(rows.map((row) => row.level), [0.1, 0.3, 0.6, 1]);
    for (let i = 1; i < rows.length; i++) assert.ok(rows[i]!.psnr_noisy_db < rows[i - 1]!.psnr_noisy_db, `level ${rows[i]!.level}`);
    for (const row of rows) {
      assert.equal(row.psnr_denoised_db, row.psnr_noisy_db);
      assert.equal(row.accuracy_denoised, row.accuracy_noisy);
    }
  });

  it('matches hand-computed PSNR and accuracy', () => {
    // Uniform a·U(0,1) on dark pixels never clips (0.1 + 0.3 < 1): MSE = E[(aU)²] = a²/3.
    const dark = darkAndBright(4, 0);
    const [row] = noiseLevelSweep({ ...models(identity), ...dark, noiseType: 'uniform', levels: [0.3] });
    assertClose(row!.psnr_noisy_db, 10 * Math.log10(3 / 0.09), 0.3, 'PSNR of uniform 0.3');
    dark.images.dispose();
    // At level 0.2 dark images stay below the threshold (mean 0.2); at 1.0 their mean is 0.6, read as bright.
    const [mild, strong] = noiseLevelSweep({ ...models(identity), noiseType: 'uniform', levels: [0.2, 1] });
    assert.equal(mild!.accuracy_noisy, 1);
    assert.equal(strong!.accuracy_noisy, 0.5);
  });

  it('reports the trained noise first, then the others, including where denoising hurts', () => {
    // The constant-0.5 "autoencoder" erases every image: PSNR 10·log10(1 / 0.4²) for 0.1 and 0.9 alike, and
    // everything reads as bright (0.5 > THRESHOLD), so half the labels are right.
    const rows = assertNoTensorLeak(() => robustnessTable({ ...models(constant), trainedOn: { type: 'uniform', level: 0.6 } }));
    assert.deepEqual(rows.map((row) => row.noise), ['uniform 0.6 (trained)', 'gaussian 0.3', 'salt-and-pepper 0.1', 'speckle 0.6']);
    assert.equal(rows.length, 1 + ROBUSTNESS_NOISES.length);
    for (const row of rows) {
      assertClose(row.psnr_denoised_db, -20 * Math.log10(0.4), 1e-3, `${row.noise}: denoised PSNR`);
      assert.equal(row.accuracy_denoised, 0.5, row.noise);
    }
    const gaussian = rows[1]!;
    assert.ok(gaussian.psnr_denoised_db < gaussian.psnr_noisy_db, 'a harmful denoiser is reported as harmful');
    assert.equal(gaussian.accuracy_noisy, 1);
  });

  it('takes other noise types when given', () => {
    const others = [{ type: 'poisson', level: 10 }] as const;
    const rows = robustnessTable({ ...models(identity), trainedOn: { type: 'gaussian', level: 0.1 }, others });
    assert.deepEqual(rows.map((row) => row.noise), ['gaussian 0.1 (trained)', 'poisson 10']);
  });

  it('refuses no levels, and labels that do not match the images', () => {
    assert.throws(() => noiseLevelSweep({ ...models(identity), noiseType: 'uniform', levels: [] }), ConfigError);
    const wrong = { ...models(identity), labels: new Int32Array(3) };
    assert.throws(() => noiseLevelSweep({ ...wrong, noiseType: 'uniform', levels: [0.5] }), /labels\.length/);
  });
});

describe('steps/sweep-charts: sweepCharts', () => {
  const rows = [0.2, 0.6, 1].map((level) => ({
    level,
    psnr_noisy_db: 20 - 10 * level,
    psnr_denoised_db: 21 - level,
    accuracy_noisy: 0.9 - 0.5 * level,
    accuracy_denoised: 0.88 - 0.1 * level,
  }));
  type Spec = { data: { values: { level: number; series: string; value: number }[] }; layer: { encoding?: { x: { axis: { values: number[] } } } }[] };

  it('plots noisy and denoised over the measured levels, marking the trained one', async () => {
    let charts: Awaited<ReturnType<typeof sweepCharts>> | undefined;
    assert.equal(await tensorsLeaked(async () => (charts = await sweepCharts(rows, { trainedLevel: 0.6 }))), 0);
    const accuracy = charts!.accuracy.data[VEGA_LITE] as Spec;
    const psnr = charts!.psnr.data[VEGA_LITE] as Spec;
    const series = (spec: Spec, name: string) => spec.data.values.filter((point) => point.series === name).map((point) => point.value);
    assert.deepEqual(series(accuracy, 'denoised'), rows.map((row) => row.accuracy_denoised));
    assert.deepEqual(series(accuracy, 'noisy'), rows.map((row) => row.accuracy_noisy));
    assert.deepEqual(series(psnr, 'noisy'), [18, 14, 10]);
    assert.deepEqual(series(psnr, 'denoised'), rows.map((row) => row.psnr_denoised_db));
    assert.deepEqual(psnr.layer[0]?.encoding?.x.axis.values, [0.2, 0.6, 1]);
    assert.equal(psnr.layer.length, 2, 'curves and the trained-level rule');
    assert.ok(pngPixels(charts!.psnr).width > 0);
    const unmarked = await sweepCharts(rows);
    assert.equal((unmarked.accuracy.data[VEGA_LITE] as Spec).layer.length, 1);
  });

  it('refuses an empty sweep', async () => {
    await assert.rejects(sweepCharts([]), ConfigError);
  });
});
