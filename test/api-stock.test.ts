/** The HTTP contract of inventory: receipts, adjustments, the ledger, availability to promise, checkout holds. */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hold, Stock } from '../src/inventory/contract.js';
import { expireHolds } from '../src/inventory/holds.js';
import {
  atp,
  body,
  type Caller,
  expectError,
  expectLedgerMatchesStock,
  movementsOf,
  newSku,
  placed,
  placeOrder,
  stockByLocation,
  stockOf,
} from './support/api-helpers.js';
import { manualClock, openShop, type TestShop } from './support/shop.js';
import { engines } from './support/stores.js';

describe.each(engines)('inventory API on %s', (engine) => {
  let shop: TestShop;
  const clock = manualClock();
  beforeAll(async () => {
    shop = await openShop(engine, { clock });
  });
  afterAll(() => shop.close());

  describe('stock', () => {
    it('records a receipt: 201 with the stock per location, and a receipt movement with its reference', async () => {
      await newSku(shop, 'RCV-1');
      const first = body<Stock>(
        await shop.admin('POST', '/v1/stock/receipts', {
          sku: 'RCV-1',
          location: 'paris',
          quantity: 7,
          reference: 'PO-1234',
        }),
        201,
      );
      expect(first).toEqual({
        sku: 'RCV-1',
        on_hand: 7,
        reserved: 0,
        available: 7,
        locations: [{ location: 'paris', on_hand: 7, reserved: 0, available: 7 }],
        incoming: [],
        waiting: 0,
      });
      body(
        await shop.admin('POST', '/v1/stock/receipts', { sku: 'RCV-1', location: 'lyon', quantity: 2 }),
        201,
      );
      body(
        await shop.admin('POST', '/v1/stock/receipts', { sku: 'RCV-1', location: 'paris', quantity: 1 }),
        201,
      );
      const stock = await stockOf(shop, 'RCV-1');
      expect(stock).toMatchObject({ on_hand: 10, reserved: 0, available: 10 });
      expect(await stockByLocation(shop, 'RCV-1')).toEqual({ paris: [8, 0], lyon: [2, 0] });

      const movements = await expectLedgerMatchesStock(shop, 'RCV-1');
      expect(movements.map((m) => [m.kind, m.location, m.quantity, m.reference])).toEqual([
        ['receipt', 'paris', 7, 'PO-1234'],
        ['receipt', 'lyon', 2, null],
        ['receipt', 'paris', 1, null],
      ]);
    });

    it('refuses a receipt of an unknown SKU or at an unknown location, and a quantity below 1', async () => {
      expectError(
        await shop.admin('POST', '/v1/stock/receipts', { sku: 'NOPE', location: 'paris', quantity: 1 }),
        422,
        'unknown_sku',
      );
      expectError(
        await shop.admin('POST', '/v1/stock/receipts', { sku: 'TEE-M', location: 'mars', quantity: 1 }),
        422,
        'unknown_location',
      );
      expectError(
        await shop.admin('POST', '/v1/stock/receipts', { sku: 'TEE-M', location: 'paris', quantity: 0 }),
        400,
        'validation_failed',
      );
      expectError(
        await shop.admin('POST', '/v1/stock/receipts', { sku: 'TEE-M', location: 'paris', quantity: -3 }),
        400,
        'validation_failed',
      );
      expect(await stockByLocation(shop, 'TEE-M')).toEqual({ paris: [3, 0] });
    });

    it('answers the stock of a SKU never received as zero, and 404 for an unknown SKU', async () => {
      await newSku(shop, 'EMPTY-1');
      expect(await stockOf(shop, 'EMPTY-1')).toEqual({
        sku: 'EMPTY-1',
        on_hand: 0,
        reserved: 0,
        available: 0,
        locations: [],
        incoming: [],
        waiting: 0,
      });
      expect(await atp(shop, 'EMPTY-1', 'web')).toBe(0);
      expectError(await shop.admin('GET', '/v1/stock/NOPE'), 404, 'not_found');
      expectError(await shop.admin('GET', '/v1/stock/NOPE/movements'), 404, 'not_found');
    });

    it('adjusts on hand up and down with a reason written in the ledger', async () => {
      await newSku(shop, 'ADJ-1', { paris: 10 });
      const down = body<Stock>(
        await shop.admin('POST', '/v1/stock/adjustments', {
          sku: 'ADJ-1',
          location: 'paris',
          delta: -3,
          reason: 'broken in transit',
        }),
        201,
      );
      expect(down).toMatchObject({ on_hand: 7, reserved: 0, available: 7 });
      body(
        await shop.admin('POST', '/v1/stock/adjustments', {
          sku: 'ADJ-1',
          location: 'lyon',
          delta: 4,
          reason: 'found on count',
        }),
        201,
      );
      expect(await stockByLocation(shop, 'ADJ-1')).toEqual({ paris: [7, 0], lyon: [4, 0] });
      const movements = await expectLedgerMatchesStock(shop, 'ADJ-1');
      expect(movements.slice(1).map((m) => [m.kind, m.location, m.quantity, m.reason])).toEqual([
        ['adjustment', 'paris', -3, 'broken in transit'],
        ['adjustment', 'lyon', 4, 'found on count'],
      ]);
    });

    it('refuses an adjustment that would leave less on hand than is reserved, and changes nothing', async () => {
      await newSku(shop, 'ADJ-2', { paris: 5 });
      await placed(shop.storefront, [{ sku: 'ADJ-2', quantity: 4 }]);
      const before = await expectLedgerMatchesStock(shop, 'ADJ-2');
      const error = expectError(
        await shop.admin('POST', '/v1/stock/adjustments', {
          sku: 'ADJ-2',
          location: 'paris',
          delta: -2,
          reason: 'count',
        }),
        409,
        'insufficient_stock',
      );
      expect(error.details).toMatchObject({
        sku: 'ADJ-2',
        location: 'paris',
        on_hand: 5,
        reserved: 4,
        delta: -2,
      });
      expectError(
        await shop.admin('POST', '/v1/stock/adjustments', {
          sku: 'ADJ-2',
          location: 'lyon',
          delta: -1,
          reason: 'count',
        }),
        409,
        'insufficient_stock',
      );
      expect(await stockByLocation(shop, 'ADJ-2')).toEqual({ paris: [5, 4] });
      expect(await expectLedgerMatchesStock(shop, 'ADJ-2')).toEqual(before);
      // Down to exactly what is reserved is allowed.
      body(
        await shop.admin('POST', '/v1/stock/adjustments', {
          sku: 'ADJ-2',
          location: 'paris',
          delta: -1,
          reason: 'count',
        }),
        201,
      );
      expect(await stockByLocation(shop, 'ADJ-2')).toEqual({ paris: [4, 4] });
      expect(await atp(shop, 'ADJ-2', 'web')).toBe(0);
    });

    it('refuses an adjustment of 0, one without a reason, or at an unknown location', async () => {
      const adjust = (extra: Record<string, unknown>) =>
        shop.admin('POST', '/v1/stock/adjustments', {
          sku: 'TEE-M',
          location: 'paris',
          delta: 1,
          reason: 'x',
          ...extra,
        });
      expectError(await adjust({ delta: 0 }), 400, 'validation_failed');
      expectError(await adjust({ reason: '' }), 400, 'validation_failed');
      expectError(await adjust({ location: 'mars' }), 422, 'unknown_location');
      expectError(await adjust({ sku: 'NOPE' }), 422, 'unknown_sku');
      expect(await stockByLocation(shop, 'TEE-M')).toEqual({ paris: [3, 0] });
    });

    it('keeps the ledger summing to on hand through receipts, adjustments, orders, cancels and shipments', async () => {
      await newSku(shop, 'LEDGER-1', { paris: 6, lyon: 4 });
      await expectLedgerMatchesStock(shop, 'LEDGER-1');
      body(
        await shop.admin('POST', '/v1/stock/adjustments', {
          sku: 'LEDGER-1',
          location: 'lyon',
          delta: -1,
          reason: 'damaged',
        }),
        201,
      );
      const shippedOrder = await placed(shop.storefront, [{ sku: 'LEDGER-1', quantity: 8 }]);
      const cancelledOrder = await placed(shop.storefront, [{ sku: 'LEDGER-1', quantity: 1 }]);
      await expectLedgerMatchesStock(shop, 'LEDGER-1');
      expect(await stockOf(shop, 'LEDGER-1')).toMatchObject({ on_hand: 9, reserved: 9, available: 0 });

      body(await shop.storefront('POST', `/v1/orders/${cancelledOrder.id}/cancel`), 200);
      for (const to of ['paid', 'fulfilling', 'shipped']) {
        body(await shop.admin('POST', `/v1/orders/${shippedOrder.id}/transitions`, { to }), 200);
      }
      const stock = await stockOf(shop, 'LEDGER-1');
      expect(stock).toMatchObject({ on_hand: 1, reserved: 0, available: 1 });
      const movements = await expectLedgerMatchesStock(shop, 'LEDGER-1');
      const shipments = movements.filter((m) => m.kind === 'shipment');
      expect(shipments.reduce((total, m) => total + m.quantity, 0)).toBe(-8);
      for (const m of shipments) expect(m.reference).toBe(shippedOrder.number);

      body(
        await shop.admin('POST', '/v1/stock/receipts', { sku: 'LEDGER-1', location: 'paris', quantity: 5 }),
        201,
      );
      await expectLedgerMatchesStock(shop, 'LEDGER-1');
      expect((await stockOf(shop, 'LEDGER-1')).on_hand).toBe(6);
    });

    it('pages the ledger without gaps or repeats', async () => {
      await newSku(shop, 'LEDGER-2');
      for (let i = 1; i <= 7; i++) {
        body(
          await shop.admin('POST', '/v1/stock/receipts', {
            sku: 'LEDGER-2',
            location: i % 2 ? 'paris' : 'lyon',
            quantity: i,
          }),
          201,
        );
      }
      const whole = body<{ data: { id: number }[]; next_cursor: string | null }>(
        await shop.admin('GET', '/v1/stock/LEDGER-2/movements?limit=1000'),
        200,
      );
      expect(whole.data).toHaveLength(7);
      expect(whole.next_cursor).toBeNull();
      for (const limit of [1, 2, 3, 7]) {
        const paged = await movementsOf(shop, 'LEDGER-2', limit);
        expect(paged.map((m) => m.id)).toEqual(whole.data.map((m) => m.id));
      }
      await expectLedgerMatchesStock(shop, 'LEDGER-2');
    });
  });

  describe('availability to promise', () => {
    it('counts only the locations that ship for the channel', async () => {
      // MUG-BLUE: paris 10 (web, marketplace), lyon 5 (web); LAST-ONE: lyon 1 (web only).
      expect(await atp(shop, 'MUG-BLUE', 'web')).toBe(15);
      expect(await atp(shop, 'MUG-BLUE', 'marketplace')).toBe(10);
      expect(await atp(shop, 'LAST-ONE', 'web')).toBe(1);
      expect(await atp(shop, 'LAST-ONE', 'marketplace')).toBe(0);
      const error = expectError(
        await placeOrder(shop.storefront, [{ sku: 'LAST-ONE', quantity: 1 }], { channel: 'marketplace' }),
        409,
        'out_of_stock',
      );
      expect(error.details).toEqual({ lines: [{ sku: 'LAST-ONE', requested: 1, available: 0 }] });
    });

    it('follows the locations a channel ships from as soon as a location changes its channels', async () => {
      body(await shop.admin('PUT', '/v1/locations/lille', { name: 'Lille', channels: ['web'] }), 200);
      await newSku(shop, 'LOC-1', { paris: 2, lille: 5 });
      expect(await atp(shop, 'LOC-1', 'web')).toBe(7);
      expect(await atp(shop, 'LOC-1', 'marketplace')).toBe(2);
      body(await shop.admin('PUT', '/v1/locations/lille', { name: 'Lille', channels: ['marketplace'] }), 200);
      expect(await atp(shop, 'LOC-1', 'web')).toBe(2);
      expect(await atp(shop, 'LOC-1', 'marketplace')).toBe(7);
      const order = await placed(shop.storefront, [{ sku: 'LOC-1', quantity: 6 }], {
        channel: 'marketplace',
      });
      expect(order.status).toBe('placed');
      expect(await stockByLocation(shop, 'LOC-1')).toEqual({ paris: [2, 1], lille: [5, 5] });
      expect(await atp(shop, 'LOC-1', 'web')).toBe(1);
    });

    it('answers many SKUs at once, in the order asked', async () => {
      const answer = body(
        await shop.storefront('POST', '/v1/availability', {
          channel: 'marketplace',
          skus: ['TEE-M', 'LAST-ONE', 'MUG-BLUE'],
        }),
        200,
      );
      expect(answer).toEqual({
        channel: 'marketplace',
        data: [
          { sku: 'TEE-M', channel: 'marketplace', available: 3, backorder: null, incoming: [] },
          { sku: 'LAST-ONE', channel: 'marketplace', available: 0, backorder: null, incoming: [] },
          { sku: 'MUG-BLUE', channel: 'marketplace', available: 10, backorder: null, incoming: [] },
        ],
      });
    });

    it('holds back the channel buffer, never answering below 0, and only on that channel', async () => {
      await newSku(shop, 'BUF-1', { paris: 6, lyon: 2 });
      body(await shop.admin('PUT', '/v1/channels/marketplace/buffers/BUF-1', { quantity: 4 }), 200);
      expect(await atp(shop, 'BUF-1', 'marketplace')).toBe(2);
      expect(await atp(shop, 'BUF-1', 'web')).toBe(8);

      const refused = expectError(
        await placeOrder(shop.storefront, [{ sku: 'BUF-1', quantity: 3 }], { channel: 'marketplace' }),
        409,
        'out_of_stock',
      );
      expect(refused.details).toEqual({ lines: [{ sku: 'BUF-1', requested: 3, available: 2 }] });
      await placed(shop.storefront, [{ sku: 'BUF-1', quantity: 2 }], { channel: 'marketplace' });
      expect(await atp(shop, 'BUF-1', 'marketplace')).toBe(0);

      body(await shop.admin('PUT', '/v1/channels/marketplace/buffers/BUF-1', { quantity: 100 }), 200);
      expect(await atp(shop, 'BUF-1', 'marketplace')).toBe(0);
      const batch = body<{ data: { available: number }[] }>(
        await shop.storefront('POST', '/v1/availability', { channel: 'marketplace', skus: ['BUF-1'] }),
        200,
      );
      expect(batch.data[0]?.available).toBe(0);

      body(await shop.admin('PUT', '/v1/channels/marketplace/buffers/BUF-1', { quantity: 0 }), 200);
      expect(await atp(shop, 'BUF-1', 'marketplace')).toBe(4);
      expect(await atp(shop, 'BUF-1', 'web')).toBe(6);
    });

    it('is fresh: drops right after an order, rises right after a cancel', async () => {
      await newSku(shop, 'FRESH-1', { paris: 5, lyon: 3 });
      const before = await atp(shop, 'FRESH-1', 'web');
      expect(before).toBe(8);
      const order = await placed(shop.storefront, [{ sku: 'FRESH-1', quantity: 6 }]);
      expect(await atp(shop, 'FRESH-1', 'web')).toBe(2);
      expect(await atp(shop, 'FRESH-1', 'marketplace')).toBe(
        Math.max(0, 5 - (await stockByLocation(shop, 'FRESH-1')).paris![1]),
      );
      body(await shop.storefront('POST', `/v1/orders/${order.id}/cancel`), 200);
      expect(await atp(shop, 'FRESH-1', 'web')).toBe(8);
      expect(await atp(shop, 'FRESH-1', 'marketplace')).toBe(5);
    });

    it('answers up to 500 SKUs in one call and refuses 501', async () => {
      const skus = Array.from({ length: 501 }, (_, i) => `BULK-${String(i).padStart(3, '0')}`);
      // 501 SKUs through the API would cost seconds of commits; they are written in one statement.
      const now = clock.now();
      await shop.testStore.store.db
        .insertInto('skus')
        .values(
          skus.map((sku) => ({ sku, name: `Bulk ${sku}`, weight_g: null, created_at: now, updated_at: now })),
        )
        .execute();
      body(
        await shop.admin('POST', '/v1/stock/receipts', { sku: 'BULK-042', location: 'lyon', quantity: 9 }),
        201,
      );
      const answer = body<{ channel: string; data: { sku: string; available: number }[] }>(
        await shop.storefront('POST', '/v1/availability', { channel: 'web', skus: skus.slice(0, 500) }),
        200,
      );
      expect(answer.data.map((item) => item.sku)).toEqual(skus.slice(0, 500));
      expect(answer.data.filter((item) => item.available !== 0)).toEqual([
        { sku: 'BULK-042', channel: 'web', available: 9, backorder: null, incoming: [] },
      ]);
      expectError(
        await shop.storefront('POST', '/v1/availability', { channel: 'web', skus }),
        400,
        'validation_failed',
      );
    });

    it('answers 404 for an unknown SKU, 422 for an unknown channel or an unknown SKU in a batch', async () => {
      expectError(await shop.storefront('GET', '/v1/availability/NOPE?channel=web'), 404, 'not_found');
      const channel = expectError(
        await shop.storefront('GET', '/v1/availability/MUG-BLUE?channel=moon'),
        422,
        'unknown_channel',
      );
      expect(channel.details).toMatchObject({ channels: ['moon'] });
      const sku = expectError(
        await shop.storefront('POST', '/v1/availability', { channel: 'web', skus: ['MUG-BLUE', 'NOPE'] }),
        422,
        'unknown_sku',
      );
      expect(sku.details).toMatchObject({ skus: ['NOPE'] });
      expectError(await shop.storefront('GET', '/v1/availability/MUG-BLUE'), 400, 'validation_failed');
      expectError(
        await shop.storefront('POST', '/v1/availability', { channel: 'web', skus: [] }),
        400,
        'validation_failed',
      );
    });
  });

  describe('holds', () => {
    it('reserves stock for a checkout: 201 with id and expiry; availability drops at once', async () => {
      await newSku(shop, 'HOLD-1', { paris: 4, lyon: 2 });
      const now = clock.now();
      const hold = body<Hold>(
        await shop.storefront('POST', '/v1/holds', {
          channel: 'web',
          lines: [{ sku: 'HOLD-1', quantity: 5 }],
          ttl_s: 900,
        }),
        201,
      );
      expect(hold.id).toEqual(expect.any(String));
      expect(Date.parse(hold.expires_at)).toBe(now + 900_000);
      expect(hold.lines.reduce((total, line) => total + line.quantity, 0)).toBe(5);
      expect(await atp(shop, 'HOLD-1', 'web')).toBe(1);
      expect(await stockOf(shop, 'HOLD-1')).toMatchObject({ on_hand: 6, reserved: 5 });
      expect(body<Hold>(await shop.storefront('GET', `/v1/holds/${hold.id}`), 200)).toMatchObject({
        id: hold.id,
        status: 'active',
        channel: 'web',
      });
    });

    it('returns the stock on DELETE, exactly once: a second DELETE is 409 hold_not_active', async () => {
      await newSku(shop, 'HOLD-2', { paris: 3 });
      const hold = body<Hold>(
        await shop.storefront('POST', '/v1/holds', {
          channel: 'web',
          lines: [{ sku: 'HOLD-2', quantity: 2 }],
          ttl_s: 600,
        }),
        201,
      );
      expect(await atp(shop, 'HOLD-2', 'web')).toBe(1);
      const released = body<Hold>(await shop.storefront('DELETE', `/v1/holds/${hold.id}`), 200);
      expect(released.status).toBe('released');
      expect(await atp(shop, 'HOLD-2', 'web')).toBe(3);
      const again = expectError(
        await shop.storefront('DELETE', `/v1/holds/${hold.id}`),
        409,
        'hold_not_active',
      );
      expect(again.details).toMatchObject({ hold_id: hold.id, status: 'released' });
      expect(await atp(shop, 'HOLD-2', 'web')).toBe(3);
      expect(await stockOf(shop, 'HOLD-2')).toMatchObject({ on_hand: 3, reserved: 0 });
      expectError(await shop.storefront('DELETE', '/v1/holds/hold_nope'), 404, 'not_found');
      expectError(await shop.storefront('GET', '/v1/holds/hold_nope'), 404, 'not_found');
    });

    it('reserves all lines of a hold or none', async () => {
      await newSku(shop, 'HOLD-3A', { paris: 5 });
      await newSku(shop, 'HOLD-3B', { paris: 1 });
      const error = expectError(
        await shop.storefront('POST', '/v1/holds', {
          channel: 'web',
          lines: [
            { sku: 'HOLD-3A', quantity: 2 },
            { sku: 'HOLD-3B', quantity: 2 },
          ],
          ttl_s: 60,
        }),
        409,
        'out_of_stock',
      );
      expect(error.details).toEqual({ lines: [{ sku: 'HOLD-3B', requested: 2, available: 1 }] });
      expect(await atp(shop, 'HOLD-3A', 'web')).toBe(5);
      expect(await atp(shop, 'HOLD-3B', 'web')).toBe(1);
    });

    it('passes the held units to the order that names the hold, without counting them twice', async () => {
      await newSku(shop, 'HOLD-4', { paris: 5 });
      const hold = body<Hold>(
        await shop.storefront('POST', '/v1/holds', {
          channel: 'web',
          lines: [{ sku: 'HOLD-4', quantity: 3 }],
          ttl_s: 600,
        }),
        201,
      );
      expect(await atp(shop, 'HOLD-4', 'web')).toBe(2);
      const order = await placed(shop.storefront, [{ sku: 'HOLD-4', quantity: 3 }], { hold_id: hold.id });
      expect(order).toMatchObject({ status: 'placed', hold_id: hold.id });
      expect(await atp(shop, 'HOLD-4', 'web')).toBe(2);
      expect(await stockOf(shop, 'HOLD-4')).toMatchObject({ on_hand: 5, reserved: 3 });
      expect(body<Hold>(await shop.storefront('GET', `/v1/holds/${hold.id}`), 200).status).toBe('consumed');
      expectError(await shop.storefront('DELETE', `/v1/holds/${hold.id}`), 409, 'hold_not_active');
      expect(await stockOf(shop, 'HOLD-4')).toMatchObject({ on_hand: 5, reserved: 3 });

      // Cancelling the order returns its units once; the consumed hold gives nothing back again.
      body(await shop.storefront('POST', `/v1/orders/${order.id}/cancel`), 200);
      expect(await stockOf(shop, 'HOLD-4')).toMatchObject({ on_hand: 5, reserved: 0 });
      expect(await atp(shop, 'HOLD-4', 'web')).toBe(5);
    });

    it('lets an order with a hold take more than was held, all from the held units plus free stock', async () => {
      await newSku(shop, 'HOLD-5', { paris: 4 });
      const hold = body<Hold>(
        await shop.storefront('POST', '/v1/holds', {
          channel: 'web',
          lines: [{ sku: 'HOLD-5', quantity: 2 }],
          ttl_s: 600,
        }),
        201,
      );
      const short = expectError(
        await placeOrder(shop.storefront, [{ sku: 'HOLD-5', quantity: 5 }], { hold_id: hold.id }),
        409,
        'out_of_stock',
      );
      expect(short.details).toEqual({ lines: [{ sku: 'HOLD-5', requested: 5, available: 4 }] });
      // The refused order left the hold as it was.
      expect(body<Hold>(await shop.storefront('GET', `/v1/holds/${hold.id}`), 200).status).toBe('active');
      expect(await stockOf(shop, 'HOLD-5')).toMatchObject({ on_hand: 4, reserved: 2 });

      await placed(shop.storefront, [{ sku: 'HOLD-5', quantity: 4 }], { hold_id: hold.id });
      expect(await stockOf(shop, 'HOLD-5')).toMatchObject({ on_hand: 4, reserved: 4 });
      expect(await atp(shop, 'HOLD-5', 'web')).toBe(0);
    });

    // BUG (reported): placing an order with `hold_id` releases the held units to free stock and then
    // reserves the order like any other, so the channel's buffer and current locations apply again to
    // units that were already promised. Remove `.fails` once the hold's allocations pass to the order.
    it('gives the held units to the order even when a buffer was raised after the hold was taken', async () => {
      await newSku(shop, 'HOLD-8', { paris: 5 });
      const hold = body<Hold>(
        await shop.storefront('POST', '/v1/holds', {
          channel: 'web',
          lines: [{ sku: 'HOLD-8', quantity: 4 }],
          ttl_s: 600,
        }),
        201,
      );
      // Safety stock raised during the checkout: it holds back free units, not units already promised.
      body(await shop.admin('PUT', '/v1/channels/web/buffers/HOLD-8', { quantity: 3 }), 200);
      expect(await atp(shop, 'HOLD-8', 'web')).toBe(0);
      const response = await placeOrder(shop.storefront, [{ sku: 'HOLD-8', quantity: 4 }], {
        hold_id: hold.id,
      });
      expect(response.statusCode, response.body).toBe(201);
      expect(await stockOf(shop, 'HOLD-8')).toMatchObject({ on_hand: 5, reserved: 4 });
    });

    // BUG (reported), same cause as above.
    it('gives the held units to the order even when their location stopped shipping for the channel', async () => {
      body(await shop.admin('PUT', '/v1/locations/annecy', { name: 'Annecy', channels: ['web'] }), 200);
      await newSku(shop, 'HOLD-9', { annecy: 2 });
      const hold = body<Hold>(
        await shop.storefront('POST', '/v1/holds', {
          channel: 'web',
          lines: [{ sku: 'HOLD-9', quantity: 2 }],
          ttl_s: 600,
        }),
        201,
      );
      body(await shop.admin('PUT', '/v1/locations/annecy', { name: 'Annecy', channels: [] }), 200);
      const response = await placeOrder(shop.storefront, [{ sku: 'HOLD-9', quantity: 2 }], {
        hold_id: hold.id,
      });
      expect(response.statusCode, response.body).toBe(201);
      expect(await stockOf(shop, 'HOLD-9')).toMatchObject({ on_hand: 2, reserved: 2 });
    });

    it('refuses a hold on another channel than the order (422 unknown_hold), changing nothing', async () => {
      await newSku(shop, 'HOLD-6', { paris: 4 });
      const hold = body<Hold>(
        await shop.storefront('POST', '/v1/holds', {
          channel: 'marketplace',
          lines: [{ sku: 'HOLD-6', quantity: 1 }],
          ttl_s: 600,
        }),
        201,
      );
      expectError(
        await placeOrder(shop.storefront, [{ sku: 'HOLD-6', quantity: 1 }], { hold_id: hold.id }),
        422,
        'unknown_hold',
      );
      expectError(
        await placeOrder(shop.storefront, [{ sku: 'HOLD-6', quantity: 1 }], { hold_id: 'hold_nope' }),
        422,
        'unknown_hold',
      );
      expect(await stockOf(shop, 'HOLD-6')).toMatchObject({ on_hand: 4, reserved: 1 });
      expect(body<Hold>(await shop.storefront('GET', `/v1/holds/${hold.id}`), 200).status).toBe('active');
    });

    it('returns the stock of an expired hold once it is swept, and an expired hold cannot be released', async () => {
      await newSku(shop, 'HOLD-7', { lyon: 2 });
      const hold = body<Hold>(
        await shop.storefront('POST', '/v1/holds', {
          channel: 'web',
          lines: [{ sku: 'HOLD-7', quantity: 2 }],
          ttl_s: 30,
        }),
        201,
      );
      expect(await atp(shop, 'HOLD-7', 'web')).toBe(0);
      clock.advance(31_000);
      expect(await expireHolds(shop.ctx)).toBeGreaterThanOrEqual(1);
      expect(await atp(shop, 'HOLD-7', 'web')).toBe(2);
      expect(body<Hold>(await shop.storefront('GET', `/v1/holds/${hold.id}`), 200).status).toBe('expired');
      expectError(await shop.storefront('DELETE', `/v1/holds/${hold.id}`), 409, 'hold_not_active');
      expect(await stockOf(shop, 'HOLD-7')).toMatchObject({ on_hand: 2, reserved: 0 });
      // An order naming the expired hold takes free stock like any other.
      const order = await placed(shop.storefront, [{ sku: 'HOLD-7', quantity: 2 }], { hold_id: hold.id });
      expect(order.status).toBe('placed');
      expect(await stockOf(shop, 'HOLD-7')).toMatchObject({ on_hand: 2, reserved: 2 });
    });

    // BUG (reported): holds record the API key that took them, but reading, releasing and consuming a
    // hold never check it, unlike orders ("another's order is as good as absent"). Remove `.fails` once
    // a storefront key is limited to its own holds.
    it('keeps a storefront key away from the holds of another key', async () => {
      await newSku(shop, 'HOLD-10', { paris: 2 });
      const created = body<{ key: string }>(
        await shop.admin('POST', '/v1/api-keys', { name: 'other checkout', scopes: ['storefront'] }),
        201,
      );
      const other: Caller = (method, url, payload, headers = {}) =>
        shop.app.inject({
          method,
          url,
          headers: { authorization: `Bearer ${created.key}`, ...headers },
          ...(payload === undefined ? {} : { payload: payload as object }),
        });
      const hold = body<Hold>(
        await shop.storefront('POST', '/v1/holds', {
          channel: 'web',
          lines: [{ sku: 'HOLD-10', quantity: 2 }],
          ttl_s: 600,
        }),
        201,
      );
      expectError(await other('GET', `/v1/holds/${hold.id}`), 404, 'not_found');
      expectError(await other('DELETE', `/v1/holds/${hold.id}`), 404, 'not_found');
      expectError(
        await placeOrder(other, [{ sku: 'HOLD-10', quantity: 2 }], { hold_id: hold.id }),
        422,
        'unknown_hold',
      );
      expect(body<Hold>(await shop.storefront('GET', `/v1/holds/${hold.id}`), 200).status).toBe('active');
    });

    it('refuses a ttl out of bounds, and holds on unknown SKUs or channels', async () => {
      const hold = (extra: Record<string, unknown>) =>
        shop.storefront('POST', '/v1/holds', {
          channel: 'web',
          lines: [{ sku: 'TEE-M', quantity: 1 }],
          ttl_s: 60,
          ...extra,
        });
      expectError(await hold({ ttl_s: 0 }), 400, 'validation_failed');
      expectError(await hold({ ttl_s: 7201 }), 400, 'validation_failed');
      expectError(await hold({ channel: 'moon' }), 422, 'unknown_channel');
      expectError(await hold({ lines: [{ sku: 'NOPE', quantity: 1 }] }), 422, 'unknown_sku');
      expect(await stockByLocation(shop, 'TEE-M')).toEqual({ paris: [3, 0] });
    });
  });
});
