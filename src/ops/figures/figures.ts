/**
 * What the operations room reads: the shop's figures minute by minute (every process added up),
 * the best sellers and the stock-outs to come, and the overview the live page shows.
 */

import { roomView } from '../../intake/index.js';
import { availableFromFree } from '../../inventory/core/stock-book.js';
import { type AppContext, toIso } from '../../platform/context.js';
import { limits } from '../../platform/core/limits.js';
import type { Overview, PerMinute, SeriesPoint, Stockout } from '../contract.js';
import {
  lastWindow,
  type MinutePoint,
  minuteMs,
  minuteSeries,
  minuteStart,
  percentileMs,
  perSecond,
  shareOf,
} from '../core/figures.js';

const weekMs = 7 * 24 * 60 * minuteMs;
const hourMs = 60 * minuteMs;

/** The minutes from `fromMs` to `toMs` of the whole shop; the current one covers the seconds passed. */
export async function readSeries(ctx: AppContext, fromMs: number, toMs: number): Promise<MinutePoint[]> {
  const now = ctx.clock.now();
  const stored = await ctx.store.read.figures.minutesBetween(minuteStart(fromMs), toMs);
  const rows = stored.map((row) => ({ ...row, coveredS: 60 }));
  // Only the current minute has covered fewer than 60 s, whether a row of it exists or not.
  return minuteSeries(rows, fromMs, toMs).map((point) => ({
    ...point,
    coveredS: Math.min(60, Math.max(0, (now - point.atMs) / 1000)),
  }));
}

/** A minute as the API shows it. */
export function pointView(point: MinutePoint): SeriesPoint {
  return {
    at: toIso(point.atMs),
    requests: point.requests,
    errors: point.errors,
    refusals: point.refusals,
    orders_placed: point.ordersPlaced,
    orders_refused: point.ordersRefused,
    availability_reads: point.availabilityReads,
    latency_p50_ms: percentileMs(point.latencyBuckets, 0.5),
    latency_p99_ms: percentileMs(point.latencyBuckets, 0.99),
    revenue_minor: { ...point.revenueMinor },
    intake_queue_max: point.intakeQueueMax,
    waiting_room_waiting: point.waitingRoomWaiting,
    holds_active: point.holdsActive,
    skus_sold_out: point.skusSoldOut,
    outbox_backlog: point.outboxBacklog,
    covered_s: Math.round(point.coveredS * 10) / 10,
  };
}

export interface SellingSku {
  readonly channel: string;
  readonly sku: string;
  readonly name: string;
  /**
   * Units sold in the last `sellersWindowMinutes`, and the orders they came in: counted, or at a
   * peak estimated from the newest `sellersOrdersMax` orders at the rate they show.
   */
  readonly units: number;
  readonly orders: number;
  readonly unitsPerHour: number;
  /** What the channel may still sell of it now. */
  readonly available: number;
}

/** Every SKU sold in the last `sellersWindowMinutes`, per channel, best first, with what is left of it. */
export async function sellingSkus(ctx: AppContext): Promise<SellingSku[]> {
  const read = ctx.store.read;
  const now = ctx.clock.now();
  const windowMs = limits.sellersWindowMinutes * minuteMs;
  const recent = await read.figures.recentSales(now - windowMs, limits.sellersOrdersMax);
  // A full sample covers less than the window: its sales are scaled up to it, at the rate they show.
  const sampled = recent.ordersRead >= limits.sellersOrdersMax && recent.oldestMs !== null;
  const spanMs = sampled ? Math.max(1_000, now - recent.oldestMs!) : windowMs;
  const scale = windowMs / spanMs;
  const sales = recent.sales;
  const byChannel = new Map<string, string[]>();
  for (const sale of sales) byChannel.set(sale.channel, [...(byChannel.get(sale.channel) ?? []), sale.sku]);
  const free = new Map<string, { free: number; buffer: number }>();
  for (const [channel, skus] of byChannel) {
    for (let first = 0; first < skus.length; first += limits.availabilitySkusPerReadMax) {
      const found = await read.stock.freeStockForChannel(
        channel,
        skus.slice(first, first + limits.availabilitySkusPerReadMax),
      );
      for (const [sku, stock] of found) free.set(`${channel}\u0000${sku}`, stock);
    }
  }
  return sales.map((sale) => {
    const stock = free.get(`${sale.channel}\u0000${sale.sku}`);
    return {
      ...sale,
      units: Math.round(sale.units * scale),
      orders: Math.round(sale.orders * scale),
      unitsPerHour: Math.round((sale.units * hourMs) / spanMs),
      available: stock === undefined ? 0 : availableFromFree(stock.free, stock.buffer),
    };
  });
}

