// Notebook 08's steps on run folders the tests write: which runs, what they vary, the charts' data, the summary.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { resolveConfig } from '../lib/config/index';
import { MIME_TEXT, MIME_VEGA_LITE } from '../lib/display/bundle';
import { ConfigError } from '../lib/errors';
import type { NotebookRun } from '../lib/run/notebook-run';
import { comparisonSummary, lossCurves, parameterCharts, resultAgainstParameter, selectRuns, variedParameters, type ComparedRun } from '../lib/steps/compare';
import { temporaryDir } from './helpers/idx-files';
import { completeResults, legacyResults, NOTEBOOKS, rerunResults, resultsBefore, statusRecord, writeRunFolder } from './helpers/run-folders';

const THIS_RUN: NotebookRun = { config: resolveConfig(), runDir: '/nowhere/this-run', cache: true, compare: 'complete' };

function sweepFolder(levels: readonly number[], extra: (level: number) => Record<string, unknown> = () => ({}), made = completeResults): string {
  const root = temporaryDir('fmd-compare-');
  levels.forEach((level, i) => {
    const results = made('default', 'full', { 'noise.level': level });
    writeRunFolder(root, `noise.level=${level}`, { results: { ...results, composite: { accuracy: 0.9 - i * 0.1 }, ...extra(level) } });
  });
  return root;
}

