/** The operations room's reads and writes: figures per minute and process, recent sales, outbox consumers. */
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database, MetricMinuteTable } from '../../platform/store/schema.js';
import type { MinutePoint } from '../core/figures.js';

/** What the figures of one minute read back as, before the processes' rows are merged. */
export type StoredMinute = Omit<MinutePoint, 'coveredS'>;

export interface SkuSales {
  readonly channel: string;
  readonly sku: string;
  readonly name: string;
  readonly units: number;
  readonly orders: number;
}

function storedMinute(row: Selectable<MetricMinuteTable>): StoredMinute {
  return {
    atMs: Number(row.minute_at),
    requests: Number(row.requests),
    errors: Number(row.errors),
    refusals: Number(row.refusals),
    ordersPlaced: Number(row.orders_placed),
    ordersRefused: Number(row.orders_refused),
    availabilityReads: Number(row.availability_reads),
    latencyBuckets: JSON.parse(row.latency_buckets) as number[],
    revenueMinor: JSON.parse(row.revenue) as Record<string, number>,
    intakeQueueMax: Number(row.intake_queue_max),
    waitingRoomWaiting: Number(row.waiting_room_waiting),
    holdsActive: Number(row.holds_active),
    skusSoldOut: Number(row.skus_sold_out),
    outboxBacklog: Number(row.outbox_backlog),
  };
}

export class FiguresRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Writes a process's figures of a minute as they stand now, replacing what it wrote before. */
  async putMinute(row: MetricMinuteTable): Promise<void> {
    const { minute_at: _minute, instance: _instance, ...figures } = row;
    await this.db
      .insertInto('metric_minutes')
      .values(row)
      .onConflict((conflict) => conflict.columns(['minute_at', 'instance']).doUpdateSet(figures))
      .execute();
  }

  /** One process's row of one minute. */
  async getMinute(minuteAtMs: number, instance: string): Promise<StoredMinute | undefined> {
    const row = await this.db
      .selectFrom('metric_minutes')
      .selectAll()
      .where('minute_at', '=', minuteAtMs)
      .where('instance', '=', instance)
      .executeTakeFirst();
    return row === undefined ? undefined : storedMinute(row);
  }

  async minutesBetween(fromMs: number, toMs: number): Promise<StoredMinute[]> {
    const rows = await this.db
      .selectFrom('metric_minutes')
      .selectAll()
      .where('minute_at', '>=', fromMs)
      .where('minute_at', '<=', toMs)
      .orderBy('minute_at')
      .execute();
    return rows.map(storedMinute);
  }

  /** Forgets the figures of minutes before `beforeMs`. */
  async pruneBefore(beforeMs: number): Promise<void> {
    await this.db.deleteFrom('metric_minutes').where('minute_at', '<', beforeMs).execute();
  }

  /** Orders placed per minute start in [fromMs, toMs), counted from the orders themselves. */
  async ordersPerMinute(fromMs: number, toMs: number): Promise<Map<number, number>> {
    const minute = sql<number>`created_at - (created_at % 60000)`;
    const rows = await this.db
      .selectFrom('orders')
      .select([minute.as('minute_at'), (eb) => eb.fn.countAll<number | string>().as('count')])
      .where('created_at', '>=', fromMs)
      .where('created_at', '<', toMs)
      .groupBy(minute)
      .execute();
    return new Map(rows.map((row) => [Number(row.minute_at), Number(row.count)]));
  }

  /**
   * Units of each SKU sold per channel among the newest orders since `sinceMs` (at most
   * `ordersMax` of them, cancelled ones left out), best first, and the instant of the oldest order
   * read: the time those sales took. Bounded whatever the traffic: a peak's last 15 minutes may
   * hold 100,000 orders, and this is read again every few seconds.
   */
  async recentSales(
    sinceMs: number,
    ordersMax: number,
  ): Promise<{ sales: SkuSales[]; ordersRead: number; oldestMs: number | null }> {
    const recent = this.db
      .selectFrom('orders')
      .select(['id', 'channel_code', 'created_at'])
      .where('created_at', '>=', sinceMs)
      .where('status', '!=', 'cancelled')
      // The index on (created_at, id) serves this order; ids break ties between orders of one instant.
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(ordersMax)
      .as('recent');
    const [rows, span] = await Promise.all([
      this.db
        .selectFrom(recent)
        .innerJoin('order_lines', 'order_lines.order_id', 'recent.id')
        .innerJoin('skus', 'skus.sku', 'order_lines.sku')
        .select((eb) => [
          'recent.channel_code as channel',
          'order_lines.sku as sku',
          'skus.name as name',
          eb.fn.sum<number | string>('order_lines.quantity').as('units'),
          eb.fn.count<number | string>('recent.id').as('orders'),
        ])
        .groupBy(['recent.channel_code', 'order_lines.sku', 'skus.name'])
        .orderBy('units', 'desc')
        .orderBy('order_lines.sku')
        .execute(),
      this.db
        .selectFrom(recent)
        .select((eb) => [
          eb.fn.min<number | string | null>('recent.created_at').as('oldest'),
          eb.fn.countAll<number | string>().as('count'),
        ])
        .executeTakeFirst(),
    ]);
    return {
      sales: rows.map((row) => ({ ...row, units: Number(row.units), orders: Number(row.orders) })),
      ordersRead: Number(span?.count ?? 0),
      oldestMs: span?.oldest === null || span?.oldest === undefined ? null : Number(span.oldest),
    };
  }

  /** Records where a consumer of the outbox has got to. */
  async putCursor(name: string, position: number, now: number): Promise<void> {
    await this.db
      .insertInto('event_cursors')
      .values({ name, position, updated_at: now })
      .onConflict((conflict) => conflict.column('name').doUpdateSet({ position, updated_at: now }))
      .execute();
  }

  async listCursors() {
    const rows = await this.db.selectFrom('event_cursors').selectAll().orderBy('name').execute();
    return rows.map((row) => ({
      ...row,
      position: Number(row.position),
      updated_at: Number(row.updated_at),
    }));
  }

  /** The position of the consumer furthest behind; undefined without consumers. */
  async slowestCursor(): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('event_cursors')
      .select((eb) => eb.fn.min<number | string | null>('position').as('position'))
      .executeTakeFirst();
    return row?.position === null || row?.position === undefined ? undefined : Number(row.position);
  }
}

declare module '../../platform/store/store.js' {
  /** This part's repository in every transaction's bundle. */
  interface Repos {
    readonly figures: FiguresRepo;
  }
}
