// Debian's Chromium, driven by playwright-core, that can reach 127.0.0.1 and nothing else; and
// screenshots of every step a test takes, kept as artifacts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
  // Every host name fails to resolve, so nothing Chromium does by itself can leave the machine;
  // the pages use the literal 127.0.0.1, which the rule has to exclude by name.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

export interface LoopbackBrowser {
  browser: Browser;
  /** Requests the pages tried to make beyond 127.0.0.1, refused (the Playground asks a CDN for fonts). */
  refused: string[];
  /** Uncaught errors in the pages. */
  pageErrors: string[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** Launches Chromium (playwright gives it a fresh temporary profile) with every non-loopback request refused. */
export async function openBrowser(): Promise<LoopbackBrowser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const refused: string[] = [];
  const pageErrors: string[] = [];
  const contexts: BrowserContext[] = [];
  return {
    browser,
    refused,
    pageErrors,
    async newPage() {
      const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'en-US', serviceWorkers: 'block' });
      contexts.push(context);
      await context.route('**/*', (route) => {
        const url = new URL(route.request().url());
        if (url.hostname === '127.0.0.1') return route.continue();
        refused.push(route.request().url());
        return route.abort('blockedbyclient');
      });
      const page = await context.newPage();
      page.on('pageerror', (e) => pageErrors.push(e.message));
      return page;
    },
    async close() {
      for (const c of contexts) await c.close();
      await browser.close();
    },
  };
}

/** The Playground's header and message box take about this much of the window's height. */
const CHROME_PX = 400;

export interface StepRecorder {
  /**
   * Runs one step and screenshots the page after it, or after its failure. When the step returns
   * a locator, that element is scrolled into view first (channel threads do not scroll by themselves).
   */
  step<T>(name: string, action: () => Promise<T>): Promise<T>;
}

/** Screenshots go to <dir>/<NN>-<name>.png in the order the steps ran. */
export function recordSteps(page: Page, dir: string): StepRecorder {
  mkdirSync(dir, { recursive: true });
  let n = 0;
  const shot = async (name: string) => {
    n += 1;
    const file = join(dir, `${String(n).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file }).catch((e: Error) => writeFileSync(`${file}.txt`, `no screenshot: ${e.message}\n`));
  };
  return {
    async step(name, action) {
      try {
        const result = await action();
        if (isLocator(result)) await result.scrollIntoViewIfNeeded().catch(() => undefined);
        await shot(name);
        if (isLocator(result)) await shootWhole(page, result, join(dir, `${String(n).padStart(2, '0')}-${name}.card.png`));
        return result;
      } catch (e) {
        await shot(`FAILED-${name}`);
        throw e;
      }
    },
  };
}

/**
 * The element alone, whole: the Playground's chat pane clips what it has scrolled away, so a card
 * taller than the window gets a window tall enough for it, just for this screenshot.
 */
async function shootWhole(page: Page, element: Locator, file: string): Promise<void> {
  const viewport = page.viewportSize();
  try {
    const box = await element.boundingBox();
    if (viewport && box && box.height > viewport.height - CHROME_PX) {
      await page.setViewportSize({ width: viewport.width, height: Math.ceil(box.height) + CHROME_PX });
    }
    await element.scrollIntoViewIfNeeded();
    await element.screenshot({ path: file });
  } catch (e) {
    writeFileSync(`${file}.txt`, `no screenshot: ${(e as Error).message}\n`);
  } finally {
    if (viewport) await page.setViewportSize(viewport);
  }
}

function isLocator(value: unknown): value is Locator {
  return typeof value === 'object' && value !== null && typeof (value as Locator).scrollIntoViewIfNeeded === 'function' && typeof (value as Locator).waitFor === 'function';
}
