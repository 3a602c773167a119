// The live dashboard (`npm start -- --live`) in Chromium with the network cut off: its page must draw the curves
// with the plotly from node_modules. The dashboard runs in a process of its own, as under the runner, and follows
// a run folder into which this check writes training events.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../lib/paths';
import { appendEpochEvent } from '../../lib/run/training-events';
import type { Checks, Deadline } from './checks';
import type { E2eFolder } from './run-folder';

const MODELS = ['classifier', 'autoencoder'] as const;
/** Epochs written before the page opens; one more follows while it is open. */
const FIRST_EPOCHS = 3;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const READY = 'live dashboard at ';

interface Dashboard {
  readonly child: ChildProcess;
  readonly address: string;
  /** What the dashboard process printed (Nest's and nodeplotlib's own lines), for the log beside the screenshots. */
  output(): string;
}

/** Starts the dashboard on `runDir` like the runner does, and resolves once it prints its address. */
function startDashboard(runDir: string, timeoutMs: number): Promise<Dashboard> {
  const script =
    `require('./tools/runner/live-dashboard').startLiveDashboard(${JSON.stringify(runDir)})` +
    `.then((address) => console.log(${JSON.stringify(READY)} + address));`;
  // NODEPLOTLIB_PORT=0: any free port, and nodeplotlib opens no browser window of its own. NO_COLOR: Nest's log
  // lines end up in a file, where colour codes are noise.
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, NODEPLOTLIB_PORT: '0', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    const fail = (why: string): void => {
      clearInterval(poll);
      child.kill();
      reject(new Error(`the dashboard process ${why}; it printed: ${output.trim().slice(-600) || 'nothing'}`));
    };
    const onExit = (code: number | null): void => fail(`exited (code ${code}) before printing its address`);
    const started = Date.now();
    const poll = setInterval(() => {
      const address = new RegExp(`${READY}(\\S+)`).exec(output)?.[1];
      if (address) {
        clearInterval(poll);
        child.off('exit', onExit);
        resolve({ child, address, output: () => output });
      } else if (Date.now() - started > timeoutMs) fail(`printed no address in ${timeoutMs / 1000} s`);
    }, 100);
    child.once('exit', onExit);
  });
}

async function stopDashboard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** Appends epoch `epoch` of every model, as lib/training/train.ts does after each epoch: a falling loss and val_loss. */
function writeEpoch(runDir: string, epoch: number, epochs: number): void {
  MODELS.forEach((model, index) => {
    const loss = (0.6 + 0.3 * index) / Math.sqrt(epoch);
    appendEpochEvent(runDir, {
      time: new Date().toISOString(), model, epoch, epochs, loss, val_loss: loss * 1.15,
      metrics: {}, val_metrics: {}, samples_per_s: 1000,
    });
  });
}

/** How many points each drawn curve has, in legend order. */
async function pointsPerCurve(page: Page): Promise<number[]> {
  const curves = await page.locator('.scatterlayer .trace').all();
  return Promise.all(curves.map((curve) => curve.locator('.points .point').count()));
}

/** Waits until every curve has `points` points; on timeout says how many the page shows. */
async function expectCurves(page: Page, points: number, timeoutMs: number): Promise<string> {
  const expected = Array<number>(2 * MODELS.length).fill(points).join(',');
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = (await pointsPerCurve(page)).join(',');
    if (found === expected) break;
    if (Date.now() > until) throw new Error(`expected ${2 * MODELS.length} curves of ${points} points (${expected}), the plot shows [${found}]`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const names = await page.locator('.legendtext').allTextContents();
  return `${names.length} curves of ${points} points: ${names.join(', ')}`;
}

export async function testLiveDashboard(
  browser: BrowserContext,
  folder: E2eFolder,
  checks: Checks,
  deadline: Deadline,
  log: (line: string) => void,
): Promise<void> {
  const runDir = join(folder.dir, 'live-dashboard');
  mkdirSync(runDir, { recursive: true });
  let dashboard: Dashboard | undefined;
  let page: Page | undefined;
  const blocked: string[] = [];
  try {
    dashboard = await startDashboard(runDir, deadline.cap(60_000));
    log(`live dashboard: ${dashboard.address}, following ${runDir}`);
    for (let epoch = 1; epoch <= FIRST_EPOCHS; epoch++) writeEpoch(runDir, epoch, FIRST_EPOCHS + 1);
    const opened = await browser.newPage();
    page = opened;
    // No internet, as on the machines this must work on: only the dashboard's own server answers.
    await opened.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (LOCAL_HOSTS.has(url.hostname)) return route.continue();
      blocked.push(url.href);
      return route.abort('internetdisconnected');
    });
    const { address } = dashboard;
    await checks.check('live dashboard: draws every loss and val_loss curve with the network cut off', async () => {
      await opened.goto(address, { timeout: deadline.cap(30_000) });
      const curves = await expectCurves(opened, FIRST_EPOCHS, deadline.cap(30_000));
      const version = await opened.evaluate('window.Plotly && window.Plotly.version');
      return `${curves}; plotly ${version}`;
    });
    await checks.check('live dashboard: an epoch written while the page is open is drawn', async () => {
      writeEpoch(runDir, FIRST_EPOCHS + 1, FIRST_EPOCHS + 1);
      return expectCurves(opened, FIRST_EPOCHS + 1, deadline.cap(30_000));
    });
    await checks.check('live dashboard: still up after the page reloads, and draws every epoch again', async () => {
      await opened.reload({ timeout: deadline.cap(30_000) });
      return expectCurves(opened, FIRST_EPOCHS + 1, deadline.cap(30_000));
    });
    await opened.screenshot({ path: join(folder.screenshots, 'live-dashboard.png') });
    await checks.check('live dashboard: the page requests nothing beyond localhost', async () => {
      if (blocked.length > 0) throw new Error(`${blocked.length} request(s) blocked: ${blocked.slice(0, 5).join(', ')}`);
    });
  } catch (error) {
    checks.fail('live dashboard: starting it and opening its page', (error as Error).message.split('\n')[0]!);
  } finally {
    await page?.close().catch(() => undefined);
    if (dashboard) {
      await stopDashboard(dashboard.child);
      writeFileSync(join(folder.dir, 'live-dashboard.log'), dashboard.output());
    }
  }
}
