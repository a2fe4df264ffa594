/** Integer money: exact splitting by prorate, and the safe-integer and currency guards. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertAmountMinor, isCurrencyCode, money, multiply, prorate, sum } from './money.js';

describe('prorate', () => {
  it('splits evenly and hands the remainder out one unit at a time', () => {
    expect(prorate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(prorate(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
    expect(prorate(1, [1, 1, 1])).toEqual([1, 0, 0]);
    expect(prorate(0, [3, 5])).toEqual([0, 0]);
    expect(prorate(999, [1])).toEqual([999]);
  });

  it('gives the remainder to the largest fractional parts, not to the first ones', () => {
    // Shares are 3.33… and 6.66…: the spare unit goes to the second.
    expect(prorate(10, [1, 2])).toEqual([3, 7]);
    // Shares are 1.5, 1.5 and 2: the spare unit goes to the first of the tied remainders.
    expect(prorate(5, [3, 3, 4])).toEqual([2, 1, 2]);
    // A discount of 1000 over lines of 1999, 999 and 1: shares 666.56…, 333.11…, 0.33….
    expect(prorate(1000, [1999, 999, 1])).toEqual([667, 333, 0]);
  });

  it('gives nothing to a zero weight', () => {
    expect(prorate(7, [0, 1, 0, 1])).toEqual([0, 4, 0, 3]);
    expect(prorate(-7, [0, 1, 0, 1]).map((part) => part + 0)).toEqual([0, -4, 0, -3]);
  });

  it('stays exact when amount × weight passes 2^53', () => {
    const parts = prorate(Number.MAX_SAFE_INTEGER, [Number.MAX_SAFE_INTEGER - 1, 1]);
    expect(sum(parts)).toBe(Number.MAX_SAFE_INTEGER);
    expect(parts).toEqual([Number.MAX_SAFE_INTEGER - 1, 1]);
  });

  it('refuses weights it cannot split by', () => {
    expect(() => prorate(100, [])).toThrow();
    expect(() => prorate(100, [0, 0])).toThrow();
    expect(() => prorate(100, [2, -1])).toThrow();
    expect(() => prorate(100, [1.5, 1])).toThrow(/money invariant/);
    expect(() => prorate(100, [Number.MAX_SAFE_INTEGER, 1])).toThrow(/money invariant/);
  });

  it('refuses an amount that is not a safe integer', () => {
    expect(() => prorate(10.5, [1, 1])).toThrow(/money invariant/);
    expect(() => prorate(Number.MAX_SAFE_INTEGER + 1, [1])).toThrow(/money invariant/);
    expect(() => prorate(Number.NaN, [1])).toThrow(/money invariant/);
  });

  it('parts sum to the amount and each is within one unit of its exact share (property)', () => {
    const weights = fc
      .array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1_000_000 })), {
        minLength: 1,
        maxLength: 12,
      })
      .filter((list) => list.some((weight) => weight > 0));
    const amounts = fc.oneof(
      fc.integer({ min: -10_000, max: 10_000 }),
      fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
    );
    fc.assert(
      fc.property(amounts, weights, (amountMinor, weightList) => {
        const parts = prorate(amountMinor, weightList);
        expect(parts).toHaveLength(weightList.length);
        expect(parts.reduce((total, part) => total + BigInt(part), 0n)).toBe(BigInt(amountMinor));
        const weightTotal = BigInt(weightList.reduce((total, weight) => total + weight, 0));
        parts.forEach((part, index) => {
          expect(Number.isSafeInteger(part)).toBe(true);
          // |part − amount × weight / total| < 1, multiplied through by total to stay in integers.
          const gap = BigInt(part) * weightTotal - BigInt(amountMinor) * BigInt(weightList[index]!);
          expect(gap < weightTotal && -gap < weightTotal).toBe(true);
          // Rounded toward the amount's sign, never across zero.
          if (amountMinor >= 0) expect(part).toBeGreaterThanOrEqual(0);
          else expect(part).toBeLessThanOrEqual(0);
          if (weightList[index] === 0) expect(part === 0).toBe(true);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('splitting the negated amount gives the negated parts (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000_000 }),
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 8 }),
        (amountMinor, weightList) => {
          const positive = prorate(amountMinor, weightList);
          const negative = prorate(-amountMinor, weightList);
          expect(negative.map((part) => -part + 0)).toEqual(positive);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('multiply and sum', () => {
  it('compute exactly within the safe range', () => {
    expect(multiply(1999, 3)).toBe(5997);
    expect(multiply(-250, 4)).toBe(-1000);
    expect(multiply(Number.MAX_SAFE_INTEGER, 1)).toBe(Number.MAX_SAFE_INTEGER);
    expect(sum([])).toBe(0);
    expect(sum([1999, -1000, 1])).toBe(1000);
    expect(sum([Number.MAX_SAFE_INTEGER - 1, 1])).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuse results past the safe integer range', () => {
    expect(() => multiply(Number.MAX_SAFE_INTEGER, 2)).toThrow(/money invariant/);
    expect(() => multiply(2 ** 26, 2 ** 27)).toThrow(/money invariant/);
    expect(() => multiply(-(2 ** 30), 2 ** 30)).toThrow(/money invariant/);
    expect(() => sum([Number.MAX_SAFE_INTEGER, 1])).toThrow(/money invariant/);
    expect(() => sum([-Number.MAX_SAFE_INTEGER, -1])).toThrow(/money invariant/);
  });

  it('refuse inputs that are not safe integers', () => {
    expect(() => multiply(19.99, 3)).toThrow(/money invariant/);
    expect(() => multiply(1999, 1.5)).toThrow(/money invariant/);
    expect(() => multiply(Number.NaN, 1)).toThrow(/money invariant/);
    expect(() => multiply(2 ** 53, 0)).toThrow(/money invariant/);
    expect(() => sum([1, 0.5])).toThrow(/money invariant/);
    expect(() => sum([Number.POSITIVE_INFINITY])).toThrow(/money invariant/);
    expect(() => assertAmountMinor(2 ** 53)).toThrow(/money invariant/);
    expect(assertAmountMinor(-42)).toBe(-42);
  });
});

describe('money', () => {
  it('builds an amount in an ISO 4217 currency', () => {
    expect(money(1999, 'EUR')).toEqual({ amountMinor: 1999, currency: 'EUR' });
    expect(money(-500, 'JPY')).toEqual({ amountMinor: -500, currency: 'JPY' });
  });

  it.each([
    'eur',
    'Eur',
    'EU',
    'EURO',
    '',
    ' EUR',
    'EUR ',
    'EUR\n',
    'E1R',
    '€€€',
  ])('rejects the currency %j', (code) => {
    expect(isCurrencyCode(code)).toBe(false);
    expect(() => money(100, code)).toThrow(/ISO 4217/);
  });

  it('rejects an amount that is not a safe integer', () => {
    expect(() => money(19.99, 'EUR')).toThrow(/money invariant/);
    expect(() => money(Number.MAX_SAFE_INTEGER + 2, 'EUR')).toThrow(/money invariant/);
  });
});
