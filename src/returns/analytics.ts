/**
 * The returns report over whole weeks of the shop's time zone (Monday to Sunday, ISO weeks), and
 * what the operations room shows of returns. The store sums units per week, SKU and reason; the core
 * makes the rates.
 */
import { DateTime } from 'luxon';
import type { AppContext } from '../platform/context.js';
import { fail, ok, type Result } from '../platform/core/errors.js';
import { limits } from '../platform/core/limits.js';
import { shopDate, shopTimeZone } from '../platform/shop-date.js';
import type { ReturnsAnalytics, ReturnsRoom, WeekFigures } from './contract.js';
import { type ReturnFigures, returnsReport } from './core/analytics.js';

export interface AnalyticsQuery {
  /** `YYYY-MM-DD`: the report starts on the Monday of its week; default: `returnsReportWeeksDefault` weeks before `to`. */
  readonly from?: string;
  /** `YYYY-MM-DD`: the report ends with its week; default: today. */
  readonly to?: string;
  readonly channel?: string;
}

const datePattern = /^\d{4}-\d{2}-\d{2}$/;

function weekStart(date: string): DateTime | undefined {
  const day = DateTime.fromISO(date, { zone: shopTimeZone });
  return datePattern.test(date) && day.isValid ? day.startOf('week') : undefined;
}

function figuresView(figures: ReturnFigures) {
  return {
    delivered: figures.delivered,
    returned: figures.returned,
    received: figures.received,
    rate_bp: figures.rateBp,
  };
}

/** `GET /v1/returns/analytics`: units returned against units delivered, by week, SKU and reason. */
export function returnsAnalytics(ctx: AppContext, query: AnalyticsQuery): Promise<Result<ReturnsAnalytics>> {
  return readReport(ctx, query, limits.returnsReportSkusMax);
}

/** The report listing at most `skusMax` SKUs: the operations room's few, or the report's hundred. */
async function readReport(
  ctx: AppContext,
  query: AnalyticsQuery,
  skusMax: number,
): Promise<Result<ReturnsAnalytics>> {
  const read = ctx.store.read;
  const today = shopDate(ctx.clock.now());
  const lastWeek = weekStart(query.to ?? today);
  if (lastWeek === undefined)
    return fail('validation_failed', `to: ${query.to} is not a date (YYYY-MM-DD).`, {
      field: 'to',
      value: query.to,
    });
  const firstWeek =
    query.from === undefined
      ? lastWeek.minus({ weeks: limits.returnsReportWeeksDefault - 1 })
      : weekStart(query.from);
  if (firstWeek === undefined)
    return fail('validation_failed', `from: ${query.from} is not a date (YYYY-MM-DD).`, {
      field: 'from',
      value: query.from,
    });
  if (firstWeek > lastWeek)
    return fail('validation_failed', `from (${query.from}) is after to (${query.to ?? today}).`, {
      from: query.from,
      to: query.to ?? today,
    });
  // Counted before a week is made: a window of centuries (0001 to 9999) is refused at once, not
  // walked week by week for seconds while every other request waits.
  const weeks = Math.round(lastWeek.diff(firstWeek, 'weeks').weeks) + 1;
  if (weeks > limits.returnsReportWeeksMax) {
    return fail('validation_failed', `A report covers at most ${limits.returnsReportWeeksMax} weeks.`, {
      weeks,
      weeks_max: limits.returnsReportWeeksMax,
    });
  }
  const starts: DateTime[] = [];
  for (let week = firstWeek; week <= lastWeek; week = week.plus({ weeks: 1 })) starts.push(week);
  if (query.channel !== undefined && (await read.catalog.getChannel(query.channel)) === undefined) {
    return fail('unknown_channel', `No channel ${query.channel}.`, { channels: [query.channel] });
  }
  const end = lastWeek.plus({ weeks: 1 });
  const bounds = [...starts, end].map((start) => start.toMillis());
  const [deliveredByWeek, returned] = await Promise.all([
    read.returns.deliveredPerWeek(bounds, query.channel),
    read.returns.returnedPerWeek(bounds, query.channel),
  ]);
  const input = { weeks: starts.length, deliveredByWeek, returned, skusMax };
  // Which SKUs are listed depends on the units returned alone: the deliveries (a scan of the
  // period's order lines per SKU) are read for those only, never for every SKU with a return.
  const skus = returnsReport({ ...input, deliveredBySku: new Map() }).bySku.map((row) => row.sku);
  const [deliveredBySku, names] = await Promise.all([
    read.returns.deliveredPerSku(bounds[0]!, bounds[bounds.length - 1]!, skus, query.channel),
    read.catalog.skusByCode(skus),
  ]);
  const report = returnsReport({ ...input, deliveredBySku });
  return ok({
    from: firstWeek.toFormat('yyyy-LL-dd'),
    to: end.minus({ days: 1 }).toFormat('yyyy-LL-dd'),
    time_zone: shopTimeZone,
    channel: query.channel ?? null,
    totals: figuresView(report.totals),
    by_week: report.byWeek.map((figures, index) => weekView(starts[index]!, figures)),
    by_sku: report.bySku.map((row) => ({
      sku: row.sku,
      name: names.get(row.sku)?.name ?? row.sku,
      ...figuresView(row),
    })),
    skus_more: report.skusMore,
    by_reason: report.byReason.map((row) => ({ reason: row.reason, ...figuresView(row) })),
  });
}

function weekView(start: DateTime, figures: ReturnFigures): WeekFigures {
  return {
    week: start.toFormat("kkkk-'W'WW"),
    starts_on: start.toFormat('yyyy-LL-dd'),
    ...figuresView(figures),
  };
}

/**
 * What the operations room shows of returns: the returns waiting for their parcel and for their
 * refund, and the last weeks' rates (this one last), the weeks after a peak when returns swell,
 * with the SKUs and reasons most returned over them.
 */
export async function returnsRoom(ctx: AppContext): Promise<ReturnsRoom> {
  const lastWeek = DateTime.fromMillis(ctx.clock.now(), { zone: shopTimeZone }).startOf('week');
  const firstWeek = lastWeek.minus({ weeks: limits.returnsRoomWeeks - 1 });
  const [report, counts] = await Promise.all([
    readReport(
      ctx,
      { from: firstWeek.toFormat('yyyy-LL-dd'), to: lastWeek.toFormat('yyyy-LL-dd') },
      limits.returnsRoomTopMax,
    ),
    ctx.store.read.returns.countByStatus(['authorised', 'received']),
  ]);
  if (!report.ok) throw new Error(`the operations room's returns report failed: ${report.message}`);
  const { totals, by_week, by_sku, by_reason } = report.value;
  return {
    awaiting_receipt: counts.get('authorised') ?? 0,
    awaiting_refund: counts.get('received') ?? 0,
    totals,
    weeks: by_week,
    top_skus: by_sku,
    top_reasons: by_reason
      .filter((row) => row.returned > 0)
      .sort((a, b) => b.returned - a.returned)
      .slice(0, limits.returnsRoomTopMax),
  };
}
