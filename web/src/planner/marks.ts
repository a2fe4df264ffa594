/** How the readiness report writes a plan's figures: model names, ratios, ranges, rates and headroom. */
import type { ModelChoice } from '../../../src/planner/contract.js';
import { figure } from '../format.js';

export const figureNames: Record<ModelChoice['figure'], string> = {
  orders: 'Orders',
  units: 'Units',
  revenue: 'Revenue',
};

const modelNames: Record<string, string> = {
  seasonal_naive: 'Seasonal naive (same day last week)',
  ets: 'AutoETS',
  mstl: 'MSTL with AutoETS',
};

export function modelName(model: string): string {
  return modelNames[model] ?? model;
}

/** A score such as MASE: two decimals, a dash when the model could not be scored. */
export function decimal(value: number | null, digits = 2): string {
  return value === null || !Number.isFinite(value) ? '—' : value.toFixed(digits);
}

/** An interval's bounds: "12–20". */
export function range(low: number, high: number): string {
  return `${figure(low)}–${figure(high)}`;
}

const rateFormat = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 3 });

/** Orders per second: a busiest minute is often well under one, so three significant digits, not one decimal. */
export function perSecond(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '—' : `${rateFormat.format(value)} orders/s`;
}

/** Capacity over the peak: "0.42×", "3.5×", "120×". */
export function times(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  return `${value < 10 ? rateFormat.format(value) : figure(value)}×`;
}

/** The headroom the plan asks for: under it, a minute three times the forecast would overload the site. */
export const headroomMin = 3;
