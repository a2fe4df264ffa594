/**
 * The operations room of one process: the overview every live page of it shares (read at most
 * once per `overviewCacheMs`), and what the alert rules are evaluated on.
 */

import { adventParticipation } from '../campaigns/index.js';
import { listFeeds } from '../channels/index.js';
import { countDelayedBackorders, countWaitingLines, listWaitingLines } from '../inventory/index.js';
import { type AppContext, toIso } from '../platform/context.js';
import { limits } from '../platform/core/limits.js';
import type { SaleCheck } from '../pricing/contract.js';
import type { ReturnsRoom } from '../returns/contract.js';
import { returnsRoom } from '../returns/index.js';
import { listAlerts } from './alerts/alerts.js';
import { contactsRoom } from './contacts/contacts.js';
import type { Overview, PerMinute } from './contract.js';
import { type AlertInputs, paymentFailureRate } from './core/alerts.js';
import { minuteMs, minuteStart } from './core/figures.js';
import {
  figuresOverview,
  readSeries,
  type SellingSku,
  sameHourLastWeek,
  sellingSkus,
  topSellers,
} from './figures/figures.js';
import { listIncidents } from './incidents/incidents.js';
import { switchesView } from './switches/switches.js';

/** The order lines waiting for stock, and the first of those a late or short purchase order made late. */
async function backordersOverview(ctx: AppContext): Promise<Overview['backorders']> {
  const [waiting, delayed, listed] = await Promise.all([
    countWaitingLines(ctx),
    countDelayedBackorders(ctx),
    listWaitingLines(ctx, { delayed: true, limit: limits.delayedLinesListedMax }),
  ]);
  return { waiting_lines: waiting, delayed_lines: delayed, delayed_line_list: listed.data };
}

async function readOverview(
  ctx: AppContext,
  selling: readonly SellingSku[],
  lastWeek: PerMinute,
  returns: Promise<ReturnsRoom>,
): Promise<Overview> {
  const windowMinutes = limits.paymentFailureWindowMinutes;
  const nowMs = ctx.clock.now();
  const [
    figures,
    alerts,
    incidents,
    switches,
    paymentMinutes,
    warehouse,
    short,
    feeds,
    advent,
    backorders,
    returnsNow,
    contacts,
  ] = await Promise.all([
    figuresOverview(ctx, selling, lastWeek),
    listAlerts(ctx, { status: 'firing', limit: 50 }),
    listIncidents(ctx, { status: 'open', limit: 50 }),
    switchesView(ctx),
    ctx.store.read.payments.attemptsPerMinute(nowMs - windowMinutes * minuteMs),
    ctx.store.read.shipments.fulfilmentFigures(nowMs, limits.exceptionsListedMax),
    ctx.store.read.orders.shortOrders(limits.exceptionsListedMax),
    listFeeds(ctx),
    adventParticipation(ctx),
    backordersOverview(ctx),
    returns,
    contactsRoom(ctx),
  ]);
  const lags = feeds.data.flatMap((feed) => (feed.lag.p99_ms === null ? [] : [feed.lag.p99_ms]));
  const backlog = {
    under_1h: warehouse.backlog.get('under_1h') ?? 0,
    from_1h_to_4h: warehouse.backlog.get('from_1h_to_4h') ?? 0,
    from_4h_to_24h: warehouse.backlog.get('from_4h_to_24h') ?? 0,
    over_24h: warehouse.backlog.get('over_24h') ?? 0,
  };
  const { failures, attempts, rate } = paymentFailureRate(paymentMinutes, windowMinutes, nowMs);
  return {
    ...figures,
    payments: { failure_rate: rate, failures, attempts, window_minutes: windowMinutes },
    fulfilment: {
      backlog,
      backlog_total: Object.values(backlog).reduce((sum, count) => sum + count, 0),
      packed_last_hour: warehouse.packedLastHour,
      exceptions: warehouse.exceptionCount,
      exception_shipments: warehouse.exceptions.map((row) => ({
        id: row.id,
        order_id: row.order_id,
        location: row.location_code,
        since: toIso(row.updated_at),
      })),
      short_orders: short.count,
      short_order_list: short.rows.map((row) => ({
        id: row.id,
        number: row.number,
        short_units: row.short_units,
        since: toIso(row.updated_at),
      })),
    },
    feeds: {
      lag_p99_ms: lags.length === 0 ? null : Math.max(...lags),
      channels: feeds.data.map((feed) => ({
        channel: feed.channel,
        paused: feed.paused,
        lag_p99_ms: feed.lag.p99_ms,
        lag_max_ms: feed.lag.max_ms,
        changes: feed.lag.changes,
        backlog: feed.backlog,
        failures: feed.failures,
        last_error: feed.last_error,
      })),
    },
    alerts: alerts.data,
    incidents: incidents.data,
    switches,
    advent,
    backorders,
    returns: returnsNow,
    contacts,
  };
}

