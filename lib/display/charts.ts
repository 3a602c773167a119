// Line and bar charts as vega-lite specs with their data inline, each returned as a display bundle.
import type { TopLevelSpec } from 'vega-lite';
import type { Tensor } from '../tf';
import { chartBundle, type DisplayBundle } from './bundle';
import { formatNumber } from './format';

const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';
const DEFAULT_WIDTH = 420;
const DEFAULT_HEIGHT = 260;

/** Options every chart takes. */
export interface ChartOptions {
  /** @default no title */
  readonly title?: string;
  /** Plot width in CSS pixels. @default 420 (two charts fit side by side in a notebook) */
  readonly width?: number;
  /** Plot height in CSS pixels. @default 260 */
  readonly height?: number;
}

/** The fields every spec starts with. */
export function specFrame(options: ChartOptions): { $schema: string; title?: string; width: number; height: number } {
  return {
    $schema: VEGA_LITE_SCHEMA,
    ...(options.title === undefined ? {} : { title: options.title }),
    width: options.width ?? DEFAULT_WIDTH,
    height: options.height ?? DEFAULT_HEIGHT,
  };
}

export interface LineChartOptions extends ChartOptions {
  /** @default 'epoch' */
  readonly xTitle?: string;
  /** @default 'value' */
  readonly yTitle?: string;
  /** Log scale on y, for losses that fall by orders of magnitude. @default false */
  readonly logY?: boolean;
}

/** One point of one series. */
export interface LinePoint {
  readonly x: number;
  readonly series: string;
  readonly value: number;
}

/** The spec of a line chart over long-format points; shared with the live chart. */
export function lineChartSpec(points: readonly LinePoint[], options: LineChartOptions = {}): TopLevelSpec {
  const xs = points.map((point) => point.x);
  // Epochs are whole: no more ticks than epochs, so an axis never reads 1.5.
  const tickCount = Math.max(1, Math.min(10, Math.max(...xs) - Math.min(...xs)));
  return {
    ...specFrame(options),
    data: { values: [...points] },
    mark: { type: 'line', point: true, tooltip: true },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: options.xTitle ?? 'epoch', axis: { tickCount, format: 'd' } },
      y: {
        field: 'value',
        type: 'quantitative',
        title: options.yTitle ?? 'value',
        scale: options.logY === true ? { type: 'log' } : { zero: false },
      },
      color: { field: 'series', type: 'nominal', title: null },
    },
  };
}

/**
 * Curves per epoch, one per series, e.g. `lineChart(history.history)` after `model.fit`. Epochs count from 1,
 * as tfjs prints them.
 */
export async function lineChart(
  series: Readonly<Record<string, ReadonlyArray<number | Tensor>>>,
  options: LineChartOptions = {},
): Promise<DisplayBundle> {
  const numbers = Object.entries(series).map(([name, values]) => ({
    name,
    values: values.map((value) => (typeof value === 'number' ? value : value.dataSync()[0] ?? NaN)),
  }));
  const points = numbers.flatMap(({ name, values }) => values.map((value, index) => ({ x: index + 1, series: name, value })));
  const last = numbers.map(({ name, values }) => `${name} ${formatNumber(values[values.length - 1] ?? NaN)}`);
  return chartBundle(lineChartSpec(points, options), chartText('line chart', options, last.join(', ')));
}

/** The text/plain of a chart: what a log or a terminal shows instead of the picture. */
export function chartText(kind: string, options: ChartOptions, detail: string): string {
  return `[${kind}${options.title === undefined ? '' : ` "${options.title}"`}] ${detail}`;
}

export interface BarChartOptions extends ChartOptions {
  /** @default 'value' */
  readonly yTitle?: string;
  /** Fixed y range, e.g. [0, 1] for accuracies. @default from the data, starting at zero */
  readonly yDomain?: readonly [number, number];
  /** d3-format of the value printed above each bar. @default '.3~f' (0.912, 0.9) */
  readonly valueFormat?: string;
}

/**
 * Grouped bars: outer keys along x, inner keys side by side in colour, e.g.
 * `barChart({ clean: { classifier: 0.91, denoised: 0.9 }, noisy: { classifier: 0.52, denoised: 0.85 } })`.
 */
export async function barChart(
  values: Readonly<Record<string, Readonly<Record<string, number>>>>,
  options: BarChartOptions = {},
): Promise<DisplayBundle> {
  const rows = Object.entries(values).flatMap(([category, groups]) =>
    Object.entries(groups).map(([group, value]) => ({ category, group, value })),
  );
  const spec: TopLevelSpec = {
    ...specFrame(options),
    data: { values: rows },
    encoding: {
      x: { field: 'category', type: 'nominal', title: null, sort: null, axis: { labelAngle: 0 } },
      xOffset: { field: 'group', type: 'nominal', sort: null },
      y: {
        field: 'value',
        type: 'quantitative',
        title: options.yTitle ?? 'value',
        ...(options.yDomain === undefined ? {} : { scale: { domain: [...options.yDomain] } }),
      },
      color: { field: 'group', type: 'nominal', title: null, sort: null },
    },
    layer: [
      { mark: { type: 'bar', tooltip: true } },
      { mark: { type: 'text', dy: -6 }, encoding: { text: { field: 'value', format: options.valueFormat ?? '.3~f' } } },
    ],
  };
  const text = rows.map((row) => `${row.category}/${row.group} ${formatNumber(row.value)}`).join(', ');
  return chartBundle(spec, chartText('bar chart', options, text));
}
