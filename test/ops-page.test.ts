/**
 * The operations page in a real Chromium against a real `affluence serve`, used as a shop's team
 * would: sign in, watch the room come alive under load, handle an alert, flip a switch, find an order.
 * Then, in this process on a clock set in December, the advent calendar's players day by day, and the
 * orders sold beyond stock that a purchase order closed short made late, and the week's returns; and
 * the customer contacts of the last hour, minute by minute and by channel.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Order } from '../src/orders/contract.js';
import { limits } from '../src/platform/core/limits.js';
import { body, newSku, placeOrder } from './support/api-helpers.js';
import {
  type BrowserTab,
  openBrowser,
  openShopInBrowser,
  type ShopInBrowser,
  signedIn,
} from './support/browser.js';
import { type Client, client, type Reply } from './support/client.js';
import { type ServerProcess, startServer } from './support/server-process.js';
import { address, manualClock } from './support/shop.js';

const adminKey = 'aff_ops_page_test_admin_key';
const reports = fileURLToPath(new URL('../reports/', import.meta.url));

/** What the shop sells, with stock, and how often each SKU comes up in the load (out of 10 orders). */
const catalog = [
  { sku: 'MUG-BLUE', name: 'Blue enamel mug', price: 1290, stock: 100_000, share: 4 },
  { sku: 'TEE-M', name: 'Organic tee, size M', price: 2500, stock: 150, share: 2 },
  { sku: 'SCARF-RED', name: 'Red wool scarf', price: 3900, stock: 400, share: 2 },
  { sku: 'CANDLE-FIG', name: 'Fig candle', price: 1800, stock: 100_000, share: 1 },
  { sku: 'LAMP', name: 'Vintage lamp', price: 8900, stock: 40, share: 1 },
];
const skuOfOrder = catalog.flatMap((item) => Array.from({ length: item.share }, () => item.sku));

let server: ServerProcess;
let admin: Client;
let storefront: Client;
let tab: BrowserTab;
let page: Page;
let dir: string;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function must(reply: Promise<Reply>, status = 200): Promise<any> {
  const answered = await reply;
  expect(answered.status, JSON.stringify(answered.body)).toBe(status);
  return answered.body;
}

function orderBody(channel: string, sku: string, email = 'camille@example.fr') {
  return { channel, customer: { email }, shipping_address: address, lines: [{ sku, quantity: 1 }] };
}

function place(channel: string, sku = 'MUG-BLUE', email?: string): Promise<Reply> {
  return storefront('POST', '/v1/orders', orderBody(channel, sku, email), {
    'idempotency-key': randomUUID(),
  });
}

/**
 * Storefront traffic on both channels — an order and an availability read every `1000 / perSecond`
 * ms — until stopped, and never past `loadDurationMaxMs`.
 */
const loadDurationMaxMs = 60_000;
function startLoad(perSecond: number) {
  let running = true;
  const sent: Promise<unknown>[] = [];
  const loop = (async () => {
    const endAtMs = Date.now() + loadDurationMaxMs;
    for (let i = 0; running && Date.now() < endAtMs; i++) {
      const channel = i % 3 === 2 ? 'marketplace' : 'web';
      const sku = skuOfOrder[i % skuOfOrder.length]!;
      sent.push(place(channel, sku).catch(() => undefined));
      sent.push(storefront('GET', `/v1/availability/${sku}?channel=${channel}`).catch(() => undefined));
      await sleep(1000 / perSecond);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await Promise.all(sent);
    },
  };
}

/** Waits until `check` holds, as a person watching the screen would; fails saying what never happened. */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadlineMs = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadlineMs) throw new Error(`${what}: not seen within ${timeoutMs} ms`);
    await sleep(250);
  }
}

async function textOf(locator: Locator): Promise<string> {
  await locator.waitFor();
  return (await locator.textContent()) ?? '';
}

/** A figure as the page writes it ("1,234.5") read back as a number. */
function numberIn(text: string): number {
  return Number(text.replaceAll(',', '').replace(/[^0-9.]/g, ''));
}

