/**
 * The Promotions page in a real Chromium: codes created on the page are sent exactly as typed (an
 * amount in cents with no float between, times in the browser's zone) and listed as people read
 * them; a refused one shows the API's words and creates nothing; orders placed through the API move
 * a code's use count; the kill switch stops a code for orders, with its reason in the audit log and
 * on the row, and lets it work again; a batch of single-use codes made on the page downloads as a
 * CSV file whose codes orders take, and downloads again with their uses.
 *
 * The server runs in this process, from the sources (as the HTTP tests do), on SQLite, on a real
 * socket: the page is the built one in dist/web (`vite build --config web/vite.config.ts`).
 */
import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Order } from '../src/orders/contract.js';
import type { AuditEntry } from '../src/platform/audit/contract.js';
import type { Page as ApiPage } from '../src/platform/http/schemas.js';
import type { PromoCodeView } from '../src/pricing/promo-codes/contract.js';
import { body, expectError, placeOrder } from './support/api-helpers.js';
import { type BrowserTab, openShopInBrowser, type ShopInBrowser, signedIn } from './support/browser.js';
import type { TestShop } from './support/shop.js';

let opened: ShopInBrowser;
let shop: TestShop;
let tab: BrowserTab;
let page: Page;

async function textOf(locator: Locator): Promise<string> {
  await locator.waitFor();
  return (await locator.textContent()) ?? '';
}

async function listed(): Promise<PromoCodeView[]> {
  return body<ApiPage<PromoCodeView>>(await shop.admin('GET', '/v1/promo-codes?limit=100'), 200).data;
}

async function promoCode(code: string): Promise<PromoCodeView> {
  return body<PromoCodeView>(await shop.admin('GET', `/v1/promo-codes/${code}`), 200);
}

/** An order of the web channel through the API, as a storefront places it, naming the codes given. */
function orderWith(codes: string[], quantity = 1) {
  return placeOrder(shop.storefront, [{ sku: 'MUG-BLUE', quantity }], { promo_codes: codes });
}

const form = () => page.getByRole('form', { name: 'New promo code' });
const row = (code: string) => page.locator(`tr[data-promo-code="${code}"]`);
/** A row's cells, by their column. */
const cell = (code: string, column: number) => row(code).locator('td').nth(column);
const columns = {
  code: 0,
  discount: 1,
  channels: 2,
  period: 3,
  used: 4,
  perCustomer: 5,
  stacks: 6,
  status: 7,
};

/** Waits until a cell reads as expected (the page reloads its list after each change). */
async function cellReads(code: string, column: number, text: string | RegExp): Promise<void> {
  const read = expect.poll(async () => (await cell(code, column).textContent()) ?? '', { timeout: 10_000 });
  await (typeof text === 'string' ? read.toBe(text) : read.toMatch(text));
}

/** Fills the form as a person would, leaving alone what is not given, and sends it. */
async function create(fields: {
  code: string;
  kind?: 'Percent off' | 'Amount off';
  percent?: string;
  amount?: string;
  minBasket?: string;
  channels: Record<string, boolean>;
  starts?: string;
  ends?: string;
  usageLimit?: string;
  perCustomer?: string;
  stacks?: boolean;
}): Promise<void> {
  await form().getByLabel('Code', { exact: true }).fill(fields.code);
  await form()
    .getByLabel('Kind')
    .selectOption({ label: fields.kind ?? 'Percent off' });
  if (fields.percent !== undefined) await form().getByLabel('Percent off (%)').fill(fields.percent);
  if (fields.amount !== undefined) await form().getByLabel('Amount off (EUR)').fill(fields.amount);
  await form()
    .getByLabel('Minimum basket (EUR)')
    .fill(fields.minBasket ?? '');
  for (const [channel, chosen] of Object.entries(fields.channels))
    await form()
      .getByRole('checkbox', { name: `${channel} (EUR)` })
      .setChecked(chosen);
  await form()
    .getByLabel('Starts')
    .fill(fields.starts ?? '');
  await form()
    .getByLabel('Ends')
    .fill(fields.ends ?? '');
  await form()
    .getByLabel('Uses in all')
    .fill(fields.usageLimit ?? '');
  await form()
    .getByLabel('Uses per customer')
    .fill(fields.perCustomer ?? '');
  await form()
    .getByLabel('Stacks with sales')
    .setChecked(fields.stacks ?? false);
  await form().getByRole('button', { name: 'Create code' }).click();
}

/** The file a click downloads, as text, with the name the browser was given. */
async function downloaded(click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: download.suggestedFilename(), text: readFileSync(await download.path()).toString('utf8') };
}

