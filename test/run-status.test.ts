// The runner's status record: written at the start, after each notebook and at the end, and read back by the
// runs table as the state it records.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { readRunState } from '../lib/run/run-state';
import { startRunStatus } from '../tools/runner/run-status';
import { temporaryDir } from './helpers/idx-files';
import { NOTEBOOKS } from './helpers/run-folders';

function recordIn(dir: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(dir, 'run-status.json'), 'utf8')) as Record<string, unknown>;
}

describe('runner: status record', () => {
  it('says running, with this process and host, from the start', () => {
    const dir = temporaryDir();
    startRunStatus(dir, NOTEBOOKS);
    const record = recordIn(dir);
    assert.deepEqual([record.state, record.pid, record.host, record.completed], ['running', process.pid, hostname(), []]);
    assert.ok(!Number.isNaN(Date.parse(record.started_at as string)));
    assert.deepEqual(readRunState(dir, {}), { state: 'running', status: 'running 01' });
    assert.deepEqual(readdirSync(dir), ['run-status.json'], 'no temporary file is left beside it');
  });

  it('records each completed notebook, then the end', () => {
    const dir = temporaryDir();
    const status = startRunStatus(dir, NOTEBOOKS.slice(0, 2));
    status.notebookDone('01-data');
    assert.deepEqual(recordIn(dir).completed, ['01-data']);
    assert.equal(readRunState(dir, {}).status, 'running 02');
    status.notebookDone('02-noise');
    status.complete();
    const record = recordIn(dir);
    assert.deepEqual([record.state, record.completed], ['complete', ['01-data', '02-noise']]);
    assert.ok(Date.parse(record.ended_at as string) >= Date.parse(record.started_at as string));
    assert.equal(readRunState(dir, {}).status, 'complete');
  });

  it('a failed cell: the notebook after the last completed one, the cell and why', () => {
    const dir = temporaryDir();
    const status = startRunStatus(dir, NOTEBOOKS);
    NOTEBOOKS.slice(0, 3).forEach(status.notebookDone);
    status.failed('a cell raised an error (const model = …)', 7);
    assert.deepEqual(recordIn(dir).failure, { notebook: '04-autoencoder', cell: 7, reason: 'a cell raised an error (const model = …)' });
    assert.deepEqual(readRunState(dir, {}), { state: 'failed', status: 'failed at 04 (cell 7)' });
  });

  it('a crash of the runner itself is a failure, not a kill, and a write that fails too does not hide it', () => {
    const dir = temporaryDir();
    const status = startRunStatus(dir, NOTEBOOKS);
    status.crashed(new Error('could not start .venv/bin/python'));
    assert.deepEqual(recordIn(dir).failure, { notebook: '01-data', reason: 'the runner crashed: could not start .venv/bin/python' });
    assert.equal(readRunState(dir, {}).status, 'failed at 01');
    const replaced = join(temporaryDir(), 'run');
    const unwritable = startRunStatus(replaced, NOTEBOOKS);
    rmSync(replaced, { recursive: true });
    writeFileSync(replaced, 'a file where the run folder was');
    assert.doesNotThrow(() => unwritable.crashed(new Error('disk full')));
    assert.throws(() => unwritable.complete(), 'the same write, unguarded, fails');
  });
});
