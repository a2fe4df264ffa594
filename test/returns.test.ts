/**
 * Returns over HTTP on both stores: authorised on a delivered order with a reason per line, within
 * its window and what was delivered; received and inspected (resellable units back on hand at the
 * location chosen, damaged ones written off, the ledger still balanced); refunded exactly against
 * the order's payments, once, never past what was captured; the order following its units back;
 * the label; and the return rates through the API and `affluence report returns`.
 */
import * as mupdf from 'mupdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportReturns } from '../src/cli/report-returns.js';
import type { Movement, Reconciliation } from '../src/inventory/contract.js';
import type { Overview } from '../src/ops/contract.js';
import type { Order } from '../src/orders/contract.js';
import type { OrderPayments } from '../src/payments/contract.js';
import { limits } from '../src/platform/core/limits.js';
import type { Page } from '../src/platform/http/schemas.js';
import type { OrderReturns, RefundPreview, Return, ReturnsAnalytics } from '../src/returns/contract.js';
import { returnsRoom } from '../src/returns/index.js';
import {
  body,
  eventsAfter,
  eventsEnd,
  expectError,
  movementsOf,
  placed,
  stockByLocation,
} from './support/api-helpers.js';
import { captureOutput } from './support/output.js';
import { manualClock, openShop, type TestShop } from './support/shop.js';
import { engines } from './support/stores.js';

const dayMs = 24 * 60 * 60 * 1000;

/** What the first `units` of `quantity` units are worth of `amount`, rounded half up. */
const shareOf = (amount: number, units: number, quantity: number) =>
  Math.floor((2 * amount * units + quantity) / (2 * quantity));

