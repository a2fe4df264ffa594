/** The returns report's sums and rates, in integers, including empty weeks, unknown deliveries and the SKUs cut. */
import { describe, expect, it } from 'vitest';
import { rateBp, returnsReport } from './analytics.js';
import { returnReasons } from './return-process.js';

describe('rates', () => {
  it('are basis points rounded half up, null with nothing delivered', () => {
    expect(rateBp(1, 3)).toBe(3_333);
    expect(rateBp(2, 3)).toBe(6_667);
    expect(rateBp(1, 8)).toBe(1_250);
    expect(rateBp(1, 20_000)).toBe(1);
    expect(rateBp(1, 40_000)).toBe(0);
    expect(rateBp(0, 0)).toBeNull();
    expect(rateBp(3, 2)).toBe(15_000);
  });
});

describe('the returns report', () => {
  const report = returnsReport({
    weeks: 3,
    deliveredByWeek: [10, 0, 4],
    deliveredBySku: new Map([
      ['MUG', 8],
      ['TEE', 6],
    ]),
    returned: [
      { week: 0, sku: 'MUG', reason: 'wrong_size', units: 1, received: 1 },
      { week: 1, sku: 'TEE', reason: 'defective', units: 2, received: 0 },
      { week: 2, sku: 'MUG', reason: 'defective', units: 1, received: 1 },
      { week: 2, sku: 'LAMP', reason: 'changed_mind', units: 1, received: 0 },
    ],
    skusMax: 2,
  });

  it('sums the period and each week, an empty week kept with no rate', () => {
    expect(report.totals).toEqual({ delivered: 14, returned: 5, received: 2, rateBp: 3_571 });
    expect(report.byWeek).toEqual([
      { delivered: 10, returned: 1, received: 1, rateBp: 1_000 },
      { delivered: 0, returned: 2, received: 0, rateBp: null },
      { delivered: 4, returned: 2, received: 1, rateBp: 5_000 },
    ]);
  });

  it('lists the most returned SKUs first, within the limit, and says how many more', () => {
    expect(report.bySku).toEqual([
      { sku: 'MUG', delivered: 8, returned: 2, received: 2, rateBp: 2_500 },
      { sku: 'TEE', delivered: 6, returned: 2, received: 0, rateBp: 3_333 },
    ]);
    expect(report.skusMore).toBe(1);
  });

  it('gives every reason of the list, in its order, each against the period’s deliveries', () => {
    expect(report.byReason.map((row) => row.reason)).toEqual([...returnReasons]);
    expect(report.byReason.find((row) => row.reason === 'defective')).toEqual({
      reason: 'defective',
      delivered: 14,
      returned: 3,
      received: 1,
      rateBp: 2_143,
    });
    expect(report.byReason.find((row) => row.reason === 'other')).toMatchObject({ returned: 0, rateBp: 0 });
  });

  it('treats a row outside the weeks, or deliveries of another length, as a bug', () => {
    const base = { weeks: 1, deliveredByWeek: [1], deliveredBySku: new Map(), skusMax: 10 };
    expect(() =>
      returnsReport({ ...base, returned: [{ week: 1, sku: 'A', reason: 'other', units: 1, received: 0 }] }),
    ).toThrow(/week 1 of 1/);
    expect(() => returnsReport({ ...base, deliveredByWeek: [], returned: [] })).toThrow(/0 weeks/);
  });
});
