/** The campaign process walked move by move, and each kind of conflict with its edges. */
import { describe, expect, it } from 'vitest';
import type { PriceSegment } from '../../pricing/core/timeline.js';
import {
  type CampaignStatus,
  type ConflictFacts,
  campaignStatuses,
  campaignTransitions,
  checkEditable,
  checkMove,
  factKey,
  findConflicts,
  involves,
  isCampaignStatus,
  manualMoves,
  type PlannedItem,
  runsOutAtMs,
  stretchesOff,
} from './calendar.js';

const hourMs = 60 * 60 * 1000;
const dayMs = 24 * hourMs;
const nowMs = Date.UTC(2026, 10, 1);
const weekMs = 7 * dayMs;

// The process written out by hand, so that a change to the table has to be made twice, on purpose.
const expectedMoves = new Set([
  'draft→approved',
  'draft→cancelled',
  'approved→draft',
  'approved→scheduled',
  'approved→cancelled',
  'scheduled→approved',
  'scheduled→published',
  'scheduled→cancelled',
  'published→done',
  'published→cancelled',
]);

const allPairs = campaignStatuses.flatMap((from) => campaignStatuses.map((to) => [from, to] as const));
const oneItem = [{ id: 'cmpi_1', endsAtMs: nowMs + dayMs }];

describe('the campaign process', () => {
  it.each(allPairs)('%s → %s is allowed exactly when the table says so', (from, to) => {
    const result = checkMove({ status: from, items: oneItem }, to, nowMs);
    if (expectedMoves.has(`${from}→${to}`)) expect(result).toEqual({ ok: true, value: null });
    else
      expect(result).toEqual({
        ok: false,
        code: 'invalid_transition',
        message: `A campaign cannot go from ${from} to ${to}.`,
        details: { from, to, allowed: campaignTransitions[from] },
      });
  });

  it('reaches every status from draft, and ends in done or cancelled', () => {
    const terminal = campaignStatuses.filter((status) => campaignTransitions[status].length === 0);
    expect(terminal).toEqual(['done', 'cancelled']);
    expect(manualMoves.every((move) => isCampaignStatus(move))).toBe(true);
    expect(isCampaignStatus('live')).toBe(false);
  });

  it('approves nothing empty and schedules no item that is already over', () => {
    const empty = checkMove({ status: 'draft', items: [] }, 'approved', nowMs);
    expect(empty).toMatchObject({ ok: false, code: 'invalid_transition', details: { reason: 'no_items' } });
    const items = [
      { id: 'cmpi_over', endsAtMs: nowMs },
      { id: 'cmpi_later', endsAtMs: nowMs + 1 },
    ];
    expect(checkMove({ status: 'approved', items }, 'scheduled', nowMs)).toMatchObject({
      ok: false,
      code: 'invalid_transition',
      details: { reason: 'items_over', items: ['cmpi_over'] },
    });
    expect(checkMove({ status: 'approved', items: items.slice(1) }, 'scheduled', nowMs).ok).toBe(true);
  });

  it.each(campaignStatuses)('edits a %s campaign only if it is a draft', (status: CampaignStatus) => {
    expect(checkEditable(status).ok).toBe(status === 'draft');
  });
});

let sequence = 0;
function item(overrides: Partial<PlannedItem> = {}): PlannedItem {
  sequence += 1;
  return {
    id: `cmpi_${String(sequence).padStart(3, '0')}`,
    campaignId: `cmp_${sequence}`,
    status: 'scheduled',
    channel: 'web',
    segment: 'vip',
    startsAtMs: nowMs + dayMs,
    endsAtMs: nowMs + 3 * dayMs,
    skus: [],
    announcedPrices: [],
    ...overrides,
  };
}

function facts(overrides: Partial<ConflictFacts> = {}): ConflictFacts {
  return {
    nowMs,
    fromMs: nowMs,
    toMs: nowMs + 30 * dayMs,
    availableUnits: new Map(),
    unitsSold: new Map(),
    salesPeriodMs: weekMs,
    priceTimelines: new Map(),
    ...overrides,
  };
}

