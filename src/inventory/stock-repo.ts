/** Stock levels per SKU and location, their movement ledger, and the reservations held against them. */
import { type Kysely, sql } from 'kysely';
import { chunks, rowsPerStatement } from '../platform/store/chunks.js';
import type { Engine } from '../platform/store/engine.js';
import type { Database } from '../platform/store/schema.js';
import { type Allocation, type StockDelta, type StockRow, stockKey } from './core/stock-book.js';

type Db = Kysely<Database>;

export interface MovementInput {
  readonly sku: string;
  readonly locationCode: string;
  /** `return`: units a customer sent back; `write_off`: returned units scrapped as damaged. */
  readonly kind: 'receipt' | 'adjustment' | 'shipment' | 'return' | 'write_off';
  readonly quantity: number;
  readonly reference: string | null;
  readonly reason: string | null;
}

/** An unexpected affected-row count means the stock rule would break: roll the transaction back loudly. */
export class StockInvariantError extends Error {}

export class StockRepo {
  constructor(
    private readonly db: Db,
    private readonly engine: Engine,
  ) {}

  /**
   * Reads the stock rows of these SKUs at these locations, locking them on PostgreSQL (unless `lock`
   * is false: for a decision that will write nothing). Rows are always locked in (sku, location)
   * order, so transactions touching overlapping SKUs never deadlock.
   */
  async lockStock(
    skus: readonly string[],
    locationCodes: readonly string[],
    lock = true,
  ): Promise<StockRow[]> {
    if (skus.length === 0 || locationCodes.length === 0) return [];
    let query = this.db
      .selectFrom('stock_levels')
      .select(['sku', 'location_code', 'on_hand', 'reserved'])
      .where('sku', 'in', [...new Set(skus)])
      .where('location_code', 'in', [...new Set(locationCodes)])
      .orderBy('sku')
      .orderBy('location_code');
    if (lock && this.engine.lockRowsForUpdate) query = query.forUpdate();
    const rows = await query.execute();
    return rows.map((row) => ({
      sku: row.sku,
      locationCode: row.location_code,
      onHand: row.on_hand,
      reserved: row.reserved,
    }));
  }

  readStock(sku: string) {
    return this.db
      .selectFrom('stock_levels')
      .select(['location_code', 'on_hand', 'reserved'])
      .where('sku', '=', sku)
      .orderBy('location_code')
      .execute();
  }

