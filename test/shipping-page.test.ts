/**
 * The Shipping page in a real Chromium, on a small demo shop (its catalog, packaging, sample carrier
 * cards and a few days of orders): what choosing box and service saved, big, as the API reports it,
 * the sample-prices notice in view, and another baseline chosen from the page.
 *
 * The server runs in this process, from the sources (as the HTTP tests do), on a real socket: the
 * page is the built one in dist/web (`vite build --config web/vite.config.ts`).
 */
import type { FastifyInstance } from 'fastify';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../src/demo/seed.js';
import { sampleNotice } from '../src/fulfilment/index.js';
import type { ShippingSavings } from '../src/fulfilment/savings/contract.js';
import { createApiKey } from '../src/platform/api-keys/api-keys.js';
import { createContext } from '../src/platform/context.js';
import { createServer } from '../src/server/index.js';
import { type BrowserTab, openBrowser } from './support/browser.js';
import { openTestStore, type TestStore } from './support/stores.js';

let testStore: TestStore;
let app: FastifyInstance;
let adminKey: string;
let baseUrl: string;
let tab: BrowserTab;
let page: Page;

async function apiReport(query = ''): Promise<ShippingSavings> {
  const response = await app.inject({
    method: 'GET',
    url: `/v1/fulfilment/savings${query}`,
    headers: { authorization: `Bearer ${adminKey}` },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as ShippingSavings;
}

async function textOf(locator: Locator): Promise<string> {
  await locator.waitFor();
  return (await locator.textContent()) ?? '';
}

/** The digits of an amount as the page writes it ("€1,234.56" → "123456"): its minor units. */
function minorUnitsIn(text: string): string {
  return text.replace(/[^0-9-]/g, '');
}

const tileValue = (name: string) => page.locator(`[data-tile="${name}"] .tile-value`);

describe('the shipping page', () => {
  beforeAll(async () => {
    testStore = await openTestStore('sqlite');
    const ctx = createContext(testStore.store);
    // A few days up to now: the page shows the last 90 days.
    await seedDemo(ctx, { skuCount: 200, historyDays: 4, seed: 5 });
    app = await createServer(ctx);
    const admin = await createApiKey(ctx, { name: 'shipping page', scopes: ['admin'] });
    if (!admin.ok) throw new Error(admin.message);
    adminKey = admin.value.key;
    baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    tab = await openBrowser();
    page = tab.page;
  });

  afterAll(async () => {
    await tab?.close();
    await app?.close();
    await testStore?.dispose();
  });

  it('shows what choosing box and service saved, big, with the sample-prices notice in view', async () => {
    const report = await apiReport();
    expect(report.totals.saved).toBeGreaterThan(0);
    await page.goto(`${baseUrl}/ops/shipping`);
    await page.getByLabel('Admin key').fill(adminKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Shipping', exact: true }).waitFor();
    expect(minorUnitsIn(await textOf(tileValue('saved')))).toBe(String(report.totals.saved));
    expect(await textOf(tileValue('saved'))).toContain('€');
    expect(minorUnitsIn(await textOf(tileValue('smart')))).toBe(String(report.totals.smart.total));
    expect(minorUnitsIn(await textOf(tileValue('baseline')))).toBe(String(report.totals.baseline.total));
    const notice = page.locator('[data-sample-notice]');
    expect(await notice.isVisible()).toBe(true);
    expect(await textOf(notice)).toContain(sampleNotice);
    expect(await textOf(page.locator('main'))).toContain('Box L (BOX-L, the largest packaging)');
    // The breakdown by box names the envelope, with its saving.
    const envelope = page.locator('tr', { hasText: 'Padded envelope (ENV)' });
    const envelopeRow = report.by_box.find((row) => row.code === 'ENV')!;
    expect(minorUnitsIn((await envelope.locator('td').nth(4).textContent()) ?? '')).toBe(
      String(envelopeRow.saved),
    );
    const current = page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Shipping' });
    expect(await current.getAttribute('class')).toContain('active');
    expect(tab.pageErrors).toEqual([]);
  });

  it('compares against the box chosen on the page, keeping it in the address', async () => {
    const report = await apiReport('?baseline_box=BOX-M');
    await page.getByLabel('Always the box').selectOption('BOX-M');
    await page.waitForURL(/baseline_box=BOX-M/);
    await page.locator('main', { hasText: 'Against always Box M (BOX-M)' }).waitFor();
    expect(minorUnitsIn(await textOf(tileValue('saved')))).toBe(String(report.totals.saved));
    const apart = page.locator('[data-apart] tr', { hasText: 'Not possible with BOX-M' });
    expect(minorUnitsIn((await apart.locator('td').nth(1).textContent()) ?? '')).toBe(
      String(report.orders.baseline_impossible),
    );
    expect(tab.pageErrors).toEqual([]);
  });
});
