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
});
