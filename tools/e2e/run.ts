// `npm run test:e2e`: JupyterLab in a real browser. Starts a throwaway JupyterLab, opens notebooks 01, 03 and 04
// in Debian's Chromium with the smoke profile, runs all their cells through the menus, and checks what a person
// would see; then notebook 05 with `set` edited in the page, which must refuse 03's and 04's models; then
// TensorBoard on the training 03 did, and the kernel's two regression cases (an IOPub burst, files changing
// between cells). Before JupyterLab, the `--live` dashboard's page, with the network cut off.
// Screenshots go to runs/e2e-<stamp>/screenshots/; exits non-zero when any check fails.
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { EXIT, runCommand, type ExitCode } from '../command';
import { readNotebook } from '../runner/notebooks';
import { fileChangesCase, iopubBurstCase } from '../kernel/stress-cases';
import { closeBrowser, launchBrowser } from './browser';
import { Checks, Deadline } from './checks';
import { startLab, type LabServer } from './lab-server';
import { NotebookPage } from './notebook-page';
import { testStressCase } from './kernel-cases';
import { testTensorBoard } from './tensorboard';
import { testLiveDashboard } from './live-dashboard';
import { expectActionsMenu, expectConclusion, expectImage, expectNoErrorOutput, expectTooltip, expectVegaCharts } from './outputs';
import { createE2eFolder, prepareNotebook, type E2eFolder } from './run-folder';
import { testRerunRefusal } from './rerun-refusal';

// 01, 03 and 04 in the page, 05 refused, TensorBoard and the two kernel cases: 3.9 min measured on a quiet machine.
const BUDGET_MS = 10 * 60_000;
const NOTEBOOK_RUN_TIMEOUT_MS = 4 * 60_000;
/**
 * 01 shows the image grid; 03 and 04 train models in the page (live status line and curves) and draw more charts,
 * and leave the folder that notebook 05's rerun with other settings must refuse. 04's one chart is the smoke
 * profile's one-epoch loss curve, a single point with no mark to hover: its tooltips are 01's and 03's to show.
 */
const NOTEBOOKS = [
  { number: '01', expectImage: true, expectTooltip: true },
  { number: '03', expectImage: false, expectTooltip: true },
  { number: '04', expectImage: true, expectTooltip: false },
] as const;

function log(line: string): void {
  console.log(`[e2e ${new Date().toISOString().slice(11, 19)}] ${line}`);
}

