/**
 * The packing page in a real Chromium, driven as a packing station is: the keyboard only, and every
 * scan typed into whatever has the focus followed by Enter, as a keyboard-wedge scanner does. A
 * refusal must be loud (banner, flash, buzz) and change nothing else; a good scan, calm and green.
 *
 * The server runs in this process, from the sources (as the HTTP tests do), on a real socket: the
 * page is the built one in dist/web (`vite build --config web/vite.config.ts`).
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PackingSession } from '../src/fulfilment/packing/contract.js';
import type { Shipment } from '../src/fulfilment/shipments/contract.js';
import type { Order } from '../src/orders/contract.js';
import { body, expectError, placed } from './support/api-helpers.js';
import { type BrowserTab, openBrowser } from './support/browser.js';
import { boxM, kettle, paperback, setUpShipping } from './support/fulfilment.js';
import { openShop, type TestShop } from './support/shop.js';

const customerAddress = {
  name: 'Camille Martin',
  line1: '12 rue de la Paix',
  city: 'Paris',
  postal_code: '75002',
  country: 'FR',
};
const bookGtin = paperback.gtin;
const kettleGtin = kettle.gtin;

let shop: TestShop;
let tab: BrowserTab;
let page: Page;
let baseUrl: string;
/** The parcel packed in the page, and the one waiting behind it. */
let first: { order: Order; shipment: Shipment };
let second: { order: Order; shipment: Shipment };

async function paidAndShipped(lines: { sku: string; quantity: number }[]) {
  const order = await placed(shop.storefront, lines, { shipping_address: customerAddress });
  body(
    await shop.storefront('POST', `/v1/orders/${order.id}/payments`, {
      kind: 'capture',
      amount: order.total,
      psp: 'test-psp',
      psp_reference: `cap_${order.id}`,
    }),
    201,
  );
  const [shipment, ...others] = body<Shipment[]>(
    await shop.admin('POST', `/v1/orders/${order.id}/shipments`),
    201,
  );
  expect(others).toEqual([]);
  expect(shipment!.location).toBe('paris');
  return { order, shipment: shipment! };
}

/** What a keyboard-wedge scanner does: types the code into whatever has the focus, then Enter. */
async function scan(code: string): Promise<void> {
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
}

async function textOf(locator: Locator): Promise<string> {
  await locator.waitFor();
  return (await locator.textContent()) ?? '';
}

/** The label of the element that has the focus: where the scanner's next keys will land. */
function focusedLabel(): Promise<string | null> {
  return page.evaluate(() => {
    const active = (globalThis as any).document.activeElement;
    return active?.labels?.[0]?.textContent ?? null;
  });
}

/** The buzzes the page started (counted by the init script below). */
function buzzes(): Promise<number> {
  return page.evaluate(() => (globalThis as any).buzzesStarted as number);
}

const refusal = () => page.locator('.scan-refused');
const accepted = () => page.locator('.scan-accepted');
const checklist = () => page.locator('.parcel .checklist tbody');
const step = () => page.locator('.parcel .packing-step');
const scanInput = () => page.getByLabel('Scan', { exact: true });

