/**
 * Exports of orders, stock and the ledger, through the API and the command: streamed as CSV or JSON
 * Lines, they parse back to what the API says of the same orders and stock, narrowed by their
 * filters, and more than a page of rows comes whole and in order.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Option } from 'commander';
import { parse } from 'csv-parse/sync';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerExport, OrderLineExport, StockExport } from '../src/channels/exports/contract.js';
import { importHistory } from '../src/channels/index.js';
import { exportCommand, exportData } from '../src/cli/export.js';
import type { Reconciliation } from '../src/inventory/contract.js';
import type { Order } from '../src/orders/contract.js';
import { type PastOrder, recordPastOrders } from '../src/orders/index.js';
import { allOrders, body, expectError, movementsOf, placed } from './support/api-helpers.js';
import { captureOutput } from './support/output.js';
import { manualClock, openShop, type TestShop } from './support/shop.js';
import { engines } from './support/stores.js';

const sample = fileURLToPath(new URL('../scenarios/online-retail/sample.csv', import.meta.url));
const directory = mkdtempSync(join(tmpdir(), 'affluence-exports-'));
const startMs = Date.parse('2026-11-27T09:00:00Z');
const hourMs = 3_600_000;
const shopSkus = ['LAST-ONE', 'MUG-BLUE', 'TEE-M'];

/** What the export should hold for these orders, from the API's own answers. */
function linesOf(orders: readonly Order[]): OrderLineExport[] {
  return orders.flatMap((order) =>
    order.lines.map((line, index) => ({
      order_id: order.id,
      order_number: order.number,
      external_id: order.external_id,
      channel: order.channel,
      status: order.status,
      placed_at: order.created_at,
      currency: order.currency,
      customer_email: order.customer.email,
      line_no: index + 1,
      sku: line.sku,
      quantity: line.quantity,
      unit_price_minor: line.unit_price,
      line_total_minor: line.total,
      tax_rate_bp: line.tax_rate_bp,
      line_tax_minor: line.tax,
      order_total_minor: order.total,
      order_tax_total_minor: order.tax_total,
    })),
  );
}

/** CSV cells are text: a row as CSV gives it back, an empty cell for null. */
function asCsv(row: object): Record<string, string> {
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => [key, value === null ? '' : String(value)]),
  );
}

const byLine = (a: OrderLineExport, b: OrderLineExport) =>
  a.order_id.localeCompare(b.order_id) || a.line_no - b.line_no;

function csvRows(response: LightMyRequestResponse): Record<string, string>[] {
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
  return parse(response.body, { columns: true });
}

function jsonRows<T>(response: LightMyRequestResponse): T[] {
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toBe('application/x-ndjson');
  expect(response.body.endsWith('\n') || response.body === '').toBe(true);
  return response.body
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as T);
}

