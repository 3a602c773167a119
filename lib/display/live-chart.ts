// A line chart that redraws in place while a model trains, throttled so a long run does not flood the notebook.
import { chartBundle } from './bundle';
import { chartText, lineChartSpec, type LineChartOptions, type LinePoint } from './charts';
import { formatNumber } from './format';
import { liveOutput, type LiveOutput } from './jupyter';
import { Throttle } from './throttle';

export interface LiveLineChartOptions extends LineChartOptions {
  /** Shortest time between two redraws; a redraw costs ~50 ms of CPU. @default 2000 */
  readonly throttleMs?: number;
  /** The log keys to plot from `onEpochEnd`. @default every key of the first epoch's logs */
  readonly metrics?: readonly string[];
  /** Where redraws go. @default a new in-place output of the running cell */
  readonly output?: LiveOutput;
}

/**
 * A live chart; also a tfjs callback object, so `model.fit(x, y, { callbacks: [chart] })` draws one point per
 * epoch per metric and the final chart once training ends.
 */
export interface LiveLineChart {
  /** Adds one point per series at `x` (undefined values are skipped) and requests a redraw. */
  update(x: number, values: Readonly<Record<string, number | undefined>>): void;
  /** Draws the final state now and waits for it; a failed redraw is reported as a warning, never thrown. */
  close(): Promise<void>;
  /** tfjs hook: plots `logs` at epoch + 1, as tfjs counts epochs when it prints them. */
  readonly onEpochEnd: (epoch: number, logs?: Readonly<Record<string, number>>) => void;
  /** tfjs hook: same as `close`. */
  readonly onTrainEnd: () => Promise<void>;
}

/** Creates a {@link LiveLineChart}; nothing is shown until the first point arrives. */
export function liveLineChart(options: LiveLineChartOptions = {}): LiveLineChart {
  const points: LinePoint[] = [];
  let metrics = options.metrics;
  const output = options.output ?? liveOutput();
  const redraw = async (): Promise<void> => {
    const snapshot = [...points];
    const latest = new Map(snapshot.map((point) => [point.series, `${point.series} ${formatNumber(point.value)} at ${point.x}`]));
    const text = chartText('live line chart', options, `${snapshot.length} points; ${[...latest.values()].join(', ')}`);
    output.update(await chartBundle(lineChartSpec(snapshot, options), text));
  };
  const throttle = new Throttle(redraw, options.throttleMs ?? 2000);
  const update = (x: number, values: Readonly<Record<string, number | undefined>>): void => {
    for (const [series, value] of Object.entries(values)) {
      if (value !== undefined) points.push({ x, series, value });
    }
    throttle.request();
  };
  const close = (): Promise<void> => throttle.flush();
  return {
    update,
    close,
    onEpochEnd: (epoch, logs = {}) => {
      metrics ??= Object.keys(logs);
      update(epoch + 1, Object.fromEntries(metrics.map((key) => [key, logs[key]])));
    },
    onTrainEnd: close,
  };
}