/** What a chart shows, pixel for pixel. */
function chartImage(index: number): Promise<string> {
  return page
    .locator('.chart canvas')
    .nth(index)
    .evaluate((canvas) => (canvas as unknown as { toDataURL(): string }).toDataURL());
}

function section(name: string): Locator {
  return page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name, exact: true });
}

describe('the operations page', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'affluence-ops-page-'));
    server = await startServer(join(dir, 'shop.db'), adminKey, ['--fault-injection']);
    admin = client(server.url, adminKey);
    await must(admin('PUT', '/v1/channels/web', { name: 'Web shop', currency: 'EUR' }));
    await must(admin('PUT', '/v1/channels/marketplace', { name: 'Marketplace', currency: 'EUR' }));
    await must(
      admin('PUT', '/v1/locations/paris', { name: 'Paris warehouse', channels: ['web', 'marketplace'] }),
    );
    for (const item of catalog) {
      const prices = { web: item.price, marketplace: item.price + 100 };
      await must(admin('PUT', `/v1/skus/${item.sku}`, { name: item.name, prices }));
      await must(
        admin('POST', '/v1/stock/receipts', { sku: item.sku, location: 'paris', quantity: item.stock }),
        201,
      );
    }
    const key = await must(
      admin('POST', '/v1/api-keys', { name: 'storefront', scopes: ['storefront'] }),
      201,
    );
    storefront = client(server.url, key.key);
    tab = await openBrowser();
    page = tab.page;
  });

  afterAll(async () => {
    await tab?.close();
    await server?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a wrong key, then signs in with the admin key and goes live', async () => {
    await page.goto(`${server.url}/ops`);
    expect(new URL(page.url()).pathname).toBe('/ops/');
    await page.getByLabel('Admin key').fill('aff_this_key_does_not_exist');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await textOf(page.getByRole('alert'))).toContain('unknown or revoked');

    await page.getByLabel('Admin key').fill(adminKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await textOf(page.locator('.live-state'))).toMatch(/live|connecting/);
    await page.locator('.live-state.state-live').waitFor();
    expect(await textOf(page.locator('[data-tile="orders"] .tile-value'))).toBe('0');
    expect(tab.pageErrors).toEqual([]);
  });

  it('shows the figures and a chart moving while orders come in', async () => {
    const ordersTile = page.locator('[data-tile="orders"] .tile-value');
    const ordersChartBefore = await chartImage(0);
    const load = startLoad(20);
    await until('orders per minute above 0', async () => numberIn(await textOf(ordersTile)) > 0);
    await sleep(10_000);
    const ordersThisMinute = page.locator('.chart [data-line="This week"] strong');
    expect(numberIn(await textOf(ordersThisMinute))).toBeGreaterThan(0);
    expect(await chartImage(0)).not.toBe(ordersChartBefore);
    expect(await textOf(page.locator('[data-tile="revenue"] .tile-value'))).toContain('€');
    expect(numberIn(await textOf(page.locator('[data-tile="reads"] .tile-value')))).toBeGreaterThan(0);
    await page.locator('#best-sellers-title').waitFor();
    expect(await textOf(page.locator('.ranked').first())).toContain('Blue enamel mug');
    await load.stop();
    expect(tab.pageErrors).toEqual([]);
  });

  it('fires an alert when errors are injected, and opens an incident from it with its runbook', async () => {
    const runbook = [
      '## Errors on the storefront',
      '1. Look at the **error rate** tile and the last deploy.',
      '2. If it keeps rising, open the waiting room at 200/s.',
      '<img src="x" onerror="window.runbookScriptRan = true">',
    ].join('\n');
    await must(
      admin('PUT', '/v1/alert-rules/storefront-errors', {
        name: 'Storefront errors',
        severity: 'critical',
        enabled: true,
        condition: {
          kind: 'threshold',
          metric: 'error_rate',
          op: 'above',
          value: 0.1,
          resolve_value: 0.05,
          window_minutes: 1,
        },
        runbook,
      }),
    );
    await must(admin('PUT', '/v1/ops/faults', { error_rate: 0.5, reason: 'alert drill' }));
    const load = startLoad(20);
    try {
      const alert = page.locator('[data-alert="storefront-errors"]');
      await alert.waitFor({ timeout: 45_000 });
      expect(await textOf(alert)).toContain('Storefront errors');
      await page.locator('[data-tile="errors"].tone-bad').waitFor();
      expect(await textOf(page.locator('[data-tile="errors"] .tile-note'))).toContain('drill');
      mkdirSync(reports, { recursive: true });
      await page.screenshot({ path: join(reports, 'ops-live.png') });

      await alert.getByRole('button', { name: 'Open incident' }).click();
      expect(await textOf(page.locator('.runbook .markdown h2'))).toBe('Errors on the storefront');
    } finally {
      await load.stop();
      await must(admin('PUT', '/v1/ops/faults', { error_rate: 0, reason: 'drill over' }));
    }

    await section('Incidents').click();
    const listed = page.getByRole('link', { name: 'Storefront errors' });
    await listed.click();
    expect(await textOf(page.locator('.runbook .markdown'))).toContain('open the waiting room at 200/s');
    expect(await page.locator('.runbook .markdown strong').textContent()).toBe('error rate');
    expect(
      await page.evaluate(() => (globalThis as { runbookScriptRan?: boolean }).runbookScriptRan),
    ).toBeUndefined();
    expect(tab.pageErrors).toEqual([]);
  }, 90_000);

  it("stops one channel's orders from the switches panel while the other channel's go on", async () => {
    await section('Live').click();
    const marketplace = page.locator('.switches [data-channel="marketplace"]');
    await marketplace.getByRole('button', { name: 'Stop orders' }).click();
    await marketplace.getByLabel('Reason to stop orders').fill('marketplace feed is overselling');
    await marketplace.getByRole('button', { name: 'Stop orders' }).click();
    await marketplace.getByText('Orders stopped').waitFor();
    expect(await textOf(marketplace)).toContain('marketplace feed is overselling');

    await until('a marketplace order refused', async () => (await place('marketplace')).status === 503);
    const refused = await place('marketplace');
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe('channel_paused');
    expect((await place('web')).status).toBe(201);
    expect(tab.pageErrors).toEqual([]);
  });

  it('shows a running sale with its check and reference prices, and ends it now from the sales page', async () => {
    // The scarf's price goes up, then a "-20 %" sale starts: its check names the raise, and that
    // the sale price is no reduction from the price before it.
    await must(
      admin('PUT', '/v1/skus/SCARF-RED', {
        name: 'Red wool scarf',
        prices: { web: 4900, marketplace: 4000 },
      }),
    );
    const startsAtMs = Date.now() + 1_000;
    const sale = await must(
      admin('POST', '/v1/sales', {
        name: 'Scarf week',
        kind: 'promotion',
        channels: ['web'],
        starts_at: new Date(startsAtMs).toISOString(),
        ends_at: new Date(startsAtMs + 3_600_000).toISOString(),
        discount_bp: 2000,
        items: [{ sku: 'SCARF-RED' }],
      }),
      201,
    );
    await sleep(startsAtMs + 100 - Date.now());
    // The live wall's switches name it within their 10 s refresh, with End now beside it...
    await section('Live').click();
    const switched = page.locator(`.switches [data-group="sales"] [data-sale="${sale.id}"]`);
    await switched.waitFor();
    expect(await textOf(switched)).toMatch(/Scarf week.*check failed/);
    expect(await switched.getByRole('button', { name: 'End now' }).count()).toBe(1);
    // ...and the Sales page says why the check failed.
    await section('Sales').click();
    const card = page.locator(`[data-status="running"] [data-sale="${sale.id}"]`);
    await card.waitFor();
    expect(await textOf(card)).toContain('2 problems in its check');
    await card.getByRole('button', { name: 'Show reference prices' }).click();
    // 49.00 less 20 % is 39.20: a 20 % reduction from the raised price, none from the 39.00 before.
    const row = card.getByRole('row', { name: /SCARF-RED/ });
    await row.waitFor();
    expect(await textOf(row)).toMatch(/39[.,]20.*39[.,]00.*0 %.*49[.,]00.*20 %/);

    await card.getByLabel('Reason to end Scarf week now').fill('the reference price is wrong');
    await card.getByRole('button', { name: 'End now' }).click();
    const ended = page.locator(`[data-status="ended"] [data-sale="${sale.id}"]`);
    await ended.waitFor();
    expect(await textOf(ended)).toContain('the reference price is wrong');
    expect((await must(admin('GET', `/v1/sales/${sale.id}`))).status).toBe('ended');
    expect(tab.pageErrors).toEqual([]);
  });

  it('finds a placed order by its customer email and shows its lines and events', async () => {
    // A SKU the earlier load cannot have sold out (the lamp may be, by now).
    const placed = await place('web', 'CANDLE-FIG', 'search-me@example.fr');
    expect(placed.status).toBe(201);
    await section('Orders').click();
    // The search is exact but case-insensitive: people type emails as they remember them.
    await page.getByLabel('Order number or customer email').fill('Search-Me@Example.fr');
    await page.getByRole('button', { name: 'Search' }).click();
    const row = page.getByRole('link', { name: placed.body.number });
    await row.click();
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toContain(placed.body.number);
    expect(await textOf(page.locator('table.rows').first())).toContain('CANDLE-FIG');
    expect(await textOf(page.locator('ol.timeline'))).toContain('order.placed');
    expect(tab.pageErrors).toEqual([]);
  });
});

