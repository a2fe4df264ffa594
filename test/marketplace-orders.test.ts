/**
 * Marketplace orders, exactly once: an order a channel names by its own `external_id` is placed once
 * per channel, whatever the Idempotency-Key and body of each arrival, however many arrive at once —
 * in one process or, on PostgreSQL, two — through the same intake path as every order.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Order } from '../src/orders/contract.js';
import { createContext } from '../src/platform/context.js';
import { createServer, openStore } from '../src/server/index.js';
import { allOrders, body, newKey, placeOrder, stockOf } from './support/api-helpers.js';
import { openShop, orderBody, type TestShop } from './support/shop.js';
import { engines } from './support/stores.js';

describe.each(engines)('marketplace orders on %s', (engine) => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await openShop(engine);
  });
  afterAll(() => shop.close());

  const ordersOf = async (externalId: string) =>
    (await allOrders(shop.admin)).filter((order) => order.external_id === externalId);

  it('answers a second arrival of an external id with the first order, under any key and body, reserving once', async () => {
    const before = (await stockOf(shop, 'MUG-BLUE')).reserved;
    const first = body<Order>(
      await placeOrder(shop.storefront, [{ sku: 'MUG-BLUE', quantity: 1 }], {
        channel: 'marketplace',
        external_id: 'AMZ-402-1',
      }),
      201,
    );
    // The marketplace sends it again after a timeout, with a new key and a body it has since enriched.
    const again = await placeOrder(shop.storefront, [{ sku: 'MUG-BLUE', quantity: 2 }], {
      channel: 'marketplace',
      external_id: 'AMZ-402-1',
      customer: { email: 'camille@example.fr', name: 'Camille Martin' },
    });
    expect(body<Order>(again, 201)).toEqual(first);
    expect(again.headers['idempotent-replayed']).toBe('true');
    // Another API key sending it changes nothing either.
    expect(
      body<Order>(
        await placeOrder(shop.admin, [{ sku: 'MUG-BLUE', quantity: 1 }], {
          channel: 'marketplace',
          external_id: 'AMZ-402-1',
        }),
        201,
      ).id,
    ).toBe(first.id);
    expect(await ordersOf('AMZ-402-1')).toHaveLength(1);
    expect((await stockOf(shop, 'MUG-BLUE')).reserved).toBe(before + 1);

    // The same id on another channel is another channel's order.
    const web = body<Order>(
      await placeOrder(shop.storefront, [{ sku: 'MUG-BLUE', quantity: 1 }], {
        channel: 'web',
        external_id: 'AMZ-402-1',
      }),
      201,
    );
    expect(web.id).not.toBe(first.id);
    expect(await ordersOf('AMZ-402-1')).toHaveLength(2);
  });

  it('does not hold a refused order’s external id: its retry with stock back is placed', async () => {
    const refused = await placeOrder(shop.storefront, [{ sku: 'LAST-ONE', quantity: 5 }], {
      external_id: 'EBAY-77',
    });
    expect(refused.statusCode).toBe(409);
    const placed = body<Order>(
      await placeOrder(shop.storefront, [{ sku: 'LAST-ONE', quantity: 1 }], { external_id: 'EBAY-77' }),
      201,
    );
    expect((await ordersOf('EBAY-77')).map((order) => order.id)).toEqual([placed.id]);
  });

  // Two processes on PostgreSQL, each with its intake writer; on SQLite, one writer takes them all.
  it('places one order when twenty arrivals of one external id race, each with its own key', async () => {
    const otherStore = engine === 'postgres' ? await openStore(shop.testStore.location) : undefined;
    const otherApp = otherStore === undefined ? undefined : await createServer(createContext(otherStore));
    try {
      const before = (await stockOf(shop, 'MUG-BLUE')).reserved;
      const apps = [shop.app, otherApp ?? shop.app];
      const replies: LightMyRequestResponse[] = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          apps[index % 2]!.inject({
            method: 'POST',
            url: '/v1/orders',
            headers: { authorization: `Bearer ${shop.storefrontKey}`, 'idempotency-key': newKey() },
            payload: orderBody([{ sku: 'MUG-BLUE', quantity: 1 }], {
              channel: 'marketplace',
              external_id: 'RACE-1',
            }),
          }),
        ),
      );
      expect(replies.map((reply) => reply.statusCode)).toEqual(replies.map(() => 201));
      const ids = new Set(replies.map((reply) => (JSON.parse(reply.body) as Order).id));
      expect(ids.size).toBe(1);
      expect((await ordersOf('RACE-1')).map((order) => order.id)).toEqual([...ids]);
      expect((await stockOf(shop, 'MUG-BLUE')).reserved).toBe(before + 1);
    } finally {
      await otherApp?.close();
      await otherStore?.close();
    }
  });
});
