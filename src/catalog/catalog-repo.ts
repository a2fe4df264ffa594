/** Channels, locations, SKUs with their search terms and prices. */
import type { Kysely, Selectable } from 'kysely';
import type { Database, SkuTable } from '../platform/store/schema.js';

type Db = Kysely<Database>;

export class CatalogRepo {
  constructor(private readonly db: Db) {}

  getChannel(code: string) {
    return this.db.selectFrom('channels').selectAll().where('code', '=', code).executeTakeFirst();
  }

  async getChannels(codes: readonly string[]) {
    if (codes.length === 0) return new Map<string, { code: string; name: string; currency: string }>();
    const rows = await this.db
      .selectFrom('channels')
      .select(['code', 'name', 'currency'])
      .where('code', 'in', codes)
      .execute();
    return new Map(rows.map((row) => [row.code, row]));
  }

  listChannels() {
    return this.db.selectFrom('channels').selectAll().orderBy('code').execute();
  }

  async upsertChannel(row: { code: string; name: string; currency: string }, now: number): Promise<void> {
    await this.db
      .insertInto('channels')
      .values({ ...row, created_at: now, updated_at: now })
      .onConflict((conflict) =>
        conflict.column('code').doUpdateSet({ name: row.name, currency: row.currency, updated_at: now }),
      )
      .execute();
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

  async existingChannels(codes: readonly string[]): Promise<Set<string>> {
    if (codes.length === 0) return new Set();
    const rows = await this.db.selectFrom('channels').select('code').where('code', 'in', codes).execute();
    return new Set(rows.map((row) => row.code));
  }

  getLocation(code: string) {
    return this.db.selectFrom('locations').selectAll().where('code', '=', code).executeTakeFirst();
  }

  listLocations() {
    return this.db.selectFrom('locations').selectAll().orderBy('code').execute();
  }

  async upsertLocation(
    row: { code: string; name: string },
    channelCodes: readonly string[],
    now: number,
  ): Promise<void> {
    await this.db
      .insertInto('locations')
      .values({ ...row, created_at: now, updated_at: now })
      .onConflict((conflict) => conflict.column('code').doUpdateSet({ name: row.name, updated_at: now }))
      .execute();
    await this.db.deleteFrom('location_channels').where('location_code', '=', row.code).execute();
    if (channelCodes.length > 0) {
      await this.db
        .insertInto('location_channels')
        .values(channelCodes.map((channel_code) => ({ location_code: row.code, channel_code })))
        .execute();
    }
  }

  /** Channel code → the locations that ship for it. */
  async locationsByChannel(channelCodes: readonly string[]): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>(channelCodes.map((code) => [code, []]));
    if (channelCodes.length === 0) return result;
    const rows = await this.db
      .selectFrom('location_channels')
      .select(['channel_code', 'location_code'])
      .where('channel_code', 'in', channelCodes)
      .orderBy('location_code')
      .execute();
    for (const row of rows) result.get(row.channel_code)?.push(row.location_code);
    return result;
  }

  /** Location code → the channels it ships for. */
  async channelsByLocation(locationCodes: readonly string[]): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>(locationCodes.map((code) => [code, []]));
    if (locationCodes.length === 0) return result;
    const rows = await this.db
      .selectFrom('location_channels')
      .select(['channel_code', 'location_code'])
      .where('location_code', 'in', locationCodes)
      .orderBy('channel_code')
      .execute();
    for (const row of rows) result.get(row.location_code)?.push(row.channel_code);
    return result;
  }

  getSku(sku: string) {
    return this.db.selectFrom('skus').selectAll().where('sku', '=', sku).executeTakeFirst();
  }

  async existingSkus(skus: readonly string[]): Promise<Set<string>> {
    if (skus.length === 0) return new Set();
    const rows = await this.db.selectFrom('skus').select('sku').where('sku', 'in', skus).execute();
    return new Set(rows.map((row) => row.sku));
  }

  async upsertSku(
    row: { sku: string; name: string; weight_g: number | null },
    terms: readonly string[],
    now: number,
  ): Promise<void> {
    await this.db
      .insertInto('skus')
      .values({ ...row, created_at: now, updated_at: now })
      .onConflict((conflict) =>
        conflict.column('sku').doUpdateSet({ name: row.name, weight_g: row.weight_g, updated_at: now }),
      )
      .execute();
    await this.db.deleteFrom('sku_terms').where('sku', '=', row.sku).execute();
    await this.db
      .insertInto('sku_terms')
      .values(terms.map((term) => ({ term, sku: row.sku })))
      .execute();
  }

  /** SKUs in code order after `cursor`; each search term must prefix a word of the code or name. */
  listSkus(options: {
    cursor?: string;
    limit: number;
    terms: readonly string[];
  }): Promise<Selectable<SkuTable>[]> {
    let query = this.db.selectFrom('skus').selectAll().orderBy('sku').limit(options.limit);
    if (options.cursor !== undefined) query = query.where('sku', '>', options.cursor);
    for (const term of options.terms) {
      query = query.where('sku', 'in', (sub) =>
        sub
          .selectFrom('sku_terms')
          .select('sku_terms.sku')
          .where('term', '>=', term)
          .where('term', '<', `${term}\uffff`),
      );
    }
    return query.execute();
  }

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

  /** Unit prices of the given SKUs on the given channels: channel → SKU → price. */
  async pricesOnChannels(
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

  /** Sets a price; a change (or a first price) is written to the price history. */
  async setPrice(sku: string, channelCode: string, amountMinor: number, now: number): Promise<void> {
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
    await this.db
      .insertInto('price_history')
      .values({ sku, channel_code: channelCode, amount_minor: amountMinor, valid_from: now })
      .execute();
  }

  async removePricesExcept(sku: string, channelCodes: readonly string[]): Promise<void> {
    let query = this.db.deleteFrom('prices').where('sku', '=', sku);
    if (channelCodes.length > 0) query = query.where('channel_code', 'not in', channelCodes);
    await query.execute();
  }
}

declare module '../platform/store/store.js' {
  /** This part's repository in every transaction's bundle. */
  interface Repos {
    readonly catalog: CatalogRepo;
  }
}
