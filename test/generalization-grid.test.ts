// Notebook 06's generalization grid with hand-built models whose answers are known, its level checks and its report.
import { strict as assert } from 'node:assert';
import { ConfigError } from '../lib/errors';
import { psnr } from '../lib/metrics/index';
import { addNoise, NOISE_TYPES } from '../lib/noise/noise';
import { CLASSICAL_DENOISERS } from '../lib/steps/classical';
import { checkGridLevels, generalizationGrid, GRID_LEVELS, type GridCell, type GridRequest } from '../lib/steps/generalization-grid';
import { gridConclusion, marginBars } from '../lib/steps/generalization-report';
import { tf, type LayersModel, type Tensor4D } from '../lib/tf';
import { disposeModel } from './helpers/models';
import { assertClose } from './helpers/noise-tensors';
import { brightnessClassifier, BRIGHT, DARK, darkAndBright, pixelwiseAutoencoder } from './helpers/toy-models';

const SEEDS = { test: 5, validation: 6 };

/** A model that fails the test if the grid touches it: levels must be refused before any work. */
const untouchable = new Proxy({}, { get: (_, key) => assert.fail(`the grid used the model (${String(key)}) before refusing its levels`) }) as LayersModel;

describe('steps/generalization-grid', function () {
  this.timeout(120_000);

  describe('refuses levels before any work', () => {
    const request = (levels: GridRequest['levels']): GridRequest => ({
      classifier: untouchable, autoencoder: untouchable, levels, seeds: SEEDS,
      test: { images: untouchable as unknown as Tensor4D, labels: new Int32Array() }, validation: untouchable as unknown as Tensor4D,
    });

    it('a level outside its type\'s range, naming the type, its range and the level', () => {
      assert.throws(() => generalizationGrid(request({ ...GRID_LEVELS, gaussian: [0.1, 0.3, 11] })), (error: unknown) =>
        error instanceof ConfigError && /levels\.gaussian .*from 0 to 10 for gaussian noise.*11 is not/.test(error.message));
      assert.throws(() => generalizationGrid(request({ ...GRID_LEVELS, poisson: [50, 10, 0.5] })), /levels\.poisson .*from 1 to 1000000.*0\.5 is not/);
    });

    it('a type without three levels, or a type the noise models do not know', () => {
      assert.throws(() => checkGridLevels({ ...GRID_LEVELS, speckle: [0.3, 0.6] }), /levels\.speckle = \[0\.3,0\.6\].*3 levels \(weak, middle, strong\)/);
      const { uniform: _, ...withoutUniform } = GRID_LEVELS;
      assert.throws(() => checkGridLevels(withoutUniform), /levels\.uniform = undefined/);
      assert.throws(() => checkGridLevels({ ...GRID_LEVELS, pink: [1, 2, 3] }), /levels = \["pink"\].*noise types among uniform/);
    });

    it('accepts the default levels: every type, weak to strong', () => {
      checkGridLevels(GRID_LEVELS);
      assert.deepEqual(Object.keys(GRID_LEVELS).sort(), NOISE_TYPES.map((info) => info.type).sort());
    });
  });

  describe('a grid on constant dark and bright images', () => {
    let classifier: LayersModel;
    let test: { images: Tensor4D; labels: Int32Array };
    let validation: Tensor4D;
    let identityCells: GridCell[];
    let constantCells: GridCell[];

    before(() => {
      classifier = brightnessClassifier();
      test = darkAndBright(3, 3);
      validation = darkAndBright(2, 2).images;
      const grid = (autoencoder: LayersModel) => {
        try {
          return generalizationGrid({ classifier, autoencoder, test, validation, seeds: SEEDS });
        } finally {
          disposeModel(autoencoder);
        }
      };
      identityCells = grid(pixelwiseAutoencoder(1, 0));
      constantCells = grid(pixelwiseAutoencoder(0, 0.5));
    });

    after(() => {
      disposeModel(classifier);
      tf.dispose([test.images, validation]);
    });

    it('has every type at its three levels, weak to strong, in order', () => {
      assert.deepEqual(identityCells.map((cell) => `${cell.type} ${cell.level} ${cell.strength}`), NOISE_TYPES.flatMap((info) =>
        GRID_LEVELS[info.type]!.map((level, rank) => `${info.type} ${level} ${['weak', 'middle', 'strong'][rank]}`)));
    });

    it('noisy PSNR is that of the test images with the cell\'s noise at the test seed; an identity autoencoder scores it exactly', () => {
      for (const cell of identityCells) {
        const expected = tf.tidy(() => psnr(test.images, addNoise(test.images, { type: cell.type, level: cell.level, seed: SEEDS.test })).mean);
        assertClose(cell.noisy_psnr_db, expected, 1e-9, `${cell.type} ${cell.level} noisy`);
        assert.equal(cell.autoencoder_psnr_db, cell.noisy_psnr_db, `${cell.type} ${cell.level}`);
        assert.equal(cell.composite_accuracy, cell.classifier_noisy_accuracy);
      }
    });

    it('an autoencoder that outputs 0.5 everywhere: 10·log10(1/0.16) dB, and every image read as bright', () => {
      const expectedDb = 10 * Math.log10(1 / ((0.5 - DARK) ** 2)); // |0.5 − 0.1| = |0.9 − 0.5| = 0.4
      assert.equal(BRIGHT - 0.5, 0.5 - DARK);
      for (const cell of constantCells) {
        assertClose(cell.autoencoder_psnr_db, expectedDb, 1e-4, `${cell.type} ${cell.level}`);
        assert.equal(cell.composite_accuracy, 0.5);
        assertClose(cell.margin_db, cell.autoencoder_psnr_db - cell.classical_psnr_db, 1e-12, 'margin');
      }
    });

    it('names a tuned classical denoiser with its settings in every cell, the same one for either autoencoder', () => {
      constantCells.forEach((cell, i) => {
        assert.ok((CLASSICAL_DENOISERS as readonly string[]).includes(cell.classical), cell.classical);
        assert.match(cell.classical_parameters, /offset=/);
        assert.equal(cell.classical_psnr_db, identityCells[i]!.classical_psnr_db, 'tuning depends on the noise, not on the autoencoder');
      });
    });
  });

  describe('report', () => {
    const cell = (type: GridCell['type'], level: number, autoencoder: number, classical: number, noisy: number): GridCell => ({
      type, level, strength: 'weak', noisy_psnr_db: noisy, autoencoder_psnr_db: autoencoder, autoencoder_ssim: 0.8, classical: 'median',
      classical_parameters: 'size=3, offset=0', classical_psnr_db: classical, classical_ssim: 0.7, margin_db: autoencoder - classical,
      composite_accuracy: 0.8, classifier_noisy_accuracy: 0.5, seconds: 1,
    });
    const cells = [cell('uniform', 0.3, 25, 22, 15), cell('gaussian', 0.1, 20.5, 20, 20), cell('speckle', 0.3, 18, 19, 19.5)];

    it('counts the cells the autoencoder leads, by 1 dB too, its smallest margin, and the cells it makes worse than their input', () => {
      const { record, conclusion } = gridConclusion(cells, { testImages: 100, tuningImages: 10, seconds: 3 });
      assert.equal(record.cells_autoencoder_ahead, 2);
      assert.equal(record.cells_autoencoder_ahead_by_1db, 1);
      assert.equal(record.min_margin_db, -1);
      assert.equal(record.min_margin_cell, 'speckle 0.3');
      assert.deepEqual(record.cells_worse_than_noisy, ['speckle 0.3']);
      assert.deepEqual(Object.keys(record.cells as object), ['uniform 0.3', 'gaussian 0.1', 'speckle 0.3']);
      assert.match(conclusion, /2 of 3 cells \(by ≥ 1 dB in 1\).* -1\.00 dB at speckle 0\.3 .*lowers PSNR below the noisy input's in speckle 0\.3 \(100 test images per cell, .*tuned on 10\)/);
    });

    it('margins grouped by type, one bar per strength and level', () => {
      assert.deepEqual(marginBars(cells), { uniform: { 'weak (0.3)': 3 }, gaussian: { 'weak (0.1)': 0.5 }, speckle: { 'weak (0.3)': -1 } });
    });
  });
});
