// One JSON line per trained epoch in the run folder: what the live dashboard (and any other reader) follows,
// instead of parsing the log lines written for people.
import { appendFileSync, closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const TRAINING_EVENTS_FILE = 'training-events.jsonl';

export interface EpochEvent {
  /** ISO time the epoch ended. */
  readonly time: string;
  /** The model's name in the notebooks, e.g. 'classifier', 'autoencoder'. */
  readonly model: string;
  readonly epoch: number;
  readonly epochs: number;
  readonly loss: number;
  readonly val_loss?: number;
  readonly metrics: Readonly<Record<string, number>>;
  readonly val_metrics: Readonly<Record<string, number>>;
  readonly samples_per_s: number;
}

export function trainingEventsPath(runDir: string): string {
  return join(runDir, TRAINING_EVENTS_FILE);
}

/** Appends one event as one line; a line is written in one call, so a reader never sees half of one. */
export function appendEpochEvent(runDir: string, event: EpochEvent): void {
  appendFileSync(trainingEventsPath(runDir), `${JSON.stringify(event)}\n`);
}

/**
 * Follows the events file of a run: each call returns the events appended since the previous one. An unfinished
 * last line waits for the next call, and a line that is not an event is skipped. `fromNow` skips what the file
 * already holds (earlier runs into the same folder).
 */
export function followEpochEvents(runDir: string, { fromNow = false } = {}): () => EpochEvent[] {
  const path = trainingEventsPath(runDir);
  let offset = fromNow && existsSync(path) ? statSync(path).size : 0;
  let pending = '';
  return () => {
    if (!existsSync(path)) return [];
    const size = statSync(path).size;
    if (size <= offset) return [];
    const buffer = Buffer.alloc(size - offset);
    const fd = openSync(path, 'r');
    try {
      readSync(fd, buffer, 0, buffer.length, offset);
    } finally {
      closeSync(fd);
    }
    offset = size;
    const lines = (pending + buffer.toString('utf8')).split('\n');
    pending = lines.pop() ?? '';
    return lines.flatMap((line) => {
      try {
        const event = JSON.parse(line) as EpochEvent;
        return typeof event.model === 'string' && typeof event.epoch === 'number' && typeof event.loss === 'number' ? [event] : [];
      } catch {
        return [];
      }
    });
  };
}