describe('the promotions page', () => {
  beforeAll(async () => {
    opened = await openShopInBrowser();
    ({ shop, tab, page } = opened);
  });

  afterAll(() => opened?.close());

  it('creates codes on the page, sent exactly as typed, and lists them as people read them', async () => {
    await signedIn(opened, '/promo-codes');
    await page.getByRole('heading', { name: 'Promotions', level: 1 }).waitFor();
    const section = page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Promotions' });
    expect(await section.getAttribute('class')).toContain('active');
    await page.getByText('No promo code yet.').waitFor();

    await create({
      code: 'bf10',
      percent: '10',
      channels: { web: true },
      usageLimit: '100',
      perCustomer: '5',
      stacks: true,
    });
    expect(await textOf(page.locator('[data-created]'))).toBe('Created BF10: orders may use it on web.');
    await row('BF10').waitFor();
    // 4.35 × 100 is 434.99999999999994 in floats: the page must send 435 all the same.
    await create({
      code: 'welcome',
      kind: 'Amount off',
      amount: '4,35',
      minBasket: '30',
      channels: { web: true, marketplace: true },
    });
    await row('WELCOME').waitFor();
    // Times typed are the browser's (Paris): winter time on 1 March, summer time from 31 March 02:00.
    await create({
      code: 'Spring',
      percent: '15',
      channels: { web: true, marketplace: false },
      starts: '2030-03-01T00:00',
      ends: '2030-03-31T23:59',
    });
    await row('SPRING').waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);

    expect(await listed()).toMatchObject([
      {
        code: 'BF10',
        kind: 'percent',
        value: 10,
        min_basket: null,
        channels: ['web'],
        starts_at: null,
        ends_at: null,
        usage_limit: 100,
        per_customer_limit: 5,
        stacks_with_sales: true,
      },
      {
        code: 'SPRING',
        kind: 'percent',
        value: 15,
        channels: ['web'],
        starts_at: '2030-02-28T23:00:00.000Z',
        ends_at: '2030-03-31T21:59:00.000Z',
        usage_limit: null,
        per_customer_limit: null,
        stacks_with_sales: false,
      },
      {
        code: 'WELCOME',
        kind: 'amount',
        value: 435,
        min_basket: 3000,
        channels: ['web', 'marketplace'],
        usage_limit: null,
        stacks_with_sales: false,
      },
    ]);

    const cells = async (code: string) => (await row(code).locator('td').allTextContents()).slice(0, 8);
    expect(await cells('BF10')).toEqual([
      'BF10',
      '10 % off',
      'web',
      'any time',
      '0 / 100',
      '5',
      'yes',
      'active',
    ]);
    expect(await cells('WELCOME')).toEqual([
      'WELCOME',
      '€4.35 offfrom a basket of €30.00',
      'web, marketplace',
      'any time',
      '0 used · unlimited',
      'unlimited',
      'no',
      'active',
    ]);
    expect(await cells('SPRING')).toEqual([
      'SPRING',
      '15 % off',
      'web',
      '1 Mar 2030, 00:00:00 → 31 Mar 2030, 23:59:00',
      '0 used · unlimited',
      'unlimited',
      'no',
      'not started',
    ]);
    const uses = row('BF10').getByRole('meter', { name: 'Uses of BF10' });
    expect(await uses.evaluate((meter) => [(meter as any).value, (meter as any).max])).toEqual([0, 100]);
    expect(tab.pageErrors).toEqual([]);
  });

  it('shows the API’s refusal in its words and creates nothing', async () => {
    await create({ code: ' Bf10 ', percent: '20', channels: { web: true } });
    expect(await textOf(page.getByRole('alert'))).toBe('The promo code BF10 exists already.');
    expect((await promoCode('BF10')).value).toBe(10);

    await create({
      code: 'backwards',
      percent: '20',
      channels: { web: true },
      starts: '2030-03-10T00:00',
      ends: '2030-03-01T00:00',
    });
    await page.getByRole('alert').getByText('A code must end after it starts.').waitFor();
    expectError(await shop.admin('GET', '/v1/promo-codes/BACKWARDS'), 404, 'not_found');

    // An amount the currency cannot hold is the page's own refusal: nothing is sent.
    await create({ code: 'tenth', kind: 'Amount off', amount: '4,355', channels: { web: true } });
    expect(await textOf(page.getByRole('alert'))).toContain('write an amount such as 5, 5.50 or 5,50');
    expectError(await shop.admin('GET', '/v1/promo-codes/TENTH'), 404, 'not_found');

    expect((await listed()).map((code) => code.code)).toEqual(['BF10', 'SPRING', 'WELCOME']);
    expect(await page.locator('tr[data-promo-code]').count()).toBe(3);
    expect(tab.pageErrors).toEqual([]);
  });

  it('shows the use count move as orders use the code', async () => {
    for (const spelt of ['bf10', ' BF10 ']) {
      const order = body<Order>(await orderWith([spelt]), 201);
      expect(order.promo_codes).toEqual([{ code: 'BF10', discount: 129 }]);
    }
    await page.getByRole('button', { name: 'Refresh' }).click();
    await cellReads('BF10', columns.used, '2 / 100');
    const uses = row('BF10').getByRole('meter', { name: 'Uses of BF10' });
    expect(await uses.evaluate((meter) => (meter as any).value)).toBe(2);
    expect(tab.pageErrors).toEqual([]);
  });

  it('disables a code with a reason: orders are refused, the audit log and the row say who and why; enabled, it works again', async () => {
    const disable = row('BF10').getByRole('button', { name: 'Disable' });
    expect(await disable.isDisabled()).toBe(true);
    await row('BF10').getByLabel('Reason to disable BF10').fill('posted on a coupon forum');
    await disable.click();
    await cellReads(
      'BF10',
      columns.status,
      /^disabledby test admin, \d{1,2} \w{3} \d{4}, \d{2}:\d{2}:\d{2}: posted on a coupon forum$/,
    );
    expect(await promoCode('BF10')).toMatchObject({
      disabled: { by: 'test admin', reason: 'posted on a coupon forum' },
    });

    expect(expectError(await orderWith(['BF10']), 422, 'promo_code_inactive').details).toMatchObject({
      reason: 'disabled',
    });
    const [audit] = body<ApiPage<AuditEntry>>(await shop.admin('GET', '/v1/audit-log?limit=1'), 200).data;
    expect(audit).toMatchObject({
      actor_name: 'test admin',
      action: 'pricing.promo_code',
      target: 'BF10',
      reason: 'posted on a coupon forum',
      details: { disabled: true },
    });

    const enable = row('BF10').getByRole('button', { name: 'Enable' });
    expect(await enable.isDisabled()).toBe(true);
    await row('BF10').getByLabel('Reason to enable BF10').fill('forum post taken down');
    await enable.click();
    await cellReads('BF10', columns.status, 'active');
    await row('BF10').getByRole('button', { name: 'Disable' }).waitFor();
    expect((await promoCode('BF10')).disabled).toBeNull();
    body<Order>(await orderWith(['BF10']), 201);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await cellReads('BF10', columns.used, '3 / 100');
    const [enabled] = body<ApiPage<AuditEntry>>(await shop.admin('GET', '/v1/audit-log?limit=1'), 200).data;
    expect(enabled).toMatchObject({
      target: 'BF10',
      reason: 'forum post taken down',
      details: { disabled: false },
    });
    expect(tab.pageErrors).toEqual([]);
  });

  it('makes single-use codes on the page, downloaded as a CSV file whose codes orders take, and downloads them again', async () => {
    const asked: string[] = [];
    page.once('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.accept();
    });
    await row('WELCOME').getByLabel('Single-use codes to make from WELCOME').fill('5');
    const made = await downloaded(() =>
      row('WELCOME').getByRole('button', { name: 'Make single-use codes' }).click(),
    );
    expect(asked).toEqual([
      'Make 5 single-use codes from WELCOME? From then on WELCOME itself takes no order: only its single-use codes do, each once.',
    ]);
    expect(made.name).toBe('welcome-codes.csv');
    const [header, ...lines] = made.text.trimEnd().split('\n');
    expect(header).toBe('code,used');
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(line).toMatch(/^WELCOME-[0-9A-HJKMNP-TV-Z]{10},no$/);
    const codes = lines.map((line) => line.split(',')[0]!);
    expect(new Set(codes).size).toBe(5);
    expect(await textOf(row('WELCOME').locator('[data-batch-made]'))).toBe(
      '5 codes made, downloaded as welcome-codes.csv.',
    );

    // Each is good for one order; the template for none.
    const single = codes[2]!;
    const order = body<Order>(await orderWith([single.toLowerCase()], 3), 201);
    expect(order.promo_codes).toEqual([{ code: single, discount: 435 }]);
    expectError(await orderWith([single], 3), 409, 'promo_code_exhausted');
    expect(
      expectError(await orderWith(['WELCOME'], 3), 422, 'promo_code_not_applicable').details,
    ).toMatchObject({ reason: 'batch_template' });

    await page.getByRole('button', { name: 'Refresh' }).click();
    await cellReads('WELCOME', columns.used, 'batch: made 5, used 1Download the codes again');
    const again = await downloaded(() =>
      row('WELCOME').getByRole('link', { name: 'Download the codes again' }).click(),
    );
    expect(again.name).toBe('welcome-codes.csv');
    const usedNow = again.text.trimEnd().split('\n').slice(1);
    expect(usedNow.sort()).toEqual(codes.map((code) => `${code},${code === single ? 'yes' : 'no'}`).sort());
    expect(tab.pageErrors).toEqual([]);
  });
});
