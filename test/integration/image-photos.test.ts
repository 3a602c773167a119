// Notebook 07's work (evaluatePhotos, then its summary) with every autoencoder design, on small photographs the
// test writes: each design is scored, fine-tuned and summarised; none makes the run fail.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { saveModel } from '../../lib/artifacts/model-files';
import { resolveConfig } from '../../lib/config/index';
import { buildAutoencoder } from '../../lib/models/autoencoder';
import { AUTOENCODER_ARCHITECTURES } from '../../lib/models/names';
import type { NotebookRun } from '../../lib/run/notebook-run';
import { disposePhotoEvaluation, evaluatePhotos } from '../../lib/steps/photos';
import { photoSummary } from '../../lib/steps/photos-report';
import { temporaryDir } from '../helpers/idx-files';
import { jpegBytes, pattern, pngBytes } from '../helpers/image-files';
import { disposeModel } from '../helpers/models';

describe('notebook 07 (evaluatePhotos) with every autoencoder design', function () {
  this.timeout(300_000);
  let photos = '';

  before(async () => {
    photos = temporaryDir('fmd-photos-07-');
    writeFileSync(join(photos, 'a.png'), await pngBytes(pattern(40, 52, 1), 40, 52, 1));
    writeFileSync(join(photos, 'b.jpg'), await jpegBytes(pattern(48, 36, 3), 48, 36, 3));
    writeFileSync(join(photos, 'c.png'), await pngBytes(pattern(33, 45, 4), 33, 45, 4));
  });

  for (const architecture of AUTOENCODER_ARCHITECTURES) {
    it(`${architecture}: every photograph scored by all four methods, fine-tuned once per fold, summarised`, async () => {
      const runDir = temporaryDir(`fmd-run-07-${architecture}-`);
      const model = buildAutoencoder({ architecture, seed: 3 });
      await saveModel(model, join(runDir, 'models', 'autoencoder'));
      disposeModel(model);
      const run: NotebookRun = { config: resolveConfig({ profile: 'smoke' }), runDir, cache: true, compare: 'complete' };
      const evaluation = await evaluatePhotos(run, photos, { cache: { root: join(runDir, 'model-cache'), log: () => undefined } });
      try {
        assert.equal(evaluation.rows.length, 3 * 4);
        for (const row of evaluation.rows) assert.ok(Number.isFinite(row.psnr_db) && row.psnr_db > 0, `${row.photo} ${row.method}: ${row.psnr_db}`);
        const shown = evaluation.rows.find((row) => row.method === 'autoencoder')!.detail;
        assert.equal(shown, architecture === 'dense' ? 'dense, in 28×28 tiles' : architecture);
        assert.deepEqual(evaluation.fineTunes.map((tune) => tune.fold), [0, 1]);
        assert.deepEqual(evaluation.tiles.autoencoder.shape, [3, 64, 64, 1]);
        const summary = photoSummary(evaluation);
        assert.equal(summary.rows.length, 4);
        assert.match(summary.conclusion, /^On 3 grey photographs/);
      } finally {
        disposePhotoEvaluation(evaluation);
      }
    });
  }
});
