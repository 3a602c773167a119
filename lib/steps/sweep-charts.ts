// The noise-level sweep as two line charts over the level: accuracy, and PSNR, each without and with denoising.
import type { TopLevelSpec } from 'vega-lite';
import { chartBundle, type DisplayBundle } from '../display/bundle';
import { chartText, specFrame } from '../display/charts';
import { formatNumber } from '../display/format';
import { ConfigError } from '../errors';
import type { SweepRow } from './sweep';

const TRAINED_RULE_COLOR = '#888';

export interface SweepChartOptions {
  /** Marks the level the autoencoder was trained at with a dashed line. @default no mark */
  readonly trainedLevel?: number;
}

export interface SweepCharts {
  readonly accuracy: DisplayBundle;
  readonly psnr: DisplayBundle;
}

interface LevelPoint {
  readonly level: number;
  readonly series: string;
  readonly value: number;
}

/** Accuracy vs level and PSNR vs level, each with a "noisy" and a "denoised" curve. */
export async function sweepCharts(rows: readonly SweepRow[], options: SweepChartOptions = {}): Promise<SweepCharts> {
  if (rows.length === 0) throw new ConfigError('rows', [], 'the rows of noiseLevelSweep (at least one level)');
  const accuracy = await levelChart(
    rows.flatMap((row) => [
      { level: row.level, series: 'noisy', value: row.accuracy_noisy },
      { level: row.level, series: 'denoised', value: row.accuracy_denoised },
    ]),
    { title: 'Classifier accuracy vs noise level', yTitle: 'accuracy', yDomain: [0, 1] },
    options,
  );
  const psnr = await levelChart(
    rows.flatMap((row) => [
      { level: row.level, series: 'noisy', value: row.psnr_noisy_db },
      { level: row.level, series: 'denoised', value: row.psnr_denoised_db },
    ]),
    { title: 'PSNR vs noise level', yTitle: 'PSNR (dB)' },
    options,
  );
  return { accuracy, psnr };
}

async function levelChart(
  points: readonly LevelPoint[],
  chart: { readonly title: string; readonly yTitle: string; readonly yDomain?: readonly [number, number] },
  options: SweepChartOptions,
): Promise<DisplayBundle> {
  // Ticks at the measured levels only, so every point has its label (vega would pick round steps instead).
  const levels = [...new Set(points.map((point) => point.level))];
  const x = { field: 'level', type: 'quantitative' as const, title: 'noise level', axis: { values: levels } };
  const curves = {
    mark: { type: 'line' as const, point: true, tooltip: true },
    encoding: {
      x,
      y: {
        field: 'value',
        type: 'quantitative' as const,
        title: chart.yTitle,
        scale: chart.yDomain === undefined ? { zero: false } : { domain: [...chart.yDomain] },
      },
      color: { field: 'series', type: 'nominal' as const, title: null, sort: null },
    },
  };
  const trained = options.trainedLevel;
  const rule = {
    data: { values: [{ level: trained, label: 'trained' }] },
    encoding: { x: { field: 'level', type: 'quantitative' as const } },
    layer: [
      { mark: { type: 'rule' as const, strokeDash: [4, 4], color: TRAINED_RULE_COLOR } },
      { mark: { type: 'text' as const, align: 'left' as const, dx: 4, y: 8, color: TRAINED_RULE_COLOR }, encoding: { text: { field: 'label' } } },
    ],
  };
  const spec: TopLevelSpec = {
    ...specFrame({ title: chart.title }),
    data: { values: [...points] },
    layer: trained === undefined ? [curves] : [curves, rule],
  };
  const text = points.map((point) => `${point.series}@${point.level} ${formatNumber(point.value)}`).join(', ');
  return chartBundle(spec, chartText('line chart', { title: chart.title }, text));
}
