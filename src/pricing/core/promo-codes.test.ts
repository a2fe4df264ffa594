/** Promo codes: who may use a code, and discounts spread over the lines with their VAT, to the cent. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { priceLines } from '../../orders/core/order-process.js';
import type { LinePrice } from './in-force.js';
import {
  applyPromoCodes,
  checkTerms,
  checkUses,
  customerKey,
  normalisePromoCode,
  type PromoCodeTerms,
} from './promo-codes.js';

const at = Date.parse('2026-11-27T10:00:00Z');

function terms(overrides: Partial<PromoCodeTerms> = {}): PromoCodeTerms {
  return {
    code: 'BF10',
    kind: 'percent',
    value: 10,
    minBasketMinor: null,
    channels: ['web'],
    startsAtMs: null,
    endsAtMs: null,
    usageLimit: null,
    perCustomerLimit: null,
    stacksWithSales: true,
    usedCount: 0,
    disabledAtMs: null,
    template: false,
    ...overrides,
  };
}

describe('a promo code and a customer, as compared', () => {
  it('takes codes whatever their case and spaces', () => {
    expect(normalisePromoCode('  bf10 ')).toBe('BF10');
  });

  it('takes one customer under any spelling of their email, `+tag` included', () => {
    expect(customerKey(' Ann.Lee+BlackFriday@Shop.FR ')).toBe('ann.lee@shop.fr');
    expect(customerKey('ann.lee@shop.fr')).toBe('ann.lee@shop.fr');
    // A `+` that starts the local part is not a tag: nothing would be left of the address.
    expect(customerKey('+1@shop.fr')).toBe('+1@shop.fr');
  });
});

describe('whether a code may be used', () => {
  const order = { channel: 'web', atMs: at, basketMinor: 5_000 };
  const reasonOf = (failure: ReturnType<typeof checkTerms>) =>
    failure === undefined ? 'ok' : `${failure.code}:${(failure.details as { reason: string }).reason}`;

  it('names why it may not: disabled, not started, ended, another channel, a basket too small', () => {
    expect(reasonOf(checkTerms(terms(), order))).toBe('ok');
    expect(reasonOf(checkTerms(terms({ disabledAtMs: at - 1 }), order))).toBe('promo_code_inactive:disabled');
    expect(reasonOf(checkTerms(terms({ startsAtMs: at + 1 }), order))).toBe(
      'promo_code_inactive:not_started',
    );
    expect(reasonOf(checkTerms(terms({ endsAtMs: at }), order))).toBe('promo_code_inactive:ended');
    expect(reasonOf(checkTerms(terms({ endsAtMs: at + 1 }), order))).toBe('ok');
    expect(reasonOf(checkTerms(terms({ channels: ['market'] }), order))).toBe(
      'promo_code_not_applicable:channel',
    );
    expect(reasonOf(checkTerms(terms({ minBasketMinor: 5_001 }), order))).toBe(
      'promo_code_not_applicable:min_basket',
    );
    expect(reasonOf(checkTerms(terms({ minBasketMinor: 5_000 }), order))).toBe('ok');
    expect(reasonOf(checkTerms(terms({ template: true }), order))).toBe(
      'promo_code_not_applicable:batch_template',
    );
  });

  it('refuses the use past either limit with the same code, naming which limit', () => {
    const limited = terms({ usageLimit: 500, perCustomerLimit: 2 });
    expect(checkUses(limited, { total: 499, byCustomer: 1 })).toBeUndefined();
    expect(checkUses(limited, { total: 500, byCustomer: 0 })).toMatchObject({
      code: 'promo_code_exhausted',
      details: { limit: 'usage' },
    });
    expect(checkUses(limited, { total: 10, byCustomer: 2 })).toMatchObject({
      code: 'promo_code_exhausted',
      details: { limit: 'per_customer' },
    });
  });
});

describe('a discount spread over the lines', () => {
  it('rounds a percentage up for the buyer and caps an amount at what it applies to', () => {
    const lines = [
      { totalMinor: 1_999, saleId: null },
      { totalMinor: 1, saleId: null },
    ];
    // 10 % of 20.00 is 2.00; of 19.99 + 0.01 the same; of 0.05 it is 0.005, given as 0.01.
    expect(applyPromoCodes(lines, [terms()])).toEqual({
      ok: true,
      value: { lineDiscountsMinor: [200, 0], codes: [{ code: 'BF10', discountMinor: 200 }] },
    });
    expect(applyPromoCodes([{ totalMinor: 5, saleId: null }], [terms()])).toMatchObject({
      value: { codes: [{ discountMinor: 1 }] },
    });
    expect(applyPromoCodes(lines, [terms({ kind: 'amount', value: 5_000 })])).toMatchObject({
      value: { lineDiscountsMinor: [1_999, 1], codes: [{ discountMinor: 2_000 }] },
    });
  });

  it('leaves sale lines alone for a code that does not stack, and refuses it when nothing is left', () => {
    const lines = [
      { totalMinor: 3_000, saleId: 'sale_bf' },
      { totalMinor: 1_000, saleId: null },
    ];
    const noStack = terms({ stacksWithSales: false });
    expect(applyPromoCodes(lines, [noStack])).toMatchObject({
      value: { lineDiscountsMinor: [0, 100], codes: [{ discountMinor: 100 }] },
    });
    expect(applyPromoCodes([lines[0]!], [noStack])).toMatchObject({
      ok: false,
      code: 'promo_code_not_applicable',
      details: { reason: 'sale_items_only' },
    });
  });

  it('applies several codes in turn, each to what the ones before left', () => {
    const lines = [{ totalMinor: 10_000, saleId: null }];
    const applied = applyPromoCodes(lines, [
      terms({ code: 'TENOFF', kind: 'amount', value: 1_000 }),
      terms({ code: 'BF10' }),
    ]);
    expect(applied).toMatchObject({
      value: {
        lineDiscountsMinor: [1_900],
        codes: [
          { code: 'TENOFF', discountMinor: 1_000 },
          { code: 'BF10', discountMinor: 900 },
        ],
      },
    });
  });
});

// --- Any basket: the discount and the VAT add up, to the cent ---

const rates = [2_000, 1_000, 550, 210] as const;
const lineArbitrary = fc.record({
  unitPriceMinor: fc.integer({ min: 1, max: 200_000 }),
  quantity: fc.integer({ min: 1, max: 12 }),
  taxRateBp: fc.constantFrom(...rates),
  onSale: fc.boolean(),
});
const codeArbitrary = fc.oneof(
  fc.record({ kind: fc.constant('percent' as const), value: fc.integer({ min: 1, max: 100 }) }),
  fc.record({ kind: fc.constant('amount' as const), value: fc.integer({ min: 1, max: 500_000 }) }),
);
const basketArbitrary = fc.record({
  lines: fc.array(lineArbitrary, { minLength: 1, maxLength: 8 }),
  codes: fc.array(fc.record({ code: codeArbitrary, stacks: fc.boolean() }), { minLength: 1, maxLength: 3 }),
  pricesIncludeTax: fc.boolean(),
});

/** `numerator / denominator` rounded half up, computed apart from the code under test. */
const halfUp = (numerator: bigint, denominator: bigint) =>
  (2n * numerator + denominator) / (2n * denominator);

