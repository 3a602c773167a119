// The everyday JupyterLab edit: `set` changed in notebook 05 alone, in a folder whose 03 and 04 ran with the
// defaults. The notebook must refuse the saved models at its first cell, before any work, and cache nothing.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { sourceText, readNotebook } from '../runner/notebooks';
import type { Checks, Deadline } from './checks';
import type { LabServer } from './lab-server';
import { NotebookPage } from './notebook-page';
import { STDERR } from './outputs';
import { prepareNotebook, type E2eFolder } from './run-folder';

const EDITED_SET = "  set: { 'noise.level': 0.4 },";
const REFUSAL = /RunMismatchError[\s\S]*noise\.level: trained with 0\.6, this notebook has 0\.4/;
/** The browser suite's folder is its kernels' RUNS_DIR itself, which the runner cannot name: the notebooks to rerun. */
const REMEDY = /To retrain it and what depends on it in this folder: (npm start -- --run \S+ --from 04|rerun notebook 04 and the ones after it)/;

function cacheEntries(folder: E2eFolder): string[] {
  const dir = join(folder.dir, 'model-cache');
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

export async function testRerunRefusal(browser: BrowserContext, lab: LabServer, folder: E2eFolder, checks: Checks, deadline: Deadline, log: (line: string) => void): Promise<void> {
  const notebook = prepareNotebook(folder, '05');
  const injected = readNotebook(join(folder.dir, `${notebook.name}.ipynb`)).cells.find((cell) => sourceText(cell).includes('parameters = {'));
  const page = await browser.newPage();
  const shot = (name: string): string => join(folder.screenshots, `${notebook.name}-rerun-${name}.png`);
  const ui = new NotebookPage(page, notebook);
  const cacheBefore = cacheEntries(folder);
  try {
    log(`${notebook.name}: editing set to noise.level 0.4 in a folder whose 03 and 04 ran at 0.6`);
    const opened = await checks.check(`${notebook.name} rerun: opens with the TypeScript kernel idle`, async () => `kernel ${await ui.open(lab, deadline.cap(120_000))}`);
    if (!opened || injected === undefined) return;
    await checks.check(`${notebook.name} rerun: set edited in the page`, async () => {
      const edited = sourceText(injected).replace(/^ {2}set: \{\},$/m, EDITED_SET);
      if (edited === sourceText(injected)) throw new Error('the parameters cell has no `set: {},` line to edit');
      const cell = ui.panel.locator('.jp-CodeCell', { hasText: 'Injected by the runner' }).first();
      await cell.locator('.cm-content').click();
      await page.keyboard.press('Control+A');
      await page.keyboard.insertText(edited);
      const shown = (await cell.locator('.cm-content').textContent()) ?? '';
      if (!shown.includes("'noise.level': 0.4")) throw new Error(`the cell shows: ${shown.slice(0, 200)}`);
      await page.screenshot({ path: shot('edited') });
      return EDITED_SET.trim();
    });
    const progress = await ui.runAll(deadline.cap(120_000), log);
    await ui.panel.locator(STDERR).first().scrollIntoViewIfNeeded().catch(() => undefined);
    await page.screenshot({ path: shot('refused') });
    await checks.check(`${notebook.name} rerun: refuses the models trained at 0.6, naming the parameter and both values`, async () => {
      const errors = (await ui.panel.locator(STDERR).allTextContents()).join('\n');
      if (!REFUSAL.test(errors)) throw new Error(`no refusal in the error output: ${errors.slice(0, 400) || '(none)'}`);
      if (!REMEDY.test(errors)) throw new Error('the refusal does not say what makes the folder agree');
      if (progress.executed >= progress.total) throw new Error(`all ${progress.total} cells ran`);
      return `stopped after ${progress.executed} of ${progress.total} cells`;
    });
    await checks.check(`${notebook.name} rerun: nothing cached, nothing recorded`, async () => {
      const cacheAfter = cacheEntries(folder);
      if (cacheAfter.join() !== cacheBefore.join()) throw new Error(`the model cache changed: ${cacheAfter.filter((entry) => !cacheBefore.includes(entry)).join(', ')}`);
      const results = JSON.parse(readFileSync(join(folder.dir, 'results.json'), 'utf8')) as Record<string, unknown>;
      if ('composite' in results) throw new Error('results.json gained a composite section');
      return `${cacheAfter.length} cache entries, as before`;
    });
  } catch (error) {
    checks.fail(`${notebook.name} rerun: driving the page`, (error as Error).message.split('\n')[0]!);
  } finally {
    await page.close().catch(() => undefined);
    await lab.shutDownSessions().catch(() => undefined);
  }
}
