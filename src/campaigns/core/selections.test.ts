/** Product selections: rules and hand-picked lists answer only buyable SKUs, in order, within their limit; entries chosen per segment; bad selections refused. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { limits } from '../../platform/core/limits.js';
import {
  entryLimit,
  isBuyable,
  pickEntry,
  type SelectionEntry,
  type SelectionInput,
  type SkuFacts,
  segmentsNamed,
  selectSkus,
  skusNamed,
  validateSelection,
} from './selections.js';

const facts = (sku: string, extra: Partial<SkuFacts> = {}): SkuFacts => ({
  sku,
  unitsSold: 0,
  category: 'mugs',
  available: 5,
  priced: true,
  ...extra,
});

const shelf: SkuFacts[] = [
  facts('MUG-RED', { unitsSold: 40 }),
  facts('MUG-BLUE', { unitsSold: 90, available: 2 }),
  facts('MUG-SOLD-OUT', { unitsSold: 200, available: 0 }),
  facts('MUG-UNPRICED', { unitsSold: 150, priced: false }),
  facts('TEE-M', { unitsSold: 60, category: 'tees', available: 30 }),
  facts('BOWL', { unitsSold: 0, category: null, available: 12 }),
];

describe('selectSkus', () => {
  it('ranks best sellers by units sold, keeping only what can be bought', () => {
    expect(selectSkus({ best_sellers: { days: 30 } }, shelf)).toEqual(['MUG-BLUE', 'TEE-M', 'MUG-RED']);
    expect(selectSkus({ best_sellers: { days: 30 }, limit: 2 }, shelf)).toEqual(['MUG-BLUE', 'TEE-M']);
  });

  it('combines criteria: best sellers of a category with enough stock', () => {
    expect(selectSkus({ best_sellers: { days: 30 }, category: 'mugs' }, shelf)).toEqual([
      'MUG-BLUE',
      'MUG-RED',
    ]);
    expect(selectSkus({ best_sellers: { days: 30 }, category: 'mugs', in_stock_above: 2 }, shelf)).toEqual([
      'MUG-RED',
    ]);
  });

  it('answers a category or a stock level in SKU code order', () => {
    expect(selectSkus({ category: 'mugs' }, shelf)).toEqual(['MUG-BLUE', 'MUG-RED']);
    expect(selectSkus({ in_stock_above: 4 }, shelf)).toEqual(['BOWL', 'MUG-RED', 'TEE-M']);
    expect(selectSkus({ in_stock_above: 12 }, shelf)).toEqual(['TEE-M']);
  });

  it('keeps a hand-picked list in its order, without what cannot be bought or is unknown', () => {
    const entry: SelectionEntry = {
      skus: ['TEE-M', 'MUG-SOLD-OUT', 'GONE', 'BOWL', 'MUG-UNPRICED', 'MUG-RED'],
    };
    expect(selectSkus(entry, shelf)).toEqual(['TEE-M', 'BOWL', 'MUG-RED']);
    expect(selectSkus({ ...entry, limit: 2 }, shelf)).toEqual(['TEE-M', 'BOWL']);
    expect(selectSkus(entry, shelf, 1)).toEqual(['TEE-M']);
  });

  it('answers nothing from no candidates', () => {
    expect(selectSkus({ category: 'mugs' }, [])).toEqual([]);
    expect(selectSkus({ skus: ['MUG-RED'] }, [])).toEqual([]);
  });

  const arbitraryFacts = fc.uniqueArray(
    fc.record({
      sku: fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L'),
      unitsSold: fc.nat(50),
      category: fc.constantFrom('mugs', 'tees', null),
      available: fc.integer({ min: -3, max: 20 }),
      priced: fc.boolean(),
    }),
    { selector: (candidate) => candidate.sku },
  );
  const arbitraryEntry: fc.Arbitrary<SelectionEntry> = fc.oneof(
    fc.record(
      {
        best_sellers: fc.record({ days: fc.integer({ min: 1, max: 366 }) }),
        category: fc.constantFrom('mugs', 'tees'),
        in_stock_above: fc.nat(10),
        limit: fc.integer({ min: 1, max: 8 }),
      },
      { requiredKeys: [] },
    ),
    fc.record(
      {
        skus: fc.uniqueArray(fc.constantFrom('A', 'B', 'C', 'D', 'E', 'Z'), { minLength: 1 }),
        limit: fc.integer({ min: 1, max: 8 }),
      },
      { requiredKeys: ['skus'] },
    ),
  );

  it('never answers a SKU that cannot be bought, a SKU twice, or more than its limits', () => {
    fc.assert(
      fc.property(
        arbitraryEntry,
        arbitraryFacts,
        fc.integer({ min: 0, max: 10 }),
        (entry, candidates, max) => {
          const answered = selectSkus(entry, candidates, max);
          const bySku = new Map<string, SkuFacts>(candidates.map((candidate) => [candidate.sku, candidate]));
          expect(answered.length).toBeLessThanOrEqual(Math.min(entryLimit(entry), max));
          expect(new Set(answered).size).toBe(answered.length);
          for (const sku of answered) {
            const found = bySku.get(sku);
            expect(found !== undefined && isBuyable(found), sku).toBe(true);
            expect(found!.available).toBeGreaterThanOrEqual(1);
          }
        },
      ),
    );
  });

  it('answers the same whatever order the candidates come in', () => {
    fc.assert(
      fc.property(arbitraryEntry, arbitraryFacts, (entry, candidates) => {
        expect(selectSkus(entry, [...candidates].reverse())).toEqual(selectSkus(entry, candidates));
      }),
    );
  });
});

describe('pickEntry', () => {
  const entries: SelectionEntry[] = [
    { segment: 'vip', skus: ['MUG-RED'] },
    { segment: 'new', category: 'mugs' },
    { best_sellers: { days: 7 } },
  ];

  it('takes the first entry of a segment the customer is in, else the default', () => {
    expect(pickEntry(entries, (segment) => segment === 'new')).toBe(entries[1]);
    expect(pickEntry(entries, () => true)).toBe(entries[0]);
    expect(pickEntry(entries, () => false)).toBe(entries[2]);
  });

  it('finds nothing without a match or a default', () => {
    expect(pickEntry(entries.slice(0, 2), () => false)).toBeUndefined();
  });
});

describe('validateSelection', () => {
  const problemsOf = (entries: SelectionEntry[], name = 'Home banner') => {
    const result = validateSelection({ name, channel: 'web', entries });
    if (result.ok) return [];
    expect(result.code).toBe('validation_failed');
    return (result.details?.errors as { path: string }[]).map((problem) => problem.path);
  };

  it('accepts rules, lists and a default', () => {
    const input: SelectionInput = {
      name: 'Home banner',
      channel: 'web',
      entries: [
        { segment: 'vip', skus: ['MUG-RED', 'TEE-M'], limit: 1 },
        { segment: 'new', best_sellers: { days: 30 }, category: 'mugs', in_stock_above: 3, limit: 8 },
        { in_stock_above: 0 },
      ],
    };
    expect(validateSelection(input)).toEqual({ ok: true, value: input });
    expect(segmentsNamed(input.entries)).toEqual(['vip', 'new']);
    expect(skusNamed(input.entries)).toEqual(['MUG-RED', 'TEE-M']);
  });

  it('refuses entries that pick nothing, repeat themselves or pass the limits', () => {
    expect(problemsOf([])).toEqual(['/entries']);
    expect(problemsOf([{ category: 'mugs' }], '')).toEqual(['/name']);
    expect(problemsOf([{ segment: 'vip' }])).toEqual(['/entries/0']);
    expect(problemsOf([{ category: 'mugs' }, { in_stock_above: 2 }])).toEqual(['/entries/1/segment']);
    expect(
      problemsOf([
        { segment: 'vip', category: 'mugs' },
        { segment: 'vip', skus: ['A'] },
      ]),
    ).toEqual(['/entries/1/segment']);
    expect(problemsOf([{ skus: [] }])).toEqual(['/entries/0/skus']);
    expect(problemsOf([{ skus: ['A', 'A'] }])).toEqual(['/entries/0/skus']);
    expect(problemsOf([{ category: ' ' }])).toEqual(['/entries/0/category']);
    expect(problemsOf([{ best_sellers: { days: 0 } }])).toEqual(['/entries/0/best_sellers/days']);
    expect(problemsOf([{ best_sellers: { days: limits.selectionDaysMax + 1 } }])).toEqual([
      '/entries/0/best_sellers/days',
    ]);
    expect(problemsOf([{ in_stock_above: -1 }])).toEqual(['/entries/0/in_stock_above']);
    expect(problemsOf([{ category: 'mugs', limit: 0 }])).toEqual(['/entries/0/limit']);
    expect(problemsOf([{ category: 'mugs', limit: limits.selectionSkusMax + 1 }])).toEqual([
      '/entries/0/limit',
    ]);
    const tooMany = Array.from({ length: limits.selectionSkusMax + 1 }, (_, index) => `SKU-${index}`);
    expect(problemsOf([{ skus: tooMany }])).toEqual(['/entries/0/skus']);
  });

  it('gives a rule the default limit and a list its length', () => {
    expect(entryLimit({ category: 'mugs' })).toBe(limits.selectionSkusDefault);
    expect(entryLimit({ skus: ['A', 'B', 'C'] })).toBe(3);
    expect(entryLimit({ skus: ['A', 'B', 'C'], limit: 2 })).toBe(2);
  });
});
