/** Prices over time and the reference price of a reduction, on the histories that trip naive rules. */
import { describe, expect, it } from 'vitest';
import {
  type BasePriceChange,
  historyUntil,
  priceTimeline,
  type ReferenceQuestion,
  referencePrice,
  type SaleWindow,
  segmentAt,
} from './timeline.js';

const dayMs = 86_400_000;
/** Day `n` at midnight UTC: the tests count in days. */
const day = (n: number) => n * dayMs;
const question = (
  changes: BasePriceChange[],
  windows: SaleWindow[],
  saleId: string,
  more: Partial<ReferenceQuestion> = {},
): ReferenceQuestion => ({
  changes,
  windows,
  saleId,
  perishable: false,
  thirtyDaysBefore: (atMs) => atMs - 30 * dayMs,
  sameSoldesPeriod: () => false,
  ...more,
});
const percent = (discountBp: number) => ({ kind: 'percent', discountBp, rounding: 'cent' }) as const;
const sale = (
  saleId: string,
  from: number,
  to: number,
  rule: SaleWindow['rule'],
  kind: SaleWindow['kind'] = 'promotion',
): SaleWindow => ({
  saleId,
  kind,
  startsAtMs: day(from),
  endsAtMs: day(to),
  rule,
});

describe('the price timeline', () => {
  const changes = [
    { atMs: day(0), amountMinor: 10_000 },
    { atMs: day(10), amountMinor: 12_000 },
  ];
  const blackFriday = sale('bf', 20, 23, percent(2_500));

  it('applies a sale to the base price in force, and goes back to it when the sale ends', () => {
    const timeline = priceTimeline(changes, [blackFriday]);
    expect(timeline).toEqual([
      { fromMs: day(0), toMs: day(10), amountMinor: 10_000, source: 'base', saleId: null },
      { fromMs: day(10), toMs: day(20), amountMinor: 12_000, source: 'base', saleId: null },
      { fromMs: day(20), toMs: day(23), amountMinor: 9_000, source: 'sale', saleId: 'bf' },
      { fromMs: day(23), toMs: null, amountMinor: 12_000, source: 'base', saleId: null },
    ]);
  });

  it('changes on the millisecond: the old price to the last one before the start, the sale price from it', () => {
    const timeline = priceTimeline(changes, [blackFriday]);
    expect(segmentAt(timeline, day(20) - 1)?.amountMinor).toBe(12_000);
    expect(segmentAt(timeline, day(20))?.amountMinor).toBe(9_000);
    expect(segmentAt(timeline, day(23) - 1)?.amountMinor).toBe(9_000);
    expect(segmentAt(timeline, day(23))?.amountMinor).toBe(12_000);
  });

  it('follows a base change during a percentage sale, keeps a fixed sale price, and sells nothing once withdrawn', () => {
    const during = [...changes, { atMs: day(21), amountMinor: 8_000 }, { atMs: day(30), amountMinor: null }];
    const byPercent = priceTimeline(during, [blackFriday]);
    expect(segmentAt(byPercent, day(22))?.amountMinor).toBe(6_000);
    expect(segmentAt(byPercent, day(31))).toBeUndefined();
    const fixed = priceTimeline(during, [sale('bf', 20, 23, { kind: 'fixed', amountMinor: 7_500 })]);
    expect(segmentAt(fixed, day(20))?.amountMinor).toBe(7_500);
    expect(segmentAt(fixed, day(22))?.amountMinor).toBe(7_500);
  });

  it('shows history up to now: the segment in force has no end, what is scheduled does not show', () => {
    const history = historyUntil(priceTimeline(changes, [blackFriday]), day(15));
    expect(history.map((segment) => [segment.amountMinor, segment.toMs])).toEqual([
      [10_000, day(10)],
      [12_000, null],
    ]);
  });
});

