/**
 * A location going short, over HTTP on both stores: units broken or missing, reserved ones too. The
 * reservations taken are released (holds, then the newest orders not yet shipped), orders moved to
 * another location that has the units free, and the rest flagged in the operations room; the
 * ledger and the reservations agree after it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Shortfall } from '../src/fulfilment/shortfalls/contract.js';
import type { Reconciliation } from '../src/inventory/contract.js';
import type { Overview } from '../src/ops/contract.js';
import { body, expectError, newSku, placed, stockByLocation } from './support/api-helpers.js';
import { openShop, type TestShop } from './support/shop.js';
import { engines } from './support/stores.js';

describe.each(engines)('shortfalls on %s', (engine) => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await openShop(engine);
  });
  afterAll(() => shop.close());

  const reconciled = async (sku: string) =>
    body<Reconciliation>(await shop.admin('GET', `/v1/stock/${sku}/reconciliation`), 200).balanced;

  it('takes free units first, then moves the newest order to another location, and flags the order nothing can cover', async () => {
    await newSku(shop, 'VASE', { paris: 4, lyon: 1 });
    // Capture reserves where the most is free: both orders at Paris.
    const older = await placed(shop.storefront, [{ sku: 'VASE', quantity: 2 }]);
    const newer = await placed(shop.storefront, [{ sku: 'VASE', quantity: 1 }]);
    expect(await stockByLocation(shop, 'VASE')).toEqual({ paris: [4, 3], lyon: [1, 0] });

    const lost = body<Shortfall>(
      await shop.admin('POST', '/v1/stock/shortfalls', {
        sku: 'VASE',
        location: 'paris',
        quantity: 4,
        reason: 'shelf collapsed',
      }),
      201,
    );
    expect(lost).toEqual({
      sku: 'VASE',
      location: 'paris',
      quantity: 4,
      on_hand: 0,
      reserved: 0,
      resourced: [{ order_id: newer.id, to: [{ location: 'lyon', quantity: 1 }] }],
      short: [{ kind: 'order', id: older.id, quantity: 2 }],
    });
    expect(await stockByLocation(shop, 'VASE')).toEqual({ paris: [0, 0], lyon: [1, 1] });
    expect(await reconciled('VASE')).toBe(true);

    const overview = body<Overview>(await shop.admin('GET', '/v1/ops/overview'), 200);
    expect(overview.fulfilment.short_orders).toBe(1);
    expect(overview.fulfilment.short_order_list).toEqual([
      { id: older.id, number: older.number, short_units: 2, since: expect.any(String) },
    ]);
    const events = body<{ data: { type: string; payload: unknown }[] }>(
      await shop.admin('GET', `/v1/orders/${older.id}/events`),
      200,
    ).data;
    expect(events.at(-1)).toMatchObject({
      type: 'order.stock_short',
      payload: { sku: 'VASE', location: 'paris', quantity: 2, parcel_made: false },
    });
  });

  it('touches no reservation while free units cover the loss, and refuses to lose more than is on hand', async () => {
    await newSku(shop, 'BOWL', { paris: 5 });
    await placed(shop.storefront, [{ sku: 'BOWL', quantity: 2 }]);
    const lost = body<Shortfall>(
      await shop.admin('POST', '/v1/stock/shortfalls', {
        sku: 'BOWL',
        location: 'paris',
        quantity: 3,
        reason: 'broken in transit',
      }),
      201,
    );
    expect(lost).toMatchObject({ on_hand: 2, reserved: 2, resourced: [], short: [] });
    expectError(
      await shop.admin('POST', '/v1/stock/shortfalls', {
        sku: 'BOWL',
        location: 'paris',
        quantity: 3,
        reason: 'again',
      }),
      409,
      'insufficient_stock',
    );
    expectError(
      await shop.admin('POST', '/v1/stock/shortfalls', {
        sku: 'NOPE',
        location: 'paris',
        quantity: 1,
        reason: 'x',
      }),
      422,
      'unknown_sku',
    );
    expectError(
      await shop.admin('POST', '/v1/stock/shortfalls', {
        sku: 'BOWL',
        location: 'paris',
        quantity: 0,
        reason: 'x',
      }),
      400,
      'validation_failed',
    );
    expect(await stockByLocation(shop, 'BOWL')).toEqual({ paris: [2, 2] });
    expect(await reconciled('BOWL')).toBe(true);
  });

  it('keeps reservations and the ledger exact while orders are placed and cancelled during the shortfall', async () => {
    await newSku(shop, 'LAMP', { paris: 10, lyon: 5 });
    const orders = await Promise.all(
      Array.from({ length: 8 }, () => placed(shop.storefront, [{ sku: 'LAMP', quantity: 1 }])),
    );
    const answers = await Promise.all([
      shop.admin('POST', '/v1/stock/shortfalls', {
        sku: 'LAMP',
        location: 'paris',
        quantity: 6,
        reason: 'flood',
      }),
      ...orders.slice(0, 3).map((order) => shop.storefront('POST', `/v1/orders/${order.id}/cancel`)),
      ...Array.from({ length: 3 }, () => placed(shop.storefront, [{ sku: 'LAMP', quantity: 1 }])),
    ]);
    expect((answers[0] as { statusCode: number }).statusCode).toBe(201);
    const stock = await stockByLocation(shop, 'LAMP');
    expect(stock.paris![0]).toBe(4);
    for (const [onHand, reserved] of Object.values(stock)) expect(reserved).toBeLessThanOrEqual(onHand);
    expect(await reconciled('LAMP')).toBe(true);
  });
});
