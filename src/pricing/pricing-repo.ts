/** Base prices and their history, sales with their channels and items, the soldes periods set by order. */
import type { Kysely, Selectable } from 'kysely';
import { chunks, rowsPerStatement } from '../platform/store/chunks.js';
import type { Engine } from '../platform/store/engine.js';
import type { Database, SaleTable, SoldesPeriodTable } from '../platform/store/schema.js';
import type { RoundingRule } from './core/discount.js';
import type { PriceInForce } from './core/in-force.js';
import type { BasePriceChange, SaleRule } from './core/timeline.js';

type Db = Kysely<Database>;

export type SaleRow = Selectable<SaleTable>;

export interface NewPriceChange {
  readonly sku: string;
  readonly channel: string;
  readonly amountMinor: number | null;
  readonly validFromMs: number;
  readonly source: 'api' | 'import';
}

export interface SaleItemRow {
  readonly sku: string;
  readonly priceMinor: number | null;
  readonly discountBp: number | null;
}

/** A sale of one SKU on one channel, with the rule it applies. */
export interface SaleOfSku {
  readonly saleId: string;
  readonly name: string;
  readonly kind: string;
  readonly timeZone: string;
  readonly sku: string;
  readonly startsAtMs: number;
  readonly stopsAtMs: number;
  readonly priceMinor: number | null;
  readonly discountBp: number | null;
  readonly rounding: string;
}

/** A sale of a SKU and channel in a time range, to refuse overlaps with. */
export interface SaleOnSku {
  readonly saleId: string;
  readonly name: string;
  readonly channel: string;
  readonly sku: string;
  readonly startsAtMs: number;
  readonly stopsAtMs: number;
}

/** What a sale's rule is, from its stored item: a price of its own, or its discount and rounding. */
export function saleRule(item: {
  readonly priceMinor: number | null;
  readonly discountBp: number | null;
  readonly rounding: string;
}): SaleRule {
  if (item.priceMinor !== null) return { kind: 'fixed', amountMinor: item.priceMinor };
  if (item.discountBp === null) throw new Error('a sale item has neither a price nor a discount');
  return { kind: 'percent', discountBp: item.discountBp, rounding: item.rounding as RoundingRule };
}

export class PricingRepo {
  /** Sale items with their sale and its channels: what every question about sales on SKUs reads. */
  private saleItemsOnChannels(skus: readonly string[], channels: readonly string[]) {
    return this.db
      .selectFrom('sale_items')
      .innerJoin('sales', 'sales.id', 'sale_items.sale_id')
      .innerJoin('sale_channels', 'sale_channels.sale_id', 'sales.id')
      .where('sale_items.sku', 'in', skus)
      .where('sale_channels.channel_code', 'in', channels);
  }

  constructor(
    private readonly db: Db,
    private readonly engine: Engine,
  ) {}

  /**
   * Locks the channels a sale is scheduled on, in code order, until the transaction ends: two sales
   * scheduled at once on a channel are checked for overlap one after the other (on SQLite the one
   * writer does that already).
   */
  async lockChannels(codes: readonly string[]): Promise<void> {
    if (!this.engine.lockRowsForUpdate || codes.length === 0) return;
    await this.db
      .selectFrom('channels')
      .select('code')
      .where('code', 'in', codes)
      .orderBy('code')
      .forUpdate()
      .execute();
  }

  /** Unit prices of the given SKUs on the given channels, now: channel → SKU → price. */
  async basePrices(
    channelCodes: readonly string[],
    skus: readonly string[],
  ): Promise<Map<string, Map<string, number>>> {
    const result = new Map<string, Map<string, number>>(channelCodes.map((code) => [code, new Map()]));
    if (channelCodes.length === 0 || skus.length === 0) return result;
    const rows = await this.db
      .selectFrom('prices')
      .select(['channel_code', 'sku', 'amount_minor'])
      .where('channel_code', 'in', channelCodes)
      .where('sku', 'in', skus)
      .execute();
    for (const row of rows) result.get(row.channel_code)?.set(row.sku, row.amount_minor);
    return result;
  }