describe('segment overlaps', () => {
  it('finds two campaigns on one segment and channel at once, over the time they share', () => {
    const first = item();
    const second = item({ startsAtMs: nowMs + 2 * dayMs, endsAtMs: nowMs + 5 * dayMs, status: 'draft' });
    expect(findConflicts([first, second], facts())).toEqual([
      {
        kind: 'segment_overlap',
        channel: 'web',
        segment: 'vip',
        itemIds: [first.id, second.id],
        campaignIds: [first.campaignId, second.campaignId],
        fromMs: nowMs + 2 * dayMs,
        toMs: nowMs + 3 * dayMs,
      },
    ]);
  });

  it('sees no overlap in touching windows, other segments or channels, or one campaign’s own items', () => {
    const first = item();
    const touching = item({ startsAtMs: first.endsAtMs, endsAtMs: first.endsAtMs + dayMs });
    const otherSegment = item({ segment: 'newcomers' });
    const otherChannel = item({ channel: 'marketplace' });
    const sameCampaign = item({ campaignId: first.campaignId });
    expect(findConflicts([first, touching, otherSegment, otherChannel, sameCampaign], facts())).toEqual([]);
  });

  it('counts draft to published items, never done or cancelled ones', () => {
    const draft = item({ status: 'draft', startsAtMs: nowMs - dayMs });
    const done = item({ status: 'done', startsAtMs: nowMs - 2 * dayMs, endsAtMs: nowMs + dayMs });
    const cancelled = item({ status: 'cancelled' });
    expect(findConflicts([draft, done, cancelled], facts())).toEqual([]);
    const published = item({ status: 'published', startsAtMs: nowMs - dayMs });
    expect(findConflicts([draft, published], facts()).map((conflict) => conflict.kind)).toEqual([
      'segment_overlap',
    ]);
  });

  it('leaves out overlaps outside the window asked about', () => {
    const long = item({ startsAtMs: nowMs, endsAtMs: nowMs + 20 * dayMs });
    const late = item({ startsAtMs: nowMs + 10 * dayMs, endsAtMs: nowMs + 20 * dayMs });
    expect(findConflicts([long, late], facts({ toMs: nowMs + 10 * dayMs }))).toEqual([]);
    expect(findConflicts([long, late], facts({ toMs: nowMs + 10 * dayMs + 1 }))).toHaveLength(1);
  });
});

describe('SKUs running out', () => {
  it('finds a SKU sold out before the item ends at the recent rate', () => {
    // 14 sold in a week: 2 a day; 4 available last 2 days, and the item runs 3 days from tomorrow.
    const promoting = item({ skus: ['MUG'] });
    const found = findConflicts(
      [promoting],
      facts({ availableUnits: new Map([[factKey('web', 'MUG'), 4]]), unitsSold: new Map([['MUG', 14]]) }),
    );
    expect(found).toEqual([
      {
        kind: 'sku_runs_out',
        channel: 'web',
        sku: 'MUG',
        itemId: promoting.id,
        campaignId: promoting.campaignId,
        availableUnits: 4,
        unitsSold: 14,
        salesPeriodMs: weekMs,
        runsOutAtMs: nowMs + 2 * dayMs,
        fromMs: nowMs + 2 * dayMs,
        toMs: promoting.endsAtMs,
      },
    ]);
  });

  it('never runs out without sales, nor when the last unit goes as the item ends', () => {
    const promoting = item({ skus: ['MUG'] });
    expect(runsOutAtMs(5, 0, weekMs, nowMs)).toBeNull();
    const available = new Map([[factKey('web', 'MUG'), 6]]);
    expect(findConflicts([promoting], facts({ availableUnits: available }))).toEqual([]);
    // 14 a week is 2 a day: 6 units last exactly the 3 days to the item's end.
    expect(
      findConflicts([promoting], facts({ availableUnits: available, unitsSold: new Map([['MUG', 14]]) })),
    ).toEqual([]);
  });

  it('counts a SKU with nothing available as out now, sold or not, from the item’s start', () => {
    const promoting = item({ skus: ['GONE'], channel: 'marketplace' });
    // Available on another channel only: this one has none.
    const found = findConflicts(
      [promoting],
      facts({ availableUnits: new Map([[factKey('web', 'GONE'), 9]]) }),
    );
    expect(found).toMatchObject([{ kind: 'sku_runs_out', runsOutAtMs: nowMs, fromMs: promoting.startsAtMs }]);
  });

  it('ignores items already over', () => {
    const over = item({ skus: ['MUG'], status: 'published', startsAtMs: nowMs - 2 * dayMs, endsAtMs: nowMs });
    expect(findConflicts([over], facts())).toEqual([]);
  });
});

const segment = (fromMs: number, toMs: number | null, amountMinor: number, saleId: string | null = null) =>
  ({ fromMs, toMs, amountMinor, source: saleId === null ? 'base' : 'sale', saleId }) satisfies PriceSegment;

