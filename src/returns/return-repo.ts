/**
 * Returns as stored: each channel's terms, the returns with their lines, and the sums the returns
 * report reads. Every change of a return is made with its order's row locked by the use case, so the
 * counts it decides on stay true until it commits; the conditional updates and the tables' CHECK
 * constraints hold them again.
 */
import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import { chunks, rowsPerStatement } from '../platform/store/chunks.js';
import type { Engine } from '../platform/store/engine.js';
import type { Database, ReturnLineTable, ReturnPolicyTable, ReturnTable } from '../platform/store/schema.js';
import type { ReturnedUnits } from './core/analytics.js';

type Db = Kysely<Database>;

export type ReturnRow = Selectable<ReturnTable>;
export type ReturnLineRow = Selectable<ReturnLineTable>;
export type ReturnPolicyRow = Selectable<ReturnPolicyTable>;

declare module '../platform/store/store.js' {
  interface Repos {
    readonly returns: ReturnRepo;
  }
}

/**
 * The index of the week an instant falls in, from the weeks' bounds (each week's start, then the
 * last one's end), as SQL: the engines group by it with no notion of the shop's time zone.
 */
function weekOf(column: string, bounds: readonly number[]) {
  const ends = bounds.slice(1, -1);
  if (ends.length === 0) return sql<number>`0`;
  const cases = ends.map((end, index) => sql`when ${sql.ref(column)} < ${end} then ${sql.lit(index)}`);
  return sql<number>`case ${sql.join(cases, sql` `)} else ${sql.lit(ends.length)} end`;
}

export class ReturnRepo {
  constructor(
    private readonly db: Db,
    private readonly engine: Engine,
  ) {}

  getPolicy(channel: string): Promise<ReturnPolicyRow | undefined> {
    return this.db
      .selectFrom('return_policies')
      .selectAll()
      .where('channel_code', '=', channel)
      .executeTakeFirst();
  }

  async putPolicy(row: ReturnPolicyRow): Promise<void> {
    const { channel_code: _channel, ...changed } = row;
    await this.db
      .insertInto('return_policies')
      .values(row)
      .onConflict((conflict) => conflict.column('channel_code').doUpdateSet(changed))
      .execute();
  }

  async insertReturn(
    row: Insertable<ReturnTable>,
    lines: readonly Insertable<ReturnLineTable>[],
  ): Promise<void> {
    await this.db.insertInto('returns').values(row).execute();
    await this.db.insertInto('return_lines').values(lines).execute();
  }

