/** VAT per order: exact to the minor unit, lines adding up to the total and the rates to the tax total. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { excludingTax, orderTax, taxAdded, taxIncluded, taxRateBp } from './vat.js';

const frenchRatesBp = [2_000, 1_000, 550, 210];

describe('VAT', () => {
  it('knows the French rates by class', () => {
    expect(
      (['standard', 'intermediate', 'reduced', 'super_reduced'] as const).map((c) => taxRateBp('FR', c)),
    ).toEqual(frenchRatesBp);
  });

  it('finds the tax inside a price that includes it, and adds it to one that does not, halves up', () => {
    expect(taxIncluded(12_000, 2_000)).toBe(2_000); // 120.00 TTC at 20 % holds 20.00
    expect(taxIncluded(1_999, 2_000)).toBe(333); // 333.17 → 333
    expect(taxIncluded(3, 2_000)).toBe(1); // 0.5 → 1
    expect(taxAdded(10_000, 550)).toBe(550);
    expect(taxAdded(10, 550)).toBe(1); // 0.55 → 1
    expect(taxAdded(9, 550)).toBe(0); // 0.495 → 0
    expect(excludingTax(1_999, 2_000)).toBe(1_666);
  });

  it('rounds once per rate, so many cheap lines neither gain nor lose a cent each', () => {
    // Ten lines of 0.03 at 20 %: 0.005 each would round to a cent each (0.10); the rate's 0.30 holds 0.05.
    const tax = orderTax(
      Array.from({ length: 10 }, () => ({ totalMinor: 3, taxRateBp: 2_000 })),
      true,
    );
    expect(tax.taxTotalMinor).toBe(5);
    expect(tax.taxes).toEqual([{ rateBp: 2_000, baseMinor: 25, taxMinor: 5 }]);
    expect(tax.lineTaxesMinor.reduce((a, b) => a + b)).toBe(5);
  });

  it('groups a mixed basket by rate, highest first; excluding tax, the total adds the tax', () => {
    const lines = [
      { totalMinor: 10_000, taxRateBp: 550 },
      { totalMinor: 5_000, taxRateBp: 2_000 },
      { totalMinor: 2_500, taxRateBp: 550 },
    ];
    const excluding = orderTax(lines, false);
    expect(excluding.taxes).toEqual([
      { rateBp: 2_000, baseMinor: 5_000, taxMinor: 1_000 },
      { rateBp: 550, baseMinor: 12_500, taxMinor: 688 },
    ]);
    expect(excluding.totalMinor).toBe(17_500 + 1_688);
    expect(orderTax(lines, true).totalMinor).toBe(17_500);
  });

  it('on random baskets: lines add up to the total, the lines and the rates to the tax total, each near its exact share', () => {
    const line = fc.record({
      totalMinor: fc.integer({ min: 0, max: 5_000_000 }),
      taxRateBp: fc.constantFrom(...frenchRatesBp),
    });
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 40 }), fc.boolean(), (lines, includesTax) => {
        const tax = orderTax(lines, includesTax);
        const linesMinor = lines.reduce((total, l) => total + l.totalMinor, 0);
        expect(tax.totalMinor).toBe(includesTax ? linesMinor : linesMinor + tax.taxTotalMinor);
        expect(tax.lineTaxesMinor.reduce((a, b) => a + b, 0)).toBe(tax.taxTotalMinor);
        expect(tax.taxes.reduce((total, rate) => total + rate.taxMinor, 0)).toBe(tax.taxTotalMinor);
        for (const rate of tax.taxes) {
          const gross = lines
            .filter((l) => l.taxRateBp === rate.rateBp)
            .reduce((t, l) => t + l.totalMinor, 0);
          expect(includesTax ? rate.baseMinor + rate.taxMinor : rate.baseMinor).toBe(gross);
        }
        lines.forEach((l, index) => {
          const exact = includesTax
            ? (l.totalMinor * l.taxRateBp) / (10_000 + l.taxRateBp)
            : (l.totalMinor * l.taxRateBp) / 10_000;
          expect(Math.abs(tax.lineTaxesMinor[index]! - exact)).toBeLessThanOrEqual(1.5);
          expect(Number.isInteger(tax.lineTaxesMinor[index])).toBe(true);
        });
      }),
    );
  });
});
