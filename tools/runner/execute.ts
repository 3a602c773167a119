// Runs one notebook through tools/runner/execute_notebook.py (nbclient) and relays its progress to the terminal.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../lib/paths';
import { KERNEL_REPORT_PREFIX } from '../kernel/patches.cjs';

const DRIVER = join(PROJECT_ROOT, 'tools', 'runner', 'execute_notebook.py');
const VENV_PYTHON = join(PROJECT_ROOT, '.venv', 'bin', 'python');

export type ExecutionOutcome =
  | { readonly status: 'ok' }
  | { readonly status: 'cell-error' | 'kernel-failed'; readonly cell: number; readonly firstLine: string; readonly message: string };

interface DriverEvent {
  event: 'cell_start' | 'cell_done' | 'stream' | 'cell_error' | 'kernel_failed';
  ordinal?: number;
  total?: number;
  first_line?: string;
  seconds?: number;
  text?: string;
  message?: string;
  reason?: string;
}

/** Executes `path` in place with the tslab kernel; `log` receives every line shown to the user. */
export function executeNotebook(path: string, label: string, cellTimeoutSeconds: number, log: (line: string) => void): Promise<ExecutionOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(VENV_PYTHON, [DRIVER, path, PROJECT_ROOT, String(cellTimeoutSeconds), String(process.pid)], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let cell = 0;
    let firstLine = '';
    let failure: ExecutionOutcome | undefined;
    const stderr: string[] = [];
    createInterface({ input: child.stderr }).on('line', (line) => {
      stderr.push(line);
      // The kernel's own reports (a dropped IOPub message, a refusal to start) reach only its stderr.
      if (line.startsWith(KERNEL_REPORT_PREFIX)) log(`  ${line}`);
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      let event: DriverEvent;
      try {
        event = JSON.parse(line) as DriverEvent;
      } catch {
        log(`  ${line}`);
        return;
      }
      if (event.event === 'cell_start') {
        cell = event.ordinal ?? 0;
        firstLine = event.first_line ?? '';
        log(`[${label}] cell ${cell}/${event.total}: ${firstLine}`);
      } else if (event.event === 'stream') {
        for (const text of (event.text ?? '').replace(/\n$/, '').split('\n')) log(`    ${text}`);
      } else if (event.event === 'cell_error') {
        failure = { status: 'cell-error', cell, firstLine, message: event.message ?? '' };
      } else if (event.event === 'kernel_failed') {
        failure = { status: 'kernel-failed', cell, firstLine, message: `${event.reason}: ${event.message ?? ''}` };
      }
    });
    child.on('error', (error) => reject(new Error(`could not start ${VENV_PYTHON}: ${error.message}. Run \`npm run setup\`.`)));
    child.on('close', (code) => {
      if (code === 0) return resolve({ status: 'ok' });
      if (failure) return resolve(failure);
      resolve({ status: 'kernel-failed', cell, firstLine, message: `the notebook driver exited with ${code}:\n${stderr.slice(-20).join('\n')}` });
    });
  });
}

/** Exports an executed notebook to standalone HTML: outputs are embedded, so it needs no network to show. */
export function exportHtml(path: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = spawn(VENV_PYTHON, ['-m', 'nbconvert', '--to', 'html', '--log-level', 'ERROR', path], { cwd: PROJECT_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    const stderr: string[] = [];
    createInterface({ input: child.stderr }).on('line', (line) => stderr.push(line));
    child.on('close', (code) => resolve(code === 0 ? undefined : stderr.slice(-5).join('\n')));
  });
}