describe('the advent calendar on the live page', () => {
  const dayMs = 24 * 60 * 60 * 1000;
  // 1 December 2030, 10:00 in Paris: the first door opened an hour ago.
  const clock = manualClock(Date.parse('2030-12-01T09:00:00Z'));
  let opened: ShopInBrowser;
  let wall: Page;

  const open = async (customer: string) =>
    body(await opened.shop.storefront('POST', '/v1/advent/2030/open', { customer }), 200);
  const day = (date: number) => wall.locator(`.advent [data-day="2030-12-${String(date).padStart(2, '0')}"]`);
  const barHeightPx = (date: number) =>
    day(date)
      .locator('.advent-bar')
      .evaluate((bar) => bar.getBoundingClientRect().height);

  beforeAll(async () => {
    opened = await openShopInBrowser({ clock });
    wall = opened.page;
    const { shop } = opened;
    body(
      await shop.admin('POST', '/v1/promo-codes', {
        code: 'ADVENT',
        kind: 'amount',
        value: 300,
        channels: ['web'],
        stacks_with_sales: true,
      }),
      201,
    );
    expect((await shop.admin('POST', '/v1/promo-codes/ADVENT/batch', { count: 48 })).statusCode).toBe(201);
    const doors = Array.from({ length: 24 }, (_, index) => ({
      day: `2030-12-${String(index + 1).padStart(2, '0')}`,
      reward: { kind: 'promo_code', batch: 'ADVENT', count: 2 },
    }));
    body(
      await shop.admin('PUT', '/v1/advent/2030', { name: 'Calendrier de l’Avent', opens_at: '09:00', doors }),
      201,
    );
    // Five players the first day, one the second, two so far on the third.
    for (const name of ['lea', 'noah', 'ines', 'jade', 'hugo']) await open(`${name}@example.fr`);
    clock.advance(dayMs);
    await open('lea@example.fr');
    clock.advance(dayMs);
    for (const name of ['lea', 'ines']) await open(`${name}@example.fr`);
  });

  afterAll(() => opened?.close());

  it('shows the players of each day as bars, today marked, the days to come empty, today’s players as they come', async () => {
    await signedIn(opened, '/');
    const panel = wall.getByRole('region', { name: /Advent calendar/ });
    await panel.waitFor();
    expect(await textOf(panel.getByRole('heading'))).toContain('Calendrier de l’Avent');
    expect(await textOf(panel.locator('[data-figure="today"] dd'))).toBe('2');
    // Two codes on the first day, one on the second, two today; the second day's last code went to
    // no one, so the codes left are the 2 of each of the 21 days to come.
    expect(await textOf(panel.locator('[data-figure="codes-given"] dd'))).toBe('5');
    expect(await textOf(panel.locator('[data-figure="codes-left"] dd'))).toBe('42');

    expect(await barHeightPx(1)).toBeGreaterThan(await barHeightPx(3));
    expect(await barHeightPx(3)).toBeGreaterThan(await barHeightPx(2));
    expect(await day(3).getAttribute('class')).toContain('today');
    expect(await textOf(day(3))).toContain('2 players');
    expect(await day(4).locator('.advent-bar').count()).toBe(0);
    expect(await day(24).locator('.advent-bar').count()).toBe(0);

    // A third player today: the wall shows them at its next reading; today's two codes were gone.
    await open('Jade@Example.fr');
    clock.advance(1_000);
    await wall.locator('.advent [data-figure="today"] dd', { hasText: '3' }).waitFor();
    expect(await textOf(panel.locator('[data-figure="codes-given"] dd'))).toBe('5');
    expect(opened.tab.pageErrors).toEqual([]);
  });

  it('keeps every day and today’s figures in view on a phone', async () => {
    await wall.setViewportSize({ width: 390, height: 844 });
    const panel = wall.locator('.advent');
    const panelBox = (await panel.boundingBox())!;
    const lastDay = (await day(24).boundingBox())!;
    expect(lastDay.x + lastDay.width).toBeLessThanOrEqual(panelBox.x + panelBox.width);
    expect(panelBox.x + panelBox.width).toBeLessThanOrEqual(390);
    expect(await panel.locator('[data-figure="today"] dd').isVisible()).toBe(true);
    expect(await day(3).locator('.advent-date').isVisible()).toBe(true);
  });
});

