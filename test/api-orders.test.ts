/** The HTTP contract of orders: capture (idempotent, all or nothing), money, the order process, listing. */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Order } from '../src/orders/contract.js';
import {
  allOrders,
  atp,
  body,
  type Caller,
  eventsAfter,
  eventsEnd,
  expectError,
  expectLedgerMatchesStock,
  newKey,
  newSku,
  placed,
  placeOrder,
  stockByLocation,
  walk,
} from './support/api-helpers.js';
import { address, manualClock, openShop, orderBody, type TestShop } from './support/shop.js';
import { engines } from './support/stores.js';

describe.each(engines)('orders API on %s', (engine) => {
  let shop: TestShop;
  let otherStorefront: Caller;
  const clock = manualClock(Date.parse('2026-11-27T08:00:00.000Z'));
  beforeAll(async () => {
    shop = await openShop(engine, { clock });
    const key = body<{ key: string }>(
      await shop.admin('POST', '/v1/api-keys', { name: 'another storefront', scopes: ['storefront'] }),
      201,
    ).key;
    otherStorefront = (method, url, payload, headers = {}) =>
      shop.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${key}`, ...headers },
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
  });
  afterAll(() => shop.close());

  /** What a client could notice changing: stock of the SKUs, the orders list, the events feed. */
  async function snapshot(skus: string[]) {
    return {
      stock: await Promise.all(skus.map((sku) => stockByLocation(shop, sku))),
      orders: (await allOrders(shop.admin)).map((order) => [order.id, order.status]),
      events: await eventsEnd(shop),
    };
  }

  describe('placing an order', () => {
    it('answers 201 with the order: number, status placed, currency and totals from the channel', async () => {
      const response = await placeOrder(
        shop.storefront,
        [
          { sku: 'MUG-BLUE', quantity: 2 },
          { sku: 'TEE-M', quantity: 1 },
        ],
        { external_id: 'SHOP-1001' },
      );
      const order = body<Order>(response, 201);
      expect(response.headers['idempotent-replayed']).toBeUndefined();
      expect(order).toEqual({
        id: expect.any(String),
        number: expect.stringMatching(/^AF\d{7}$/),
        status: 'placed',
        channel: 'web',
        external_id: 'SHOP-1001',
        customer: { email: 'camille@example.fr', name: 'Camille' },
        shipping_address: address,
        currency: 'EUR',
        total: 2 * 1290 + 2500,
        // 50.80 including 20 % VAT holds 8.47 (8.466…), shared between the lines by their totals.
        tax_total: 847,
        taxes: [{ rate_bp: 2000, base: 5080 - 847, tax: 847 }],
        lines: [
          {
            sku: 'MUG-BLUE',
            quantity: 2,
            unit_price: 1290,
            total: 2580,
            tax_rate_bp: 2000,
            tax: 430,
            sale_id: null,
            discount: 0,
            backordered: 0,
            promised_on: null,
          },
          {
            sku: 'TEE-M',
            quantity: 1,
            unit_price: 2500,
            total: 2500,
            tax_rate_bp: 2000,
            tax: 417,
            sale_id: null,
            discount: 0,
            backordered: 0,
            promised_on: null,
          },
        ],
        hold_id: null,
        promo_codes: [],
        discount_total: 0,
        created_at: new Date(clock.now()).toISOString(),
        updated_at: new Date(clock.now()).toISOString(),
      });
      expect(body<Order>(await shop.storefront('GET', `/v1/orders/${order.id}`), 200)).toEqual(order);
      expect(body<Order>(await shop.admin('GET', `/v1/orders/${order.id}`), 200)).toEqual(order);
      expect((await stockByLocation(shop, 'TEE-M')).paris).toEqual([3, 1]);
    });

    it('gives each order its own number', async () => {
      await newSku(shop, 'NUM-1', { paris: 10 });
      const orders = [];
      for (let i = 0; i < 3; i++) orders.push(await placed(shop.storefront, [{ sku: 'NUM-1', quantity: 1 }]));
      expect(new Set(orders.map((order) => order.number)).size).toBe(3);
      expect(new Set(orders.map((order) => order.id)).size).toBe(3);
      const sorted = [...orders.map((order) => order.number)].sort();
      expect(orders.map((order) => order.number)).toEqual(sorted);
    });

    it('splits a line over the locations that ship for the channel when one cannot serve it', async () => {
      await newSku(shop, 'SPLIT-1', { paris: 4, lyon: 3 });
      const order = await placed(shop.storefront, [{ sku: 'SPLIT-1', quantity: 6 }]);
      expect(order.lines).toEqual([
        {
          sku: 'SPLIT-1',
          quantity: 6,
          unit_price: 1000,
          total: 6000,
          tax_rate_bp: 2000,
          tax: 1000,
          sale_id: null,
          discount: 0,
          backordered: 0,
          promised_on: null,
        },
      ]);
      const stock = await stockByLocation(shop, 'SPLIT-1');
      expect(stock.paris![1] + stock.lyon![1]).toBe(6);
      expect(await atp(shop, 'SPLIT-1', 'web')).toBe(1);
    });

    it('prices with the channel of the order, in its currency, exactly in minor units', async () => {
      body(await shop.admin('PUT', '/v1/channels/uk', { name: 'UK shop', currency: 'GBP' }), 200);
      body(await shop.admin('PUT', '/v1/locations/london', { name: 'London', channels: ['uk'] }), 200);
      await newSku(shop, 'PRICE-1', { paris: 50, london: 50 }, { web: 333, marketplace: 999_999, uk: 1 });
      await newSku(shop, 'PRICE-2', { paris: 50, london: 50 }, { web: 1, marketplace: 7, uk: 1_000_000_000 });

      const web = await placed(shop.storefront, [
        { sku: 'PRICE-1', quantity: 3 },
        { sku: 'PRICE-2', quantity: 7 },
      ]);
      expect(web).toMatchObject({ currency: 'EUR', total: 3 * 333 + 7 });
      const marketplace = await placed(
        shop.storefront,
        [
          { sku: 'PRICE-1', quantity: 10 },
          { sku: 'PRICE-2', quantity: 1 },
        ],
        { channel: 'marketplace' },
      );
      expect(marketplace).toMatchObject({ currency: 'EUR', total: 9_999_997 });
      expect(marketplace.lines.map((line) => [line.unit_price, line.total])).toEqual([
        [999_999, 9_999_990],
        [7, 7],
      ]);
      const uk = await placed(
        shop.storefront,
        [
          { sku: 'PRICE-2', quantity: 9 },
          { sku: 'PRICE-1', quantity: 1 },
        ],
        { channel: 'uk' },
      );
      expect(uk).toMatchObject({ channel: 'uk', currency: 'GBP', total: 9_000_000_001 });
      expect(Number.isInteger(uk.total)).toBe(true);
      for (const order of [web, marketplace, uk]) {
        expect(order.total).toBe(order.lines.reduce((sum, line) => sum + line.quantity * line.unit_price, 0));
        for (const line of order.lines) expect(line.total).toBe(line.quantity * line.unit_price);
      }
    });

    it('keeps the price an order was placed at when the price changes later', async () => {
      await newSku(shop, 'PRICE-3', { paris: 10 }, { web: 1500 });
      const before = await placed(shop.storefront, [{ sku: 'PRICE-3', quantity: 2 }]);
      body(await shop.admin('PUT', '/v1/skus/PRICE-3', { name: 'Price 3', prices: { web: 1750 } }), 200);
      const after = await placed(shop.storefront, [{ sku: 'PRICE-3', quantity: 2 }]);
      expect(after.total).toBe(3500);
      const reread = body<Order>(await shop.storefront('GET', `/v1/orders/${before.id}`), 200);
      expect(reread.total).toBe(3000);
      expect(reread.lines[0]?.unit_price).toBe(1500);
    });

    it('refuses a SKU without a price on the channel (422 price_missing) and changes nothing', async () => {
      await newSku(shop, 'NOPRICE-1', { paris: 5 }, { web: 100 });
      const before = await snapshot(['NOPRICE-1', 'MUG-BLUE']);
      const error = expectError(
        await placeOrder(
          shop.storefront,
          [
            { sku: 'MUG-BLUE', quantity: 1 },
            { sku: 'NOPRICE-1', quantity: 1 },
          ],
          { channel: 'marketplace' },
        ),
        422,
        'price_missing',
      );
      expect(error.details).toMatchObject({ skus: ['NOPRICE-1'] });
      expect(await snapshot(['NOPRICE-1', 'MUG-BLUE'])).toEqual(before);
    });

    it('refuses an unknown SKU (422 unknown_sku) or channel (422 unknown_channel) and changes nothing', async () => {
      const before = await snapshot(['MUG-BLUE']);
      const sku = expectError(
        await placeOrder(shop.storefront, [
          { sku: 'MUG-BLUE', quantity: 1 },
          { sku: 'NOPE', quantity: 1 },
        ]),
        422,
        'unknown_sku',
      );
      expect(sku.details).toMatchObject({ skus: ['NOPE'] });
      expectError(
        await placeOrder(shop.storefront, [{ sku: 'MUG-BLUE', quantity: 1 }], { channel: 'moon' }),
        422,
        'unknown_channel',
      );
      expect(await snapshot(['MUG-BLUE'])).toEqual(before);
    });
  });

  describe('all or nothing', () => {
    it('refuses a multi-line order with one short line: 409 out_of_stock naming it, and nothing changes', async () => {
      await newSku(shop, 'AON-A', { paris: 5 });
      await newSku(shop, 'AON-B', { paris: 1, lyon: 1 });
      await newSku(shop, 'AON-C', { lyon: 4 });
      const before = await snapshot(['AON-A', 'AON-B', 'AON-C']);
      const atpBefore = [
        await atp(shop, 'AON-A', 'web'),
        await atp(shop, 'AON-B', 'web'),
        await atp(shop, 'AON-C', 'web'),
      ];
      const key = newKey();
      const lines = [
        { sku: 'AON-A', quantity: 5 },
        { sku: 'AON-B', quantity: 3 },
        { sku: 'AON-C', quantity: 4 },
      ];
      const error = expectError(await placeOrder(shop.storefront, lines, {}, key), 409, 'out_of_stock');
      expect(error.details).toEqual({ lines: [{ sku: 'AON-B', requested: 3, available: 2 }] });
      expect(await snapshot(['AON-A', 'AON-B', 'AON-C'])).toEqual(before);
      expect([
        await atp(shop, 'AON-A', 'web'),
        await atp(shop, 'AON-B', 'web'),
        await atp(shop, 'AON-C', 'web'),
      ]).toEqual(atpBefore);

      // A refused order recorded nothing: once stock arrives, the same key and body are tried afresh.
      body(
        await shop.admin('POST', '/v1/stock/receipts', { sku: 'AON-B', location: 'lyon', quantity: 1 }),
        201,
      );
      const order = body<Order>(await placeOrder(shop.storefront, lines, {}, key), 201);
      expect(order.status).toBe('placed');
      expect(await atp(shop, 'AON-A', 'web')).toBe(0);
      expect(await atp(shop, 'AON-B', 'web')).toBe(0);
      expect(await atp(shop, 'AON-C', 'web')).toBe(0);
    });

    it('names every short line, counting a SKU on several lines together', async () => {
      await newSku(shop, 'AON-D', { paris: 3 });
      await newSku(shop, 'AON-E', { paris: 1 });
      const before = await snapshot(['AON-D', 'AON-E']);
      const error = expectError(
        await placeOrder(shop.storefront, [
          { sku: 'AON-D', quantity: 2 },
          { sku: 'AON-E', quantity: 2 },
          { sku: 'AON-D', quantity: 2 },
        ]),
        409,
        'out_of_stock',
      );
      expect(error.details).toEqual({
        lines: [
          { sku: 'AON-D', requested: 4, available: 3 },
          { sku: 'AON-E', requested: 2, available: 1 },
        ],
      });
      expect(await snapshot(['AON-D', 'AON-E'])).toEqual(before);
    });
  });

  describe('idempotency', () => {
    it('requires an Idempotency-Key: 400 idempotency_key_missing, and nothing changes', async () => {
      const before = await snapshot(['MUG-BLUE']);
      expectError(
        await shop.storefront('POST', '/v1/orders', orderBody([{ sku: 'MUG-BLUE', quantity: 1 }])),
        400,
        'idempotency_key_missing',
      );
      expect(await snapshot(['MUG-BLUE'])).toEqual(before);
    });

    it('answers the first answer again for the same key and body, and changes nothing', async () => {
      await newSku(shop, 'IDEM-1', { paris: 10 });
      const key = newKey();
      const first = body<Order>(
        await placeOrder(shop.storefront, [{ sku: 'IDEM-1', quantity: 2 }], {}, key),
        201,
      );
      const before = await snapshot(['IDEM-1']);
      clock.advance(5_000);
      for (let i = 0; i < 3; i++) {
        const again = await placeOrder(shop.storefront, [{ sku: 'IDEM-1', quantity: 2 }], {}, key);
        expect(body<Order>(again, 201)).toEqual(first);
        expect(again.headers['idempotent-replayed']).toBe('true');
      }
      // The same body with its fields in another order is the same request.
      const { lines, customer, shipping_address, channel } = orderBody([{ sku: 'IDEM-1', quantity: 2 }]);
      const reordered = await shop.storefront(
        'POST',
        '/v1/orders',
        { lines, shipping_address, customer: { name: customer.name, email: customer.email }, channel },
        { 'idempotency-key': key },
      );
      expect(body<Order>(reordered, 201).id).toBe(first.id);
      expect(await snapshot(['IDEM-1'])).toEqual(before);
      expect((await allOrders(shop.admin)).filter((order) => order.lines[0]?.sku === 'IDEM-1')).toHaveLength(
        1,
      );
    });

    it('refuses the same key with another body: 422 idempotency_key_reused, and nothing changes', async () => {
      await newSku(shop, 'IDEM-2', { paris: 10 });
      const key = newKey();
      const original = body<Order>(
        await placeOrder(shop.storefront, [{ sku: 'IDEM-2', quantity: 1 }], {}, key),
        201,
      );
      const before = await snapshot(['IDEM-2']);
      const error = expectError(
        await placeOrder(shop.storefront, [{ sku: 'IDEM-2', quantity: 3 }], {}, key),
        422,
        'idempotency_key_reused',
      );
      expect(error.details).toMatchObject({ idempotency_key: key });
      expectError(
        await placeOrder(shop.storefront, [{ sku: 'IDEM-2', quantity: 1 }], { external_id: 'other' }, key),
        422,
        'idempotency_key_reused',
      );
      expect(await snapshot(['IDEM-2'])).toEqual(before);
      expect(
        body<Order>(await placeOrder(shop.storefront, [{ sku: 'IDEM-2', quantity: 1 }], {}, key), 201).id,
      ).toBe(original.id);
    });

    it('answers the same order for a retry after the order moved on, without placing it again', async () => {
      await newSku(shop, 'IDEM-3', { paris: 4 });
      const key = newKey();
      const first = body<Order>(
        await placeOrder(shop.storefront, [{ sku: 'IDEM-3', quantity: 4 }], {}, key),
        201,
      );
      body(await shop.storefront('POST', `/v1/orders/${first.id}/cancel`), 200);
      expect(await atp(shop, 'IDEM-3', 'web')).toBe(4);
      const retry = body<Order>(
        await placeOrder(shop.storefront, [{ sku: 'IDEM-3', quantity: 4 }], {}, key),
        201,
      );
      expect(retry.id).toBe(first.id);
      expect(retry.number).toBe(first.number);
      expect(await atp(shop, 'IDEM-3', 'web')).toBe(4);
      expect(body<Order>(await shop.storefront('GET', `/v1/orders/${first.id}`), 200).status).toBe(
        'cancelled',
      );
    });

    it('keeps idempotency keys apart per API key', async () => {
      await newSku(shop, 'IDEM-4', { paris: 4 });
      const key = newKey();
      const mine = body<Order>(
        await placeOrder(shop.storefront, [{ sku: 'IDEM-4', quantity: 1 }], {}, key),
        201,
      );
      const theirs = body<Order>(
        await placeOrder(otherStorefront, [{ sku: 'IDEM-4', quantity: 1 }], {}, key),
        201,
      );
      expect(theirs.id).not.toBe(mine.id);
      expect(await atp(shop, 'IDEM-4', 'web')).toBe(2);
    });
  });

  describe('cancelling and the order process', () => {
    it('returns the stock on cancel exactly once: a second cancel is 409 invalid_transition', async () => {
      await newSku(shop, 'CXL-1', { paris: 3, lyon: 2 });
      const order = await placed(shop.storefront, [{ sku: 'CXL-1', quantity: 4 }]);
      expect(await atp(shop, 'CXL-1', 'web')).toBe(1);
      const cancelled = body<Order>(await shop.storefront('POST', `/v1/orders/${order.id}/cancel`), 200);
      expect(cancelled).toMatchObject({ id: order.id, status: 'cancelled', total: order.total });
      expect(await atp(shop, 'CXL-1', 'web')).toBe(5);
      expect(await stockByLocation(shop, 'CXL-1')).toEqual({ paris: [3, 0], lyon: [2, 0] });

      const again = expectError(
        await shop.storefront('POST', `/v1/orders/${order.id}/cancel`),
        409,
        'invalid_transition',
      );
      expect(again.details).toMatchObject({ from: 'cancelled', to: 'cancelled' });
      expectError(
        await shop.admin('POST', `/v1/orders/${order.id}/transitions`, { to: 'cancelled' }),
        409,
        'invalid_transition',
      );
      expect(await atp(shop, 'CXL-1', 'web')).toBe(5);
      expect(await stockByLocation(shop, 'CXL-1')).toEqual({ paris: [3, 0], lyon: [2, 0] });
      expect(body<Order>(await shop.storefront('GET', `/v1/orders/${order.id}`), 200).status).toBe(
        'cancelled',
      );
      await expectLedgerMatchesStock(shop, 'CXL-1');
    });

    it('cancels a paid order, returning its stock', async () => {
      await newSku(shop, 'CXL-2', { paris: 2 });
      const order = await placed(shop.storefront, [{ sku: 'CXL-2', quantity: 2 }]);
      expect(
        body<Order>(await shop.admin('POST', `/v1/orders/${order.id}/transitions`, { to: 'paid' }), 200)
          .status,
      ).toBe('paid');
      expect(await atp(shop, 'CXL-2', 'web')).toBe(0);
      expect(body<Order>(await shop.storefront('POST', `/v1/orders/${order.id}/cancel`), 200).status).toBe(
        'cancelled',
      );
      expect(await atp(shop, 'CXL-2', 'web')).toBe(2);
    });

    it('moves placed → paid → fulfilling → shipped → delivered; shipping takes the units out of on hand', async () => {
      await newSku(shop, 'FLOW-1', { paris: 5, lyon: 2 });
      const order = await placed(shop.storefront, [{ sku: 'FLOW-1', quantity: 6 }]);
      const before = await stockByLocation(shop, 'FLOW-1');
      for (const to of ['paid', 'fulfilling']) {
        const moved = body<Order>(
          await shop.admin('POST', `/v1/orders/${order.id}/transitions`, { to }),
          200,
        );
        expect(moved.status).toBe(to);
        expect(await stockByLocation(shop, 'FLOW-1')).toEqual(before);
      }
      clock.advance(1_000);
      const shipped = body<Order>(
        await shop.admin('POST', `/v1/orders/${order.id}/transitions`, { to: 'shipped' }),
        200,
      );
      expect(shipped).toMatchObject({ status: 'shipped', total: order.total, created_at: order.created_at });
      expect(shipped.updated_at).toBe(new Date(clock.now()).toISOString());
      const after = await stockByLocation(shop, 'FLOW-1');
      expect(after).toEqual({
        paris: [before.paris![0] - before.paris![1], 0],
        lyon: [before.lyon![0] - before.lyon![1], 0],
      });
      expect(after.paris![0] + after.lyon![0]).toBe(1);
      expect(await atp(shop, 'FLOW-1', 'web')).toBe(1);
      const movements = await expectLedgerMatchesStock(shop, 'FLOW-1');
      const shipments = movements.filter((m) => m.kind === 'shipment');
      expect(shipments.reduce((total, m) => total + m.quantity, 0)).toBe(-6);
      expect(new Set(shipments.map((m) => m.reference))).toEqual(new Set([order.number]));

      expect(
        body<Order>(await shop.admin('POST', `/v1/orders/${order.id}/transitions`, { to: 'delivered' }), 200)
          .status,
      ).toBe('delivered');
      expect(await stockByLocation(shop, 'FLOW-1')).toEqual(after);
      await expectLedgerMatchesStock(shop, 'FLOW-1');

      const history = body<{ data: { type: string }[] }>(
        await shop.admin('GET', `/v1/orders/${order.id}/events`),
        200,
      );
      expect(history.data.map((event) => event.type)).toEqual([
        'order.placed',
        'order.paid',
        'order.fulfilling',
        'order.shipped',
        'order.delivered',
      ]);
    });

    it('refuses every illegal move with 409 invalid_transition, leaving order and stock as they were', async () => {
      await newSku(shop, 'FLOW-2', { paris: 20 });
      const illegal: Record<string, string[]> = {
        placed: ['placed', 'fulfilling', 'shipped', 'delivered'],
        paid: ['placed', 'paid', 'shipped', 'delivered'],
        fulfilling: ['placed', 'paid', 'fulfilling', 'delivered', 'cancelled'],
        shipped: ['placed', 'paid', 'fulfilling', 'shipped', 'cancelled'],
        delivered: ['placed', 'paid', 'fulfilling', 'shipped', 'delivered', 'cancelled'],
        cancelled: ['placed', 'paid', 'fulfilling', 'shipped', 'delivered', 'cancelled'],
      };
      const path: Record<string, string[]> = {
        placed: [],
        paid: ['paid'],
        fulfilling: ['paid', 'fulfilling'],
        shipped: ['paid', 'fulfilling', 'shipped'],
        delivered: ['paid', 'fulfilling', 'shipped', 'delivered'],
        cancelled: ['cancelled'],
      };
      for (const [status, moves] of Object.entries(illegal)) {
        const order = await placed(shop.storefront, [{ sku: 'FLOW-2', quantity: 1 }]);
        for (const to of path[status]!)
          body(await shop.admin('POST', `/v1/orders/${order.id}/transitions`, { to }), 200);
        const stock = await stockByLocation(shop, 'FLOW-2');
        for (const to of moves) {
          const error = expectError(
            await shop.admin('POST', `/v1/orders/${order.id}/transitions`, { to }),
            409,
            'invalid_transition',
          );
          expect(error.details, `${status} → ${to}`).toMatchObject({ from: status, to });
        }
        if (status !== 'placed' && status !== 'paid') {
          expectError(
            await shop.storefront('POST', `/v1/orders/${order.id}/cancel`),
            409,
            'invalid_transition',
          );
        }
        expect(body<Order>(await shop.admin('GET', `/v1/orders/${order.id}`), 200).status).toBe(status);
        expect(await stockByLocation(shop, 'FLOW-2')).toEqual(stock);
      }
      await expectLedgerMatchesStock(shop, 'FLOW-2');
    });

    it('refuses an unknown status (400), an unknown order (404), and a storefront moving orders (403)', async () => {
      const order = await placed(shop.storefront, [{ sku: 'MUG-BLUE', quantity: 1 }]);
      expectError(
        await shop.admin('POST', `/v1/orders/${order.id}/transitions`, { to: 'lost' }),
        400,
        'validation_failed',
      );
      expectError(
        await shop.admin('POST', '/v1/orders/ord_nope/transitions', { to: 'paid' }),
        404,
        'not_found',
      );
      expectError(await shop.storefront('POST', '/v1/orders/ord_nope/cancel'), 404, 'not_found');
      expectError(await shop.admin('GET', '/v1/orders/ord_nope'), 404, 'not_found');
      expectError(
        await shop.storefront('POST', `/v1/orders/${order.id}/transitions`, { to: 'paid' }),
        403,
        'forbidden',
      );
      expect(body<Order>(await shop.admin('GET', `/v1/orders/${order.id}`), 200).status).toBe('placed');
    });
  });

  describe('reading orders', () => {
    it('pages through every order, oldest first, with no order missed or repeated', async () => {
      const whole = await allOrders(shop.admin);
      expect(whole.length).toBeGreaterThan(20);
      const ids = whole.map((order) => order.id);
      expect(new Set(ids).size).toBe(ids.length);
      const created = whole.map((order) => Date.parse(order.created_at));
      expect(created).toEqual([...created].sort((a, b) => a - b));
      for (const limit of [1, 3, 7]) {
        const { items } = await walk<Order>(shop.admin, '/v1/orders', limit);
        expect(
          items.map((order) => order.id),
          `limit ${limit}`,
        ).toEqual(ids);
      }
    });

    it('filters by status, channel and created_after, also across pages', async () => {
      await newSku(shop, 'LIST-1', { paris: 50 });
      clock.advance(60_000);
      const since = new Date(clock.now()).toISOString();
      clock.advance(1_000);
      const mine: Order[] = [];
      for (let i = 0; i < 7; i++) {
        clock.advance(10);
        mine.push(
          await placed(shop.storefront, [{ sku: 'LIST-1', quantity: 1 }], {
            channel: i % 3 === 0 ? 'marketplace' : 'web',
          }),
        );
      }
      for (const order of [mine[1]!, mine[4]!])
        body(await shop.storefront('POST', `/v1/orders/${order.id}/cancel`), 200);
      body(await shop.admin('POST', `/v1/orders/${mine[2]!.id}/transitions`, { to: 'paid' }), 200);

      const ids = (orders: Order[]) => orders.map((order) => order.id);
      const recent = await walk<Order>(shop.admin, '/v1/orders', 2, { created_after: since });
      expect(ids(recent.items)).toEqual(ids(mine));

      const cancelled = await walk<Order>(shop.admin, '/v1/orders', 1, {
        created_after: since,
        status: 'cancelled',
      });
      expect(ids(cancelled.items)).toEqual([mine[1]!.id, mine[4]!.id]);
      for (const order of cancelled.items) expect(order.status).toBe('cancelled');

      const market = await walk<Order>(shop.admin, '/v1/orders', 2, {
        created_after: since,
        channel: 'marketplace',
      });
      expect(ids(market.items)).toEqual([mine[0]!.id, mine[3]!.id, mine[6]!.id]);

      const paidWeb = await allOrders(shop.admin, { created_after: since, channel: 'web', status: 'paid' });
      expect(ids(paidWeb)).toEqual([mine[2]!.id]);

      const allCancelled = await allOrders(shop.admin, { status: 'cancelled' });
      for (const order of allCancelled) expect(order.status).toBe('cancelled');
      expect(ids(allCancelled)).toEqual(expect.arrayContaining([mine[1]!.id, mine[4]!.id]));

      expect(
        await allOrders(shop.admin, { created_after: new Date(clock.now() + 60_000).toISOString() }),
      ).toEqual([]);
      expectError(await shop.admin('GET', '/v1/orders?status=lost'), 400, 'validation_failed');
      expectError(await shop.admin('GET', '/v1/orders?created_after=yesterday'), 400, 'validation_failed');
    });

    it('shows a storefront key only its own orders; another key’s order is 404 to it', async () => {
      await newSku(shop, 'OWN-1', { paris: 10 });
      const mine = await placed(shop.storefront, [{ sku: 'OWN-1', quantity: 1 }]);
      const theirs = await placed(otherStorefront, [{ sku: 'OWN-1', quantity: 2 }]);
      const byAdmin = await placed(shop.admin, [{ sku: 'OWN-1', quantity: 3 }]);

      const myList = await allOrders(shop.storefront);
      const theirList = await allOrders(otherStorefront);
      expect(myList.map((order) => order.id)).toContain(mine.id);
      expect(myList.map((order) => order.id)).not.toContain(theirs.id);
      expect(myList.map((order) => order.id)).not.toContain(byAdmin.id);
      expect(theirList.map((order) => order.id)).toContain(theirs.id);
      expect(theirList.map((order) => order.id)).not.toContain(mine.id);
      const adminList = (await allOrders(shop.admin)).map((order) => order.id);
      expect(adminList).toEqual(expect.arrayContaining([mine.id, theirs.id, byAdmin.id]));
      expect(new Set([...myList, ...theirList].map((order) => order.id)).size).toBe(
        myList.length + theirList.length,
      );

      expectError(await otherStorefront('GET', `/v1/orders/${mine.id}`), 404, 'not_found');
      expectError(await otherStorefront('POST', `/v1/orders/${mine.id}/cancel`), 404, 'not_found');
      expectError(await shop.storefront('GET', `/v1/orders/${theirs.id}`), 404, 'not_found');
      expect(body<Order>(await shop.admin('GET', `/v1/orders/${mine.id}`), 200).status).toBe('placed');
      expect(body<Order>(await shop.admin('GET', `/v1/orders/${theirs.id}`), 200).status).toBe('placed');
      expect(await atp(shop, 'OWN-1', 'web')).toBe(4);
    });

    it('feeds every order change to the events feed, and nothing for refused requests', async () => {
      await newSku(shop, 'EVT-1', { paris: 2 });
      const start = await eventsEnd(shop);
      const order = await placed(shop.storefront, [{ sku: 'EVT-1', quantity: 2 }]);
      expectError(await placeOrder(shop.storefront, [{ sku: 'EVT-1', quantity: 1 }]), 409, 'out_of_stock');
      body(await shop.admin('POST', `/v1/orders/${order.id}/transitions`, { to: 'paid' }), 200);
      expectError(
        await shop.admin('POST', `/v1/orders/${order.id}/transitions`, { to: 'delivered' }),
        409,
        'invalid_transition',
      );
      body(await shop.storefront('POST', `/v1/orders/${order.id}/cancel`), 200);
      const { events } = await eventsAfter(shop, start, 2);
      expect(events.map((event) => [event.type, event.entity_type, event.entity_id])).toEqual([
        ['order.placed', 'order', order.id],
        ['order.paid', 'order', order.id],
        ['order.cancelled', 'order', order.id],
      ]);
      expect(events[0]?.payload).toMatchObject({ id: order.id, number: order.number, total: order.total });
      expect(events[1]?.payload).toMatchObject({ from: 'placed', to: 'paid' });
      for (const event of events) expect(Date.parse(event.created_at)).not.toBeNaN();
    });
  });
});
