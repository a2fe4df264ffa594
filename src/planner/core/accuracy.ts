/**
 * How well a forecaster would have done, pure: rolling-origin evaluation (train on the history up to
 * an origin, forecast the next days, score them against what happened, move the origin on), scored
 * by WAPE and MASE. WAPE is the error as a share of what sold (absolute errors over absolute
 * actuals); MASE scales the mean absolute error by the seasonal-naive forecast's in-sample error, so
 * under 1 beats "the same as last week" and over 1 does worse (Hyndman & Koehler, 2006).
 */

/** A point forecast with its prediction intervals, one value per step ahead. */
export interface SeriesForecast {
  readonly point: readonly number[];
  /** By level (0.8, 0.95): the lower and upper bounds. */
  readonly intervals: ReadonlyMap<
    number,
    { readonly lower: readonly number[]; readonly upper: readonly number[] }
  >;
}

export interface Forecaster {
  /** Its name in a report: `seasonal_naive`, `ets`, `mstl`. */
  readonly name: string;
  /** `horizon` steps after `training`, with intervals at each of `levels`; throws when it cannot fit. */
  forecast(training: readonly number[], horizon: number, levels: readonly number[]): SeriesForecast;
}

export interface Accuracy {
  /** Absolute errors over absolute actuals, 0.25 = 25 %; null when nothing sold. */
  readonly wape: number | null;
  /** Mean absolute error over the seasonal-naive in-sample error; null when the history is flat. */
  readonly mase: number | null;
}

function assertSameLength(actual: readonly number[], forecast: readonly number[]): void {
  if (actual.length !== forecast.length || actual.length === 0)
    throw new RangeError(`actuals (${actual.length}) and forecasts (${forecast.length}) must pair up`);
}

export function wape(actual: readonly number[], forecast: readonly number[]): number | null {
  assertSameLength(actual, forecast);
  let errors = 0;
  let total = 0;
  actual.forEach((value, index) => {
    errors += Math.abs(value - forecast[index]!);
    total += Math.abs(value);
  });
  return total === 0 ? null : errors / total;
}

/** The seasonal-naive forecast's mean absolute error within `training`: MASE's yardstick. */
export function seasonalNaiveError(training: readonly number[], period: number): number | null {
  if (training.length <= period) return null;
  let sum = 0;
  for (let index = period; index < training.length; index += 1)
    sum += Math.abs(training[index]! - training[index - period]!);
  const error = sum / (training.length - period);
  return error === 0 ? null : error;
}

export function mase(
  actual: readonly number[],
  forecast: readonly number[],
  training: readonly number[],
  period: number,
): number | null {
  assertSameLength(actual, forecast);
  const scale = seasonalNaiveError(training, period);
  if (scale === null) return null;
  const meanError =
    actual.reduce((sum, value, index) => sum + Math.abs(value - forecast[index]!), 0) / actual.length;
  return meanError / scale;
}

export interface RollingOrigins {
  readonly horizon: number;
  /** How many origins, the last one `horizon` steps before the series' end. */
  readonly origins: number;
  /** Steps between two origins: a week's open days, so each origin starts on another weekday mix. */
  readonly step: number;
  /** The fewest steps a training may hold: origins that would leave less are not tried. */
  readonly trainingMin: number;
}

/** The training lengths of the origins that fit in `length` steps, earliest first. */
export function originLengths(length: number, plan: RollingOrigins): number[] {
  const lengths: number[] = [];
  for (let index = 0; index < plan.origins; index += 1) {
    const trainingLength = length - plan.horizon - index * plan.step;
    if (trainingLength < plan.trainingMin) break;
    lengths.unshift(trainingLength);
  }
  return lengths;
}

export interface Backtest extends Accuracy {
  readonly model: string;
  /** Origins the model could be fitted at; its scores are over these. */
  readonly origins: number;
}

/**
 * `forecaster` scored over the rolling origins of `series`: WAPE over every error at once, MASE the
 * mean of each origin's (each scaled by its own training). An origin it cannot fit at counts against
 * it: a model that fails on some histories has no score, rather than the score of its good days.
 */
export function backtest(
  series: readonly number[],
  forecaster: Forecaster,
  plan: RollingOrigins,
  period: number,
): Backtest {
  const lengths = originLengths(series.length, plan);
  const actuals: number[] = [];
  const forecasts: number[] = [];
  const scaled: number[] = [];
  for (const trainingLength of lengths) {
    const training = series.slice(0, trainingLength);
    const actual = series.slice(trainingLength, trainingLength + plan.horizon);
    let point: readonly number[];
    try {
      point = forecaster.forecast(training, actual.length, []).point;
    } catch {
      return { model: forecaster.name, origins: lengths.length, wape: null, mase: null };
    }
    actuals.push(...actual);
    forecasts.push(...point);
    const score = mase(actual, point, training, period);
    if (score !== null) scaled.push(score);
  }
  if (actuals.length === 0) return { model: forecaster.name, origins: 0, wape: null, mase: null };
  return {
    model: forecaster.name,
    origins: lengths.length,
    wape: wape(actuals, forecasts),
    mase: scaled.length === 0 ? null : scaled.reduce((sum, value) => sum + value, 0) / scaled.length,
  };
}

/**
 * The best-scoring model: by MASE (WAPE breaking ties) among those fitted at every origin; by WAPE
 * when a history that repeats itself exactly leaves MASE without a yardstick.
 */
export function bestOf(scores: readonly Backtest[]): Backtest | null {
  const fitted = scores.filter((score) => score.wape !== null);
  const byMase = fitted.every((score) => score.mase !== null);
  const sorted = [...fitted].sort((a, b) =>
    byMase ? a.mase! - b.mase! || a.wape! - b.wape! : a.wape! - b.wape!,
  );
  return sorted[0] ?? null;
}
