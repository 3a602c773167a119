// `npm start -- --live`: training curves in a browser window while a long headless run goes on, drawn by
// nodeplotlib (a local server; the page loads plotly from its CDN, so it needs a browser with internet).
import { plot } from 'nodeplotlib';
import { BehaviorSubject } from 'rxjs';

/** What a notebook prints after each epoch (lib/steps/training-view.ts): "<model> epoch 3/20: loss 0.1, val_loss 0.2 …". */
const EPOCH_LINE = /^\s*(.+?) epoch (\d+)\/\d+: loss ([\d.e-]+)(?:, val_loss ([\d.e-]+))?/;

interface Trace {
  x: number[];
  y: number[];
  name: string;
  type: 'scatter';
  mode: 'lines+markers';
}

export interface LiveDashboard {
  /** Feeds one line of notebook output; epoch lines add points to the curves. */
  readonly onLine: (line: string) => void;
}

/** Parses an epoch line into its model name, epoch and losses, or undefined for any other line. */
export function parseEpochLine(line: string): { model: string; epoch: number; loss: number; valLoss?: number } | undefined {
  const match = EPOCH_LINE.exec(line);
  if (!match) return undefined;
  const [, model, epoch, loss, valLoss] = match;
  return { model: model!, epoch: Number(epoch), loss: Number(loss), ...(valLoss === undefined ? {} : { valLoss: Number(valLoss) }) };
}

/** Starts the dashboard server (it prints its address) with one loss and one val_loss curve per model. */
export function startLiveDashboard(): LiveDashboard {
  const traces = new Map<string, Trace>();
  const curves = new BehaviorSubject<Trace[]>([]);
  plot(curves, { title: 'Training loss, live', xaxis: { title: 'epoch' }, yaxis: { title: 'loss', type: 'log' } });
  const add = (name: string, x: number, y: number): void => {
    const trace = traces.get(name) ?? { x: [], y: [], name, type: 'scatter', mode: 'lines+markers' };
    trace.x.push(x);
    trace.y.push(y);
    traces.set(name, trace);
  };
  return {
    onLine: (line) => {
      const point = parseEpochLine(line);
      if (!point) return;
      add(`${point.model} loss`, point.epoch, point.loss);
      if (point.valLoss !== undefined) add(`${point.model} val_loss`, point.epoch, point.valLoss);
      curves.next([...traces.values()].map((trace) => ({ ...trace, x: [...trace.x], y: [...trace.y] })));
    },
  };
}
