/** Orders with their lines, checkout holds, and the idempotency keys that guard order capture. */
import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import { chunks, rowsPerStatement } from '../platform/store/chunks.js';
import type { Engine } from '../platform/store/engine.js';
import type {
  Database,
  HoldTable,
  IdempotencyKeyTable,
  OrderExternalIdTable,
  OrderLineTable,
  OrderTable,
} from '../platform/store/schema.js';
import { externalOrderKey, scopedIdempotencyKey } from './core/order-process.js';

type Db = Kysely<Database>;

export type OrderRow = Selectable<OrderTable>;
export type OrderLineRow = Selectable<OrderLineTable>;
export type HoldRow = Selectable<HoldTable>;

export interface OrderFilter {
  readonly status?: string;
  readonly channel?: string;
  readonly createdAfter?: number;
  readonly apiKeyId?: string;
  /** An order number, or a customer's email whatever its case. */
  readonly search?: string;
  /** Oldest first (the default, for exports that follow new orders) or newest first (a back office). */
  readonly newestFirst?: boolean;
  readonly cursor?: string;
  readonly limit: number;
}

/** A period of creation, one channel or all, less the orders of one status. */
export interface CreatedRange {
  readonly fromMs: number;
  readonly toMs: number;
  readonly channel?: string;
  readonly statusNot: string;
}

/** Where a page of `ordersCreatedIn` ended. */
export interface OrderPosition {
  readonly createdAt: number;
  readonly id: string;
}

export class OrderRepo {
  constructor(
    private readonly db: Db,
    private readonly engine: Engine,
  ) {}

  /** Writes a batch of orders and their lines: two statements, whatever the batch size. */
  async insertOrders(
    orders: readonly Insertable<OrderTable>[],
    lines: readonly Insertable<OrderLineTable>[],
  ): Promise<void> {
    if (orders.length === 0) return;
    await this.db.insertInto('orders').values(orders).execute();
    await this.db.insertInto('order_lines').values(lines).execute();
  }

  /**
   * Writes orders and their lines of any number (an import's, not the peak path's), in statements
   * that stay under both engines' bound-parameter limits.
   */
  async insertManyOrders(
    orders: readonly Insertable<OrderTable>[],
    lines: readonly Insertable<OrderLineTable>[],
  ): Promise<void> {
    if (orders.length === 0) return;
    for (const chunk of chunks(orders, rowsPerStatement(Object.keys(orders[0]!).length)))
      await this.db.insertInto('orders').values(chunk).execute();
    if (lines.length === 0) return;
    for (const chunk of chunks(lines, rowsPerStatement(Object.keys(lines[0]!).length)))
      await this.db.insertInto('order_lines').values(chunk).execute();
  }