describe.each(engines)('exports on %s', (engine) => {
  const output = captureOutput();
  const clock = manualClock(startMs);
  let shop: TestShop;
  const exported = (path: string) => shop.admin('GET', `/v1/exports/${path}`);

  beforeAll(async () => {
    shop = await openShop(engine, { clock });
    // Three orders an hour apart, the last one cancelled; a checkout hold; a damaged mug.
    await placed(shop.storefront, [
      { sku: 'MUG-BLUE', quantity: 2 },
      { sku: 'TEE-M', quantity: 1 },
    ]);
    clock.advance(hourMs);
    await placed(shop.storefront, [{ sku: 'MUG-BLUE', quantity: 1 }], { channel: 'marketplace' });
    clock.advance(hourMs);
    const last = await placed(shop.storefront, [{ sku: 'LAST-ONE', quantity: 1 }]);
    body(await shop.admin('POST', `/v1/orders/${last.id}/cancel`), 200);
    body(
      await shop.storefront('POST', '/v1/holds', {
        channel: 'web',
        lines: [{ sku: 'TEE-M', quantity: 1 }],
        ttl_s: 600,
      }),
      201,
    );
    body(
      await shop.admin('POST', '/v1/stock/adjustments', {
        sku: 'MUG-BLUE',
        location: 'lyon',
        delta: -1,
        reason: 'damaged',
      }),
      201,
    );
    // A history on a GBP channel: 1,719 SKUs, so the shop's own (after them in code order) are on
    // the second page of SKUs; and 1,000 past orders more, so that its orders fill two pages.
    body(await shop.admin('PUT', '/v1/channels/uk', { name: 'UK shop', currency: 'GBP' }), 200);
    const history = await importHistory(shop.ctx, sample, { channel: 'uk', dryRun: false });
    expect(history.ok).toBe(true);
    const past = Array.from(
      { length: 1_000 },
      (_, index): PastOrder => ({
        id: shop.ctx.newId('ord'),
        channel: 'uk',
        externalId: `P${index}`,
        status: 'delivered',
        currency: 'GBP',
        customerEmail: 'guest@history.invalid',
        shippingAddress: { name: 'Guest', line1: '', city: '', postal_code: '', country: 'GB' },
        lines: [{ sku: '23166', quantity: 1 + (index % 3), unitPriceMinor: 125 }],
        // Four orders an instant: a page may end between orders placed at the same instant.
        placedAtMs: Date.parse('2012-01-02T10:00:00Z') + Math.floor(index / 4) * 60_000,
        updatedAtMs: Date.parse('2012-01-02T10:00:00Z'),
      }),
    );
    await shop.ctx.store.transaction((tx) => recordPastOrders(tx, past, clock.now()));
  });
  afterAll(async () => {
    await shop.close();
    if (engine === engines[engines.length - 1]) rmSync(directory, { recursive: true, force: true });
  });

  it('exports orders as CSV, one row per order line, that parse back to the orders the API lists', async () => {
    const response = await exported('orders');
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="affluence-orders-2026-11-27.csv"',
    );
    const [headerLine] = response.body.split('\n');
    expect(headerLine).toBe(
      'order_id,order_number,external_id,channel,status,placed_at,currency,customer_email,line_no,sku,quantity,unit_price_minor,line_total_minor,tax_rate_bp,line_tax_minor,order_total_minor,order_tax_total_minor',
    );
    const rows = csvRows(response);
    const expected = linesOf(await allOrders(shop.admin)).sort(byLine);
    expect(rows).toHaveLength(expected.length);
    expect(
      [...rows].sort(
        (a, b) => a.order_id!.localeCompare(b.order_id!) || Number(a.line_no) - Number(b.line_no),
      ),
    ).toEqual(expected.map(asCsv));
  });

  it('exports the same rows as JSON Lines, with their types', async () => {
    const response = await exported('orders?format=jsonl&channel=web');
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="affluence-orders-2026-11-27.jsonl"',
    );
    const rows = jsonRows<OrderLineExport>(response);
    expect(rows).toEqual(linesOf(await allOrders(shop.admin, { channel: 'web' })));
    expect(rows.map((row) => [row.sku, row.quantity, row.status])).toEqual([
      ['MUG-BLUE', 2, 'placed'],
      ['TEE-M', 1, 'placed'],
      ['LAST-ONE', 1, 'cancelled'],
    ]);
    expect(rows[0]).toMatchObject({ currency: 'EUR', line_total_minor: 2_580, tax_rate_bp: 2_000 });
  });

  it('narrows orders by channel and by placing time, and refuses a wrong filter before the first byte', async () => {
    const marketplace = jsonRows<OrderLineExport>(await exported('orders?format=jsonl&channel=marketplace'));
    expect(marketplace.map((row) => [row.channel, row.sku, row.placed_at])).toEqual([
      ['marketplace', 'MUG-BLUE', new Date(startMs + hourMs).toISOString()],
    ]);
    const from = new Date(startMs + hourMs / 2).toISOString();
    const to = new Date(startMs + hourMs).toISOString();
    expect(jsonRows(await exported(`orders?format=jsonl&from=${from}&to=${to}`))).toEqual([]);
    const until = new Date(startMs + hourMs + 1).toISOString();
    expect(jsonRows<OrderLineExport>(await exported(`orders?format=jsonl&from=${from}&to=${until}`))).toEqual(
      marketplace,
    );
    // An export with no row is still a CSV file: its header.
    expect(csvRows(await exported(`orders?channel=marketplace&to=${from}`))).toEqual([]);
    expectError(await exported(`orders?from=${to}&to=${from}`), 400, 'validation_failed');
    expectError(await exported('orders?channel=nope'), 422, 'unknown_channel');
    expectError(await exported('orders?format=xlsx'), 400, 'validation_failed');
    expectError(await shop.storefront('GET', '/v1/exports/orders'), 403, 'forbidden');
  });

  it('exports more than a page of orders whole, oldest first', async () => {
    const rows = jsonRows<OrderLineExport>(await exported('orders?format=jsonl&channel=uk'));
    const orders = await allOrders(shop.admin, { channel: 'uk' });
    expect(orders).toHaveLength(1_185);
    expect(new Set(rows.map((row) => row.order_id)).size).toBe(1_185);
    expect([...rows].sort(byLine)).toEqual(linesOf(orders).sort(byLine));
    const placedAt = rows.map((row) => row.placed_at);
    expect(placedAt).toEqual([...placedAt].sort());
  });

  it('exports stock per SKU and location, allocated to open orders apart from checkout holds', async () => {
    const response = await exported('stock?format=jsonl');
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="affluence-stock-2026-11-27.jsonl"',
    );
    const rows = jsonRows<StockExport>(response);
    // The history's SKUs have no stock: only the shop's own have rows, found on the second page of SKUs.
    expect(rows.map((row) => `${row.sku}@${row.location}`)).toEqual([
      'LAST-ONE@lyon',
      'MUG-BLUE@lyon',
      'MUG-BLUE@paris',
      'TEE-M@paris',
    ]);
    for (const sku of shopSkus) {
      const audit = body<Reconciliation>(await shop.admin('GET', `/v1/stock/${sku}/reconciliation`), 200);
      for (const location of audit.locations) {
        expect(rows.find((row) => row.sku === sku && row.location === location.location)).toEqual({
          sku,
          location: location.location,
          on_hand: location.on_hand,
          reserved: location.reserved,
          allocated: location.reserved_by_orders,
          available: location.on_hand - location.reserved,
        });
      }
    }
    // The tee: one unit for the first order, one for the hold.
    expect(rows.find((row) => row.sku === 'TEE-M')).toMatchObject({
      reserved: 2,
      allocated: 1,
      available: 1,
    });
    expect(csvRows(await exported('stock')).map((row) => row.available)).toEqual(
      rows.map((row) => String(row.available)),
    );
  });

  it('exports the ledger by SKU, summing to stock on hand; narrowed to one SKU and a period', async () => {
    const rows = jsonRows<LedgerExport>(await exported('ledger?format=jsonl'));
    const expected = [];
    for (const sku of shopSkus) expected.push(...(await movementsOf(shop, sku, 100)));
    expect(rows).toEqual(expected);
    const stock = jsonRows<StockExport>(await exported('stock?format=jsonl'));
    for (const row of stock) {
      const ledger = rows.filter(
        (movement) => movement.sku === row.sku && movement.location === row.location,
      );
      expect(
        ledger.reduce((total, movement) => total + movement.quantity, 0),
        `${row.sku}@${row.location}`,
      ).toBe(row.on_hand);
    }
    const mugs = jsonRows<LedgerExport>(await exported('ledger?format=jsonl&sku=MUG-BLUE'));
    expect(mugs).toEqual(rows.filter((row) => row.sku === 'MUG-BLUE'));
    const from = new Date(startMs + hourMs).toISOString();
    expect(csvRows(await exported(`ledger?sku=MUG-BLUE&from=${from}`))).toEqual([
      expect.objectContaining({
        sku: 'MUG-BLUE',
        location: 'lyon',
        kind: 'adjustment',
        quantity: '-1',
        reason: 'damaged',
      }),
    ]);
    expectError(await exported('ledger?sku=NOPE'), 422, 'unknown_sku');
  });

  it('writes the same file from the command line, to a file or to stdout', async () => {
    const db = shop.testStore.location;
    const out = join(directory, `ledger-${engine}.csv`);
    await exportData(db, 'ledger', { format: 'csv', out });
    const api = await exported('ledger');
    expect(readFileSync(out, 'utf8')).toBe(api.body);
    expect(output.err()).toContain(`${csvRows(api).length} rows exported to ${out}.`);

    await exportData(db, 'orders', { format: 'jsonl', channel: 'marketplace' });
    expect(output.out()).toBe((await exported('orders?format=jsonl&channel=marketplace')).body);

    await expect(
      exportCommand(new Option('--db <location>')).parseAsync(['stock', '--sku', 'TEE-M', '--db', db], {
        from: 'user',
      }),
    ).rejects.toThrow('--sku narrows the ledger export, not stock');
    await expect(exportData(db, 'orders', { format: 'csv', channel: 'nope' })).rejects.toThrow(
      'No channel nope.',
    );
  });
});
