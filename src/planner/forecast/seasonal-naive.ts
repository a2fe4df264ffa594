/**
 * The seasonal-naive forecast, pure: each day ahead sells what the same open day sold a week
 * before. It is the yardstick every model must beat in the back-test, and the forecast used when
 * none does. Its intervals widen with each week ahead, from the spread of its own errors in the
 * history (Hyndman & Athanasopoulos, *Forecasting: Principles and Practice*, 3rd ed., §5.5).
 */
import { probit } from 'simple-statistics';
import type { Forecaster, SeriesForecast } from '../core/accuracy.js';

export function seasonalNaive(period: number): Forecaster {
  return {
    name: 'seasonal_naive',
    forecast(training, horizon, levels): SeriesForecast {
      if (training.length < period) throw new RangeError(`a seasonal-naive forecast needs ${period} days`);
      const lastSeason = training.slice(-period);
      const point = Array.from({ length: horizon }, (_, step) => lastSeason[step % period]!);
      let squares = 0;
      for (let index = period; index < training.length; index += 1)
        squares += (training[index]! - training[index - period]!) ** 2;
      const sigma = training.length > period ? Math.sqrt(squares / (training.length - period)) : 0;
      const intervals = new Map(
        levels.map((level) => {
          const z = probit(0.5 + level / 2);
          const width = point.map((_, step) => z * sigma * Math.sqrt(Math.floor(step / period) + 1));
          return [
            level,
            {
              lower: point.map((value, step) => value - width[step]!),
              upper: point.map((value, step) => value + width[step]!),
            },
          ] as const;
        }),
      );
      return { point, intervals };
    },
  };
}
