/**
 * Segments and selections as stored, and the order history they read: customers' orders summed per
 * channel and currency, units sold per SKU over a period, a category's SKUs. Each is one statement,
 * whatever the number of customers or SKUs.
 */
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database, SegmentTable, SelectionTable } from '../../platform/store/schema.js';
import type { HistoryRow } from '../core/segments.js';

type Db = Kysely<Database>;

export type SegmentRow = Selectable<SegmentTable>;
export type SelectionRow = Selectable<SelectionTable>;

/** A SKU a rule may answer, with what the rule orders and filters it by. */
export interface CandidateRow {
  readonly sku: string;
  readonly name: string;
  readonly category: string | null;
  /** Units sold over the period asked; 0 when none was. */
  readonly unitsSold: number;
}

declare module '../../platform/store/store.js' {
  interface Repos {
    readonly selections: SelectionRepo;
  }
}

/** The sums over a customer's orders that `historyOf` folds; cancelled orders count for nothing. */
const notCancelled = sql`status <> 'cancelled'`;

export class SelectionRepo {
  constructor(private readonly db: Db) {}

  async upsertSegment(row: { code: string; name: string; conditions: string }, now: number): Promise<void> {
    await this.db
      .insertInto('segments')
      .values({ ...row, created_at: now, updated_at: now })
      .onConflict((conflict) =>
        conflict.column('code').doUpdateSet({ name: row.name, conditions: row.conditions, updated_at: now }),
      )
      .execute();
  }

  getSegment(code: string): Promise<SegmentRow | undefined> {
    return this.db.selectFrom('segments').selectAll().where('code', '=', code).executeTakeFirst();
  }

  listSegments(): Promise<SegmentRow[]> {
    return this.db.selectFrom('segments').selectAll().orderBy('code').execute();
  }

  async segmentsByCode(codes: readonly string[]): Promise<Map<string, SegmentRow>> {
    if (codes.length === 0) return new Map();
    const rows = await this.db.selectFrom('segments').selectAll().where('code', 'in', codes).execute();
    return new Map(rows.map((row) => [row.code, row]));
  }

  async upsertSelection(
    row: { code: string; name: string; channel_code: string; entries: string },
    now: number,
  ): Promise<void> {
    const { code: _code, ...changed } = row;
    await this.db
      .insertInto('selections')
      .values({ ...row, created_at: now, updated_at: now })
      .onConflict((conflict) => conflict.column('code').doUpdateSet({ ...changed, updated_at: now }))
      .execute();
  }

  getSelection(code: string): Promise<SelectionRow | undefined> {
    return this.db.selectFrom('selections').selectAll().where('code', '=', code).executeTakeFirst();
  }

  /** The selection with its channel's currency, in one statement: the first read of a banner. */
  selectionToRead(code: string): Promise<(SelectionRow & { currency: string }) | undefined> {
    return this.db
      .selectFrom('selections')
      .innerJoin('channels', 'channels.code', 'selections.channel_code')
      .selectAll('selections')
      .select('channels.currency')
      .where('selections.code', '=', code)
      .executeTakeFirst();
  }

  listSelections(): Promise<SelectionRow[]> {
    return this.db.selectFrom('selections').selectAll().orderBy('code').execute();
  }

  async count(table: 'segments' | 'selections'): Promise<number> {
    const row = await this.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  private historyQuery() {
    return this.db
      .selectFrom('orders')
      .select([
        'channel_code',
        'currency',
        sql<number | string>`sum(case when ${notCancelled} then 1 else 0 end)`.as('orders'),
        sql<number | string>`sum(case when ${notCancelled} then total_minor else 0 end)`.as('spend'),
        sql<number | string | null>`max(case when ${notCancelled} then created_at end)`.as('last_at'),
      ]);
  }

  /** One customer's orders summed per channel and currency; `email` is normalised already. */
  async customerHistory(email: string): Promise<HistoryRow[]> {
    // Through the index on lower(customer_email) the back office finds a customer's orders by.
    const rows = await this.historyQuery()
      .where(sql`lower(customer_email)`, '=', email)
      .groupBy(['channel_code', 'currency'])
      .execute();
    return rows.map(historyRow);
  }

  /** Every customer who ever ordered, by normalised email, their orders summed per channel and currency. */
  async everyCustomerHistory(): Promise<Map<string, HistoryRow[]>> {
    const email = sql<string>`lower(customer_email)`;
    const rows = await this.historyQuery()
      .select(email.as('email'))
      .groupBy([email, 'channel_code', 'currency'])
      .execute();
    const result = new Map<string, HistoryRow[]>();
    for (const row of rows) {
      const customer = result.get(row.email) ?? [];
      customer.push(historyRow(row));
      result.set(row.email, customer);
    }
    return result;
  }

  /**
   * The SKUs sold on a channel since `sinceMs` (orders not cancelled), most units first then by
   * code, of a category when one is given: the first `limit`.
   */
  async bestSellers(options: {
    channel: string;
    sinceMs: number;
    category: string | undefined;
    limit: number;
  }): Promise<CandidateRow[]> {
    let query = this.db
      .selectFrom('order_lines as l')
      .innerJoin('orders as o', 'o.id', 'l.order_id')
      .innerJoin('skus as s', 's.sku', 'l.sku')
      .select(['l.sku', 's.name', 's.category', (eb) => eb.fn.sum<number | string>('l.quantity').as('units')])
      .where('o.channel_code', '=', options.channel)
      .where('o.created_at', '>=', options.sinceMs)
      .where('o.status', '<>', 'cancelled')
      .groupBy(['l.sku', 's.name', 's.category'])
      .orderBy('units', 'desc')
      .orderBy('l.sku')
      .limit(options.limit);
    if (options.category !== undefined) query = query.where('s.category', '=', options.category);
    const rows = await query.execute();
    return rows.map((row) => ({
      sku: row.sku,
      name: row.name,
      category: row.category,
      unitsSold: Number(row.units),
    }));
  }

  /** SKUs in code order after `afterSku`, of a category when one is given: the next `limit`. */
  async skusInCodeOrder(options: {
    category: string | undefined;
    afterSku: string | undefined;
    limit: number;
  }): Promise<CandidateRow[]> {
    let query = this.db
      .selectFrom('skus')
      .select(['sku', 'name', 'category'])
      .orderBy('sku')
      .limit(options.limit);
    if (options.category !== undefined) query = query.where('category', '=', options.category);
    if (options.afterSku !== undefined) query = query.where('sku', '>', options.afterSku);
    const rows = await query.execute();
    return rows.map((row) => ({ ...row, unitsSold: 0 }));
  }
}

function historyRow(row: {
  channel_code: string;
  currency: string;
  orders: number | string;
  spend: number | string;
  last_at: number | string | null;
}): HistoryRow {
  return {
    channel: row.channel_code,
    currency: row.currency,
    orders: Number(row.orders),
    spendMinor: Number(row.spend),
    lastOrderAtMs: row.last_at === null ? null : Number(row.last_at),
  };
}
