// Notebook 08's steps: other runs' folders side by side. It reads run folders only, never trains or writes them.
// A run whose results sections were made with different parameters is listed but never charted: no single
// configuration stands behind its numbers.
import { resolve } from 'node:path';
import * as dfd from 'danfojs-node';
import type { TopLevelSpec } from 'vega-lite';
import { PARAMETER_NAMES, type ParameterName } from '../config/index';
import { chartBundle, type DisplayBundle } from '../display/bundle';
import { chartText, lineChart, specFrame } from '../display/charts';
import { ConfigError } from '../errors';
import type { NotebookRun } from '../run/notebook-run';
import { RUNS_DIR } from '../paths';
import { readResults, runParameters, type RunParameters } from '../run/results';
import { readRunsIndex, type RunRow } from '../run/runs-index';

/**
 * 'complete': every complete run under runs/ with the pipeline's results (classifier, autoencoder, composite), and
 * this one; or a folder under runs/ such as 'sweeps/<id>', all its runs whatever their state.
 */
export type RunSelection = 'complete' | string;

/** A run of the comparison: its row of the runs table and the parameters it ran with. */
export interface ComparedRun {
  readonly row: RunRow;
  /** What its results sections were made with; empty when they disagree or recorded none. */
  readonly parameters: Readonly<Partial<Record<ParameterName, unknown>>>;
  /**
   * The settings its sections were made with different values of, e.g. 'noise.level: 0.6 (classifier,
   * autoencoder), 0.4 (composite)'; empty when they agree. A run with any is left out of every chart.
   */
  readonly mixed: readonly string[];
}

/**
 * The runs `selection` names, in time order. This notebook's own run is among them while it runs (its notebooks
 * 01–06 have written their results), though its status says running.
 */
export function selectRuns(run: NotebookRun, selection: RunSelection, runsDir: string = RUNS_DIR): ComparedRun[] {
  const rows =
    selection === 'complete'
      ? readRunsIndex([runsDir]).filter((row) => (row.state === 'complete' && hasPipelineResults(row)) || resolve(row.dir) === resolve(run.runDir))
      : readRunsIndex([resolve(runsDir, selection)]);
  if (selection !== 'complete' && rows.length === 0) {
    throw new ConfigError('compare', selection, `'complete', or a folder under ${runsDir} that holds run folders (e.g. sweeps/<id>)`);
  }
  return rows.map((row) => ({ row, ...parametersOf(row.dir) }));
}

/** What a comparison is about: the classifier, the autoencoder and the composite all left their numbers. */
function hasPipelineResults(row: RunRow): boolean {
  return row.clean !== null && row.psnr_db !== null && row.composite !== null;
}

function parametersOf(dir: string): Pick<ComparedRun, 'parameters' | 'mixed'> {
  let recorded: RunParameters;
  try {
    recorded = runParameters(readResults(dir));
  } catch {
    return { parameters: {}, mixed: [] }; // the runs table's row already says what is wrong with this folder
  }
  if (recorded.state === 'mixed') return { parameters: {}, mixed: recorded.differences };
  return { parameters: recorded.state === 'agree' ? (recorded.parameters as Partial<Record<ParameterName, unknown>>) : {}, mixed: [] };
}

/** The runs a chart may show: those whose sections were all made with one set of parameters. */
function charted(runs: readonly ComparedRun[]): ComparedRun[] {
  return runs.filter(({ mixed }) => mixed.length === 0);
}

/** Which runs the charts leave out and why, for a note: '' when none. */
function leftOutOfCharts(runs: readonly ComparedRun[]): string {
  const left = runs.filter(({ mixed }) => mixed.length > 0);
  if (left.length === 0) return '';
  return `left out of the charts: ${left.map(({ row, mixed }) => `${row.id} (sections made with different parameters: ${mixed.join('; ')})`).join(', ')}`;
}

/** One row per run: what it changed, its state, its results; as a danfojs DataFrame, for `table(...)` or slicing. */
export function runsFrame(runs: readonly ComparedRun[]): dfd.DataFrame {
  const number = (value: number | null) => value ?? NaN;
  return new dfd.DataFrame(
    runs.map(({ row }) => ({
      run: row.id, preset: row.preset ?? '—', profile: row.profile ?? '—', changed: row.changed || '—', status: row.status,
      'clean acc': number(row.clean), 'noisy acc': number(row.noisy), 'composite acc': number(row.composite),
      'PSNR (dB)': number(row.psnr_db), SSIM: number(row.ssim), 'wall time (s)': number(row.wall_s),
    })),
  );
}

/**
 * The numeric parameters some run set apart from its preset and profile (a sweep's axes, a `--set`) and whose values
 * differ between the runs: what a chart can put on its x axis. What presets and profiles differ in is not plotted:
 * the table shows it.
 */
export function variedParameters(all: readonly ComparedRun[]): ParameterName[] {
  const runs = charted(all);
  const setByRuns = new Set(runs.flatMap(({ row }) => (row.changed ?? '').split(', ').map((setting) => setting.split('=')[0])));
  return PARAMETER_NAMES.filter((name) => {
    const values = runs.map((run) => run.parameters[name]);
    return setByRuns.has(name) && values.every((value) => typeof value === 'number') && new Set(values).size > 1;
  });
}