describe('orders sold beyond stock on the live page', () => {
  // 4 December 2026, 10:00 in Paris: the purchase order is expected on Thursday the 10th.
  const clock = manualClock(Date.parse('2026-12-04T09:00:00Z'));
  let opened: ShopInBrowser;
  let wall: Page;

  /** A colour as the page paints it, to tell what stands out from what does not. */
  const colourOf = (locator: Locator) =>
    locator.evaluate(
      (element) =>
        (globalThis as unknown as { getComputedStyle(element: unknown): { color: string } }).getComputedStyle(
          element,
        ).color,
    );

  beforeAll(async () => {
    opened = await openShopInBrowser({ clock });
    wall = opened.page;
  });

  afterAll(() => opened?.close());

  it('shows the lines waiting only once some wait, the late ones in red with both dates, and leads to the Incoming page', async () => {
    const { shop } = opened;
    await signedIn(opened, '/');
    await wall.locator('.live-state.state-live').waitFor();
    expect(await wall.locator('[data-panel="beyond-stock"]').count()).toBe(0);

    await newSku(shop, 'LATE-LAMP', { paris: 1 });
    const po = body<{ id: string }>(
      await shop.admin('POST', '/v1/purchase-orders', {
        supplier: 'Atelier Dupont',
        location: 'paris',
        expected_on: '2026-12-10',
        lines: [{ sku: 'LATE-LAMP', quantity: 4 }],
      }),
      201,
    );
    body(await shop.admin('PUT', '/v1/backorder-terms/LATE-LAMP/web', { mode: 'backorder', limit: 4 }), 200);
    const first = body<Order>(await placeOrder(shop.storefront, [{ sku: 'LATE-LAMP', quantity: 2 }]), 201);
    const second = body<Order>(await placeOrder(shop.storefront, [{ sku: 'LATE-LAMP', quantity: 2 }]), 201);
    clock.advance(1_000);
    const panel = wall.getByRole('region', { name: 'Sold beyond stock' });
    await panel.waitFor();
    expect(await textOf(panel.locator('[data-figure="waiting"] dd'))).toBe('2');
    expect(await textOf(panel.locator('[data-figure="late"] dd'))).toBe('0');
    expect(await textOf(panel.locator('.empty'))).toContain('expected by the date promised');

    // The supplier sends nothing and the purchase order is closed: both lines are late, with no date.
    body(await shop.admin('POST', `/v1/purchase-orders/${po.id}/close`), 200);
    clock.advance(1_000);
    await panel.locator('[data-figure="late"] dd', { hasText: '2' }).waitFor();
    const rows = panel.locator('tbody tr');
    expect(await rows.evaluateAll((found) => found.map((row) => row.getAttribute('data-order')))).toEqual([
      first.number,
      second.number,
    ]);
    const row = panel.locator(`tr[data-order="${second.number}"]`);
    expect(
      (await row.locator('td').allTextContents()).map((cell) => cell.replace(/\s+/g, ' ').trim()),
    ).toEqual([second.number, 'LATE-LAMP web', '2', expect.stringMatching(/^Thu,? 10 Dec 2026$/), 'no date']);
    expect(await row.locator('time').getAttribute('datetime')).toBe('2026-12-10');
    const red = await colourOf(panel.locator('[data-figure="late"] dd'));
    expect(red).not.toBe(await colourOf(panel.locator('[data-figure="waiting"] dd')));
    expect(await colourOf(row.locator('.beyond-stock-expected'))).toBe(red);

    const incoming = panel.getByRole('link', { name: /The waiting orders, the delayed first/ });
    expect(await incoming.getAttribute('href')).toBe('/ops/incoming/backorders?delayed=true');
    await row.getByRole('link', { name: second.number }).click();
    expect(new URL(wall.url()).pathname).toBe(`/ops/orders/${second.id}`);
    await wall.goBack();
    // Back on the wall once it is live again, so that the panel leaving below is the figures' doing.
    await panel.waitFor();

    // Stock comes for both from another supplier: nothing waits, and the panel leaves the wall.
    const rescue = body<{ id: string }>(
      await shop.admin('POST', '/v1/purchase-orders', {
        supplier: 'Verrerie Martin',
        location: 'paris',
        expected_on: '2026-12-08',
        lines: [{ sku: 'LATE-LAMP', quantity: 3 }],
      }),
      201,
    );
    body(
      await shop.admin('POST', `/v1/purchase-orders/${rescue.id}/receipts`, {
        lines: [{ sku: 'LATE-LAMP', quantity: 3 }],
      }),
      201,
    );
    clock.advance(1_000);
    await wall.locator('[data-panel="beyond-stock"]').waitFor({ state: 'detached' });
    expect(opened.tab.pageErrors).toEqual([]);
  });
});