describe('announced prices', () => {
  const starts = nowMs + dayMs;
  const ends = nowMs + 3 * dayMs;

  it('holds when a sale applies the announced price over the whole window', () => {
    const timeline = [
      segment(0, starts, 1290),
      segment(starts, ends, 990, 'sale_1'),
      segment(ends, null, 1290),
    ];
    const announcing = item({ announcedPrices: [{ sku: 'MUG', priceMinor: 990 }] });
    expect(
      findConflicts([announcing], facts({ priceTimelines: new Map([[factKey('web', 'MUG'), timeline]]) })),
    ).toEqual([]);
  });

  it('is a conflict when the sale gives the price for part of the window only', () => {
    const saleEnds = starts + dayMs;
    const timeline = [
      segment(0, starts, 1290),
      segment(starts, saleEnds, 990, 'sale_1'),
      segment(saleEnds, null, 1290),
    ];
    const announcing = item({ announcedPrices: [{ sku: 'MUG', priceMinor: 990 }] });
    expect(
      findConflicts([announcing], facts({ priceTimelines: new Map([[factKey('web', 'MUG'), timeline]]) })),
    ).toEqual([
      {
        kind: 'price_not_provided',
        channel: 'web',
        sku: 'MUG',
        itemId: announcing.id,
        campaignId: announcing.campaignId,
        announcedPriceMinor: 990,
        stretches: [{ fromMs: saleEnds, toMs: ends, priceMinor: 1290, saleId: null }],
        fromMs: saleEnds,
        toMs: ends,
      },
    ]);
  });

  it('is a conflict when no price applies at all, or another channel’s sale gives it', () => {
    const announcing = item({ announcedPrices: [{ sku: 'MUG', priceMinor: 990 }] });
    const elsewhere = new Map([[factKey('marketplace', 'MUG'), [segment(0, null, 990, 'sale_2')]]]);
    expect(findConflicts([announcing], facts({ priceTimelines: elsewhere }))).toMatchObject([
      {
        kind: 'price_not_provided',
        stretches: [{ fromMs: starts, toMs: ends, priceMinor: null, saleId: null }],
      },
    ]);
  });

  it('names each stretch off the price, holes included, merged where they continue', () => {
    const timeline = [
      segment(0, 10, 500),
      segment(10, 20, 400, 'sale_1'),
      segment(20, 30, 500),
      segment(30, 40, 500, 'sale_2'),
      segment(50, null, 400),
    ];
    expect(stretchesOff(timeline, 5, 60, 400)).toEqual([
      { fromMs: 5, toMs: 10, priceMinor: 500, saleId: null },
      { fromMs: 20, toMs: 30, priceMinor: 500, saleId: null },
      { fromMs: 30, toMs: 40, priceMinor: 500, saleId: 'sale_2' },
      { fromMs: 40, toMs: 50, priceMinor: null, saleId: null },
    ]);
    expect(stretchesOff(timeline, 10, 20, 400)).toEqual([]);
    expect(stretchesOff([], 10, 20, 400)).toEqual([{ fromMs: 10, toMs: 20, priceMinor: null, saleId: null }]);
  });
});

describe('conflicts together', () => {
  it('lists them soonest first, and tells a campaign’s own', () => {
    const announcing = item({
      segment: 'all',
      startsAtMs: nowMs + 5 * dayMs,
      endsAtMs: nowMs + 6 * dayMs,
      announcedPrices: [{ sku: 'MUG', priceMinor: 990 }],
    });
    const first = item();
    const second = item({ skus: ['MUG'] });
    const found = findConflicts(
      [announcing, first, second],
      facts({ availableUnits: new Map([[factKey('web', 'MUG'), 1]]), unitsSold: new Map([['MUG', 7]]) }),
    );
    expect(found.map((conflict) => conflict.kind)).toEqual([
      'segment_overlap',
      'sku_runs_out',
      'price_not_provided',
    ]);
    expect(found.filter((conflict) => involves(conflict, new Set([second.id]))).map((c) => c.kind)).toEqual([
      'segment_overlap',
      'sku_runs_out',
    ]);
    expect(found.filter((conflict) => involves(conflict, new Set([announcing.id])))).toHaveLength(1);
  });

  it('refuses a sales period that is not a duration', () => {
    expect(() => findConflicts([], facts({ salesPeriodMs: 0 }))).toThrow(/positive/);
  });
});