describe('the packing page', () => {
  beforeAll(async () => {
    shop = await openShop('sqlite');
    await setUpShipping(shop, [
      ['PUT', '/v1/channels/web', { name: 'Web shop', currency: 'EUR', delivery_days: 3 }],
      [
        'PUT',
        '/v1/locations/paris',
        {
          name: 'Paris warehouse',
          channels: ['web', 'marketplace'],
          address: { line1: '3 rue du Dépôt', city: 'Paris', postal_code: '75012', country: 'FR' },
        },
      ],
      ['PUT', '/v1/locations/paris/zones', { zones: [{ country: 'FR', postal_prefix: '', rank: 1 }] }],
      ['PUT', '/v1/packagings/BOX-M', boxM],
      ['PUT', '/v1/skus/BOOK', paperback],
      ['PUT', '/v1/skus/KETTLE', kettle],
      ['POST', '/v1/stock/receipts', { sku: 'BOOK', location: 'paris', quantity: 10 }],
      ['POST', '/v1/stock/receipts', { sku: 'KETTLE', location: 'paris', quantity: 3 }],
    ]);
    first = await paidAndShipped([{ sku: 'BOOK', quantity: 2 }]);
    second = await paidAndShipped([{ sku: 'BOOK', quantity: 1 }]);

    baseUrl = await shop.app.listen({ port: 0, host: '127.0.0.1' });
    tab = await openBrowser();
    page = tab.page;
    // Counts the oscillators the page starts: the buzz is heard by no one in a headless browser.
    await page.addInitScript(() => {
      const scope = globalThis as any;
      const start = scope.OscillatorNode.prototype.start;
      scope.buzzesStarted = 0;
      scope.OscillatorNode.prototype.start = function (this: unknown, ...args: unknown[]) {
        scope.buzzesStarted += 1;
        return start.apply(this, args);
      };
    });
  });

  afterAll(async () => {
    await tab?.close();
    await shop?.close();
  });

  it("chooses the station's location with the keyboard, remembers it, and lists what to pick there", async () => {
    await page.goto(`${baseUrl}/ops/packing`);
    await page.getByLabel('Admin key').fill(shop.adminKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Packing' }).waitFor();

    await page.getByLabel('Station location').waitFor();
    expect(await focusedLabel()).toBe('Station location');
    // Typing an option's first letters picks it in a closed select; Tab reaches the button.
    await page.keyboard.type('Paris');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await textOf(page.locator('.packing-head'))).toContain('Station at Paris warehouse (paris)');
    expect(await focusedLabel()).toBe('Scan');
    expect(await scanInput().getAttribute('autocomplete')).toBe('off');

    // The pick list holds the order's SKU before it is packed, with both parcels waiting.
    const book = page.locator('.pick-list tr[data-sku="BOOK"]');
    expect(await textOf(book)).toContain('Paperback');
    const cells = await book.locator('td').allTextContents();
    expect(cells).toEqual(['BOOK', 'Paperback', '3', `${first.order.number} ×2, ${second.order.number}`]);

    await page.reload();
    expect(await textOf(page.locator('.packing-head'))).toContain('Paris warehouse (paris)');
    await scanInput().waitFor();
    expect(await focusedLabel()).toBe('Scan');
    expect(tab.pageErrors).toEqual([]);
  });

  it('opens the parcel by its order barcode and refuses, loudly and changing nothing, the label too early and an item not ordered', async () => {
    await scan(first.order.number);
    await page.locator('.parcel[data-step="scanning_items"]').waitFor();
    expect(await textOf(page.locator('.parcel h2'))).toBe(`Parcel of order ${first.order.number}`);
    expect(await textOf(step())).toBe('Scan the items');
    expect(await textOf(accepted())).toContain(first.order.number);
    const checklistBefore = await checklist().locator('td').allTextContents();
    expect(checklistBefore).toEqual(['○Paperback', 'BOOK', bookGtin, '0 / 2']);

    // The label before the items.
    await scan(first.shipment.id);
    const banner = refusal();
    expect(await textOf(banner)).toBe('✕RefusedNot yet: 2 items still to scan (BOOK ×2).');
    expect(await banner.getAttribute('role')).toBe('alert');
    expect(await accepted().count()).toBe(0);
    expect(await buzzes()).toBe(1);
    expect(await scanInput().getAttribute('class')).toContain('refused');
    expect(await checklist().locator('td').allTextContents()).toEqual(checklistBefore);
    expect(await textOf(step())).toBe('Scan the items');
    expect(await focusedLabel()).toBe('Scan');

    // An item that is not in the order: the banner carries the server's own words, which the same
    // scan through the API (refused, so harmless) answers.
    await scan(kettleGtin);
    const opened = body<PackingSession>(
      await shop.admin('POST', '/v1/packing/sessions', { location: 'paris', order_code: first.order.number }),
      200,
    );
    const refused = expectError(
      await shop.admin('POST', `/v1/packing/sessions/${opened.id}/scans`, { code: kettleGtin }),
      409,
      'scan_refused',
    );
    expect(refused.message).toContain('is not in this order');
    await page.getByRole('alert').filter({ hasText: refused.message }).waitFor();
    expect(await buzzes()).toBe(2);
    expect(await checklist().locator('td').allTextContents()).toEqual(checklistBefore);
    expect(await textOf(step())).toBe('Scan the items');
    // Unmistakable: a solid red band, white words.
    expect(
      await banner.evaluate((element) => {
        const style = (globalThis as any).getComputedStyle(element);
        return [style.backgroundColor, style.color];
      }),
    ).toEqual(['rgb(179, 0, 27)', 'rgb(255, 255, 255)']);
    expect(tab.pageErrors).toEqual([]);
  });

  it('takes the right items, then the label, shows Packed and refreshes the pick list', async () => {
    await scan(bookGtin);
    expect(await textOf(accepted())).toBe('✓Paperback: 1 more to scan.');
    expect(await refusal().count()).toBe(0);
    expect(await scanInput().getAttribute('class')).not.toContain('refused');
    expect(await checklist().locator('td').last().textContent()).toBe('1 / 2');

    await scan(bookGtin);
    await page.locator('.parcel[data-step="scanning_label"]').waitFor();
    expect(await textOf(step())).toBe("Scan the parcel's label");
    expect(await textOf(accepted())).toBe('✓Paperback: all in.');
    expect(await checklist().locator('td').allTextContents()).toEqual([
      '✓Paperback',
      'BOOK',
      bookGtin,
      '2 / 2',
    ]);

    await scan(first.shipment.id);
    await page.locator('.parcel-packed').waitFor();
    expect(await textOf(step())).toBe('Packed');
    expect(await textOf(accepted())).toContain(`Packed: parcel of order ${first.order.number}`);
    expect(body<Shipment>(await shop.admin('GET', `/v1/shipments/${first.shipment.id}`), 200).status).toBe(
      'packed',
    );
    // The good scans made no sound.
    expect(await buzzes()).toBe(2);

    const book = page.locator('.pick-list tr[data-sku="BOOK"] td');
    await page.locator('.pick-list tr[data-sku="BOOK"] td', { hasText: /^1$/ }).waitFor();
    expect(await book.allTextContents()).toEqual(['BOOK', 'Paperback', '1', second.order.number]);
    expect(tab.pageErrors).toEqual([]);
  });

  it('opens the next order with the next scan, and resumes a parcel set aside', async () => {
    // An unknown order: refused, and the packed parcel stays on screen.
    await scan('AF9999999');
    expect(await textOf(refusal())).toContain('AF9999999');
    expect(await buzzes()).toBe(3);
    expect(await textOf(step())).toBe('Packed');

    await scan(second.order.number);
    await page.locator('.parcel[data-step="scanning_items"]').waitFor();
    expect(await textOf(page.locator('.parcel h2'))).toBe(`Parcel of order ${second.order.number}`);
    await scan(bookGtin);
    await page.locator('.parcel[data-step="scanning_label"]').waitFor();

    // Set aside from the keyboard: the focus comes back to the scan input after the button.
    await page.getByRole('button', { name: 'Set this parcel aside' }).focus();
    await page.keyboard.press('Enter');
    expect(await textOf(step())).toBe("Scan an order's barcode");
    expect(await focusedLabel()).toBe('Scan');
    await scan(second.order.number);
    await page.locator('.parcel[data-step="scanning_label"]').waitFor();
    expect(await checklist().locator('td').last().textContent()).toBe('1 / 1');

    // A click anywhere on the page gives the focus back to the scan input.
    await page.getByRole('button', { name: 'Refresh' }).focus();
    await page.getByRole('heading', { name: 'Packing', level: 1 }).click();
    expect(await focusedLabel()).toBe('Scan');
    expect(tab.pageErrors).toEqual([]);
  });
});
