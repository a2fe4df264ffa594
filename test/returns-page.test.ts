/**
 * The Returns pages in a real Chromium, as a shop's team uses them after a peak: the web channel's
 * terms set on the policies tab; a return started on the order's page with a reason per line (a
 * reason `other` without its note is not sent); listed as authorised with its order, customer and
 * reasons; its label opened as a PDF; its parcel received with one unit resellable and one damaged
 * (a damage without its reason is not sent); refunded for the amount the button showed; the order
 * then partially returned; and the SKU's return rate on the rates tab.
 *
 * The server runs in this process, from the sources (as the HTTP tests do), on SQLite, on a real
 * socket, with a clock held still so that the window and the weeks read the same on every run: the
 * page is the built one in dist/web (`vite build --config web/vite.config.ts`).
 */
import { readFileSync } from 'node:fs';
import * as mupdf from 'mupdf';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Order } from '../src/orders/contract.js';
import type { Page as ApiPage } from '../src/platform/http/schemas.js';
import type { Return, ReturnPolicy } from '../src/returns/contract.js';
import { body, placed, stockByLocation } from './support/api-helpers.js';
import { type BrowserTab, openShopInBrowser, type ShopInBrowser, signedIn } from './support/browser.js';
import { manualClock, type TestShop } from './support/shop.js';

let opened: ShopInBrowser;
let shop: TestShop;
let tab: BrowserTab;
let page: Page;
/** Three mugs and a tee, delivered; two of the mugs come back. */
let order: Order;
let returnId: string;

// Wednesday 7 January 2026, 10:00 in Paris: the order is delivered then, and the clock stays there.
const clock = manualClock(Date.parse('2026-01-07T09:00:00.000Z'));

async function textOf(locator: Locator): Promise<string> {
  await locator.waitFor();
  return (await locator.textContent()) ?? '';
}

/** A row's cells as read, once the row reads as expected in one of them (lists reload after a change). */
async function cellsOf(row: Locator): Promise<string[]> {
  await row.waitFor();
  return row.locator('td').allTextContents();
}

async function returnOf(id: string): Promise<Return> {
  return body<Return>(await shop.admin('GET', `/v1/returns/${id}`), 200);
}

/** An order placed, paid in full and moved to delivered, as the back office does (test/returns.test.ts). */
async function delivered(lines: { sku: string; quantity: number }[]): Promise<Order> {
  const placedOrder = await placed(shop.storefront, lines);
  body(
    await shop.storefront('POST', `/v1/orders/${placedOrder.id}/payments`, {
      kind: 'capture',
      amount: placedOrder.total,
      psp: 'stripe',
      psp_reference: `pi_${placedOrder.id}`,
    }),
    201,
  );
  for (const to of ['fulfilling', 'shipped', 'delivered'])
    body(await shop.admin('POST', `/v1/orders/${placedOrder.id}/transitions`, { to }), 200);
  return body<Order>(await shop.admin('GET', `/v1/orders/${placedOrder.id}`), 200);
}

/** Answers the next confirmation the page asks, and says what it asked. */
function confirmNext(): string[] {
  const asked: string[] = [];
  page.once('dialog', (dialog) => {
    asked.push(dialog.message());
    void dialog.accept();
  });
  return asked;
}

