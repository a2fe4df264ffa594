/**
 * The Erlang formulas against figures published for them, cases worked by hand, the limits that tie
 * Erlang A to Erlang B and C, sums over the queue's states counted one by one, and — as properties —
 * that every agent added only helps.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  agentsFor,
  agentsForErlangA,
  averageSpeedOfAnswerS,
  erlangA,
  erlangB,
  erlangC,
  occupancy,
  serviceLevel,
} from './erlang.js';

/** The textbook call centre: 360 calls in half an hour, 4 minutes each, so 48 erlangs. */
const textbook = { arrivalsPerInterval: 360, intervalS: 1_800, handlingTimeS: 240 };
/** 80 % answered within 20 seconds. */
const eightyTwenty = { targetWaitS: 20, serviceLevelTarget: 0.8 };

/** A load in erlangs as traffic: that many contacts an hour, each an hour long. */
function erlangs(load: number) {
  return { arrivalsPerInterval: load, intervalS: 3_600, handlingTimeS: 3_600 };
}

describe('Erlang C', () => {
  it('gives the published worked example: 55 agents on 48 erlangs, 23.87 % of calls wait', () => {
    // Westbay Engineers, "The Erlang-C formula" (erlang.com): 360 calls per half hour of 4 minutes,
    // 55 agents, answer target 15 s — traffic 48 erlangs, probability of waiting 0.2387.
    const staffed = { ...textbook, agents: 55 };
    expect(erlangC(staffed)).toBeCloseTo(0.2387, 4);
    // From that figure by the page's own formulas: ASA = 0.2387 × 240 s / (55 − 48) = 8.18 s;
    // within 15 s: 1 − 0.2387 × e^(−7 × 15/240) = 84.6 %; occupancy 48/55 = 87.3 %.
    expect(averageSpeedOfAnswerS(staffed)).toBeCloseTo(8.18, 2);
    expect(serviceLevel({ ...staffed, targetWaitS: 15 })).toBeCloseTo(0.846, 3);
    expect(occupancy(staffed)).toBeCloseTo(0.8727, 4);
  });

  it('needs 54 agents to answer 80 % within 20 s on the same traffic; 53 answer only 75 %', () => {
    // 54: P(wait) 0.3013, 1 − 0.3013 × e^(−6 × 20/240) = 81.7 %; 53: 1 − 0.3765 × e^(−5/12) = 75.2 %.
    const found = agentsFor({ ...textbook, ...eightyTwenty });
    expect(found.agents).toBe(54);
    expect(found.serviceLevel).toBeCloseTo(0.817, 3);
    expect(serviceLevel({ ...textbook, agents: 53, targetWaitS: 20 })).toBeCloseTo(0.752, 3);
  });

  it('matches the Erlang B tables of telephone engineering', () => {
    // The classic table of the traffic N lines carry at 1 %, 2 % and 5 % of calls lost, to the
    // hundredth of an erlang: the true capacity lies within half a hundredth of each entry.
    const table = [
      { lines: 10, lost: [4.46, 5.08, 6.22] },
      { lines: 20, lost: [12.03, 13.18, 15.25] },
      { lines: 50, lost: [37.9, 40.26, 44.53] },
      { lines: 100, lost: [84.06, 87.97, 95.24] },
    ];
    for (const { lines, lost } of table)
      [0.01, 0.02, 0.05].forEach((share, column) => {
        const load = lost[column]!;
        expect(erlangB({ ...erlangs(load - 0.005), agents: lines })).toBeLessThanOrEqual(share);
        expect(erlangB({ ...erlangs(load + 0.005), agents: lines })).toBeGreaterThanOrEqual(share);
      });
  });

  it('gives the figures worked by hand for one and two agents', () => {
    // One agent: a contact waits when the agent is busy, a share ρ of the time.
    expect(erlangC({ ...erlangs(0.6), agents: 1 })).toBeCloseTo(0.6, 14);
    // Two agents, one erlang: P(wait) = 2ρ²/(1 + ρ) with ρ = ½, so 1/3.
    expect(erlangC({ ...erlangs(1), agents: 2 })).toBeCloseTo(1 / 3, 14);
    // Three agents, two erlangs: B = (8/6) / (1 + 2 + 2 + 8/6) = 4/19; C = 3B / (3 − 2(1 − B)) = 4/9.
    expect(erlangB({ ...erlangs(2), agents: 3 })).toBeCloseTo(4 / 19, 14);
    expect(erlangC({ ...erlangs(2), agents: 3 })).toBeCloseTo(4 / 9, 14);
  });

  it('reaches Halfin and Whitt’s heavy-traffic limit for a quarter of a million erlangs', () => {
    // Halfin & Whitt (1981): with N = A + β√A agents, P(wait) → 1 / (1 + β·Φ(β)/φ(β)).
    // β = 1: Φ(1) = 0.8413447 (normal table), φ(1) = e^(−½)/√(2π), so 0.22336.
    const limit = 1 / (1 + 0.8413447460685429 / (Math.exp(-0.5) / Math.sqrt(2 * Math.PI)));
    expect(erlangC({ ...erlangs(250_000), agents: 250_500 })).toBeCloseTo(limit, 3);
  });

  it('staffs thousands of erlangs without overflow', () => {
    // 24,000 contacts an hour of 5 minutes: 2,000 erlangs.
    const busy = { arrivalsPerInterval: 24_000, intervalS: 3_600, handlingTimeS: 300 };
    const found = agentsFor({ ...busy, ...eightyTwenty });
    expect(found.agents).toBeGreaterThan(2_000);
    expect(found.agents).toBeLessThan(2_100);
    expect(found.serviceLevel).toBeGreaterThanOrEqual(0.8);
    expect(serviceLevel({ ...busy, agents: found.agents - 1, targetWaitS: 20 })).toBeLessThan(0.8);
  });

  it('adds agents to keep occupancy under a cap', () => {
    // 48 erlangs at 85 % at most: 48/56 = 85.7 % is too busy, 48/57 = 84.2 % is not.
    const found = agentsFor({ ...textbook, ...eightyTwenty, occupancyMax: 0.85 });
    expect(found.agents).toBe(57);
    expect(found.occupancy).toBeCloseTo(48 / 57, 12);
  });

  it('keeps everyone waiting when the agents cannot keep up, and nobody when no contact comes', () => {
    const overloaded = { ...textbook, agents: 48 };
    expect(erlangC(overloaded)).toBe(1);
    expect(serviceLevel({ ...overloaded, targetWaitS: 20 })).toBe(0);
    expect(averageSpeedOfAnswerS(overloaded)).toBe(Number.POSITIVE_INFINITY);
    expect(occupancy({ ...overloaded, agents: 0 })).toBe(1);
    const quiet = { ...textbook, arrivalsPerInterval: 0 };
    expect(erlangC({ ...quiet, agents: 3 })).toBe(0);
    expect(serviceLevel({ ...quiet, agents: 0, targetWaitS: 20 })).toBe(1);
    expect(agentsFor({ ...quiet, ...eightyTwenty })).toEqual({
      agents: 0,
      waitProbability: 0,
      serviceLevel: 1,
      averageSpeedOfAnswerS: 0,
      occupancy: 0,
    });
  });

  it('rejects input that makes no sense, saying what is wrong', () => {
    expect(() => erlangC({ ...textbook, agents: 54.5 })).toThrow(/agents must be a whole number/);
    expect(() => erlangC({ ...textbook, agents: -1 })).toThrow(RangeError);
    expect(() => erlangC({ ...textbook, handlingTimeS: 0, agents: 5 })).toThrow(/handlingTimeS/);
    expect(() => erlangC({ ...textbook, arrivalsPerInterval: -3, agents: 5 })).toThrow(/arrivalsPerInterval/);
    expect(() => erlangC({ ...textbook, intervalS: Number.NaN, agents: 5 })).toThrow(/intervalS/);
    expect(() => serviceLevel({ ...textbook, agents: 55, targetWaitS: -1 })).toThrow(/targetWaitS/);
    expect(() => agentsFor({ ...textbook, targetWaitS: 20, serviceLevelTarget: 1 })).toThrow(
      /serviceLevelTarget/,
    );
    expect(() => agentsFor({ ...textbook, ...eightyTwenty, occupancyMax: 0 })).toThrow(/occupancyMax/);
  });

  it('waits less, answers more within the target and sooner with every agent added', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 500, noNaN: true }),
        fc.integer({ min: 1, max: 600 }),
        fc.integer({ min: 0, max: 120 }),
        (load, agents, targetWaitS) => {
          const fewer = { ...erlangs(load), agents, targetWaitS };
          const more = { ...fewer, agents: agents + 1 };
          expect(erlangC(more)).toBeLessThanOrEqual(erlangC(fewer) + 1e-12);
          expect(serviceLevel(more)).toBeGreaterThanOrEqual(serviceLevel(fewer) - 1e-12);
          expect(averageSpeedOfAnswerS(more)).toBeLessThanOrEqual(averageSpeedOfAnswerS(fewer));
        },
      ),
    );
  });
});

