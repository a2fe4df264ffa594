/** The demo shop as a user finds it: a catalog, set up to ship, stock that adds up, an order history, seeded once. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAdventCalendar } from '../src/campaigns/advent/calendars.js';
import { listPlays } from '../src/campaigns/advent/openings.js';
import { listConflicts } from '../src/campaigns/calendar/conflicts.js';
import { adventParticipation } from '../src/campaigns/index.js';
import { SelectionReader } from '../src/campaigns/selections/selection-reader.js';
import { listChannels, listLocations, listSkus } from '../src/catalog/catalog.js';
import { isValidGtin13 } from '../src/catalog/core/gtin.js';
import {
  type DemoPhase,
  type DemoSummary,
  hasDemo,
  type SeedDemoOptions,
  seedDemo,
} from '../src/demo/seed.js';
import { listCarriers, sampleNotice } from '../src/fulfilment/carriers/carriers.js';
import { shippingSavings } from '../src/fulfilment/savings/savings.js';
import { getZones, listPackagings } from '../src/fulfilment/warehouse/warehouse.js';
import { AvailabilityReader, noFreezes } from '../src/inventory/availability.js';
import { listBackorderTerms } from '../src/inventory/incoming/backorders.js';
import { listPurchaseOrders } from '../src/inventory/incoming/purchase-orders.js';
import type { Order } from '../src/orders/contract.js';
import { listOrders } from '../src/orders/orders.js';
import { type AppContext, createContext } from '../src/platform/context.js';
import type { Store } from '../src/platform/store/store.js';
import { listPromoCodes } from '../src/pricing/promo-codes/promo-codes.js';
import { openStore } from '../src/server/store.js';

/** A fixed present, so that two seeds of the same shop can be compared. */
const now = Date.parse('2025-11-28T15:00:00Z');
const small = { skuCount: 300, historyDays: 7, seed: 42 } as const;
const admin = { apiKeyId: 'test', isAdmin: true };

const directory = mkdtempSync(join(tmpdir(), 'affluence-demo-'));
const stores: Store[] = [];

async function openContext(name: string, nowMs = now): Promise<AppContext> {
  const store = await openStore(join(directory, `${name}.db`));
  stores.push(store);
  return createContext(store, { now: () => nowMs });
}

async function seeded(name: string, options: SeedDemoOptions = {}) {
  const ctx = await openContext(name);
  const summary = await seedDemo(ctx, { ...small, ...options });
  return { ctx, summary };
}

async function allOrders(ctx: AppContext): Promise<Order[]> {
  const orders: Order[] = [];
  for (let cursor: string | undefined; ; ) {
    const page = await listOrders(ctx, { cursor, limit: 1_000 }, admin);
    orders.push(...page.data);
    if (page.next_cursor === null) return orders;
    cursor = page.next_cursor;
  }
}

/** Every row a writer leaves, with the store's random order ids replaced by the order numbers. */
async function dump(ctx: AppContext) {
  const db = ctx.store.db;
  const orders = await db.selectFrom('orders').selectAll().orderBy('number').execute();
  const numbers = new Map(orders.map((order) => [order.id, order.number]));
  // Campaigns, their items and purchase orders by the order they first appear in: their ids are drawn at random.
  const drawn = new Map<string, string>();
  const named = (text: string) =>
    text
      .replace(/ord_[0-9A-Z]{26}/g, (id) => numbers.get(id) ?? id)
      .replace(/(cmpi?|po)_[0-9A-Z]{26}/g, (id) => {
        if (!drawn.has(id)) drawn.set(id, `${id.slice(0, id.indexOf('_'))}#${drawn.size + 1}`);
        return drawn.get(id)!;
      });
  // Rows in a stable order: the writers may insert them in another order than each other.
  const sorted = <T>(rows: T[]) => rows.map((row) => JSON.stringify(row)).sort();
  const table = async (
    name: 'stock_levels' | 'stock_movements' | 'prices' | 'price_changes' | 'skus' | 'sku_terms',
  ) => sorted(await db.selectFrom(name).selectAll().execute());
  return {
    orders: orders.map(({ id, ...order }) => order),
    lines: (
      await db.selectFrom('order_lines').selectAll().orderBy('order_id').orderBy('line_no').execute()
    ).map((line) => ({ ...line, order_id: numbers.get(line.order_id) })),
    allocations: (await db.selectFrom('order_allocations').selectAll().execute())
      .map((allocation) => ({ ...allocation, owner_id: numbers.get(allocation.owner_id) }))
      .sort((a, b) => `${a.owner_id} ${a.sku}`.localeCompare(`${b.owner_id} ${b.sku}`)),
    keys: (await db.selectFrom('idempotency_keys').selectAll().orderBy('key').execute()).map((key) => ({
      ...key,
      order_id: numbers.get(key.order_id),
      response: named(key.response),
    })),
    events: (await db.selectFrom('events').selectAll().orderBy('id').execute()).map((event) => ({
      ...event,
      entity_id: named(event.entity_id),
      payload: named(event.payload),
    })),
    stockLevels: await table('stock_levels'),
    movements: await table('stock_movements'),
    skus: await table('skus'),
    terms: await table('sku_terms'),
    prices: await table('prices'),
    priceHistory: await table('price_changes'),
    counters: await db.selectFrom('counters').selectAll().orderBy('name').execute(),
  };
}