describe.each(engines)('returns on %s', (engine) => {
  // Monday 5 January 2026, 10:00 in Paris.
  const clock = manualClock(Date.parse('2026-01-05T09:00:00.000Z'));
  let shop: TestShop;
  const output = captureOutput();

  const orderOf = async (id: string) => body<Order>(await shop.admin('GET', `/v1/orders/${id}`), 200);
  const returnsOf = async (orderId: string) =>
    body<OrderReturns>(await shop.storefront('GET', `/v1/orders/${orderId}/returns`), 200);
  const returnOf = async (id: string) => body<Return>(await shop.admin('GET', `/v1/returns/${id}`), 200);
  const paymentsOf = async (orderId: string) =>
    body<OrderPayments>(await shop.admin('GET', `/v1/orders/${orderId}/payments`), 200);
  const authorise = (orderId: string, payload: unknown, headers: Record<string, string> = {}) =>
    shop.storefront('POST', `/v1/orders/${orderId}/returns`, payload, headers);
  const authorised = async (orderId: string, lines: unknown[], extra: Record<string, unknown> = {}) =>
    body<Return>(await authorise(orderId, { lines, ...extra }), 201);
  const receive = (id: string, payload: unknown) => shop.admin('POST', `/v1/returns/${id}/receipts`, payload);
  const refund = (id: string, payload: unknown = {}) =>
    shop.admin('POST', `/v1/returns/${id}/refund`, payload);
  const reconciled = async (sku: string) =>
    body<Reconciliation>(await shop.admin('GET', `/v1/stock/${sku}/reconciliation`), 200).balanced;

  /** An order placed, paid in full, and moved to delivered as the back office does. */
  const delivered = async (
    lines: { sku: string; quantity: number }[],
    extra: Record<string, unknown> = {},
  ) => {
    const order = await placed(shop.storefront, lines, extra);
    body(
      await shop.storefront('POST', `/v1/orders/${order.id}/payments`, {
        kind: 'capture',
        amount: order.total,
        psp: 'stripe',
        psp_reference: `pi_${order.id}`,
      }),
      201,
    );
    for (const to of ['fulfilling', 'shipped', 'delivered'])
      body(await shop.admin('POST', `/v1/orders/${order.id}/transitions`, { to }), 200);
    return { ...order, status: 'delivered' };
  };

  const sku = (name: string, weightG: number, web: number) => ({
    name,
    weight_g: weightG,
    prices: { web, marketplace: web },
  });

  beforeAll(async () => {
    shop = await openShop(engine, { clock });
    const setup: [string, string, unknown][] = [
      [
        'PUT',
        '/v1/locations/paris',
        {
          name: 'Paris warehouse',
          channels: ['web', 'marketplace'],
          address: { line1: '8 rue des Entrepôts', city: 'Saint-Ouen', postal_code: '93400', country: 'FR' },
        },
      ],
      ['PUT', '/v1/skus/RET-MUG', sku('Returns mug', 320, 1_290)],
      ['PUT', '/v1/skus/RET-TEE', sku('Returns tee', 180, 2_500)],
      ['PUT', '/v1/skus/RET-LAMP', sku('Returns lamp', 2_400, 8_900)],
      ['POST', '/v1/stock/receipts', { sku: 'RET-MUG', location: 'paris', quantity: 100 }],
      ['POST', '/v1/stock/receipts', { sku: 'RET-TEE', location: 'paris', quantity: 100 }],
      ['POST', '/v1/stock/receipts', { sku: 'RET-LAMP', location: 'paris', quantity: 100 }],
      [
        'POST',
        '/v1/promo-codes',
        { code: 'RET10', kind: 'amount', value: 1_000, channels: ['web'], stacks_with_sales: true },
      ],
      [
        'PUT',
        '/v1/return-policies/web',
        { window_days: 14, refund_shipping: { whole_order: true, shop_fault: true }, location: 'paris' },
      ],
    ];
    for (const [method, url, payload] of setup) {
      const response = await shop.admin(method as 'PUT' | 'POST', url, payload);
      expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
    }
  });
  afterAll(() => shop.close());

  describe('authorising', () => {
    it('authorises a return of a delivered order, each line with its reason, and answers a retried key alike', async () => {
      const order = await delivered([
        { sku: 'RET-MUG', quantity: 2 },
        { sku: 'RET-TEE', quantity: 1 },
      ]);
      const before = await returnsOf(order.id);
      // Delivered on Monday 5 January in Paris: 14 whole days after it, to the shop's midnight.
      expect(before).toMatchObject({
        order_status: 'delivered',
        window_closes_at: '2026-01-19T23:00:00.000Z',
        window_open: true,
        returns: [],
      });
      expect(before.lines.map((line) => [line.sku, line.returnable])).toEqual([
        ['RET-MUG', 2],
        ['RET-TEE', 1],
      ]);
      const feedEnd = await eventsEnd(shop);
      const key = { 'idempotency-key': `ret-${order.id}` };
      const payload = {
        lines: [
          { sku: 'RET-MUG', quantity: 1, reason: 'wrong_size' },
          { sku: 'RET-TEE', quantity: 1, reason: 'defective', note: 'The seam came open' },
        ],
      };
      const created = body<Return>(await authorise(order.id, payload, key), 201);
      expect(created).toMatchObject({
        order_id: order.id,
        order_number: order.number,
        status: 'authorised',
        location: 'paris',
        send_back_by: '2026-01-19',
        currency: 'EUR',
        refund: { total: 0, tax: 0, shipping: 0, payment_id: null },
      });
      expect(
        created.lines.map((line) => [line.sku, line.quantity, line.reason, line.note, line.received]),
      ).toEqual([
        ['RET-MUG', 1, 'wrong_size', null, 0],
        ['RET-TEE', 1, 'defective', 'The seam came open', 0],
      ]);
      expect((await returnsOf(order.id)).lines.map((line) => [line.sku, line.returnable])).toEqual([
        ['RET-MUG', 1],
        ['RET-TEE', 0],
      ]);
      const again = body<Return>(await authorise(order.id, payload, key), 200);
      expect(again.id).toBe(created.id);
      expectError(
        await authorise(order.id, { lines: [{ sku: 'RET-MUG', quantity: 1, reason: 'changed_mind' }] }, key),
        422,
        'idempotency_key_reused',
      );
      const { events } = await eventsAfter(shop, feedEnd);
      expect(events.filter((event) => event.entity_id === created.id).map((event) => event.type)).toEqual([
        'return.authorised',
      ]);
      expect((await returnsOf(order.id)).returns.map((row) => row.id)).toEqual([created.id]);
    });

    it('refuses an order not delivered, units beyond what was delivered, a reason off the list; nothing changes', async () => {
      const paid = await placed(shop.storefront, [{ sku: 'RET-MUG', quantity: 1 }]);
      const refused = expectError(
        await authorise(paid.id, { lines: [{ sku: 'RET-MUG', quantity: 1, reason: 'changed_mind' }] }),
        409,
        'order_not_returnable',
      );
      expect(refused.details).toMatchObject({ status: 'placed' });

      const order = await delivered([{ sku: 'RET-MUG', quantity: 2 }]);
      const over = expectError(
        await authorise(order.id, {
          lines: [
            { sku: 'RET-MUG', quantity: 3, reason: 'changed_mind' },
            { sku: 'RET-LAMP', quantity: 1, reason: 'wrong_item' },
          ],
        }),
        422,
        'return_quantity_exceeded',
      );
      expect(over.details).toEqual({
        lines: [
          { sku: 'RET-MUG', requested: 3, delivered: 2, returnable: 2 },
          { sku: 'RET-LAMP', requested: 1, delivered: 0, returnable: 0 },
        ],
      });
      expectError(
        await authorise(order.id, { lines: [{ sku: 'RET-MUG', quantity: 1, reason: 'too_expensive' }] }),
        400,
        'validation_failed',
      );
      expectError(
        await authorise(order.id, { lines: [{ sku: 'RET-MUG', quantity: 1, reason: 'other' }] }),
        400,
        'validation_failed',
      );
      const after = await returnsOf(order.id);
      expect(after.returns).toEqual([]);
      expect(after.lines).toEqual([{ sku: 'RET-MUG', delivered: 2, held: 0, returnable: 2 }]);
    });

    it('closes the window at the shop’s midnight after the last day; a cancelled return frees its units', async () => {
      const order = await delivered([{ sku: 'RET-TEE', quantity: 2 }]);
      const { window_closes_at } = await returnsOf(order.id);
      const lines = [{ sku: 'RET-TEE', quantity: 2, reason: 'changed_mind' }];
      clock.set(Date.parse(window_closes_at!) - 1);
      const last = await authorised(order.id, lines);
      expectError(
        await authorise(order.id, { lines: [{ ...lines[0], quantity: 1 }] }),
        422,
        'return_quantity_exceeded',
      );
      const cancelled = body<Return>(await shop.storefront('POST', `/v1/returns/${last.id}/cancel`), 200);
      expect(cancelled.status).toBe('cancelled');
      expect((await returnsOf(order.id)).lines[0]!.returnable).toBe(2);
      expectError(
        await receive(last.id, { location: 'paris', lines: [{ sku: 'RET-TEE', resellable: 1, damaged: 0 }] }),
        409,
        'return_not_receivable',
      );

      clock.advance(1);
      const closed = expectError(await authorise(order.id, { lines }), 409, 'return_window_closed');
      expect(closed.details).toMatchObject({ closed_at: window_closes_at });
      expect((await returnsOf(order.id)).window_open).toBe(false);
      expect((await returnsOf(order.id)).returns.map((row) => row.status)).toEqual(['cancelled']);
    });
  });

  describe('receiving', () => {
    it('puts resellable units back on hand where chosen and writes damaged ones off with their reason; the ledger still balances', async () => {
      const order = await delivered([{ sku: 'RET-MUG', quantity: 3 }]);
      const ret = await authorised(order.id, [{ sku: 'RET-MUG', quantity: 3, reason: 'defective' }]);
      const before = await stockByLocation(shop, 'RET-MUG');
      const received = body<Return>(
        await receive(ret.id, {
          location: 'lyon',
          lines: [{ sku: 'RET-MUG', resellable: 2, damaged: 1, damage_reason: 'Cracked glaze' }],
        }),
        200,
      );
      expect(received.status).toBe('received');
      expect(received.received_at).not.toBeNull();
      expect(received.lines[0]).toMatchObject({
        received: 3,
        resellable: 2,
        damaged: 1,
        damage_reason: 'Cracked glaze',
      });
      const after = await stockByLocation(shop, 'RET-MUG');
      expect(after.lyon).toEqual([(before.lyon?.[0] ?? 0) + 2, before.lyon?.[1] ?? 0]);
      expect(after.paris).toEqual(before.paris);
      const ledger = (await movementsOf(shop, 'RET-MUG', 100)).filter(
        (movement: Movement) => movement.reference === ret.id,
      );
      expect(
        ledger.map((movement) => [movement.kind, movement.location, movement.quantity, movement.reason]),
      ).toEqual([
        ['return', 'lyon', 3, 'defective'],
        ['write_off', 'lyon', -1, 'Cracked glaze'],
      ]);
      expect(await reconciled('RET-MUG')).toBe(true);
      expect((await orderOf(order.id)).status).toBe('returned');
    });

    it('gives resellable units to the orders waiting for the SKU first, damaged ones to nobody', async () => {
      body(await shop.admin('PUT', '/v1/skus/RET-WAIT', sku('Returns vase', 900, 3_900)), 200);
      body(
        await shop.admin('POST', '/v1/stock/receipts', { sku: 'RET-WAIT', location: 'paris', quantity: 2 }),
        201,
      );
      const order = await delivered([{ sku: 'RET-WAIT', quantity: 2 }]);
      body(
        await shop.admin('POST', '/v1/purchase-orders', {
          supplier: 'Atelier Dupont',
          location: 'paris',
          expected_on: '2026-01-20',
          lines: [{ sku: 'RET-WAIT', quantity: 5 }],
        }),
        201,
      );
      body(await shop.admin('PUT', '/v1/backorder-terms/RET-WAIT/web', { mode: 'backorder', limit: 3 }), 200);
      const waiting = await placed(shop.storefront, [{ sku: 'RET-WAIT', quantity: 2 }]);
      expect(waiting.lines[0]!.backordered).toBe(2);
      const ret = await authorised(order.id, [{ sku: 'RET-WAIT', quantity: 2, reason: 'changed_mind' }]);
      body(
        await receive(ret.id, {
          location: 'paris',
          lines: [{ sku: 'RET-WAIT', resellable: 1, damaged: 1, damage_reason: 'Scratched' }],
        }),
        200,
      );
      const still = body<Page<{ order_id: string; waiting: number }>>(
        await shop.admin('GET', '/v1/backorders?sku=RET-WAIT'),
        200,
      ).data;
      expect(still.map((line) => [line.order_id, line.waiting])).toEqual([[waiting.id, 1]]);
      expect(await stockByLocation(shop, 'RET-WAIT')).toEqual({ paris: [1, 1] });
      expect(await reconciled('RET-WAIT')).toBe(true);
      const events = body<{ data: { type: string; payload: { return_id?: string } }[] }>(
        await shop.admin('GET', `/v1/orders/${waiting.id}/events`),
        200,
      ).data;
      expect(events.find((event) => event.type === 'order.backorder_allocated')?.payload.return_id).toBe(
        ret.id,
      );
    });

    it('refuses more than was authorised, a damage without its reason, an unknown location; nothing changes', async () => {
      const order = await delivered([{ sku: 'RET-TEE', quantity: 2 }]);
      const ret = await authorised(order.id, [{ sku: 'RET-TEE', quantity: 1, reason: 'wrong_size' }]);
      const stock = await stockByLocation(shop, 'RET-TEE');
      const ledger = (await movementsOf(shop, 'RET-TEE', 100)).length;
      const over = expectError(
        await receive(ret.id, { location: 'paris', lines: [{ sku: 'RET-TEE', resellable: 2, damaged: 0 }] }),
        422,
        'return_quantity_exceeded',
      );
      expect(over.details).toEqual({ lines: [{ sku: 'RET-TEE', receiving: 2, authorised: 1, received: 0 }] });
      expectError(
        await receive(ret.id, { location: 'paris', lines: [{ sku: 'RET-TEE', resellable: 0, damaged: 1 }] }),
        400,
        'validation_failed',
      );
      expectError(
        await receive(ret.id, { location: 'rome', lines: [{ sku: 'RET-TEE', resellable: 1, damaged: 0 }] }),
        422,
        'unknown_location',
      );
      expect(await stockByLocation(shop, 'RET-TEE')).toEqual(stock);
      expect(await movementsOf(shop, 'RET-TEE', 100)).toHaveLength(ledger);
      expect(await returnOf(ret.id)).toMatchObject({ status: 'authorised', lines: [{ received: 0 }] });
      expect((await orderOf(order.id)).status).toBe('delivered');
    });

    it('makes the order partially returned with its first units back, returned when every delivered unit is', async () => {
      const order = await delivered([
        { sku: 'RET-MUG', quantity: 2 },
        { sku: 'RET-TEE', quantity: 1 },
      ]);
      const first = await authorised(order.id, [{ sku: 'RET-MUG', quantity: 1, reason: 'changed_mind' }]);
      body(
        await receive(first.id, {
          location: 'paris',
          lines: [{ sku: 'RET-MUG', resellable: 1, damaged: 0 }],
        }),
        200,
      );
      expect((await orderOf(order.id)).status).toBe('partially_returned');
      const second = await authorised(order.id, [
        { sku: 'RET-MUG', quantity: 1, reason: 'changed_mind' },
        { sku: 'RET-TEE', quantity: 1, reason: 'wrong_item' },
      ]);
      body(
        await receive(second.id, {
          location: 'paris',
          lines: [{ sku: 'RET-MUG', resellable: 1, damaged: 0 }],
        }),
        200,
      );
      expect((await orderOf(order.id)).status).toBe('partially_returned');
      // The rest of the return comes in a parcel of its own.
      body(
        await receive(second.id, {
          location: 'paris',
          lines: [{ sku: 'RET-TEE', resellable: 1, damaged: 0 }],
        }),
        200,
      );
      expect((await orderOf(order.id)).status).toBe('returned');
      const history = body<{ data: { type: string }[] }>(
        await shop.admin('GET', `/v1/orders/${order.id}/events`),
        200,
      );
      expect(history.data.map((event) => event.type).slice(-2)).toEqual([
        'order.partially_returned',
        'order.returned',
      ]);
      expectError(
        await authorise(order.id, { lines: [{ sku: 'RET-MUG', quantity: 1, reason: 'changed_mind' }] }),
        409,
        'order_not_returnable',
      );
      expectError(
        await shop.admin('POST', `/v1/orders/${order.id}/transitions`, { to: 'delivered' }),
        409,
        'invalid_transition',
      );
      for (const sku of ['RET-MUG', 'RET-TEE']) expect(await reconciled(sku)).toBe(true);
    });
  });

  describe('refunding', () => {
    it('refunds a partial return of a discounted line exactly, VAT shown, once, and the rest when the rest comes back', async () => {
      const order = await delivered(
        [
          { sku: 'RET-TEE', quantity: 3 },
          { sku: 'RET-MUG', quantity: 1 },
        ],
        { promo_codes: ['RET10'] },
      );
      // 10.00 off 75.00 + 12.90, shared by the lines' amounts; 20 % VAT included.
      const tee = order.lines.find((line) => line.sku === 'RET-TEE')!;
      const mug = order.lines.find((line) => line.sku === 'RET-MUG')!;
      expect([order.total, tee.total, tee.discount, mug.total]).toEqual([7_790, 6_647, 853, 1_143]);
      expect(tee.tax + mug.tax).toBe(order.tax_total);

      const partial = await authorised(order.id, [{ sku: 'RET-TEE', quantity: 2, reason: 'changed_mind' }]);
      expectError(await refund(partial.id), 409, 'return_not_refundable');
      body(
        await receive(partial.id, {
          location: 'paris',
          lines: [{ sku: 'RET-TEE', resellable: 2, damaged: 0 }],
        }),
        200,
      );
      const feedEnd = await eventsEnd(shop);
      const refunded = body<Return>(await refund(partial.id), 201);
      const twoTees = shareOf(tee.total, 2, 3);
      expect(twoTees).toBe(4_431);
      expect(refunded).toMatchObject({
        status: 'refunded',
        refund: { total: twoTees, tax: shareOf(tee.tax, 2, 3), shipping: 0 },
        lines: [{ sku: 'RET-TEE', refunded: 2, refund: twoTees, refund_tax: shareOf(tee.tax, 2, 3) }],
      });
      const payments = await paymentsOf(order.id);
      expect(payments.data.filter((payment) => payment.kind === 'refund')).toEqual([
        expect.objectContaining({
          id: refunded.refund.payment_id,
          amount: twoTees,
          psp: 'stripe',
          psp_reference: partial.id,
        }),
      ]);
      expect(payments.summary).toMatchObject({ captured: 7_790, refunded: twoTees });

      // Asked again: the same refund, nothing more recorded.
      const again = body<Return>(await refund(partial.id), 200);
      expect(again.refund).toEqual(refunded.refund);
      expect((await paymentsOf(order.id)).data).toHaveLength(payments.data.length);
      const { events } = await eventsAfter(shop, feedEnd);
      expect(events.map((event) => event.type)).toEqual(['payment.recorded', 'return.refunded']);

      // The last tee and the mug: the tees' refunds add up to what their line was paid, and the order to its total.
      const rest = await authorised(order.id, [
        { sku: 'RET-TEE', quantity: 1, reason: 'changed_mind' },
        { sku: 'RET-MUG', quantity: 1, reason: 'changed_mind' },
      ]);
      body(
        await receive(rest.id, {
          location: 'paris',
          lines: [
            { sku: 'RET-TEE', resellable: 1, damaged: 0 },
            { sku: 'RET-MUG', resellable: 0, damaged: 1, damage_reason: 'Broken in the parcel' },
          ],
        }),
        200,
      );
      const last = body<Return>(await refund(rest.id), 201);
      expect(last.lines.map((line) => [line.sku, line.refund, line.refund_tax])).toEqual([
        ['RET-MUG', mug.total, mug.tax],
        ['RET-TEE', tee.total - twoTees, tee.tax - shareOf(tee.tax, 2, 3)],
      ]);
      expect(twoTees + last.refund.total).toBe(order.total);
      expect(refunded.refund.tax + last.refund.tax).toBe(order.tax_total);
      expect((await paymentsOf(order.id)).summary).toMatchObject({ captured: 7_790, refunded: 7_790 });
      expect((await orderOf(order.id)).status).toBe('returned');
    });

    it('previews a refund by the refund’s own computation, recording nothing; the refund then gives the same', async () => {
      const order = await delivered(
        [
          { sku: 'RET-TEE', quantity: 3 },
          { sku: 'RET-MUG', quantity: 1 },
        ],
        { promo_codes: ['RET10'] },
      );
      const preview = (id: string) => shop.admin('GET', `/v1/returns/${id}/refund`);
      /** The preview as the refund's answer shows the same figures. */
      const asRefunded = (view: Return) => ({
        return_id: view.id,
        currency: view.currency,
        total: view.refund.total,
        tax: view.refund.tax,
        shipping: view.refund.shipping,
        lines: view.lines
          .filter((line) => line.refunded > 0)
          .map((line) => ({
            sku: line.sku,
            units: line.refunded,
            amount: line.refund,
            tax: line.refund_tax,
          })),
      });

      const first = await authorised(order.id, [{ sku: 'RET-TEE', quantity: 2, reason: 'changed_mind' }]);
      expectError(await preview(first.id), 409, 'return_not_refundable');
      body(
        await receive(first.id, {
          location: 'paris',
          lines: [{ sku: 'RET-TEE', resellable: 2, damaged: 0 }],
        }),
        200,
      );
      const feedEnd = await eventsEnd(shop);
      const before = body<RefundPreview>(await preview(first.id), 200);
      const tee = order.lines.find((line) => line.sku === 'RET-TEE')!;
      expect(before).toEqual({
        return_id: first.id,
        refunded: false,
        currency: 'EUR',
        total: shareOf(tee.total, 2, 3),
        tax: shareOf(tee.tax, 2, 3),
        shipping: 0,
        lines: [{ sku: 'RET-TEE', units: 2, amount: shareOf(tee.total, 2, 3), tax: shareOf(tee.tax, 2, 3) }],
      });
      // Nothing recorded: no payment, no event, the return still waiting for its refund.
      expect((await eventsAfter(shop, feedEnd)).events).toEqual([]);
      expect((await paymentsOf(order.id)).summary.refunded).toBe(0);
      expect((await returnOf(first.id)).status).toBe('received');

      const refunded = body<Return>(await refund(first.id), 201);
      expect({ ...before, refunded: true }).toEqual({ ...asRefunded(refunded), refunded: true });
      // Once refunded, it answers the refund made.
      expect(body<RefundPreview>(await preview(first.id), 200)).toEqual({
        ...asRefunded(refunded),
        refunded: true,
      });

      // The rest, after a first refund: the last tee's share is what is left of its line.
      const rest = await authorised(order.id, [
        { sku: 'RET-TEE', quantity: 1, reason: 'changed_mind' },
        { sku: 'RET-MUG', quantity: 1, reason: 'defective' },
      ]);
      body(
        await receive(rest.id, {
          location: 'paris',
          lines: [
            { sku: 'RET-TEE', resellable: 1, damaged: 0 },
            { sku: 'RET-MUG', resellable: 1, damaged: 0 },
          ],
        }),
        200,
      );
      const last = body<RefundPreview>(await preview(rest.id), 200);
      expect(last.total + before.total).toBe(order.total);
      const lastRefunded = body<Return>(await refund(rest.id), 201);
      expect(last).toEqual({ ...asRefunded(lastRefunded), refunded: false });
      expectError(await shop.storefront('GET', `/v1/returns/${rest.id}/refund`), 403, 'forbidden');
      expectError(await preview('ret_nothing'), 404, 'not_found');
    });

    it('never refunds past what was captured, and changes nothing when it cannot', async () => {
      const order = await delivered([{ sku: 'RET-LAMP', quantity: 1 }]);
      // The shop already gave most of it back by hand, at the provider.
      body(
        await shop.admin('POST', `/v1/orders/${order.id}/payments`, {
          kind: 'refund',
          amount: order.total - 100,
          psp: 'stripe',
          psp_reference: `re_goodwill_${order.id}`,
        }),
        201,
      );
      const ret = await authorised(order.id, [{ sku: 'RET-LAMP', quantity: 1, reason: 'not_as_described' }]);
      body(
        await receive(ret.id, { location: 'paris', lines: [{ sku: 'RET-LAMP', resellable: 1, damaged: 0 }] }),
        200,
      );
      const refused = expectError(await refund(ret.id), 409, 'refund_exceeds_captured');
      expect(refused.details).toMatchObject({
        amount: order.total,
        captured: order.total,
        refunded: order.total - 100,
      });
      expect(await returnOf(ret.id)).toMatchObject({
        status: 'received',
        refund: { total: 0, payment_id: null },
      });
      expect((await paymentsOf(order.id)).summary.refunded).toBe(order.total - 100);
    });
  });

  describe('the label', () => {
    it('is a PDF from the customer to the warehouse carrying the return’s id, and ZPL alike', async () => {
      const order = await delivered([{ sku: 'RET-MUG', quantity: 2 }]);
      const ret = await authorised(order.id, [{ sku: 'RET-MUG', quantity: 2, reason: 'damaged_in_transit' }]);
      const response = await shop.storefront('GET', `/v1/returns/${ret.id}/label.pdf`);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-type']).toBe('application/pdf');
      expect(response.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      const document = mupdf.Document.openDocument(response.rawPayload, 'application/pdf');
      const text = document.loadPage(0).toStructuredText('preserve-whitespace').asText();
      for (const expected of [
        ret.id,
        'From: Camille Martin',
        '75002 Paris',
        'Paris warehouse',
        '93400 Saint-Ouen',
        `Order ${order.number}`,
        '640 g',
      ])
        expect(text).toContain(expected);
      const zpl = await shop.storefront('GET', `/v1/returns/${ret.id}/label.zpl`);
      expect(zpl.statusCode).toBe(200);
      expect(zpl.body).toMatch(/^\^XA/);
      expect(zpl.body).toContain(`^FD${ret.id}^FS`);
    });

    it('needs a location to go back to', async () => {
      const order = await delivered([{ sku: 'RET-MUG', quantity: 1 }], { channel: 'marketplace' });
      const ret = await authorised(order.id, [{ sku: 'RET-MUG', quantity: 1, reason: 'changed_mind' }]);
      expect(ret.location).toBeNull();
      expectError(
        await shop.storefront('GET', `/v1/returns/${ret.id}/label.pdf`),
        422,
        'return_location_unset',
      );
    });
  });

  describe('the report', () => {
    const period = { from: '2026-03-02', to: '2026-03-15' };

    beforeAll(async () => {
      // Two weeks of their own: Monday 2 March 2026, then the week after.
      clock.set(Date.parse('2026-03-02T09:00:00.000Z'));
      const first = await delivered([{ sku: 'RET-LAMP', quantity: 4 }]);
      const early = await authorised(first.id, [{ sku: 'RET-LAMP', quantity: 1, reason: 'wrong_size' }]);
      body(
        await receive(early.id, {
          location: 'paris',
          lines: [{ sku: 'RET-LAMP', resellable: 1, damaged: 0 }],
        }),
        200,
      );
      clock.advance(7 * dayMs);
      const second = await delivered([{ sku: 'RET-LAMP', quantity: 2 }]);
      await authorised(first.id, [{ sku: 'RET-LAMP', quantity: 1, reason: 'defective' }]);
      await authorised(second.id, [{ sku: 'RET-LAMP', quantity: 1, reason: 'defective' }]);
      const cancelled = await authorised(second.id, [
        { sku: 'RET-LAMP', quantity: 1, reason: 'changed_mind' },
      ]);
      body(await shop.admin('POST', `/v1/returns/${cancelled.id}/cancel`), 200);
    });

    it('gives units returned against units delivered by week, SKU and reason, with rates in basis points', async () => {
      const report = body<ReturnsAnalytics>(
        await shop.admin('GET', `/v1/returns/analytics?from=${period.from}&to=${period.to}&channel=web`),
        200,
      );
      expect(report).toMatchObject({
        from: '2026-03-02',
        to: '2026-03-15',
        time_zone: 'Europe/Paris',
        channel: 'web',
      });
      expect(report.totals).toEqual({ delivered: 6, returned: 3, received: 1, rate_bp: 5_000 });
      expect(report.by_week).toEqual([
        { week: '2026-W10', starts_on: '2026-03-02', delivered: 4, returned: 1, received: 1, rate_bp: 2_500 },
        {
          week: '2026-W11',
          starts_on: '2026-03-09',
          delivered: 2,
          returned: 2,
          received: 0,
          rate_bp: 10_000,
        },
      ]);
      expect(report.by_sku).toEqual([
        { sku: 'RET-LAMP', name: 'Returns lamp', delivered: 6, returned: 3, received: 1, rate_bp: 5_000 },
      ]);
      const reasons = Object.fromEntries(
        report.by_reason.map((row) => [row.reason, [row.returned, row.rate_bp]]),
      );
      expect(reasons).toMatchObject({ wrong_size: [1, 1_667], defective: [2, 3_333], changed_mind: [0, 0] });
      expectError(
        await shop.admin('GET', '/v1/returns/analytics?from=2026-03-15&to=2026-03-02'),
        400,
        'validation_failed',
      );
      expectError(
        await shop.admin('GET', '/v1/returns/analytics?from=2025-01-01&to=2026-03-02'),
        400,
        'validation_failed',
      );
      expectError(await shop.admin('GET', '/v1/returns/analytics?channel=nowhere'), 422, 'unknown_channel');
    });

    it('gives the operations room the returns waiting and the last weeks, this one last', async () => {
      const room = await returnsRoom(shop.ctx);
      const waiting = async (status: string) =>
        body<Page<Return>>(await shop.admin('GET', `/v1/returns?status=${status}&limit=1000`), 200).data
          .length;
      expect(room.awaiting_receipt).toBe(await waiting('authorised'));
      expect(room.awaiting_refund).toBe(await waiting('received'));
      expect(room.awaiting_receipt).toBeGreaterThanOrEqual(2);
      expect(room.weeks).toHaveLength(8);
      expect(room.weeks.slice(-2)).toEqual([
        { week: '2026-W10', starts_on: '2026-03-02', delivered: 4, returned: 1, received: 1, rate_bp: 2_500 },
        {
          week: '2026-W11',
          starts_on: '2026-03-09',
          delivered: 2,
          returned: 2,
          received: 0,
          rate_bp: 10_000,
        },
      ]);
    });

    it('puts the returns waiting and the last weeks in the operations room’s overview', async () => {
      // The room reads returns again once a minute of the shop's clock: a read before this one is past.
      clock.advance(limits.returnsRoomRefreshMs);
      const { returns } = body<Overview>(await shop.admin('GET', '/v1/ops/overview'), 200);
      expect(returns).toEqual(await returnsRoom(shop.ctx));
      expect(returns.weeks).toHaveLength(limits.returnsRoomWeeks);
      expect(returns.weeks.at(-1)).toMatchObject({
        week: '2026-W11',
        delivered: 2,
        returned: 2,
        rate_bp: 10_000,
      });
      expect(returns.totals.returned).toBe(returns.weeks.reduce((sum, week) => sum + week.returned, 0));
      expect(returns.top_skus.length).toBeLessThanOrEqual(limits.returnsRoomTopMax);
      expect(returns.top_skus.find((row) => row.sku === 'RET-LAMP')).toMatchObject({ name: 'Returns lamp' });
      expect(returns.top_reasons.length).toBeLessThanOrEqual(limits.returnsRoomTopMax);
      expect(returns.top_reasons.every((row) => row.returned > 0)).toBe(true);
      const given = returns.top_reasons.map((row) => row.returned);
      expect(given).toEqual([...given].sort((a, b) => b - a));
    });

    it('prints the same figures from the command line, or the API’s JSON', async () => {
      await reportReturns(shop.testStore.location, { ...period, channel: 'web' });
      const text = output.out();
      expect(text).toContain('Returns, weeks of 2026-03-02 to 2026-03-15 (Europe/Paris), channel web');
      expect(text).toContain('Returned 3 of 6 units delivered: 50.00 %; 1 received back so far.');
      expect(text).toMatch(/2026-W10 +2026-03-02 +4 +1 +1 +25\.00 %\n/);
      expect(text).toMatch(/2026-W11 +2026-03-09 +2 +2 +0 +100\.00 %\n/);
      expect(text).toMatch(/defective +6 +2 +0 +33\.33 %\n/);
      expect(text).toMatch(/RET-LAMP \(Returns lamp\) +6 +3 +1 +50\.00 %/);

      await reportReturns(shop.testStore.location, { ...period, channel: 'web', json: true });
      const api = body<ReturnsAnalytics>(
        await shop.admin('GET', `/v1/returns/analytics?from=${period.from}&to=${period.to}&channel=web`),
        200,
      );
      expect(JSON.parse(output.out().slice(text.length))).toEqual(api);
    });
  });
});