describe('comparing runs', () => {
  const folders: string[] = [];
  after(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));
  const folder = (made: string) => (folders.push(made), made);

  it("selects a folder's runs in time order, with the parameters each ran with", () => {
    const runs = selectRuns(THIS_RUN, folder(sweepFolder([0.2, 0.4, 0.6])));
    assert.deepEqual(runs.map(({ row }) => row.id), ['noise.level=0.2', 'noise.level=0.4', 'noise.level=0.6']);
    assert.deepEqual(runs.map(({ parameters }) => parameters['noise.level']), [0.2, 0.4, 0.6]);
  });

  it('refuses a folder that holds no runs, naming it', () => {
    assert.throws(() => selectRuns(THIS_RUN, folder(temporaryDir('fmd-compare-empty-'))), (error: Error) => error instanceof ConfigError && /parameter compare = /.test(error.message));
  });

  it("'complete': the complete runs with nothing missing, and this run while it runs; not failed, partial or damaged ones", () => {
    const root = folder(temporaryDir('fmd-compare-complete-'));
    writeRunFolder(root, 'a-complete', { results: completeResults(), status: statusRecord({ state: 'complete', completed: NOTEBOOKS }) });
    writeRunFolder(root, 'b-failed', { results: resultsBefore('04'), status: statusRecord({ state: 'failed', failure: { notebook: '04-autoencoder', reason: 'a cell raised an error' } }) });
    writeRunFolder(root, 'c-damaged', { results: '{ not json', status: statusRecord({ state: 'complete', completed: NOTEBOOKS }) });
    const current = writeRunFolder(root, 'd-this-run', { results: completeResults(), status: statusRecord() });
    const runs = selectRuns({ ...THIS_RUN, runDir: current }, 'complete', root);
    assert.deepEqual(runs.map(({ row }) => row.id), ['a-complete', 'd-this-run']);
  });

  it('plots against what the runs set themselves and differ in; not against what only presets differ in', async () => {
    const sweep = selectRuns(THIS_RUN, folder(sweepFolder([0.2, 0.4])));
    assert.deepEqual(variedParameters(sweep), ['noise.level']);
    const presets = folder(temporaryDir('fmd-compare-presets-'));
    writeRunFolder(presets, 'a', { results: completeResults('default') });
    writeRunFolder(presets, 'b', { results: completeResults('reference') });
    const byPreset = selectRuns(THIS_RUN, presets);
    assert.deepEqual(variedParameters(byPreset), []);
    assert.match((await parameterCharts(byPreset)).note, /nothing to plot against/);
    assert.equal((await parameterCharts(sweep)).charts.length, 2);
  });

  it("charts a result against a parameter from each run's own values, one line per preset", async () => {
    const chart = await resultAgainstParameter(selectRuns(THIS_RUN, folder(sweepFolder([0.2, 0.4]))), 'noise.level', 'composite', 'composite accuracy');
    const spec = chart.data[MIME_VEGA_LITE] as { data: { values: unknown[] } };
    assert.deepEqual(spec.data.values, [{ x: 0.2, value: 0.9, preset: 'default' }, { x: 0.4, value: 0.8, preset: 'default' }]);
  });

  it('overlays the recorded loss curves, counting the runs that have none', async () => {
    const curves = (level: number) => (level === 0.2 ? { autoencoder: { val_loss_curve: [0.02, 0.015, 0.014], loss_curve: [0.03, 0.02, 0.018] } } : {});
    const runs = selectRuns(THIS_RUN, folder(sweepFolder([0.2, 0.4], curves)));
    const chart = await lossCurves(runs, 'autoencoder');
    assert.match(chart.data[MIME_TEXT], /autoencoder: validation loss per epoch, 1 run \(1 without recorded curves\)/);
    const spec = chart.data[MIME_VEGA_LITE] as { data: { values: { x: number; series: string; value: number }[] } };
    assert.deepEqual(spec.data.values.map((point) => [point.series, point.x, point.value]), [['noise.level=0.2', 1, 0.02], ['noise.level=0.2', 2, 0.015], ['noise.level=0.2', 3, 0.014]]);
  });

  it('reads a sweep from before sections recorded their parameters as before', async () => {
    const runs = selectRuns(THIS_RUN, folder(sweepFolder([0.2, 0.4], () => ({}), legacyResults)));
    assert.deepEqual(runs.map(({ parameters }) => parameters['noise.level']), [0.2, 0.4]);
    assert.deepEqual(runs.map(({ mixed }) => mixed), [[], []]);
    assert.equal((await parameterCharts(runs)).charts.length, 2);
  });

  describe('a run whose sections were made with different parameters', () => {
    // Point 0.8 of a sweep, then its notebook 05 rerun into the folder at 0.3: its best composite accuracy is 0.3's.
    const curves = { autoencoder: { ...(completeResults().autoencoder as object), val_loss_curve: [0.02, 0.015], loss_curve: [0.03, 0.02] } };
    const mixedSweep = (): ComparedRun[] => {
      const root = folder(sweepFolder([0.2, 0.4, 0.6], () => curves));
      const point = completeResults('default', 'full', { 'noise.level': 0.8 });
      const rerun = rerunResults(point, 'composite', { set: { 'noise.level': 0.3 } });
      writeRunFolder(root, 'noise.level=0.8', { results: { ...rerun, composite: { accuracy: 0.95 }, ...curves } });
      return selectRuns(THIS_RUN, root);
    };
    const why = 'noise.level=0.8 (sections made with different parameters: noise.level: 0.8 (classifier, autoencoder), 0.3 (composite))';

    it('is listed, with what its sections differ in and no parameters of its own', () => {
      const runs = mixedSweep();
      assert.deepEqual(runs.map(({ row }) => [row.id, row.changed]), [
        ['noise.level=0.2', 'noise.level=0.2'], ['noise.level=0.4', 'noise.level=0.4'], ['noise.level=0.6', ''], ['noise.level=0.8', 'mixed'],
      ]);
      assert.deepEqual(runs[3]!.mixed, ['noise.level: 0.8 (classifier, autoencoder), 0.3 (composite)']);
      assert.deepEqual(runs[3]!.parameters, {});
      assert.deepEqual(runs.slice(0, 3).map(({ mixed }) => mixed), [[], [], []]);
    });

    it('is no point of a chart against a parameter, and the note says it was left out and why', async () => {
      const runs = mixedSweep();
      assert.deepEqual(variedParameters(runs), ['noise.level']);
      const chart = await resultAgainstParameter(runs, 'noise.level', 'composite', 'composite accuracy');
      const spec = chart.data[MIME_VEGA_LITE] as { data: { values: { x: number }[] } };
      assert.deepEqual(spec.data.values.map((point) => point.x), [0.2, 0.4, 0.6]);
      const { charts, note } = await parameterCharts(runs);
      assert.equal(charts.length, 2);
      assert.equal(note, `noise.level differs between the runs; left out of the charts: ${why}`);
    });

    it('is no curve of the loss chart, and the title counts it', async () => {
      const chart = await lossCurves(mixedSweep(), 'autoencoder');
      assert.match(chart.data[MIME_TEXT], /autoencoder: validation loss per epoch, 3 runs \(1 of mixed parameters left out\)/);
      const spec = chart.data[MIME_VEGA_LITE] as { data: { values: { series: string }[] } };
      assert.deepEqual([...new Set(spec.data.values.map((point) => point.series))], ['noise.level=0.2', 'noise.level=0.4', 'noise.level=0.6']);
    });

    it('is never the best run of the summary, which names it as left out', () => {
      assert.equal(
        comparisonSummary(mixedSweep()),
        `4 runs compared; the best composite accuracy is 0.9000, run noise.level=0.2 (noise.level=0.2); left out of the charts: ${why}.`,
      );
    });

    it('alone: nothing to plot against, and the note says why', async () => {
      const root = folder(temporaryDir('fmd-compare-mixed-'));
      writeRunFolder(root, 'interactive', { results: rerunResults(completeResults(), 'composite', { set: { 'noise.level': 0.4 } }) });
      const runs = selectRuns(THIS_RUN, root);
      assert.deepEqual(variedParameters(runs), []);
      assert.equal(
        (await parameterCharts(runs)).note,
        'no numeric parameter that a run set itself differs between the 0 runs of one configuration: nothing to plot against; left out of the charts: interactive (sections made with different parameters: noise.level: 0.6 (classifier, autoencoder), 0.4 (composite))',
      );
      assert.match(comparisonSummary(runs), /^1 run compared; none has a composite accuracy yet; left out of the charts: interactive \(/);
    });
  });

  it('names the best composite accuracy and what that run changed', () => {
    const summary = comparisonSummary(selectRuns(THIS_RUN, folder(sweepFolder([0.2, 0.4]))));
    assert.equal(summary, '2 runs compared; the best composite accuracy is 0.9000, run noise.level=0.2 (noise.level=0.2).');
  });
});