  getOrder(id: string) {
    return this.db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The orders of `channel` carrying these external ids (the channel's own references), by external id. */
  async ordersByExternalId(
    channel: string,
    externalIds: readonly string[],
  ): Promise<Map<string, { id: string; status: string }>> {
    const result = new Map<string, { id: string; status: string }>();
    for (const chunk of chunks([...new Set(externalIds)], rowsPerStatement(1))) {
      const rows = await this.db
        .selectFrom('orders')
        .select(['id', 'status', 'external_id'])
        .where('channel_code', '=', channel)
        .where('external_id', 'in', chunk)
        .execute();
      for (const row of rows) result.set(row.external_id!, { id: row.id, status: row.status });
    }
    return result;
  }

  /** Records units an order lost to a location going short (see fulfilment's shortfalls). */
  async addShortUnits(id: string, units: number, now: number): Promise<void> {
    await this.db
      .updateTable('orders')
      .set((eb) => ({ short_units: eb('short_units', '+', units), updated_at: now }))
      .where('id', '=', id)
      .execute();
  }

  /** The order holds all its units again. */
  async clearShortUnits(id: string): Promise<void> {
    await this.db
      .updateTable('orders')
      .set({ short_units: 0 })
      .where('id', '=', id)
      .where('short_units', '>', 0)
      .execute();
  }

  /** Open orders short of units, newest first, and how many there are. */
  async shortOrders(limit: number): Promise<{
    rows: { id: string; number: string; short_units: number; updated_at: number }[];
    count: number;
  }> {
    const open = ['placed', 'paid', 'fulfilling'];
    const [rows, count] = await Promise.all([
      this.db
        .selectFrom('orders')
        .select(['id', 'number', 'short_units', 'updated_at'])
        .where('short_units', '>', 0)
        .where('status', 'in', open)
        .orderBy('updated_at', 'desc')
        .limit(limit)
        .execute(),
      this.db
        .selectFrom('orders')
        .select((eb) => eb.fn.countAll<number | string>().as('count'))
        .where('short_units', '>', 0)
        .where('status', 'in', open)
        .executeTakeFirstOrThrow(),
    ]);
    return { rows, count: Number(count.count) };
  }

  getOrderByNumber(number: string) {
    return this.db.selectFrom('orders').selectAll().where('number', '=', number).executeTakeFirst();
  }

  /**
   * The order, locked until the transaction ends (on PostgreSQL; SQLite has one writer already):
   * what is decided from its status and its payments is decided one transaction at a time.
   */
  lockOrder(id: string) {
    const query = this.db.selectFrom('orders').selectAll().where('id', '=', id);
    return (this.engine.lockRowsForUpdate ? query.forUpdate() : query).executeTakeFirst();
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

  /** Orders in id order (ids grow with time), or its reverse, after `cursor`. */
  listOrders(filter: OrderFilter) {
    const newest = filter.newestFirst === true;
    let query = this.db
      .selectFrom('orders')
      .selectAll()
      .orderBy('id', newest ? 'desc' : 'asc')
      .limit(filter.limit);
    if (filter.cursor !== undefined) query = query.where('id', newest ? '<' : '>', filter.cursor);
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    if (filter.channel !== undefined) query = query.where('channel_code', '=', filter.channel);
    if (filter.createdAfter !== undefined) query = query.where('created_at', '>', filter.createdAfter);
    if (filter.apiKeyId !== undefined) query = query.where('api_key_id', '=', filter.apiKeyId);
    if (filter.search !== undefined) {
      // An email has an @, an order number never: each form uses its own index.
      const search = filter.search.trim();
      query = search.includes('@')
        ? query.where(sql`lower(customer_email)`, '=', search.toLowerCase())
        : query.where('number', '=', search.toUpperCase());
    }
    return query.execute();
  }

  /**
   * Orders created in [`fromMs`, `toMs`) but those of `statusNot`, oldest first (by creation, then
   * id), after `after`: a report's pages, read in step along the `orders_created` index.
   */
  ordersCreatedIn(range: CreatedRange & { readonly after?: OrderPosition; readonly limit: number }) {
    let query = this.createdIn(range)
      .select(['id', 'shipping_address', 'created_at', 'currency'])
      .orderBy('created_at')
      .orderBy('id')
      .limit(range.limit);
    const { after } = range;
    if (after !== undefined)
      query = query.where((eb) =>
        eb(eb.refTuple('created_at', 'id'), '>', eb.tuple(after.createdAt, after.id)),
      );
    return query.execute();
  }

  /**
   * Orders placed in [`fromMs`, `toMs`) (either end open when absent), of one channel or all, oldest
   * first (by creation, then id), after `after`: an export's pages, read along `orders_created`.
   */
  ordersPlacedIn(filter: {
    readonly fromMs?: number;
    readonly toMs?: number;
    readonly channel?: string;
    readonly after?: OrderPosition;
    readonly limit: number;
  }) {
    let query = this.db
      .selectFrom('orders')
      .selectAll()
      .orderBy('created_at')
      .orderBy('id')
      .limit(filter.limit);
    if (filter.fromMs !== undefined) query = query.where('created_at', '>=', filter.fromMs);
    if (filter.toMs !== undefined) query = query.where('created_at', '<', filter.toMs);
    if (filter.channel !== undefined) query = query.where('channel_code', '=', filter.channel);
    const { after } = filter;
    if (after !== undefined)
      query = query.where((eb) =>
        eb(eb.refTuple('created_at', 'id'), '>', eb.tuple(after.createdAt, after.id)),
      );
    return query.execute();
  }

  /** How many orders `ordersCreatedIn` pages through. */
  async countOrdersCreatedIn(range: CreatedRange): Promise<number> {
    const row = await this.createdIn(range)
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  private createdIn(range: CreatedRange) {
    let query = this.db
      .selectFrom('orders')
      .where('created_at', '>=', range.fromMs)
      .where('created_at', '<', range.toMs)
      .where('status', '!=', range.statusNot);
    if (range.channel !== undefined) query = query.where('channel_code', '=', range.channel);
    return query;
  }

  /**
   * Moves an order from one status to another; false when another transaction moved it first. The
   * move to `delivered` stamps `delivered_at`: the return window counts from it.
   */
  async moveOrder(id: string, from: string, to: string, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('orders')
      .set({ status: to, updated_at: now, ...(to === 'delivered' ? { delivered_at: now } : {}) })
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

  /**
   * The recorded keys among `pairs`, keyed by `scope NUL key`. Two plain IN lists use the primary
   * key in one scan (a list of row values is planned as one index probe per pair, tens of ms for a
   * batch); the few rows matching a scope and a key of two different pairs are dropped here.
   */
  async getIdempotencyKeys(pairs: readonly { scope: string; key: string }[]) {
    const result = new Map<string, Selectable<IdempotencyKeyTable>>();
    if (pairs.length === 0) return result;
    const wanted = new Set(pairs.map((pair) => scopedIdempotencyKey(pair.scope, pair.key)));
    const rows = await this.db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('scope', 'in', [...new Set(pairs.map((pair) => pair.scope))])
      .where('key', 'in', [...new Set(pairs.map((pair) => pair.key))])
      .execute();
    for (const row of rows) {
      const scoped = scopedIdempotencyKey(row.scope, row.key);
      if (wanted.has(scoped)) result.set(scoped, row);
    }
    return result;
  }

  /**
   * The recorded answers of orders placed with these channels' external ids, by `externalOrderKey`:
   * a second arrival of a marketplace order answers the first.
   */
  async getExternalIds(
    pairs: readonly { channel: string; externalId: string }[],
  ): Promise<Map<string, string>> {
    const result = new Map<string, string>();
    if (pairs.length === 0) return result;
    const wanted = new Set(pairs.map((pair) => externalOrderKey(pair.channel, pair.externalId)));
    const rows = await this.db
      .selectFrom('order_external_ids as e')
      .innerJoin('idempotency_keys as k', (join) =>
        join.onRef('k.scope', '=', 'e.scope').onRef('k.key', '=', 'e.key'),
      )
      .select(['e.channel_code', 'e.external_id', 'k.response'])
      .where('e.channel_code', 'in', [...new Set(pairs.map((pair) => pair.channel))])
      .where('e.external_id', 'in', [...new Set(pairs.map((pair) => pair.externalId))])
      .execute();
    for (const row of rows) {
      const key = externalOrderKey(row.channel_code, row.external_id);
      if (wanted.has(key)) result.set(key, row.response);
    }
    return result;
  }

  async insertExternalIds(rows: readonly Insertable<OrderExternalIdTable>[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.insertInto('order_external_ids').values(rows).execute();
  }

  async insertIdempotencyKeys(rows: readonly Insertable<IdempotencyKeyTable>[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.insertInto('idempotency_keys').values(rows).execute();
  }

  async insertHolds(holds: readonly Insertable<HoldTable>[]): Promise<void> {
    if (holds.length === 0) return;
    await this.db.insertInto('holds').values(holds).execute();
  }

  /**
   * Reads holds, locking them on PostgreSQL (unless `lock` is false: for a decision that will write
   * nothing), in id order: holds are locked before stock rows, always.
   */
  async lockHolds(ids: readonly string[], lock = true): Promise<Map<string, HoldRow>> {
    if (ids.length === 0) return new Map();
    let query = this.db.selectFrom('holds').selectAll().where('id', 'in', ids).orderBy('id');
    if (lock && this.engine.lockRowsForUpdate) query = query.forUpdate();
    const rows = await query.execute();
    return new Map(rows.map((row) => [row.id, row]));
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

  /**
   * Moves holds out of `active` in one statement, whatever their number; returns how many moved.
   * Meant for holds this transaction already locked (`lockHolds`), so it takes no lock in a new order.
   */
  async endHolds(ids: readonly string[], to: 'released' | 'expired' | 'consumed'): Promise<number> {
    let ended = 0;
    for (const chunk of chunks(ids, rowsPerStatement(1))) {
      const result = await this.db
        .updateTable('holds')
        .set({ status: to })
        .where('id', 'in', chunk)
        .where('status', '=', 'active')
        .executeTakeFirst();
      ended += Number(result.numUpdatedRows);
    }
    return ended;
  }

  async countActiveHolds(): Promise<number> {
    const row = await this.db
      .selectFrom('holds')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    return Number(row.count);
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

  /**
   * The orders whose customer's email, lower-cased, is `customer` or `customer` with a `+tag` in its
   * local part: the candidates of a customer's orders as promo codes know the customer
   * (`customerKey`), which the caller keeps exactly. A rare admin read (a customer's data rights):
   * the `+tag` form reads past the index on lower(customer_email), which only the exact form uses.
   * With `lock`, the rows stay locked until the transaction ends on PostgreSQL: a second erasure of
   * the same customer waits, then finds their orders under their pseudonym, no longer theirs.
   */
  ordersOfCustomerCandidates(customer: string, lock = false): Promise<OrderRow[]> {
    const email = sql<string>`lower(customer_email)`;
    const at = customer.lastIndexOf('@');
    const ordered = this.db.selectFrom('orders').selectAll().orderBy('id');
    const query = lock && this.engine.lockRowsForUpdate ? ordered.forUpdate() : ordered;
    if (at <= 0) return query.where(email, '=', customer).execute();
    // `%` and `_` are LIKE's wildcards and `_` is common in emails: escaped, they match themselves.
    const literal = (text: string) => text.replace(/[\\%_]/g, (character) => `\\${character}`);
    const tagged = `${literal(customer.slice(0, at))}+%${literal(customer.slice(at))}`;
    return query
      .where((eb) => eb.or([eb(email, '=', customer), sql<boolean>`${email} like ${tagged} escape '\\'`]))
      .execute();
  }

  /** Replaces an order's customer and address; nothing else of it changes (its `updated_at` neither). */
  async replaceCustomer(
    id: string,
    customer: Pick<OrderTable, 'customer_email' | 'customer_name' | 'shipping_address'>,
  ): Promise<void> {
    const result = await this.db.updateTable('orders').set(customer).where('id', '=', id).executeTakeFirst();
    if (result.numUpdatedRows !== 1n) throw new Error(`order ${id} to pseudonymise is missing`);
  }

  /** The idempotency keys that placed these orders, with their recorded first answers. */
  async idempotencyKeysOf(orderIds: readonly string[]): Promise<Selectable<IdempotencyKeyTable>[]> {
    const rows: Selectable<IdempotencyKeyTable>[] = [];
    for (const chunk of chunks([...new Set(orderIds)], rowsPerStatement(1)))
      rows.push(
        ...(await this.db
          .selectFrom('idempotency_keys')
          .selectAll()
          .where('order_id', 'in', chunk)
          .execute()),
      );
    return rows;
  }

  /** Replaces the first answer recorded under a key, and the hash a retry's body is compared with. */
  async replaceIdempotencyAnswer(
    scope: string,
    key: string,
    answer: Pick<IdempotencyKeyTable, 'response' | 'request_hash'>,
  ): Promise<void> {
    await this.db
      .updateTable('idempotency_keys')
      .set(answer)
      .where('scope', '=', scope)
      .where('key', '=', key)
      .execute();
  }

  /** The SKUs on these orders' lines. */
  async skusOfOrders(orderIds: readonly string[]): Promise<string[]> {
    if (orderIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('order_lines')
      .select('sku')
      .distinct()
      .where('order_id', 'in', orderIds)
      .execute();
    return rows.map((row) => row.sku);
  }
}

declare module '../platform/store/store.js' {
  /** This part's repository in every transaction's bundle. */
  interface Repos {
    readonly orders: OrderRepo;
  }
}
