// Runs every notebook headless in the smoke profile for every preset, as `npm start -- --profile smoke --preset …`
// does, and the autoencoder designs no preset uses; checks what each run left, down to its numbers, and that a
// notebook rerun with other parameters refuses the models its folder holds.
import assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PRESET_NAMES, resolveConfig } from '../../lib/config/index';
import { runParameters } from '../../lib/run/results';
import { listNotebooks, readNotebook } from '../../tools/runner/notebooks';
import { temporaryDir } from '../helpers/idx-files';
import { runRunnerAsync } from '../helpers/runner';

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
const RERUN = 'rerun-05';

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
  const { noise, classifier, autoencoder, composite, baselines, evaluation, generalization, photos } = results as Required<Results>;
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
  const grid = generalization as { cells: Record<string, Record<string, unknown>>; cell_count: number };
  assert.equal(Object.keys(grid.cells).length, 15, 'five noise types at three levels');
  assert.equal(grid.cell_count, 15);
  for (const [key, cell] of Object.entries(grid.cells)) {
    for (const field of ['noisy_psnr_db', 'autoencoder_psnr_db', 'classical_psnr_db']) inRange(`generalization ${key} ${field}`, cell[field], 1, 80);
    for (const field of ['autoencoder_ssim', 'classical_ssim']) inRange(`generalization ${key} ${field}`, cell[field], -1, 1);
    for (const field of ['composite_accuracy', 'classifier_noisy_accuracy']) inRange(`generalization ${key} ${field}`, cell[field], 0, 1);
  }
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
  const runDir = (name: string) => join(runsDir, name);
  const notebooks = listNotebooks().map((notebook) => notebook.name);
  const outcomes: Record<string, { status: number | null; output: string }> = {};
  let cacheBeforeRerun: string[] = [];
  let resultsBeforeRerun: Results = {};

  // Every preset side by side, and the other designs as soon as the default has filled notebooks 01–03: most of
  // each notebook is its kernel starting and type-checking lib/ on one core, so several runners keep both cores busy
  // where two would leave one idle while the last run finishes. Runs that share a training (the presets' clean
  // classifier) wait for each other through the cache.
  before(async () => {
    const preset = (name: string) => runRunnerAsync(['--profile', 'smoke', '--preset', name, '--run-name', `preset-${name}`], runsDir, 30 * 60_000).then((outcome) => (outcomes[name] = outcome));
    const afterDefault = preset('default').then(async (outcome) => {
      if (outcome.status !== 0) return;
      const fromDefault = (name: string) => cpSync(runDir('preset-default'), runDir(name), { recursive: true });
      for (const architecture of OTHER_ARCHITECTURES) fromDefault(`architecture-${architecture}`);
      fromDefault(RERUN);
      rmSync(join(runDir(RERUN), '05-composite.ipynb'));
      for (const architecture of OTHER_ARCHITECTURES) {
        const args = ['--run', `architecture-${architecture}`, '--from', AUTOENCODER_NOTEBOOKS_FROM, '--profile', 'smoke', '--set', `autoencoder.architecture=${architecture}`];
        outcomes[architecture] = await runRunnerAsync(args, runsDir, 30 * 60_000);
      }
    });
    await Promise.all([afterDefault, ...PRESET_NAMES.filter((name) => name !== 'default').map(preset)]);
    assert.equal(outcomes.default!.status, 0, `the default preset's run failed:\n${outcomes.default!.output.slice(-6000)}`);
    // Alone: nothing else may write to the model cache while the rerun is checked for leaving it unchanged.
    cacheBeforeRerun = cacheEntries(runsDir);
    resultsBeforeRerun = readResultsOf(runDir(RERUN));
    outcomes[RERUN] = await runRunnerAsync(['--run', RERUN, '--only', '05', '--profile', 'smoke', '--set', 'noise.level=0.4'], runsDir, 10 * 60_000);
  });

  for (const preset of PRESET_NAMES) {
    describe(`preset ${preset}`, () => {
      const dir = () => runDir(`preset-${preset}`);

      it('completes', () => assert.equal(outcomes[preset]?.status, 0, `the runner failed:\n${outcomes[preset]?.output.slice(-6000)}`));

      it('ran every notebook without errors, each showing an image, with its HTML export', () => checkNotebookOutputs(dir(), notebooks));

      it('recorded every section with this preset’s parameters, and a wall time for every notebook', () => {
        const results = readResultsOf(dir());
        const recorded = runParameters(results);
        assert.equal(recorded.state, 'agree', JSON.stringify(recorded));
        assert.deepEqual(recorded.state === 'agree' && recorded.parameters, resolveConfig({ preset, profile: 'smoke' }).parameters);
        for (const name of notebooks) assert.ok((results.wall_time_s as Record<string, number>)[name]! > 0, `${name} has no wall time`);
      });

      it('reports finite numbers in range in every results section', () => checkResultNumbers(readResultsOf(dir())));
    });
  }

  for (const architecture of OTHER_ARCHITECTURES) {
    describe(`autoencoder.architecture=${architecture}`, () => {
      it('runs notebooks 04 onwards in a folder 01–03 filled, refusing nothing it retrained, and reports numbers in range', () => {
        const outcome = outcomes[architecture]!;
        assert.equal(outcome.status, 0, `the runner failed:\n${outcome.output.slice(-6000)}`);
        const dir = runDir(`architecture-${architecture}`);
        checkNotebookOutputs(dir, notebooks.filter((name) => name >= AUTOENCODER_NOTEBOOKS_FROM));
        const results = readResultsOf(dir);
        assert.equal(results.autoencoder!.architecture, architecture);
        assert.equal(runParameters(results).state, 'mixed', 'sections 01–03 were made with the unet setting, 04 on with this one');
        checkResultNumbers(results);
      });
    });
  }

  describe('one notebook rerun with other parameters (npm start -- --run … --only 05 --set noise.level=0.4)', () => {
    it('stops with an error naming the parameter, both values, and the command that makes the folder agree', () => {
      const { status, output } = outcomes[RERUN]!;
      assert.equal(status, 1, output.slice(-4000));
      assert.match(output, /RunMismatchError: the autoencoder in \S+ was trained with other parameters/);
      assert.match(output, /noise\.level: trained with 0\.6, this notebook has 0\.4/);
      assert.match(output, new RegExp(`to retrain them with these, into the same run folder:\\n  npm start -- --run ${RERUN} --from 04 --profile smoke --set noise\\.level=0\\.4\\n`));
    });

    it('leaves the model cache and the results as they were: nothing was fine-tuned or recorded under 0.4', () => {
      assert.deepEqual(cacheEntries(runsDir), cacheBeforeRerun);
      assert.deepEqual(readResultsOf(runDir(RERUN)).composite, resultsBeforeRerun.composite);
      assert.deepEqual(runParameters(readResultsOf(runDir(RERUN))).state, 'agree');
    });
  });
});
