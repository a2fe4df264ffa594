import { describe, expect, it } from 'vitest';
import {
  bucketOf,
  emptyBuckets,
  lastWindow,
  type MinutePoint,
  mergeMinutes,
  minuteSeries,
  percentileMs,
  perSecond,
  quietMinute,
  shareOf,
} from './figures.js';

const t0 = Date.parse('2026-11-27T20:00:00.000Z');

function minute(index: number, figures: Partial<MinutePoint> = {}): MinutePoint {
  return { ...quietMinute(t0 + index * 60_000), ...figures };
}

function latencies(...ms: number[]): number[] {
  const buckets = emptyBuckets();
  for (const value of ms) buckets[bucketOf(value)]!++;
  return buckets;
}

describe('latency percentiles', () => {
  it('answer the upper bound of the bucket the quantile falls in', () => {
    const buckets = latencies(...Array(98).fill(3), 40, 900);
    expect(percentileMs(buckets, 0.5)).toBe(5);
    expect(percentileMs(buckets, 0.99)).toBe(50);
    expect(percentileMs(buckets, 1)).toBe(1_000);
  });

  it('read a request past the last bound as twice that bound, and nothing without requests', () => {
    expect(percentileMs(latencies(60_000), 0.99)).toBe(10_000);
    expect(percentileMs(emptyBuckets(), 0.5)).toBeNull();
  });

  it('accept the fractional counts of a weighted window', () => {
    expect(percentileMs([0, 0.5, 0, 0, 2], 0.99)).toBe(20);
  });

  it('refuse a quantile outside (0, 1]', () => {
    expect(() => percentileMs(latencies(1), 0)).toThrow(/quantile/);
    expect(() => percentileMs(latencies(1), 1.5)).toThrow(/quantile/);
  });
});

describe('minutes of several processes', () => {
  it('add up counters and keep the highest gauge', () => {
    const a = minute(0, {
      requests: 10,
      latencyBuckets: latencies(3),
      revenueMinor: { EUR: 100 },
      holdsActive: 4,
    });
    const b = minute(0, {
      requests: 5,
      latencyBuckets: latencies(3, 300),
      revenueMinor: { EUR: 50, GBP: 7 },
      holdsActive: 6,
    });
    const merged = mergeMinutes(a, b);
    expect(merged).toMatchObject({ requests: 15, revenueMinor: { EUR: 150, GBP: 7 }, holdsActive: 6 });
    expect(merged.latencyBuckets).toEqual(latencies(3, 3, 300));
    expect(() => mergeMinutes(a, minute(1))).toThrow(/merging/);
  });

  it('fill the quiet minutes of a range, one point per minute', () => {
    const series = minuteSeries(
      [minute(2, { requests: 3 }), minute(2, { requests: 4 })],
      t0,
      t0 + 4 * 60_000,
    );
    expect(series.map((point) => point.requests)).toEqual([0, 0, 7, 0, 0]);
  });
});

describe('the last window', () => {
  it('counts the part of the previous minute the current one has not covered yet', () => {
    // 20 s into a minute: 40 s of the one before count, so the window still spans 60 s.
    const series = [minute(0, { requests: 600 }), minute(1, { requests: 60, coveredS: 20 })];
    const window = lastWindow(series, 1);
    expect(window.seconds).toBe(60);
    expect(window.requests).toBe(400 + 60);
    expect(perSecond(window.requests, window)).toBeCloseTo(460 / 60);
  });

  it('is the whole minutes when the last one is complete', () => {
    const series = [minute(0, { requests: 1 }), minute(1, { requests: 60, errors: 6 })];
    const window = lastWindow(series, 1);
    expect(window).toMatchObject({ seconds: 60, requests: 60, errors: 6 });
    expect(shareOf(window.errors, window)).toBeCloseTo(0.1);
    expect(lastWindow(series, 2).requests).toBe(61);
  });

  it('reads no rate off an empty window, and refuses a window of no minutes', () => {
    const window = lastWindow([], 1);
    expect(perSecond(window.requests, window)).toBe(0);
    expect(shareOf(window.errors, window)).toBe(0);
    expect(() => lastWindow([minute(0)], 0)).toThrow(/window/);
  });
});