afterAll(async () => {
  for (const store of stores) await store.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('the demo shop', () => {
  let ctx: AppContext;
  let summary: DemoSummary;
  const progress = new Map<DemoPhase, { done: number; total: number; calls: number }>();

  beforeAll(async () => {
    ctx = await openContext('shop');
    expect(await hasDemo(ctx)).toBe(false);
    summary = await seedDemo(ctx, {
      ...small,
      onProgress: (done, total, phase) => {
        const seen = progress.get(phase);
        expect(done).toBeGreaterThanOrEqual(seen?.done ?? 0);
        progress.set(phase, { done, total, calls: (seen?.calls ?? 0) + 1 });
      },
    });
  });

  it('has the three sales channels in euros, with their delivery promise, and two warehouses with addresses', async () => {
    const channels = await listChannels(ctx);
    expect(channels.map((channel) => [channel.code, channel.currency, channel.delivery_days])).toEqual([
      ['b2b', 'EUR', 5],
      ['marketplace', 'EUR', 4],
      ['web', 'EUR', 3],
    ]);
    expect(channels.find((channel) => channel.code === 'web')?.name).toBe('Web shop');
    const locations = await listLocations(ctx);
    expect(locations.map((location) => [location.code, location.channels, location.address?.city])).toEqual([
      ['lyon', ['marketplace', 'web'], 'Saint-Priest'],
      ['paris', ['b2b', 'marketplace', 'web'], 'Gennevilliers'],
    ]);
    expect(summary).toMatchObject({ channels: 3, locations: 2, skus: 300, alreadyPresent: false });
  });

  it('is set up to ship: zones, an envelope and three boxes, the sample carrier cards labelled as such', async () => {
    for (const [location, near] of [
      ['paris', '75'],
      ['lyon', '69'],
    ] as const) {
      const zones = await getZones(ctx, location);
      if (!zones.ok) throw new Error(zones.message);
      expect(zones.value.zones).toContainEqual({ country: 'FR', postal_prefix: '', rank: 2 });
      expect(zones.value.zones).toContainEqual({ country: 'FR', postal_prefix: near, rank: 1 });
    }
    const packagings = await listPackagings(ctx);
    expect(packagings.map((packaging) => [packaging.code, packaging.currency])).toEqual([
      ['BOX-L', 'EUR'],
      ['BOX-M', 'EUR'],
      ['BOX-S', 'EUR'],
      ['ENV', 'EUR'],
    ]);
    const carriers = await listCarriers(ctx, '2025-11-28');
    if (!carriers.ok) throw new Error(carriers.message);
    expect(carriers.value.notice).toBe(sampleNotice);
    const colissimo = carriers.value.data.find((service) => service.code === 'domicile_sans_signature');
    expect(colissimo).toMatchObject({ carrier: 'Colissimo', sample: true, transit_days: { min: 2, max: 2 } });
    // The 2023 consumer card, 250 g to 30 kg, as in the shared files the demo's copy comes from.
    expect(colissimo?.zones.map((card) => [card.zone, card.valid_from, card.bands.length])).toEqual([
      ['FR_METRO', '2023-01-01', 9],
    ]);
  });

  it('imports a copy of the sample cards that says what they are and where they come from', () => {
    const copy = new URL('../scenarios/carriers/', import.meta.url);
    const readme = readFileSync(new URL('README.md', copy), 'utf8');
    expect(readme).toContain('SAMPLE DATA');
    expect(readme).toContain('Never present these figures to a customer as a quote.');
    expect(readme).toContain('https://www.tarif-lettre.com/tarif-colissimo');
  });

  it('measures every SKU, plausibly for its kind, with a distinct GTIN-13 whose check digit holds', async () => {
    const { data: skus } = await listSkus(ctx, { limit: 1_000 });
    for (const sku of skus) {
      expect(isValidGtin13(sku.gtin ?? ''), `${sku.sku} ${sku.gtin}`).toBe(true);
      for (const side of [sku.length_mm, sku.width_mm, sku.height_mm]) {
        expect(Number.isSafeInteger(side) && side! > 0 && side! <= 1_400, `${sku.sku} ${side}`).toBe(true);
      }
    }
    expect(new Set(skus.map((sku) => sku.gtin)).size).toBe(skus.length);
    // A shirt lies flat in the envelope; a table is freight, longer than any box.
    const shirt = skus.find((sku) => sku.sku === 'AF-00001-M')!;
    expect([shirt.length_mm, shirt.width_mm]).toEqual([300, 220]);
    expect(shirt.height_mm).toBeLessThan(40);
    const table = skus.find((sku) => / Table, /.test(sku.name));
    if (table !== undefined) expect(table.length_mm).toBeGreaterThan(700);
  });

  it('has a history the shipping report runs over: what choosing box and service saved, in sample prices', async () => {
    const report = await shippingSavings(ctx, {});
    if (!report.ok) throw new Error(report.message);
    const { orders, totals } = report.value;
    expect(report.value.notice).toBe(sampleNotice);
    expect(report.value.baseline).toMatchObject({
      box: { code: 'BOX-L', default: true },
      service: { carrier: 'Colissimo', code: 'domicile_sans_signature', default: true },
    });
    expect(orders.read).toBe(summary.orders - summary.ordersByStatus.cancelled);
    expect(orders.unmeasured).toBe(0);
    expect(orders.compared).toBeGreaterThan(orders.read / 2);
    expect(orders.compared + orders.no_box + orders.no_service + orders.baseline_impossible).toBe(
      orders.read,
    );
    // Always the largest box costs more on every order, and often its weight a heavier band.
    expect(totals.saved).toBeGreaterThan(0);
    expect(totals.smart.box).toBeLessThan(totals.baseline.box);
    expect(report.value.by_box.map((row) => row.code)).toContain('ENV');
  });

  it('sells every SKU on every channel at whole-cent prices: marketplace above web, trade below', async () => {
    const { data: skus } = await listSkus(ctx, { limit: 1_000 });
    expect(skus).toHaveLength(300);
    for (const sku of skus) {
      expect(sku.sku).toMatch(/^AF-\d{5}-[A-Z0-9]+$/);
      expect(sku.name.length).toBeGreaterThan(5);
      expect(sku.weight_g).toBeGreaterThan(0);
      const { web, marketplace, b2b } = sku.prices;
      for (const price of [web, marketplace, b2b])
        expect(Number.isSafeInteger(price) && price! > 0).toBe(true);
      expect(marketplace).toBeGreaterThan(web!);
      expect(b2b).toBeLessThan(web!);
    }
    expect(new Set(skus.map((sku) => sku.name)).size).toBeGreaterThan(200);
  });

  it('has a week of orders in the past, most delivered, some under way, a few cancelled', async () => {
    const orders = await allOrders(ctx);
    expect(orders).toHaveLength(summary.orders);
    // ~6,000 orders a month: ~1,400 in 7 days and the hours of today.
    expect(orders.length).toBeGreaterThan(1_100);
    expect(orders.length).toBeLessThan(1_800);
    const byStatus: Record<string, number> = {};
    for (const order of orders) byStatus[order.status] = (byStatus[order.status] ?? 0) + 1;
    expect(byStatus).toEqual(
      Object.fromEntries(Object.entries(summary.ordersByStatus).filter(([, count]) => count > 0)),
    );
    expect(byStatus.delivered).toBeGreaterThan(orders.length / 2);
    for (const status of ['placed', 'paid', 'shipped', 'cancelled'])
      expect(byStatus[status]).toBeGreaterThan(0);
    const from = now - 8 * 24 * 3_600_000;
    for (const order of orders) {
      expect(Date.parse(order.created_at)).toBeGreaterThanOrEqual(from);
      expect(Date.parse(order.updated_at)).toBeLessThanOrEqual(now);
      expect(order.lines.length).toBeGreaterThanOrEqual(1);
      expect(order.lines.length).toBeLessThanOrEqual(3);
      expect(order.total).toBe(
        order.lines.reduce((total, line) => total + line.unit_price * line.quantity, 0),
      );
    }
    expect(new Set(orders.map((order) => order.channel))).toEqual(new Set(['web', 'marketplace', 'b2b']));
  });

  it('keeps a stock ledger that sums to what is on hand at each warehouse', async () => {
    const { data: skus } = await listSkus(ctx, { limit: 1_000 });
    let shipped = 0;
    for (const { sku } of skus.filter((_, index) => index % 5 === 0)) {
      const ledger = await ctx.store.read.stock.ledgerSums(sku);
      const levels = await ctx.store.read.stock.readStock(sku);
      expect(levels.map((level) => level.location_code)).toEqual(['lyon', 'paris']);
      for (const level of levels) expect(ledger.get(level.location_code)).toBe(level.on_hand);
      const movements = await ctx.store.read.stock.listMovements(sku, undefined, 1_000);
      shipped += movements.filter((movement) => movement.kind === 'shipment').length;
    }
    expect(shipped).toBeGreaterThan(0);
  });

  it('reserves exactly the units of open orders and active holds, and never promises below zero', async () => {
    const db = ctx.store.db;
    const open = await db
      .selectFrom('order_allocations as a')
      .innerJoin('orders as o', 'o.id', 'a.owner_id')
      .where('o.status', 'in', ['placed', 'paid', 'fulfilling'])
      .select(['a.sku', 'a.location_code', 'a.quantity'])
      .execute();
    const held = await db
      .selectFrom('hold_allocations as a')
      .innerJoin('holds as h', 'h.id', 'a.owner_id')
      .where('h.status', '=', 'active')
      .select(['a.sku', 'a.location_code', 'a.quantity'])
      .execute();
    const expected = new Map<string, number>();
    for (const row of [...open, ...held]) {
      const key = `${row.sku} ${row.location_code}`;
      expected.set(key, (expected.get(key) ?? 0) + row.quantity);
    }
    expect(open.length).toBeGreaterThan(0);
    const levels = await db.selectFrom('stock_levels').selectAll().execute();
    for (const level of levels) {
      expect(level.reserved).toBe(expected.get(`${level.sku} ${level.location_code}`) ?? 0);
      expect(level.reserved).toBeLessThanOrEqual(level.on_hand);
    }

    // What each channel may promise, worked out here from the rows: free units of the warehouses
    // that ship for it, less its buffer, and 0 where the buffer takes more than is free.
    const locations = await listLocations(ctx);
    const buffers = new Map(
      (await db.selectFrom('channel_buffers').selectAll().execute()).map((row) => [
        `${row.channel_code} ${row.sku}`,
        row.quantity,
      ]),
    );
    const promised = (channel: string, sku: string): number => {
      let free = 0;
      for (const level of levels) {
        const ships = locations.some(
          (location) => location.code === level.location_code && location.channels.includes(channel),
        );
        if (level.sku === sku && ships) free += level.on_hand - level.reserved;
      }
      return free - (buffers.get(`${channel} ${sku}`) ?? 0);
    };
    const { data: skus } = await listSkus(ctx, { limit: 1_000 });
    let buffersAboveFree = 0;
    for (const channel of ['web', 'marketplace', 'b2b']) {
      const answer = await new AvailabilityReader(ctx).read(
        channel,
        skus.map((sku) => sku.sku),
      );
      if (!answer.ok) throw new Error(answer.message);
      expect(answer.value.map(({ sku, available }) => ({ sku, available }))).toEqual(
        skus.map(({ sku }) => ({ sku, available: Math.max(0, promised(channel, sku)) })),
      );
      buffersAboveFree += skus.filter(({ sku }) => promised(channel, sku) < 0).length;
      const inStock = answer.value.filter(({ available }) => available > 0).length;
      // Most of the catalog can be sold; a few lines are sold out.
      expect(inStock).toBeGreaterThan(skus.length * 0.8);
      if (channel === 'web') expect(inStock).toBeLessThan(skus.length);
    }
    // The seed has lines whose buffer takes more than is free: they are shown 0, never less.
    expect(buffersAboveFree).toBeGreaterThan(0);
  });

  it('has today’s marketing: promo codes with a batch, a selection to show, and two campaigns that clash', async () => {
    const codes = await listPromoCodes(ctx, { limit: 10 });
    expect(codes.data.map((code) => [code.code, code.status, code.batch])).toEqual([
      ['ADVENT', 'active', { made: 100, used: 0 }],
      ['PEAK10', 'active', null],
      ['WELCOME5', 'active', null],
    ]);
    const shown = await new SelectionReader(ctx, noFreezes).read('peak-picks', {});
    expect(shown.ok && shown.value.skus.length).toBeGreaterThan(0);
    const conflicts = await listConflicts(ctx, now, now + 30 * 24 * 3600 * 1000);
    expect(conflicts.data.map((conflict) => conflict.kind)).toContain('segment_overlap');
  });

  it('has stock on its way: a purchase order due next week sold ahead, a late one, and a pre-order', async () => {
    const orders = await listPurchaseOrders(ctx, { limit: 10 });
    expect(orders.data.map((order) => [order.supplier, order.expected_on, order.late, order.status])).toEqual(
      [
        ['Atelier Dupont', '2025-12-04', false, 'open'],
        ['Céramiques du Rhône', '2025-11-26', true, 'open'],
      ],
    );
    const terms = await listBackorderTerms(ctx, { limit: 10 });
    expect(terms.data.map((row) => [row.mode, row.limit, row.release_on])).toEqual(
      expect.arrayContaining([
        ['backorder', 40, null],
        ['preorder', 100, '2025-12-08'],
      ]),
    );
    expect(terms.data.find((row) => row.mode === 'backorder')!.available).toBe(40);
  });

  it('has the season’s advent calendar ready for December: 24 doors at 09:00 in Paris, no player yet', async () => {
    const calendar = await getAdventCalendar(ctx, '2025');
    if (!calendar.ok) throw new Error(calendar.message);
    expect(calendar.value).toMatchObject({
      time_zone: 'Europe/Paris',
      first_day: '2025-12-01',
      last_day: '2025-12-24',
      opens_at: '09:00',
      today: null,
      players: 0,
    });
    const doors = calendar.value.doors;
    expect(doors).toHaveLength(24);
    expect(doors[0]!.opens_at).toBe('2025-12-01T08:00:00.000Z');
    expect(doors.every((door) => door.status === 'upcoming')).toBe(true);
    const codeDoors = doors.filter((door) => door.reward.kind === 'promo_code');
    expect(codeDoors.map((door) => door.reward)).toEqual(
      codeDoors.map(() => ({ kind: 'promo_code', batch: 'ADVENT', count: 4 })),
    );
    expect(doors.filter((door) => door.reward.kind === 'draw').map((door) => door.day)).toEqual([
      '2025-12-06',
      '2025-12-13',
      '2025-12-20',
      '2025-12-24',
    ]);
    // Not its season yet: the operations room shows no advent panel.
    expect(await adventParticipation(ctx)).toBeNull();
  });

  it('reports its progress phase by phase up to the end', () => {
    for (const phase of ['catalog', 'stock', 'history'] as const) {
      const seen = progress.get(phase);
      expect(seen?.done).toBe(seen?.total);
      expect(seen!.calls).toBeGreaterThan(1);
    }
  });

  it('is seeded once: a second start finds it and changes nothing', async () => {
    expect(await hasDemo(ctx)).toBe(true);
    const eventsBefore = await ctx.store.read.events.list(0, 1_000_000);
    const again = await seedDemo(ctx, small);
    expect(again).toEqual({ ...summary, alreadyPresent: true });
    expect(await ctx.store.read.events.list(0, 1_000_000)).toHaveLength(eventsBefore.length);
  });

  it('is the same shop for the same seed, and another shop for another seed', async () => {
    const twin = await seeded('twin');
    const [skus, twinSkus] = [
      await listSkus(ctx, { limit: 1_000 }),
      await listSkus(twin.ctx, { limit: 1_000 }),
    ];
    const sameness = (sku: (typeof skus.data)[number]) => [
      sku.sku,
      sku.name,
      sku.prices,
      sku.gtin,
      sku.length_mm,
      sku.width_mm,
      sku.height_mm,
    ];
    expect(twinSkus.data.map(sameness)).toEqual(skus.data.map(sameness));
    const shape = (orders: Order[]) => orders.map((order) => [order.number, order.status, order.total]);
    expect(shape(await allOrders(twin.ctx))).toEqual(shape(await allOrders(ctx)));
    expect(twin.summary).toEqual(summary);

    const other = await seeded('other', { seed: 43, historyDays: 1 });
    const otherSkus = await listSkus(other.ctx, { limit: 1_000 });
    expect(otherSkus.data.map((sku) => sku.name)).not.toEqual(skus.data.map((sku) => sku.name));
  });

  it('writes in bulk exactly what the use cases write one step at a time', async () => {
    // A smaller shop, as the use cases take ~4 ms an order; 4 days still hold restocks and a stock count.
    const options = { skuCount: 120, historyDays: 4, seed: 7 };
    const [bulk, reference] = [
      await seeded('bulk', options),
      await seeded('reference', { ...options, writer: 'use-cases' }),
    ];
    expect(reference.summary).toEqual(bulk.summary);
    const [written, expected] = [await dump(bulk.ctx), await dump(reference.ctx)];
    const types = new Set(expected.events.map((event) => event.type));
    for (const type of [
      'stock.received',
      'stock.adjusted',
      'order.placed',
      'order.shipped',
      'order.delivered',
      'order.cancelled',
    ]) {
      expect(types).toContain(type);
    }
    for (const key of Object.keys(written) as (keyof typeof written)[]) {
      expect({ [key]: written[key] }).toEqual({ [key]: expected[key] });
    }
  });

  it('goes into an empty store only', async () => {
    const used = await openContext('used');
    await used.store.transaction((tx) =>
      tx.catalog.upsertChannel(
        {
          code: 'web',
          name: 'Mine',
          currency: 'EUR',
          country: 'FR',
          prices_include_tax: 1,
          payment_timeout_minutes: null,
          delivery_days: null,
          auto_ship: 0,
          split_min_order_minor: 0,
        },
        now,
      ),
    );
    await expect(seedDemo(used, small)).rejects.toThrow(/empty store/);
    expect(await hasDemo(used)).toBe(false);

    // What a seed that died half-way leaves: its claim on the store, and no summary.
    const interrupted = await openContext('interrupted');
    await interrupted.store.transaction((tx) =>
      tx.events.append(
        [{ type: 'demo.seeding', entityType: 'demo', entityId: 'demo-shop', payload: {} }],
        now,
      ),
    );
    await expect(seedDemo(interrupted, small)).rejects.toThrow(/did not finish/);
    expect(await hasDemo(interrupted)).toBe(false);
  });
});

describe('the demo shop in December', () => {
  it('has had players at each door opened so far, on its day, the first four of a day given a code', async () => {
    // 3 December 2025, 16:00 in Paris: three doors opened, at 09:00 each day.
    const december = Date.parse('2025-12-03T15:00:00Z');
    const ctx = await openContext('december', december);
    await seedDemo(ctx, { ...small, historyDays: 4 });

    const shown = await adventParticipation(ctx);
    expect(shown).toMatchObject({ season: '2025', today: '2025-12-03' });
    const [first, second, today, ...toCome] = shown!.days;
    expect([first, second, today].map((day) => day!.status)).toEqual(['closed', 'closed', 'open']);
    for (const day of [first, second, today]) {
      expect(day).toMatchObject({ kind: 'promo_code', given: 4, remaining: 0 });
      expect(day!.players).toBeGreaterThan(4);
    }
    for (const day of toCome) expect(day).toMatchObject({ status: 'upcoming', players: 0, given: 0 });

    const plays = await listPlays(ctx, '2025', '2025-12-01', { limit: 100 });
    if (!plays.ok) throw new Error(plays.message);
    expect(plays.value.data).toHaveLength(first!.players);
    for (const play of plays.value.data) {
      expect(
        play.opened_at >= '2025-12-01T08:00:00.000Z' && play.opened_at < '2025-12-01T23:00:00.000Z',
      ).toBe(true);
    }
    expect(
      plays.value.data.filter((play) => play.reward.kind === 'promo_code' && play.reward.code !== null),
    ).toHaveLength(4);

    // The plays are written among the orders of those days: the shop's events stay in time order
    // (the demo's own markers, stamped when it was seeded, aside).
    const stamps = (await ctx.store.read.events.list(0, 1_000_000))
      .filter((event) => event.entity_type !== 'demo')
      .map((event) => event.created_at);
    expect(stamps.some((at) => at >= Date.parse('2025-12-01T08:00:00Z'))).toBe(true);
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
  });
});
