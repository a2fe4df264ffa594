/**
 * Incoming stock: purchase orders with their lines and receipts, the terms of selling SKUs beyond
 * stock, and the queue of order lines waiting for stock.
 */
import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import type { Engine } from '../../platform/store/engine.js';
import type {
  BackorderQueueTable,
  Database,
  PurchaseOrderLineTable,
  PurchaseOrderReceiptTable,
  PurchaseOrderTable,
} from '../../platform/store/schema.js';
import type { BackorderMode, BackorderTerms, IncomingLine } from '../core/backorders.js';
import type { WaitingDelta } from '../core/stock-book.js';
import { StockInvariantError } from '../stock-repo.js';

type Db = Kysely<Database>;
export type PurchaseOrderRow = Selectable<PurchaseOrderTable>;
export type PurchaseOrderLineRow = Selectable<PurchaseOrderLineTable>;
export type ReceiptRow = Selectable<PurchaseOrderReceiptTable>;
export type QueueRow = Selectable<BackorderQueueTable>;

export interface TermsRow {
  readonly sku: string;
  readonly channel_code: string;
  readonly mode: string;
  readonly max_units: number;
  readonly waiting: number;
  readonly release_on: string | null;
  readonly paused: number;
  readonly updated_at: number;
}

export function termsOf(row: TermsRow): BackorderTerms {
  return {
    sku: row.sku,
    channelCode: row.channel_code,
    mode: row.mode as BackorderMode,
    limit: row.max_units,
    waiting: row.waiting,
    releaseOn: row.release_on,
    paused: row.paused === 1,
  };
}

function incomingLine(row: {
  sku: string;
  purchase_order_id: string;
  location_code: string;
  expected_on: string;
  ordered: number;
  received: number;
}): IncomingLine {
  return {
    sku: row.sku,
    purchaseOrderId: row.purchase_order_id,
    locationCode: row.location_code,
    expectedOn: row.expected_on,
    remaining: row.ordered - row.received,
  };
}

export class IncomingRepo {
  constructor(
    private readonly db: Db,
    private readonly engine: Engine,
  ) {}

  /**
   * Every terms row of these SKUs, on every channel, in (SKU, channel) order; locked on PostgreSQL
   * when `lock` (after the stock rows: the order every transaction takes them in).
   */
  async termsOf(skus: readonly string[], lock: boolean): Promise<TermsRow[]> {
    if (skus.length === 0) return [];
    let query = this.db
      .selectFrom('backorder_terms')
      .selectAll()
      .where('sku', 'in', [...new Set(skus)])
      .orderBy('sku')
      .orderBy('channel_code');
    if (lock && this.engine.lockRowsForUpdate) query = query.forUpdate();
    return query.execute();
  }

  getTerms(sku: string, channelCode: string): Promise<TermsRow | undefined> {
    return this.db
      .selectFrom('backorder_terms')
      .selectAll()
      .where('sku', '=', sku)
      .where('channel_code', '=', channelCode)
      .executeTakeFirst();
  }

  /** Sets the terms, keeping the units already waiting under them. */
  async putTerms(row: Omit<TermsRow, 'waiting'>): Promise<void> {
    await this.db
      .insertInto('backorder_terms')
      .values(row)
      .onConflict((conflict) =>
        conflict.columns(['sku', 'channel_code']).doUpdateSet({
          mode: row.mode,
          max_units: row.max_units,
          release_on: row.release_on,
          paused: row.paused,
          updated_at: row.updated_at,
        }),
      )
      .execute();
  }

  async deleteTerms(sku: string, channelCode: string): Promise<void> {
    await this.db
      .deleteFrom('backorder_terms')
      .where('sku', '=', sku)
      .where('channel_code', '=', channelCode)
      .execute();
  }

  listTerms(after: { sku: string; channel: string } | undefined, limit: number): Promise<TermsRow[]> {
    let query = this.db
      .selectFrom('backorder_terms')
      .selectAll()
      .orderBy('sku')
      .orderBy('channel_code')
      .limit(limit);
    if (after !== undefined)
      query = query.where((eb) =>
        eb.or([
          eb('sku', '>', after.sku),
          eb.and([eb('sku', '=', after.sku), eb('channel_code', '>', after.channel)]),
        ]),
      );
    return query.execute();
  }

  /**
   * Applies changes to the units waiting in place (`waiting = waiting + d`), each within its limit,
   * or the transaction fails: the second guard of the promise, after the core's decision.
   */
  async applyWaitingDeltas(deltas: readonly WaitingDelta[]): Promise<void> {
    for (const delta of deltas) {
      const result = await this.db
        .updateTable('backorder_terms')
        .set({ waiting: sql`waiting + ${delta.delta}` })
        .where('sku', '=', delta.sku)
        .where('channel_code', '=', delta.channelCode)
        .where(sql<boolean>`waiting + ${delta.delta} between 0 and max_units`)
        .executeTakeFirst();
      if (result.numUpdatedRows !== 1n)
        throw new StockInvariantError(
          `units waiting refused by the database: ${delta.delta} for ${delta.sku} on ${delta.channelCode}`,
        );
    }
  }

