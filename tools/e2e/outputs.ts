// What a person sees in the output areas: errors, the image grid, vega-lite charts, and the charts answering
// the mouse. Each function throws a message naming what was missing.
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';

/** Error tracebacks and stderr streams: both render as stderr text in JupyterLab. */
export const STDERR = '[data-mime-type="application/vnd.jupyter.stderr"]';
/** The vega extension's renderer carries no data-mime-type attribute, only its class. */
const VEGA_LITE = '.jp-OutputArea-output.jp-RenderedVegaLite';

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Scrolls `element` into view (cells outside it are not laid out) and returns its on-screen size. */
async function visibleSize(element: Locator, what: string): Promise<{ width: number; height: number }> {
  await element.scrollIntoViewIfNeeded();
  if (!(await element.isVisible())) throw new Error(`${what} is in the page but not visible`);
  const box = await element.boundingBox();
  if (!box || box.width < 1 || box.height < 1) throw new Error(`${what} has no size on screen (${JSON.stringify(box)})`);
  return { width: Math.round(box.width), height: Math.round(box.height) };
}

/** Error tracebacks and stderr streams both render as stderr text in JupyterLab. */
export async function expectNoErrorOutput(panel: Locator): Promise<void> {
  const errors = await panel.locator(STDERR).allTextContents();
  if (errors.length > 0) {
    throw new Error(`${errors.length} error/stderr output(s); first: ${errors[0]!.trim().slice(0, 400)}`);
  }
}

export async function expectImage(panel: Locator, screenshot: string): Promise<string> {
  const images = panel.locator('.jp-OutputArea-output img');
  const count = await images.count();
  if (count === 0) throw new Error('no <img> in any output area');
  const image = images.first();
  const size = await visibleSize(image, 'the first output image');
  const natural = await image.evaluate((element) => (element as unknown as { naturalWidth: number }).naturalWidth);
  if (!natural) throw new Error('the first output image did not decode (naturalWidth 0)');
  await image.screenshot({ path: screenshot });
  return `${count} image(s); first ${size.width}×${size.height} px on screen`;
}

/**
 * Every vega-lite output must have become a vega-embed with a drawn canvas or svg: the JupyterLab vega
 * extension renders the spec itself, so a PNG fallback here would mean the interactive chart failed.
 */
export async function expectVegaCharts(panel: Locator, screenshotsDir: string, prefix: string): Promise<{ detail: string; charts: Locator[] }> {
  const outputs = panel.locator(VEGA_LITE);
  const count = await outputs.count();
  if (count === 0) throw new Error('no vega-lite output rendered by the vega extension (.jp-RenderedVegaLite)');
  const charts: Locator[] = [];
  const sizes: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const embed = outputs.nth(index).locator('.vega-embed');
    if ((await embed.count()) === 0) throw new Error(`vega-lite output ${index + 1} of ${count} has no .vega-embed`);
    const drawing = embed.locator('canvas, svg.marks').first();
    if ((await drawing.count()) === 0) throw new Error(`vega-lite output ${index + 1} of ${count} has no canvas or svg`);
    const size = await visibleSize(drawing, `vega-lite chart ${index + 1} of ${count}`);
    sizes.push(`${size.width}×${size.height}`);
    await embed.screenshot({ path: join(screenshotsDir, `${prefix}-chart-${index + 1}.png`) });
    charts.push(embed);
  }
  return { detail: `${count} chart(s): ${sizes.join(', ')} px`, charts };
}

/**
 * Moves the mouse over a grid of points on each chart until vega's tooltip shows: where the marks are depends
 * on the data, so the test looks for them like a person would.
 */
export async function expectTooltip(page: Page, charts: readonly Locator[], screenshot: string): Promise<string> {
  const tooltip = page.locator('#vg-tooltip-element');
  // Last chart first: a notebook's closing chart (class balance, confusion matrix) is the one a person explores.
  for (let index = charts.length - 1; index >= 0; index -= 1) {
    const chart = charts[index]!;
    const drawing = chart.locator('canvas, svg.marks').first();
    await drawing.scrollIntoViewIfNeeded();
    const box = await drawing.boundingBox();
    if (!box) continue;
    for (const fy of [0.85, 0.7, 0.55, 0.4, 0.25, 0.1]) {
      for (const fx of [0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85]) {
        await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy);
        await sleep(60);
        if (await tooltip.isVisible()) {
          const text = (await tooltip.innerText()).trim().replace(/\s+/g, ' ');
          if (text) {
            await page.screenshot({ path: screenshot });
            await page.mouse.move(0, 0);
            return `chart ${index + 1} of ${charts.length}: "${text.slice(0, 80)}"`;
          }
        }
      }
    }
  }
  throw new Error(`no vega tooltip (#vg-tooltip-element) appeared hovering over ${charts.length} chart(s)`);
}

/** The "…" menu vega-embed puts on each chart: export and view-source actions a person can click. */
export async function expectActionsMenu(page: Page, chart: Locator, screenshot: string): Promise<string> {
  await chart.scrollIntoViewIfNeeded();
  await chart.locator('details > summary').click();
  const actions = chart.locator('.vega-actions');
  await actions.waitFor({ state: 'visible', timeout: 5000 });
  const labels = (await actions.locator('a').allInnerTexts()).map((label) => label.trim()).filter(Boolean);
  if (!labels.some((label) => /PNG/.test(label))) throw new Error(`the actions menu offers ${JSON.stringify(labels)}, no PNG export`);
  await page.screenshot({ path: screenshot });
  await chart.locator('details > summary').click();
  return labels.join(', ');
}

/** A notebook ends by printing its conclusion: the last code cell must show some text. */
export async function expectConclusion(panel: Locator): Promise<string> {
  const lastOutput = panel.locator('.jp-CodeCell').last().locator('.jp-OutputArea-output');
  if ((await lastOutput.count()) === 0) throw new Error('the last code cell shows no output');
  await lastOutput.first().scrollIntoViewIfNeeded();
  const text = (await lastOutput.allTextContents()).join(' ').trim().replace(/\s+/g, ' ');
  if (!text) throw new Error('the last code cell output is empty');
  return `"${text.slice(0, 100)}${text.length > 100 ? '…' : ''}"`;
}
