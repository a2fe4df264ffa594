/**
 * The Incoming page in a real Chromium, as a shop's buyer uses it: a purchase order recorded through
 * the form is listed with its date and how much of it has come, a late one marked; backorder terms
 * set on the page let the web shop sell beyond stock; orders sold so wait in the Backorders tab with
 * their promised dates; a receipt recorded on the page serves them first come first served and names
 * them; the SKU's stock page shows what is still on its way; and a purchase order closed short leaves
 * the order that counted on it flagged delayed, with no date.
 *
 * The server runs in this process, from the sources (as the HTTP tests do), on SQLite, on a real
 * socket, with its clock on Friday 4 December 2026, 10:00 in Paris: the page is the built one in
 * dist/web (`vite build --config web/vite.config.ts`).
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackorderTerms, PurchaseOrder, WaitingLine } from '../src/inventory/incoming/contract.js';
import type { Order } from '../src/orders/contract.js';
import type { Page as ApiPage } from '../src/platform/http/schemas.js';
import { body, newSku, placed } from './support/api-helpers.js';
import { type BrowserTab, openShopInBrowser, type ShopInBrowser, signedIn } from './support/browser.js';
import { manualClock, type TestShop } from './support/shop.js';

let opened: ShopInBrowser;
let shop: TestShop;
let tab: BrowserTab;
let page: Page;
/** The purchase order late on arrival, the one made on the page, and the later one closed short. */
let late: PurchaseOrder;
let dupont: PurchaseOrder;
let lumen: PurchaseOrder;
/** The first buyer waits for one lamp, the second for three. */
let first: Order;
let second: Order;

async function textOf(locator: Locator): Promise<string> {
  await locator.waitFor();
  return (await locator.textContent()) ?? '';
}

/** A row's cells as they read, spaces at their ends left out. */
async function cells(row: Locator): Promise<string[]> {
  await row.waitFor();
  return (await row.locator('td').allTextContents()).map((text) => text.trim());
}

/** Waits until a row reads as expected (the page reloads its lists after each change). */
async function rowReads(row: Locator, expected: string[]): Promise<void> {
  await expect
    .poll(async () => ((await row.count()) === 0 ? [] : cells(row)), { timeout: 10_000 })
    .toEqual(expected);
}

async function purchaseOrders(status?: string): Promise<PurchaseOrder[]> {
  const filter = status === undefined ? '' : `&status=${status}`;
  return body<ApiPage<PurchaseOrder>>(await shop.admin('GET', `/v1/purchase-orders?limit=100${filter}`), 200)
    .data;
}

async function waiting(filter = ''): Promise<WaitingLine[]> {
  return body<ApiPage<WaitingLine>>(await shop.admin('GET', `/v1/backorders?limit=100${filter}`), 200).data;
}

const nav = () => page.getByRole('navigation', { name: 'Sections' });
const incomingTabs = () => page.getByRole('navigation', { name: 'Incoming pages' });
const newOrderForm = () => page.getByRole('form', { name: 'New purchase order' });
const termsForm = () => page.getByRole('form', { name: 'Sell beyond stock' });
const receiptForm = () => page.getByRole('form', { name: 'Record a receipt' });
const purchaseOrderRow = (id: string) => page.locator(`tr[data-purchase-order="${id}"]`);
const waitingRow = (order: Order) => page.locator(`tr[data-waiting-order="${order.number}"]`);
/** The card under a heading, for a button its neighbours have too. */
const card = (heading: string) =>
  page.locator('.card').filter({ has: page.getByRole('heading', { name: heading }) });

