/**
 * The operations room's figures: what happens shows in the series minute by minute, every process
 * added up, after a restart too; the overview names the best sellers and the stock-outs to come;
 * the live stream sends it every second.
 */

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Overview, SeriesPoint } from '../src/ops/contract.js';
import { createContext } from '../src/platform/context.js';
import { createServer } from '../src/server/index.js';
import { body, expectError } from './support/api-helpers.js';
import { manualClock, openShop, orderBody, type TestShop } from './support/shop.js';
import { engines } from './support/stores.js';

const start = Date.parse('2026-11-27T20:00:00.000Z');
let orderCount = 0;

describe.each(engines)('the operations room on %s', (engine) => {
  let shop: TestShop;
  const clock = manualClock(start + 10_000);

  const place = (sku: string, quantity: number, channel = 'web') =>
    shop.storefront('POST', '/v1/orders', orderBody([{ sku, quantity }], { channel }), {
      'idempotency-key': `ops-${++orderCount}`,
    });

  const series = async (query = '') =>
    body<{ data: SeriesPoint[] }>(await shop.admin('GET', `/v1/ops/series${query}`), 200).data;

  /** Waits for the recorders' next writes (every second; gauges every 5 s) to show what `check` expects. */
  const eventually = (check: () => Promise<void>) => vi.waitFor(check, { timeout: 8_000, interval: 200 });

  beforeAll(async () => {
    shop = await openShop(engine, { clock });
  });
  afterAll(() => shop.close());

  it('counts requests, orders, refusals, revenue and availability reads per minute', async () => {
    expect((await place('MUG-BLUE', 2)).statusCode).toBe(201);
    expect((await place('LAST-ONE', 5)).statusCode).toBe(409);
    await shop.storefront('GET', '/v1/availability/MUG-BLUE?channel=web');
    // The next minute: what happens now is counted apart.
    clock.advance(60_000);
    expect((await place('MUG-BLUE', 1)).statusCode).toBe(201);
    await eventually(async () => {
      const [first, second] = (await series(`?from=${new Date(start).toISOString()}`)).slice(0, 2);
      expect(first).toMatchObject({
        at: new Date(start).toISOString(),
        orders_placed: 1,
        orders_refused: 1,
        availability_reads: 1,
        revenue_minor: { EUR: 2580 },
        covered_s: 60,
      });
      expect(first!.requests).toBeGreaterThanOrEqual(3);
      expect(first!.latency_p99_ms).toBeGreaterThan(0);
      expect(second).toMatchObject({ orders_placed: 1, revenue_minor: { EUR: 1290 } });
      expect(second!.covered_s).toBeLessThan(60);
    });
  });

  it('answers every minute of the range, quiet ones included, and refuses a backward or too long one', async () => {
    const from = new Date(start - 10 * 60_000).toISOString();
    const to = new Date(start + 60_000).toISOString();
    const points = await series(`?from=${from}&to=${to}`);
    expect(points).toHaveLength(12);
    expect(points[0]).toMatchObject({ requests: 0, orders_placed: 0, latency_p99_ms: null });
    expectError(await shop.admin('GET', `/v1/ops/series?from=${to}&to=${from}`), 400, 'validation_failed');
    expectError(
      await shop.admin('GET', `/v1/ops/series?from=2026-11-01T00:00:00Z&to=${to}`),
      400,
      'validation_failed',
    );
    expectError(await shop.admin('GET', '/v1/ops/series?from=yesterday'), 400, 'validation_failed');
    expectError(await shop.storefront('GET', '/v1/ops/series'), 403, 'forbidden');
  });

  it('keeps the figures across a restart, and adds up the processes sharing the store', async () => {
    // A second process on the same store: its figures are its own row, added to the first's.
    const second = await createServer(createContext(shop.testStore.store, clock));
    try {
      const reply = await second.inject({
        method: 'POST',
        url: '/v1/orders',
        headers: { authorization: `Bearer ${shop.storefrontKey}`, 'idempotency-key': 'ops-second' },
        payload: orderBody([{ sku: 'MUG-BLUE', quantity: 1 }]),
      });
      expect(reply.statusCode).toBe(201);
    } finally {
      // Closing writes its last figures: they outlive the process.
      await second.close();
    }
    await eventually(async () => {
      const current = (await series()).at(-1)!;
      expect(current.orders_placed).toBe(2);
      expect(current.revenue_minor).toEqual({ EUR: 2580 });
    });
  });

  it('shows the best sellers, the stock-outs to come and the orders of the same hour last week', async () => {
    // An order a week ago, as the orders table has it: the page compares the hours.
    const now = clock.now();
    clock.advance(-7 * 24 * 60 * 60_000);
    expect((await place('TEE-M', 1, 'marketplace')).statusCode).toBe(201);
    clock.advance(7 * 24 * 60 * 60_000);
    expect(clock.now()).toBe(now);
    expect((await place('TEE-M', 1)).statusCode).toBe(201);

    // Sellers are read again at most every 10 s: a fresh look is 10 s later.
    clock.advance(10_000);
    let overview: any;
    // This hour's orders come from the figures, written every second: the overview sees them then.
    await eventually(async () => {
      clock.advance(1_000);
      overview = body<any>(await shop.admin('GET', '/v1/ops/overview'), 200);
      const thisHour = overview.orders_per_min.this_hour as { value: number }[];
      expect(thisHour.reduce((sum, point) => sum + point.value, 0)).toBe(4);
    });
    expect(overview.top_skus).toEqual(
      expect.arrayContaining([
        { channel: 'web', sku: 'MUG-BLUE', name: 'Blue enamel mug', units: 4, orders: 3 },
        { channel: 'web', sku: 'TEE-M', name: 'Organic tee, size M', units: 1, orders: 1 },
      ]),
    );
    // TEE-M: 1 left of 3 (one sold last week, one now); one in 15 minutes is 4 an hour: gone in 15 minutes.
    expect(overview.stockouts[0]).toEqual({
      channel: 'web',
      sku: 'TEE-M',
      name: 'Organic tee, size M',
      available: 1,
      units_per_hour: 4,
      minutes_to_stockout: 15,
    });
    const thisHour = overview.orders_per_min.this_hour as { at: string; value: number }[];
    const lastWeek = overview.orders_per_min.same_hour_last_week as { at: string; value: number }[];
    expect(thisHour).toHaveLength(60);
    expect(lastWeek.reduce((sum, point) => sum + point.value, 0)).toBe(1);
    expect(Date.parse(lastWeek[0]!.at)).toBe(Date.parse(thisHour[0]!.at) - 7 * 24 * 60 * 60_000);
    expect(overview.series).toHaveLength(60);
    expect(overview.now.orders_per_min).toBeGreaterThan(0);
    expect(overview.switches.read_only.on).toBe(false);
    expect(overview.alerts).toEqual([]);
    expect(overview.incidents).toEqual([]);
  });

  it('reads the sellers off the newest orders only, however many the window holds', async () => {
    clock.advance(1_000);
    expect((await place('LAST-ONE', 1)).statusCode).toBe(201);
    const windowStart = clock.now() - 15 * 60_000;
    const all = await shop.ctx.store.read.figures.recentSales(windowStart, 100);
    const newest = await shop.ctx.store.read.figures.recentSales(windowStart, 1);
    expect(all.ordersRead).toBe(5);
    expect(newest).toEqual({
      sales: [{ channel: 'web', sku: 'LAST-ONE', name: 'Vintage lamp', units: 1, orders: 1 }],
      ordersRead: 1,
      oldestMs: clock.now(),
    });
    expect(all.oldestMs).toBeLessThan(clock.now());
  });

  it('counts the outbox backlog from the slowest consumer that says where it is', async () => {
    const last = body<{ next_cursor: number }>(
      await shop.admin('GET', '/v1/events?after=0&limit=1000'),
      200,
    ).next_cursor;
    expectError(
      await shop.admin('PUT', '/v1/events/cursors/webhooks', { position: last + 1000 }),
      400,
      'validation_failed',
    );
    expectError(
      await shop.admin('PUT', '/v1/events/cursors/webhooks', { position: -1 }),
      400,
      'validation_failed',
    );
    expect(body<{ data: unknown[] }>(await shop.admin('GET', '/v1/events/cursors'), 200).data).toEqual([]);

    body(await shop.admin('PUT', '/v1/events/cursors/webhooks', { position: last - 3 }), 200);
    body(await shop.admin('PUT', '/v1/events/cursors/nats', { position: last }), 200);
    expect(
      body<{ data: { name: string }[] }>(await shop.admin('GET', '/v1/events/cursors'), 200).data.map(
        (c) => c.name,
      ),
    ).toEqual(['nats', 'webhooks']);
    // Gauges are read every 5 s of the shop's clock.
    await eventually(async () => {
      clock.advance(1_000);
      expect((await series()).at(-1)!.outbox_backlog).toBe(3);
    });
  });

  it('shows who opened each advent door while a calendar is in season, and nothing out of season', async () => {
    // The overview is read again once a second of the shop's clock has gone by.
    const advent = async () => {
      clock.advance(1_000);
      return body<Overview>(await shop.admin('GET', '/v1/ops/overview'), 200).advent;
    };
    const open = async (customer: string, day?: string) =>
      body(await shop.storefront('POST', '/v1/advent/black-week/open', { customer, day }), 200);
    expect(await advent()).toBeNull();

    // The December calendar is set, but the shop's today is 27 November: not its season yet.
    const december = Array.from({ length: 24 }, (_, index) => ({
      day: `2026-12-${String(index + 1).padStart(2, '0')}`,
      reward: { kind: 'draw', winners: 1, prize: 'A hamper' },
    }));
    body(await shop.admin('PUT', '/v1/advent/2026', { doors: december }), 201);
    expect(await advent()).toBeNull();

    // A week of doors around today, past ones still open to latecomers; today's gives two codes.
    body(
      await shop.admin('POST', '/v1/promo-codes', {
        code: 'BLACKWEEK',
        kind: 'amount',
        value: 500,
        channels: ['web'],
        stacks_with_sales: true,
      }),
      201,
    );
    expect((await shop.admin('POST', '/v1/promo-codes/BLACKWEEK/batch', { count: 10 })).statusCode).toBe(201);
    const days = ['2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30'];
    const draw = { kind: 'draw', winners: 1, prize: 'A hamper' };
    body(
      await shop.admin('PUT', '/v1/advent/black-week', {
        name: 'Black week',
        first_day: days[0],
        last_day: days.at(-1),
        late_opening: true,
        doors: days.map((day) => ({
          day,
          reward: day === '2026-11-27' ? { kind: 'promo_code', batch: 'BLACKWEEK', count: 2 } : draw,
        })),
      }),
      201,
    );
    expect(await advent()).toMatchObject({
      season: 'black-week',
      name: 'Black week',
      today: '2026-11-27',
      days: days.map((day) => ({ day, players: 0 })),
    });

    await open('lea@example.fr', '2026-11-25');
    await open('noah@example.fr', '2026-11-25');
    await open('lea@example.fr', '2026-11-26');
    await open('lea@example.fr');
    await open('noah@example.fr');
    await open('ines@example.fr');
    // The same customer again, as her phone writes her address: one player still.
    await open('Ines+advent@Example.fr');
    const shown = await advent();
    expect(shown?.days).toEqual([
      { day: '2026-11-25', status: 'late', kind: 'draw', players: 2, given: 0, remaining: 1 },
      { day: '2026-11-26', status: 'late', kind: 'draw', players: 1, given: 0, remaining: 1 },
      // Three players for two codes: the third got none.
      { day: '2026-11-27', status: 'open', kind: 'promo_code', players: 3, given: 2, remaining: 0 },
      { day: '2026-11-28', status: 'upcoming', kind: 'draw', players: 0, given: 0, remaining: 1 },
      { day: '2026-11-29', status: 'upcoming', kind: 'draw', players: 0, given: 0, remaining: 1 },
      { day: '2026-11-30', status: 'upcoming', kind: 'draw', players: 0, given: 0, remaining: 1 },
    ]);
  });

  it('streams the overview every second to a live page', async () => {
    const address = await shop.app.listen({ port: 0, host: '127.0.0.1' });
    const response = await fetch(`${address}/v1/ops/live`, {
      headers: { authorization: `Bearer ${shop.adminKey}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const started = Date.now();
    while ((text.match(/\n\n/g) ?? []).length < 2) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    await reader.cancel();
    const events = text.split('\n\n').filter((chunk) => chunk.startsWith('event: overview'));
    expect(events.length).toBeGreaterThanOrEqual(2);
    const overview = JSON.parse(events[0]!.split('\ndata: ')[1]!);
    expect(Object.keys(overview)).toEqual(expect.arrayContaining(['now', 'series', 'top_skus', 'switches']));
    // The second came about a second after the first.
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);

    const anonymous = await fetch(`${address}/v1/ops/live`);
    expect(anonymous.status).toBe(401);
  });
});

describe('the back office finds orders', () => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await openShop('sqlite');
  });
  afterAll(() => shop.close());

  it('by number, or by the customer’s email whatever its case', async () => {
    const order = body<{ id: string; number: string }>(
      await shop.storefront(
        'POST',
        '/v1/orders',
        orderBody([{ sku: 'MUG-BLUE', quantity: 1 }], { customer: { email: 'Lea.Dupont@example.fr' } }),
        { 'idempotency-key': 'search-1' },
      ),
      201,
    );
    await shop.storefront('POST', '/v1/orders', orderBody([{ sku: 'MUG-BLUE', quantity: 1 }]), {
      'idempotency-key': 'search-2',
    });
    const found = async (q: string) =>
      body<{ data: { id: string }[] }>(
        await shop.admin('GET', `/v1/orders?q=${encodeURIComponent(q)}`),
        200,
      ).data.map((row) => row.id);
    expect(await found(order.number)).toEqual([order.id]);
    expect(await found(order.number.toLowerCase())).toEqual([order.id]);
    expect(await found('lea.dupont@EXAMPLE.fr')).toEqual([order.id]);
    expect(await found('nobody@example.fr')).toEqual([]);
  });

  it('newest first when asked, page after page', async () => {
    const page = async (query: string) =>
      body<{ data: { id: string }[]; next_cursor: string | null }>(
        await shop.admin('GET', `/v1/orders?${query}`),
        200,
      );
    const oldest = (await page('limit=100')).data.map((row) => row.id);
    expect(oldest.length).toBeGreaterThanOrEqual(2);
    const first = await page('order=newest&limit=1');
    const second = await page(`order=newest&limit=1&cursor=${first.next_cursor}`);
    expect([...first.data, ...second.data].map((row) => row.id)).toEqual(oldest.reverse().slice(0, 2));
    expectError(await shop.admin('GET', '/v1/orders?order=random'), 400, 'validation_failed');
  });
});
