/**
 * The campaigns pages in a real Chromium: a month of campaigns with each item on its days, a week
 * stepped through, filters that hide the other items, the window's conflicts in words with their
 * items marked, a campaign approved, scheduled and cancelled (with a reason) from the page; and the
 * selections tab showing what a banner would, without a sold-out SKU.
 *
 * The server runs in this process, from the sources, on SQLite, on a real socket, with a clock set
 * in November 2030 so that the month and the sales rate are the same on every run; the page is the
 * built one in dist/web (`vite build --config web/vite.config.ts`), in Europe/Paris.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignDetail, Conflicts } from '../src/campaigns/calendar/contract.js';
import { body, placed } from './support/api-helpers.js';
import { type BrowserTab, openShopInBrowser, type ShopInBrowser, signedIn } from './support/browser.js';
import { manualClock, type TestShop } from './support/shop.js';

let opened: ShopInBrowser;
let shop: TestShop;
let tab: BrowserTab;
let page: Page;
let baseUrl: string;
let blackFriday: CampaignDetail;
let cyberWeek: CampaignDetail;
let giftPosts: CampaignDetail;

const now = Date.parse('2030-11-10T09:00:00Z');

async function campaign(id: string): Promise<CampaignDetail> {
  return body<CampaignDetail>(await shop.admin('GET', `/v1/campaigns/${id}`), 200);
}

async function create(name: string, item: Record<string, unknown>): Promise<CampaignDetail> {
  return body<CampaignDetail>(
    await shop.admin('POST', '/v1/campaigns', {
      name,
      owner: 'Léa',
      items: [{ site: 'fr', payload: { template: name }, ...item }],
    }),
    201,
  );
}

const day = (key: string) => page.locator(`td[data-day="${key}"]`);
/** The chips of an item on the grid, one per day it covers. */
const chips = (itemId: string) => page.locator(`.campaign-chip[data-item-id="${itemId}"]`);
const itemIds = new Map<string, string>();
const itemOf = (campaignId: string) => itemIds.get(campaignId) ?? '';
/** The days on screen, as the grid keys them. */
async function daysShown(): Promise<string[]> {
  return page
    .locator('td[data-day]')
    .evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-day') ?? ''));
}
async function daysOf(itemId: string): Promise<string[]> {
  return chips(itemId).evaluateAll((found) =>
    found.map((chip) => chip.closest('td')?.getAttribute('data-day') ?? ''),
  );
}
const conflictList = () => page.getByRole('list', { name: 'Conflicts of the window' });

function novemberDays(first: number, last: number): string[] {
  return Array.from(
    { length: last - first + 1 },
    (_, index) => `2030-11-${String(first + index).padStart(2, '0')}`,
  );
}

