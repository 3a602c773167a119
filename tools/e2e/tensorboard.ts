// The browser suite's TensorBoard checks: `npm run tensorboard`'s server on the suite's run folder, whose notebook 03
// trained a classifier in the page; the scalars page must list that training's tags and runs and draw its curves.
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { startTensorBoard } from '../tensorboard/server';
import type { Checks, Deadline } from './checks';

const EXPECTED_TAGS = ['epoch_loss', 'epoch_acc', 'epoch_learning_rate', 'epoch_samples_per_s'];
const EXPECTED_RUNS = ['tensorboard/classifier/train', 'tensorboard/classifier/validation'];

export async function testTensorBoard(
  browser: BrowserContext,
  runDir: string,
  screenshots: string,
  checks: Checks,
  deadline: Deadline,
  log: (line: string) => void,
): Promise<void> {
  let server: Awaited<ReturnType<typeof startTensorBoard>> | undefined;
  const started = await checks.check('TensorBoard: npm run tensorboard serves the run folder', async () => {
    server = await startTensorBoard(runDir, { quiet: true });
    return server.url;
  });
  if (!started || !server) return;
  log(`TensorBoard answers on ${server.url}`);
  const page = await browser.newPage();
  try {
    await page.goto(`${server.url}#scalars`, { timeout: deadline.cap(60_000) });
    await checks.check("TensorBoard: the scalars page lists the classifier's tags and its train and validation runs", async () => {
      for (const text of [...EXPECTED_TAGS, ...EXPECTED_RUNS]) {
        await page.getByText(text, { exact: false }).first().waitFor({ timeout: deadline.cap(30_000) });
      }
      return `${EXPECTED_TAGS.join(', ')}; ${EXPECTED_RUNS.join(', ')}`;
    });
    await checks.check('TensorBoard: draws the charts', async () => {
      // TensorBoard marks each series' last point with a dot, and joins the points of a series that has more than one
      // epoch with a line; a smoke run's trainings have one epoch, so dots are what every chart must show.
      const markers = page.locator('vz-line-chart2 .scatter-plot path');
      await markers.first().waitFor({ state: 'visible', timeout: deadline.cap(30_000) });
      const shot = join(screenshots, 'tensorboard-scalars.png');
      await page.screenshot({ path: shot });
      const segments = await page.locator('vz-line-chart2 svg path.line').evaluateAll((paths) => paths.filter((path) => (path.getAttribute('d') ?? '').includes('L')).length);
      return `${await markers.count()} series drawn, ${segments} with line segments; ${shot}`;
    });
  } finally {
    await page.close().catch(() => undefined);
    await server.stop();
  }
}