describe('the returns pages', () => {
  beforeAll(async () => {
    opened = await openShopInBrowser({ clock });
    ({ shop, tab, page } = opened);
    // The label goes back to an address: the test shop's Paris warehouse gets one.
    body(
      await shop.admin('PUT', '/v1/locations/paris', {
        name: 'Paris warehouse',
        channels: ['web', 'marketplace'],
        address: { line1: '8 rue des Entrepôts', city: 'Saint-Ouen', postal_code: '93400', country: 'FR' },
      }),
      200,
    );
    order = await delivered([
      { sku: 'MUG-BLUE', quantity: 3 },
      { sku: 'TEE-M', quantity: 1 },
    ]);
    expect(order.status).toBe('delivered');
  });

  afterAll(() => opened?.close());

  it('sets the web channel’s terms on the policies tab', async () => {
    await signedIn(opened, '/returns/policies');
    await page.getByRole('heading', { name: 'Return policies', level: 1 }).waitFor();
    const section = page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Returns' });
    expect(await section.getAttribute('class')).toContain('active');
    const web = page.locator('[data-policy="web"]');
    expect(await textOf(web.locator('.badge'))).toBe('defaults');
    const form = web.getByRole('form', { name: 'Return policy of Web shop' });
    expect(await form.getByLabel('Window (days after delivery)').inputValue()).toBe('14');
    await form.getByLabel('Window (days after delivery)').fill('30');
    await form.getByRole('checkbox', { name: 'when the shop is at fault' }).setChecked(false);
    await form.getByLabel('Return location').selectOption({ label: 'Paris warehouse' });
    await form.getByRole('button', { name: 'Save the policy' }).click();
    expect(await textOf(web.locator('[data-saved]'))).toBe(
      'Saved: returns authorised from now on follow these terms.',
    );
    // The saved terms come back from the server: the card no longer says it follows the defaults.
    await web.getByText(/^Set /).waitFor();
    expect(await web.locator('.badge').count()).toBe(0);
    expect(body<ReturnPolicy>(await shop.admin('GET', '/v1/return-policies/web'), 200)).toMatchObject({
      window_days: 30,
      refund_shipping: { whole_order: true, shop_fault: false },
      location: 'paris',
      default: false,
    });
    expect(tab.pageErrors).toEqual([]);
  });

  it('starts a return on the order’s page: the window, what may be returned, a reason per line', async () => {
    await page.goto(`${opened.baseUrl}/ops/orders/${order.id}`);
    const panel = page.locator('.returns-of-order');
    // Delivered on Wednesday 7 January: 30 whole days after it, to the shop's midnight.
    expect(await textOf(panel.locator('[data-window]'))).toBe(
      'Return window open until 6 Feb 2026, 23:59:59 (delivered 7 Jan 2026, 10:00:00)',
    );
    const returnable = async (sku: string) =>
      (await cellsOf(panel.locator(`tr[data-returnable="${sku}"]`))).slice(0, 4);
    expect(await returnable('MUG-BLUE')).toEqual(['MUG-BLUE', '3', '0', '3']);
    expect(await returnable('TEE-M')).toEqual(['TEE-M', '1', '0', '1']);
    expect(await textOf(panel.getByText('No return of this order yet.'))).toBeTruthy();

    // "Other" asks for a note: without one the browser keeps the form, and nothing is sent.
    const form = panel.getByRole('form', { name: 'Start a return' });
    await form.getByLabel('Units of MUG-BLUE to return').fill('2');
    await form.getByLabel('Reason for MUG-BLUE').selectOption({ label: 'Other' });
    await form.getByRole('button', { name: 'Authorise the return' }).click();
    const note = form.getByLabel('Note on MUG-BLUE');
    expect(await note.evaluate((input) => (input as any).validity.valueMissing)).toBe(true);
    expect(body<ApiPage<Return>>(await shop.admin('GET', '/v1/returns'), 200).data).toEqual([]);

    await form.getByLabel('Reason for MUG-BLUE').selectOption({ label: 'Changed their mind' });
    await note.fill('Two of the same gift');
    await form.getByRole('button', { name: 'Authorise the return' }).click();
    const notice = panel.locator('[data-authorised]');
    expect(await textOf(notice)).toMatch(
      /^Return authorised: ret_\w+, to be sent back by Wed, 21 Jan 2026\.$/,
    );
    returnId = (await notice.getByRole('link').textContent())!;
    expect(await returnOf(returnId)).toMatchObject({
      order_id: order.id,
      status: 'authorised',
      location: 'paris',
      send_back_by: '2026-01-21',
      lines: [{ sku: 'MUG-BLUE', quantity: 2, reason: 'changed_mind', note: 'Two of the same gift' }],
    });
    await expect.poll(() => returnable('MUG-BLUE')).toEqual(['MUG-BLUE', '3', '2', '1']);
    const listed = await cellsOf(panel.locator(`tr[data-order-return="${returnId}"]`));
    expect([listed[2], listed[3]]).toEqual(['MUG-BLUE ×2 (Changed their mind)2 units, 0 back', 'authorised']);
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(tab.pageErrors).toEqual([]);
  });

  it('lists it as authorised, with its order, customer, reason and units', async () => {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Returns' }).click();
    await page.getByRole('heading', { name: 'Returns', level: 1 }).waitFor();
    const row = page.locator(`tr[data-return="${returnId}"]`);
    await expect.poll(async () => (await cellsOf(row))[3]).toBe('Camille camille@example.fr');
    const cells = await cellsOf(row);
    expect(cells).toEqual([
      returnId,
      '7 Jan 2026, 10:00:00',
      order.number,
      'Camille camille@example.fr',
      'Changed their mind MUG-BLUE ×2Two of the same gift',
      '2',
      'authorised',
      '—',
    ]);
    await page.getByRole('tab', { name: 'Awaiting their parcel' }).click();
    await row.waitFor();
    await page.getByRole('tab', { name: 'Refunded' }).click();
    await page.getByText('No return refunded.').waitFor();
    await page.getByRole('tab', { name: 'All' }).click();
    expect(tab.pageErrors).toEqual([]);
  });

  it('opens its label: a PDF from the customer to the Paris warehouse, carrying the return’s id', async () => {
    await page.locator(`tr[data-return="${returnId}"]`).getByRole('link', { name: returnId }).click();
    await page
      .getByRole('heading', { name: `Return of order ${order.number} authorised`, level: 1 })
      .waitFor();
    const [download, response] = await Promise.all([
      page.waitForEvent('download'),
      page.waitForResponse((answer) => answer.url().endsWith(`/v1/returns/${returnId}/label.pdf`)),
      page.getByRole('link', { name: 'Label (PDF, 10×15 cm)' }).click(),
    ]);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/pdf');
    expect(download.suggestedFilename()).toBe(`${returnId}-label.pdf`);
    const file = readFileSync(await download.path());
    expect(file.subarray(0, 5).toString()).toBe('%PDF-');
    const text = mupdf.Document.openDocument(file, 'application/pdf')
      .loadPage(0)
      .toStructuredText('preserve-whitespace')
      .asText();
    for (const expected of [returnId, 'Paris warehouse', '93400 Saint-Ouen', `Order ${order.number}`])
      expect(text).toContain(expected);
    expect(tab.pageErrors).toEqual([]);
  });

  it('records the receipt: one mug resellable back on hand, one damaged written off with its reason', async () => {
    const onHandBefore = (await stockByLocation(shop, 'MUG-BLUE')).paris![0];
    const form = page.getByRole('form', { name: 'Receipt and inspection' });
    expect(await form.getByLabel('Received at').locator('option:checked').textContent()).toBe(
      'Paris warehouse',
    );
    await form.getByLabel('Resellable units of MUG-BLUE').fill('1');
    await form.getByLabel('Damaged units of MUG-BLUE').fill('1');
    // A damage without its reason: the browser keeps the form, and nothing is received.
    await form.getByRole('button', { name: 'Record the receipt' }).click();
    const reason = form.getByLabel('Damage reason of MUG-BLUE');
    expect(await reason.evaluate((input) => (input as any).validity.valueMissing)).toBe(true);
    expect((await returnOf(returnId)).status).toBe('authorised');

    await reason.fill('Cracked glaze');
    await form.getByRole('button', { name: 'Record the receipt' }).click();
    expect(await textOf(page.locator('[data-received]'))).toBe(
      'Received: 1 unit back on hand at Paris warehouse, 1 unit written off.',
    );
    await page.getByRole('heading', { name: `Return of order ${order.number} received`, level: 1 }).waitFor();
    const line = await cellsOf(page.locator('tr[data-return-line="MUG-BLUE"]'));
    expect(line).toEqual([
      'MUG-BLUE',
      'Changed their mindTwo of the same gift',
      '2',
      '2',
      '1',
      '1Cracked glaze',
      '—',
    ]);
    expect(await textOf(page.getByText('Every unit of this return is back.'))).toBeTruthy();
    expect(await returnOf(returnId)).toMatchObject({
      status: 'received',
      lines: [{ sku: 'MUG-BLUE', received: 2, resellable: 1, damaged: 1, damage_reason: 'Cracked glaze' }],
    });
    expect((await stockByLocation(shop, 'MUG-BLUE')).paris![0]).toBe(onHandBefore + 1);
    expect(tab.pageErrors).toEqual([]);
  });

  it('refunds the amount its button shows, VAT shown, once asked again', async () => {
    // Two of three mugs at €12.90, VAT 20 % included: two thirds of €38.70, and of its €6.45 of VAT.
    expect(await textOf(page.locator('[data-refund-preview]'))).toBe(
      `The 2 units received give back €25.80, VAT €4.30 included, recorded as a refund payment of order ${order.number}.`,
    );
    const asked = confirmNext();
    await page.getByRole('button', { name: 'Refund €25.80' }).click();
    await page.getByRole('heading', { name: `Return of order ${order.number} refunded`, level: 1 }).waitFor();
    expect(asked).toEqual([
      `Refund €25.80 (VAT €4.30 included) to the customer of order ${order.number}? The money goes out at once.`,
    ]);
    const refunded = await returnOf(returnId);
    expect(refunded.refund).toMatchObject({ total: 2580, tax: 430, shipping: 0 });
    expect(await textOf(page.locator('[data-refunded]'))).toBe(
      `Refunded €25.80, VAT €4.30 included, on 7 Jan 2026, 10:00:00 (payment ${refunded.refund.payment_id}).`,
    );
    expect((await cellsOf(page.locator('tr[data-return-line="MUG-BLUE"]')))[6]).toBe('€25.80VAT €4.30');
    expect(await page.getByRole('button', { name: /^Refund/ }).count()).toBe(0);
    expect(await page.getByRole('form', { name: 'Receipt and inspection' }).count()).toBe(0);
    expect(tab.pageErrors).toEqual([]);
  });

  it('shows the order partially returned, with what may still be returned', async () => {
    await page.locator('dl.facts').getByRole('link', { name: order.number }).click();
    await page.getByRole('heading', { name: `Order ${order.number} partially_returned`, level: 1 }).waitFor();
    const panel = page.locator('.returns-of-order');
    // Refunded, the return holds the units that came back: both mugs.
    expect((await cellsOf(panel.locator('tr[data-returnable="MUG-BLUE"]'))).slice(0, 4)).toEqual([
      'MUG-BLUE',
      '3',
      '2',
      '1',
    ]);
    const listed = await cellsOf(panel.locator(`tr[data-order-return="${returnId}"]`));
    expect([listed[3], listed[4]]).toEqual(['refunded', '€25.80']);
    expect(body<Order>(await shop.admin('GET', `/v1/orders/${order.id}`), 200).status).toBe(
      'partially_returned',
    );

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Returns' }).click();
    const row = page.locator(`tr[data-return="${returnId}"]`);
    await expect.poll(async () => (await cellsOf(row))[6]).toBe('refunded');
    expect((await cellsOf(row))[7]).toBe('€25.80');
    expect(tab.pageErrors).toEqual([]);
  });

  it('shows the mug’s return rate, by week, SKU and reason', async () => {
    await page
      .getByRole('navigation', { name: 'Returns pages' })
      .getByRole('link', { name: 'Return rates' })
      .click();
    await page.getByRole('heading', { name: 'Return rates', level: 1 }).waitFor();
    // Two of the four units delivered came back in the week of 5 January 2026.
    expect(await textOf(page.locator('[data-period]'))).toMatch(
      /^From Mon, 13 Oct 2025 to Sun, 11 Jan 2026 \(every channel\): 50\.0\u00a0% returned \(2 of 4 units delivered, 2 back so far\)\./,
    );
    const mug = await cellsOf(page.locator('tr[data-rate-sku="MUG-BLUE"]'));
    expect(mug).toEqual(['MUG-BLUEBlue enamel mug', '3', '2', '2', '66.7\u00a0%']);
    expect(await page.locator('tr[data-rate-sku="TEE-M"]').count()).toBe(0);
    const reason = await cellsOf(page.locator('tr[data-rate-reason="changed_mind"]'));
    expect(reason).toEqual(['Changed their mind', '4', '2', '2', '50.0\u00a0%']);
    const week = page.locator('li[data-week="2026-W02"]');
    expect(await week.getAttribute('title')).toBe(
      '2026-W02 (from Mon, 5 Jan 2026): 50.0\u00a0%, 2 returned of 4 delivered',
    );
    expect(await page.locator('li[data-week]').count()).toBe(13);

    // One channel, and a range of one week, from the address.
    await page.getByLabel('Channel').selectOption({ label: 'Marketplace' });
    await expect
      .poll(async () => textOf(page.locator('[data-period]')))
      .toMatch(/^From Mon, 13 Oct 2025 to Sun, 11 Jan 2026 \(marketplace\): — returned \(0 of 0 units/);
    await page.getByLabel('Channel').selectOption({ label: 'Web shop' });
    await page.getByLabel('From').fill('2026-01-05');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => page.locator('li[data-week]').count()).toBe(1);
    expect(page.url()).toContain('/ops/returns/rates?from=2026-01-05&channel=web');
    expect(tab.pageErrors).toEqual([]);
  });
});
