/**
 * The demand forecast of a peak window: daily orders, units and revenue, and each top seller's units,
 * with 80 % and 95 % prediction intervals. For each figure the seasonal-naive yardstick, AutoETS
 * and MSTL are back-tested over rolling origins of the history, each forecasting as far ahead as the
 * window lies; the one with the lowest MASE makes the forecast. SKUs are forecast by the week (most
 * sell on few days), from the naive yardstick or AutoETS, chosen the same way.
 */
import { fail, ok, type Result } from '../../platform/core/errors.js';
import type { Forecast, ForecastDay, ForecastSku, HeldOutAccuracy, ModelChoice } from '../contract.js';
import {
  type Backtest,
  backtest,
  bestOf,
  type Forecaster,
  mase,
  type RollingOrigins,
  type SeriesForecast,
  wape,
} from '../core/accuracy.js';
import {
  addDays,
  datesFrom,
  isOpen,
  openDates,
  type TradingCalendar,
  tradedWeekdays,
} from '../core/calendar.js';
import type { DemandHistory } from '../core/demand.js';
import {
  eventUplifts,
  isIntermittent,
  type PlannerEvent,
  trainingSeries,
  upliftOn,
  weeklyTotals,
} from '../core/series.js';
import { autoEts, mstlEts } from './models.js';
import { seasonalNaive } from './seasonal-naive.js';

export interface ForecastRequest {
  readonly demand: DemandHistory;
  readonly currency: string;
  readonly window: { readonly from: string; readonly to: string };
  /** The last day the models learn from; the history after it is held out and scored. Default: its last day. */
  readonly trainUntil: string | null;
  /** ISO weekdays the shop trades on; default: those it traded on in the last eight weeks of the training. */
  readonly openWeekdays: ReadonlySet<number> | null;
  readonly closedDates: ReadonlySet<string>;
  readonly events: readonly PlannerEvent[];
  readonly skusTop: number;
  /** The chance a SKU's window sells no more than `units_at_service_level`: 0.95. */
  readonly serviceLevel: number;
  readonly onProgress?: (done: number, total: number) => void;
}

const levels = [0.8, 0.95] as const;
/** Origins of the back-test: four weeks' worth of starting points, each a week apart. */
const originsCount = 4;
/** The fewest weeks a model learns from at an origin: below, a weekly pattern is barely seen once or twice. */
const trainingWeeksMin = 8;
/** The recent weeks that pick the top sellers: what sells now, not last spring. */
const topSellerWeeks = 12;

type Figure = ModelChoice['figure'];

function rounded(value: number): number {
  return Math.max(0, Math.round(value));
}

function bound(forecast: SeriesForecast, level: number, side: 'lower' | 'upper'): readonly number[] {
  const bounds = forecast.intervals.get(level);
  if (bounds === undefined) throw new Error(`no ${level} interval was asked for`);
  return bounds[side];
}

interface Chosen {
  readonly choice: ModelChoice;
  readonly forecast: SeriesForecast;
  readonly naive: SeriesForecast;
}

function choose(
  figure: Figure,
  values: readonly number[],
  candidates: readonly Forecaster[],
  origins: RollingOrigins,
  period: number,
  forecastLevels: readonly number[],
  step: () => void,
): Chosen {
  const scores: Backtest[] = candidates.map((candidate) => {
    const score = backtest(values, candidate, origins, period);
    step();
    return score;
  });
  const naive = candidates[0]!;
  const best = bestOf(scores);
  const model = candidates.find((candidate) => candidate.name === best?.model) ?? naive;
  let forecast: SeriesForecast;
  try {
    forecast = model.forecast(values, origins.horizon, forecastLevels);
  } catch {
    // Fitted at every origin but not on the whole history: the yardstick forecasts instead.
    forecast = naive.forecast(values, origins.horizon, forecastLevels);
  }
  step();
  return {
    choice: {
      figure,
      chosen: model.name,
      horizon_days: origins.horizon,
      backtest: scores.map(({ model: name, wape: w, mase: m, origins: count }) => ({
        model: name,
        wape: w,
        mase: m,
        origins: count,
      })),
    },
    forecast,
    naive: naive.forecast(values, origins.horizon, []),
  };
}