  /** What open purchase orders still bring of these SKUs, line by line. */
  async incomingOf(skus: readonly string[]): Promise<IncomingLine[]> {
    if (skus.length === 0) return [];
    const rows = await this.db
      .selectFrom('purchase_order_lines as l')
      .innerJoin('purchase_orders as p', 'p.id', 'l.purchase_order_id')
      .select(['l.sku', 'l.purchase_order_id', 'p.location_code', 'p.expected_on', 'l.ordered', 'l.received'])
      .where('l.sku', 'in', [...new Set(skus)])
      .where('p.status', '=', 'open')
      .whereRef('l.received', '<', 'l.ordered')
      .execute();
    return rows.map(incomingLine);
  }

  /** What open purchase orders still bring of these SKUs to the locations that ship for a channel. */
  async incomingForChannel(channelCode: string, skus: readonly string[]): Promise<IncomingLine[]> {
    if (skus.length === 0) return [];
    const rows = await this.db
      .selectFrom('purchase_order_lines as l')
      .innerJoin('purchase_orders as p', 'p.id', 'l.purchase_order_id')
      .innerJoin('location_channels as lc', (join) =>
        join.onRef('lc.location_code', '=', 'p.location_code').on('lc.channel_code', '=', channelCode),
      )
      .select(['l.sku', 'l.purchase_order_id', 'p.location_code', 'p.expected_on', 'l.ordered', 'l.received'])
      .where('l.sku', 'in', [...new Set(skus)])
      .where('p.status', '=', 'open')
      .whereRef('l.received', '<', 'l.ordered')
      .execute();
    return rows.map(incomingLine);
  }

  async insertPurchaseOrder(
    order: Insertable<PurchaseOrderTable>,
    lines: readonly Insertable<PurchaseOrderLineTable>[],
  ): Promise<void> {
    await this.db.insertInto('purchase_orders').values(order).execute();
    await this.db.insertInto('purchase_order_lines').values(lines).execute();
  }

  /** A purchase order, locked on PostgreSQL when `lock` (first: before any stock row). */
  async getPurchaseOrder(id: string, lock = false): Promise<PurchaseOrderRow | undefined> {
    let query = this.db.selectFrom('purchase_orders').selectAll().where('id', '=', id);
    if (lock && this.engine.lockRowsForUpdate) query = query.forUpdate();
    return query.executeTakeFirst();
  }