/**
 * P(wait) and P(hang up) by adding the chain's states one by one (rates in handling times: service 1
 * per agent, hanging up 1/patience per caller waiting): slow, and shares nothing with erlang.ts.
 */
function byCounting(load: number, agents: number, patienceInHandlingTimes: number) {
  const hangUpRate = 1 / patienceInHandlingTimes;
  const logWeights = [0];
  let peak = 0;
  for (let n = 1; ; n += 1) {
    const leaving = n <= agents ? n : agents + (n - agents) * hangUpRate;
    const log = logWeights[n - 1]! + Math.log(load) - Math.log(leaving);
    logWeights.push(log);
    peak = Math.max(peak, log);
    // Past the peak each state is less likely than the last: stop where they no longer count.
    if (leaving > load && log < peak - 60) break;
  }
  const weights = logWeights.map((log) => Math.exp(log - peak));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let wait = 0;
  let waitingMean = 0;
  weights.forEach((weight, n) => {
    if (n >= agents) wait += weight / total;
    if (n > agents) waitingMean += ((n - agents) * weight) / total;
  });
  return { wait, abandon: (hangUpRate * waitingMean) / load };
}

/** The chance of `count` events among `trials`, each with chance `chance`. */
function binomial(trials: number, count: number, chance: number): number {
  let logChoose = 0;
  for (let k = 1; k <= count; k += 1) logChoose += Math.log(trials - count + k) - Math.log(k);
  return Math.exp(logChoose + count * Math.log(chance) + (trials - count) * Math.log1p(-chance));
}

