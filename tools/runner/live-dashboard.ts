// `npm start -- --live`: training curves in a browser window while a long headless run goes on, drawn by
// nodeplotlib (a local server; its page gets plotly from the plotly.js-dist-min package, so no internet is needed:
// offline-plotly.ts). It follows the run folder's training-events.jsonl, one JSON line per trained epoch
// (lib/run/training-events.ts).
import { BehaviorSubject } from 'rxjs';
import { followEpochEvents } from '../../lib/run/training-events';
import { plotOffline } from './offline-plotly';

/** How often the events file is read: an epoch takes seconds to minutes, so a second is live enough. */
const POLL_MS = 1000;
/**
 * plotly's default height, set explicitly: without one, each update (Plotly.react) sizes the plot to 100% of its
 * card, which has no height of its own, so the card collapses and the plot spills out of it.
 */
const PLOT_HEIGHT_PX = 450;

interface Trace {
  x: number[];
  y: number[];
  name: string;
  type: 'scatter';
  mode: 'lines+markers';
}

/**
 * Starts the dashboard server with one loss and one val_loss curve per model of `runDir`; it follows the events
 * file for as long as the process lives. Resolves to the page's address once the server listens.
 */
export function startLiveDashboard(runDir: string): Promise<string> {
  const traces = new Map<string, Trace>();
  const curves = new BehaviorSubject<Trace[]>([]);
  // Titles as objects: plotly 3 dropped plain-string titles, and plotly 1 (nodeplotlib's types) takes both.
  const address = plotOffline(curves, {
    title: { text: 'Training loss, live' },
    height: PLOT_HEIGHT_PX,
    xaxis: { title: { text: 'epoch' } },
    yaxis: { title: { text: 'loss' }, type: 'log' },
  });
  const add = (name: string, x: number, y: number): void => {
    const trace = traces.get(name) ?? { x: [], y: [], name, type: 'scatter', mode: 'lines+markers' };
    trace.x.push(x);
    trace.y.push(y);
    traces.set(name, trace);
  };
  const newEvents = followEpochEvents(runDir, { fromNow: true });
  const timer = setInterval(() => {
    const events = newEvents();
    if (events.length === 0) return;
    for (const event of events) {
      add(`${event.model} loss`, event.epoch, event.loss);
      if (event.val_loss !== undefined) add(`${event.model} val_loss`, event.epoch, event.val_loss);
    }
    curves.next([...traces.values()].map((trace) => ({ ...trace, x: [...trace.x], y: [...trace.y] })));
  }, POLL_MS);
  timer.unref();
  return address;
}
