/**
 * The advent tab in a real Chromium: a season's 24 doors with today's marked, each door's reward
 * and figures as the API counts them, and who opened a door with what they got, page by page.
 *
 * The server runs in this process, from the sources, on SQLite, on a real socket, with a clock set
 * on 2 December 2030 at 10:00 in Paris; the page is the built one in dist/web.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Play } from '../src/campaigns/advent/contract.js';
import { body } from './support/api-helpers.js';
import { openShopInBrowser, type ShopInBrowser, signedIn } from './support/browser.js';
import { manualClock, type TestShop } from './support/shop.js';

let opened: ShopInBrowser;
let shop: TestShop;
let page: Page;

/** 1 December 2030, 10:00 in Paris. */
const firstDay = Date.parse('2030-12-01T09:00:00Z');
const clock = manualClock(firstDay - 2 * 24 * 60 * 60 * 1000);
const door = (day: number) =>
  page.locator(`li.advent-door[data-day="2030-12-${String(day).padStart(2, '0')}"]`);

describe('the advent tab', () => {
  beforeAll(async () => {
    opened = await openShopInBrowser({ clock });
    ({ shop, page } = opened);
    body(
      await shop.admin('POST', '/v1/promo-codes', {
        code: 'ADVENT',
        kind: 'percent',
        value: 10,
        channels: ['web'],
        stacks_with_sales: false,
      }),
      201,
    );
    expect((await shop.admin('POST', '/v1/promo-codes/ADVENT/batch', { count: 100 })).statusCode).toBe(201);
    const doors = Array.from({ length: 24 }, (_, index) => ({
      day: `2030-12-${String(index + 1).padStart(2, '0')}`,
      reward:
        index === 23
          ? { kind: 'draw', winners: 3, prize: 'A Christmas hamper' }
          : { kind: 'promo_code', batch: 'ADVENT', count: 4 },
    }));
    body(await shop.admin('PUT', '/v1/advent/2030', { name: 'Advent 2030', opens_at: '09:00', doors }), 201);
    const open = async (customer: string) =>
      body<Play>(await shop.storefront('POST', '/v1/advent/2030/open', { customer }), 200);
    // Day 1: six players for four codes; day 2 (today): one so far.
    clock.set(firstDay);
    for (const customer of ['ana', 'bob', 'cy', 'dee', 'eve', 'fay']) await open(`${customer}@example.com`);
    clock.set(firstDay + 24 * 60 * 60 * 1000);
    await open('ana@example.com');
    await signedIn(opened, '/advent');
  });
  afterAll(() => opened.close());

  it('shows the season’s 24 doors, today’s marked, each with its reward and figures', async () => {
    const doors = page.getByRole('list', { name: 'Doors of Advent 2030' }).locator('li');
    await expect.poll(() => doors.count()).toBe(24);
    await expect.poll(() => door(2).getByRole('button').getAttribute('aria-current')).toBe('date');
    expect(await door(1).getByRole('button').getAttribute('aria-current')).toBeNull();
    expect(await door(1).innerText()).toMatch(
      /4 codes of ADVENT[\s\S]*6 players · 4 given, 0 left[\s\S]*closed/,
    );
    expect(await door(2).innerText()).toMatch(/1 player · 1 given, 3 left[\s\S]*open/);
    expect(await door(24).innerText()).toMatch(
      /Draw: 3 × A Christmas hamper[\s\S]*0 players · 3 to draw[\s\S]*upcoming/,
    );
    await expect.poll(() => page.getByText('7 openings in all').count()).toBe(1);
  });

  it('lists who opened a door and what each got, today’s door first', async () => {
    const plays = page.getByRole('table', { name: 'Who opened 2030-12-02' });
    await expect.poll(() => plays.locator('tbody tr').count()).toBe(1);
    expect(await plays.locator('tbody tr').innerText()).toMatch(/ana@example.com[\s\S]*ADVENT-/);
    await door(1).getByRole('button').click();
    const first = page.getByRole('table', { name: 'Who opened 2030-12-01' });
    await expect.poll(() => first.locator('tbody tr').count()).toBe(6);
    const got = await first.locator('tbody tr td:nth-child(3)').allInnerTexts();
    expect(got.filter((text) => text.startsWith('ADVENT-'))).toHaveLength(4);
    expect(got.filter((text) => text === 'no code left')).toHaveLength(2);
    expect(opened.tab.pageErrors).toEqual([]);
  });
});
