/** Percentages off round down by the sale's rule, so the announced reduction is always honoured. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { discountBp, discountedPrice, roundingRules } from './discount.js';

describe('a percentage off', () => {
  it.each([
    [1_999, 3_000, 'cent', 1_399],
    [1_999, 3_000, 'x0', 1_390],
    [1_999, 3_000, 'x9', 1_399],
    [2_000, 3_000, 'x9', 1_399],
    [2_000, 3_000, 'cent', 1_400],
    [1_409, 0, 'x9', 1_409],
    [5, 0, 'x9', 5],
    [999, 10_000, 'cent', 0],
  ] as const)('%i minor units at %i bp, rounded by %s: %i', (price, bp, rule, expected) => {
    expect(discountedPrice(price, bp, rule)).toBe(expected);
  });

  it('never gives less than the announced reduction, and never a negative price', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.constantFrom(...roundingRules),
        (price, bp, rule) => {
          const sale = discountedPrice(price, bp, rule);
          expect(sale).toBeGreaterThanOrEqual(0);
          expect(sale * 10_000).toBeLessThanOrEqual(price * (10_000 - bp));
          expect(discountBp(price, sale)).toBeGreaterThanOrEqual(price === 0 ? 0 : bp);
        },
      ),
    );
  });

  it('refuses a reduction outside 0-100 %', () => {
    expect(() => discountedPrice(1_000, 10_001, 'cent')).toThrow(/not between/);
    expect(() => discountedPrice(1_000, -1, 'cent')).toThrow(/not between/);
  });

  it('shows the reduction from a reference rounded down, and none when the price is not lower', () => {
    expect(discountBp(3_000, 1_999)).toBe(3_336); // 33.37 % shown as 33.36 %
    expect(discountBp(1_000, 1_000)).toBe(0);
    expect(discountBp(1_000, 1_200)).toBe(0);
  });
});