describe('returns on the live page', () => {
  // Wednesday 8 January 2031, 10:00 in Paris: the week of 2031-W02, nothing delivered the weeks before.
  const clock = manualClock(Date.parse('2031-01-08T09:00:00Z'));
  let opened: ShopInBrowser;
  let wall: Page;
  /** Text as read, the non-breaking space that keeps a rate with its sign read as a space. */
  const readOf = async (locator: Locator) => (await textOf(locator)).replace(/\s+/g, ' ').trim();

  beforeAll(async () => {
    opened = await openShopInBrowser({ clock });
    wall = opened.page;
  });

  afterAll(() => opened?.close());

  it('shows the week’s return rate as a bar, the returns awaiting, the SKUs and reasons, only once there are returns', async () => {
    const { shop } = opened;
    await signedIn(opened, '/');
    await wall.locator('.live-state.state-live').waitFor();
    expect(await wall.locator('[data-panel="returns"]').count()).toBe(0);

    await newSku(shop, 'WALL-MUG', { paris: 10 });
    const order = body<Order>(await placeOrder(shop.storefront, [{ sku: 'WALL-MUG', quantity: 4 }]), 201);
    body(
      await shop.storefront('POST', `/v1/orders/${order.id}/payments`, {
        kind: 'capture',
        amount: order.total,
        psp: 'stripe',
        psp_reference: `pi_${order.id}`,
      }),
      201,
    );
    for (const to of ['fulfilling', 'shipped', 'delivered'])
      body(await shop.admin('POST', `/v1/orders/${order.id}/transitions`, { to }), 200);
    const first = body<{ id: string }>(
      await shop.storefront('POST', `/v1/orders/${order.id}/returns`, {
        lines: [{ sku: 'WALL-MUG', quantity: 1, reason: 'defective' }],
      }),
      201,
    );
    // The room reads returns again once a minute of the shop's clock.
    clock.advance(limits.returnsRoomRefreshMs);
    const panel = wall.getByRole('region', { name: 'Returns' });
    await panel.waitFor();
    // One unit returned of the 4 delivered this week.
    expect(await readOf(panel.locator('[data-figure="this-week"] dd'))).toBe('25.0 %');
    expect(await textOf(panel.locator('[data-figure="awaiting-receipt"] dd'))).toBe('1');
    expect(await textOf(panel.locator('[data-figure="awaiting-refund"] dd'))).toBe('0');
    const weeks = panel.locator('[data-week]');
    expect(await weeks.count()).toBe(limits.returnsRoomWeeks);
    const thisWeek = panel.locator('[data-week="2031-W02"]');
    expect(await thisWeek.getAttribute('class')).toContain('current');
    expect(await thisWeek.getAttribute('data-rate-bp')).toBe('2500');
    expect(await readOf(thisWeek)).toContain('25.0 %, 1 returned of 4 delivered');
    // The week before delivered nothing: an empty slot, no bar.
    expect(await panel.locator('[data-week="2031-W01"] .returns-wall-bar').count()).toBe(0);
    const fullBarPx = await thisWeek
      .locator('.returns-wall-bar')
      .evaluate((bar) => bar.getBoundingClientRect().height);
    expect(fullBarPx).toBeGreaterThan(50);
    expect(
      (await panel.locator('tr[data-sku="WALL-MUG"] td').allTextContents()).map((cell) =>
        cell.replace(/\s+/g, ' ').trim(),
      ),
    ).toEqual(['WALL-MUG', '1', '25.0 %']);
    expect(await textOf(panel.locator('tr[data-reason="defective"] td').first())).toBe('Defective');

    // The parcel comes back and two more units are on their way: the rate swells, one awaits its refund.
    body(
      await shop.admin('POST', `/v1/returns/${first.id}/receipts`, {
        location: 'paris',
        lines: [{ sku: 'WALL-MUG', resellable: 1, damaged: 0 }],
      }),
      200,
    );
    body(
      await shop.storefront('POST', `/v1/orders/${order.id}/returns`, {
        lines: [{ sku: 'WALL-MUG', quantity: 2, reason: 'wrong_size' }],
      }),
      201,
    );
    clock.advance(limits.returnsRoomRefreshMs);
    await panel.locator('[data-figure="this-week"] dd', { hasText: /^75\.0\s%$/ }).waitFor();
    expect(await textOf(panel.locator('[data-figure="awaiting-receipt"] dd'))).toBe('1');
    expect(await textOf(panel.locator('[data-figure="awaiting-refund"] dd'))).toBe('1');
    expect(
      await panel
        .locator('tbody tr[data-reason]')
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-reason'))),
    ).toEqual(['wrong_size', 'defective']);

    const rates = panel.getByRole('link', { name: /The return rates by week, SKU and reason/ });
    expect(await rates.getAttribute('href')).toBe('/ops/returns/rates');
    await rates.click();
    expect(new URL(wall.url()).pathname).toBe('/ops/returns/rates');
    expect(opened.tab.pageErrors).toEqual([]);
  });
});

