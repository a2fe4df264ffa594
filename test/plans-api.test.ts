/**
 * Plans made on the store through the API: the store's history (imported from a history file), its
 * stock and purchase orders counted against the need, the plan kept and shown as the latest.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importHistory } from '../src/channels/index.js';
import type { PlanSummary, StoredPlan } from '../src/planner/contract.js';
import { body, expectError } from './support/api-helpers.js';
import { syntheticHistory } from './support/planner-history.js';
import { openShop, orderBody, type TestShop } from './support/shop.js';
import { engines } from './support/stores.js';

const window = { from: '2011-10-24', to: '2011-11-06' };

describe.each(engines)('plans on the store, %s', (engine) => {
  let shop: TestShop;
  const directory = mkdtempSync(join(tmpdir(), 'affluence-plans-'));
  const history = join(directory, 'history.csv');

  beforeAll(async () => {
    writeFileSync(history, syntheticHistory());
    shop = await openShop(engine);
  });
  afterAll(async () => {
    await shop?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('has no plan before the first, and refuses a history too short to learn from', async () => {
    expectError(await shop.admin('GET', '/v1/plans/latest'), 404, 'not_found');
    expectError(await shop.admin('POST', '/v1/plans', { window }), 422, 'history_too_short');
    expect(body<{ data: PlanSummary[] }>(await shop.admin('GET', '/v1/plans'), 200).data).toEqual([]);
  });

  it('plans from the store’s orders, counting its stock free and on order, and keeps the plan', async () => {
    expect(
      body(await shop.admin('PUT', '/v1/channels/uk', { name: 'UK shop', currency: 'GBP' }), 200),
    ).toBeTruthy();
    const imported = await importHistory(shop.ctx, history, { channel: 'uk', dryRun: false });
    if (!imported.ok) throw new Error(imported.message);
    await shop.admin('PUT', '/v1/locations/paris', {
      name: 'Paris warehouse',
      channels: ['web', 'marketplace', 'uk'],
    });
    body(
      await shop.admin('POST', '/v1/stock/receipts', { sku: '85123A', location: 'paris', quantity: 40 }),
      201,
    );
    body(
      await shop.admin('POST', '/v1/purchase-orders', {
        supplier: 'Atelier Dupont',
        location: 'paris',
        expected_on: '2011-11-01',
        lines: [{ sku: '22423', quantity: 25 }],
      }),
      201,
    );

    const made = body<StoredPlan>(
      await shop.admin('POST', '/v1/plans', { window, lead_time_days: 7, capacity_orders_per_s: 50 }),
      201,
    );
    expect(made.source).toBe('the store');
    expect(made.forecast.currency).toBe('GBP');
    expect(made.forecast.daily).toHaveLength(14);
    expect(made.forecast.daily.find((day) => day.date === '2011-10-29')).toMatchObject({
      open: false,
      orders: 0,
    });
    const heart = made.stock.lines.find((line) => line.sku === '85123A')!;
    expect(heart).toMatchObject({ name: 'WHITE HANGING HEART T-LIGHT HOLDER', available: 40, on_order: 0 });
    expect(heart.to_order).toBe(Math.max(0, heart.need - 40));
    const stand = made.stock.lines.find((line) => line.sku === '22423')!;
    expect(stand).toMatchObject({ available: 0, on_order: 25 });
    expect(stand.to_order).toBe(Math.max(0, stand.need - 25));
    expect(made.capacity).toMatchObject({
      capacity_orders_per_s: 50,
      capacity_source: 'given',
      enough: true,
    });

    const latest = body<StoredPlan>(await shop.admin('GET', '/v1/plans/latest'), 200);
    expect(latest).toEqual(made);
    expect(body<StoredPlan>(await shop.admin('GET', `/v1/plans/${made.id}`), 200).id).toBe(made.id);
    expect(body<{ data: PlanSummary[] }>(await shop.admin('GET', '/v1/plans'), 200).data).toEqual([
      { id: made.id, created_at: made.created_at, window },
    ]);
  });

  it('staffs the help desk from the contacts recorded per order, and by Erlang A when patience is given', async () => {
    body(
      await shop.storefront('POST', '/v1/orders', orderBody([{ sku: 'MUG-BLUE', quantity: 1 }]), {
        'idempotency-key': `plan-${engine}`,
      }),
      201,
    );
    for (const channel of ['phone', 'email'])
      body(await shop.admin('POST', '/v1/contacts', { channel, topic: 'where is my parcel' }), 201);
    // Today's order is history too: the plan learns from 2011 only, and the window stays after it.
    const made = body<StoredPlan>(
      await shop.admin('POST', '/v1/plans', {
        window,
        train_until: '2011-10-23',
        staffing: { patience_s: 90, handling_time_s: 300 },
      }),
      201,
    );
    expect(made.staff.assumptions).toMatchObject({
      contacts_per_order: 2,
      contacts_per_order_measured: true,
      patience_s: 90,
      handling_time_s: 300,
    });
    const monday = made.staff.days.find((day) => day.date === '2011-10-24')!;
    expect(monday.contacts).toBeCloseTo(monday.orders * 2);
    expect(monday.pickers).toBe(Math.ceil(monday.units / (60 * 7.5)));
    // Every past order came between 10:00 and 11:00 in London, 11:00 in the shop's Paris: so do the
    // contacts, but today's one order's.
    const hours = made.staff.busiest_day!.hours;
    expect(hours).toHaveLength(24);
    const contacts = hours.reduce((sum, hour) => sum + hour.contacts, 0);
    expect(hours[11]!.contacts / contacts).toBeGreaterThan(0.99);
    expect(hours[11]!.agents).toBe(Math.max(...hours.map((hour) => hour.agents)));
    expect(hours[11]!.service_level).toBeGreaterThanOrEqual(0.8);
    expect(hours[11]!.abandoned).toBeGreaterThanOrEqual(0);
    expect(hours[9]).toEqual({ hour: 9, contacts: 0, agents: 0, service_level: 1, abandoned: 0 });
  });

  it('refuses a window inside the history, bad input and an unknown plan clearly, keeping nothing', async () => {
    const inside = await shop.admin('POST', '/v1/plans', {
      window: { from: '2011-10-01', to: '2011-10-31' },
    });
    expectError(inside, 400, 'validation_failed');
    expectError(
      await shop.admin('POST', '/v1/plans', { window, service_level: 1.5 }),
      400,
      'validation_failed',
    );
    expectError(
      await shop.admin('POST', '/v1/plans', { window: { from: 'soon' } }),
      400,
      'validation_failed',
    );
    expectError(await shop.admin('GET', '/v1/plans/plan_nope'), 404, 'not_found');
    expect(body<{ data: PlanSummary[] }>(await shop.admin('GET', '/v1/plans'), 200).data).toHaveLength(2);
    expectError(await shop.storefront('GET', '/v1/plans/latest'), 403, 'forbidden');
  });
});