  /** Each SKU's prices now, by channel, channels in order. */
  async pricesOfSkus(skus: readonly string[]): Promise<Map<string, Map<string, number>>> {
    const result = new Map<string, Map<string, number>>(skus.map((sku) => [sku, new Map()]));
    if (skus.length === 0) return result;
    const rows = await this.db
      .selectFrom('prices')
      .select(['sku', 'channel_code', 'amount_minor'])
      .where('sku', 'in', skus)
      .orderBy('channel_code')
      .execute();
    for (const row of rows) result.get(row.sku)?.set(row.channel_code, row.amount_minor);
    return result;
  }

  async channelHasPrices(code: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('prices')
      .select('sku')
      .where('channel_code', '=', code)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Sets the base price from `now`, recording the change; the same price again records nothing. */
  async setBasePrice(sku: string, channelCode: string, amountMinor: number, now: number): Promise<void> {
    const current = await this.db
      .selectFrom('prices')
      .select('amount_minor')
      .where('sku', '=', sku)
      .where('channel_code', '=', channelCode)
      .executeTakeFirst();
    if (current?.amount_minor === amountMinor) return;
    await this.db
      .insertInto('prices')
      .values({ sku, channel_code: channelCode, amount_minor: amountMinor, updated_at: now })
      .onConflict((conflict) =>
        conflict.columns(['sku', 'channel_code']).doUpdateSet({ amount_minor: amountMinor, updated_at: now }),
      )
      .execute();
    await this.insertChanges(
      [{ sku, channel: channelCode, amountMinor, validFromMs: now, source: 'api' }],
      now,
    );
  }

  /** Stops selling `sku` on every channel but `keep`, recording each withdrawal. */
  async withdrawBasePricesExcept(sku: string, keep: readonly string[], now: number): Promise<void> {
    let query = this.db.selectFrom('prices').select('channel_code').where('sku', '=', sku);
    if (keep.length > 0) query = query.where('channel_code', 'not in', keep);
    const withdrawn = (await query.execute()).map((row) => row.channel_code);
    if (withdrawn.length === 0) return;
    await this.db
      .deleteFrom('prices')
      .where('sku', '=', sku)
      .where('channel_code', 'in', withdrawn)
      .execute();
    await this.insertChanges(
      withdrawn.map((channel) => ({
        sku,
        channel,
        amountMinor: null,
        validFromMs: now,
        source: 'api' as const,
      })),
      now,
    );
  }

  /**
   * Sets many base prices from `now` (null stops selling), recording each change: a bulk import's,
   * whose caller passes only prices that change.
   */
  async setBasePrices(
    changes: readonly { sku: string; channel: string; amountMinor: number | null }[],
    now: number,
    source: NewPriceChange['source'],
  ): Promise<void> {
    const set = changes.filter((change) => change.amountMinor !== null);
    for (const chunk of chunks(set, rowsPerStatement(4)))
      await this.db
        .insertInto('prices')
        .values(
          chunk.map((change) => ({
            sku: change.sku,
            channel_code: change.channel,
            amount_minor: change.amountMinor!,
            updated_at: now,
          })),
        )
        .onConflict((conflict) =>
          conflict.columns(['sku', 'channel_code']).doUpdateSet((eb) => ({
            amount_minor: eb.ref('excluded.amount_minor'),
            updated_at: now,
          })),
        )
        .execute();
    const withdrawn = new Map<string, string[]>();
    for (const change of changes) {
      if (change.amountMinor !== null) continue;
      const skus = withdrawn.get(change.channel) ?? [];
      skus.push(change.sku);
      withdrawn.set(change.channel, skus);
    }
    for (const [channel, skus] of withdrawn)
      for (const chunk of chunks(skus, rowsPerStatement(1)))
        await this.db
          .deleteFrom('prices')
          .where('channel_code', '=', channel)
          .where('sku', 'in', chunk)
          .execute();
    await this.insertChanges(
      changes.map((change) => ({ ...change, validFromMs: now, source })),
      now,
    );
  }

  async insertChanges(changes: readonly NewPriceChange[], now: number): Promise<void> {
    for (const chunk of chunks(changes, rowsPerStatement(6)))
      await this.db
        .insertInto('price_changes')
        .values(
          chunk.map((change) => ({
            sku: change.sku,
            channel_code: change.channel,
            amount_minor: change.amountMinor,
            valid_from: change.validFromMs,
            source: change.source,
            recorded_at: now,
          })),
        )
        .execute();
  }

  /** The base price's changes of each SKU on `channel`, in time order (ties in the order recorded). */
  async changesOfSkus(channel: string, skus: readonly string[]): Promise<Map<string, BasePriceChange[]>> {
    const result = new Map<string, BasePriceChange[]>(skus.map((sku) => [sku, []]));
    for (const chunk of chunks(skus, rowsPerStatement(1))) {
      const rows = await this.db
        .selectFrom('price_changes')
        .select(['sku', 'valid_from', 'amount_minor'])
        .where('sku', 'in', chunk)
        .where('channel_code', '=', channel)
        .orderBy('valid_from')
        .orderBy('id')
        .execute();
      for (const row of rows)
        result.get(row.sku)?.push({ atMs: row.valid_from, amountMinor: row.amount_minor });
    }
    return result;
  }

  /** The instants already recorded for these SKUs on any channel, as `sku channel instant` keys. */
  async recordedInstants(skus: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (const chunk of chunks(skus, rowsPerStatement(1))) {
      const rows = await this.db
        .selectFrom('price_changes')
        .select(['sku', 'channel_code', 'valid_from'])
        .where('sku', 'in', chunk)
        .execute();
      for (const row of rows) found.add(`${row.sku} ${row.channel_code} ${row.valid_from}`);
    }
    return found;
  }

  /** Brings the current price of each SKU and channel in line with its latest change. */
  async deriveCurrentPrices(keys: readonly { sku: string; channel: string }[], now: number): Promise<void> {
    for (const { sku, channel } of keys) {
      const latest = await this.db
        .selectFrom('price_changes')
        .select('amount_minor')
        .where('sku', '=', sku)
        .where('channel_code', '=', channel)
        .where('valid_from', '<=', now)
        .orderBy('valid_from', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      const amountMinor = latest?.amount_minor;
      if (amountMinor === undefined) continue;
      if (amountMinor === null)
        await this.db
          .deleteFrom('prices')
          .where('sku', '=', sku)
          .where('channel_code', '=', channel)
          .execute();
      else
        await this.db
          .insertInto('prices')
          .values({ sku, channel_code: channel, amount_minor: amountMinor, updated_at: now })
          .onConflict((conflict) =>
            conflict
              .columns(['sku', 'channel_code'])
              .doUpdateSet({ amount_minor: amountMinor, updated_at: now }),
          )
          .execute();
    }
  }

  async insertSale(
    sale: Omit<SaleRow, 'ended_at' | 'end_reason'>,
    channels: readonly string[],
    items: readonly SaleItemRow[],
  ): Promise<void> {
    await this.db
      .insertInto('sales')
      .values({ ...sale, ended_at: null, end_reason: null })
      .execute();
    await this.db
      .insertInto('sale_channels')
      .values(channels.map((channel) => ({ sale_id: sale.id, channel_code: channel })))
      .execute();
    for (const chunk of chunks(items, rowsPerStatement(4)))
      await this.db
        .insertInto('sale_items')
        .values(
          chunk.map((item) => ({
            sale_id: sale.id,
            sku: item.sku,
            price_minor: item.priceMinor,
            discount_bp: item.discountBp,
          })),
        )
        .execute();
  }

  getSale(id: string): Promise<SaleRow | undefined> {
    return this.db.selectFrom('sales').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Sales by start, newest first; `stoppingAfterMs` keeps those still running or to come then. */
  listSales(query: { limit: number; beforeStart?: { startsAtMs: number; id: string } }): Promise<SaleRow[]> {
    let select = this.db.selectFrom('sales').selectAll();
    const before = query.beforeStart;
    if (before !== undefined)
      select = select.where((eb) =>
        eb.or([
          eb('starts_at', '<', before.startsAtMs),
          eb.and([eb('starts_at', '=', before.startsAtMs), eb('id', '<', before.id)]),
        ]),
      );
    return select.orderBy('starts_at', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
  }

  async channelsOfSales(ids: readonly string[]): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return result;
    const rows = await this.db
      .selectFrom('sale_channels')
      .select(['sale_id', 'channel_code'])
      .where('sale_id', 'in', ids)
      .orderBy('channel_code')
      .execute();
    for (const row of rows) result.get(row.sale_id)?.push(row.channel_code);
    return result;
  }

  async itemsOfSale(id: string): Promise<SaleItemRow[]> {
    const rows = await this.db
      .selectFrom('sale_items')
      .select(['sku', 'price_minor', 'discount_bp'])
      .where('sale_id', '=', id)
      .orderBy('sku')
      .execute();
    return rows.map((row) => ({ sku: row.sku, priceMinor: row.price_minor, discountBp: row.discount_bp }));
  }

  async countItems(ids: readonly string[]): Promise<Map<string, number>> {
    const result = new Map<string, number>(ids.map((id) => [id, 0]));
    if (ids.length === 0) return result;
    const rows = await this.db
      .selectFrom('sale_items')
      .select(['sale_id', (eb) => eb.fn.countAll<number>().as('count')])
      .where('sale_id', 'in', ids)
      .groupBy('sale_id')
      .execute();
    for (const row of rows) result.set(row.sale_id, Number(row.count));
    return result;
  }

  /** Sales of these SKUs on these channels whose time overlaps [fromMs, toMs). */
  async salesOverlapping(
    channels: readonly string[],
    skus: readonly string[],
    fromMs: number,
    toMs: number,
  ): Promise<SaleOnSku[]> {
    if (channels.length === 0 || skus.length === 0) return [];
    const found: SaleOnSku[] = [];
    for (const chunk of chunks(skus, rowsPerStatement(1))) {
      const rows = await this.saleItemsOnChannels(chunk, channels)
        .select([
          'sales.id',
          'sales.name',
          'sale_channels.channel_code',
          'sale_items.sku',
          'sales.starts_at',
          'sales.stops_at',
        ])
        .where('sales.starts_at', '<', toMs)
        .where('sales.stops_at', '>', fromMs)
        .execute();
      for (const row of rows)
        found.push({
          saleId: row.id,
          name: row.name,
          channel: row.channel_code,
          sku: row.sku,
          startsAtMs: row.starts_at,
          stopsAtMs: row.stops_at,
        });
    }
    return found;
  }

  /** Every sale of these SKUs on `channel`, with its rule: what the timelines of their prices are made of. */
  async salesOfSkus(channel: string, skus: readonly string[]): Promise<SaleOfSku[]> {
    const found: SaleOfSku[] = [];
    for (const chunk of chunks(skus, rowsPerStatement(1))) {
      const rows = await this.saleItemsOnChannels(chunk, [channel])
        .select([
          'sales.id',
          'sales.name',
          'sales.kind',
          'sales.time_zone',
          'sales.starts_at',
          'sales.stops_at',
          'sales.rounding',
          'sales.discount_bp as sale_discount_bp',
          'sale_items.sku',
          'sale_items.price_minor',
          'sale_items.discount_bp',
        ])
        .execute();
      for (const row of rows)
        found.push({
          saleId: row.id,
          name: row.name,
          kind: row.kind,
          timeZone: row.time_zone,
          sku: row.sku,
          startsAtMs: row.starts_at,
          stopsAtMs: row.stops_at,
          priceMinor: row.price_minor,
          discountBp: row.discount_bp ?? row.sale_discount_bp,
          rounding: row.rounding,
        });
    }
    return found;
  }

  /**
   * The prices in force at `atMs` of these SKUs on these channels: the base price and the sale
   * running then, if any. Two plain statements: the order path reads them every batch, and the
   * join of both in one statement took twice as long as the two on SQLite.
   */
  async pricesInForce(
    channels: readonly string[],
    skus: readonly string[],
    atMs: number,
  ): Promise<Map<string, Map<string, PriceInForce>>> {
    const [base, running] = await Promise.all([
      this.basePrices(channels, skus),
      this.runningSaleItems(channels, skus, atMs),
    ]);
    const result = new Map<string, Map<string, PriceInForce>>();
    for (const [channel, prices] of base) {
      const sales = running.get(channel);
      result.set(
        channel,
        new Map([...prices].map(([sku, baseMinor]) => [sku, { baseMinor, sale: sales?.get(sku) ?? null }])),
      );
    }
    return result;
  }

  /** The sale items in force at `atMs` for these SKUs on these channels, by channel, then SKU. */
  private async runningSaleItems(channels: readonly string[], skus: readonly string[], atMs: number) {
    const result = new Map<string, Map<string, NonNullable<PriceInForce['sale']>>>();
    if (channels.length === 0 || skus.length === 0) return result;
    const rows = await this.saleItemsOnChannels(skus, channels)
      .select([
        'sales.id',
        'sale_channels.channel_code',
        'sale_items.sku',
        'sale_items.price_minor',
        'sale_items.discount_bp',
        'sales.discount_bp as sale_discount_bp',
        'sales.rounding',
      ])
      .where('sales.starts_at', '<=', atMs)
      .where('sales.stops_at', '>', atMs)
      .execute();
    for (const row of rows) {
      const sales = result.get(row.channel_code) ?? new Map<string, NonNullable<PriceInForce['sale']>>();
      result.set(row.channel_code, sales);
      sales.set(row.sku, {
        saleId: row.id,
        rule: saleRule({
          priceMinor: row.price_minor,
          discountBp: row.discount_bp ?? row.sale_discount_bp,
          rounding: row.rounding,
        }),
      });
    }
    return result;
  }

  /** The sales running at `atMs`, with the check each was scheduled with (JSON). */
  runningSaleChecks(atMs: number): Promise<{ id: string; name: string; check_result: string }[]> {
    return this.db
      .selectFrom('sales')
      .select(['id', 'name', 'check_result'])
      .where('starts_at', '<=', atMs)
      .where('stops_at', '>', atMs)
      .orderBy('starts_at')
      .execute();
  }

  /** The sales of `kind` running at `atMs` with `sku` among their items, on any channel. */
  async runningSalesOfSku(sku: string, kind: string, atMs: number): Promise<{ id: string; name: string }[]> {
    return this.db
      .selectFrom('sale_items')
      .innerJoin('sales', 'sales.id', 'sale_items.sale_id')
      .select(['sales.id', 'sales.name'])
      .where('sale_items.sku', '=', sku)
      .where('sales.kind', '=', kind)
      .where('sales.starts_at', '<=', atMs)
      .where('sales.stops_at', '>', atMs)
      .orderBy('sales.starts_at')
      .execute();
  }

  /** Ends a sale at `now`; false if it had already stopped. */
  async endSale(id: string, reason: string, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('sales')
      .set({ stops_at: now, ended_at: now, end_reason: reason, updated_at: now })
      .where('id', '=', id)
      .where('stops_at', '>', now)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  soldesPeriodsOf(year: number) {
    return this.db.selectFrom('soldes_periods').selectAll().where('year', '=', year).execute();
  }

  async putSoldesPeriod(row: Selectable<SoldesPeriodTable>): Promise<void> {
    await this.db
      .insertInto('soldes_periods')
      .values(row)
      .onConflict((conflict) =>
        conflict.columns(['year', 'season']).doUpdateSet({
          starts_at: row.starts_at,
          ends_at: row.ends_at,
          reason: row.reason,
          updated_at: row.updated_at,
        }),
      )
      .execute();
  }
}

declare module '../platform/store/store.js' {
  /** This part's repository in every transaction's bundle. */
  interface Repos {
    readonly pricing: PricingRepo;
  }
}
