// The kernel's two regression cases (tools/kernel/stress-cases.ts) run in JupyterLab the way a person runs them:
// the page, its websocket and the kernel all under load, and files changing between cells.
import { join, relative } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { PROJECT_ROOT } from '../../lib/paths';
import { firstMissingInOrder, type StressCase } from '../kernel/stress-cases';
import { writeNotebook } from '../runner/notebooks';
import type { Checks, Deadline } from './checks';
import type { LabServer } from './lab-server';
import { NotebookPage } from './notebook-page';
import type { E2eFolder } from './run-folder';

const RUN_TIMEOUT_MS = 3 * 60_000;

export async function testStressCase(
  browser: BrowserContext,
  lab: LabServer,
  folder: E2eFolder,
  stressCase: StressCase,
  checks: Checks,
  deadline: Deadline,
  log: (line: string) => void,
): Promise<void> {
  const path = join(folder.dir, `${stressCase.name}.ipynb`);
  writeNotebook(path, stressCase.notebook);
  const codeCells = stressCase.notebook.cells.filter((cell) => cell.cell_type === 'code').length;
  const ui = new NotebookPage(await browser.newPage(), { name: stressCase.name, labPath: relative(PROJECT_ROOT, path), codeCells });
  log(`${stressCase.name}: opening ${relative(PROJECT_ROOT, path)} (${codeCells} code cells)`);
  try {
    await checks.check(`${stressCase.name}: every cell runs and the kernel stays up`, async () => {
      await ui.open(lab, deadline.cap(120_000));
      const started = Date.now();
      const result = await ui.runAll(deadline.cap(RUN_TIMEOUT_MS), log);
      await ui.page.screenshot({ path: join(folder.screenshots, `${stressCase.name}.png`) });
      if (result.executed !== result.total) {
        throw new Error(`${result.executed} of ${result.total} cells ran; stopped at ${await ui.revealFirstUnrunCell()}`);
      }
      const text = (await ui.panel.locator('.jp-OutputArea-output').allTextContents()).join('\n');
      const missing = firstMissingInOrder(text, stressCase.expectedOutput);
      if (missing) throw new Error(`the outputs lack ${missing} (in order); last output: ${text.slice(-300)}`);
      return `${result.executed} cells in ${Math.round((Date.now() - started) / 1000)} s`;
    });
  } finally {
    const left = stressCase.cleanUp();
    if (left.length > 0) log(`${stressCase.name}: removed what the unfinished run left: ${left.join(', ')}`);
    await ui.page.close().catch(() => undefined);
    await lab.shutDownSessions().catch(() => undefined);
  }
}
