/** A real headless Chromium (Debian's own, never a downloaded build) driven by playwright-core, for the page's tests. */
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { openShop, type TestShop } from './shop.js';

const chromiumPath = '/usr/bin/chromium';

// Headless in a container as CI runs it: no sandbox (root), no GPU, and nothing that phones home.
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserTab {
  readonly page: Page;
  /** Uncaught errors of the page's scripts: a test that saw any has found a bug. */
  readonly pageErrors: readonly string[];
  close(): Promise<void>;
}

/** One browser with one tab the size of a wall screen (1920×1080). */
export async function openBrowser(): Promise<BrowserTab> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} is missing: install Debian's chromium (.ci/run does)`);
  }
  const browser: Browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
  });
  const context = await browser.newContext({
    viewport: { width: 1920, height: 1080 },
    locale: 'en-GB',
    timezoneId: 'Europe/Paris',
  });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return {
    page,
    pageErrors,
    close: () => browser.close(),
  };
}

/** The test shop served on a real socket with the built page, and a browser tab on it. */
export interface ShopInBrowser {
  readonly shop: TestShop;
  readonly baseUrl: string;
  readonly tab: BrowserTab;
  readonly page: Page;
  close(): Promise<void>;
}

/** Opens the shop on SQLite, listens, and opens a tab; a step waiting past 10 s has found a bug. */
export async function openShopInBrowser(
  options: Parameters<typeof openShop>[1] = {},
): Promise<ShopInBrowser> {
  const shop = await openShop('sqlite', options);
  const baseUrl = await shop.app.listen({ port: 0, host: '127.0.0.1' });
  const tab = await openBrowser();
  tab.page.setDefaultTimeout(10_000);
  return {
    shop,
    baseUrl,
    tab,
    page: tab.page,
    async close() {
      await tab.close();
      await shop.close();
    },
  };
}

/** Opens a page of the app and signs in with the shop's admin key. */
export async function signedIn(opened: ShopInBrowser, path: string): Promise<void> {
  await opened.page.goto(`${opened.baseUrl}/ops${path}`);
  await opened.page.getByLabel('Admin key').fill(opened.shop.adminKey);
  await opened.page.getByRole('button', { name: 'Sign in' }).click();
}
