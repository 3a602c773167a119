// Driving one notebook through JupyterLab's UI the way a person does: open it, Run → Run All Cells, watch the
// prompts until every cell has its number, File → Save.
import type { Locator, Page } from 'playwright-core';
import type { LabServer } from './lab-server';
import type { PreparedNotebook } from './run-folder';

const EXECUTED_PROMPT = /^\[\d+\]:$/;
const PENDING_PROMPT = '[*]:';

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface RunProgress {
  readonly executed: number;
  readonly pending: number;
  readonly total: number;
  readonly kernelStatus: string;
}

export class NotebookPage {
  readonly panel: Locator;
  private readonly indicator: Locator;

  constructor(
    readonly page: Page,
    readonly notebook: PreparedNotebook,
  ) {
    this.panel = page.locator('.jp-NotebookPanel');
    this.indicator = this.panel.locator('.jp-Notebook-ExecutionIndicator');
  }

  /**
   * Opens the notebook in a workspace of its own, so the page holds exactly one notebook panel (a shared
   * workspace would reopen the previous notebook beside it). Resolves once its kernel is idle; returns the
   * kernel's display name.
   */
  async open(lab: LabServer, timeoutMs: number): Promise<string> {
    const path = this.notebook.labPath.split('/').map(encodeURIComponent).join('/');
    const workspace = encodeURIComponent(`e2e-${this.notebook.name}`);
    await this.page.goto(`${lab.baseUrl}/lab/workspaces/${workspace}/tree/${path}?token=${lab.token}`, { timeout: timeoutMs });
    // The panel shows a placeholder cell and "No Kernel" while the file loads and the kernel starts.
    const until = Date.now() + timeoutMs;
    for (;;) {
      const kernel = (await this.panel.locator('.jp-Toolbar-kernelName').allTextContents()).join('').trim();
      const now = await this.progress();
      if (kernel && kernel !== 'No Kernel' && now.kernelStatus === 'idle' && now.total === this.notebook.codeCells) return kernel;
      if (Date.now() > until) {
        const cells = `${now.total} of ${this.notebook.codeCells} code cells`;
        throw new Error(`after ${timeoutMs / 1000} s the page shows kernel '${kernel}' (${now.kernelStatus}) and ${cells}`);
      }
      await sleep(500);
    }
  }

  async menu(menuLabel: string, command: string): Promise<void> {
    await this.page.locator('.lm-MenuBar-item', { hasText: new RegExp(`^${menuLabel}$`) }).click();
    await this.page.locator(`.lm-Menu-item[data-command="${command}"]`).click();
  }

  async progress(): Promise<RunProgress> {
    // textContent, not innerText: cells scrolled out of view skip rendering (content-visibility) and their
    // innerText reads as empty.
    const prompts = (await this.panel.locator('.jp-CodeCell .jp-InputPrompt').allTextContents()).map((text) => text.trim());
    return {
      executed: prompts.filter((prompt) => EXECUTED_PROMPT.test(prompt)).length,
      pending: prompts.filter((prompt) => prompt === PENDING_PROMPT).length,
      total: prompts.length,
      kernelStatus: (await this.indicator.getAttribute('data-status')) ?? 'unknown',
    };
  }

  /**
   * Run → Run All Cells, then waits until nothing is queued and the kernel is idle. JupyterLab stops a run at
   * the first failing cell, so this returns then too; the caller compares `executed` with `total`.
   */
  async runAll(timeoutMs: number, report: (line: string) => void): Promise<RunProgress> {
    const started = Date.now();
    await this.menu('Run', 'runmenu:run-all'); // labelled "Run All Cells" when a notebook is active
    const startedBy = Date.now() + 30_000;
    for (;;) {
      const now = await this.progress();
      if (now.pending > 0 || now.kernelStatus === 'busy') break;
      if (Date.now() > startedBy) throw new Error(`Run All Cells started nothing within 30 s (kernel ${now.kernelStatus})`);
      await sleep(250);
    }
    let lastReport = Date.now();
    let quietPolls = 0;
    for (;;) {
      const now = await this.progress();
      const seconds = Math.round((Date.now() - started) / 1000);
      // Idle between two queued cells happens; two quiet polls a second apart mean the run is over.
      quietPolls = now.pending === 0 && now.kernelStatus === 'idle' ? quietPolls + 1 : 0;
      if (quietPolls >= 2) return now;
      if (Date.now() - started > timeoutMs) {
        throw new Error(`cells still running after ${seconds} s: ${now.executed} of ${now.total} done, kernel ${now.kernelStatus}`);
      }
      if (Date.now() - lastReport > 20_000) {
        report(`${this.notebook.name}: ${now.executed} of ${now.total} cells done, kernel ${now.kernelStatus} (${seconds} s)`);
        lastReport = Date.now();
      }
      await sleep(1000);
    }
  }

  /** Scrolls to the first code cell without an execution number (for the failure screenshot); returns its first line. */
  async revealFirstUnrunCell(): Promise<string | undefined> {
    const cells = this.panel.locator('.jp-CodeCell');
    const prompts = await cells.locator('.jp-InputPrompt').allTextContents();
    const index = prompts.findIndex((prompt) => !EXECUTED_PROMPT.test(prompt.trim()));
    if (index < 0) return undefined;
    const cell = cells.nth(index);
    await cell.scrollIntoViewIfNeeded();
    const source = (await cell.locator('.cm-line').first().textContent()) ?? '';
    return `code cell ${index + 1}: ${source.trim().slice(0, 100)}`;
  }

  async save(): Promise<void> {
    await this.menu('File', 'docmanager:save');
  }

  /** The top of the notebook, where a person starts reading. */
  async scrollToTop(): Promise<void> {
    await this.panel.locator('.jp-Cell').first().scrollIntoViewIfNeeded();
  }
}