/** A result of the runs table against a parameter, one line per preset: e.g. composite accuracy against noise level. */
export async function resultAgainstParameter(
  runs: readonly ComparedRun[],
  parameter: ParameterName,
  result: 'composite' | 'clean' | 'noisy' | 'psnr_db' | 'ssim',
  yTitle: string,
): Promise<DisplayBundle> {
  const points = charted(runs).flatMap(({ row, parameters }) => {
    const x = parameters[parameter];
    const value = row[result];
    return typeof x === 'number' && value !== null ? [{ x, value, preset: row.preset ?? 'unknown' }] : [];
  });
  if (points.length === 0) throw new ConfigError('parameter', parameter, `a parameter with a number in each run that has a ${result} result`);
  const title = `${yTitle} against ${parameter}`;
  const spec: TopLevelSpec = {
    ...specFrame({ title, width: 480 }),
    data: { values: points },
    mark: { type: 'line', point: true, tooltip: true },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: parameter },
      y: { field: 'value', type: 'quantitative', title: yTitle, scale: { zero: false } },
      color: { field: 'preset', type: 'nominal', title: 'preset' },
    },
  };
  const detail = points.map((point) => `${point.preset} ${point.x}: ${point.value.toFixed(4)}`).join(', ');
  return chartBundle(spec, chartText('line chart', { title }, detail));
}

/**
 * One model's validation-loss curve per run (its training loss where it had no validation), overlaid; runs whose
 * results predate the recorded curves, and runs of mixed parameters, are left out, and the title says how many.
 */
export async function lossCurves(all: readonly ComparedRun[], model: 'classifier' | 'autoencoder'): Promise<DisplayBundle> {
  const runs = charted(all);
  const series: Record<string, number[]> = {};
  for (const { row } of runs) {
    let section: unknown;
    try {
      section = readResults(row.dir)[model];
    } catch {
      continue;
    }
    const curves = section as { val_loss_curve?: unknown; loss_curve?: unknown } | undefined;
    const curve = [curves?.val_loss_curve, curves?.loss_curve].find((values): values is number[] => Array.isArray(values) && values.length > 0);
    if (curve) series[row.id] = curve;
  }
  const shown = Object.keys(series).length;
  const missing = runs.length - shown;
  const mixed = all.length - runs.length;
  const left = [missing > 0 ? `${missing} without recorded curves` : '', mixed > 0 ? `${mixed} of mixed parameters left out` : ''].filter(Boolean);
  const title = `${model}: validation loss per epoch, ${shown} run${shown === 1 ? '' : 's'}${left.length > 0 ? ` (${left.join(', ')})` : ''}`;
  return lineChart(series, { title, yTitle: 'val_loss (loss without validation)', logY: true });
}

/**
 * Composite accuracy and PSNR against each parameter that varies between the runs, or why there is no such chart;
 * the note names the runs of mixed parameters left out.
 */
export async function parameterCharts(runs: readonly ComparedRun[]): Promise<{ charts: DisplayBundle[]; note: string }> {
  const varied = variedParameters(runs);
  const withLeftOut = (note: string): string => [note, leftOutOfCharts(runs)].filter(Boolean).join('; ');
  if (varied.length === 0) {
    const count = charted(runs).length;
    const between = count === runs.length ? `these ${count} runs` : `the ${count} run${count === 1 ? '' : 's'} of one configuration`;
    return { charts: [], note: withLeftOut(`no numeric parameter that a run set itself differs between ${between}: nothing to plot against`) };
  }
  const charts: DisplayBundle[] = [];
  for (const parameter of varied) {
    charts.push(await resultAgainstParameter(runs, parameter, 'composite', 'composite accuracy'));
    charts.push(await resultAgainstParameter(runs, parameter, 'psnr_db', 'PSNR of the denoised test images (dB)'));
  }
  return { charts, note: withLeftOut(`${varied.join(', ')} differ${varied.length === 1 ? 's' : ''} between the runs`) };
}

/** Notebook 08's one-line conclusion: how many runs, the best composite accuracy of a run of one configuration, and which runs were left out. */
export function comparisonSummary(runs: readonly ComparedRun[]): string {
  const compared = `${runs.length} run${runs.length === 1 ? '' : 's'} compared`;
  const leftOut = leftOutOfCharts(runs);
  const scored = charted(runs).filter(({ row }) => row.composite !== null);
  const best = scored.length === 0 ? 'none has a composite accuracy yet' : bestOf(scored);
  return `${[compared, best, leftOut].filter(Boolean).join('; ')}.`;
}

function bestOf(scored: readonly ComparedRun[]): string {
  const best = scored.reduce((winner, candidate) => (candidate.row.composite! > winner.row.composite! ? candidate : winner));
  return `the best composite accuracy is ${best.row.composite!.toFixed(4)}, run ${best.row.id}${best.row.changed ? ` (${best.row.changed})` : ''}`;
}
