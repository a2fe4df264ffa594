import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  agentsFor,
  agentsPerHour,
  erlangAStaffing,
  erlangB,
  erlangC,
  erlangCStaffing,
  hourShares,
  peoplePerShift,
} from './workforce.js';

/** The textbook call centre: 360 calls in half an hour, 4 minutes each — 48 erlangs. */
const textbook = { contacts: 360, intervalS: 1_800, handlingTimeS: 240 };

describe('Erlang C', () => {
  it('gives the published figures: 55 agents wait 23.87 % of calls; 80 % within 20 s takes 54', () => {
    expect(erlangC(48, 55)).toBeCloseTo(0.2387, 4);
    const found = agentsFor(textbook, 20, 0.8);
    expect(found.agents).toBe(54);
    expect(found.serviceLevel).toBeGreaterThanOrEqual(0.8);
    expect(erlangCStaffing(textbook, 53, 20).serviceLevel).toBeLessThan(0.8);
  });

  it('matches Erlang B’s table and a case worked by hand', () => {
    // Erlang B tables: 10 erlangs offered to 10 lines lose 21.46 % of calls.
    expect(erlangB(10, 10)).toBeCloseTo(0.2146, 4);
    // By hand: B(2, 3) = 4/19, so C(2, 3) = 3·(4/19) / (3 − 2·(15/19)) = 4/9.
    expect(erlangB(2, 3)).toBeCloseTo(4 / 19, 12);
    expect(erlangC(2, 3)).toBeCloseTo(4 / 9, 12);
  });

  it('says every call waits when the agents cannot keep up, and stays finite for thousands of agents', () => {
    expect(erlangC(48, 48)).toBe(1);
    expect(erlangCStaffing(textbook, 40, 20).serviceLevel).toBe(0);
    const huge = agentsFor({ contacts: 20_000, intervalS: 3_600, handlingTimeS: 300 }, 20, 0.8);
    expect(huge.agents).toBeGreaterThan(1_667);
    expect(Number.isFinite(huge.waitProbability)).toBe(true);
  });

  it('waits less with every agent added', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 500, noNaN: true }),
        fc.integer({ min: 1, max: 600 }),
        (load, agents) => {
          expect(erlangC(load, agents + 1)).toBeLessThanOrEqual(erlangC(load, agents) + 1e-12);
        },
      ),
    );
  });
});

describe('Erlang A', () => {
  it('becomes Erlang C as callers’ patience grows', () => {
    const patient = erlangAStaffing(textbook, 55, 20, 1e9);
    const erlang = erlangCStaffing(textbook, 55, 20);
    expect(patient.waitProbability).toBeCloseTo(erlang.waitProbability, 6);
    expect(patient.serviceLevel).toBeCloseTo(erlang.serviceLevel, 6);
    expect(patient.abandoned).toBeLessThan(1e-6);
  });

  it('becomes Erlang B’s loss system when callers hang up at once', () => {
    // A hundredth of a second: nobody waits long enough to be answered from the queue.
    const impatient = erlangAStaffing(textbook, 55, 20, 0.01);
    expect(impatient.abandoned).toBeCloseTo(erlangB(48, 55), 3);
    expect(impatient.waitProbability).toBeCloseTo(erlangB(48, 55), 3);
  });

  it('needs fewer agents when callers hang up, and says how many do', () => {
    const found = agentsFor(textbook, 20, 0.8, 120);
    expect(found.agents).toBeLessThan(54);
    expect(found.serviceLevel).toBeGreaterThanOrEqual(0.8);
    expect(erlangAStaffing(textbook, found.agents - 1, 20, 120).serviceLevel).toBeLessThan(0.8);
    expect(found.abandoned).toBeGreaterThan(0);
    expect(found.abandoned).toBeLessThan(0.2);
  });

  it('answers more within the target with every agent added', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 10, max: 600 }),
        (contacts, agents, patienceS) => {
          const traffic = { contacts, intervalS: 3_600, handlingTimeS: 300 };
          const fewer = erlangAStaffing(traffic, agents, 20, patienceS);
          const more = erlangAStaffing(traffic, agents + 1, 20, patienceS);
          expect(more.serviceLevel).toBeGreaterThanOrEqual(fewer.serviceLevel - 1e-9);
          expect(more.abandoned).toBeLessThanOrEqual(fewer.abandoned + 1e-9);
          expect(fewer.serviceLevel).toBeLessThanOrEqual(1 + 1e-9);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('people per day and per hour', () => {
  it('rounds a shift’s people up', () => {
    // 1,000 units at 60 an hour over 7.5 hours: 2.2 pickers, so 3.
    expect(peoplePerShift(1_000, 60, 7.5)).toBe(3);
    expect(peoplePerShift(0, 60, 7.5)).toBe(0);
    expect(() => peoplePerShift(10, 0, 7.5)).toThrow(RangeError);
  });

  it('spreads a day over its hours as orders came, and knows none without orders', () => {
    const counts = Array<number>(24).fill(0);
    counts[9] = 30;
    counts[14] = 10;
    const shares = hourShares(counts)!;
    expect(shares[9]).toBe(0.75);
    expect(shares[14]).toBe(0.25);
    expect(hourShares(Array<number>(24).fill(0))).toBeNull();
  });

  it('staffs each hour, none where no contact comes', () => {
    const hours = agentsPerHour({
      contactsPerHour: [0, 720],
      handlingTimeS: 240,
      targetWaitS: 20,
      serviceLevelTarget: 0.8,
    });
    expect(hours).toEqual([
      { contacts: 0, agents: 0, serviceLevel: 1, abandoned: null },
      expect.objectContaining({ contacts: 720, agents: 54, abandoned: null }),
    ]);
  });
});
