// A throwaway JupyterLab for the browser test: free loopback port, random token, its own settings, workspaces
// and runtime folders, and a stop that leaves no server or kernel behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JUPYTER, labArguments } from '../jupyter-lab';
import { freePort } from '../ports';

export interface LabServer {
  /** http://127.0.0.1:<port> */
  readonly baseUrl: string;
  readonly token: string;
  /** The last lines JupyterLab logged, for error messages. */
  logTail(lines?: number): string;
  /** Shuts down every kernel session, e.g. between notebooks, so an idle kernel does not hold memory. */
  shutDownSessions(): Promise<number>;
  /** Shuts the server and its kernels down; safe to call more than once. */
  stop(): Promise<string[]>;
  /** For signal handlers and watchdogs, where nothing asynchronous can run any more. */
  killNow(): void;
}

export interface LabOptions {
  /** Holds JupyterLab's settings, workspaces and runtime files, and its log. */
  readonly stateDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly startTimeoutMs: number;
}

/** Settings a person would dismiss once: here they would cover outputs in the screenshots. */
function writeQuietSettings(settingsDir: string): void {
  const dir = join(settingsDir, '@jupyterlab', 'apputils-extension');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'notification.jupyterlab-settings'), JSON.stringify({ fetchNews: 'false', checkForUpdates: false }));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || exited(child)) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

/**
 * Kernels run in sessions of their own (jupyter_client starts them detached), so killing the server's process
 * group misses them. Their command line names their connection file, which lives in our runtime folder.
 */
function killStrayKernels(runtimeDir: string): string[] {
  if (!existsSync('/proc')) return [];
  const killed: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let commandLine: string;
    try {
      commandLine = readFileSync(join('/proc', entry, 'cmdline'), 'utf8').replace(/\0/g, ' ');
    } catch {
      continue;
    }
    if (!commandLine.includes(runtimeDir)) continue;
    try {
      process.kill(Number(entry), 'SIGKILL');
      killed.push(`${entry} ${commandLine.trim().slice(0, 120)}`);
    } catch {
      // It ended meanwhile.
    }
  }
  return killed;
}

export async function startLab(options: LabOptions): Promise<LabServer> {
  const port = await freePort();
  const token = randomBytes(24).toString('hex');
  const baseUrl = `http://127.0.0.1:${port}`;
  const settingsDir = join(options.stateDir, 'settings');
  const runtimeDir = join(options.stateDir, 'runtime');
  mkdirSync(runtimeDir, { recursive: true });
  writeQuietSettings(settingsDir);
  const logFile = join(options.stateDir, 'jupyterlab.log');
  const logFd = openSync(logFile, 'a');
  const args = labArguments([
    `--port=${port}`,
    // Fail instead of silently moving to another port than the one the browser will be sent to.
    '--ServerApp.port_retries=0',
    `--IdentityProvider.token=${token}`,
    '--ServerApp.open_browser=False',
    `--LabApp.user_settings_dir=${settingsDir}`,
    `--LabApp.workspaces_dir=${join(options.stateDir, 'workspaces')}`,
  ]);
  // detached: its own process group, so stopping it reaches every helper it started.
  const child = spawn(JUPYTER, args, {
    detached: true,
    stdio: ['ignore', logFd, logFd],
    env: { ...options.env, JUPYTER_RUNTIME_DIR: runtimeDir },
  });
  closeSync(logFd);
  let spawnError: Error | undefined;
  child.on('error', (error) => (spawnError = error));

  const api = (path: string, method = 'GET'): Promise<Response> =>
    fetch(`${baseUrl}${path}`, { method, headers: { Authorization: `token ${token}` }, signal: AbortSignal.timeout(10_000) });
  const logTail = (lines = 15): string => {
    const text = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
    return text.trimEnd().split('\n').slice(-lines).join('\n');
  };
  let stopped = false;
  const killNow = (): void => {
    killGroup(child, 'SIGKILL');
    killStrayKernels(runtimeDir);
  };
  const stop = async (): Promise<string[]> => {
    if (stopped) return [];
    stopped = true;
    const notes: string[] = [];
    if (!exited(child)) {
      // The server's own shutdown stops its kernels cleanly; signals are the fallback.
      await api('/api/shutdown', 'POST').catch(() => undefined);
      for (const [signal, waitMs] of [[undefined, 20_000], ['SIGTERM', 5_000], ['SIGKILL', 2_000]] as const) {
        if (signal) {
          notes.push(`JupyterLab did not stop in time; sent ${signal} to its process group`);
          killGroup(child, signal);
        }
        const until = Date.now() + waitMs;
        while (!exited(child) && Date.now() < until) await sleep(200);
        if (exited(child)) break;
      }
    }
    killGroup(child, 'SIGKILL'); // helpers that outlived the server itself
    const strays = killStrayKernels(runtimeDir);
    if (strays.length > 0) notes.push(`killed kernels left running: ${strays.join('; ')}`);
    return notes;
  };

  const shutDownSessions = async (): Promise<number> => {
    const sessions = (await (await api('/api/sessions')).json()) as { id: string }[];
    for (const session of sessions) await api(`/api/sessions/${session.id}`, 'DELETE');
    return sessions.length;
  };

  const until = Date.now() + options.startTimeoutMs;
  for (;;) {
    if (spawnError) throw new Error(`could not start ${JUPYTER}: ${spawnError.message}; run \`npm run setup\` to create .venv`);
    if (exited(child)) {
      killNow();
      throw new Error(`JupyterLab exited with ${child.exitCode ?? child.signalCode} before answering; ${logFile} ends:\n${logTail()}`);
    }
    const status = await api('/api/status')
      .then((response) => response.status)
      .catch(() => 0);
    if (status === 200) break;
    if (Date.now() > until) {
      await stop();
      throw new Error(`JupyterLab did not answer on ${baseUrl} within ${options.startTimeoutMs / 1000} s; ${logFile} ends:\n${logTail()}`);
    }
    await sleep(500);
  }
  return { baseUrl, token, logTail, shutDownSessions, stop, killNow };
}
