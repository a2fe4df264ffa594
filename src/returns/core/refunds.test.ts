/** Refunds exact in minor units: a unit's share of its line, its VAT, the shipping rule, and no refund past what was paid whatever the sequence of returns. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { priceLines } from '../../orders/core/order-process.js';
import { type PaidSku, paidSkus, refundLines, shareOfUnits, shippingRefundMinor } from './refunds.js';

describe('what each SKU was paid', () => {
  it('takes a SKU’s lines together, the discount already off, the VAT inside where prices include it', () => {
    const lines = [
      { sku: 'MUG', quantity: 2, totalMinor: 2_000, taxMinor: 333 },
      { sku: 'TEE', quantity: 1, totalMinor: 999, taxMinor: 167 },
      { sku: 'MUG', quantity: 1, totalMinor: 1_000, taxMinor: 167 },
    ];
    expect([...paidSkus(lines, 3_999).values()]).toEqual([
      { sku: 'MUG', quantity: 3, paidMinor: 3_000, taxMinor: 500 },
      { sku: 'TEE', quantity: 1, paidMinor: 999, taxMinor: 167 },
    ]);
  });

  it('adds the VAT to what was paid where the prices excluded it', () => {
    const lines = [{ sku: 'MUG', quantity: 2, totalMinor: 2_000, taxMinor: 400 }];
    expect(paidSkus(lines, 2_400).get('MUG')).toEqual({
      sku: 'MUG',
      quantity: 2,
      paidMinor: 2_400,
      taxMinor: 400,
    });
  });
});

describe('a refund', () => {
  const paid = new Map<string, PaidSku>([
    ['MUG', { sku: 'MUG', quantity: 3, paidMinor: 1_000, taxMinor: 167 }],
  ]);

  it('gives back each unit’s share, rounded half up, the shares adding up to what was paid', () => {
    expect(shareOfUnits(1_000, 1, 3)).toBe(333);
    expect(shareOfUnits(1_000, 2, 3)).toBe(667);
    expect(shareOfUnits(1_000, 3, 3)).toBe(1_000);
    const first = refundLines(paid, new Map(), [{ sku: 'MUG', units: 1 }]);
    const second = refundLines(paid, new Map([['MUG', 1]]), [{ sku: 'MUG', units: 1 }]);
    const third = refundLines(paid, new Map([['MUG', 2]]), [{ sku: 'MUG', units: 1 }]);
    expect([first, second, third].map(([line]) => [line!.amountMinor, line!.taxMinor])).toEqual([
      [333, 56],
      [334, 55],
      [333, 56],
    ]);
  });

  it('refunds a discounted line of an order priced with VAT by the unit’s share of what it paid', () => {
    // 3 tees at 25.00 with 20 % VAT included, 10.00 off the order: the line paid 65.00.
    const priced = priceLines(
      [{ sku: 'TEE', quantity: 3 }],
      new Map([['TEE', { unitPriceMinor: 2_500, taxRateBp: 2_000, saleId: null }]]),
      true,
      (gross) => ({
        ok: true,
        value: { lineDiscountsMinor: gross.map(() => 1_000), codes: [] },
      }),
    );
    if (!priced.ok) throw new Error(priced.message);
    const [line] = priced.value.lines;
    expect([line!.totalMinor, line!.taxMinor]).toEqual([6_500, 1_083]);
    const paidTee = paidSkus(
      [{ sku: 'TEE', quantity: 3, totalMinor: 6_500, taxMinor: 1_083 }],
      priced.value.totalMinor,
    );
    expect(refundLines(paidTee, new Map(), [{ sku: 'TEE', units: 2 }])).toEqual([
      { sku: 'TEE', units: 2, amountMinor: 4_333, taxMinor: 722 },
    ]);
  });

  it('treats units past the order, or a SKU not on it, as a bug', () => {
    expect(() => refundLines(paid, new Map([['MUG', 3]]), [{ sku: 'MUG', units: 1 }])).toThrow(/4 of 3/);
    expect(() => refundLines(paid, new Map(), [{ sku: 'LAMP', units: 1 }])).toThrow(/LAMP/);
  });

  it('never refunds more than a SKU was paid, nor less than nothing, and all of it once every unit is back, whatever the returns', () => {
    const sku = fc.record({
      quantity: fc.integer({ min: 1, max: 50 }),
      paidMinor: fc.integer({ min: 0, max: 10_000_000 }),
      taxPermille: fc.integer({ min: 0, max: 300 }),
    });
    fc.assert(
      fc.property(
        fc.array(sku, { minLength: 1, maxLength: 4 }),
        fc.array(fc.tuple(fc.nat(3), fc.integer({ min: 1, max: 50 })), { maxLength: 40 }),
        (skus, returns) => {
          const paid = new Map<string, PaidSku>(
            skus.map((line, index) => [
              `S${index}`,
              {
                sku: `S${index}`,
                quantity: line.quantity,
                paidMinor: line.paidMinor,
                taxMinor: Math.floor((line.paidMinor * line.taxPermille) / 1_000),
              },
            ]),
          );
          const refunded = new Map<string, number>();
          const amounts = new Map<string, { amount: number; tax: number }>();
          for (const [index, asked] of returns) {
            const line = paid.get(`S${index % skus.length}`)!;
            const units = Math.min(asked, line.quantity - (refunded.get(line.sku) ?? 0));
            if (units === 0) continue;
            const [refund] = refundLines(paid, refunded, [{ sku: line.sku, units }]);
            expect(refund!.amountMinor).toBeGreaterThanOrEqual(0);
            expect(refund!.taxMinor).toBeGreaterThanOrEqual(0);
            refunded.set(line.sku, (refunded.get(line.sku) ?? 0) + units);
            const sums = amounts.get(line.sku) ?? { amount: 0, tax: 0 };
            amounts.set(line.sku, {
              amount: sums.amount + refund!.amountMinor,
              tax: sums.tax + refund!.taxMinor,
            });
          }
          let total = 0;
          for (const line of paid.values()) {
            const sums = amounts.get(line.sku) ?? { amount: 0, tax: 0 };
            expect(sums.amount).toBeLessThanOrEqual(line.paidMinor);
            expect(sums.tax).toBeLessThanOrEqual(line.taxMinor);
            if (refunded.get(line.sku) === line.quantity)
              expect(sums).toEqual({ amount: line.paidMinor, tax: line.taxMinor });
            total += sums.amount;
          }
          expect(total).toBeLessThanOrEqual(
            [...paid.values()].reduce((sum, line) => sum + line.paidMinor, 0),
          );
        },
      ),
    );
  });
});

describe('the shipping refund', () => {
  const facts = {
    shippingPaidMinor: 490,
    shippingRefundedMinor: 0,
    wholeOrderBack: false,
    reasons: ['changed_mind' as const],
  };

  it('is refunded when the whole order comes back or the shop is at fault, as the channel’s rule says', () => {
    const both = { wholeOrder: true, shopFault: true };
    expect(shippingRefundMinor(both, facts)).toBe(0);
    expect(shippingRefundMinor(both, { ...facts, wholeOrderBack: true })).toBe(490);
    expect(shippingRefundMinor(both, { ...facts, reasons: ['changed_mind', 'defective'] })).toBe(490);
    expect(
      shippingRefundMinor(
        { wholeOrder: false, shopFault: false },
        { ...facts, wholeOrderBack: true, reasons: ['defective'] },
      ),
    ).toBe(0);
  });

  it('is refunded once per order, and is nothing when the order carried none', () => {
    const rule = { wholeOrder: true, shopFault: true };
    expect(shippingRefundMinor(rule, { ...facts, wholeOrderBack: true, shippingRefundedMinor: 490 })).toBe(0);
    expect(shippingRefundMinor(rule, { ...facts, wholeOrderBack: true, shippingPaidMinor: 0 })).toBe(0);
  });
});
