// The runner's status record in the run folder (lib/run/results.ts RunStatusRecord), so that `npm run runs` can
// tell a run in progress from one whose runner was killed.
import { hostname } from 'node:os';
import { join } from 'node:path';
import { writeJson } from '../../lib/artifacts/atomic-write';
import { RUN_STATUS_FILE, type RunStatusRecord } from '../../lib/run/results';

export interface RunStatus {
  readonly notebookDone: (name: string) => void;
  /** The notebook after the last completed one stopped the run; `cell` when one of its cells failed. */
  readonly failed: (reason: string, cell?: number) => void;
  /** Like `failed` for an error out of the runner itself, without letting a second write error hide it. */
  readonly crashed: (error: unknown) => void;
  readonly complete: () => void;
}

/** Records `running` now, and every later change at once, so the record is never behind the runner. */
export function startRunStatus(dir: string, notebooks: readonly string[]): RunStatus {
  const path = join(dir, RUN_STATUS_FILE);
  let record: RunStatusRecord = { state: 'running', pid: process.pid, host: hostname(), started_at: now(), notebooks, completed: [] };
  const update = (changes: Partial<RunStatusRecord>): void => {
    record = { ...record, ...changes };
    writeJson(path, record);
  };
  const failed = (reason: string, cell?: number): void => {
    const notebook = notebooks.find((name) => !record.completed.includes(name)) ?? notebooks[notebooks.length - 1] ?? '';
    update({ state: 'failed', ended_at: now(), failure: { notebook, ...(cell === undefined ? {} : { cell }), reason } });
  };
  update({});
  return {
    notebookDone: (name) => update({ completed: [...record.completed, name] }),
    failed,
    crashed: (error) => {
      try {
        failed(`the runner crashed: ${error instanceof Error ? error.message : String(error)}`);
      } catch {
        // A crash such as a full disk fails this write too; the crash is what the user must see.
      }
    },
    complete: () => update({ state: 'complete', ended_at: now() }),
  };
}

function now(): string {
  return new Date().toISOString();
}