  getReturn(id: string): Promise<ReturnRow | undefined> {
    return this.db.selectFrom('returns').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /**
   * The return, locked until the transaction ends on PostgreSQL: taken after its order's row, as every
   * change of a return is.
   */
  lockReturn(id: string): Promise<ReturnRow | undefined> {
    const query = this.db.selectFrom('returns').selectAll().where('id', '=', id);
    return (this.engine.lockRowsForUpdate ? query.forUpdate() : query).executeTakeFirst();
  }

  returnByKey(orderId: string, idempotencyKey: string): Promise<ReturnRow | undefined> {
    return this.db
      .selectFrom('returns')
      .selectAll()
      .where('order_id', '=', orderId)
      .where('idempotency_key', '=', idempotencyKey)
      .executeTakeFirst();
  }

  /** An order's returns, oldest first. */
  returnsOfOrder(orderId: string): Promise<ReturnRow[]> {
    return this.db.selectFrom('returns').selectAll().where('order_id', '=', orderId).orderBy('id').execute();
  }

  /** The returns of these orders, oldest first. */
  async returnsOfOrders(orderIds: readonly string[]): Promise<ReturnRow[]> {
    const rows: ReturnRow[] = [];
    for (const chunk of chunks([...new Set(orderIds)], rowsPerStatement(1)))
      rows.push(
        ...(await this.db.selectFrom('returns').selectAll().where('order_id', 'in', chunk).execute()),
      );
    return rows.sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Replaces the customer's words on these returns' lines, where they gave any; nothing else changes. */
  async replaceNotes(returnIds: readonly string[], note: string): Promise<void> {
    for (const chunk of chunks([...new Set(returnIds)], rowsPerStatement(1)))
      await this.db
        .updateTable('return_lines')
        .set({ note })
        .where('return_id', 'in', chunk)
        .where('note', 'is not', null)
        .execute();
  }

  async linesOf(returnIds: readonly string[]): Promise<Map<string, ReturnLineRow[]>> {
    const result = new Map<string, ReturnLineRow[]>(returnIds.map((id) => [id, []]));
    for (const chunk of chunks([...new Set(returnIds)], rowsPerStatement(1))) {
      const rows = await this.db
        .selectFrom('return_lines')
        .selectAll()
        .where('return_id', 'in', chunk)
        .orderBy('return_id')
        .orderBy('sku')
        .execute();
      for (const row of rows) result.get(row.return_id)?.push(row);
    }
    return result;
  }

  /** Returns in id order (ids grow with time), newest first, of one status or all, before `cursor`. */
  listReturns(filter: { status?: string; cursor?: string; limit: number }): Promise<ReturnRow[]> {
    let query = this.db.selectFrom('returns').selectAll().orderBy('id', 'desc').limit(filter.limit);
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    if (filter.cursor !== undefined) query = query.where('id', '<', filter.cursor);
    return query.execute();
  }

  /** Moves a return from one status to another with what changes with it; false when it was not in `from`. */
  async moveReturn(
    id: string,
    from: string,
    to: string,
    now: number,
    changes: Partial<
      Pick<
        ReturnRow,
        | 'received_at'
        | 'refunded_at'
        | 'refunded_minor'
        | 'refunded_tax_minor'
        | 'refunded_shipping_minor'
        | 'payment_id'
      >
    > = {},
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('returns')
      .set({ ...changes, status: to, updated_at: now })
      .where('id', '=', id)
      .where('status', '=', from)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /**
   * Adds a receipt's units to a line, in place; false when they would pass what was authorised (the
   * use case checked it under the order's lock: false is a bug).
   */
  async receiveLine(
    returnId: string,
    line: { sku: string; resellable: number; damaged: number; damageReason: string | null },
  ): Promise<boolean> {
    const units = line.resellable + line.damaged;
    const result = await this.db
      .updateTable('return_lines')
      .set((eb) => ({
        received: eb('received', '+', units),
        resellable: eb('resellable', '+', line.resellable),
        damaged: eb('damaged', '+', line.damaged),
        damage_reason: line.damageReason ?? eb.ref('damage_reason'),
      }))
      .where('return_id', '=', returnId)
      .where('sku', '=', line.sku)
      .where((eb) => eb(eb('received', '+', units), '<=', eb.ref('quantity')))
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  async refundLine(
    returnId: string,
    line: { sku: string; units: number; amountMinor: number; taxMinor: number },
  ): Promise<void> {
    await this.db
      .updateTable('return_lines')
      .set({ refunded: line.units, refunded_minor: line.amountMinor, refunded_tax_minor: line.taxMinor })
      .where('return_id', '=', returnId)
      .where('sku', '=', line.sku)
      .execute();
  }

  /** How many returns are in each of these statuses. */
  async countByStatus(statuses: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('returns')
      .select(['status', (eb) => eb.fn.countAll<number | string>().as('count')])
      .where('status', 'in', statuses)
      .groupBy('status')
      .execute();
    return new Map(rows.map((row) => [row.status, Number(row.count)]));
  }

  /** Units delivered in each week of `bounds` (orders cancelled since left out), of one channel or all. */
  async deliveredPerWeek(bounds: readonly number[], channel?: string): Promise<number[]> {
    let inner = this.db
      .selectFrom('orders')
      .innerJoin('order_lines', 'order_lines.order_id', 'orders.id')
      .select([weekOf('orders.delivered_at', bounds).as('week'), 'order_lines.quantity'])
      .where('orders.delivered_at', '>=', bounds[0]!)
      .where('orders.delivered_at', '<', bounds[bounds.length - 1]!)
      .where('orders.status', '!=', 'cancelled');
    if (channel !== undefined) inner = inner.where('orders.channel_code', '=', channel);
    const rows = await this.db
      .selectFrom(inner.as('delivered'))
      .select(['delivered.week', (eb) => eb.fn.sum<number | string>('delivered.quantity').as('units')])
      .groupBy('delivered.week')
      .execute();
    const units = Array.from({ length: bounds.length - 1 }, () => 0);
    for (const row of rows) units[Number(row.week)] = Number(row.units);
    return units;
  }

  /** Units of these SKUs delivered in [`fromMs`, `toMs`), of one channel or all. */
  async deliveredPerSku(
    fromMs: number,
    toMs: number,
    skus: readonly string[],
    channel?: string,
  ): Promise<Map<string, number>> {
    const result = new Map<string, number>();
    for (const chunk of chunks(skus, rowsPerStatement(1) - 4)) {
      let query = this.db
        .selectFrom('orders')
        .innerJoin('order_lines', 'order_lines.order_id', 'orders.id')
        .select(['order_lines.sku', (eb) => eb.fn.sum<number | string>('order_lines.quantity').as('units')])
        .where('orders.delivered_at', '>=', fromMs)
        .where('orders.delivered_at', '<', toMs)
        .where('orders.status', '!=', 'cancelled')
        .where('order_lines.sku', 'in', chunk)
        .groupBy('order_lines.sku');
      if (channel !== undefined) query = query.where('orders.channel_code', '=', channel);
      for (const row of await query.execute()) result.set(row.sku, Number(row.units));
    }
    return result;
  }

  /** Units returned in each week of `bounds` (by when the return was authorised), per SKU and reason. */
  async returnedPerWeek(bounds: readonly number[], channel?: string): Promise<ReturnedUnits[]> {
    let inner = this.db
      .selectFrom('returns')
      .innerJoin('return_lines', 'return_lines.return_id', 'returns.id')
      .select([
        weekOf('returns.created_at', bounds).as('week'),
        'return_lines.sku',
        'return_lines.reason',
        'return_lines.quantity',
        'return_lines.received',
      ])
      .where('returns.created_at', '>=', bounds[0]!)
      .where('returns.created_at', '<', bounds[bounds.length - 1]!)
      .where('returns.status', '!=', 'cancelled');
    if (channel !== undefined) inner = inner.where('returns.channel_code', '=', channel);
    const rows = await this.db
      .selectFrom(inner.as('returned'))
      .select([
        'returned.week',
        'returned.sku',
        'returned.reason',
        (eb) => eb.fn.sum<number | string>('returned.quantity').as('units'),
        (eb) => eb.fn.sum<number | string>('returned.received').as('received'),
      ])
      .groupBy(['returned.week', 'returned.sku', 'returned.reason'])
      .execute();
    return rows.map((row) => ({
      week: Number(row.week),
      sku: row.sku,
      reason: row.reason,
      units: Number(row.units),
      received: Number(row.received),
    }));
  }
}