async function testNotebook(
  browser: BrowserContext,
  lab: LabServer,
  folder: E2eFolder,
  spec: (typeof NOTEBOOKS)[number],
  checks: Checks,
  deadline: Deadline,
): Promise<void> {
  const notebook = prepareNotebook(folder, spec.number);
  const shot = (name: string): string => join(folder.screenshots, `${notebook.name}-${name}.png`);
  log(`${notebook.name}: opening ${notebook.labPath} (${notebook.codeCells} code cells, smoke profile)`);
  const page = await browser.newPage();
  const browserErrors: string[] = [];
  page.on('pageerror', (error) => browserErrors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') browserErrors.push(`console: ${message.text()}`);
  });
  const ui = new NotebookPage(page, notebook);
  try {
    const opened = await checks.check(`${notebook.name}: opens with the TypeScript kernel idle`, async () => {
      const kernel = await ui.open(lab, deadline.cap(120_000));
      if (kernel !== 'TypeScript') throw new Error(`the toolbar shows kernel '${kernel}', expected 'TypeScript' (tslab)`);
      return `kernel ${kernel}`;
    });
    if (!opened) return;
    await page.screenshot({ path: shot('opened') });

    const started = Date.now();
    const ran = await checks.check(`${notebook.name}: Run → Run All Cells runs every code cell`, async () => {
      const result = await ui.runAll(deadline.cap(NOTEBOOK_RUN_TIMEOUT_MS), log);
      const seconds = Math.round((Date.now() - started) / 1000);
      if (result.total !== notebook.codeCells) throw new Error(`the page shows ${result.total} code cells, the file has ${notebook.codeCells}`);
      if (result.executed !== result.total) {
        const first = await ui.revealFirstUnrunCell();
        await page.screenshot({ path: shot('first-unrun-cell') });
        const where = `${first} (see ${notebook.name}-first-unrun-cell.png)`;
        throw new Error(`${result.executed} of ${result.total} cells ran; the run stopped after ${seconds} s at ${where}`);
      }
      return `${result.executed} cells in ${seconds} s`;
    });
    await ui.scrollToTop();
    await page.screenshot({ path: shot('after-run-all') });

    await checks.check(`${notebook.name}: no error or stderr output`, () => expectNoErrorOutput(ui.panel));
    if (!ran) return;
    if (spec.expectImage) {
      await checks.check(`${notebook.name}: image grid shown`, () => expectImage(ui.panel, shot('image-grid')));
    }
    let charts: Awaited<ReturnType<typeof expectVegaCharts>>['charts'] = [];
    await checks.check(`${notebook.name}: vega-lite charts rendered`, async () => {
      const found = await expectVegaCharts(ui.panel, folder.screenshots, notebook.name);
      charts = found.charts;
      return found.detail;
    });
    if (charts.length > 0) {
      if (spec.expectTooltip) await checks.check(`${notebook.name}: hovering a chart shows its vega tooltip`, () => expectTooltip(page, charts, shot('tooltip')));
      await checks.check(`${notebook.name}: a chart's actions menu opens`, () => expectActionsMenu(page, charts[0]!, shot('actions-menu')));
    }
    await checks.check(`${notebook.name}: conclusion printed`, () => expectConclusion(ui.panel));
    await checks.check(`${notebook.name}: File → Save writes the executed notebook`, async () => {
      await ui.save();
      // The server writes the file after the click returns: watch the disk, which is what the check is about.
      const until = Date.now() + deadline.cap(30_000);
      for (;;) {
        const saved = readNotebook(join(folder.dir, `${notebook.name}.ipynb`));
        const executed = saved.cells.filter((cell) => cell.cell_type === 'code' && typeof cell.execution_count === 'number').length;
        if (executed === notebook.codeCells) return notebook.labPath;
        if (Date.now() > until) throw new Error(`the saved file has ${executed} of ${notebook.codeCells} code cells executed`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    });
    await ui.scrollToTop();
  } catch (error) {
    checks.fail(`${notebook.name}: driving the page`, (error as Error).message.split('\n')[0]!);
  } finally {
    await page.screenshot({ path: shot('final') }).catch(() => undefined);
    if (browserErrors.length > 0) {
      writeFileSync(join(folder.dir, `${notebook.name}-browser-errors.log`), `${browserErrors.join('\n')}\n`);
      // Not a check: JupyterLab logs some of its own (its debugger panel asks every kernel, tslab has none).
      log(`${notebook.name}: the browser console logged ${browserErrors.length} error(s), not checked; see ${notebook.name}-browser-errors.log`);
    }
    await page.close().catch(() => undefined);
    // Frees the kernel's memory before the next notebook trains.
    await lab.shutDownSessions().catch(() => undefined);
  }
}

async function main(): Promise<ExitCode> {
  const started = Date.now();
  const deadline = new Deadline(BUDGET_MS);
  const checks = new Checks();
  const folder = createE2eFolder();
  const stateDir = mkdtempSync(join(tmpdir(), 'fmd-e2e-'));
  log(`run folder ${folder.dir}`);

  let lab: LabServer | undefined;
  let browser: BrowserContext | undefined;
  // Last resort when an await never returns: kill what we started, synchronously, and fail.
  const watchdog = setTimeout(() => {
    console.error(`[e2e] still running after ${(BUDGET_MS + 90_000) / 60_000} min: killing JupyterLab and giving up`);
    lab?.killNow();
    process.exit(1);
  }, BUDGET_MS + 90_000);
  const onSignal = (signal: NodeJS.Signals): void => {
    console.error(`[e2e] ${signal}: stopping JupyterLab`);
    lab?.killNow();
    try {
      rmSync(stateDir, { recursive: true, force: true, maxRetries: 2 });
    } catch {
      // The browser may still be writing its profile as it dies; a temporary folder is not worth failing over.
    }
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    // The browser first: a missing Chromium then fails in seconds, before JupyterLab is started for nothing.
    browser = await launchBrowser(join(stateDir, 'chromium-profile'));
    await testLiveDashboard(browser, folder, checks, deadline, log);
    // RUNS_DIR for the kernels: the model cache goes into this run folder, so 03 really trains in the page.
    lab = await startLab({ stateDir, env: { ...process.env, RUNS_DIR: folder.dir }, startTimeoutMs: deadline.cap(90_000) });
    log(`JupyterLab answers on ${lab.baseUrl}`);
    for (const spec of NOTEBOOKS) await testNotebook(browser, lab, folder, spec, checks, deadline);
    await testRerunRefusal(browser, lab, folder, checks, deadline, log);
    await testTensorBoard(browser, folder.dir, folder.screenshots, checks, deadline, log);
    for (const stressCase of [iopubBurstCase(), fileChangesCase(`e2e-${process.pid}`)]) {
      await testStressCase(browser, lab, folder, stressCase, checks, deadline, log);
    }
  } catch (error) {
    checks.fail('starting Chromium and JupyterLab', (error as Error).message);
  } finally {
    if (browser) await closeBrowser(browser);
    if (lab) {
      for (const note of await lab.stop()) log(note);
      // Kept beside the screenshots: the server and kernel side of whatever the page showed.
      if (existsSync(join(stateDir, 'jupyterlab.log'))) copyFileSync(join(stateDir, 'jupyterlab.log'), join(folder.dir, 'jupyterlab.log'));
    }
    rmSync(stateDir, { recursive: true, force: true });
    clearTimeout(watchdog);
  }
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  console.log(`\n${checks.summary()}\nin ${minutes} min; screenshots in ${folder.screenshots}`);
  return checks.failed === 0 ? EXIT.done : EXIT.failed;
}

runCommand(main);
