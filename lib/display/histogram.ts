// Overlaid histograms (e.g. pixel values clean vs noisy), binned on the TF backend so millions of values stay out of the spec.
import type { TopLevelSpec } from 'vega-lite';
import { DisplayInputError } from '../errors';
import { tf, type Tensor, type Tensor1D } from '../tf';
import { chartBundle, type DisplayBundle } from './bundle';
import { chartText, specFrame, type ChartOptions } from './charts';

export interface HistogramOptions extends ChartOptions {
  /** @default 50 (bins of 0.02 over pixel values in [0, 1]) */
  readonly bins?: number;
  /** Range binned; values outside it count in the edge bins. @default [0, 1] (normalized pixels) */
  readonly domain?: readonly [number, number];
  /** 'sqrt' or 'symlog' keep a spike (the black background of Fashion-MNIST) from flattening the rest. @default 'linear' */
  readonly yScale?: 'linear' | 'sqrt' | 'symlog';
  /** @default 'value' */
  readonly xTitle?: string;
}

/** Counts per bin of `values`, any shape, clipped into `domain`. */
export function binCounts(values: Tensor | ArrayLike<number>, bins: number, domain: readonly [number, number]): number[] {
  const [low, high] = domain;
  if (!Number.isInteger(bins) || bins < 1 || !(high > low)) {
    throw new DisplayInputError('histogram', 'a whole number of bins >= 1 and a domain [low, high] with low < high', `${bins} bins over [${low}, ${high}]`);
  }
  return tf.tidy(() => {
    const flat = values instanceof tf.Tensor ? values.reshape([-1]) : tf.tensor1d(Float32Array.from(values as ArrayLike<number>));
    // [size] → bin index in [0, bins - 1]
    const index = flat.sub(low).mul(bins / (high - low)).floor().clipByValue(0, bins - 1).toInt();
    return Array.from(tf.bincount(index as Tensor1D, [], bins).dataSync());
  });
}

/**
 * One histogram per series, overlaid and translucent: `histogramChart({ clean: x, noisy: xNoisy })`.
 * Heights are the share of each series' values, so series of different sizes compare.
 */
export async function histogramChart(
  series: Readonly<Record<string, Tensor | ArrayLike<number>>>,
  options: HistogramOptions = {},
): Promise<DisplayBundle> {
  const bins = options.bins ?? 50;
  const domain = options.domain ?? [0, 1];
  const width = (domain[1] - domain[0]) / bins;
  const summaries: string[] = [];
  const rows = Object.entries(series).flatMap(([name, values]) => {
    const counts = binCounts(values, bins, domain);
    const total = counts.reduce((sum, count) => sum + count, 0);
    summaries.push(`${name} ${total} values`);
    return counts.map((count, i) => ({
      series: name,
      start: domain[0] + i * width,
      end: domain[0] + (i + 1) * width,
      count,
      share: total === 0 ? 0 : count / total,
    }));
  });
  const spec: TopLevelSpec = {
    ...specFrame(options),
    data: { values: rows },
    mark: { type: 'bar', opacity: 0.5, binSpacing: 0, tooltip: true },
    encoding: {
      x: { field: 'start', type: 'quantitative', bin: 'binned', title: options.xTitle ?? 'value' },
      x2: { field: 'end' },
      y: { field: 'share', type: 'quantitative', stack: null, title: 'share of values', scale: { type: options.yScale ?? 'linear' } },
      color: { field: 'series', type: 'nominal', title: null },
    },
  };
  return chartBundle(spec, chartText('histogram', options, `${bins} bins over [${domain[0]}, ${domain[1]}]: ${summaries.join(', ')}`));
}
