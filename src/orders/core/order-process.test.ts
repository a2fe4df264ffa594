/** The order process table, walked move by move, and exact line pricing. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkTransition,
  initialOrderStatus,
  isOrderStatus,
  type OrderStatus,
  orderStatuses,
  orderTransitions,
  priceLines,
  reservingStatuses,
  returnedOrderStatuses,
  stockEffectOnEntry,
} from './order-process.js';

// The process written out by hand, so that a change to the table has to be made twice, on purpose.
const expectedMoves: Record<string, 'none' | 'ship' | 'release'> = {
  'placed→paid': 'none',
  'placed→cancelled': 'release',
  'paid→fulfilling': 'none',
  'paid→cancelled': 'release',
  'fulfilling→shipped': 'ship',
  'shipped→delivered': 'none',
  'delivered→partially_returned': 'none',
  'delivered→returned': 'none',
  'partially_returned→returned': 'none',
};

const allPairs = orderStatuses.flatMap((from) => orderStatuses.map((to) => [from, to] as const));

describe('order transitions', () => {
  it('covers all 64 pairs of statuses', () => {
    expect(orderStatuses).toHaveLength(8);
    expect(allPairs).toHaveLength(64);
  });

  it.each(allPairs)('%s → %s is allowed exactly when the process says so', (from, to) => {
    const result = checkTransition(from, to);
    const expected = expectedMoves[`${from}→${to}`];
    if (expected !== undefined) {
      expect(result).toEqual({ ok: true, value: { effect: expected } });
    } else {
      expect(result).toEqual({
        ok: false,
        code: 'invalid_transition',
        message: expect.stringContaining(`${from} to ${to}`),
        details: { from, to, allowed: [...orderTransitions[from]] },
      });
    }
  });

  it('allows exactly nine moves', () => {
    const allowed = allPairs
      .filter(([from, to]) => checkTransition(from, to).ok)
      .map(([f, t]) => `${f}→${t}`);
    expect(allowed.sort()).toEqual(Object.keys(expectedMoves).sort());
  });

  // That every status is reachable is asserted when the module loads (state-table.test.ts shows the check failing).
  it('starts every order placed', () => {
    expect(initialOrderStatus).toBe('placed');
  });

  it('cancels only from placed or paid, and a cancel releases the stock', () => {
    const cancellable = orderStatuses.filter((from) => checkTransition(from, 'cancelled').ok);
    expect(cancellable).toEqual(['placed', 'paid']);
    for (const from of cancellable) {
      expect(checkTransition(from, 'cancelled')).toEqual({ ok: true, value: { effect: 'release' } });
    }
  });

  it('never moves out of returned or cancelled, nor stays in place', () => {
    for (const to of orderStatuses) {
      expect(checkTransition('returned', to).ok).toBe(false);
      expect(checkTransition('cancelled', to).ok).toBe(false);
      expect(checkTransition(to, to).ok).toBe(false);
    }
  });

  it('moves a delivered order only towards returned, its stock untouched by the status', () => {
    const fromDelivered = orderStatuses.filter((to) => checkTransition('delivered', to).ok);
    expect(fromDelivered).toEqual([...returnedOrderStatuses]);
    for (const status of returnedOrderStatuses) expect(stockEffectOnEntry[status]).toBe('none');
  });

  it('every move out of the reserving statuses settles the stock once: shipped or released', () => {
    const holdsStock = (status: OrderStatus) => reservingStatuses.includes(status);
    for (const [from, to] of allPairs) {
      const result = checkTransition(from, to);
      if (!result.ok) continue;
      if (holdsStock(from) && !holdsStock(to)) expect(['ship', 'release']).toContain(result.value.effect);
      else expect(result.value.effect).toBe('none');
    }
    expect(stockEffectOnEntry.shipped).toBe('ship');
    expect(stockEffectOnEntry.cancelled).toBe('release');
  });

  it('recognises status names and rejects anything else', () => {
    for (const status of orderStatuses) expect(isOrderStatus(status)).toBe(true);
    for (const value of ['', 'Placed', 'refunded', 'paid ', 'toString'])
      expect(isOrderStatus(value)).toBe(false);
  });
});

/** A channel's prices at 20 % VAT, at the base price. */
const at20 = (entries: [string, number][]) =>
  new Map(entries.map(([sku, unitPriceMinor]) => [sku, { unitPriceMinor, taxRateBp: 2_000, saleId: null }]));