  /**
   * Applies deltas in place (`x = x + d`), never writing back a value computed in JavaScript. A new
   * row is created only by stock arriving; any other change must find its row with the rule still
   * true after it, or the transaction fails.
   */
  async applyDeltas(deltas: readonly StockDelta[]): Promise<void> {
    const changes = deltas.filter((delta) => delta.onHandDelta !== 0 || delta.reservedDelta !== 0);
    // Stock arriving may create its row, first; every other change must then find its row (units
    // arriving and reserved at once, for orders waiting for them, are an arrival and then a change).
    const arrivals = changes.filter((delta) => delta.onHandDelta > 0);
    const updates = changes
      .filter((delta) => delta.onHandDelta < 0 || delta.reservedDelta !== 0)
      .map((delta) => (delta.onHandDelta > 0 ? { ...delta, onHandDelta: 0 } : delta));
    // Arrivals a chunk per statement (a stock count of a whole warehouse is thousands): a row may be
    // named once in a statement, so a row's arrivals are summed first.
    const arriving = new Map<string, { sku: string; location_code: string; on_hand: number; reserved: 0 }>();
    for (const delta of arrivals) {
      const key = stockKey(delta.sku, delta.locationCode);
      const row = arriving.get(key) ?? {
        sku: delta.sku,
        location_code: delta.locationCode,
        on_hand: 0,
        reserved: 0,
      };
      row.on_hand += delta.onHandDelta;
      arriving.set(key, row);
    }
    for (const chunk of chunks([...arriving.values()], rowsPerStatement(4))) {
      await this.db
        .insertInto('stock_levels')
        .values(chunk)
        .onConflict((conflict) =>
          conflict
            .columns(['sku', 'location_code'])
            .doUpdateSet({ on_hand: sql`stock_levels.on_hand + excluded.on_hand` }),
        )
        .execute();
    }
    // One statement for a whole batch: the deltas as a VALUES list joined to their rows. The
    // condition keeps the rule, and a row it refuses is missing from the count.
    for (const chunk of chunks(updates, rowsPerStatement(4))) {
      const values = sql.join(
        chunk.map(
          (delta) =>
            sql`(${delta.sku}, ${delta.locationCode}, CAST(${delta.onHandDelta} AS bigint), CAST(${delta.reservedDelta} AS bigint))`,
        ),
      );
      const result = await sql`
        WITH delta (sku, location_code, on_hand_delta, reserved_delta) AS (VALUES ${values})
        UPDATE stock_levels
        SET on_hand = on_hand + delta.on_hand_delta, reserved = reserved + delta.reserved_delta
        FROM delta
        WHERE stock_levels.sku = delta.sku
          AND stock_levels.location_code = delta.location_code
          AND stock_levels.reserved + delta.reserved_delta >= 0
          AND stock_levels.reserved + delta.reserved_delta <= stock_levels.on_hand + delta.on_hand_delta`.execute(
        this.db,
      );
      if (result.numAffectedRows !== BigInt(chunk.length)) {
        throw new StockInvariantError(
          `stock change refused by the database: ${chunk.length} rows to change, ${result.numAffectedRows} changed`,
        );
      }
    }
  }

  async addMovements(movements: readonly MovementInput[], now: number): Promise<void> {
    if (movements.length === 0) return;
    await this.db
      .insertInto('stock_movements')
      .values(
        movements.map((movement) => ({
          sku: movement.sku,
          location_code: movement.locationCode,
          kind: movement.kind,
          quantity: movement.quantity,
          reference: movement.reference,
          reason: movement.reason,
          created_at: now,
        })),
      )
      .execute();
  }

  listMovements(sku: string, afterId: number | undefined, limit: number) {
    let query = this.db
      .selectFrom('stock_movements')
      .selectAll()
      .where('sku', '=', sku)
      .orderBy('id')
      .limit(limit);
    if (afterId !== undefined) query = query.where('id', '>', afterId);
    return query.execute();
  }

