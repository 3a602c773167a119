// Runs every notebook headless in the smoke profile for every preset, as `npm start -- --profile smoke --preset …`
// does, and the autoencoder designs no preset uses; checks what each run left, down to its numbers, and that a
// notebook rerun with other parameters refuses the models its folder holds.
import assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PRESET_NAMES, resolveConfig } from '../../lib/config/index';
import { runParameters } from '../../lib/run/results';
import { listNotebooks, readNotebook } from '../../tools/runner/notebooks';
import { temporaryDir } from '../helpers/idx-files';
import { runRunner } from '../helpers/runner';

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
}

type Results = Record<string, Record<string, unknown>>;

/** Notebooks 04–07 use the autoencoder; a design no preset uses runs through them in a copy of a preset's folder. */
const AUTOENCODER_NOTEBOOKS_FROM = '04';
const OTHER_ARCHITECTURES = ['pooling'] as const;

function readResultsOf(runDir: string): Results {
  return JSON.parse(readFileSync(join(runDir, 'results.json'), 'utf8')) as Results;
}

function inRange(path: string, value: unknown, low: number, high: number): number {
  assert.ok(typeof value === 'number' && Number.isFinite(value) && value >= low && value <= high, `${path} is ${JSON.stringify(value)}, not a number in [${low}, ${high}]`);
  return value as number;
}

function checkNotebookOutputs(runDir: string, names: readonly string[]): void {
  for (const name of names) {
    const executed = readNotebook(join(runDir, `${name}.ipynb`));
    const outputs = executed.cells.flatMap((cell) => (cell.outputs ?? []) as Output[]);
    const errors = outputs.filter((output) => output.output_type === 'error' || output.name === 'stderr');
    assert.deepEqual(errors, [], `${name} has error output`);
    assert.ok(outputs.some((output) => output.data && 'image/png' in output.data), `${name} shows no image/png output`);
    assert.ok(existsSync(join(runDir, `${name}.html`)), `${name}.html is missing`);
  }
}

/** The numbers each section reports, each where it can be: a notebook cannot pass by drawing a picture. */
function checkResultNumbers(results: Results): void {
  const { noise, classifier, autoencoder, composite, baselines, evaluation, photos } = results as Required<Results>;
  const noisyPsnr = inRange('noise.psnr_noisy_db', noise!.psnr_noisy_db, 1, 60);
  inRange('noise.ssim_noisy', noise!.ssim_noisy, -1, 1);
  for (const field of ['clean_accuracy', 'noisy_accuracy']) inRange(`classifier.${field}`, classifier![field], 0, 1);
  for (const field of ['per_class_clean', 'per_class_noisy']) (classifier![field] as unknown[]).forEach((value, i) => inRange(`classifier.${field}[${i}]`, value, 0, 1));
  assert.equal(autoencoder!.psnr_noisy_db, noisyPsnr, 'notebooks 02 and 04 measured different noisy test images');
  // One epoch on 800 images does not train an autoencoder to beat the noise; the full profile's targets do.
  inRange('autoencoder.psnr_denoised_db', autoencoder!.psnr_denoised_db, 1, 60);
  for (const field of ['ssim_denoised', 'ssim_noisy']) inRange(`autoencoder.${field}`, autoencoder![field], -1, 1);
  for (const field of ['test_bce', 'train_bce']) inRange(`autoencoder.${field}`, autoencoder![field], 0, 10);
  for (const field of ['accuracy', 'clean_input_accuracy']) inRange(`composite.${field}`, composite![field], 0, 1);
  for (const [name, alternative] of Object.entries(composite!.alternatives as Record<string, Record<string, unknown>>)) {
    inRange(`composite.alternatives.${name}.noisy_accuracy`, alternative.noisy_accuracy, 0, 1);
  }
  for (const [name, baseline] of Object.entries(baselines as Record<string, Record<string, unknown>>)) {
    // Tuned on validation images, each classical denoiser must beat doing nothing on the test images.
    inRange(`baselines.${name}.psnr_db`, baseline.psnr_db, noisyPsnr, 60);
  }
  inRange('evaluation.best_classical_psnr_db', evaluation!.best_classical_psnr_db, noisyPsnr, 60);
  assert.equal(photos!.photos, 6);
  inRange('photos.autoencoder_seconds_per_megapixel', photos!.autoencoder_seconds_per_megapixel, 0, 600);
  for (const row of photos!.per_photo as Record<string, unknown>[]) inRange(`photos ${row.photo} ${row.method} psnr_db`, row.psnr_db, 1, 80);
}