describe('the campaigns pages', () => {
  beforeAll(async () => {
    opened = await openShopInBrowser({ clock: manualClock(now) });
    ({ shop, tab, page, baseUrl } = opened);

    // One tee sold this week: the 2 left last two weeks, less than Black Friday's mailing runs.
    await placed(shop.storefront, [{ sku: 'TEE-M', quantity: 1 }]);
    blackFriday = await create('Black Friday', {
      kind: 'mailing',
      channel: 'web',
      segment: 'returning',
      starts_at: '2030-11-20T07:00:00Z',
      ends_at: '2030-11-30T22:00:00Z',
      skus: ['TEE-M'],
    });
    cyberWeek = await create('Cyber week', {
      kind: 'banner',
      channel: 'web',
      segment: 'returning',
      starts_at: '2030-11-27T07:00:00Z',
      ends_at: '2030-11-29T22:00:00Z',
    });
    giftPosts = await create('Gift posts', {
      kind: 'social_post',
      site: 'be',
      channel: 'marketplace',
      segment: 'vip',
      starts_at: '2030-11-12T08:00:00Z',
      ends_at: '2030-11-14T20:00:00Z',
    });
    for (const each of [blackFriday, cyberWeek, giftPosts]) itemIds.set(each.id, each.items[0]!.id);
  });

  afterAll(() => opened?.close());

  it('shows a month with each item on its days, its conflicts in words and their items marked', async () => {
    await signedIn(opened, '/campaigns?date=2030-11-15');
    await page.getByRole('heading', { name: 'Campaigns', level: 1 }).waitFor();
    const section = page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Campaigns' });
    expect(await section.getAttribute('class')).toContain('active');
    await page.getByRole('table', { name: 'November 2030' }).waitFor();

    // November 2030 starts on a Friday: whole weeks from Monday 28 October to Sunday 1 December.
    const shown = await daysShown();
    expect(shown[0]).toBe('2030-10-28');
    expect(shown.at(-1)).toBe('2030-12-01');
    expect(shown).toHaveLength(35);

    await chips(itemOf(blackFriday.id)).first().waitFor();
    // 30 November 22:00 UTC is 23:00 in Paris: still the 30th.
    expect(await daysOf(itemOf(blackFriday.id))).toEqual(novemberDays(20, 30));
    expect(await daysOf(itemOf(cyberWeek.id))).toEqual(novemberDays(27, 29));
    expect(await daysOf(itemOf(giftPosts.id))).toEqual(novemberDays(12, 14));
    const chip = day('2030-11-28').locator('.campaign-chip').first();
    expect(await chip.textContent()).toMatch(/Black Friday.*mailing.*draft/);
    expect(await day('2030-11-28').locator('.campaign-chip').count()).toBe(2);
    expect(await day('2030-11-19').locator('.campaign-chip').count()).toBe(0);

    const conflicts = body<Conflicts>(
      await shop.admin('GET', '/v1/campaigns/conflicts?from=2030-11-01T00:00:00Z&to=2030-12-01T00:00:00Z'),
      200,
    );
    expect(conflicts.data.map((one) => one.kind).sort()).toEqual(['segment_overlap', 'sku_runs_out']);
    const words = conflictList().getByRole('listitem');
    await expect.poll(() => words.count()).toBe(2);
    const texts = await words.allTextContents();
    expect(texts).toContainEqual(
      expect.stringMatching(
        /^TEE-M runs out on 24 Nov before the mailing of Black Friday ends on 30 Nov at the last 7 days' rate/,
      ),
    );
    expect(texts).toContainEqual(
      expect.stringMatching(
        /(Black Friday and Cyber week|Cyber week and Black Friday) both speak to the returning segment on web from 27 Nov to 29 Nov/,
      ),
    );
    // Both campaigns' items are marked on every day; the posts, in no conflict, are not.
    expect(await chips(itemOf(blackFriday.id)).and(page.locator('[data-conflict="true"]')).count()).toBe(11);
    expect(await chips(itemOf(cyberWeek.id)).and(page.locator('[data-conflict="true"]')).count()).toBe(3);
    expect(await chips(itemOf(giftPosts.id)).and(page.locator('[data-conflict="true"]')).count()).toBe(0);
    expect(await chips(itemOf(cyberWeek.id)).first().textContent()).toContain('conflict');
  });

  it('switches to a week and steps through weeks, keeping them in the URL', async () => {
    await page.goto(`${baseUrl}/ops/campaigns?date=2030-11-28`);
    await page.getByRole('button', { name: 'Week', exact: true }).click();
    await page.getByRole('table', { name: /^Week of Monday,? 25 November 2030/ }).waitFor();
    expect(await daysShown()).toEqual([...novemberDays(25, 30), '2030-12-01']);
    expect(new URL(page.url()).searchParams.get('view')).toBe('week');
    await chips(itemOf(cyberWeek.id)).first().waitFor();
    expect(await daysOf(itemOf(blackFriday.id))).toEqual(novemberDays(25, 30));
    expect(await page.getByRole('columnheader').allTextContents()).toEqual([
      'Mon 25 Nov',
      'Tue 26 Nov',
      'Wed 27 Nov',
      'Thu 28 Nov',
      'Fri 29 Nov',
      'Sat 30 Nov',
      'Sun 1 Dec',
    ]);

    await page.getByRole('button', { name: 'Next week' }).click();
    await page.getByRole('table', { name: /^Week of Monday,? 2 December 2030/ }).waitFor();
    await page.getByText('No campaign item in this week on these filters.').waitFor();
    expect(new URL(page.url()).searchParams.get('date')).toBe('2030-12-05');

    await page.getByRole('button', { name: 'Previous week' }).click();
    await page.getByRole('button', { name: 'Previous week' }).click();
    await page.getByRole('table', { name: /^Week of Monday,? 18 November 2030/ }).waitFor();
    await chips(itemOf(blackFriday.id)).first().waitFor();
    expect(await daysOf(itemOf(blackFriday.id))).toEqual(novemberDays(20, 24));
    expect(await chips(itemOf(giftPosts.id)).count()).toBe(0);

    // The browser's back button returns to the week before.
    await page.goBack();
    await page.getByRole('table', { name: /^Week of Monday,? 25 November 2030/ }).waitFor();

    await page.getByRole('button', { name: 'Month', exact: true }).click();
    await page.getByRole('table', { name: 'November 2030' }).waitFor();
    expect(new URL(page.url()).searchParams.get('view')).toBeNull();
  });

  it('hides the items of other channels and segments when filtered', async () => {
    await page.goto(`${baseUrl}/ops/campaigns?date=2030-11-15`);
    await chips(itemOf(giftPosts.id)).first().waitFor();
    expect(await page.getByLabel('Channel').locator('option').allTextContents()).toEqual([
      'all',
      'marketplace',
      'web',
    ]);

    await page.getByLabel('Channel').selectOption('marketplace');
    await expect.poll(() => chips(itemOf(blackFriday.id)).count()).toBe(0);
    expect(await chips(itemOf(cyberWeek.id)).count()).toBe(0);
    expect(await chips(itemOf(giftPosts.id)).count()).toBe(3);
    expect(new URL(page.url()).searchParams.get('channel')).toBe('marketplace');

    await page.getByLabel('Channel').selectOption('');
    await page.getByLabel('Segment').selectOption('returning');
    await expect.poll(() => chips(itemOf(giftPosts.id)).count()).toBe(0);
    await expect.poll(() => chips(itemOf(blackFriday.id)).count()).toBe(11);
    expect(await chips(itemOf(cyberWeek.id)).count()).toBe(3);

    // A link with the filter opens on it.
    await page.goto(`${baseUrl}/ops/campaigns?date=2030-11-15&segment=vip`);
    await chips(itemOf(giftPosts.id)).first().waitFor();
    expect(await page.getByLabel('Segment').inputValue()).toBe('vip');
    expect(await chips(itemOf(blackFriday.id)).count()).toBe(0);
  });

  it('approves and schedules a campaign from the page, and cancels one only with a reason', async () => {
    await page.goto(`${baseUrl}/ops/campaigns?date=2030-11-15`);
    await chips(itemOf(blackFriday.id)).first().click();
    const opened = page.getByRole('region', { name: /^Black Friday/ });
    await opened.waitFor();
    const items = opened.getByRole('row');
    await expect.poll(() => items.count()).toBe(2);
    const cells = await items.nth(1).getByRole('cell').allTextContents();
    expect(cells.slice(0, 4)).toEqual(['mailing', 'fr', 'web', 'returning']);
    expect(cells[4]).toMatch(/20 Nov.*08:00.*30 Nov.*23:00/);
    expect(cells.slice(5)).toEqual(['draft', 'not yet']);
    expect(await opened.getByRole('listitem').count()).toBe(2);

    await opened.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(async () => (await campaign(blackFriday.id)).status).toBe('approved');
    await expect.poll(() => opened.locator('[data-campaign-status]').textContent()).toBe('approved');
    await opened.getByRole('button', { name: 'Back to draft' }).waitFor();
    await opened.getByRole('button', { name: 'Schedule' }).click();
    await expect.poll(async () => (await campaign(blackFriday.id)).status).toBe('scheduled');
    await expect.poll(() => opened.locator('[data-campaign-status]').textContent()).toBe('scheduled');
    // The grid follows: its chips now say scheduled.
    await expect.poll(() => chips(itemOf(blackFriday.id)).first().textContent()).toMatch(/scheduled/);

    await chips(itemOf(cyberWeek.id)).first().click();
    const cyber = page.getByRole('region', { name: /^Cyber week/ });
    await cyber.waitFor();
    const cancel = cyber.getByRole('button', { name: 'Cancel campaign' });
    expect(await cancel.isDisabled()).toBe(true);
    await cyber.getByLabel('Reason to cancel Cyber week').fill('Merged into Black Friday');
    await cancel.click();
    await expect.poll(async () => (await campaign(cyberWeek.id)).status).toBe('cancelled');
    expect((await campaign(cyberWeek.id)).cancel_reason).toBe('Merged into Black Friday');
    await expect.poll(() => cyber.locator('[data-campaign-status]').textContent()).toBe('cancelled');
    // A cancelled campaign no longer clashes: only the tee running out is left.
    await expect.poll(() => conflictList().getByRole('listitem').count()).toBe(1);
    expect(await cyber.getByRole('button', { name: 'Cancel campaign' }).count()).toBe(0);
    expect(tab.pageErrors).toEqual([]);
  });

  it("shows a selection's SKUs as a banner would, without a sold-out SKU", async () => {
    body(
      await shop.admin('PUT', '/v1/segments/returning', {
        name: 'Returning',
        conditions: [{ kind: 'returning' }],
      }),
      200,
    );
    body(
      await shop.admin('PUT', '/v1/selections/gifts', {
        name: 'Gift ideas',
        channel: 'web',
        entries: [{ segment: 'returning', skus: ['MUG-BLUE', 'LAST-ONE', 'TEE-M'] }, { skus: ['MUG-BLUE'] }],
      }),
      200,
    );
    // The lamp's one unit sold: it cannot be bought, so no banner shows it.
    await placed(shop.storefront, [{ sku: 'LAST-ONE', quantity: 1 }]);

    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Selections' })
      .click();
    await page.getByRole('heading', { name: 'Selections', level: 1 }).waitFor();
    await page.getByRole('table', { name: 'Selections' }).getByText('Gift ideas').waitFor();

    const form = page.getByRole('form', { name: 'What a banner shows now' });
    await form.getByLabel('Selection').selectOption('gifts');
    await form.getByLabel('Segment').selectOption('returning');
    await form.getByRole('button', { name: 'Show' }).click();
    const skus = page.getByRole('table', { name: 'SKUs of Gift ideas' });
    await skus.waitFor();
    const rows = await skus
      .locator('tbody tr')
      .evaluateAll((found) =>
        found.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent)),
      );
    expect(rows).toEqual([
      ['MUG-BLUE', 'Blue enamel mug', '€12.90', '15'],
      ['TEE-M', 'Organic tee, size M', '€25.00', '2'],
    ]);

    await form.getByLabel('Segment').selectOption('');
    await form.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => skus.locator('tbody tr').count()).toBe(1);
    expect(tab.pageErrors).toEqual([]);
  });
});
