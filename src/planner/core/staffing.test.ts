/**
 * The people a day asks for: pickers and packers rounded up to whole people (and never one too many
 * for rounding), agents hour by hour under Erlang C and Erlang A, and a day's orders spread over its
 * hours — each on small cases worked by hand.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agentsPerHour, intradayProfile, packersPerDay, pickersPerDay } from './staffing.js';

describe('pickers and packers', () => {
  it('rounds a shift’s people up', () => {
    // 120 units an hour over 7.5 hours: 900 a picker; 10,000 units need 11.1, so 12.
    expect(pickersPerDay({ unitsPerDay: 10_000, unitsPerHourPerPicker: 120, shiftHours: 7.5 })).toBe(12);
    // 9,000 units fill 10 pickers exactly.
    expect(pickersPerDay({ unitsPerDay: 9_000, unitsPerHourPerPicker: 120, shiftHours: 7.5 })).toBe(10);
    expect(pickersPerDay({ unitsPerDay: 0, unitsPerHourPerPicker: 120, shiftHours: 7.5 })).toBe(0);
    // 25 orders an hour over 8 hours: 200 a packer; 2,000 orders need 10, one more order 11.
    expect(packersPerDay({ ordersPerDay: 2_000, ordersPerHourPerPacker: 25, shiftHours: 8 })).toBe(10);
    expect(packersPerDay({ ordersPerDay: 2_001, ordersPerHourPerPacker: 25, shiftHours: 8 })).toBe(11);
  });

  it('does not add a person for a rounding error', () => {
    // 45 an hour over 8.2 hours is 369 a picker, so 3,690 units need exactly 10 (the division gives 10.000000000000002).
    expect(pickersPerDay({ unitsPerDay: 3_690, unitsPerHourPerPicker: 45, shiftHours: 8.2 })).toBe(10);
    expect(pickersPerDay({ unitsPerDay: 3_691, unitsPerHourPerPicker: 45, shiftHours: 8.2 })).toBe(11);
  });

  it('refuses a shift or a rate that makes no sense', () => {
    expect(() => pickersPerDay({ unitsPerDay: 100, unitsPerHourPerPicker: 0, shiftHours: 8 })).toThrow(
      /unitsPerHourPerPicker/,
    );
    expect(() => pickersPerDay({ unitsPerDay: -1, unitsPerHourPerPicker: 60, shiftHours: 8 })).toThrow(
      /unitsPerDay/,
    );
    expect(() => packersPerDay({ ordersPerDay: 100, ordersPerHourPerPacker: 30, shiftHours: 0 })).toThrow(
      /shiftHours/,
    );
    expect(() => packersPerDay({ ordersPerDay: 100, ordersPerHourPerPacker: 30, shiftHours: 25 })).toThrow(
      /shiftHours/,
    );
    expect(() =>
      packersPerDay({ ordersPerDay: Number.NaN, ordersPerHourPerPacker: 30, shiftHours: 8 }),
    ).toThrow(RangeError);
  });
});

describe('agents hour by hour', () => {
  /** A quiet day: one contact at 3 a.m., 720 at 10 a.m. (48 erlangs at 4 minutes each). */
  const contactsPerHour = Array<number>(24).fill(0);
  contactsPerHour[3] = 1;
  contactsPerHour[10] = 720;
  const terms = { contactsPerHour, handlingTimeS: 240, targetWaitS: 20, serviceLevelTarget: 0.8 };

  it('staffs each hour by Erlang C, nobody where no contact comes', () => {
    const hours = agentsPerHour(terms);
    expect(hours).toHaveLength(24);
    expect(hours[0]).toEqual({ hour: 0, contacts: 0, agents: 0, serviceLevel: 1, abandonProbability: null });
    // One contact of 4 minutes an hour: 1/15 erlang. One agent keeps it waiting 1/15 of the time
    // (one agent: P(wait) = load), so answers 1 − (1/15)·e^(−(14/15)·20/240) = 93.83 % within 20 s.
    expect(hours[3]).toMatchObject({ agents: 1, abandonProbability: null });
    expect(hours[3]!.serviceLevel).toBeCloseTo(0.9383, 4);
    // The published textbook hour: 48 erlangs take 54 agents for 80 % within 20 s.
    expect(hours[10]).toMatchObject({ hour: 10, contacts: 720, agents: 54 });
  });

  it('staffs by Erlang A when callers’ patience is known, and says how many hang up', () => {
    const hours = agentsPerHour({ ...terms, patienceS: 120 });
    expect(hours[0]).toEqual({ hour: 0, contacts: 0, agents: 0, serviceLevel: 1, abandonProbability: 0 });
    // One agent, λ = 1/3600, μ = 1/240, θ = 1/120 a second: the chance of j waiting falls by
    // λ/(μ + θ) = 1/45, then λ/(μ + 2θ) = 1/75. P(0) = 1 / (1 + (1/15)(1 + 1/45 + 1/3375)) = 0.93618;
    // those waiting E[Q] = P(0)·(1/15)·(1/45 + 2/3375) = 0.0014244; hanging up θ·E[Q]/λ = 30 × that = 4.27 %.
    expect(hours[3]!.agents).toBe(1);
    expect(hours[3]!.abandonProbability).toBeCloseTo(0.0427, 3);
    expect(hours[10]!.agents).toBe(49);
    expect(hours[10]!.abandonProbability).toBeCloseTo(0.057, 3);
  });

  it('wants every hour of the day, and contacts that make sense', () => {
    expect(() => agentsPerHour({ ...terms, contactsPerHour: [720] })).toThrow(/24 values/);
    const negative = [...contactsPerHour];
    negative[7] = -2;
    expect(() => agentsPerHour({ ...terms, contactsPerHour: negative })).toThrow(/contactsPerHour\[7\]/);
    expect(() => agentsPerHour({ ...terms, serviceLevelTarget: 80 })).toThrow(/serviceLevelTarget/);
  });
});

describe('a day’s orders over its hours', () => {
  it('gives each hour its share of the orders', () => {
    const counts = Array<number>(24).fill(0);
    counts[9] = 30;
    counts[14] = 10;
    const shares = intradayProfile(counts)!;
    expect(shares[9]).toBe(0.75);
    expect(shares[14]).toBe(0.25);
    expect(shares.filter((share) => share === 0)).toHaveLength(22);
  });

  it('knows nothing without orders, rather than spreading the day evenly', () => {
    expect(intradayProfile(Array<number>(24).fill(0))).toBeNull();
  });

  it('gives shares that add up to 1, in the orders’ proportions', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 10_000 }), { minLength: 24, maxLength: 24 }), (counts) => {
        const shares = intradayProfile(counts);
        const total = counts.reduce((sum, count) => sum + count, 0);
        if (total === 0) return expect(shares).toBeNull();
        expect(shares!.reduce((sum, share) => sum + share, 0)).toBeCloseTo(1, 12);
        counts.forEach((count, hour) => {
          expect(shares![hour]! * total).toBeCloseTo(count, 8);
        });
      }),
    );
  });

  it('wants 24 hours of counts that make sense', () => {
    expect(() => intradayProfile([1, 2, 3])).toThrow(/24 values/);
    const counts = Array<number>(24).fill(1);
    counts[23] = Number.NaN;
    expect(() => intradayProfile(counts)).toThrow(/ordersByHour\[23\]/);
  });
});
