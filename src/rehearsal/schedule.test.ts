import { describe, expect, it } from 'vitest';
import { loadScenario, type Scenario } from './scenario.js';
import { type Arrival, arrivals, stepBounds } from './schedule.js';

const base = loadScenario('black-friday');
const small: Scenario = {
  ...base,
  shop: { ...base.shop, skus: 200 },
  popularity: { hot_skus: 10, hot_share: 0.3 },
  steps: [
    { name: 'calm', rate_per_s: 100, duration_s: 2 },
    { name: 'pause', rate_per_s: 0, duration_s: 1 },
    { name: 'peak', rate_per_s: 1000, duration_s: 2 },
  ],
};

describe('the arrival schedule', () => {
  it('is decided by the scenario and its seed alone: the same every time', () => {
    const first = [...arrivals(small)];
    const second = [...arrivals(small)];
    expect(second).toEqual(first);
    expect([...arrivals({ ...small, seed: small.seed + 1 })]).not.toEqual(first);
  });

  it('keeps each step’s rate, in time order, within the step', () => {
    const list = [...arrivals(small)];
    const bounds = stepBounds(small);
    for (let i = 1; i < list.length; i++) expect(list[i]!.atMs).toBeGreaterThanOrEqual(list[i - 1]!.atMs);
    for (const arrival of list) {
      expect(arrival.atMs).toBeGreaterThanOrEqual(bounds[arrival.step]!.startMs);
      expect(arrival.atMs).toBeLessThan(bounds[arrival.step]!.endMs);
    }
    const perStep = [0, 1, 2].map((step) => list.filter((arrival) => arrival.step === step).length);
    expect(perStep[0]).toBeGreaterThan(150);
    expect(perStep[0]).toBeLessThan(250);
    expect(perStep[1]).toBe(0);
    expect(perStep[2]).toBeGreaterThan(1800);
    expect(perStep[2]).toBeLessThan(2200);
    expect(list.map((arrival) => arrival.index)).toEqual(list.map((_, i) => i));
  });

  it('spaces uniform arrivals evenly', () => {
    const list = [...arrivals({ ...small, arrivals: 'uniform' })];
    expect(list.filter((arrival) => arrival.step === 0)).toHaveLength(200);
    expect(list[1]!.atMs - list[0]!.atMs).toBeCloseTo(10);
  });

  it('follows the mix, with distinct SKUs and quantities within the ranges', () => {
    const list = [...arrivals(small)];
    const share = (operation: Arrival['operation']) =>
      list.filter((arrival) => arrival.operation === operation).length / list.length;
    expect(share('availability_read')).toBeCloseTo(0.45, 1);
    expect(share('order')).toBeCloseTo(0.35, 1);
    for (const arrival of list) {
      expect(new Set(arrival.skus).size).toBe(arrival.skus.length);
      for (const sku of arrival.skus) expect(sku).toBeLessThan(small.shop.skus);
      if (arrival.operation === 'order') {
        expect(arrival.skus.length).toBeGreaterThanOrEqual(1);
        expect(arrival.skus.length).toBeLessThanOrEqual(5);
        for (const quantity of arrival.quantities) expect(quantity).toBeLessThanOrEqual(2);
      }
    }
    const orders = list.filter((arrival) => arrival.operation === 'order');
    expect(orders.some((arrival) => arrival.followUp === 'cancel')).toBe(true);
    expect(orders.some((arrival) => arrival.lostAnswer)).toBe(true);
    const holds = list.filter((arrival) => arrival.operation === 'hold');
    expect(new Set(holds.map((arrival) => arrival.followUp))).toEqual(
      new Set(['convert', 'release', 'none']),
    );
  });

  it('picks advent players among the scenario’s, some from two devices spelling the email otherwise', () => {
    const scenario = loadScenario('advent');
    const list = [...arrivals(scenario)];
    const openings = list.filter((arrival) => arrival.operation === 'advent_open');
    expect(openings.length / list.length).toBeCloseTo(0.8, 1);
    for (const arrival of list) expect(arrival.advent === null).toBe(arrival.operation !== 'advent_open');
    const share = (pick: (opening: NonNullable<Arrival['advent']>) => boolean) =>
      openings.filter((arrival) => pick(arrival.advent!)).length / openings.length;
    expect(share((opening) => opening.devices.length === 2)).toBeCloseTo(0.1, 1);
    expect(share((opening) => opening.reopen !== null)).toBeCloseTo(0.1, 1);
    expect(share((opening) => opening.buys)).toBeCloseTo(0.3, 1);
    for (const { advent, skus } of openings) {
      expect(advent!.player).toBeGreaterThanOrEqual(0);
      expect(advent!.player).toBeLessThan(scenario.advent!.players);
      expect(new Set(advent!.devices).size).toBe(advent!.devices.length);
      expect(skus.length > 0).toBe(advent!.buys);
    }
    // Players come back: fewer distinct players than openings, yet more than the codes.
    const players = new Set(openings.map((arrival) => arrival.advent!.player)).size;
    expect(players).toBeLessThan(openings.length);
    expect(players).toBeGreaterThan(scenario.advent!.codes);
  });
});
