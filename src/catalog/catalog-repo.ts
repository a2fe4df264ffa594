/** Channels, locations, SKUs with their search terms and tax terms. */
import type { Insertable, Kysely, Selectable } from 'kysely';
import { chunks, rowsPerStatement } from '../platform/store/chunks.js';
import type { Database, SkuTable } from '../platform/store/schema.js';

type Db = Kysely<Database>;

/** A channel as prices and taxes need it. */
export interface ChannelTerms {
  readonly code: string;
  readonly name: string;
  readonly currency: string;
  readonly country: string;
  /** 1 or 0, as stored. */
  readonly prices_include_tax: number;
}

export class CatalogRepo {
  constructor(private readonly db: Db) {}

  getChannel(code: string) {
    return this.db.selectFrom('channels').selectAll().where('code', '=', code).executeTakeFirst();
  }

  async getChannels(codes: readonly string[]) {
    if (codes.length === 0) return new Map<string, ChannelTerms>();
    const rows = await this.db
      .selectFrom('channels')
      .select(['code', 'name', 'currency', 'country', 'prices_include_tax'])
      .where('code', 'in', codes)
      .execute();
    return new Map(rows.map((row) => [row.code, row]));
  }

  listChannels() {
    return this.db.selectFrom('channels').selectAll().orderBy('code').execute();
  }

  async upsertChannel(
    row: {
      code: string;
      name: string;
      currency: string;
      country: string;
      prices_include_tax: number;
      payment_timeout_minutes: number | null;
      delivery_days: number | null;
      auto_ship: number;
      split_min_order_minor: number;
    },
    now: number,
  ): Promise<void> {
    const { code: _code, ...changed } = row;
    await this.db
      .insertInto('channels')
      .values({ ...row, created_at: now, updated_at: now })
      .onConflict((conflict) => conflict.column('code').doUpdateSet({ ...changed, updated_at: now }))
      .execute();
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
    row: { code: string; name: string; address: string | null },
    channelCodes: readonly string[],
    now: number,
  ): Promise<void> {
    await this.db
      .insertInto('locations')
      .values({ ...row, created_at: now, updated_at: now })
      .onConflict((conflict) =>
        conflict.column('code').doUpdateSet({ name: row.name, address: row.address, updated_at: now }),
      )
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

  /** These SKUs' rows, by code (an unknown code is absent). */
  async skusByCode(skus: readonly string[]): Promise<Map<string, Selectable<SkuTable>>> {
    if (skus.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('skus')
      .selectAll()
      .where('sku', 'in', [...new Set(skus)])
      .execute();
    return new Map(rows.map((row) => [row.sku, row]));
  }

  /** Each SKU's tax class and whether it is perishable; SKUs that do not exist are absent. */
  async taxTermsOfSkus(skus: readonly string[]) {
    const result = new Map<string, { taxClass: string; perishable: boolean }>();
    if (skus.length === 0) return result;
    const rows = await this.db
      .selectFrom('skus')
      .select(['sku', 'tax_class', 'perishable'])
      .where('sku', 'in', skus)
      .execute();
    for (const row of rows)
      result.set(row.sku, { taxClass: row.tax_class, perishable: row.perishable === 1 });
    return result;
  }

  /** The VAT class of each SKU that exists among these: what the order path reads. */
  async taxClassesOf(skus: readonly string[]): Promise<Map<string, string>> {
    if (skus.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('skus')
      .select(['sku', 'tax_class'])
      .where('sku', 'in', skus)
      .execute();
    return new Map(rows.map((row) => [row.sku, row.tax_class]));
  }

  async existingSkus(skus: readonly string[]): Promise<Set<string>> {
    if (skus.length === 0) return new Set();
    const rows = await this.db.selectFrom('skus').select('sku').where('sku', 'in', skus).execute();
    return new Set(rows.map((row) => row.sku));
  }

  async upsertSku(
    row: {
      sku: string;
      name: string;
      weight_g: number | null;
      length_mm: number | null;
      width_mm: number | null;
      height_mm: number | null;
      gtin: string | null;
      /** Left out (as the demo does), a SKU keeps the category it had. */
      category?: string | null;
      tax_class: string;
      perishable: number;
    },
    terms: readonly string[],
    now: number,
  ): Promise<void> {
    const { sku: _sku, ...changed } = row;
    await this.db
      .insertInto('skus')
      .values({ ...row, created_at: now, updated_at: now })
      .onConflict((conflict) => conflict.column('sku').doUpdateSet({ ...changed, updated_at: now }))
      .execute();
    await this.db.deleteFrom('sku_terms').where('sku', '=', row.sku).execute();
    await this.db
      .insertInto('sku_terms')
      .values(terms.map((term) => ({ term, sku: row.sku })))
      .execute();
  }

  /** Creates or replaces many SKUs' rows, a statement per chunk (a bulk import): `created_at` stays. */
  async upsertSkus(rows: readonly Omit<Insertable<SkuTable>, 'created_at' | 'updated_at'>[], now: number) {
    // Eleven columns a row: the SKU, its name, weight, three sides, barcode, tax terms and two instants.
    for (const chunk of chunks(rows, rowsPerStatement(11)))
      await this.db
        .insertInto('skus')
        .values(chunk.map((row) => ({ ...row, created_at: now, updated_at: now })))
        .onConflict((conflict) =>
          conflict.column('sku').doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            weight_g: eb.ref('excluded.weight_g'),
            length_mm: eb.ref('excluded.length_mm'),
            width_mm: eb.ref('excluded.width_mm'),
            height_mm: eb.ref('excluded.height_mm'),
            gtin: eb.ref('excluded.gtin'),
            tax_class: eb.ref('excluded.tax_class'),
            perishable: eb.ref('excluded.perishable'),
            updated_at: now,
          })),
        )
        .execute();
  }

  /** Replaces the search terms of these SKUs (SKU → terms). */
  async replaceSearchTerms(termsBySku: ReadonlyMap<string, readonly string[]>): Promise<void> {
    for (const chunk of chunks([...termsBySku.keys()], rowsPerStatement(1)))
      await this.db.deleteFrom('sku_terms').where('sku', 'in', chunk).execute();
    const rows = [...termsBySku].flatMap(([sku, terms]) => terms.map((term) => ({ term, sku })));
    for (const chunk of chunks(rows, rowsPerStatement(2)))
      await this.db.insertInto('sku_terms').values(chunk).execute();
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

  /** SKU codes after `after`, in code order: every SKU, a page at a time. */
  async skuCodesAfter(after: string | null, limit: number): Promise<string[]> {
    let query = this.db.selectFrom('skus').select('sku').orderBy('sku').limit(limit);
    if (after !== null) query = query.where('sku', '>', after);
    return (await query.execute()).map((row) => row.sku);
  }
}

declare module '../platform/store/store.js' {
  /** This part's repository in every transaction's bundle. */
  interface Repos {
    readonly catalog: CatalogRepo;
  }
}