function poisson(count: number, mean: number): number {
  let log = -mean;
  for (let k = 1; k <= count; k += 1) log += Math.log(mean) - Math.log(k);
  return Math.exp(log);
}

describe('Erlang A', () => {
  it('becomes Erlang C as callers’ patience grows', () => {
    const staffed = { ...textbook, agents: 55, targetWaitS: 20 };
    const gaps = [1e3, 1e4, 1e5].map((ratio) => {
      const patient = erlangA({ ...staffed, patienceS: ratio * 240 });
      return Math.abs(patient.waitProbability - erlangC(staffed));
    });
    // Each tenfold more patience brings it ten times closer.
    expect(gaps[1]!).toBeLessThan(gaps[0]! / 5);
    expect(gaps[2]!).toBeLessThan(gaps[1]! / 5);
    const mostPatient = erlangA({ ...staffed, patienceS: 1e5 * 240 });
    expect(mostPatient.waitProbability).toBeCloseTo(erlangC(staffed), 5);
    expect(mostPatient.serviceLevel).toBeCloseTo(serviceLevel(staffed), 5);
    expect(mostPatient.abandonProbability).toBeLessThan(1e-6);
    expect(mostPatient.occupancy).toBeCloseTo(occupancy(staffed), 5);
  });

  it('becomes Erlang B when callers hang up at once: those who find every agent busy are lost', () => {
    const staffed = { ...textbook, agents: 55, targetWaitS: 20 };
    const impatient = erlangA({ ...staffed, patienceS: 240e-6 });
    const lost = erlangB(staffed);
    expect(impatient.waitProbability).toBeCloseTo(lost, 5);
    expect(impatient.abandonProbability).toBeCloseTo(lost, 5);
    expect(impatient.serviceLevel).toBeCloseTo(1 - lost, 5);
  });

  it('gives the figures worked by hand for one agent whose callers are as patient as a call is long', () => {
    // Patience = handling time = 1 min, one call a minute: everyone present leaves at the same rate,
    // served or not, so the number present n is Poisson(1), as if agents were endless.
    // P(wait) = P(n ≥ 1) = 1 − 1/e; P(hang up) = E[(n − 1)⁺] = 1/e.
    // A caller finding n waits for all n ahead to leave, each within t with chance p = 1 − e^(−t), and
    // must not hang up first: ∫₀ᵗ e^(−s) d(1 − e^(−s))ⁿ = pⁿ − n·pⁿ⁺¹/(n + 1). Over Poisson(1):
    // answered within t = (2 − p)·e^(p − 1) − 1/e; at t = ln 2 (p = ½), 1.5·e^(−½) − e^(−1) = 0.5419.
    const one = { arrivalsPerInterval: 60, intervalS: 3_600, handlingTimeS: 60, patienceS: 60, agents: 1 };
    const figures = erlangA({ ...one, targetWaitS: 60 * Math.LN2 });
    expect(figures.waitProbability).toBeCloseTo(1 - Math.exp(-1), 13);
    expect(figures.abandonProbability).toBeCloseTo(Math.exp(-1), 13);
    expect(figures.serviceLevel).toBeCloseTo(1.5 * Math.exp(-0.5) - Math.exp(-1), 13);
    expect(figures.serviceLevel).toBeCloseTo(0.5419, 4);
  });

  it('agrees with counting when callers are as patient as a call is long, however loaded', () => {
    // As above, n present is Poisson(A). A caller finding N + j is answered within t when j + 1 of
    // the N + j clocks ahead ring before t and before the caller's own: by symmetry, N/(N + j + 1)
    // times the chance that j + 1 of all N + j + 1 clocks have rung by t.
    for (const { load, agents } of [
      { load: 4, agents: 5 },
      { load: 8, agents: 3 },
      { load: 48, agents: 55 },
      { load: 60, agents: 55 },
    ]) {
      const targetWaitS = 20;
      const rung = 1 - Math.exp(-targetWaitS / 240);
      let answeredInTime = 0;
      let abandoned = 0;
      for (let n = 0; n < 200; n += 1) {
        const present = poisson(n, load);
        if (n < agents) {
          answeredInTime += present;
          continue;
        }
        const j = n - agents;
        abandoned += (present * j) / load;
        let enoughRung = 0;
        for (let count = j + 1; count <= n + 1; count += 1) enoughRung += binomial(n + 1, count, rung);
        answeredInTime += (present * agents * enoughRung) / (n + 1);
      }
      const figures = erlangA({
        arrivalsPerInterval: load * 15,
        intervalS: 3_600,
        handlingTimeS: 240,
        patienceS: 240,
        agents,
        targetWaitS,
      });
      expect(figures.abandonProbability).toBeCloseTo(abandoned, 12);
      expect(figures.serviceLevel).toBeCloseTo(answeredInTime, 12);
    }
  });

  it('agrees with the queue’s states counted one by one, whatever the load and patience', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.5, max: 80, noNaN: true }),
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0.05, max: 20, noNaN: true }),
        (load, agents, patienceInHandlingTimes) => {
          const counted = byCounting(load, agents, patienceInHandlingTimes);
          const figures = erlangA({
            ...erlangs(load),
            agents,
            targetWaitS: 0,
            patienceS: patienceInHandlingTimes * 3_600,
          });
          expect(figures.waitProbability).toBeCloseTo(counted.wait, 10);
          expect(figures.abandonProbability).toBeCloseTo(counted.abandon, 10);
          // Within no wait at all: exactly those who find an agent free.
          expect(figures.serviceLevel).toBeCloseTo(1 - counted.wait, 10);
        },
      ),
    );
  });

  it('needs fewer agents when callers hang up, and fewer still the sooner they do', () => {
    // Erlang C takes 54. Callers who hang up take no agent's time.
    const found = agentsForErlangA({ ...textbook, ...eightyTwenty, patienceS: 120 });
    expect(found.agents).toBe(49);
    expect(found.serviceLevel).toBeGreaterThanOrEqual(0.8);
    expect(erlangA({ ...textbook, agents: 48, targetWaitS: 20, patienceS: 120 }).serviceLevel).toBeLessThan(
      0.8,
    );
    expect(found.abandonProbability).toBeCloseTo(0.057, 3);
    const agentsByPatience = [30, 60, 120, 600, 240e3].map(
      (patienceS) => agentsForErlangA({ ...textbook, ...eightyTwenty, patienceS }).agents,
    );
    expect(agentsByPatience).toEqual([43, 46, 49, 53, 54]);
  });

  it('staffs thousands of erlangs, below the load when many hang up', () => {
    const busy = { arrivalsPerInterval: 24_000, intervalS: 3_600, handlingTimeS: 300 };
    const found = agentsForErlangA({ ...busy, ...eightyTwenty, patienceS: 60 });
    expect(found.serviceLevel).toBeGreaterThanOrEqual(0.8);
    expect(found.agents).toBeLessThanOrEqual(agentsFor({ ...busy, ...eightyTwenty }).agents);
    expect(
      erlangA({ ...busy, agents: found.agents - 1, targetWaitS: 20, patienceS: 60 }).serviceLevel,
    ).toBeLessThan(0.8);
    expect(agentsForErlangA({ ...busy, arrivalsPerInterval: 0, ...eightyTwenty, patienceS: 60 }).agents).toBe(
      0,
    );
  });

  it('waits less, loses fewer callers and answers more within the target with every agent added', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2_000 }),
        fc.integer({ min: 1, max: 80 }),
        fc.integer({ min: 5, max: 1_200 }),
        fc.integer({ min: 0, max: 120 }),
        (contacts, agents, patienceS, targetWaitS) => {
          const staffed = { arrivalsPerInterval: contacts, intervalS: 3_600, handlingTimeS: 300, patienceS };
          const fewer = erlangA({ ...staffed, agents, targetWaitS });
          const more = erlangA({ ...staffed, agents: agents + 1, targetWaitS });
          // Overloaded a hundredfold, figures differ in their twelfth digit, where rounding is.
          const rounding = 1e-10;
          expect(more.waitProbability).toBeLessThanOrEqual(fewer.waitProbability + rounding);
          expect(more.abandonProbability).toBeLessThanOrEqual(fewer.abandonProbability + rounding);
          expect(more.serviceLevel).toBeGreaterThanOrEqual(fewer.serviceLevel - rounding);
          expect(more.occupancy).toBeLessThanOrEqual(fewer.occupancy + rounding);
        },
      ),
    );
  });

  it('rejects a patience that is none, endless or beyond a million handling times', () => {
    const staffed = { ...textbook, agents: 55, targetWaitS: 20 };
    expect(() => erlangA({ ...staffed, patienceS: 0 })).toThrow(/patienceS/);
    expect(() => erlangA({ ...staffed, patienceS: Number.POSITIVE_INFINITY })).toThrow(/patienceS/);
    expect(() => erlangA({ ...staffed, patienceS: 240e7 })).toThrow(/million|1000000/);
    expect(() => erlangA({ ...staffed, patienceS: 120, agents: 2.5 })).toThrow(/agents/);
  });
});
