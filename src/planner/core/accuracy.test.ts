import { describe, expect, it } from 'vitest';
import { seasonalNaive } from '../forecast/seasonal-naive.js';
import {
  backtest,
  bestOf,
  type Forecaster,
  mase,
  originLengths,
  seasonalNaiveError,
  wape,
} from './accuracy.js';

/** Forecasts the training's last value for every step: a model that sees no pattern. */
const lastValue: Forecaster = {
  name: 'last_value',
  forecast: (training, horizon) => ({ point: Array(horizon).fill(training.at(-1)), intervals: new Map() }),
};

describe('forecast accuracy', () => {
  it('scores WAPE as absolute errors over what sold', () => {
    // |10-8| + |20-25| + |30-30| = 7 over 60 sold.
    expect(wape([10, 20, 30], [8, 25, 30])).toBeCloseTo(7 / 60);
    expect(wape([0, 0], [1, 2])).toBeNull();
  });

  it('scales MASE by the seasonal-naive error inside the training', () => {
    // Period 2: in-sample errors |12-10| = 2, |14-12| = 2 → scale 2; mean error (1 + 3) / 2 = 2 → MASE 1.
    const training = [10, 20, 12, 22, 14];
    expect(seasonalNaiveError(training, 2)).toBe(2);
    expect(mase([15, 30], [16, 27], training, 2)).toBe(1);
    expect(mase([1], [2], [5, 5, 5], 1)).toBeNull();
  });

  it('refuses actuals and forecasts that do not pair up', () => {
    expect(() => wape([1, 2], [1])).toThrow(RangeError);
  });

  it('places rolling origins a step apart, the last one a horizon before the end, and none too short', () => {
    expect(originLengths(100, { horizon: 10, origins: 4, step: 7, trainingMin: 50 })).toEqual([
      69, 76, 83, 90,
    ]);
    expect(originLengths(70, { horizon: 10, origins: 4, step: 7, trainingMin: 50 })).toEqual([53, 60]);
    expect(originLengths(40, { horizon: 10, origins: 4, step: 7, trainingMin: 50 })).toEqual([]);
  });

  it('finds the weekly pattern worth more than the last value on a weekly series', () => {
    const week = [50, 80, 90, 85, 70, 20];
    const series = Array.from({ length: 60 }, (_, day) => week[day % 6]!);
    const plan = { horizon: 12, origins: 4, step: 6, trainingMin: 24 };
    const naive = backtest(series, seasonalNaive(6), plan, 6);
    const flat = backtest(series, lastValue, plan, 6);
    // A series that repeats exactly: the seasonal-naive forecast makes no error.
    expect(naive).toMatchObject({ model: 'seasonal_naive', origins: 4, wape: 0 });
    expect(flat.wape).toBeGreaterThan(0.3);
    expect(bestOf([flat, naive])?.model).toBe('seasonal_naive');
  });

  it('gives no score to a model that cannot be fitted at some origin', () => {
    let calls = 0;
    const fragile: Forecaster = {
      name: 'fragile',
      forecast: (training, horizon) => {
        calls += 1;
        if (calls === 2) throw new Error('no model found');
        return lastValue.forecast(training, horizon, []);
      },
    };
    const series = Array.from({ length: 40 }, (_, day) => day);
    const score = backtest(series, fragile, { horizon: 5, origins: 3, step: 5, trainingMin: 10 }, 1);
    expect(score).toEqual({ model: 'fragile', origins: 3, wape: null, mase: null });
    expect(bestOf([score])).toBeNull();
  });
});

describe('the seasonal-naive forecast', () => {
  it('repeats the last week and widens its intervals week by week', () => {
    const training = [10, 20, 14, 22, 12, 20];
    const forecast = seasonalNaive(2).forecast(training, 4, [0.8]);
    expect(forecast.point).toEqual([12, 20, 12, 20]);
    const { lower, upper } = forecast.intervals.get(0.8)!;
    const width = upper.map((value, step) => value - lower[step]!);
    // Second week ahead: √2 times the first.
    expect(width[2]! / width[0]!).toBeCloseTo(Math.SQRT2);
    expect(width[1]).toBeCloseTo(width[0]!);
  });
});