  async linesOf(ids: readonly string[]): Promise<Map<string, PurchaseOrderLineRow[]>> {
    const result = new Map<string, PurchaseOrderLineRow[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return result;
    const rows = await this.db
      .selectFrom('purchase_order_lines')
      .selectAll()
      .where('purchase_order_id', 'in', ids)
      .orderBy('purchase_order_id')
      .orderBy('line_no')
      .execute();
    for (const row of rows) result.get(row.purchase_order_id)!.push(row);
    return result;
  }

  listPurchaseOrders(filter: {
    status?: string;
    sku?: string;
    afterId?: string;
    limit: number;
  }): Promise<PurchaseOrderRow[]> {
    let query = this.db.selectFrom('purchase_orders').selectAll().orderBy('id').limit(filter.limit);
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    if (filter.afterId !== undefined) query = query.where('id', '>', filter.afterId);
    if (filter.sku !== undefined) {
      const sku = filter.sku;
      query = query.where('id', 'in', (eb) =>
        eb.selectFrom('purchase_order_lines').select('purchase_order_id').where('sku', '=', sku),
      );
    }
    return query.execute();
  }

  async addReceived(
    purchaseOrderId: string,
    lines: readonly { sku: string; quantity: number }[],
    now: number,
  ) {
    await this.db
      .updateTable('purchase_orders')
      .set({ updated_at: now })
      .where('id', '=', purchaseOrderId)
      .execute();
    for (const line of lines) {
      await this.db
        .updateTable('purchase_order_lines')
        .set({ received: sql`received + ${line.quantity}` })
        .where('purchase_order_id', '=', purchaseOrderId)
        .where('sku', '=', line.sku)
        .execute();
    }
  }

  /** Moves a purchase order from one status to another; false when it was not in `from`. */
  async moveStatus(id: string, from: string, to: string, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('purchase_orders')
      .set({ status: to, updated_at: now })
      .where('id', '=', id)
      .where('status', '=', from)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  async setExpectedOn(id: string, expectedOn: string, now: number): Promise<void> {
    await this.db
      .updateTable('purchase_orders')
      .set({ expected_on: expectedOn, updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  async insertReceipt(row: Insertable<PurchaseOrderReceiptTable>): Promise<void> {
    await this.db.insertInto('purchase_order_receipts').values(row).execute();
  }

  receiptsOf(purchaseOrderId: string): Promise<ReceiptRow[]> {
    return this.db
      .selectFrom('purchase_order_receipts')
      .selectAll()
      .where('purchase_order_id', '=', purchaseOrderId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  receiptByNote(purchaseOrderId: string, deliveryNote: string): Promise<ReceiptRow | undefined> {
    return this.db
      .selectFrom('purchase_order_receipts')
      .selectAll()
      .where('purchase_order_id', '=', purchaseOrderId)
      .where('delivery_note', '=', deliveryNote)
      .executeTakeFirst();
  }

  /** The numbers of these orders, by id: how a receipt names the orders it served. */
  async orderNumbers(orderIds: readonly string[]): Promise<Map<string, string>> {
    if (orderIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('orders')
      .select(['id', 'number'])
      .where('id', 'in', [...new Set(orderIds)])
      .execute();
    return new Map(rows.map((row) => [row.id, row.number]));
  }

  /** The order lines waiting for these SKUs, first come first served; locked when `lock`. */
  async queueOf(skus: readonly string[], lock: boolean): Promise<QueueRow[]> {
    if (skus.length === 0) return [];
    let query = this.db
      .selectFrom('backorder_queue')
      .selectAll()
      .where('sku', 'in', [...new Set(skus)])
      .orderBy('id');
    if (lock && this.engine.lockRowsForUpdate) query = query.forUpdate();
    return query.execute();
  }

  queueOfOrder(orderId: string): Promise<QueueRow[]> {
    return this.db
      .selectFrom('backorder_queue')
      .selectAll()
      .where('order_id', '=', orderId)
      .orderBy('id')
      .execute();
  }

  async enqueue(rows: readonly Insertable<BackorderQueueTable>[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.insertInto('backorder_queue').values(rows).execute();
  }

  /** Takes served units off their waiting lines; a line served whole leaves the queue. */
  async serve(served: readonly { id: number; quantity: number }[]): Promise<void> {
    for (const line of served) {
      // One of the two applies: deleted first, as the update could leave exactly `quantity`.
      await this.db
        .deleteFrom('backorder_queue')
        .where('id', '=', line.id)
        .where('waiting', '=', line.quantity)
        .execute();
      await this.db
        .updateTable('backorder_queue')
        .set({ waiting: sql`waiting - ${line.quantity}` })
        .where('id', '=', line.id)
        .where('waiting', '>', line.quantity)
        .execute();
    }
  }

  async dequeueOrder(orderId: string): Promise<void> {
    await this.db.deleteFrom('backorder_queue').where('order_id', '=', orderId).execute();
  }

  /** New expected dates of waiting lines; `delayedAt` is kept once set, set when first found delayed. */
  async replan(changes: readonly { id: number; expectedOn: string | null; delayedAt: number | null }[]) {
    for (const change of changes) {
      await this.db
        .updateTable('backorder_queue')
        .set({
          expected_on: change.expectedOn,
          delayed_at: change.delayedAt === null ? null : sql`coalesce(delayed_at, ${change.delayedAt})`,
        })
        .where('id', '=', change.id)
        .execute();
    }
  }

  /** Waiting lines with their order, first come first served; only the delayed ones when asked. */
  listQueue(filter: { sku?: string; orderId?: string; delayed?: boolean; afterId?: number; limit: number }) {
    let query = this.db
      .selectFrom('backorder_queue as q')
      .innerJoin('orders as o', 'o.id', 'q.order_id')
      .select([
        'q.id',
        'q.order_id',
        'o.number',
        'o.status',
        'q.line_no',
        'q.sku',
        'q.channel_code',
        'q.waiting',
        'q.promised_on',
        'q.expected_on',
        'q.delayed_at',
        'q.created_at',
      ])
      .orderBy('q.id')
      .limit(filter.limit);
    if (filter.sku !== undefined) query = query.where('q.sku', '=', filter.sku);
    if (filter.orderId !== undefined) query = query.where('q.order_id', '=', filter.orderId);
    if (filter.delayed === true) query = query.where('q.delayed_at', 'is not', null);
    if (filter.afterId !== undefined) query = query.where('q.id', '>', filter.afterId);
    return query.execute();
  }

  /** Order lines waiting for stock, for the figures. */
  async countWaiting(): Promise<number> {
    const row = await this.db
      .selectFrom('backorder_queue')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /** Waiting lines behind their promise, for the figures and the alert on them. */
  async countDelayed(): Promise<number> {
    const row = await this.db
      .selectFrom('backorder_queue')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('delayed_at', 'is not', null)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /** SKUs with waiting lines that may be behind: expected before `today`, or on a purchase order past its date. */
  async skusToReplan(today: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('backorder_queue')
      .select('sku')
      .distinct()
      .where((eb) =>
        eb.or([
          eb('expected_on', '<', today),
          eb(
            'sku',
            'in',
            eb
              .selectFrom('purchase_order_lines as l')
              .innerJoin('purchase_orders as p', 'p.id', 'l.purchase_order_id')
              .select('l.sku')
              .where('p.status', '=', 'open')
              .where('p.expected_on', '<', today),
          ),
        ]),
      )
      .execute();
    return rows.map((row) => row.sku);
  }
}

declare module '../../platform/store/store.js' {
  interface Repos {
    readonly incoming: IncomingRepo;
  }
}
