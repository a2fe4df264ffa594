/**
 * Counts this process's figures minute by minute and writes its row of the current minute to the
 * store every second: the live page and the alerts of every process read them from there, and
 * they outlive a restart.
 */
import { hostname } from 'node:os';
import { bucketOf, emptyBuckets, minuteMs, minuteStart } from '../core/figures.js';
import { limits } from '../limits.js';
import type { MetricMinuteTable } from '../store/schema.js';
import type { AppContext } from './context.js';
import { roomView } from './waiting-room.js';

interface MinuteCounts {
  readonly minuteAtMs: number;
  requests: number;
  errors: number;
  refusals: number;
  ordersPlaced: number;
  ordersRefused: number;
  availabilityReads: number;
  readonly latencyBuckets: number[];
  readonly revenueMinor: Record<string, number>;
  intakeQueueMax: number;
}

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
  return {
    minuteAtMs,
    requests: 0,
    errors: 0,
    refusals: 0,
    ordersPlaced: 0,
    ordersRefused: 0,
    availabilityReads: 0,
    latencyBuckets: emptyBuckets(),
    revenueMinor: {},
    intakeQueueMax: 0,
  };
}

/** The outbox's last event id less the position of its slowest consumer; 0 without consumers. */
export async function outboxBacklog(ctx: AppContext): Promise<number> {
  const [last, slowest] = await Promise.all([
    ctx.store.read.events.lastEventId(),
    ctx.store.read.figures.slowestCursor(),
  ]);
  return slowest === undefined ? 0 : Math.max(0, last - slowest);
}

export class FiguresRecorder {
  /** Names this process's rows; a restarted process writes rows of its own. */
  readonly instance = `${hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  private current: MinuteCounts;
  /** Minutes that ended since the last write: written once more, whole, at the next. */
  private ended: MinuteCounts[] = [];
  private gauges: Gauges = noGauges;
  private lastPruneMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: AppContext,
    private readonly queueLength: () => number,
  ) {
    this.current = newMinute(minuteStart(ctx.clock.now()));
  }

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

  /** Writes every second until `stop`; a failed write is reported and tried again at the next. */
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
    if (minuteAtMs !== this.current.minuteAtMs) {
      this.ended.push(this.current);
      this.current = newMinute(minuteAtMs);
    }
    return this.current;
  }

  private async write(): Promise<void> {
    const now = this.ctx.clock.now();
    const current = this.minute();
    const [room, holdsActive, skusSoldOut, backlog] = await Promise.all([
      roomView(this.ctx),
      this.ctx.store.read.orders.countActiveHolds(),
      this.ctx.store.read.stock.countSoldOutSkus(),
      outboxBacklog(this.ctx),
    ]);
    this.gauges = { waitingRoomWaiting: room.waiting, holdsActive, skusSoldOut, outboxBacklog: backlog };
    const ended = this.ended;
    const minutes = [...ended, current];
    await this.ctx.store.transaction(async (tx) => {
      for (const counts of minutes) await tx.figures.putMinute(this.row(counts, now));
      if (now - this.lastPruneMs >= limits.figuresPruneIntervalMs) {
        await tx.figures.pruneBefore(now - limits.metricsRetentionDays * 24 * 60 * minuteMs);
        this.lastPruneMs = now;
      }
    });
    // A minute that ended while this write ran is written again, whole, at the next.
    this.ended = this.ended.filter((counts) => !ended.includes(counts));
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
