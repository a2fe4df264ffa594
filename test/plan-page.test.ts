/**
 * The back office's plan page in a real Chromium: before the first plan it says how to make one;
 * once a plan is made on the store (`POST /v1/plans`, from a synthetic history imported as the
 * planner's tests do), it shows the latest as the readiness report — the same components as the
 * standalone report.html, with each SKU linked to its stock.
 *
 * The server runs in this process, from the sources, on SQLite, on a real socket: the page is the
 * built one in dist/web (`vite build --config web/vite.config.ts`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importHistory } from '../src/channels/index.js';
import type { StoredPlan } from '../src/planner/contract.js';
import { body } from './support/api-helpers.js';
import { type BrowserTab, openShopInBrowser, type ShopInBrowser, signedIn } from './support/browser.js';
import { syntheticHistory } from './support/planner-history.js';
import type { TestShop } from './support/shop.js';

const directory = mkdtempSync(join(tmpdir(), 'affluence-plan-page-'));
const history = join(directory, 'history.csv');

let opened: ShopInBrowser;
let shop: TestShop;
let tab: BrowserTab;
let page: Page;

describe('the plan page', () => {
  beforeAll(async () => {
    writeFileSync(history, syntheticHistory());
    opened = await openShopInBrowser();
    ({ shop, tab, page } = opened);
  });

  afterAll(async () => {
    await opened?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('says how to make a plan before the first', async () => {
    await signedIn(opened, '/plan');
    await page.getByRole('heading', { name: 'Peak plan', level: 1 }).waitFor();
    const section = page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Peak plan' });
    expect(await section.getAttribute('class')).toContain('active');
    expect(await page.locator('[data-no-plan]').textContent()).toMatch(/No plan was made yet/);
    expect(await page.locator('.plan-none pre').textContent()).toBe(
      'affluence plan --store --window FROM..TO --out DIR',
    );
    expect(tab.pageErrors).toEqual([]);
  });

  it('shows the latest plan made on the store as the readiness report', async () => {
    body(await shop.admin('PUT', '/v1/channels/uk', { name: 'UK shop', currency: 'GBP' }), 200);
    const imported = await importHistory(shop.ctx, history, { channel: 'uk', dryRun: false });
    if (!imported.ok) throw new Error(imported.message);
    const plan = body<StoredPlan>(
      await shop.admin('POST', '/v1/plans', {
        window: { from: '2011-10-24', to: '2011-11-06' },
        lead_time_days: 7,
        capacity_orders_per_s: 0.01,
      }),
      201,
    );

    await page.reload();
    await page.getByRole('heading', { level: 1 }).filter({ hasText: 'Peak readiness' }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Peak readiness: Mon, 24 Oct 2011 to Sun, 6 Nov 2011',
    );
    expect(await page.locator('[data-plan-id]').getAttribute('data-plan-id')).toBe(plan.id);
    const sections = await page.locator('.plan-report h2').allTextContents();
    expect(sections.map((text) => text.replace(/\s*\d+$/, ''))).toEqual([
      'Warnings',
      'Demand',
      'Top sellers',
      'Stock to order',
      'Staff',
      'Capacity',
    ]);
    await page
      .getByRole('img', { name: /^Orders per day: / })
      .locator('canvas')
      .waitFor();
    expect(await page.locator('.plan-chart canvas').count()).toBe(2);
    expect(await page.locator('tr[data-day="2011-10-29"] td').allTextContents()).toEqual(['Closed']);
    expect(await page.locator('[data-headroom-warning]').textContent()).toMatch(/under 3×/);

    // A SKU leads to its stock, inside the app.
    const heart = page.locator('tr[data-stock-sku="85123A"]');
    expect(await heart.getAttribute('class')).toContain('plan-late');
    await heart.getByRole('link', { name: '85123A' }).click();
    await page.waitForURL(/\/ops\/stock\/85123A$/);
    expect(tab.pageErrors).toEqual([]);
  });
});
