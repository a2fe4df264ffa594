/**
 * Pricing over HTTP on both stores: the price history, past prices imported, a sale starting and
 * ending on its millisecond (across a restart), ended by hand, its reference price and compliance,
 * VAT on orders, and the soldes: periods, the reserved word and the one-month rule.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateCondition } from '../src/ops/core/alerts.js';
import { OpsRoom } from '../src/ops/index.js';
import type { Order } from '../src/orders/contract.js';
import type { AuditEntry } from '../src/platform/audit/contract.js';
import { createContext } from '../src/platform/context.js';
import type {
  Compliance,
  ImportResult,
  PriceSegment,
  Sale,
  SoldesPeriod,
  StorefrontPrice,
} from '../src/pricing/contract.js';
import { createServer, openStore } from '../src/server/index.js';
import { body, expectError, newKey, placed } from './support/api-helpers.js';
import { manualClock, openShop, orderBody, type TestShop } from './support/shop.js';
import { publishedSoldesPeriods } from './support/soldes-periods.js';
import { engines } from './support/stores.js';

/** Black Friday 2026 in Paris: from Friday 00:00 to Monday 00:00, winter time (UTC+1). */
const bfStartMs = Date.parse('2026-11-26T23:00:00.000Z');

describe.each(engines)('pricing on %s', (engine) => {
  let shop: TestShop;
  const clock = manualClock(Date.parse('2026-10-01T10:00:00.000Z'));
  /** Moves the shop's clock to an instant (only forward, as time goes). */
  const at = (iso: string | number) => {
    const target = typeof iso === 'number' ? iso : Date.parse(iso);
    if (target < clock.now()) throw new Error(`the test clock cannot go back to ${iso}`);
    clock.advance(target - clock.now());
  };
  const history = async (sku: string, channel = 'web') =>
    body<{ data: PriceSegment[] }>(
      await shop.admin('GET', `/v1/skus/${sku}/price-history?channel=${channel}`),
      200,
    ).data;
  const priceOf = async (sku: string, channel = 'web') =>
    body<StorefrontPrice>(await shop.storefront('GET', `/v1/prices/${sku}?channel=${channel}`), 200);
  const unitPriceOrdered = async (sku: string, channel = 'web') =>
    (await placed(shop.storefront, [{ sku, quantity: 1 }], { channel })).lines[0]!;
  let blackFriday: Sale;

  beforeAll(async () => {
    shop = await openShop(engine, { clock });
  });
  afterAll(() => shop.close());

  describe('the price history', () => {
    it('records each change from its instant, and a withdrawal from a channel', async () => {
      at('2026-11-10T10:00:00.000Z');
      body(
        await shop.admin('PUT', '/v1/skus/MUG-BLUE', {
          name: 'Blue mug',
          prices: { web: 1590, marketplace: 1390 },
        }),
        200,
      );
      at('2026-11-11T10:00:00.000Z');
      body(
        await shop.admin('PUT', '/v1/skus/TEE-M', { name: 'Organic tee, size M', prices: { web: 2500 } }),
        200,
      );
      expect(await history('MUG-BLUE')).toEqual([
        {
          channel: 'web',
          price: 1290,
          from: '2026-10-01T10:00:00.000Z',
          to: '2026-11-10T10:00:00.000Z',
          source: 'base',
          sale_id: null,
        },
        {
          channel: 'web',
          price: 1590,
          from: '2026-11-10T10:00:00.000Z',
          to: null,
          source: 'base',
          sale_id: null,
        },
      ]);
      expect(await history('TEE-M', 'marketplace')).toEqual([
        {
          channel: 'marketplace',
          price: 2600,
          from: '2026-10-01T10:00:00.000Z',
          to: '2026-11-11T10:00:00.000Z',
          source: 'base',
          sale_id: null,
        },
      ]);
      body(
        await shop.admin('PUT', '/v1/skus/TEE-M', {
          name: 'Organic tee, size M',
          prices: { web: 2500, marketplace: 2600 },
        }),
        200,
      );
    });

    it('names what is missing: a SKU that does not exist, a channel that does not', async () => {
      expectError(await shop.admin('GET', '/v1/skus/NOPE/price-history?channel=web'), 404, 'not_found');
      expectError(
        await shop.admin('GET', '/v1/skus/MUG-BLUE/price-history?channel=nope'),
        422,
        'unknown_channel',
      );
      expectError(await shop.admin('GET', '/v1/skus/MUG-BLUE/price-history'), 400, 'validation_failed');
    });
  });

  describe('importing past prices', () => {
    const rows = [
      { sku: 'LAST-ONE', channel: 'web', price: 7900, effective_at: '2026-09-01T00:00:00+02:00' },
      { sku: 'LAST-ONE', channel: 'web', price: 8500, effective_at: '2026-09-15T00:00:00+02:00' },
    ];

    it('checks every row, names each error by row and field, and writes nothing unless all are good', async () => {
      const before = await history('LAST-ONE');
      const bad = await shop.admin('POST', '/v1/price-history/import', {
        rows: [
          ...rows,
          { sku: 'NOPE', channel: 'web', price: 100, effective_at: '2026-09-01T00:00:00Z' },
          { sku: 'LAST-ONE', channel: 'web', price: 100, effective_at: '2027-01-01T00:00:00Z' },
          { sku: 'LAST-ONE', channel: 'web', price: 100, effective_at: '2026-09-15T00:00:00+02:00' },
        ],
      });
      expect(bad.statusCode).toBe(422);
      const answer = bad.json() as ImportResult & { error: { code: string } };
      expect(answer.error.code).toBe('validation_failed');
      expect(answer.imported).toBe(0);
      expect(answer.errors.map((error) => [error.row, error.field])).toEqual([
        [3, 'sku'],
        [4, 'effective_at'],
        [5, 'effective_at'],
      ]);
      expect(await history('LAST-ONE')).toEqual(before);
    });

    it('on a dry run says how many rows would go in, and writes none', async () => {
      const before = await history('LAST-ONE');
      expect(
        body<ImportResult>(
          await shop.admin('POST', '/v1/price-history/import', { rows, dry_run: true }),
          200,
        ),
      ).toEqual({
        imported: 2,
        errors: [],
      });
      expect(await history('LAST-ONE')).toEqual(before);
    });

    it('imports them into the history; the current price stays the latest', async () => {
      expect(body<ImportResult>(await shop.admin('POST', '/v1/price-history/import', { rows }), 200)).toEqual(
        {
          imported: 2,
          errors: [],
        },
      );
      expect((await history('LAST-ONE')).map((segment) => [segment.price, segment.from])).toEqual([
        [7900, '2026-08-31T22:00:00.000Z'],
        [8500, '2026-09-14T22:00:00.000Z'],
        [8900, '2026-10-01T10:00:00.000Z'],
      ]);
      expect((await priceOf('LAST-ONE')).price).toBe(8900);
      // The same rows again are already recorded.
      const again = await shop.admin('POST', '/v1/price-history/import', { rows });
      expect(again.statusCode).toBe(422);
      expect((again.json() as ImportResult).errors.map((error) => error.message)).toEqual([
        expect.stringMatching(/already recorded/),
        expect.stringMatching(/already recorded/),
      ]);
    });
  });

  describe('a sale', () => {
    it('is scheduled on the wall clock of its time zone, with its check: a price raised before it is named', async () => {
      at('2026-11-20T10:00:00.000Z');
      blackFriday = body<Sale>(
        await shop.admin('POST', '/v1/sales', {
          name: 'Black Friday',
          kind: 'black_friday',
          channels: ['web'],
          starts_at: '2026-11-27T00:00',
          ends_at: '2026-11-30T00:00',
          discount_bp: 2000,
          items: [{ sku: 'MUG-BLUE' }, { sku: 'TEE-M', price: 1999 }],
        }),
        201,
      );
      expect(blackFriday).toMatchObject({
        status: 'scheduled',
        time_zone: 'Europe/Paris',
        starts_at: '2026-11-26T23:00:00.000Z',
        starts_local: '2026-11-27T00:00:00',
        ends_at: '2026-11-29T23:00:00.000Z',
        rounding: 'cent',
        item_count: 2,
        items: [
          { sku: 'MUG-BLUE', price: null, discount_bp: null },
          { sku: 'TEE-M', price: 1999, discount_bp: null },
        ],
      });
      expect(blackFriday.check.ok).toBe(false);
      expect(blackFriday.check.problems).toEqual([
        expect.objectContaining({ code: 'price_raised_before_sale', sku: 'MUG-BLUE', channel: 'web' }),
      ]);
      expect(body<Sale>(await shop.admin('GET', `/v1/sales/${blackFriday.id}`), 200)).toEqual(blackFriday);
      const list = body<{ data: Sale[] }>(await shop.admin('GET', '/v1/sales'), 200);
      expect(list.data.map((sale) => [sale.id, sale.status])).toEqual([[blackFriday.id, 'scheduled']]);
    });

    it('refuses a second sale of a SKU on a channel at an overlapping time, naming both', async () => {
      const clash = expectError(
        await shop.admin('POST', '/v1/sales', {
          name: 'Cyber Monday',
          kind: 'flash',
          channels: ['web', 'marketplace'],
          starts_at: '2026-11-29T20:00',
          ends_at: '2026-12-01T00:00',
          discount_bp: 1000,
          items: [{ sku: 'TEE-M' }],
        }),
        409,
        'sale_overlap',
      );
      expect(clash.message).toContain('Black Friday');
      expect(clash.details).toMatchObject({
        sale: { name: 'Cyber Monday' },
        overlaps: { id: blackFriday.id, name: 'Black Friday' },
        items: [{ sku: 'TEE-M', channel: 'web' }],
      });
    });

    it('refuses what cannot be: the past, a time the clocks skip, unknown names, an item without a price', async () => {
      const sale = (extra: Record<string, unknown>) => ({
        name: 'Spring',
        kind: 'promotion',
        channels: ['web'],
        starts_at: '2027-04-01T00:00',
        ends_at: '2027-04-02T00:00',
        discount_bp: 1000,
        items: [{ sku: 'LAST-ONE' }],
        ...extra,
      });
      expectError(
        await shop.admin('POST', '/v1/sales', sale({ starts_at: '2026-11-01T00:00' })),
        400,
        'validation_failed',
      );
      const skipped = expectError(
        await shop.admin(
          'POST',
          '/v1/sales',
          sale({ starts_at: '2027-03-28T02:30', ends_at: '2027-03-29T00:00' }),
        ),
        400,
        'validation_failed',
      );
      expect(skipped.message).toMatch(/skip/);
      expectError(
        await shop.admin('POST', '/v1/sales', sale({ ends_at: '2027-03-31T00:00' })),
        400,
        'validation_failed',
      );
      expectError(
        await shop.admin('POST', '/v1/sales', sale({ time_zone: 'Mars/Olympus' })),
        400,
        'validation_failed',
      );
      expectError(
        await shop.admin('POST', '/v1/sales', sale({ channels: ['nope'] })),
        422,
        'unknown_channel',
      );
      expectError(
        await shop.admin('POST', '/v1/sales', sale({ items: [{ sku: 'NOPE' }] })),
        422,
        'unknown_sku',
      );
      expectError(
        await shop.admin('POST', '/v1/sales', sale({ discount_bp: undefined })),
        400,
        'validation_failed',
      );
      expectError(
        await shop.admin(
          'POST',
          '/v1/sales',
          sale({ items: [{ sku: 'LAST-ONE', price: 100, discount_bp: 100 }] }),
        ),
        400,
        'validation_failed',
      );
      expectError(await shop.admin('POST', '/v1/sales', sale({ kind: 'sale' })), 400, 'validation_failed');
      expect(body<{ data: Sale[] }>(await shop.admin('GET', '/v1/sales'), 200).data).toHaveLength(1);
    });

    it('lets only one of three overlapping sales scheduled at the same moment in', async () => {
      const sale = (name: string) => ({
        name,
        kind: 'flash',
        channels: ['marketplace', 'web'],
        starts_at: '2027-05-01T00:00',
        ends_at: '2027-05-02T00:00',
        discount_bp: 1000,
        items: [{ sku: 'LAST-ONE' }],
      });
      const answers = await Promise.all(
        ['Race A', 'Race B', 'Race C'].map((name) => shop.admin('POST', '/v1/sales', sale(name))),
      );
      expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 409, 409]);
      const winner = answers.find((answer) => answer.statusCode === 201)!.json() as Sale;
      body(await shop.admin('POST', `/v1/sales/${winner.id}/end`, { reason: 'a race, not a sale' }), 200);
    });

    it('takes the first of the two instants an hour repeated when clocks go back means', async () => {
      const autumn = body<Sale>(
        await shop.admin('POST', '/v1/sales', {
          name: 'Autumn night',
          kind: 'flash',
          channels: ['marketplace'],
          starts_at: '2027-10-31T02:30',
          ends_at: '2027-10-31T12:00',
          discount_bp: 500,
          items: [{ sku: 'LAST-ONE' }],
        }),
        201,
      );
      expect(autumn.starts_at).toBe('2027-10-31T00:30:00.000Z');
      body(
        await shop.admin('POST', `/v1/sales/${autumn.id}/end`, { reason: 'test sale, not for real' }),
        200,
      );
    });

    it('prices an order a millisecond before its start at the old price, and at its start at the sale price', async () => {
      at(bfStartMs - 1);
      expect(await unitPriceOrdered('MUG-BLUE')).toMatchObject({ unit_price: 1590, sale_id: null });
      at(bfStartMs);
      expect(await unitPriceOrdered('MUG-BLUE')).toMatchObject({ unit_price: 1272, sale_id: blackFriday.id });
      expect(await unitPriceOrdered('TEE-M')).toMatchObject({ unit_price: 1999, sale_id: blackFriday.id });
      // The marketplace is not in the sale.
      expect(await unitPriceOrdered('MUG-BLUE', 'marketplace')).toMatchObject({
        unit_price: 1390,
        sale_id: null,
      });
    });

    it('shows storefronts the reference price: the lowest of the 30 days before, not the raised price', async () => {
      expect(await priceOf('MUG-BLUE')).toEqual({
        sku: 'MUG-BLUE',
        channel: 'web',
        currency: 'EUR',
        price: 1272,
        price_excluding_tax: 1060,
        tax_rate_bp: 2000,
        reference_price: 1290,
        discount_bp: 139,
        sale: {
          id: blackFriday.id,
          name: 'Black Friday',
          kind: 'black_friday',
          ends_at: '2026-11-29T23:00:00.000Z',
        },
      });
      const many = body<{ data: StorefrontPrice[] }>(
        await shop.storefront('POST', '/v1/prices', { channel: 'web', skus: ['TEE-M', 'LAST-ONE'] }),
        200,
      ).data;
      expect(many.map((price) => [price.sku, price.price, price.reference_price, price.discount_bp])).toEqual(
        [
          ['TEE-M', 1999, 2500, 2004],
          ['LAST-ONE', 8900, null, null],
        ],
      );
      expectError(await shop.storefront('GET', '/v1/prices/NOPE?channel=web'), 404, 'not_found');
      expectError(
        await shop.storefront('POST', '/v1/prices', { channel: 'web', skus: ['NOPE'] }),
        422,
        'unknown_sku',
      );
    });

    it('reports its compliance: what the reference rests on, and what a naive reference would have announced', async () => {
      const report = body<Compliance>(await shop.admin('GET', `/v1/sales/${blackFriday.id}/compliance`), 200);
      const mug = report.data.find((row) => row.sku === 'MUG-BLUE')!;
      expect(mug).toMatchObject({
        channel: 'web',
        sale_price: 1272,
        reference_price: 1290,
        rule: 'lowest_in_30_days',
        reduction_started_at: '2026-11-26T23:00:00.000Z',
        window_from: '2026-10-27T23:00:00.000Z',
        discount_bp: 139,
        naive_reference_price: 1590,
        naive_discount_bp: 2000,
        raises: [{ at: '2026-11-10T10:00:00.000Z', from_price: 1290, to_price: 1590 }],
      });
      expect(mug.applied.map((segment) => [segment.price, segment.from, segment.to])).toEqual([
        [1290, '2026-10-27T23:00:00.000Z', '2026-11-10T10:00:00.000Z'],
        [1590, '2026-11-10T10:00:00.000Z', '2026-11-26T23:00:00.000Z'],
      ]);
    });

    it('still applies after a restart: a new process reads the same prices off the history', async () => {
      at(bfStartMs + 3_600_000);
      const restarted = await openStore(shop.testStore.location);
      const app = await createServer(createContext(restarted, clock));
      try {
        const response = await app.inject({
          method: 'POST',
          url: '/v1/orders',
          headers: { authorization: `Bearer ${shop.storefrontKey}`, 'idempotency-key': newKey() },
          payload: orderBody([{ sku: 'MUG-BLUE', quantity: 1 }]),
        });
        expect(body<Order>(response, 201).lines[0]).toMatchObject({
          unit_price: 1272,
          sale_id: blackFriday.id,
        });
      } finally {
        await app.close();
        await restarted.close();
      }
    });

    it('is named by the operations room’s alert while it runs with a failing check', async () => {
      const inputs = await new OpsRoom(shop.ctx).alertInputs();
      expect(inputs.failingSales).toEqual([{ id: blackFriday.id, name: 'Black Friday', problems: 1 }]);
      expect(evaluateCondition({ kind: 'sale_check_failed' }, inputs)).toMatchObject({
        state: 'breached',
        message: 'Sale “Black Friday” is running with 1 problem in its check',
      });
    });

    it('ends by hand at once, audited: the next order pays the base price, and it cannot end twice', async () => {
      at(bfStartMs + 2 * 3_600_000);
      const ended = body<Sale>(
        await shop.admin('POST', `/v1/sales/${blackFriday.id}/end`, { reason: 'wrong discount on the mug' }),
        200,
      );
      expect(ended).toMatchObject({
        status: 'ended',
        end_reason: 'wrong discount on the mug',
        ended_at: new Date(clock.now()).toISOString(),
      });
      expect(await unitPriceOrdered('MUG-BLUE')).toMatchObject({ unit_price: 1590, sale_id: null });
      expectError(
        await shop.admin('POST', `/v1/sales/${blackFriday.id}/end`, { reason: 'again' }),
        409,
        'invalid_transition',
      );
      const audit = body<{ data: AuditEntry[] }>(await shop.admin('GET', '/v1/audit-log'), 200).data;
      expect(audit[0]).toMatchObject({
        action: 'sales.end',
        target: blackFriday.id,
        reason: 'wrong discount on the mug',
      });
      expect(
        (await history('MUG-BLUE')).map((segment) => [segment.price, segment.source, segment.to]),
      ).toEqual([
        [1290, 'base', '2026-11-10T10:00:00.000Z'],
        [1590, 'base', '2026-11-26T23:00:00.000Z'],
        [1272, 'sale', ended.ended_at],
        [1590, 'base', null],
      ]);
    });
  });

  describe('VAT', () => {
    it('charges each SKU its class’s rate, included on a consumer channel and added on a B2B one', async () => {
      body(
        await shop.admin('PUT', '/v1/channels/b2b', {
          name: 'Trade',
          currency: 'EUR',
          prices_include_tax: false,
        }),
        200,
      );
      body(
        await shop.admin('PUT', '/v1/locations/paris', {
          name: 'Paris warehouse',
          channels: ['web', 'marketplace', 'b2b'],
        }),
        200,
      );
      body(
        await shop.admin('PUT', '/v1/skus/BOOK-1', {
          name: 'A novel',
          tax_class: 'reduced',
          prices: { web: 2000, b2b: 1800 },
        }),
        200,
      );
      body(
        await shop.admin('POST', '/v1/stock/receipts', { sku: 'BOOK-1', location: 'paris', quantity: 10 }),
        201,
      );
      const consumer = await placed(shop.storefront, [{ sku: 'BOOK-1', quantity: 1 }]);
      expect(consumer).toMatchObject({
        total: 2000,
        tax_total: 104,
        taxes: [{ rate_bp: 550, base: 1896, tax: 104 }],
      });
      // On the trade channel, 36.00 excluding tax: 1.98 is added.
      const trade = await placed(shop.storefront, [{ sku: 'BOOK-1', quantity: 2 }], { channel: 'b2b' });
      expect(trade).toMatchObject({
        total: 3798,
        tax_total: 198,
        taxes: [{ rate_bp: 550, base: 3600, tax: 198 }],
      });
      expect(trade.lines[0]).toMatchObject({ total: 3600, tax_rate_bp: 550, tax: 198 });
      expect(await priceOf('BOOK-1', 'b2b')).toMatchObject({
        price: 1800,
        price_excluding_tax: 1800,
        tax_rate_bp: 550,
      });
    });
  });

  describe('the soldes', () => {
    const periods = async (year: number) =>
      body<{ data: SoldesPeriod[] }>(await shop.admin('GET', `/v1/soldes/periods?year=${year}`), 200).data;

    it('match every published period from 2020, the rule’s and the ministerial orders’ alike', async () => {
      for (const published of publishedSoldesPeriods) {
        const period = (await periods(published.year)).find((each) => each.season === published.season)!;
        expect(period.starts_local).toBe(`${published.start}T08:00:00`);
        const lastDay = new Date(Date.parse(`${period.ends_local.slice(0, 10)}T00:00:00Z`) - 86_400_000);
        expect(lastDay.toISOString().slice(0, 10)).toBe(published.lastDay);
        expect(period.source).toBe(published.exception ? 'override' : 'rule');
      }
      expect((await periods(2027)).map((period) => [period.season, period.starts_at, period.source])).toEqual(
        [
          ['winter', '2027-01-06T07:00:00.000Z', 'rule'],
          ['summer', '2027-06-23T06:00:00.000Z', 'rule'],
        ],
      );
    });

    it('take the dates a ministerial order sets for a year, audited', async () => {
      const moved = body<SoldesPeriod>(
        await shop.admin('PUT', '/v1/soldes/periods/2027/summer', {
          starts_at: '2027-06-30T08:00',
          ends_at: '2027-07-28T00:00',
          reason: 'arrêté moving the summer soldes by a week',
        }),
        200,
      );
      expect(moved).toMatchObject({ starts_at: '2027-06-30T06:00:00.000Z', source: 'override' });
      expect((await periods(2027))[1]).toEqual(moved);
      const audit = body<{ data: AuditEntry[] }>(await shop.admin('GET', '/v1/audit-log'), 200).data;
      expect(audit[0]).toMatchObject({ action: 'soldes.period', target: '2027 summer' });
      expectError(
        await shop.admin('PUT', '/v1/soldes/periods/2027/summer', {
          starts_at: '2027-07-28T00:00',
          ends_at: '2027-06-30T08:00',
          reason: 'x',
        }),
        400,
        'validation_failed',
      );
    });

    it('keep their word to soldes sales, and soldes sales to their periods', async () => {
      const sale = (extra: Record<string, unknown>) => ({
        name: 'Winter',
        kind: 'soldes',
        channels: ['web'],
        starts_at: '2027-01-06T08:00',
        ends_at: '2027-02-03T00:00',
        discount_bp: 3000,
        items: [{ sku: 'LAST-ONE' }],
        ...extra,
      });
      expectError(
        await shop.admin(
          'POST',
          '/v1/sales',
          sale({ kind: 'promotion', name: 'Les soldes de Noël', starts_at: '2026-12-20T00:00' }),
        ),
        422,
        'soldes_word_reserved',
      );
      expectError(
        await shop.admin('POST', '/v1/sales', sale({ starts_at: '2027-01-05T08:00' })),
        422,
        'soldes_outside_period',
      );
      expectError(
        await shop.admin('POST', '/v1/sales', sale({ ends_at: '2027-02-04T00:00' })),
        422,
        'soldes_outside_period',
      );
    });

    it('check the one-month rule: a SKU neither priced nor in stock a month before the start is named', async () => {
      at('2026-12-20T10:00:00.000Z');
      body(await shop.admin('PUT', '/v1/skus/NEW-1', { name: 'Just in', prices: { web: 5000 } }), 200);
      body(
        await shop.admin('POST', '/v1/stock/receipts', { sku: 'NEW-1', location: 'paris', quantity: 5 }),
        201,
      );
      const soldes = body<Sale>(
        await shop.admin('POST', '/v1/sales', {
          name: 'Soldes d’hiver',
          kind: 'soldes',
          channels: ['web'],
          starts_at: '2027-01-06T08:00',
          ends_at: '2027-02-03T00:00',
          discount_bp: 3000,
          items: [{ sku: 'LAST-ONE' }, { sku: 'NEW-1' }],
        }),
        201,
      );
      expect(soldes.check.problems.map((problem) => [problem.code, problem.sku])).toEqual([
        ['soldes_not_offered_a_month', 'NEW-1'],
        ['soldes_not_in_stock_a_month', 'NEW-1'],
      ]);
    });

    it('count a sale’s 30 days on its calendar across a change of the clocks', async () => {
      // 08:00 in Paris on the day the clocks go forward is 06:00 UTC; 30 days before is 08:00
      // winter time, 07:00 UTC: 30 calendar days, one hour short of 720 hours.
      const spring = body<Sale>(
        await shop.admin('POST', '/v1/sales', {
          name: 'Spring',
          kind: 'promotion',
          channels: ['marketplace'],
          starts_at: '2027-03-28T08:00',
          ends_at: '2027-03-29T08:00',
          discount_bp: 1000,
          items: [{ sku: 'MUG-BLUE' }],
        }),
        201,
      );
      expect(spring.starts_at).toBe('2027-03-28T06:00:00.000Z');
      const report = body<Compliance>(await shop.admin('GET', `/v1/sales/${spring.id}/compliance`), 200);
      expect(report.data[0]).toMatchObject({
        window_from: '2027-02-26T07:00:00.000Z',
        reference_price: 1390,
      });
    });

    it('refuse restocking a SKU while its soldes run, unless someone answers for it in the audit log', async () => {
      const receipt = { sku: 'LAST-ONE', location: 'lyon', quantity: 4 };
      // Before the soldes start, restocking is business as usual.
      body(await shop.admin('POST', '/v1/stock/receipts', { ...receipt, quantity: 1 }), 201);
      at('2027-01-10T09:00:00.000Z');
      const before = body<{ on_hand: number }>(await shop.admin('GET', '/v1/stock/LAST-ONE'), 200).on_hand;
      const refused = expectError(
        await shop.admin('POST', '/v1/stock/receipts', receipt),
        409,
        'soldes_no_restock',
      );
      expect(refused.details).toMatchObject({ sku: 'LAST-ONE', sales: [{ name: 'Soldes d’hiver' }] });
      expect(body<{ on_hand: number }>(await shop.admin('GET', '/v1/stock/LAST-ONE'), 200).on_hand).toBe(
        before,
      );
      // Another SKU, in no soldes, is received as ever.
      body(
        await shop.admin('POST', '/v1/stock/receipts', { sku: 'MUG-BLUE', location: 'lyon', quantity: 1 }),
        201,
      );
      const overridden = await shop.admin('POST', '/v1/stock/receipts', {
        ...receipt,
        override: { reason: 'customer returns put back on sale' },
      });
      expect(body<{ on_hand: number }>(overridden, 201).on_hand).toBe(before + 4);
      const audit = body<{ data: AuditEntry[] }>(await shop.admin('GET', '/v1/audit-log'), 200).data;
      // The receipt's own entry, beside the one every admin call leaves (`api.receiveStock`).
      expect(audit.slice(0, 2).map((entry) => entry.action)).toEqual([
        'api.receiveStock',
        'stock.soldes_restock',
      ]);
      expect(audit[1]).toMatchObject({
        action: 'stock.soldes_restock',
        target: 'LAST-ONE',
        reason: 'customer returns put back on sale',
      });
    });
  });
});
