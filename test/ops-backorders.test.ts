/**
 * Orders sold beyond stock in the operations room, on both stores: the overview counts the order
 * lines waiting for stock and those a purchase order closed short made late, and names the first of
 * them with their dates; the default rule on late lines fires through the evaluation the server runs,
 * stays while one is late, and resolves once stock has come for the last of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PurchaseOrder } from '../src/inventory/incoming/contract.js';
import { ensureDefaultAlertRules } from '../src/ops/alerts/default-rules.js';
import type { Overview } from '../src/ops/contract.js';
import type { Order } from '../src/orders/contract.js';
import { watchRule } from './support/alert-rule.js';
import { body, newSku, placeOrder } from './support/api-helpers.js';
import { manualClock, openShop, type TestShop } from './support/shop.js';
import { engines } from './support/stores.js';

const ruleId = 'backorders-delayed';

describe.each(engines)('orders sold beyond stock in the operations room on %s', (engine) => {
  let shop: TestShop;
  // 4 December 2026, 10:00 in Paris: the purchase orders below are expected days after.
  const clock = manualClock(Date.parse('2026-12-04T09:00:00Z'));

  beforeAll(async () => {
    shop = await openShop(engine, { clock });
    await ensureDefaultAlertRules(shop.ctx);
  });
  afterAll(() => shop.close());

  /** The overview as the live page gets it next: it is read again once a second of the shop's clock has gone by. */
  const backorders = async () => {
    clock.advance(1_000);
    return body<Overview>(await shop.admin('GET', '/v1/ops/overview'), 200).backorders;
  };
  const purchase = async (quantity: number, expected_on: string) =>
    body<PurchaseOrder>(
      await shop.admin('POST', '/v1/purchase-orders', {
        supplier: 'Atelier Dupont',
        location: 'paris',
        expected_on,
        lines: [{ sku: 'LATE-LAMP', quantity }],
      }),
      201,
    );
  const receive = async (id: string, quantity: number) =>
    body(
      await shop.admin('POST', `/v1/purchase-orders/${id}/receipts`, {
        lines: [{ sku: 'LATE-LAMP', quantity }],
      }),
      201,
    );
  const { evaluate, firing } = watchRule(() => shop, clock, ruleId);

  let first: Order;
  let second: Order;
  let late: PurchaseOrder;

  it('counts nothing while nothing is sold beyond stock', async () => {
    expect(await backorders()).toEqual({ waiting_lines: 0, delayed_lines: 0, delayed_line_list: [] });
    expect(await evaluate(2)).toEqual([]);
  });

  it('counts the lines waiting for a purchase order, none late while it keeps its date', async () => {
    await newSku(shop, 'LATE-LAMP', { paris: 1 });
    late = await purchase(4, '2026-12-10');
    body(await shop.admin('PUT', '/v1/backorder-terms/LATE-LAMP/web', { mode: 'backorder', limit: 4 }), 200);
    // The first order takes the lamp on hand and waits for one more; the second waits for both.
    first = body<Order>(await placeOrder(shop.storefront, [{ sku: 'LATE-LAMP', quantity: 2 }]), 201);
    second = body<Order>(await placeOrder(shop.storefront, [{ sku: 'LATE-LAMP', quantity: 2 }]), 201);
    expect([first, second].map((order) => order.lines[0]!.backordered)).toEqual([1, 2]);
    expect(await backorders()).toEqual({ waiting_lines: 2, delayed_lines: 0, delayed_line_list: [] });
    expect(await evaluate(2)).toEqual([]);
  });

  it('names the lines a purchase order closed short made late, and the default rule fires on them', async () => {
    body(await shop.admin('POST', `/v1/purchase-orders/${late.id}/close`), 200);
    const shown = await backorders();
    expect(shown).toMatchObject({ waiting_lines: 2, delayed_lines: 2 });
    // Those waiting longest first, each with the date promised and none now: nothing incoming covers them.
    expect(
      shown.delayed_line_list.map((line) => [
        line.order_number,
        line.sku,
        line.waiting,
        line.promised_on,
        line.expected_on,
        line.delayed,
      ]),
    ).toEqual([
      [first.number, 'LATE-LAMP', 1, '2026-12-10', null, true],
      [second.number, 'LATE-LAMP', 2, '2026-12-10', null, true],
    ]);

    expect(await evaluate()).toEqual([]);
    const fired = await evaluate();
    expect(fired.map((transition) => transition.event)).toEqual(['alert.fired']);
    const [alert] = await firing();
    expect(alert).toMatchObject({
      rule_name: 'Orders sold beyond stock are late',
      severity: 'warning',
      value: 2,
      message:
        '2 order lines sold beyond stock will miss their promised date: a purchase order is late or closed short',
    });
    const overview = body<Overview>(await shop.admin('GET', '/v1/ops/overview'), 200);
    expect(overview.alerts.map((shownAlert) => shownAlert.id)).toContain(alert!.id);
  });

  it('keeps firing while one line is still late, and resolves once stock has come for it', async () => {
    // Another supplier, later than promised: its first unit serves the first order; the second still waits, late.
    const rescue = await purchase(3, '2026-12-20');
    await receive(rescue.id, 1);
    const shown = await backorders();
    expect(shown).toMatchObject({ waiting_lines: 1, delayed_lines: 1 });
    expect(shown.delayed_line_list.map((line) => [line.order_id, line.waiting, line.expected_on])).toEqual([
      [second.id, 2, '2026-12-20'],
    ]);
    expect(await evaluate(3)).toEqual([]);
    expect(await firing()).toHaveLength(1);

    await receive(rescue.id, 2);
    expect(await backorders()).toEqual({ waiting_lines: 0, delayed_lines: 0, delayed_line_list: [] });
    expect(await evaluate(2)).toEqual([]);
    const resolved = await evaluate();
    expect(resolved.map((transition) => transition.event)).toEqual(['alert.resolved']);
    expect(await firing()).toEqual([]);
  });
});
