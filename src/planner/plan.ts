/**
 * The peak plan: the demand forecast of the window, then what it asks of the shop — stock to buy
 * per top seller, the people to staff, and the site's headroom at the forecast's busiest minute.
 * Stock comes from the store (what is free and on order), or is unknown (every need is to order).
 */
import { getStock } from '../inventory/index.js';
import type { AppContext } from '../platform/context.js';
import { ok, type Result } from '../platform/core/errors.js';
import type { CapacityPlan, Forecast, PeakPlan, StockLine } from './contract.js';
import { addDays } from './core/calendar.js';
import { checkCapacity } from './core/capacity.js';
import { adviseStock } from './core/stock-plan.js';
import { type ForecastRequest, forecastWindow } from './forecast/forecast.js';
import type { DemandSource } from './history/file-demand.js';
import { planStaff, type StaffAssumptions } from './staff-plan.js';

/** A SKU's stock as the plan counts it. */
export interface StockOnHand {
  /** Free to sell now: on hand less reserved, less units sold beyond stock. */
  readonly available: number;
  /** On open purchase orders expected by the window's last day. */
  readonly onOrder: number;
  /** The supplier's lead time for this SKU, when known; else the plan's. */
  readonly leadTimeDays: number | null;
}

/** What the plan knows of the stock of some SKUs; absent SKUs have none. */
export type StockReader = (
  skus: readonly string[],
  windowTo: string,
) => Promise<ReadonlyMap<string, StockOnHand>>;

/** What the forecast is asked (but the history, which the source gives), and what the rest of the plan needs. */
export interface PlanOptions extends Omit<ForecastRequest, 'demand' | 'currency'> {
  readonly leadTimeDays: number;
  /** Null: the stock is unknown. */
  readonly stock: StockReader | null;
  readonly capacity: { readonly ordersPerS: number; readonly source: string } | null;
  readonly staff: StaffAssumptions;
  /** The plan's day, `YYYY-MM-DD`: orders placed later than `order_by` are late. At most the day after the history. */
  readonly today: string;
  /** The plan's instant, ISO 8601. */
  readonly generatedAt: string;
}

/** The stock the store holds: free units less those sold beyond stock, and what open purchase orders bring in time. */
export function storeStock(ctx: AppContext): StockReader {
  return async (skus, windowTo) => {
    const stock = new Map<string, StockOnHand>();
    for (const sku of skus) {
      const found = await getStock(ctx, sku);
      if (!found.ok) continue;
      const onOrder = found.value.incoming
        .filter((line) => line.expected_on <= windowTo)
        .reduce((sum, line) => sum + line.quantity, 0);
      stock.set(sku, {
        available: found.value.available - found.value.waiting,
        onOrder,
        leadTimeDays: null,
      });
    }
    return stock;
  };
}

export async function makePlan(source: DemandSource, options: PlanOptions): Promise<Result<PeakPlan>> {
  const forecasted = forecastWindow({ ...options, demand: source.demand, currency: source.currency });
  if (!forecasted.ok) return forecasted;
  const names = await source.nameSkus(forecasted.value.skus.map((sku) => sku.sku));
  const forecast: Forecast = {
    ...forecasted.value,
    skus: forecasted.value.skus.map((sku) => ({ ...sku, name: names.get(sku.sku) ?? null })),
  };
  const warnings: string[] = [];
  // A plan made after the fact (a past history's window) is dated the day after its history.
  const dayAfterHistory = addDays(forecast.trained_until, 1);
  const today = options.today < dayAfterHistory ? options.today : dayAfterHistory;

  const stockOf =
    options.stock === null
      ? null
      : await options.stock(
          forecast.skus.map((sku) => sku.sku),
          options.window.to,
        );
  const lines: StockLine[] = forecast.skus.map((sku) => {
    const held = stockOf?.get(sku.sku);
    const leadTimeDays = held?.leadTimeDays ?? options.leadTimeDays;
    const advice = adviseStock(
      {
        sku: sku.sku,
        unitsBeforeWindow: sku.units_before_window,
        unitsAtServiceLevel: sku.units_at_service_level,
      },
      { available: held?.available ?? 0, onOrder: held?.onOrder ?? 0, leadTimeDays },
      options.window.from,
      today,
    );
    return {
      sku: sku.sku,
      name: sku.name,
      units_before_window: sku.units_before_window,
      units_at_service_level: sku.units_at_service_level,
      need: advice.need,
      available: stockOf === null ? null : (held?.available ?? 0),
      on_order: stockOf === null ? null : (held?.onOrder ?? 0),
      lead_time_days: leadTimeDays,
      to_order: advice.toOrder,
      order_by: advice.orderBy,
      late: advice.late,
    };
  });
  if (stockOf === null)
    warnings.push('No stock was given: each top seller’s whole need is shown as to order.');
  const late = lines.filter((line) => line.late);
  if (late.length > 0)
    warnings.push(
      `${late.length} SKU${late.length === 1 ? '' : 's'} should have been ordered already to arrive before the window: ${late.map((line) => line.sku).join(', ')}.`,
    );

  const staffed = planStaff(forecast.daily, source.demand.hourCounts(), options.staff);
  warnings.push(...staffed.warnings);

  const busiest = forecast.daily.reduce<(typeof forecast.daily)[number] | null>(
    (best, day) => (best === null || day.orders_high95 > best.orders_high95 ? day : best),
    null,
  );
  const share = source.demand.busiestMinuteShare() ?? 0;
  const check = checkCapacity(busiest?.orders_high95 ?? 0, share, options.capacity?.ordersPerS ?? null);
  const capacity: CapacityPlan = {
    busiest_day: busiest?.date ?? null,
    busiest_day_orders_high95: busiest?.orders_high95 ?? 0,
    busiest_minute_share: share,
    peak_orders_per_s: check.peakOrdersPerS,
    capacity_orders_per_s: check.capacityOrdersPerS,
    capacity_source: options.capacity?.source ?? null,
    headroom: check.headroom,
    enough: check.enough,
  };
  if (check.enough === false)
    warnings.push(
      `Headroom is ${check.headroom!.toFixed(1)}×, under 3×: the busiest minute may need ${check.peakOrdersPerS.toFixed(2)} orders/s against a capacity of ${check.capacityOrdersPerS} orders/s.`,
    );
  if (check.capacityOrdersPerS === null)
    warnings.push(
      'No capacity was given: run `affluence rehearse` and pass its report to weigh the headroom.',
    );
  for (const event of forecast.events.filter((each) => each.uplift === null))
    warnings.push(`No uplift is known for ${event.name}: give one, or its days forecast as ordinary ones.`);
  const otherCurrencies = source.demand.ordersInOtherCurrencies();
  if (otherCurrencies > 0)
    warnings.push(
      `${otherCurrencies} orders in other currencies than ${source.currency} count in orders and units, not revenue.`,
    );

  return ok({
    generated_at: options.generatedAt,
    source: source.source,
    forecast,
    stock: { service_level: options.serviceLevel, stock_known: stockOf !== null, lines },
    staff: staffed.staff,
    capacity,
    warnings,
  });
}