  /** Per SKU and location: the ledger's sum. The audit compares it with on hand. */
  async ledgerSums(sku: string): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('stock_movements')
      .select(['location_code', (eb) => eb.fn.sum<number | string>('quantity').as('total')])
      .where('sku', '=', sku)
      .groupBy('location_code')
      .execute();
    return new Map(rows.map((row) => [row.location_code, Number(row.total)]));
  }

  /** Units on hand per SKU over every location at `atMs`, from the ledger; SKUs with no movement by then are absent. */
  async onHandAt(skus: readonly string[], atMs: number): Promise<Map<string, number>> {
    if (skus.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('stock_movements')
      .select(['sku', (eb) => eb.fn.sum<number | string>('quantity').as('total')])
      .where('sku', 'in', skus)
      .where('created_at', '<=', atMs)
      .groupBy('sku')
      .execute();
    return new Map(rows.map((row) => [row.sku, Number(row.total)]));
  }

  /** SKUs with stock rows and no free unit anywhere: a scan of the stock rows, for periodic figures only. */
  async countSoldOutSkus(): Promise<number> {
    const row = await this.db
      .selectFrom((eb) =>
        eb
          .selectFrom('stock_levels')
          .select('sku')
          .groupBy('sku')
          .having(sql`sum(on_hand - reserved)`, '<=', 0)
          .as('sold_out'),
      )
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /** Per location: units reserved by the orders in `statuses`, and by active holds. */
  async reservedByOwners(
    sku: string,
    statuses: readonly string[],
  ): Promise<{ orders: Map<string, number>; holds: Map<string, number> }> {
    const [orders, holds] = await Promise.all([
      this.db
        .selectFrom('order_allocations as a')
        .innerJoin('orders as o', 'o.id', 'a.owner_id')
        .select(['a.location_code', (eb) => eb.fn.sum<number | string>('a.quantity').as('total')])
        .where('a.sku', '=', sku)
        .where('o.status', 'in', statuses)
        .groupBy('a.location_code')
        .execute(),
      this.db
        .selectFrom('hold_allocations as a')
        .innerJoin('holds as h', 'h.id', 'a.owner_id')
        .select(['a.location_code', (eb) => eb.fn.sum<number | string>('a.quantity').as('total')])
        .where('a.sku', '=', sku)
        .where('h.status', '=', 'active')
        .groupBy('a.location_code')
        .execute(),
    ]);
    const byLocation = (rows: { location_code: string; total: number | string }[]) =>
      new Map(rows.map((row) => [row.location_code, Number(row.total)]));
    return { orders: byLocation(orders), holds: byLocation(holds) };
  }

  /**
   * Free stock (on hand − reserved) of each SKU over the locations that ship for the channel, and
   * the channel's buffer: one indexed query, read at the moment of the call.
   */
  async freeStockForChannel(
    channelCode: string,
    skus: readonly string[],
  ): Promise<Map<string, { free: number; buffer: number }>> {
    const result = new Map<string, { free: number; buffer: number }>(
      skus.map((sku) => [sku, { free: 0, buffer: 0 }]),
    );
    if (skus.length === 0) return result;
    const [free, buffers] = await Promise.all([
      this.db
        .selectFrom('stock_levels as s')
        .innerJoin('location_channels as lc', (join) =>
          join.onRef('lc.location_code', '=', 's.location_code').on('lc.channel_code', '=', channelCode),
        )
        .select(['s.sku', (eb) => eb.fn.sum<number | string>(sql`s.on_hand - s.reserved`).as('free')])
        .where('s.sku', 'in', skus)
        .groupBy('s.sku')
        .execute(),
      this.db
        .selectFrom('channel_buffers')
        .select(['sku', 'quantity'])
        .where('channel_code', '=', channelCode)
        .where('sku', 'in', skus)
        .execute(),
    ]);
    for (const row of free) result.get(row.sku)!.free = Number(row.free);
    for (const row of buffers) result.get(row.sku)!.buffer = row.quantity;
    return result;
  }

  /** Records which units at which location each order or hold reserved. */
  async insertAllocations(
    table: 'hold_allocations' | 'order_allocations',
    owned: readonly { ownerId: string; allocations: readonly Allocation[] }[],
  ): Promise<void> {
    const rows = owned.flatMap(({ ownerId, allocations }) =>
      allocations.map((allocation) => ({
        owner_id: ownerId,
        sku: allocation.sku,
        location_code: allocation.locationCode,
        quantity: allocation.quantity,
      })),
    );
    if (rows.length === 0) return;
    await this.db.insertInto(table).values(rows).execute();
  }

  /**
   * Every reservation of `sku` at `location`, with what it is for: orders still holding their units
   * (in `statuses`: a cancelled or shipped order keeps its rows, not its units), with their status,
   * channel and age, and active holds.
   */
  async claimsAt(sku: string, location: string, statuses: readonly string[]) {
    const [orders, holds] = await Promise.all([
      this.db
        .selectFrom('order_allocations as a')
        .innerJoin('orders as o', 'o.id', 'a.owner_id')
        .select(['a.owner_id', 'a.quantity', 'o.status', 'o.channel_code', 'o.created_at'])
        .where('a.sku', '=', sku)
        .where('a.location_code', '=', location)
        .where('o.status', 'in', statuses)
        .execute(),
      this.db
        .selectFrom('hold_allocations as a')
        .innerJoin('holds as h', 'h.id', 'a.owner_id')
        .select(['a.owner_id', 'a.quantity', 'h.status', 'h.channel_code', 'h.created_at'])
        .where('a.sku', '=', sku)
        .where('a.location_code', '=', location)
        .where('h.status', '=', 'active')
        .execute(),
    ]);
    return [
      ...orders.map((row) => ({ kind: 'order' as const, ...row })),
      ...holds.map((row) => ({ kind: 'hold' as const, ...row })),
    ];
  }

  /** Replaces what one order or hold has reserved where, whole (its owner locked by the caller). */
  async replaceAllocations(
    table: 'hold_allocations' | 'order_allocations',
    ownerId: string,
    allocations: readonly Allocation[],
  ): Promise<void> {
    await this.db.deleteFrom(table).where('owner_id', '=', ownerId).execute();
    await this.insertAllocations(table, [{ ownerId, allocations }]);
  }

  async allocationsOf(table: 'hold_allocations' | 'order_allocations', ownerIds: readonly string[]) {
    if (ownerIds.length === 0) return new Map<string, Allocation[]>();
    const rows = await this.db.selectFrom(table).selectAll().where('owner_id', 'in', ownerIds).execute();
    const result = new Map<string, Allocation[]>(ownerIds.map((id) => [id, []]));
    for (const row of rows) {
      result
        .get(row.owner_id)
        ?.push({ sku: row.sku, locationCode: row.location_code, quantity: row.quantity });
    }
    return result;
  }

  async setBuffer(channelCode: string, sku: string, quantity: number, now: number): Promise<void> {
    await this.db
      .insertInto('channel_buffers')
      .values({ channel_code: channelCode, sku, quantity, updated_at: now })
      .onConflict((conflict) =>
        conflict.columns(['channel_code', 'sku']).doUpdateSet({ quantity, updated_at: now }),
      )
      .execute();
  }

  /** Sets many buffers, a statement per chunk (a bulk import). */
  async setBuffers(
    rows: readonly { channelCode: string; sku: string; quantity: number }[],
    now: number,
  ): Promise<void> {
    for (const chunk of chunks(rows, rowsPerStatement(4)))
      await this.db
        .insertInto('channel_buffers')
        .values(
          chunk.map((row) => ({
            channel_code: row.channelCode,
            sku: row.sku,
            quantity: row.quantity,
            updated_at: now,
          })),
        )
        .onConflict((conflict) =>
          conflict.columns(['channel_code', 'sku']).doUpdateSet((eb) => ({
            quantity: eb.ref('excluded.quantity'),
            updated_at: now,
          })),
        )
        .execute();
  }

  /** Buffers of the given SKUs on the given channels, keyed by `stockKey(sku, channel)`. */
  async buffers(channelCodes: readonly string[], skus: readonly string[]): Promise<Map<string, number>> {
    if (channelCodes.length === 0 || skus.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('channel_buffers')
      .select(['channel_code', 'sku', 'quantity'])
      .where('channel_code', 'in', channelCodes)
      .where('sku', 'in', skus)
      .execute();
    return new Map(rows.map((row) => [stockKey(row.sku, row.channel_code), row.quantity]));
  }

  /** A channel's buffers in SKU order, after `afterSku`. */
  listBuffers(channelCode: string, afterSku: string | undefined, limit: number) {
    let query = this.db
      .selectFrom('channel_buffers')
      .select(['sku', 'quantity', 'updated_at'])
      .where('channel_code', '=', channelCode)
      .orderBy('sku')
      .limit(limit);
    if (afterSku !== undefined) query = query.where('sku', '>', afterSku);
    return query.execute();
  }

  /** The SKUs these holds reserved. */
  async skusOfHolds(holdIds: readonly string[]): Promise<string[]> {
    if (holdIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('hold_allocations')
      .select('sku')
      .distinct()
      .where('owner_id', 'in', holdIds)
      .execute();
    return rows.map((row) => row.sku);
  }
}

declare module '../platform/store/store.js' {
  /** This part's repository in every transaction's bundle. */
  interface Repos {
    readonly stock: StockRepo;
  }
}