describe('customer contacts on the live page', () => {
  // Black Friday 2026, 10:00:30 UTC: the help desk has been quiet all morning.
  const clock = manualClock(Date.parse('2026-11-27T10:00:30Z'));
  let opened: ShopInBrowser;
  let wall: Page;
  const minuteMs = 60_000;

  beforeAll(async () => {
    opened = await openShopInBrowser({ clock });
    wall = opened.page;
  });

  afterAll(() => opened?.close());

  const record = async (channel: string, topic: string) =>
    body(await opened.shop.admin('POST', '/v1/contacts', { channel, topic }), 201);
  const bar = (minuteAt: string) => wall.locator(`.contacts-wall [data-minute="${minuteAt}"]`);
  const heightPx = (locator: Locator) =>
    locator.evaluate((element) => element.getBoundingClientRect().height);

  it('shows the contacts per minute stacked by channel, each channel’s counts and the topics, only once there are any', async () => {
    await signedIn(opened, '/');
    await wall.locator('.live-state.state-live').waitFor();
    expect(await wall.locator('[data-panel="contacts"]').count()).toBe(0);

    // Two calls and a mail at 10:00, then four calls, two posts and a chat at 10:02.
    await record('phone', 'where is my order');
    await record('phone', 'where is my order');
    await record('email', 'invoice');
    clock.advance(2 * minuteMs);
    for (let call = 0; call < 4; call++) await record('phone', 'where is my order');
    await record('social', 'parcel never arrived');
    await record('social', 'where is my order');
    await record('chat', 'promo code refused');
    clock.advance(1_000);

    const panel = wall.getByRole('region', { name: 'Customer contacts' });
    await panel.waitFor();
    expect(await textOf(panel.locator('[data-figure="last-minute"] dd'))).toBe('7');
    expect(await textOf(panel.locator('[data-figure="last-hour"] dd'))).toBe('10');

    const bars = panel.locator('[data-minute]');
    expect(await bars.count()).toBe(60);
    const now = bar('2026-11-27T10:02:00.000Z');
    const earlier = bar('2026-11-27T10:00:00.000Z');
    expect(await now.getAttribute('class')).toContain('current');
    expect(await now.getAttribute('data-contacts')).toBe('7');
    expect(await earlier.getAttribute('data-contacts')).toBe('3');
    expect(await bar('2026-11-27T10:01:00.000Z').getAttribute('data-contacts')).toBe('0');
    // The busiest minute's bar fills its track; each channel takes its share of it.
    const trackPx = await heightPx(now.locator('.contacts-wall-track'));
    expect(trackPx).toBeGreaterThan(100);
    const share = async (locator: Locator, contacts: number) =>
      expect(Math.abs((await heightPx(locator)) - (trackPx * contacts) / 7)).toBeLessThan(1.5);
    await share(now.locator('.contacts-channel-phone'), 4);
    await share(now.locator('.contacts-channel-social'), 2);
    await share(earlier.locator('.contacts-channel-email'), 1);
    expect(await earlier.locator('.contacts-channel-chat').count()).toBe(0);
    // Wall screens are set in Paris: 10:02 UTC reads 11:02.
    expect(await textOf(now.locator('.visually-hidden'))).toBe(
      '11:02: 7 contacts (Phone 4, Chat 1, Social 2)',
    );

    const cells = async (row: Locator) =>
      (await row.locator('td').allTextContents()).map((cell) => cell.replace(/\s+/g, ' ').trim());
    expect(await cells(panel.locator('tr[data-channel="phone"]'))).toEqual(['Phone', '4', '6']);
    expect(await cells(panel.locator('tr[data-channel="email"]'))).toEqual(['Email', '0', '1']);
    expect(
      await panel
        .locator('tr[data-topic]')
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-topic'))),
    ).toEqual(['where is my order', 'invoice', 'parcel never arrived', 'promo code refused']);
    expect(await cells(panel.locator('tr[data-topic="where is my order"]'))).toEqual([
      'where is my order',
      '7',
    ]);

    // A quiet hour later, nothing in the last 60 minutes: the panel leaves the wall.
    clock.advance(61 * minuteMs);
    await wall.locator('[data-panel="contacts"]').waitFor({ state: 'detached' });
    expect(opened.tab.pageErrors).toEqual([]);
  });

  it('keeps the bars and figures in view on a phone', async () => {
    await record('chat', 'where is my order');
    clock.advance(1_000);
    await wall.setViewportSize({ width: 390, height: 844 });
    const panel = wall.locator('.contacts-wall');
    await panel.waitFor();
    const panelBox = (await panel.boundingBox())!;
    const last = (await wall.locator('.contacts-wall [data-minute]').last().boundingBox())!;
    expect(last.x + last.width).toBeLessThanOrEqual(panelBox.x + panelBox.width);
    expect(panelBox.x + panelBox.width).toBeLessThanOrEqual(390);
    expect(await panel.locator('[data-figure="last-minute"] dd').isVisible()).toBe(true);
  });
});
