/**
 * Counts this process's figures minute by minute and writes its row of the current minute to the
 * store every second: the live page and the alerts of every process read them from there, and
 * they outlive a restart.
 */
import { hostname } from 'node:os';
import { roomView } from '../../intake/index.js';
import { countLiveHolds, countSoldOutSkus } from '../../inventory/index.js';
import type { AppContext } from '../../platform/context.js';
import { limits } from '../../platform/core/limits.js';
import type { MetricMinuteTable } from '../../platform/store/schema.js';
import {
  addCounters,
  bucketOf,
  type MinuteCounters,
  minuteMs,
  minuteStart,
  noCounters,
} from '../core/figures.js';
import { outboxBacklog } from './cursors.js';

/** This process's counts of one minute, changed in place as requests are answered. */
type MinuteCounts = { -readonly [Key in keyof MinuteCounters]: MinuteCounters[Key] } & {
  readonly minuteAtMs: number;
  readonly latencyBuckets: number[];
  readonly revenueMinor: Record<string, number>;
};

/** The shop's own readings, the same from every process. */
interface Gauges {
  readonly waitingRoomWaiting: number;
  readonly holdsActive: number;
  readonly skusSoldOut: number;
  readonly outboxBacklog: number;
}

const noGauges: Gauges = { waitingRoomWaiting: 0, holdsActive: 0, skusSoldOut: 0, outboxBacklog: 0 };

/** Routes whose answers are not requests a buyer waits for: a live stream lasts as long as its page is open. */
const uncountedRoutes = new Set(['/v1/ops/live']);

function newMinute(minuteAtMs: number): MinuteCounts {
  return { ...(noCounters() as MinuteCounts), minuteAtMs };
}

/** Two counts of one minute as one (each makes new buckets and records: nothing is shared). */
function added(a: MinuteCounters, b: MinuteCounts): MinuteCounts {
  return { ...(addCounters(a, b) as MinuteCounts), minuteAtMs: b.minuteAtMs };
}

export class FiguresRecorder {
  /** Names this process's rows; a restarted process writes rows of its own. */
  readonly instance = `${hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  /**
   * What was counted since the last write, per minute. Each write adds it to this process's stored
   * row of that minute (nobody else writes that row): a minute is never lost nor counted twice,
   * whichever way the clock moves.
   */
  private pending = new Map<number, MinuteCounts>();
  private gauges: Gauges = noGauges;
  private gaugesReadAtMs = Number.NEGATIVE_INFINITY;
  private lastPruneMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: AppContext,
    private readonly queueLength: () => number,
  ) {}

  /** One answered request: its route (as declared), status and time in ms. */
  request(route: string, status: number, ms: number): void {
    if (uncountedRoutes.has(route)) return;
    const counts = this.minute();
    counts.requests++;
    if (status >= 500 && status !== 503) counts.errors++;
    if (status === 429 || status === 503) counts.refusals++;
    counts.latencyBuckets[bucketOf(ms)]!++;
    if (route.startsWith('/v1/availability')) counts.availabilityReads++;
    counts.intakeQueueMax = Math.max(counts.intakeQueueMax, this.queueLength());
  }

  orderPlaced(_channel: string, currency: string, totalMinor: number): void {
    const counts = this.minute();
    counts.ordersPlaced++;
    counts.revenueMinor[currency] = (counts.revenueMinor[currency] ?? 0) + totalMinor;
  }

  orderRefused(_reason: string): void {
    this.minute().ordersRefused++;
  }

  /** Writes every second until `stop`; a failed write is reported and its counts kept for the next. */
  start(onError: (error: unknown) => void): void {
    this.timer = setInterval(() => {
      this.flush().catch(onError);
    }, limits.figuresFlushIntervalMs);
    this.timer.unref();
  }

  /** Stops the timer and writes what was counted since the last write. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  /** Reads the shop's gauges and writes the minutes counted; writes never overlap. */
  flush(): Promise<void> {
    const next = this.flushing.then(() => this.write());
    // A failed write must not stop the ones after it.
    this.flushing = next.catch(() => {});
    return next;
  }

  private minute(): MinuteCounts {
    const minuteAtMs = minuteStart(this.ctx.clock.now());
    let counts = this.pending.get(minuteAtMs);
    if (counts === undefined) {
      counts = newMinute(minuteAtMs);
      this.pending.set(minuteAtMs, counts);
    }
    return counts;
  }

  private async write(): Promise<void> {
    const now = this.ctx.clock.now();
    // The current minute is written even when quiet: its row carries the gauges.
    this.minute();
    if (now - this.gaugesReadAtMs >= limits.figuresGaugesIntervalMs) await this.readGauges(now);
    const written = this.pending;
    this.pending = new Map();
    try {
      await this.ctx.store.transaction(async (tx) => {
        for (const counts of written.values()) {
          const stored = await tx.figures.getMinute(counts.minuteAtMs, this.instance);
          await tx.figures.putMinute(this.row(stored === undefined ? counts : added(stored, counts), now));
        }
        if (now - this.lastPruneMs >= limits.figuresPruneIntervalMs) {
          await tx.figures.pruneBefore(now - limits.metricsRetentionDays * 24 * 60 * minuteMs);
          this.lastPruneMs = now;
        }
      });
    } catch (error) {
      for (const counts of written.values()) {
        const later = this.pending.get(counts.minuteAtMs);
        this.pending.set(counts.minuteAtMs, later === undefined ? counts : added(later, counts));
      }
      throw error;
    }
  }

  private async readGauges(now: number): Promise<void> {
    const [room, holdsActive, skusSoldOut, backlog] = await Promise.all([
      roomView(this.ctx),
      countLiveHolds(this.ctx),
      countSoldOutSkus(this.ctx),
      outboxBacklog(this.ctx),
    ]);
    this.gauges = { waitingRoomWaiting: room.waiting, holdsActive, skusSoldOut, outboxBacklog: backlog };
    this.gaugesReadAtMs = now;
  }

  private row(counts: MinuteCounts, now: number): MetricMinuteTable {
    return {
      minute_at: counts.minuteAtMs,
      instance: this.instance,
      requests: counts.requests,
      errors: counts.errors,
      refusals: counts.refusals,
      orders_placed: counts.ordersPlaced,
      orders_refused: counts.ordersRefused,
      availability_reads: counts.availabilityReads,
      latency_buckets: JSON.stringify(counts.latencyBuckets),
      revenue: JSON.stringify(counts.revenueMinor),
      intake_queue_max: counts.intakeQueueMax,
      waiting_room_waiting: this.gauges.waitingRoomWaiting,
      holds_active: this.gauges.holdsActive,
      skus_sold_out: this.gauges.skusSoldOut,
      outbox_backlog: this.gauges.outboxBacklog,
      updated_at: now,
    };
  }
}
