/**
 * `affluence import history`, through the function the command runs, on the repository's slice of
 * the UCI Online Retail history (scenarios/online-retail), read back through the API: what it reads,
 * creates and skips, known invoices as orders, cancellations, a second import (gzipped) creating
 * nothing, and a malformed file refused whole.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importHistoryFile } from '../src/cli/import-history.js';
import type { Stock } from '../src/inventory/contract.js';
import type { Order, OrderEvent } from '../src/orders/contract.js';
import { allOrders, body } from './support/api-helpers.js';
import { captureOutput } from './support/output.js';
import { openShop, type TestShop } from './support/shop.js';
import { engines } from './support/stores.js';

const sample = fileURLToPath(new URL('../scenarios/online-retail/sample.csv', import.meta.url));
const sampleText = readFileSync(sample, 'utf8');
const [header, ...sampleLines] = sampleText.trimEnd().split('\n');
const directory = mkdtempSync(join(tmpdir(), 'affluence-history-'));

function file(name: string, text: string | Buffer): string {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
}

/** A report line: its name, its figure (as printed, with thousands separators), and what follows. */
function reported(name: string, figure: string, detail = ''): RegExp {
  return new RegExp(`\\n  ${name} +${figure}  ${detail}`);
}

describe.each(engines)('affluence import history on %s', (engine) => {
  const output = captureOutput();
  let shop: TestShop;
  let db: string;
  const ordersOn = (channel: string) => allOrders(shop.admin, { channel });
  const ofCustomer = async (customer: string) =>
    (await allOrders(shop.admin, { q: `${customer}@history.invalid` })).filter(
      (order) => order.channel === 'uk',
    );

  beforeAll(async () => {
    shop = await openShop(engine);
    db = shop.testStore.location;
    for (const code of ['uk', 'uk-again', 'uk-bad'])
      body(await shop.admin('PUT', `/v1/channels/${code}`, { name: `UK ${code}`, currency: 'GBP' }), 200);
  });
  afterAll(async () => {
    await shop.close();
    if (engine === engines[engines.length - 1]) rmSync(directory, { recursive: true, force: true });
  });

  it('refuses a channel that sells in another currency or does not exist, writing nothing', async () => {
    // The shop's first channel, the default, sells in EUR.
    await expect(importHistoryFile(db, sample, { dryRun: false })).rejects.toThrow(
      /The history is in GBP and channel \w+ sells in EUR: amounts in two currencies would be mixed/,
    );
    await expect(importHistoryFile(db, sample, { channel: 'web', dryRun: false })).rejects.toThrow(
      /channel web sells in EUR/,
    );
    await expect(importHistoryFile(db, sample, { channel: 'nope', dryRun: false })).rejects.toThrow(
      'No channel nope.',
    );
    expect(await ordersOn('web')).toEqual([]);
  });

  it('on a dry run reads every line and says what it would import, writing nothing', async () => {
    await importHistoryFile(db, sample, { channel: 'uk', dryRun: true });
    expect(output.out()).toContain(`History of ${sample} on channel uk (dry run: nothing written):`);
    expect(output.out()).toMatch(reported('orders would be created', '185', '2 of them cancelled'));
    expect(output.out()).toMatch(reported('SKUs would be created', '1,719'));
    expect(await ordersOn('uk')).toEqual([]);
    expect(body<{ data: unknown[] }>(await shop.admin('GET', '/v1/skus?q=23166'), 200).data).toEqual([]);
  });

  it('imports the invoices as orders, says what it read, created and skipped, and why', async () => {
    await importHistoryFile(db, sample, { channel: 'uk', dryRun: false });
    const out = output.out();
    expect(output.err()).toMatch(/checking \[█+\] 100%/);
    expect(output.err()).toMatch(/writing {2}\[█+\] 100% \| 185 invoices/);
    expect(out).toMatch(reported('invoices read', '244', '203 sales, 38 cancellations, 3 adjustments'));
    expect(out).toMatch(reported('orders created', '185', '2 of them cancelled'));
    expect(out).toMatch(reported('already imported', '0'));
    expect(out).toMatch(reported('sales without goods', '18'));
    expect(out).toMatch(
      reported('cancellations applied', '2', 'already applied 0; without a matching order 36'),
    );
    expect(out).toMatch(reported('lines read', '4,880', '4,748 on orders, 83 on cancellations, 49 skipped'));
    expect(out).toMatch(
      reported('skipped by reason', '49', 'adjustment 3, non_product 29, negative_quantity 9, zero_price 8'),
    );
    expect(out).toMatch(reported('skipped by code', '32', 'POST 13, DOT 11, M 3, B 3, C2 1, BANK CHARGES 1'));
    expect(out).toMatch(reported('SKUs created', '1,719'));

    const orders = await ordersOn('uk');
    expect(orders).toHaveLength(185);
    expect(orders.filter((order) => order.status === 'delivered')).toHaveLength(183);
    expect(orders.every((order) => order.currency === 'GBP' && order.tax_total === 0)).toBe(true);
    expect(orders.reduce((lines, order) => lines + order.lines.length, 0)).toBe(4_748);
  });

  it('makes an invoice an order placed at its London time, cancelled by the cancellation that credits it whole', async () => {
    // 74,215 storage jars at £1.04, credited in full 16 minutes later.
    const [jars] = await ofCustomer('12346');
    expect(jars).toMatchObject({
      external_id: '541431',
      status: 'cancelled',
      currency: 'GBP',
      total: 7_718_360,
      tax_total: 0,
      taxes: [],
      customer: { email: '12346@history.invalid', name: null },
      shipping_address: { name: 'Customer 12346', country: 'GB' },
      lines: [{ sku: '23166', quantity: 74_215, unit_price: 104, total: 7_718_360, tax_rate_bp: 0, tax: 0 }],
      created_at: '2011-01-18T10:01:00.000Z',
      updated_at: '2011-01-18T10:17:00.000Z',
    });
    const events = body<{ data: OrderEvent[] }>(
      await shop.admin('GET', `/v1/orders/${jars!.id}/events`),
      200,
    );
    expect(events.data).toMatchObject([
      { type: 'order.imported', payload: { external_id: '541431', status: 'cancelled', total: 7_718_360 } },
    ]);

    // In summer time (BST), an hour ahead of UTC; its lines in the file's order.
    const [summer] = (await ofCustomer('13158')).filter((order) => order.external_id === '563095');
    expect(summer).toMatchObject({
      status: 'delivered',
      total: 30_534,
      created_at: '2011-08-12T08:04:00.000Z',
    });

    // An invoice whose lines the file interleaves with another's is one order all the same.
    const [interleaved] = (await ofCustomer('12836')).filter((order) => order.external_id === '542806');
    expect(interleaved).toMatchObject({
      status: 'delivered',
      total: 84_669,
      created_at: '2011-02-01T11:19:00.000Z',
    });
    expect(interleaved!.lines).toHaveLength(39);
  });

  it('creates the SKUs it sells, named after their description, and moves no stock', async () => {
    const sku = body<{ name: string; weight_g: number | null; prices: Record<string, number> }>(
      await shop.admin('GET', '/v1/skus/23166'),
      200,
    );
    expect(sku).toMatchObject({ name: 'MEDIUM CERAMIC TOP STORAGE JAR', weight_g: null, prices: {} });
    // Lower-case suffixes are the same articles: one SKU, in upper case.
    body(await shop.admin('GET', '/v1/skus/85049A'), 200);
    expect(body<Stock>(await shop.admin('GET', '/v1/stock/23166'), 200)).toMatchObject({
      on_hand: 0,
      reserved: 0,
    });
    expect(body<{ data: unknown[] }>(await shop.admin('GET', '/v1/stock/23166/movements'), 200).data).toEqual(
      [],
    );
  });

  it('imports it again, gzipped: nothing is created, everything is already there', async () => {
    const before = await ordersOn('uk');
    await importHistoryFile(db, file('again.csv.gz', gzipSync(sampleText)), { channel: 'uk', dryRun: false });
    const out = output.out();
    expect(out).toMatch(reported('orders created', '0'));
    expect(out).toMatch(reported('already imported', '185'));
    expect(out).toMatch(
      reported('cancellations applied', '0', 'already applied 2; without a matching order 36'),
    );
    expect(out).toMatch(reported('SKUs created', '0'));
    expect(await ordersOn('uk')).toEqual(before);
  });

  it('cancels an order an earlier file brought without its cancellation', async () => {
    const jarsOnly = sampleLines.filter((line) => line.startsWith('541431,'));
    await importHistoryFile(db, file('jars.csv', `${header}\n${jarsOnly.join('\n')}\n`), {
      channel: 'uk-again',
      dryRun: false,
    });
    const [delivered] = await ordersOn('uk-again');
    expect(delivered).toMatchObject({ external_id: '541431', status: 'delivered' });

    await importHistoryFile(db, sample, { channel: 'uk-again', dryRun: false });
    expect(output.out()).toMatch(reported('orders created', '184', '1 of them cancelled'));
    expect(output.out()).toMatch(reported('cancellations applied', '2', 'already applied 0'));
    const cancelled = body<Order>(await shop.admin('GET', `/v1/orders/${delivered!.id}`), 200);
    expect(cancelled).toMatchObject({ status: 'cancelled', updated_at: '2011-01-18T10:17:00.000Z' });
    const events = body<{ data: OrderEvent[] }>(
      await shop.admin('GET', `/v1/orders/${delivered!.id}/events`),
      200,
    );
    expect(events.data.map((event) => [event.type, event.payload])).toEqual([
      ['order.imported', expect.objectContaining({ status: 'delivered' })],
      ['order.cancelled', { from: 'delivered', to: 'cancelled', reference: 'C541433' }],
    ]);
  });

  it('refuses a malformed file whole, each error by line and column', async () => {
    const lines = sampleLines.slice(0, 8);
    lines[0] = lines[0]!.replace(',144,', ',1.5,');
    lines[4] = lines[4]!.replace('2011-01-18', '18/01/2011');
    const bad = file('bad.csv', `${header}\n${lines.join('\n')}\n`);
    await expect(importHistoryFile(db, bad, { channel: 'uk-bad', dryRun: false })).rejects.toThrow(
      `Nothing imported: 2 error(s) in ${bad}.`,
    );
    expect(output.err()).toContain(`${bad}:2: Quantity: Quantity is a whole number of units`);
    expect(output.err()).toContain(
      `${bad}:6: InvoiceDate: InvoiceDate must be YYYY-MM-DD HH:MM:SS, London time`,
    );

    const headless = file('headless.csv', `InvoiceNo,StockCode,Quantity\n536365,85123A,6\n`);
    await expect(importHistoryFile(db, headless, { channel: 'uk-bad', dryRun: false })).rejects.toThrow(
      'Nothing imported: 1 error(s)',
    );
    expect(output.err()).toMatch(
      /:1: header: The header must name .*; missing Description, InvoiceDate, UnitPrice/,
    );
    expect(await ordersOn('uk-bad')).toEqual([]);
  });
});