describe('the reference price of a reduction', () => {
  it('is the lowest price of the 30 days before, not the price just before: a price raised before a sale', () => {
    // 100.00 for months, raised to 150.00 five days before a "-30 %" sale at 105.00.
    const changes = [
      { atMs: day(0), amountMinor: 10_000 },
      { atMs: day(95), amountMinor: 15_000 },
    ];
    const reference = referencePrice(question(changes, [sale('s', 100, 110, percent(3_000))], 's'));
    expect(reference.referenceMinor).toBe(10_000);
    expect(reference.naiveMinor).toBe(15_000);
    expect(reference.rule).toBe('lowest_in_30_days');
    expect(reference.raises).toEqual([{ atMs: day(95), fromMinor: 10_000, toMinor: 15_000 }]);
    expect(reference.applied.map((segment) => [segment.fromMs, segment.toMs, segment.amountMinor])).toEqual([
      [day(70), day(95), 10_000],
      [day(95), day(100), 15_000],
    ]);
  });

  it('counts an earlier sale of the 30 days as a price applied', () => {
    const changes = [{ atMs: day(0), amountMinor: 10_000 }];
    const windows = [sale('early', 80, 85, percent(2_000)), sale('later', 100, 110, percent(3_000))];
    expect(referencePrice(question(changes, windows, 'later')).referenceMinor).toBe(8_000);
    // 31 days before, the earlier sale no longer counts.
    const longBefore = [sale('early', 60, 69, percent(2_000)), sale('later', 100, 110, percent(3_000))];
    expect(referencePrice(question(changes, longBefore, 'later')).referenceMinor).toBe(10_000);
  });

  it('for successive reductions, rests on the 30 days before the first of them', () => {
    const changes = [
      { atMs: day(0), amountMinor: 9_000 },
      { atMs: day(60), amountMinor: 10_000 },
    ];
    // -20 % from day 100, then -40 % straight after from day 107: the second shows the first's reference.
    const windows = [sale('first', 100, 107, percent(2_000)), sale('second', 107, 120, percent(4_000))];
    const second = referencePrice(question(changes, windows, 'second'));
    expect(second.reductionStartedAtMs).toBe(day(100));
    expect(second.referenceMinor).toBe(10_000);
    expect(second.naiveMinor).toBe(8_000);
  });

  it('chains soldes sales of one soldes period even with the base price between them', () => {
    const changes = [{ atMs: day(0), amountMinor: 10_000 }];
    const windows = [
      sale('soldes-1', 100, 105, percent(3_000), 'soldes'),
      sale('soldes-2', 110, 120, percent(5_000), 'soldes'),
    ];
    const apart = referencePrice(question(changes, windows, 'soldes-2'));
    expect(apart.referenceMinor).toBe(7_000); // the first soldes sale was applied in the 30 days
    const chained = referencePrice(question(changes, windows, 'soldes-2', { sameSoldesPeriod: () => true }));
    expect(chained.reductionStartedAtMs).toBe(day(100));
    expect(chained.referenceMinor).toBe(10_000);
  });

  it('for a SKU younger than 30 days, rests on the days it had a price; with none, announces no reduction', () => {
    const young = [{ atMs: day(90), amountMinor: 5_000 }];
    const reference = referencePrice(question(young, [sale('s', 100, 110, percent(1_000))], 's'));
    expect(reference.referenceMinor).toBe(5_000);
    expect(reference.applied[0]?.fromMs).toBe(day(90));
    const unsold = [{ atMs: day(100), amountMinor: 5_000 }];
    const none = referencePrice(question(unsold, [sale('s', 100, 110, percent(1_000))], 's'));
    expect(none).toMatchObject({ referenceMinor: null, rule: 'no_prior_price' });
  });

  it('for perishable goods, is the price before the reduction', () => {
    const changes = [
      { atMs: day(0), amountMinor: 1_000 },
      { atMs: day(95), amountMinor: 1_200 },
    ];
    const reference = referencePrice(
      question(changes, [sale('s', 100, 101, percent(5_000))], 's', { perishable: true }),
    );
    expect(reference).toMatchObject({ referenceMinor: 1_200, rule: 'perishable_prior_price' });
  });

  it('counts the 30 days on the shop’s calendar it is given', () => {
    const changes = [
      { atMs: day(0), amountMinor: 10_000 },
      { atMs: day(70) + 3_600_000, amountMinor: 12_000 },
    ];
    const windows = [sale('s', 100, 110, percent(1_000))];
    // A calendar whose 30 days are an hour longer (a DST change in them) still sees 100.00 at its start.
    const longer = referencePrice(
      question(changes, windows, 's', { thirtyDaysBefore: (at) => at - 30 * dayMs - 3_600_000 }),
    );
    expect(longer.referenceMinor).toBe(10_000);
    expect(
      referencePrice(
        question(changes, windows, 's', { thirtyDaysBefore: (at) => at - 30 * dayMs + 3_600_000 }),
      ).referenceMinor,
    ).toBe(12_000);
  });
});