describe('priceLines', () => {
  it('prices each line, totals them exactly in minor units, and carries the VAT they include', () => {
    const result = priceLines(
      [
        { sku: 'A', quantity: 3 },
        { sku: 'B', quantity: 7 },
        { sku: 'C', quantity: 2 },
        { sku: 'A', quantity: 1 },
      ],
      at20([
        ['A', 1999],
        ['B', 1],
        ['C', 0],
      ]),
      true,
    );
    expect(result).toEqual({
      ok: true,
      value: {
        lines: [
          {
            sku: 'A',
            quantity: 3,
            unitPriceMinor: 1999,
            totalMinor: 5997,
            taxRateBp: 2000,
            taxMinor: 1000,
            saleId: null,
            discountMinor: 0,
          },
          {
            sku: 'B',
            quantity: 7,
            unitPriceMinor: 1,
            totalMinor: 7,
            taxRateBp: 2000,
            taxMinor: 1,
            saleId: null,
            discountMinor: 0,
          },
          {
            sku: 'C',
            quantity: 2,
            unitPriceMinor: 0,
            totalMinor: 0,
            taxRateBp: 2000,
            taxMinor: 0,
            saleId: null,
            discountMinor: 0,
          },
          {
            sku: 'A',
            quantity: 1,
            unitPriceMinor: 1999,
            totalMinor: 1999,
            taxRateBp: 2000,
            taxMinor: 333,
            saleId: null,
            discountMinor: 0,
          },
        ],
        // 80.03 including 20 % holds 13.34 of tax (13.338…, rounded once for the rate).
        totalMinor: 8003,
        promotions: [],
        taxTotalMinor: 1334,
      },
    });
  });

  it('adds the tax to the total on a channel whose prices exclude it, and keeps the sale a line was sold at', () => {
    const prices = new Map([
      ['A', { unitPriceMinor: 10_000, taxRateBp: 2_000, saleId: null }],
      ['B', { unitPriceMinor: 2_000, taxRateBp: 550, saleId: 'sale_1' }],
    ]);
    const result = priceLines(
      [
        { sku: 'A', quantity: 1 },
        { sku: 'B', quantity: 3 },
      ],
      prices,
      false,
    );
    if (!result.ok) throw new Error(result.code);
    expect(result.value.totalMinor).toBe(16_000 + 2_000 + 330);
    expect(result.value.taxTotalMinor).toBe(2_330);
    expect(result.value.lines.map((line) => line.taxMinor)).toEqual([2_000, 330]);
    expect(result.value.lines.map((line) => line.saleId)).toEqual([null, 'sale_1']);
  });

  it('lists every SKU without a price, once each, in order, and prices nothing', () => {
    const result = priceLines(
      [
        { sku: 'X', quantity: 1 },
        { sku: 'A', quantity: 1 },
        { sku: 'Y', quantity: 2 },
        { sku: 'X', quantity: 3 },
      ],
      at20([['A', 500]]),
      true,
    );
    expect(result).toEqual({
      ok: false,
      code: 'price_missing',
      message: expect.any(String),
      details: { skus: ['X', 'Y'] },
    });
  });

  it('throws rather than return an amount past the safe integer range', () => {
    expect(() =>
      priceLines([{ sku: 'A', quantity: 2 }], at20([['A', Number.MAX_SAFE_INTEGER]]), true),
    ).toThrow(/money invariant/);
    const half = Math.floor(Number.MAX_SAFE_INTEGER / 2) + 1;
    expect(() =>
      priceLines(
        [
          { sku: 'A', quantity: 1 },
          { sku: 'B', quantity: 1 },
        ],
        at20([
          ['A', half],
          ['B', half],
        ]),
        true,
      ),
    ).toThrow(/money invariant/);
  });

  it('totals equal the exact sum of price × quantity for any lines, and the lines’ taxes the tax total (property)', () => {
    const skus = ['A', 'B', 'C', 'D'];
    fc.assert(
      fc.property(
        fc.array(fc.record({ sku: fc.constantFrom(...skus), quantity: fc.integer({ min: 1, max: 1000 }) }), {
          minLength: 1,
          maxLength: 10,
        }),
        fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: skus.length, maxLength: skus.length }),
        (lines, unitPrices) => {
          const prices = at20(skus.map((sku, index) => [sku, unitPrices[index]!]));
          const result = priceLines(lines, prices, true);
          if (!result.ok) throw new Error(result.code);
          let exact = 0n;
          for (const line of lines)
            exact += BigInt(prices.get(line.sku)!.unitPriceMinor) * BigInt(line.quantity);
          expect(BigInt(result.value.totalMinor)).toBe(exact);
          result.value.lines.forEach((line, index) => {
            expect(line.totalMinor).toBe(line.unitPriceMinor * lines[index]!.quantity);
          });
          expect(result.value.lines.reduce((total, line) => total + line.taxMinor, 0)).toBe(
            result.value.taxTotalMinor,
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
