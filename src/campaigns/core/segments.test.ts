/** Customer segments: histories folded from the store's rows, each condition matched, and segments refused when they make no sense. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CustomerHistory,
  channelsNamed,
  historyOf,
  matchesSegment,
  noHistory,
  normaliseEmail,
  type SegmentCondition,
  type SegmentInput,
  validateSegment,
} from './segments.js';

const nowMs = Date.parse('2026-11-27T10:00:00.000Z');
const dayMs = 24 * 60 * 60 * 1000;

const regular: CustomerHistory = historyOf([
  { channel: 'web', currency: 'EUR', orders: 3, spendMinor: 12_000, lastOrderAtMs: nowMs - 10 * dayMs },
  {
    channel: 'marketplace',
    currency: 'EUR',
    orders: 1,
    spendMinor: 3_000,
    lastOrderAtMs: nowMs - 40 * dayMs,
  },
  { channel: 'uk', currency: 'GBP', orders: 1, spendMinor: 5_000, lastOrderAtMs: nowMs - 90 * dayMs },
]);

const matches = (conditions: SegmentCondition[], history: CustomerHistory = regular) =>
  matchesSegment(conditions, history, nowMs);

describe('normaliseEmail', () => {
  it('trims and lower-cases, so one customer is one key', () => {
    expect(normaliseEmail('  Camille.Martin@Example.FR ')).toBe('camille.martin@example.fr');
    expect(normaliseEmail('a@b.fr')).toBe('a@b.fr');
  });
});

describe('historyOf', () => {
  it('adds orders, spends per currency, channels and the latest order', () => {
    expect(regular.orders).toBe(5);
    expect(Object.fromEntries(regular.spendMinor)).toEqual({ EUR: 15_000, GBP: 5_000 });
    expect([...regular.channels].sort()).toEqual(['marketplace', 'uk', 'web']);
    expect(regular.lastOrderAtMs).toBe(nowMs - 10 * dayMs);
  });

  it('leaves out rows with only cancelled orders: such a customer is still new', () => {
    const cancelledOnly = historyOf([
      { channel: 'web', currency: 'EUR', orders: 0, spendMinor: 0, lastOrderAtMs: null },
    ]);
    expect(cancelledOnly).toEqual(noHistory);
    expect(matches([{ kind: 'new' }], cancelledOnly)).toBe(true);
  });
});

describe('matchesSegment', () => {
  it('tells new customers from returning ones', () => {
    expect(matches([{ kind: 'new' }], noHistory)).toBe(true);
    expect(matches([{ kind: 'returning' }], noHistory)).toBe(false);
    expect(matches([{ kind: 'new' }])).toBe(false);
    expect(matches([{ kind: 'returning' }])).toBe(true);
  });

  it('counts orders between bounds included, either bound left out', () => {
    expect(matches([{ kind: 'orders', min: 5 }])).toBe(true);
    expect(matches([{ kind: 'orders', min: 6 }])).toBe(false);
    expect(matches([{ kind: 'orders', max: 5 }])).toBe(true);
    expect(matches([{ kind: 'orders', min: 2, max: 4 }])).toBe(false);
    expect(matches([{ kind: 'orders', max: 0 }], noHistory)).toBe(true);
  });

  it('sums spend in one currency only', () => {
    expect(matches([{ kind: 'spend', currency: 'EUR', min_minor: 15_000 }])).toBe(true);
    expect(matches([{ kind: 'spend', currency: 'EUR', min_minor: 15_001 }])).toBe(false);
    // The GBP order does not raise the EUR spend, nor the other way round.
    expect(matches([{ kind: 'spend', currency: 'GBP', max_minor: 5_000 }])).toBe(true);
    expect(matches([{ kind: 'spend', currency: 'USD', max_minor: 0 }])).toBe(true);
    expect(matches([{ kind: 'spend', currency: 'USD', min_minor: 1 }])).toBe(false);
  });

  it('matches a customer who ordered on any of the channels named', () => {
    expect(matches([{ kind: 'channels', channels: ['pos', 'marketplace'] }])).toBe(true);
    expect(matches([{ kind: 'channels', channels: ['pos'] }])).toBe(false);
    expect(matches([{ kind: 'channels', channels: ['web'] }], noHistory)).toBe(false);
  });

  it('looks at the last order for recency, to the millisecond', () => {
    expect(matches([{ kind: 'ordered_within_days', days: 10 }])).toBe(true);
    expect(matches([{ kind: 'ordered_within_days', days: 9 }])).toBe(false);
    expect(matches([{ kind: 'ordered_within_days', days: 3_650 }], noHistory)).toBe(false);
  });

  it('needs every condition to hold', () => {
    const loyalWeb: SegmentCondition[] = [
      { kind: 'returning' },
      { kind: 'channels', channels: ['web'] },
      { kind: 'spend', currency: 'EUR', min_minor: 10_000 },
      { kind: 'ordered_within_days', days: 30 },
    ];
    expect(matches(loyalWeb)).toBe(true);
    expect(matches([...loyalWeb, { kind: 'orders', max: 2 }])).toBe(false);
  });

  it('never puts a customer in both new and returning', () => {
    const histories = fc.array(
      fc.record({
        channel: fc.constantFrom('web', 'marketplace'),
        currency: fc.constantFrom('EUR', 'GBP'),
        orders: fc.nat(5),
        spendMinor: fc.nat(100_000),
        lastOrderAtMs: fc.option(fc.integer({ min: nowMs - 400 * dayMs, max: nowMs })),
      }),
    );
    fc.assert(
      fc.property(histories, (rows) => {
        const history = historyOf(rows);
        expect(matches([{ kind: 'new' }], history)).not.toBe(matches([{ kind: 'returning' }], history));
        expect(matches([{ kind: 'orders', min: 1 }], history)).toBe(
          matches([{ kind: 'returning' }], history),
        );
      }),
    );
  });
});

describe('validateSegment', () => {
  const problemsOf = (input: SegmentInput) => {
    const result = validateSegment(input);
    if (result.ok) return [];
    expect(result.code).toBe('validation_failed');
    return (result.details?.errors as { path: string }[]).map((problem) => problem.path);
  };

  it('accepts a sensible segment as it is', () => {
    const input: SegmentInput = {
      name: 'Loyal web buyers',
      conditions: [
        { kind: 'returning' },
        { kind: 'orders', min: 2 },
        { kind: 'spend', currency: 'EUR', min_minor: 10_000, max_minor: 100_000 },
        { kind: 'spend', currency: 'GBP', min_minor: 1 },
        { kind: 'channels', channels: ['web'] },
        { kind: 'ordered_within_days', days: 90 },
      ],
    };
    expect(validateSegment(input)).toEqual({ ok: true, value: input });
  });

  it('refuses what no customer could match or that says nothing', () => {
    expect(problemsOf({ name: 'x', conditions: [] })).toEqual(['/conditions']);
    expect(problemsOf({ name: ' ', conditions: [{ kind: 'new' }] })).toEqual(['/name']);
    expect(problemsOf({ name: 'x', conditions: [{ kind: 'new' }, { kind: 'returning' }] })).toEqual([
      '/conditions',
    ]);
    expect(problemsOf({ name: 'x', conditions: [{ kind: 'orders', min: 3, max: 2 }] })).toEqual([
      '/conditions/0/max',
    ]);
    expect(problemsOf({ name: 'x', conditions: [{ kind: 'orders' }] })).toEqual(['/conditions/0']);
    expect(
      problemsOf({
        name: 'x',
        conditions: [
          { kind: 'orders', min: 1 },
          { kind: 'orders', max: 3 },
        ],
      }),
    ).toEqual(['/conditions/1']);
    expect(problemsOf({ name: 'x', conditions: [{ kind: 'channels', channels: [] }] })).toEqual([
      '/conditions/0/channels',
    ]);
    expect(problemsOf({ name: 'x', conditions: [{ kind: 'channels', channels: ['web', 'web'] }] })).toEqual([
      '/conditions/0/channels',
    ]);
  });

  it('refuses numbers and codes of the wrong kind, as data from outside may carry', () => {
    expect(problemsOf({ name: 'x', conditions: [{ kind: 'orders', min: -1 }] })).toEqual([
      '/conditions/0/min',
    ]);
    expect(problemsOf({ name: 'x', conditions: [{ kind: 'orders', max: 1.5 }] })).toEqual([
      '/conditions/0/max',
    ]);
    expect(problemsOf({ name: 'x', conditions: [{ kind: 'spend', currency: 'eur', min_minor: 1 }] })).toEqual(
      ['/conditions/0/currency'],
    );
    expect(problemsOf({ name: 'x', conditions: [{ kind: 'ordered_within_days', days: 0 }] })).toEqual([
      '/conditions/0/days',
    ]);
    expect(problemsOf({ name: 'x', conditions: [{ kind: 'ordered_within_days', days: 3_651 }] })).toEqual([
      '/conditions/0/days',
    ]);
    const unknownKind = { kind: 'vip' } as unknown as SegmentCondition;
    expect(problemsOf({ name: 'x', conditions: [unknownKind] })).toEqual(['/conditions/0/kind']);
  });

  it('names the channels its conditions need, once each', () => {
    expect(channelsNamed([{ kind: 'channels', channels: ['web', 'pos'] }, { kind: 'returning' }])).toEqual([
      'web',
      'pos',
    ]);
  });
});