/** The best sellers of each channel, at most `topSkusPerChannelMax` each. */
export function topSellers(selling: readonly SellingSku[]): SellingSku[] {
  const shown = new Map<string, number>();
  return selling.filter((sku) => {
    const count = shown.get(sku.channel) ?? 0;
    shown.set(sku.channel, count + 1);
    return count < limits.topSkusPerChannelMax;
  });
}

/** The SKUs that run out soonest at the rate they sold lately (those already out first). */
export function comingStockouts(selling: readonly SellingSku[]): Stockout[] {
  return selling
    .filter((sku) => sku.unitsPerHour > 0)
    .map((sku) => ({
      channel: sku.channel,
      sku: sku.sku,
      name: sku.name,
      available: sku.available,
      units_per_hour: sku.unitsPerHour,
      minutes_to_stockout: Math.floor((sku.available * 60) / sku.unitsPerHour),
    }))
    .sort((a, b) => a.minutes_to_stockout - b.minutes_to_stockout || b.units_per_hour - a.units_per_hour)
    .slice(0, limits.stockoutsListedMax);
}

/**
 * Orders placed per minute of this hour one week ago, from the orders table, so that a shop's
 * history counts (the demo's too).
 */
export async function sameHourLastWeek(ctx: AppContext): Promise<PerMinute> {
  const fromMs = minuteStart(ctx.clock.now()) - 59 * minuteMs - weekMs;
  const counts = await ctx.store.read.figures.ordersPerMinute(fromMs, fromMs + hourMs);
  return Array.from({ length: 60 }, (_unused, index) => {
    const at = fromMs + index * minuteMs;
    return { at: toIso(at), value: counts.get(at) ?? 0 };
  });
}

/** The figures of the last minute (a sliding one: see `lastWindow`) and the shop's gauges now. */
function nowFigures(series: readonly MinutePoint[], ordersLastWeek: number, waiting: number) {
  const window = lastWindow(series, 1);
  const latest = series.at(-1)!;
  const perMinute = window.seconds === 0 ? 0 : 60 / window.seconds;
  const revenue: Record<string, number> = {};
  for (const [currency, amount] of Object.entries(window.revenueMinor))
    revenue[currency] = Math.round(amount * perMinute);
  return {
    orders_per_min: Math.round(60 * perSecond(window.ordersPlaced, window) * 10) / 10,
    orders_per_min_last_week: ordersLastWeek,
    revenue_per_min_minor: revenue,
    requests_per_s: Math.round(perSecond(window.requests, window) * 10) / 10,
    availability_reads_per_s: Math.round(perSecond(window.availabilityReads, window) * 10) / 10,
    latency_p50_ms: percentileMs(window.latencyBuckets, 0.5),
    latency_p99_ms: percentileMs(window.latencyBuckets, 0.99),
    error_rate: shareOf(window.errors, window),
    refusal_rate: shareOf(window.refusals, window),
    intake_queue_length: latest.intakeQueueMax,
    waiting_room_waiting: waiting,
    holds_active: latest.holdsActive,
    skus_sold_out: latest.skusSoldOut,
    outbox_backlog: latest.outboxBacklog,
  };
}

/**
 * Everything the live page shows but the alerts, incidents and switches. This hour's orders come
 * from the figures (cheap to read every second); the sellers and last week's orders are read less
 * often by the caller.
 */
export async function figuresOverview(
  ctx: AppContext,
  selling: readonly SellingSku[],
  lastWeek: PerMinute,
): Promise<
  Omit<
    Overview,
    | 'alerts'
    | 'incidents'
    | 'switches'
    | 'payments'
    | 'fulfilment'
    | 'feeds'
    | 'advent'
    | 'backorders'
    | 'returns'
    | 'contacts'
  >
> {
  const now = ctx.clock.now();
  const [series, room] = await Promise.all([
    readSeries(ctx, minuteStart(now) - 59 * minuteMs, now),
    roomView(ctx),
  ]);
  return {
    at: toIso(now),
    now: nowFigures(series, lastWeek.at(-1)?.value ?? 0, room.waiting),
    orders_per_min: {
      this_hour: series.map((point) => ({ at: toIso(point.atMs), value: point.ordersPlaced })),
      same_hour_last_week: lastWeek,
    },
    series: series.map(pointView),
    top_skus: topSellers(selling).map(({ channel, sku, name, units, orders }) => ({
      channel,
      sku,
      name,
      units,
      orders,
    })),
    stockouts: comingStockouts(selling),
  };
}
