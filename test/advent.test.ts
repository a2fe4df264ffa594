/**
 * The advent calendar through the API, on both stores: a season's doors checked as they are set,
 * each door opened once per customer per day with the same answer on every try, codes never given
 * twice nor beyond the door's share even when hundreds open at once from two devices, days closed
 * until their hour and after their day, and a draw made once when its day is over.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdventCalendar, Play, Plays } from '../src/campaigns/advent/contract.js';
import { drawAdventDoors } from '../src/campaigns/index.js';
import { body, eventsAfter, eventsEnd, expectError } from './support/api-helpers.js';
import { manualClock, openShop, type TestShop } from './support/shop.js';
import { engines } from './support/stores.js';

const hourMs = 60 * 60 * 1000;
const dayMs = 24 * hourMs;
/** 1 December 2026, 08:00 in Paris (UTC+1). */
const firstMorning = Date.parse('2026-12-01T07:00:00.000Z');

const doors = (reward: (day: string, index: number) => unknown) =>
  Array.from({ length: 24 }, (_, index) => {
    const day = `2026-12-${String(index + 1).padStart(2, '0')}`;
    return { day, reward: reward(day, index) };
  });

describe.each(engines)('the advent calendar on %s', (engine) => {
  const clock = manualClock(firstMorning - 2 * dayMs);
  let shop: TestShop;

  const put = (season: string, input: unknown) => shop.admin('PUT', `/v1/advent/${season}`, input);
  const open = (season: string, customer: string, day?: string) =>
    shop.storefront('POST', `/v1/advent/${season}/open`, { customer, ...(day === undefined ? {} : { day }) });
  const calendar = async (season: string) =>
    body<AdventCalendar>(await shop.admin('GET', `/v1/advent/${season}`), 200);
  const door = async (season: string, day: string) =>
    (await calendar(season)).doors.find((row) => row.day === day)!;

  beforeAll(async () => {
    shop = await openShop(engine, { clock });
    body(
      await shop.admin('POST', '/v1/promo-codes', {
        code: 'ADVENT',
        kind: 'percent',
        value: 15,
        channels: ['web'],
        stacks_with_sales: false,
      }),
      201,
    );
    expect((await shop.admin('POST', '/v1/promo-codes/ADVENT/batch', { count: 600 })).statusCode).toBe(201);
  });
  afterAll(() => shop.close());

  it('refuses a calendar that cannot hold, setting nothing', async () => {
    const codeDoors = doors(() => ({ kind: 'promo_code', batch: 'advent', count: 20 }));
    const missing = expectError(await put('2026', { doors: codeDoors.slice(1) }), 400, 'validation_failed');
    expect(missing.details).toMatchObject({ problems: ['no door for 2026-12-01'] });
    expectError(
      await put('2026', { doors: codeDoors, time_zone: 'Europe/Atlantis' }),
      400,
      'validation_failed',
    );
    expectError(await put('winter', { doors: codeDoors }), 400, 'validation_failed');
    expectError(
      await put('2026', { doors: doors(() => ({ kind: 'promo_code', batch: 'NOPE', count: 1 })) }),
      422,
      'unknown_promo_code',
    );
    // 24 doors of 30 codes need 720: the batch has 600.
    const short = expectError(
      await put('2026', { doors: doors(() => ({ kind: 'promo_code', batch: 'ADVENT', count: 30 })) }),
      409,
      'limit_reached',
    );
    expect(short.details).toMatchObject({ promo_code: 'ADVENT', day: '2026-12-21', free: 0, needed: 30 });
    const unpriced = expectError(
      await put('2026', {
        doors: doors((day) =>
          day === '2026-12-02'
            ? { kind: 'offer', sku: 'MUG-BLUE', channel: 'web', price: 990 }
            : { kind: 'draw', winners: 2, prize: 'A hamper' },
        ),
      }),
      422,
      'offer_price_not_in_force',
    );
    expect(unpriced.details).toMatchObject({ day: '2026-12-02', sku: 'MUG-BLUE', price: 990 });
    expectError(await shop.admin('GET', '/v1/advent/2026'), 404, 'not_found');
  });

  it('sets a season of doors opening at 09:00 in Paris, an offer backed by its sale', async () => {
    body(
      await shop.admin('POST', '/v1/sales', {
        name: 'Advent mug day',
        kind: 'flash',
        channels: ['web'],
        starts_at: '2026-12-02T09:00',
        ends_at: '2026-12-03T00:00',
        items: [{ sku: 'MUG-BLUE', price: 990 }],
      }),
      201,
    );
    const created = await put('2026', {
      name: 'Advent 2026',
      opens_at: '09:00',
      doors: doors((day) =>
        day === '2026-12-02'
          ? { kind: 'offer', sku: 'MUG-BLUE', channel: 'web', price: 990 }
          : day === '2026-12-03'
            ? { kind: 'draw', winners: 2, prize: 'A hamper' }
            : { kind: 'promo_code', batch: 'ADVENT', count: day === '2026-12-01' ? 100 : 10 },
      ),
    });
    const view = body<AdventCalendar>(created, 201);
    expect(view).toMatchObject({
      season: '2026',
      name: 'Advent 2026',
      time_zone: 'Europe/Paris',
      first_day: '2026-12-01',
      last_day: '2026-12-24',
      opens_at: '09:00',
      late_opening: false,
      today: null,
      players: 0,
    });
    expect(view.doors).toHaveLength(24);
    expect(view.doors[0]).toMatchObject({
      day: '2026-12-01',
      status: 'upcoming',
      opens_at: '2026-12-01T08:00:00.000Z',
      closes_at: '2026-12-01T23:00:00.000Z',
      players: 0,
      given: 0,
      remaining: 100,
    });
    expect(view.doors[1]).toMatchObject({ remaining: null, reward: { kind: 'offer', price: 990 } });
  });

  it('keeps every door closed before 09:00 on its day', async () => {
    clock.set(firstMorning);
    const early = expectError(await open('2026', 'ana@example.com'), 409, 'advent_door_closed');
    expect(early.details).toMatchObject({ day: '2026-12-01', reason: 'not_yet_open' });
    clock.set(firstMorning + hourMs);
    const tomorrow = expectError(
      await open('2026', 'ana@example.com', '2026-12-02'),
      409,
      'advent_door_closed',
    );
    expect(tomorrow.details).toMatchObject({ reason: 'not_yet_open' });
    expectError(await open('2026', 'ana@example.com', '2025-12-01'), 409, 'advent_door_closed');
    expectError(await open('1999', 'ana@example.com'), 404, 'not_found');
    expectError(await open('2026', 'not an email'), 400, 'validation_failed');
  });

  it('gives a customer one code a day, the same on every try under any spelling of their email', async () => {
    clock.set(firstMorning + hourMs + 60_000);
    const first = body<Play>(await open('2026', 'Ana@Example.com'), 200);
    expect(first).toMatchObject({ season: '2026', day: '2026-12-01', customer: 'ana@example.com' });
    expect(first.reward).toMatchObject({ kind: 'promo_code', code: expect.stringMatching(/^ADVENT-/) });
    clock.advance(60_000);
    for (const spelling of ['ana@example.com', 'ANA+phone@example.com'])
      expect(body<Play>(await open('2026', spelling), 200)).toEqual(first);
    expect(await door('2026', '2026-12-01')).toMatchObject({
      status: 'open',
      players: 1,
      given: 1,
      remaining: 99,
    });
  });

  it('gives each of a door’s codes once when hundreds open at once from two devices', async () => {
    const customers = Array.from({ length: 150 }, (_, index) => `player-${index}@example.com`);
    // Every customer twice at the same instant: 300 openings for the 99 codes left.
    const answers = await Promise.all(
      customers.flatMap((customer) => [open('2026', customer), open('2026', customer.toUpperCase())]),
    );
    const plays = answers.map((answer) => body<Play>(answer, 200));
    for (let index = 0; index < customers.length; index++)
      expect(plays[2 * index + 1], customers[index]).toEqual(plays[2 * index]);
    const codes = plays
      .filter((_, index) => index % 2 === 0)
      .map((play) => (play.reward as { code: string | null }).code);
    const given = codes.filter((code) => code !== null);
    expect(given).toHaveLength(99);
    expect(new Set(given).size).toBe(99);
    expect(codes.filter((code) => code === null)).toHaveLength(51);
    expect(await door('2026', '2026-12-01')).toMatchObject({ players: 151, given: 100, remaining: 0 });
    // The plays the server kept say the same, page by page.
    const kept: Play[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? '?limit=60' : `?limit=60&cursor=${encodeURIComponent(cursor)}`;
      const page = body<Plays>(await shop.admin('GET', `/v1/advent/2026/days/2026-12-01/plays${query}`), 200);
      kept.push(...page.data);
      cursor = page.next_cursor;
    } while (cursor !== null);
    expect(kept).toHaveLength(151);
    expect(new Set(kept.map((play) => play.customer)).size).toBe(151);
    expect(kept.filter((play) => (play.reward as { code: string | null }).code !== null)).toHaveLength(100);
  });

  it('closes a door at midnight, and a replaced calendar keeps what was opened', async () => {
    clock.set(firstMorning + dayMs + 2 * hourMs); // 2 December, 10:00
    const offer = body<Play>(await open('2026', 'ana@example.com'), 200);
    expect(offer).toMatchObject({
      day: '2026-12-02',
      reward: { kind: 'offer', sku: 'MUG-BLUE', channel: 'web', price: 990 },
    });
    const past = expectError(await open('2026', 'bob@example.com', '2026-12-01'), 409, 'advent_door_closed');
    expect(past.details).toMatchObject({ reason: 'past' });
    // The first door was opened: its reward cannot change, nor can it go.
    const all = (await calendar('2026')).doors.map(({ day, reward }) => ({ day, reward }));
    const changed = all.map((row) =>
      row.day === '2026-12-01' ? { ...row, reward: { kind: 'draw', winners: 1, prize: 'A mug' } } : row,
    );
    const played = expectError(
      await put('2026', { opens_at: '09:00', doors: changed }),
      409,
      'advent_door_played',
    );
    expect(played.details).toMatchObject({ day: '2026-12-01', players: 151 });
    // The same reward written in another case is the same reward.
    const lowerCase = all.map((row) =>
      row.reward.kind === 'promo_code' ? { ...row, reward: { ...row.reward, batch: 'advent' } } : row,
    );
    body<AdventCalendar>(await put('2026', { opens_at: '09:00', doors: lowerCase }), 200);
    // Late opening allowed: the first day opens again for those who missed it.
    body<AdventCalendar>(await put('2026', { opens_at: '09:00', late_opening: true, doors: all }), 200);
    const late = body<Play>(await open('2026', 'bob@example.com', '2026-12-01'), 200);
    expect(late.reward).toEqual({ kind: 'promo_code', code: null });
    expect(await door('2026', '2026-12-01')).toMatchObject({ status: 'late', players: 152, given: 100 });
  });

  it('draws a day’s winners once its day is over, once, and tells the players', async () => {
    clock.set(firstMorning + 2 * dayMs + 2 * hourMs); // 3 December, 10:00
    const players = ['ana@example.com', 'bob@example.com', 'cy@example.com', 'dee@example.com'];
    for (const customer of players)
      expect(body<Play>(await open('2026', customer), 200).reward).toEqual({
        kind: 'draw',
        prize: 'A hamper',
        entered: true,
        drawn: false,
        won: null,
      });
    expect(await drawAdventDoors(shop.ctx)).toBe(0);
    const before = await eventsEnd(shop);
    clock.set(firstMorning + 3 * dayMs); // 4 December, 08:00
    const [first, second] = await Promise.all([drawAdventDoors(shop.ctx), drawAdventDoors(shop.ctx)]);
    expect(first + second).toBe(1);
    expect(await door('2026', '2026-12-03')).toMatchObject({
      given: 2,
      remaining: 0,
      drawn_at: expect.any(String),
    });
    const results = await Promise.all(
      players.map(async (customer) => body<Play>(await open('2026', customer, '2026-12-03'), 200)),
    );
    const winners = results
      .filter((play) => (play.reward as { won: boolean }).won)
      .map((play) => play.customer);
    expect(winners).toHaveLength(2);
    for (const play of results) expect(play.reward).toMatchObject({ drawn: true, entered: true });
    const drawn = (await eventsAfter(shop, before)).events.filter(
      (event) => event.type === 'advent.door.drawn',
    );
    expect(drawn).toHaveLength(1);
    expect(drawn[0]!.payload).toMatchObject({
      season: '2026',
      day: '2026-12-03',
      prize: 'A hamper',
      winners,
    });
  });

  it('removes a calendar with its plays, its unused codes free for another door', async () => {
    expect((await shop.admin('DELETE', '/v1/advent/2026')).statusCode).toBe(204);
    expectError(await shop.admin('GET', '/v1/advent/2026'), 404, 'not_found');
    expectError(await shop.admin('DELETE', '/v1/advent/2026'), 404, 'not_found');
    expectError(await open('2026', 'ana@example.com'), 404, 'not_found');
    const codeDoors = (year: string, count: number) =>
      doors(() => ({ kind: 'promo_code', batch: 'ADVENT', count })).map((door) => ({
        ...door,
        day: door.day.replace('2026', year),
      }));
    // 100 of the 600 codes went out and stay their players'; the other 500 can be set aside again.
    const again = body<AdventCalendar>(await put('2027', { doors: codeDoors('2027', 20) }), 201);
    expect(again.doors.reduce((sum, row) => sum + (row.remaining ?? 0), 0)).toBe(480);
    const none = expectError(await put('2028', { doors: codeDoors('2028', 1) }), 409, 'limit_reached');
    expect(none.details).toMatchObject({ day: '2028-12-21', free: 0, needed: 1 });
  });
});
