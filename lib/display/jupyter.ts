// Sends display bundles to the notebook through tslab when inside its kernel; elsewhere prints their text.
import { randomBytes } from 'node:crypto';
import { DisplayEnvironmentError } from '../errors';
import { MIME_TEXT, type DisplayBundle } from './bundle';

/** The shape of the Jupyter display_data / update_display_data content tslab sends. */
interface DisplayMessage {
  data: Readonly<Record<string, unknown>>;
  metadata: Readonly<Record<string, unknown>>;
  transient: { display_id?: string };
}
type WriteDisplayData = (message: DisplayMessage, update: boolean) => void;

/** True inside a tslab kernel: its executor defines `__tslab__` before running any cell. */
export function isInsideTslab(): boolean {
  return '__tslab__' in globalThis;
}

/**
 * tslab's public `display` sends one MIME type per message, so a vega-lite spec could not travel with its
 * PNG. `lastWriteDisplayData` is the writer that same `display` calls (tslab 1.0.x, dist/jupyter.js); it
 * passes a whole content object through, and is only loaded when tslab is already running this process.
 */
function tslabWriter(): WriteDisplayData {
  const jupyter = require('tslab/dist/jupyter') as { lastWriteDisplayData?: WriteDisplayData | null };
  if (typeof jupyter.lastWriteDisplayData !== 'function') {
    throw new DisplayEnvironmentError(
      `tslab/dist/jupyter.lastWriteDisplayData is ${String(jupyter.lastWriteDisplayData)}, expected the display writer ` +
        'of tslab 1.0.x. Use the tslab version in package.json, or adapt lib/display/jupyter.ts to the new one.',
    );
  }
  return jupyter.lastWriteDisplayData;
}

function send(bundle: DisplayBundle, displayId: string | undefined, update: boolean): void {
  if (!isInsideTslab()) {
    console.log(bundle.data[MIME_TEXT]);
    return;
  }
  const transient = displayId === undefined ? {} : { display_id: displayId };
  tslabWriter()({ data: bundle.data, metadata: bundle.metadata, transient }, update);
}

/**
 * Shows a bundle as a new output of the running cell. Takes the promise an async builder returns too, so a
 * notebook needs one line: `await show(lineChart(history.history))`, `show(table(frame))`.
 */
export function show(bundle: DisplayBundle): void;
export function show(bundle: Promise<DisplayBundle>): Promise<void>;
export function show(bundle: DisplayBundle | Promise<DisplayBundle>): void | Promise<void> {
  // A synchronous bundle shows synchronously: a cell ending in `show(table(df))` then prints no pending Promise.
  if (bundle instanceof Promise) return bundle.then((ready) => send(ready, undefined, false));
  send(bundle, undefined, false);
}

/** One output area that each `update` replaces in place (nbconvert keeps the last state). */
export interface LiveOutput {
  update(bundle: DisplayBundle): void;
}

/** Creates a {@link LiveOutput}; outside tslab every update prints its text on a new line. */
export function liveOutput(): LiveOutput {
  const displayId = randomBytes(8).toString('hex');
  let shown = false;
  return {
    update(bundle: DisplayBundle): void {
      send(bundle, displayId, shown);
      shown = true;
    },
  };
}
