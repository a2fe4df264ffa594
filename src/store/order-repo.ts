/** Orders with their lines, checkout holds, and the idempotency keys that guard order capture. */
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, HoldTable, IdempotencyKeyTable, OrderLineTable, OrderTable } from './schema.js';

type Db = Kysely<Database>;

export type OrderRow = Selectable<OrderTable>;
export type OrderLineRow = Selectable<OrderLineTable>;
export type HoldRow = Selectable<HoldTable>;

export interface OrderFilter {
  readonly status?: string;
  readonly channel?: string;
  readonly createdAfter?: number;
  readonly apiKeyId?: string;
  readonly cursor?: string;
  readonly limit: number;
}

export class OrderRepo {
  constructor(private readonly db: Db) {}

  async insertOrder(
    order: Insertable<OrderTable>,
    lines: readonly Insertable<OrderLineTable>[],
  ): Promise<void> {
    await this.db.insertInto('orders').values(order).execute();
    await this.db.insertInto('order_lines').values(lines).execute();
  }

  getOrder(id: string) {
    return this.db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async linesOf(orderIds: readonly string[]): Promise<Map<string, OrderLineRow[]>> {
    const result = new Map<string, OrderLineRow[]>(orderIds.map((id) => [id, []]));
    if (orderIds.length === 0) return result;
    const rows = await this.db
      .selectFrom('order_lines')
      .selectAll()
      .where('order_id', 'in', orderIds)
      .orderBy('order_id')
      .orderBy('line_no')
      .execute();
    for (const row of rows) result.get(row.order_id)?.push(row);
    return result;
  }

  /** Orders in id order (ids grow with time) after `cursor`. */
  listOrders(filter: OrderFilter) {
    let query = this.db.selectFrom('orders').selectAll().orderBy('id').limit(filter.limit);
    if (filter.cursor !== undefined) query = query.where('id', '>', filter.cursor);
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    if (filter.channel !== undefined) query = query.where('channel_code', '=', filter.channel);
    if (filter.createdAfter !== undefined) query = query.where('created_at', '>', filter.createdAfter);
    if (filter.apiKeyId !== undefined) query = query.where('api_key_id', '=', filter.apiKeyId);
    return query.execute();
  }

  /** Moves an order from one status to another; false when another transaction moved it first. */
  async moveOrder(id: string, from: string, to: string, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('orders')
      .set({ status: to, updated_at: now })
      .where('id', '=', id)
      .where('status', '=', from)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  getIdempotencyKey(scope: string, key: string) {
    return this.db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('scope', '=', scope)
      .where('key', '=', key)
      .executeTakeFirst();
  }

  async insertIdempotencyKey(row: Insertable<IdempotencyKeyTable>): Promise<void> {
    await this.db.insertInto('idempotency_keys').values(row).execute();
  }

  async insertHold(hold: Insertable<HoldTable>): Promise<void> {
    await this.db.insertInto('holds').values(hold).execute();
  }

  getHold(id: string) {
    return this.db.selectFrom('holds').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Moves a hold out of `active`; false when it was no longer active, so stock returns exactly once. */
  async endHold(id: string, to: 'released' | 'expired' | 'consumed'): Promise<boolean> {
    const result = await this.db
      .updateTable('holds')
      .set({ status: to })
      .where('id', '=', id)
      .where('status', '=', 'active')
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /** Ids of active holds past their expiry, oldest first. */
  async expiredHoldIds(now: number, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('holds')
      .select('id')
      .where('status', '=', 'active')
      .where('expires_at', '<=', now)
      .orderBy('expires_at')
      .limit(limit)
      .execute();
    return rows.map((row) => row.id);
  }
}