export function forecastWindow(request: ForecastRequest): Result<Forecast> {
  const { demand, window } = request;
  const allDays = demand.days();
  const first = allDays[0];
  if (first === undefined) return fail('history_too_short', 'The history holds no order to learn from.');
  const trainUntil = request.trainUntil ?? allDays.at(-1)!.date;
  if (window.from > window.to)
    return fail('validation_failed', `The window ends (${window.to}) before it starts (${window.from}).`, {
      field: 'window',
    });
  if (window.from <= trainUntil)
    return fail(
      'validation_failed',
      `The window must start after the last day the forecast learns from (${trainUntil}); hold later history out with a training end.`,
      { field: 'window' },
    );
  const trainingDays = allDays.filter((day) => day.date <= trainUntil);
  const openWeekdays = request.openWeekdays ?? tradedWeekdays(trainingDays.map((day) => day.date));
  const calendar: TradingCalendar = { openWeekdays, closedDates: request.closedDates };
  const period = openWeekdays.size;
  const axis = openDates(calendar, first.date, trainUntil);
  // Days with orders, not the calendar's span: four days spread over a year are no history.
  if (period === 0 || trainingDays.length < (trainingWeeksMin + 1) * period)
    return fail(
      'history_too_short',
      `The forecast learns from at least ${trainingWeeksMin + 1} weeks of trading; the history to ${trainUntil} has orders on ${trainingDays.length} days.`,
      { days_with_orders: trainingDays.length },
    );
  const steps = openDates(calendar, addDays(trainUntil, 1), window.to);
  const origins: RollingOrigins = {
    horizon: steps.length,
    origins: originsCount,
    step: period,
    trainingMin: trainingWeeksMin * period,
  };
  const skus = demand.topSkus(request.skusTop, addDays(trainUntil, -7 * topSellerWeeks + 1), trainUntil);
  const total = 3 * 4 + skus.length * 3;
  let done = 0;
  const step = () => {
    done += 1;
    request.onProgress?.(done, total);
  };

  const ordersByDate = new Map(trainingDays.map((day) => [day.date, day.orders]));
  const isClosure = (date: string) => !ordersByDate.has(date);
  const uplifts = eventUplifts(request.events, ordersByDate);
  const upliftOf = (date: string) => upliftOn(date, request.events, uplifts);
  const figures: Record<Figure, (day: (typeof allDays)[number]) => number> = {
    orders: (day) => day.orders,
    units: (day) => day.units,
    revenue: (day) => day.revenueMinor,
  };
  const dailyCandidates = [seasonalNaive(period), autoEts(period), mstlEts(period)];
  const chosen = new Map<Figure, Chosen>();
  let filledDates: readonly string[] = [];
  for (const figure of Object.keys(figures) as Figure[]) {
    const byDate = new Map(trainingDays.map((day) => [day.date, figures[figure](day)]));
    const series = trainingSeries(byDate, axis, isClosure, request.events);
    filledDates = series.filledDates;
    chosen.set(figure, choose(figure, series.values, dailyCandidates, origins, period, levels, step));
  }

  const stepIndex = new Map(steps.map((date, index) => [date, index]));
  const heldOut = new Map(allDays.filter((day) => day.date > trainUntil).map((day) => [day.date, day]));
  const at = (figure: Figure, date: string, pick: (forecast: SeriesForecast) => readonly number[]) => {
    const index = stepIndex.get(date);
    return index === undefined ? 0 : rounded(pick(chosen.get(figure)!.forecast)[index]! * upliftOf(date));
  };
  const point = (forecast: SeriesForecast) => forecast.point;
  const daily: ForecastDay[] = datesFrom(window.from, window.to).map((date) => {
    const open = isOpen(calendar, date);
    const event = request.events.find((each) => date >= each.from && date <= each.to);
    return {
      date,
      open,
      event: open && event !== undefined ? event.name : null,
      orders: at('orders', date, point),
      orders_low80: at('orders', date, (forecast) => bound(forecast, 0.8, 'lower')),
      orders_high80: at('orders', date, (forecast) => bound(forecast, 0.8, 'upper')),
      orders_low95: at('orders', date, (forecast) => bound(forecast, 0.95, 'lower')),
      orders_high95: at('orders', date, (forecast) => bound(forecast, 0.95, 'upper')),
      units: at('units', date, point),
      units_low80: at('units', date, (forecast) => bound(forecast, 0.8, 'lower')),
      units_high80: at('units', date, (forecast) => bound(forecast, 0.8, 'upper')),
      revenue_minor: at('revenue', date, point),
      revenue_low80_minor: at('revenue', date, (forecast) => bound(forecast, 0.8, 'lower')),
      revenue_high80_minor: at('revenue', date, (forecast) => bound(forecast, 0.8, 'upper')),
      actual_orders: heldOut.get(date)?.orders ?? null,
    };
  });

  const held_out: HeldOutAccuracy[] = [];
  const scored = steps.filter((date) => heldOut.has(date) && date >= window.from);
  if (scored.length > 0)
    for (const figure of Object.keys(figures) as Figure[]) {
      const { forecast, naive } = chosen.get(figure)!;
      const actual = scored.map((date) => figures[figure](heldOut.get(date)!));
      const predicted = scored.map((date) => forecast.point[stepIndex.get(date)!]! * upliftOf(date));
      const baseline = scored.map((date) => naive.point[stepIndex.get(date)!]! * upliftOf(date));
      const training = trainingSeries(
        new Map(trainingDays.map((day) => [day.date, figures[figure](day)])),
        axis,
        isClosure,
        request.events,
      ).values;
      held_out.push({
        figure,
        days: scored.length,
        wape: wape(actual, predicted),
        mase: mase(actual, predicted, training, period),
        seasonal_naive_wape: wape(actual, baseline),
        seasonal_naive_mase: mase(actual, baseline, training, period),
      });
    }

  const filled = new Set(filledDates);
  const serviceInterval = 2 * request.serviceLevel - 1;
  const windowSteps = steps.filter((date) => date >= window.from);
  const stepsBeforeWindow = steps.filter((date) => date < window.from);
  const weeklyCandidates = [seasonalNaive(1), autoEts(1)];
  const horizonWeeks = Math.ceil(steps.length / period);
  const skuForecasts: ForecastSku[] = skus.map((sku) => {
    const series = trainingSeries(demand.skuUnits(sku), axis, (date) => filled.has(date), request.events);
    const weeks = weeklyTotals(series.values, period);
    const { choice, forecast } = choose(
      'units',
      weeks,
      weeklyCandidates,
      { horizon: horizonWeeks, origins: originsCount, step: 1, trainingMin: trainingWeeksMin },
      1,
      [...levels, serviceInterval],
      step,
    );
    // A week's forecast spread evenly over its open days; bounds summed, week by week, as if their
    // errors moved together: wider than independent errors would give, the side a stock plan errs on.
    const total = (dates: readonly string[], weekly: readonly number[]) =>
      rounded(
        dates.reduce(
          (sum, date) =>
            sum + (Math.max(0, weekly[Math.floor(stepIndex.get(date)! / period)]!) / period) * upliftOf(date),
          0,
        ),
      );
    const windowTotal = (weekly: readonly number[]) => total(windowSteps, weekly);
    return {
      sku,
      name: null,
      units: windowTotal(forecast.point),
      units_low80: windowTotal(bound(forecast, 0.8, 'lower')),
      units_high80: windowTotal(bound(forecast, 0.8, 'upper')),
      units_low95: windowTotal(bound(forecast, 0.95, 'lower')),
      units_high95: windowTotal(bound(forecast, 0.95, 'upper')),
      units_at_service_level: windowTotal(bound(forecast, serviceInterval, 'upper')),
      units_before_window: total(stepsBeforeWindow, forecast.point),
      intermittent: isIntermittent(series.values.slice(-topSellerWeeks * period)),
      model: choice.chosen,
    };
  });

  return ok({
    window: { from: window.from, to: window.to },
    trained_until: trainUntil,
    history_from: first.date,
    currency: request.currency,
    open_weekdays: [...openWeekdays].sort(),
    closed_dates: [...request.closedDates].sort(),
    filled_dates: [...filledDates],
    models: [...chosen.values()].map(({ choice }) => choice),
    daily,
    skus: skuForecasts,
    events: request.events.map((event) => ({
      name: event.name,
      from: event.from,
      to: event.to,
      uplift: uplifts.get(event.name)?.uplift ?? null,
      measured_on:
        uplifts.get(event.name)?.measuredOn.filter((date) => date >= event.from && date <= event.to) ?? [],
    })),
    history: trainingDays.map((day) => ({
      date: day.date,
      orders: day.orders,
      units: day.units,
      revenue_minor: day.revenueMinor,
    })),
    held_out,
  });
}
