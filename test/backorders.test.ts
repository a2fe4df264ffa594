/**
 * Incoming stock and selling beyond it, over HTTP on both stores: purchase orders and their
 * receipts (partial, over, short, retried), what the stock view and availability show of them,
 * backorders and pre-orders with their promised dates, the waiting orders served first come first
 * served when stock arrives (exactly once, with a second receipt racing), late and short purchase
 * orders flagging the orders they no longer serve, and buyers racing for the last units that may be
 * sold beyond stock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Availability, Reconciliation } from '../src/inventory/contract.js';
import type {
  BackorderTerms,
  PurchaseOrder,
  ReceiptAnswer,
  WaitingLine,
} from '../src/inventory/incoming/contract.js';
import { replanLateBackorders } from '../src/inventory/index.js';
import type { Order } from '../src/orders/contract.js';
import type { Page } from '../src/platform/http/schemas.js';
import { body, expectError, newSku, placeOrder, stockOf } from './support/api-helpers.js';
import { manualClock, openShop, type TestShop } from './support/shop.js';
import { engines } from './support/stores.js';

describe.each(engines)('incoming stock and backorders on %s', (engine) => {
  let shop: TestShop;
  // 4 December 2026, 10:00 in Paris: the dates below are days around it.
  const clock = manualClock(Date.parse('2026-12-04T09:00:00Z'));

  beforeAll(async () => {
    shop = await openShop(engine, { clock });
  });
  afterAll(async () => {
    await shop.close();
  });

  const purchase = async (
    lines: { sku: string; quantity: number }[],
    expected_on = '2026-12-10',
    location = 'paris',
  ) =>
    body<PurchaseOrder>(
      await shop.admin('POST', '/v1/purchase-orders', {
        supplier: 'Atelier Dupont',
        location,
        expected_on,
        lines,
      }),
      201,
    );
  const receive = (id: string, receipt: Record<string, unknown>) =>
    shop.admin('POST', `/v1/purchase-orders/${id}/receipts`, receipt);
  const terms = async (sku: string, channel: string, input: Record<string, unknown>) =>
    body<BackorderTerms>(await shop.admin('PUT', `/v1/backorder-terms/${sku}/${channel}`, input), 200);
  const waiting = async (query = '') =>
    body<Page<WaitingLine>>(await shop.admin('GET', `/v1/backorders${query}`), 200).data;
  const availability = async (sku: string, channel = 'web') =>
    body<Availability>(await shop.storefront('GET', `/v1/availability/${sku}?channel=${channel}`), 200);
  const reconciled = async (sku: string) =>
    body<Reconciliation>(await shop.admin('GET', `/v1/stock/${sku}/reconciliation`), 200).balanced;
  const order = async (id: string) => body<Order>(await shop.admin('GET', `/v1/orders/${id}`), 200);

  it('records a purchase order, shows it incoming, and receives it partly, over and short, each receipt once', async () => {
    await newSku(shop, 'PO-VASE');
    const po = await purchase([{ sku: 'PO-VASE', quantity: 10 }]);
    expect(po).toMatchObject({
      supplier: 'Atelier Dupont',
      location: 'paris',
      expected_on: '2026-12-10',
      status: 'open',
      late: false,
      lines: [{ sku: 'PO-VASE', ordered: 10, received: 0, remaining: 10 }],
      receipts: [],
    });
    expect((await stockOf(shop, 'PO-VASE')).incoming).toEqual([
      { purchase_order_id: po.id, location: 'paris', expected_on: '2026-12-10', quantity: 10, late: false },
    ]);
    expect((await availability('PO-VASE')).incoming).toEqual([{ expected_on: '2026-12-10', quantity: 10 }]);
    // The marketplace ships from paris too; a channel without paris would see nothing incoming.
    expect((await availability('PO-VASE', 'marketplace')).incoming).toHaveLength(1);

    const first = body<ReceiptAnswer>(
      await receive(po.id, { delivery_note: 'BL-1', lines: [{ sku: 'PO-VASE', quantity: 4 }] }),
      201,
    );
    expect(first.purchase_order.lines).toEqual([{ sku: 'PO-VASE', ordered: 10, received: 4, remaining: 6 }]);
    expect(body<PurchaseOrder>(await shop.admin('GET', `/v1/purchase-orders/${po.id}`), 200).updated_at).toBe(
      first.purchase_order.updated_at,
    );
    expect(first.purchase_order.status).toBe('open');
    // The same delivery note again is the same delivery: answered again, counted once.
    const again = body<ReceiptAnswer>(
      await receive(po.id, { delivery_note: 'BL-1', lines: [{ sku: 'PO-VASE', quantity: 4 }] }),
      200,
    );
    expect(again.receipt).toEqual(first.receipt);
    expect((await stockOf(shop, 'PO-VASE')).on_hand).toBe(4);

    // The supplier sends 7 of the 6 missing: the order is received whole, the extra unit on hand.
    const over = body<ReceiptAnswer>(await receive(po.id, { lines: [{ sku: 'PO-VASE', quantity: 7 }] }), 201);
    expect(over.purchase_order).toMatchObject({
      status: 'received',
      lines: [{ sku: 'PO-VASE', ordered: 10, received: 11, remaining: 0 }],
    });
    expect(over.receipt.closes).toBe(true);
    const stock = await stockOf(shop, 'PO-VASE');
    expect([stock.on_hand, stock.incoming]).toEqual([11, []]);
    const movements = body<Page<{ kind: string; quantity: number; reference: string }>>(
      await shop.admin('GET', '/v1/stock/PO-VASE/movements'),
      200,
    ).data;
    expect(movements.map((movement) => [movement.kind, movement.quantity, movement.reference])).toEqual([
      ['receipt', 4, po.id],
      ['receipt', 7, po.id],
    ]);
    expect(await reconciled('PO-VASE')).toBe(true);
    expectError(
      await receive(po.id, { lines: [{ sku: 'PO-VASE', quantity: 1 }] }),
      409,
      'purchase_order_not_open',
    );

    const short = await purchase([{ sku: 'PO-VASE', quantity: 5 }]);
    const closed = body<ReceiptAnswer>(
      await receive(short.id, { lines: [{ sku: 'PO-VASE', quantity: 3 }], close: true }),
      201,
    );
    expect(closed.purchase_order).toMatchObject({ status: 'closed', lines: [{ received: 3, remaining: 0 }] });
    expect(body<PurchaseOrder>(await shop.admin('GET', `/v1/purchase-orders/${short.id}`), 200)).toEqual(
      closed.purchase_order,
    );
  });

  it('refuses a bad purchase order or receipt clearly, changing nothing', async () => {
    await newSku(shop, 'PO-BAD');
    expectError(
      await shop.admin('POST', '/v1/purchase-orders', {
        supplier: 'X',
        location: 'nowhere',
        expected_on: '2026-12-10',
        lines: [{ sku: 'PO-BAD', quantity: 1 }],
      }),
      422,
      'unknown_location',
    );
    expectError(
      await shop.admin('POST', '/v1/purchase-orders', {
        supplier: 'X',
        location: 'paris',
        expected_on: '10/12/2026',
        lines: [{ sku: 'PO-BAD', quantity: 1 }],
      }),
      400,
      'validation_failed',
    );
    const po = await purchase([{ sku: 'PO-BAD', quantity: 2 }]);
    const duplicate = expectError(
      await receive(po.id, {
        lines: [
          { sku: 'PO-BAD', quantity: 1 },
          { sku: 'PO-BAD', quantity: 1 },
        ],
      }),
      422,
      'duplicate_sku',
    );
    expect(duplicate.details).toEqual({ skus: ['PO-BAD'] });
    expectError(
      await receive(po.id, { lines: [{ sku: 'MUG-BLUE', quantity: 1 }] }),
      422,
      'sku_not_on_purchase_order',
    );
    expectError(await receive('po_missing', { lines: [{ sku: 'PO-BAD', quantity: 1 }] }), 404, 'not_found');
    const stock = await stockOf(shop, 'PO-BAD');
    expect([stock.on_hand, stock.incoming.map((line) => line.quantity)]).toEqual([0, [2]]);
  });

  it('sells beyond stock against a purchase order, promises its date, and serves the waiting orders first come first served when it arrives', async () => {
    await newSku(shop, 'BO-LAMP', { paris: 2 });
    const po = await purchase([{ sku: 'BO-LAMP', quantity: 5 }], '2026-12-12');
    const set = await terms('BO-LAMP', 'web', { mode: 'backorder', limit: 4 });
    expect(set).toMatchObject({ mode: 'backorder', limit: 4, waiting: 0, available: 4, release_on: null });
    expect((await availability('BO-LAMP')).backorder).toEqual({
      mode: 'backorder',
      available: 4,
      promised_on: '2026-12-12',
    });
    // Another channel without terms sells only its stock.
    expect((await availability('BO-LAMP', 'marketplace')).backorder).toBeNull();

    const first = body<Order>(await placeOrder(shop.storefront, [{ sku: 'BO-LAMP', quantity: 3 }]), 201);
    expect(first.lines).toMatchObject([
      { sku: 'BO-LAMP', quantity: 3, backordered: 1, promised_on: '2026-12-12' },
    ]);
    const second = body<Order>(
      await placeOrder(shop.storefront, [
        { sku: 'BO-LAMP', quantity: 2 },
        { sku: 'MUG-BLUE', quantity: 1 },
      ]),
      201,
    );
    expect(second.lines.map((line) => [line.sku, line.backordered, line.promised_on])).toEqual([
      ['BO-LAMP', 2, '2026-12-12'],
      ['MUG-BLUE', 0, null],
    ]);
    // 3 of the limit of 4 wait: one more may be sold, two may not.
    const refused = expectError(
      await placeOrder(shop.storefront, [{ sku: 'BO-LAMP', quantity: 2 }]),
      409,
      'out_of_stock',
    );
    expect(refused.details).toEqual({ lines: [{ sku: 'BO-LAMP', requested: 2, available: 1 }] });
    expect(
      (await waiting('?sku=BO-LAMP')).map((line) => [line.order_number, line.waiting, line.delayed]),
    ).toEqual([
      [first.number, 1, false],
      [second.number, 2, false],
    ]);

    // An order still waiting is not fulfilled.
    body(await shop.admin('POST', `/v1/orders/${first.id}/transitions`, { to: 'paid' }), 200);
    expectError(
      await shop.admin('POST', `/v1/orders/${first.id}/transitions`, { to: 'fulfilling' }),
      409,
      'order_awaiting_stock',
    );

    // 2 arrive: the first order gets its 1, the second 1 of its 2.
    const receipt = body<ReceiptAnswer>(
      await receive(po.id, { lines: [{ sku: 'BO-LAMP', quantity: 2 }] }),
      201,
    );
    expect(receipt.receipt.served).toEqual([
      {
        order_id: first.id,
        order_number: first.number,
        line_no: 1,
        sku: 'BO-LAMP',
        location: 'paris',
        quantity: 1,
      },
      {
        order_id: second.id,
        order_number: second.number,
        line_no: 1,
        sku: 'BO-LAMP',
        location: 'paris',
        quantity: 1,
      },
    ]);
    expect((await waiting('?sku=BO-LAMP')).map((line) => [line.order_id, line.waiting])).toEqual([
      [second.id, 1],
    ]);
    const stock = await stockOf(shop, 'BO-LAMP');
    expect([stock.on_hand, stock.reserved, stock.waiting]).toEqual([4, 4, 1]);
    expect(await reconciled('BO-LAMP')).toBe(true);
    body(await shop.admin('POST', `/v1/orders/${first.id}/transitions`, { to: 'fulfilling' }), 200);
    const events = body<{ data: { type: string }[] }>(
      await shop.admin('GET', `/v1/orders/${first.id}/events`),
      200,
    );
    expect(events.data.map((event) => event.type)).toContain('order.backorder_allocated');

    // Cancelling the second order gives back its waiting unit and its reserved one.
    body(await shop.storefront('POST', `/v1/orders/${second.id}/cancel`), 200);
    expect(await waiting('?sku=BO-LAMP')).toEqual([]);
    expect((await terms('BO-LAMP', 'web', { mode: 'backorder', limit: 4 })).waiting).toBe(0);
    const after = await stockOf(shop, 'BO-LAMP');
    expect([after.on_hand, after.reserved, after.waiting]).toEqual([4, 3, 0]);
    expect(await reconciled('BO-LAMP')).toBe(true);
  });

  it('serves the waiting orders first from goods received without a purchase order', async () => {
    await newSku(shop, 'BO-RUG');
    await purchase([{ sku: 'BO-RUG', quantity: 6 }]);
    await terms('BO-RUG', 'web', { mode: 'backorder', limit: 6 });
    const sold = body<Order>(await placeOrder(shop.storefront, [{ sku: 'BO-RUG', quantity: 2 }]), 201);
    body(
      await shop.admin('POST', '/v1/stock/receipts', { sku: 'BO-RUG', location: 'lyon', quantity: 3 }),
      201,
    );
    expect(await waiting('?sku=BO-RUG')).toEqual([]);
    const stock = await stockOf(shop, 'BO-RUG');
    expect([stock.on_hand, stock.reserved, stock.waiting]).toEqual([3, 2, 0]);
    expect((await availability('BO-RUG')).available).toBe(1);
    expect(await reconciled('BO-RUG')).toBe(true);
    body(await shop.admin('POST', `/v1/orders/${sold.id}/transitions`, { to: 'paid' }), 200);
    body(await shop.admin('POST', `/v1/orders/${sold.id}/transitions`, { to: 'fulfilling' }), 200);
  });

  it('refuses terms below the units waiting, and removing terms while units wait', async () => {
    await newSku(shop, 'BO-CHAIR');
    await purchase([{ sku: 'BO-CHAIR', quantity: 10 }]);
    await terms('BO-CHAIR', 'web', { mode: 'backorder', limit: 5 });
    body(await placeOrder(shop.storefront, [{ sku: 'BO-CHAIR', quantity: 3 }]), 201);
    expectError(
      await shop.admin('PUT', '/v1/backorder-terms/BO-CHAIR/web', { mode: 'backorder', limit: 2 }),
      409,
      'backorder_limit_below_waiting',
    );
    expectError(await shop.admin('DELETE', '/v1/backorder-terms/BO-CHAIR/web'), 409, 'backorders_waiting');
    expectError(
      await shop.admin('PUT', '/v1/backorder-terms/BO-CHAIR/web', { mode: 'preorder', limit: 5 }),
      400,
      'validation_failed',
    );
    // Paused: nothing more is sold beyond stock, and the units waiting still wait.
    expect(await terms('BO-CHAIR', 'web', { mode: 'backorder', limit: 5, paused: true })).toMatchObject({
      paused: true,
      waiting: 3,
      available: 0,
    });
    expectError(await placeOrder(shop.storefront, [{ sku: 'BO-CHAIR', quantity: 1 }]), 409, 'out_of_stock');
    expect((await availability('BO-CHAIR')).backorder).toMatchObject({ available: 0 });
    expect(await terms('BO-CHAIR', 'web', { mode: 'backorder', limit: 3 })).toMatchObject({
      waiting: 3,
      available: 0,
    });
  });

  it('takes pre-orders until the day before the release, promising the release date', async () => {
    await newSku(shop, 'PRE-BOOK');
    await terms('PRE-BOOK', 'web', { mode: 'preorder', limit: 2, release_on: '2026-12-08' });
    const early = body<Order>(await placeOrder(shop.storefront, [{ sku: 'PRE-BOOK', quantity: 2 }]), 201);
    expect(early.lines[0]).toMatchObject({ backordered: 2, promised_on: '2026-12-08' });
    expectError(await placeOrder(shop.storefront, [{ sku: 'PRE-BOOK', quantity: 1 }]), 409, 'out_of_stock');
    const release = clock.now();
    try {
      clock.set(Date.parse('2026-12-07T23:30:00Z')); // 8 December, 00:30 in Paris: release day
      expect((await availability('PRE-BOOK')).backorder).toEqual({
        mode: 'preorder',
        available: 0,
        promised_on: null,
      });
    } finally {
      clock.set(release);
    }
  });

  it('flags the orders a short or late purchase order no longer serves by their promise, with their new date', async () => {
    await newSku(shop, 'BO-DESK');
    const soon = await purchase([{ sku: 'BO-DESK', quantity: 3 }], '2026-12-09');
    const later = await purchase([{ sku: 'BO-DESK', quantity: 2 }], '2026-12-20');
    await terms('BO-DESK', 'web', { mode: 'backorder', limit: 10 });
    const a = body<Order>(await placeOrder(shop.storefront, [{ sku: 'BO-DESK', quantity: 2 }]), 201);
    const b = body<Order>(await placeOrder(shop.storefront, [{ sku: 'BO-DESK', quantity: 1 }]), 201);
    const c = body<Order>(await placeOrder(shop.storefront, [{ sku: 'BO-DESK', quantity: 2 }]), 201);
    expect([a, b, c].map((placed) => placed.lines[0]!.promised_on)).toEqual([
      '2026-12-09',
      '2026-12-09',
      '2026-12-20',
    ]);
    expect(await waiting('?delayed=true')).toEqual([]);

    // The first supplier delivers 1 of 3 and closes: b now counts on the later order, c on nothing.
    body(await receive(soon.id, { lines: [{ sku: 'BO-DESK', quantity: 1 }], close: true }), 201);
    const delayed = await waiting('?delayed=true&sku=BO-DESK');
    expect(delayed.map((line) => [line.order_id, line.waiting, line.promised_on, line.expected_on])).toEqual([
      [a.id, 1, '2026-12-09', '2026-12-20'],
      [b.id, 1, '2026-12-09', '2026-12-20'],
      [c.id, 2, '2026-12-20', null],
    ]);
    expect(delayed.every((line) => line.delayed && line.delayed_since !== null)).toBe(true);
    const bEvents = body<{ data: { type: string }[] }>(
      await shop.admin('GET', `/v1/orders/${b.id}/events`),
      200,
    );
    expect(bEvents.data.filter((event) => event.type === 'order.backorder_delayed')).toHaveLength(1);

    // The later supplier announces the 18th: an earlier date, still after the first promises.
    body<PurchaseOrder>(
      await shop.admin('PATCH', `/v1/purchase-orders/${later.id}`, { expected_on: '2026-12-18' }),
      200,
    );
    expect((await waiting(`?order_id=${a.id}`))[0]).toMatchObject({
      expected_on: '2026-12-18',
      delayed: true,
    });
    expect(
      body<PurchaseOrder>(await shop.admin('GET', `/v1/purchase-orders/${later.id}`), 200).expected_on,
    ).toBe('2026-12-18');

    // A new purchase order gives c a date again, still after its promise.
    await purchase([{ sku: 'BO-DESK', quantity: 5 }], '2026-12-28');
    expect((await waiting(`?order_id=${c.id}`))[0]).toMatchObject({
      expected_on: '2026-12-28',
      delayed: true,
    });
  });

  it('flags the orders waiting on a purchase order gone past its date, once, and dates them when it has a new one', async () => {
    await newSku(shop, 'BO-SOFA');
    const po = await purchase([{ sku: 'BO-SOFA', quantity: 4 }], '2026-12-06');
    await terms('BO-SOFA', 'web', { mode: 'backorder', limit: 4 });
    const sold = body<Order>(await placeOrder(shop.storefront, [{ sku: 'BO-SOFA', quantity: 3 }]), 201);
    expect(await replanLateBackorders(shop.ctx)).toBe(0);
    const today = clock.now();
    try {
      clock.set(Date.parse('2026-12-07T08:00:00Z'));
      expect(body<PurchaseOrder>(await shop.admin('GET', `/v1/purchase-orders/${po.id}`), 200).late).toBe(
        true,
      );
      expect(await replanLateBackorders(shop.ctx)).toBe(1);
      expect(await replanLateBackorders(shop.ctx)).toBe(0);
      expect((await waiting(`?order_id=${sold.id}`))[0]).toMatchObject({ expected_on: null, delayed: true });
      body(await shop.admin('PATCH', `/v1/purchase-orders/${po.id}`, { expected_on: '2026-12-09' }), 200);
      expect((await waiting(`?order_id=${sold.id}`))[0]).toMatchObject({
        expected_on: '2026-12-09',
        delayed: true,
      });
      const events = body<{ data: { type: string }[] }>(
        await shop.admin('GET', `/v1/orders/${sold.id}/events`),
        200,
      );
      expect(events.data.filter((event) => event.type === 'order.backorder_delayed')).toHaveLength(1);
    } finally {
      clock.set(today);
    }
  });

  it('sells the last units allowed beyond stock to exactly as many buyers, racing', async () => {
    await newSku(shop, 'BO-RACE', { lyon: 3 });
    await purchase([{ sku: 'BO-RACE', quantity: 20 }], '2026-12-15');
    await terms('BO-RACE', 'web', { mode: 'backorder', limit: 12 });
    const answers = await Promise.all(
      Array.from({ length: 40 }, () => placeOrder(shop.storefront, [{ sku: 'BO-RACE', quantity: 1 }])),
    );
    const statuses = answers.map((answer) => answer.statusCode);
    expect(statuses.filter((status) => status === 201)).toHaveLength(15);
    expect(statuses.filter((status) => status === 409)).toHaveLength(25);
    const sold = answers
      .filter((answer) => answer.statusCode === 201)
      .map((answer) => answer.json() as Order);
    expect(sold.reduce((total, placed) => total + placed.lines[0]!.backordered, 0)).toBe(12);
    const stock = await stockOf(shop, 'BO-RACE');
    expect([stock.reserved, stock.waiting]).toEqual([3, 12]);
    expect(await reconciled('BO-RACE')).toBe(true);
  });

  it('serves each waiting order exactly once when two receipts race', async () => {
    await newSku(shop, 'BO-TWIN');
    const one = await purchase([{ sku: 'BO-TWIN', quantity: 6 }], '2026-12-11');
    const two = await purchase([{ sku: 'BO-TWIN', quantity: 6 }], '2026-12-12');
    await terms('BO-TWIN', 'web', { mode: 'backorder', limit: 12 });
    const orders = [];
    for (let index = 0; index < 5; index++)
      orders.push(body<Order>(await placeOrder(shop.storefront, [{ sku: 'BO-TWIN', quantity: 2 }]), 201));
    const receipts = await Promise.all([
      receive(one.id, { delivery_note: 'A', lines: [{ sku: 'BO-TWIN', quantity: 6 }] }),
      receive(two.id, { delivery_note: 'B', lines: [{ sku: 'BO-TWIN', quantity: 6 }] }),
      receive(one.id, { delivery_note: 'A', lines: [{ sku: 'BO-TWIN', quantity: 6 }] }),
    ]);
    expect(receipts.map((answer) => answer.statusCode).sort()).toEqual([200, 201, 201]);
    const served = receipts
      .filter((answer) => answer.statusCode === 201)
      .flatMap((answer) => (answer.json() as ReceiptAnswer).receipt.served);
    // Ten units waited: each order is served its two, once, in order; two units stay free.
    expect(served.reduce((total, line) => total + line.quantity, 0)).toBe(10);
    for (const placed of orders)
      expect(
        served
          .filter((line) => line.order_id === placed.id)
          .reduce((total, line) => total + line.quantity, 0),
      ).toBe(2);
    expect(await waiting('?sku=BO-TWIN')).toEqual([]);
    const stock = await stockOf(shop, 'BO-TWIN');
    expect([stock.on_hand, stock.reserved, stock.waiting]).toEqual([12, 10, 0]);
    expect(await reconciled('BO-TWIN')).toBe(true);
    for (const placed of orders) expect((await order(placed.id)).status).toBe('placed');
  });
});