describe('the incoming page', () => {
  beforeAll(async () => {
    opened = await openShopInBrowser({ clock: manualClock(Date.parse('2026-12-04T09:00:00Z')) });
    ({ shop, tab, page } = opened);
    await newSku(shop, 'BO-LAMP', { paris: 1 });
    // Expected on Tuesday, still not come on Friday.
    late = body<PurchaseOrder>(
      await shop.admin('POST', '/v1/purchase-orders', {
        supplier: 'Filature du Nord',
        location: 'paris',
        expected_on: '2026-12-01',
        lines: [{ sku: 'TEE-M', quantity: 4 }],
      }),
      201,
    );
    expect(late.late).toBe(true);
  });

  afterAll(() => opened?.close());

  it('records a purchase order through the form and lists it with its date and what has come; a late one stands out', async () => {
    await signedIn(opened, '/incoming');
    await page.getByRole('heading', { name: 'Incoming', level: 1 }).waitFor();
    expect(await nav().getByRole('link', { name: 'Incoming' }).getAttribute('class')).toContain('active');
    expect(await incomingTabs().getByRole('link', { name: 'Purchase orders' }).getAttribute('class')).toBe(
      'active',
    );
    expect(await page.getByRole('tab', { name: 'Open' }).getAttribute('aria-selected')).toBe('true');

    const lateRow = purchaseOrderRow(late.id);
    expect(await cells(lateRow)).toEqual([
      'Filature du Nord',
      'Paris warehouse',
      'Tue, 1 Dec 2026 late',
      '0 / 4',
      'TEE-M ×4',
      'open',
    ]);
    expect(await lateRow.getAttribute('class')).toBe('incoming-late');
    const badge = lateRow.locator('.badge.incoming-late-badge');
    expect(await textOf(badge)).toBe('late');
    // Red, not a shade of the table: the badge is seen from across the room.
    expect(
      await badge.evaluate((element) => (globalThis as any).getComputedStyle(element).backgroundColor),
    ).toBe('rgb(255, 92, 92)');

    const form = newOrderForm();
    await form.getByLabel('Supplier', { exact: true }).fill('Atelier Dupont');
    await form.getByLabel('Supplier’s reference').fill('AD-118');
    await form.getByLabel('Delivered to').selectOption({ label: 'Paris warehouse (paris)' });
    await form.getByLabel('Expected on').fill('2026-12-12');
    await form.getByLabel('SKU, line 1').fill('BO-LAMP');
    await form.getByLabel('Quantity, line 1').fill('3');
    await form.getByRole('button', { name: 'Add a line' }).click();
    await form.getByLabel('SKU, line 2').fill('TEE-M');
    await form.getByLabel('Quantity, line 2').fill('1');
    await form.getByRole('button', { name: 'Add a line' }).click();
    await form.getByLabel('SKU, line 3').fill('MUG-BLUE');
    await form.getByLabel('Quantity, line 3').fill('6');
    // The tee was a slip: its line goes, the mugs' moves up and keeps what was typed.
    await form.getByRole('button', { name: 'Remove line 2' }).click();
    expect(await form.getByLabel('SKU, line 2').inputValue()).toBe('MUG-BLUE');
    expect(await form.getByLabel('Quantity, line 2').inputValue()).toBe('6');
    await form.getByRole('button', { name: 'Record purchase order' }).click();

    expect(await textOf(page.locator('[data-created]'))).toBe(
      'Recorded: 9 units from Atelier Dupont, expected Sat, 12 Dec 2026. Open it',
    );
    expect(await page.getByRole('alert').count()).toBe(0);
    const made = (await purchaseOrders()).find((order) => order.supplier === 'Atelier Dupont');
    expect(made).toMatchObject({
      reference: 'AD-118',
      location: 'paris',
      expected_on: '2026-12-12',
      status: 'open',
      late: false,
      lines: [
        { sku: 'BO-LAMP', ordered: 3, received: 0, remaining: 3 },
        { sku: 'MUG-BLUE', ordered: 6, received: 0, remaining: 6 },
      ],
    });
    dupont = made!;

    const row = purchaseOrderRow(dupont.id);
    expect(await cells(row)).toEqual([
      'Atelier DupontAD-118',
      'Paris warehouse',
      'Sat, 12 Dec 2026',
      '0 / 9',
      'BO-LAMP ×3, MUG-BLUE ×6',
      'open',
    ]);
    expect(await row.getAttribute('class')).toBeNull();
    expect(await row.locator('time').getAttribute('datetime')).toBe('2026-12-12');
    const bar = row.getByRole('progressbar', { name: 'Units received from Atelier Dupont' });
    expect(await bar.evaluate((element) => [(element as any).value, (element as any).max])).toEqual([0, 9]);
    expect(tab.pageErrors).toEqual([]);
  });

  it('shows the API’s refusal of a purchase order in its words and records nothing', async () => {
    const form = newOrderForm();
    await form.getByLabel('Supplier', { exact: true }).fill('Atelier Dupont');
    await form.getByLabel('Delivered to').selectOption({ label: 'Lyon store (lyon)' });
    await form.getByLabel('Expected on').fill('2026-12-15');
    await form.getByLabel('SKU, line 1').fill('NO-SUCH-SKU');
    await form.getByLabel('Quantity, line 1').fill('2');
    await form.getByRole('button', { name: 'Record purchase order' }).click();
    expect(await textOf(page.getByRole('alert'))).toBe('Some SKUs do not exist.');
    expect(await page.locator('[data-created]').count()).toBe(0);
    expect((await purchaseOrders()).map((order) => order.id)).toEqual([late.id, dupont.id]);
    expect(tab.pageErrors).toEqual([]);

    // A second supplier brings two more lamps, later.
    lumen = body<PurchaseOrder>(
      await shop.admin('POST', '/v1/purchase-orders', {
        supplier: 'Verrerie Lumen',
        location: 'paris',
        expected_on: '2026-12-20',
        lines: [{ sku: 'BO-LAMP', quantity: 2 }],
      }),
      201,
    );
  });

  it('sets backorder terms through the page', async () => {
    await incomingTabs().getByRole('link', { name: 'Backorders' }).click();
    await page.getByText('No order is waiting for stock.').waitFor();
    await page.getByText('No SKU is sold beyond its stock: every channel sells what is on hand.').waitFor();
    expect(await incomingTabs().getByRole('link', { name: 'Backorders' }).getAttribute('class')).toBe(
      'active',
    );

    const form = termsForm();
    // A pre-order asks for its release date; a backorder does not.
    await form.getByLabel('Mode').selectOption({ label: 'Pre-order' });
    await form.getByLabel('Released on').waitFor();
    await form.getByLabel('Mode').selectOption({ label: 'Backorder' });
    expect(await form.getByLabel('Released on').count()).toBe(0);
    await form.getByLabel('SKU').fill('BO-LAMP');
    await form.getByLabel('Channel').selectOption({ label: 'Web shop (web)' });
    await form.getByLabel('Units that may wait').fill('5');
    await form.getByRole('button', { name: 'Set terms' }).click();

    // The two purchase orders bring five lamps: all five may be sold beyond stock.
    expect(await textOf(page.locator('[data-terms-set]'))).toBe(
      'BO-LAMP on Web shop: backorder up to 5 units, 5 may be sold beyond stock now.',
    );
    await rowReads(page.locator('tr[data-terms="BO-LAMP/web"]'), [
      'BO-LAMP',
      'Web shop',
      'Backorder',
      '5',
      '0',
      '5',
      '—',
      'ChangeRemove',
    ]);
    expect(
      body<BackorderTerms>(await shop.admin('GET', '/v1/backorder-terms/BO-LAMP/web'), 200),
    ).toMatchObject({ mode: 'backorder', limit: 5, release_on: null, waiting: 0, available: 5 });
    expect(tab.pageErrors).toEqual([]);
  });

  it('lists the orders sold beyond stock, first come first served, with their promised dates', async () => {
    // One lamp is on hand: the first buyer waits for one, promised with the first purchase order;
    // the second for three, which only the second purchase order completes.
    first = await placed(shop.storefront, [{ sku: 'BO-LAMP', quantity: 2 }]);
    second = await placed(shop.storefront, [{ sku: 'BO-LAMP', quantity: 3 }]);
    expect(
      [first, second].map((order) => [order.lines[0]!.backordered, order.lines[0]!.promised_on]),
    ).toEqual([
      [1, '2026-12-12'],
      [3, '2026-12-20'],
    ]);

    await card('Waiting for stock').getByRole('button', { name: 'Refresh' }).click();
    const firstRow = waitingRow(first);
    expect((await cells(firstRow)).slice(1, 7)).toEqual([
      'BO-LAMP',
      'web',
      '1',
      'Sat, 12 Dec 2026',
      'Sat, 12 Dec 2026',
      'on time',
    ]);
    expect((await cells(waitingRow(second))).slice(1, 7)).toEqual([
      'BO-LAMP',
      'web',
      '3',
      'Sun, 20 Dec 2026',
      'Sun, 20 Dec 2026',
      'on time',
    ]);
    expect(await firstRow.getByRole('link', { name: first.number }).getAttribute('href')).toBe(
      `/ops/orders/${first.id}`,
    );
    expect(
      await page
        .locator('tr[data-waiting-order]')
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-waiting-order'))),
    ).toEqual([first.number, second.number]);
    expect(await page.locator('tr.incoming-delayed').count()).toBe(0);
    await card('Backorder terms').getByRole('button', { name: 'Refresh' }).click();
    await rowReads(page.locator('tr[data-terms="BO-LAMP/web"]'), [
      'BO-LAMP',
      'Web shop',
      'Backorder',
      '5',
      '4',
      '1',
      '—',
      'ChangeRemove',
    ]);
    expect(tab.pageErrors).toEqual([]);
  });

  it('records a receipt through the page: the waiting orders are served, leave the list, and the receipt names them', async () => {
    await incomingTabs().getByRole('link', { name: 'Purchase orders' }).click();
    await purchaseOrderRow(dupont.id).getByRole('link', { name: 'Atelier Dupont' }).click();
    await page.getByRole('heading', { name: /^Purchase order from Atelier Dupont/, level: 1 }).waitFor();
    expect((await textOf(page.locator('[data-expected]'))).trim()).toBe('Sat, 12 Dec 2026');

    // What remains is prefilled: the mugs came short, four of six.
    const form = receiptForm();
    expect(await form.getByLabel('Units of BO-LAMP that came').inputValue()).toBe('3');
    expect(await form.getByLabel('Units of MUG-BLUE that came').inputValue()).toBe('6');
    await form.getByLabel('Delivery note').fill('BL-7781');
    await form.getByLabel('Units of MUG-BLUE that came').fill('4');
    await form.getByRole('button', { name: 'Record receipt' }).click();

    expect(await textOf(page.locator('[data-received]'))).toBe('Received 7 units; 2 waiting orders served.');
    const receipt = page.locator('tr[data-receipt]');
    const served = receipt.locator('.incoming-served li');
    await expect
      .poll(() => served.allTextContents())
      .toEqual([`${first.number} BO-LAMP ×1`, `${second.number} BO-LAMP ×2`]);
    expect(await receipt.getByRole('link', { name: second.number }).getAttribute('href')).toBe(
      `/ops/orders/${second.id}`,
    );
    expect((await cells(receipt)).slice(1, 3)).toEqual(['BL-7781', 'BO-LAMP ×3, MUG-BLUE ×4']);
    expect(await cells(page.locator('.incoming-po-lines tr[data-sku="MUG-BLUE"]'))).toEqual([
      'MUG-BLUE',
      '6',
      '4',
      '2',
      '4 / 6',
    ]);
    // The form starts again from what still remains.
    await expect.poll(() => form.getByLabel('Units of BO-LAMP that came').inputValue()).toBe('0');
    expect(await form.getByLabel('Units of MUG-BLUE that came').inputValue()).toBe('2');

    // The same delivery note again is the same delivery: nothing changes.
    await form.getByLabel('Delivery note').fill('BL-7781');
    await form.getByRole('button', { name: 'Record receipt' }).click();
    await expect
      .poll(() => page.locator('[data-received]').textContent())
      .toMatch(/^Delivery note BL-7781 was recorded already, 4 Dec 2026, 10:00:00: nothing changed\.$/);
    expect(await page.locator('tr[data-receipt]').count()).toBe(1);

    expect((await waiting()).map((line) => [line.order_number, line.waiting, line.expected_on])).toEqual([
      [second.number, 1, '2026-12-20'],
    ]);
    await incomingTabs().getByRole('link', { name: 'Backorders' }).click();
    expect((await cells(waitingRow(second))).slice(1, 7)).toEqual([
      'BO-LAMP',
      'web',
      '1',
      'Sun, 20 Dec 2026',
      'Sun, 20 Dec 2026',
      'on time',
    ]);
    expect(await waitingRow(first).count()).toBe(0);
    expect(await page.locator('tr[data-waiting-order]').count()).toBe(1);
    expect(tab.pageErrors).toEqual([]);
  });

  it('shows on the SKU’s stock page what is still on its way and the units waiting for it', async () => {
    await waitingRow(second).getByRole('link', { name: 'BO-LAMP' }).click();
    const incoming = page.locator('[data-incoming]');
    expect(await cells(incoming.locator('tbody tr'))).toEqual(['Sun, 20 Dec 2026', '+2', 'paris', lumen.id]);
    expect(await textOf(incoming.locator('.incoming-sku-waiting'))).toBe(
      '1 unit sold beyond stock waits for it. See the waiting orders',
    );
    await incoming.getByRole('link', { name: lumen.id }).click();
    await page.getByRole('heading', { name: /^Purchase order from Verrerie Lumen/, level: 1 }).waitFor();
    expect(tab.pageErrors).toEqual([]);
  });

  it('closes a purchase order short: the order it no longer serves is flagged delayed, with no date', async () => {
    const asked: string[] = [];
    page.once('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.accept();
    });
    await page.getByRole('button', { name: 'Close short' }).click();
    await page
      .getByRole('heading', { name: 'Purchase order from Verrerie Lumen closed short', level: 1 })
      .waitFor();
    expect(asked).toEqual([
      'Close the purchase order from Verrerie Lumen short? The 2 units still to come will no longer count as incoming; the orders waiting for them are dated again, and flagged delayed when that breaks their promise.',
    ]);
    expect(await receiptForm().count()).toBe(0);

    await incomingTabs().getByRole('link', { name: 'Backorders' }).click();
    const row = waitingRow(second);
    await row.locator('.incoming-no-date').waitFor();
    expect((await cells(row)).slice(1, 7)).toEqual([
      'BO-LAMP',
      'web',
      '1',
      'Sun, 20 Dec 2026',
      'no date',
      'delayedsince 4 Dec 2026, 10:00:00',
    ]);
    expect(await row.getAttribute('class')).toBe('incoming-delayed');
    expect(await row.locator('.incoming-no-date').count()).toBe(1);
    expect(await textOf(row.locator('.badge.incoming-delayed-badge'))).toBe('delayed');

    await page.getByLabel('Delayed only').check();
    await page.waitForURL(/[?&]delayed=true/);
    await row.waitFor();
    expect(await page.locator('tr[data-waiting-order]').count()).toBe(1);
    expect(await waiting('&delayed=true')).toMatchObject([
      { order_id: second.id, waiting: 1, promised_on: '2026-12-20', expected_on: null, delayed: true },
    ]);

    await incomingTabs().getByRole('link', { name: 'Purchase orders' }).click();
    await page.getByRole('tab', { name: 'Closed short' }).click();
    expect(await cells(purchaseOrderRow(lumen.id))).toEqual([
      'Verrerie Lumen',
      'Paris warehouse',
      'Sun, 20 Dec 2026',
      '0 / 2',
      'BO-LAMP ×2',
      'closed short',
    ]);
    expect((await purchaseOrders('closed')).map((order) => order.id)).toEqual([lumen.id]);
    expect(tab.pageErrors).toEqual([]);
  });
});
