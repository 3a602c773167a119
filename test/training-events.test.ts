// The run folder's training-events.jsonl: one line per trained epoch, written by the training view, followed by readers.
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync } from 'node:fs';
import { trainingView } from '../lib/steps/training-view';
import { appendEpochEvent, followEpochEvents, trainingEventsPath, type EpochEvent } from '../lib/run/training-events';
import { temporaryDir } from './helpers/idx-files';

const event = (epoch: number): EpochEvent => ({
  time: '2026-11-29T00:00:00.000Z', model: 'classifier', epoch, epochs: 3, loss: 1 / epoch, val_loss: 2 / epoch,
  metrics: { acc: 0.5 }, val_metrics: { acc: 0.4 }, samples_per_s: 1000,
});

describe('training events', () => {
  it('a follower gets each appended event once, in order', () => {
    const dir = temporaryDir();
    const next = followEpochEvents(dir);
    assert.deepEqual(next(), []);
    appendEpochEvent(dir, event(1));
    appendEpochEvent(dir, event(2));
    assert.deepEqual(next(), [event(1), event(2)]);
    assert.deepEqual(next(), []);
    appendEpochEvent(dir, event(3));
    assert.deepEqual(next(), [event(3)]);
  });

  it('waits for an unfinished last line, skips lines that are not events, and can start from now', () => {
    const dir = temporaryDir();
    appendEpochEvent(dir, event(1));
    const fromNow = followEpochEvents(dir, { fromNow: true });
    const line = JSON.stringify(event(2));
    appendFileSync(trainingEventsPath(dir), `not json\n{"model": 3}\n${line.slice(0, 10)}`);
    assert.deepEqual(fromNow(), []);
    appendFileSync(trainingEventsPath(dir), `${line.slice(10)}\n`);
    assert.deepEqual(fromNow(), [event(2)]);
  });

  it("the training view appends one event per epoch to its run folder's file", async () => {
    const dir = temporaryDir();
    const view = trainingView({ name: 'autoencoder', epochs: 2, trainExamples: 10, batchSize: 5, runDir: dir });
    for (const epoch of [1, 2]) {
      await view.onEpochEnd({ epoch, epochs: 2, loss: 0.1 / epoch, valLoss: undefined, metrics: {}, valMetrics: {}, bestEpoch: epoch, samplesPerSecond: 50, etaSeconds: 0, elapsedSeconds: epoch });
    }
    await view.close();
    const lines = readFileSync(trainingEventsPath(dir), 'utf8').trim().split('\n').map((text) => JSON.parse(text) as EpochEvent);
    assert.deepEqual(lines.map((e) => [e.model, e.epoch, e.loss, e.val_loss]), [['autoencoder', 1, 0.1, undefined], ['autoencoder', 2, 0.05, undefined]]);
  });
});