function cacheEntries(runsDir: string): string[] {
  const dir = join(runsDir, 'model-cache');
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

describe('notebooks, smoke profile', function () {
  this.timeout(60 * 60_000);
  const runsDir = temporaryDir('fmd-runs-');
  const runDirs: Record<string, string> = {};
  const notebooks = listNotebooks().map((notebook) => notebook.name);

  for (const preset of PRESET_NAMES) {
    describe(`preset ${preset}`, () => {
      before(() => {
        const runner = runRunner(['--profile', 'smoke', '--preset', preset], runsDir, 30 * 60_000);
        assert.equal(runner.status, 0, `the runner failed:\n${runner.output.slice(-6000)}`);
        runDirs[preset] = realpathSync(join(runsDir, 'latest'));
      });

      it('ran every notebook without errors, each showing an image, with its HTML export', () => checkNotebookOutputs(runDirs[preset]!, notebooks));

      it('recorded every section with this preset’s parameters, and a wall time for every notebook', () => {
        const results = readResultsOf(runDirs[preset]!);
        const recorded = runParameters(results);
        assert.equal(recorded.state, 'agree', JSON.stringify(recorded));
        assert.deepEqual(recorded.state === 'agree' && recorded.parameters, resolveConfig({ preset, profile: 'smoke' }).parameters);
        for (const name of notebooks) assert.ok((results.wall_time_s as Record<string, number>)[name]! > 0, `${name} has no wall time`);
      });

      it('reports finite numbers in range in every results section', () => checkResultNumbers(readResultsOf(runDirs[preset]!)));
    });
  }

  for (const architecture of OTHER_ARCHITECTURES) {
    describe(`autoencoder.architecture=${architecture}`, () => {
      const id = `architecture-${architecture}`;
      before(() => {
        cpSync(runDirs.default!, join(runsDir, id), { recursive: true });
        const args = ['--run', id, '--from', AUTOENCODER_NOTEBOOKS_FROM, '--profile', 'smoke', '--set', `autoencoder.architecture=${architecture}`];
        const runner = runRunner(args, runsDir, 30 * 60_000);
        assert.match(runner.output, /trained with other parameters/, 'notebook 05 on: the copied folder’s autoencoder was not refused before 04 retrained it?');
        assert.equal(runner.status, 0, `the runner failed:\n${runner.output.slice(-6000)}`);
      });

      it('runs notebooks 04 onwards without errors and reports numbers in range', () => {
        const runDir = join(runsDir, id);
        checkNotebookOutputs(runDir, notebooks.filter((name) => name >= AUTOENCODER_NOTEBOOKS_FROM));
        const results = readResultsOf(runDir);
        assert.equal(results.autoencoder!.architecture, architecture);
        checkResultNumbers(results);
      });
    });
  }

  describe('one notebook rerun with other parameters (npm start -- --run … --only 05 --set noise.level=0.4)', () => {
    let runner: ReturnType<typeof runRunner>;
    let cacheBefore: string[];
    let resultsBefore: Results;
    const id = 'rerun-05';
    before(() => {
      cpSync(runDirs.default!, join(runsDir, id), { recursive: true });
      rmSync(join(runsDir, id, '05-composite.ipynb'));
      cacheBefore = cacheEntries(runsDir);
      resultsBefore = readResultsOf(join(runsDir, id));
      runner = runRunner(['--run', id, '--only', '05', '--profile', 'smoke', '--set', 'noise.level=0.4'], runsDir, 10 * 60_000);
    });

    it('stops with an error naming the parameter, both values, and the command that makes the folder agree', () => {
      assert.equal(runner.status, 1, runner.output.slice(-4000));
      assert.match(runner.output, /RunMismatchError: the autoencoder in \S+ was trained with other parameters/);
      assert.match(runner.output, /noise\.level: trained with 0\.6, this notebook has 0\.4/);
      assert.match(runner.output, new RegExp(`to retrain them with these, into the same run folder:\\n  npm start -- --run ${id} --from 04 --profile smoke --set noise\\.level=0\\.4\\n`));
    });

    it('leaves the model cache and the results as they were: nothing was fine-tuned or recorded under 0.4', () => {
      assert.deepEqual(cacheEntries(runsDir), cacheBefore);
      assert.deepEqual(readResultsOf(join(runsDir, id)).composite, resultsBefore.composite);
      assert.deepEqual(runParameters(readResultsOf(join(runsDir, id))).state, 'agree');
    });
  });
});
