// Debian's Chromium driven by playwright-core: `npx playwright install` cannot download a browser everywhere,
// and the system one is what a person on this machine would use anyway.
import { existsSync } from 'node:fs';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  // Nothing but JupyterLab should reach the network: no updates, sync, or QUIC probes from the browser.
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-quic',
  '--disable-sync',
];

/** A browser with its own fresh profile in `userDataDir`, so no earlier session's state leaks into the test. */
export async function launchBrowser(userDataDir: string): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: install Debian's (apt-get install chromium) or set E2E_CHROMIUM to a Chromium binary`);
  }
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 1000 },
    timeout: 60_000,
  });
}

/** Closes the browser; bounded, because a wedged browser must not hold up stopping JupyterLab. */
export async function closeBrowser(context: BrowserContext): Promise<void> {
  await Promise.race([context.close(), new Promise((resolve) => setTimeout(resolve, 15_000).unref())]);
}