/** A value read again once older than `maxAgeMs`; callers arriving during a read share it. */
class Cached<T> {
  private value: Promise<T> | undefined;
  private readAtMs = 0;

  constructor(
    private readonly ctx: AppContext,
    private readonly maxAgeMs: number,
    private readonly load: () => Promise<T>,
  ) {}

  get(): Promise<T> {
    const now = this.ctx.clock.now();
    if (this.value === undefined || now - this.readAtMs >= this.maxAgeMs) {
      this.readAtMs = now;
      const loading = this.load();
      // A failed read is not kept: the next caller tries again.
      loading.catch(() => {
        if (this.value === loading) this.value = undefined;
      });
      this.value = loading;
    }
    return this.value;
  }
}

export class OpsRoom {
  private readonly selling: Cached<SellingSku[]>;
  /** Last week's hour moves on once a minute: read again at that pace. */
  private readonly lastWeek: Cached<PerMinute>;
  private readonly returns: Cached<ReturnsRoom>;
  private readonly overviewCache: Cached<Overview>;

  constructor(private readonly ctx: AppContext) {
    this.selling = new Cached(ctx, limits.sellersRefreshMs, () => sellingSkus(ctx));
    this.lastWeek = new Cached(ctx, minuteMs, () => sameHourLastWeek(ctx));
    this.returns = new Cached(ctx, limits.returnsRoomRefreshMs, () => returnsRoom(ctx));
    this.overviewCache = new Cached(ctx, limits.overviewCacheMs, async () => {
      const [selling, lastWeek] = await Promise.all([this.selling.get(), this.lastWeek.get()]);
      return readOverview(ctx, selling, lastWeek, this.returns.get());
    });
  }

  overview(): Promise<Overview> {
    return this.overviewCache.get();
  }

  /** The last `alertSeriesMinutes` minutes and the best sellers, as the alert rules read them. */
  async alertInputs(): Promise<AlertInputs> {
    const nowMs = this.ctx.clock.now();
    const fromMs = nowMs - (limits.alertSeriesMinutes - 1) * minuteMs;
    const [series, selling, running, paymentMinutes, promoCodeUses, delayedBackorderLines, contactMinutes] =
      await Promise.all([
        readSeries(this.ctx, fromMs, nowMs),
        this.selling.get(),
        this.ctx.store.read.pricing.runningSaleChecks(nowMs),
        this.ctx.store.read.payments.attemptsPerMinute(minuteStart(fromMs)),
        this.ctx.store.read.promoCodes.usesPerMinute(minuteStart(fromMs)),
        countDelayedBackorders(this.ctx),
        this.ctx.store.read.contacts.perMinute(minuteStart(fromMs), nowMs + 1),
      ]);
    const topSkus = topSellers(selling).map(({ channel, sku, units, available }) => ({
      channel,
      sku,
      units,
      available,
    }));
    const failingSales = running
      .map((sale) => ({
        id: sale.id,
        name: sale.name,
        problems: (JSON.parse(sale.check_result) as SaleCheck).problems.length,
      }))
      .filter((sale) => sale.problems > 0);
    const promoCodeMinutes = promoCodeUses.map(({ code, minuteMs: atMs, uses }) => ({ code, atMs, uses }));
    return {
      nowMs,
      series,
      topSkus,
      failingSales,
      paymentMinutes,
      promoCodeMinutes,
      delayedBackorderLines,
      contactMinutes,
    };
  }
}