describe('any basket with any codes', () => {
  it('takes off exactly what the codes say, from the lines they apply to, and recomputes the VAT on the rest', () => {
    fc.assert(
      fc.property(basketArbitrary, ({ lines, codes, pricesIncludeTax }) => {
        const requested = lines.map((line, index) => ({ sku: `S${index}`, quantity: line.quantity }));
        const prices = new Map<string, LinePrice>(
          lines.map((line, index) => [
            `S${index}`,
            {
              unitPriceMinor: line.unitPriceMinor,
              taxRateBp: line.taxRateBp,
              saleId: line.onSale ? 'sale' : null,
            },
          ]),
        );
        const codeTerms = codes.map(({ code, stacks }, index) =>
          terms({ code: `C${index}`, ...code, stacksWithSales: stacks }),
        );
        const priced = priceLines(requested, prices, pricesIncludeTax, (gross) =>
          applyPromoCodes(gross, codeTerms),
        );
        const anyFullPrice = lines.some((line) => !line.onSale);
        if (!priced.ok) {
          // Only a code that does not stack, on a basket where it finds nothing to apply to, refuses.
          expect(priced.code).toBe('promo_code_not_applicable');
          return;
        }
        const order = priced.value;
        const discountTotal = order.promotions.reduce((total, applied) => total + applied.discountMinor, 0);
        const grossTotal = lines.reduce((total, line) => total + line.unitPriceMinor * line.quantity, 0);
        order.lines.forEach((line, index) => {
          expect(line.totalMinor).toBe(line.unitPriceMinor * line.quantity - line.discountMinor);
          expect(line.totalMinor).toBeGreaterThanOrEqual(0);
          // A code that does not stack never touched a line on sale.
          if (lines[index]!.onSale && codeTerms.every((code) => !code.stacksWithSales))
            expect(line.discountMinor).toBe(0);
        });
        expect(order.lines.reduce((total, line) => total + line.discountMinor, 0)).toBe(discountTotal);
        expect(discountTotal).toBeLessThanOrEqual(grossTotal);
        if (!anyFullPrice && codeTerms.some((code) => !code.stacksWithSales)) expect.unreachable();
        // The VAT per rate, on what is left after the discounts, rounded once, half up.
        let taxTotal = 0n;
        for (const rate of rates) {
          const net = BigInt(
            order.lines
              .filter((line) => line.taxRateBp === rate)
              .reduce((total, line) => total + line.totalMinor, 0),
          );
          const tax = pricesIncludeTax
            ? halfUp(net * BigInt(rate), 10_000n + BigInt(rate))
            : halfUp(net * BigInt(rate), 10_000n);
          const lineTaxes = order.lines
            .filter((line) => line.taxRateBp === rate)
            .reduce((total, line) => total + line.taxMinor, 0);
          expect(BigInt(lineTaxes)).toBe(tax);
          taxTotal += tax;
        }
        expect(BigInt(order.taxTotalMinor)).toBe(taxTotal);
        const netTotal = grossTotal - discountTotal;
        expect(order.totalMinor).toBe(pricesIncludeTax ? netTotal : netTotal + Number(taxTotal));
      }),
      { numRuns: 500 },
    );
  });
});
