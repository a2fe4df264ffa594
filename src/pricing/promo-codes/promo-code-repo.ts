/**
 * Promo codes and their uses. The count of a code's uses is changed in place (`x = x + n`) under
 * the capture's lock and held within its limit by a CHECK constraint; a use is given back by an
 * update that finds it not yet given back, so a cancellation returns it once.
 */
import { type ExpressionBuilder, type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import { chunks, rowsPerStatement } from '../../platform/store/chunks.js';
import type { Engine } from '../../platform/store/engine.js';
import type { Database, PromoCodeTable, PromoCodeUseTable } from '../../platform/store/schema.js';
import { customerUseKey, type PromoCodeKind, type PromoCodeTerms } from '../core/promo-codes.js';

type Db = Kysely<Database>;

export type PromoCodeRow = Selectable<PromoCodeTable>;
export type PromoCodeUseRow = Insertable<PromoCodeUseTable>;

declare module '../../platform/store/store.js' {
  interface Repos {
    readonly promoCodes: PromoCodeRepo;
  }
}

export function termsOf(row: PromoCodeRow): PromoCodeTerms {
  return {
    code: row.code,
    kind: row.kind as PromoCodeKind,
    value: row.value,
    minBasketMinor: row.min_basket_minor,
    channels: JSON.parse(row.channels) as string[],
    startsAtMs: row.starts_at,
    endsAtMs: row.ends_at,
    usageLimit: row.usage_limit,
    perCustomerLimit: row.per_customer_limit,
    stacksWithSales: row.stacks_with_sales === 1,
    usedCount: row.used_count,
    template: row.is_template === 1,
    disabledAtMs: row.disabled_at,
  };
}

export class PromoCodeRepo {
  constructor(
    private readonly db: Db,
    private readonly engine: Engine,
  ) {}

  /** Every use of one customer, of every code, oldest first. */
  usesOfCustomer(customerKey: string): Promise<Selectable<PromoCodeUseTable>[]> {
    return this.db
      .selectFrom('promo_code_uses')
      .selectAll()
      .where('customer_key', '=', customerKey)
      .orderBy('created_at')
      .orderBy('order_id')
      .orderBy('code')
      .execute();
  }

  /** Moves every use of one customer to another key (a pseudonym no one else holds); how many moved. */
  async rekeyUses(customerKey: string, to: string): Promise<number> {
    const result = await this.db
      .updateTable('promo_code_uses')
      .set({ customer_key: to })
      .where('customer_key', '=', customerKey)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Inserts codes of any number; a code already taken fails the statement (a unique violation). */
  async insert(rows: readonly Insertable<PromoCodeTable>[]): Promise<void> {
    if (rows.length === 0) return;
    for (const chunk of chunks(rows, rowsPerStatement(Object.keys(rows[0]!).length)))
      await this.db.insertInto('promo_codes').values(chunk).execute();
  }

  get(code: string): Promise<PromoCodeRow | undefined> {
    return this.db.selectFrom('promo_codes').selectAll().where('code', '=', code).executeTakeFirst();
  }

  /** Codes made by hand (not a batch's single-use ones), by code, from `after`. */
  list(after: string | undefined, limit: number): Promise<PromoCodeRow[]> {
    let query = this.db.selectFrom('promo_codes').selectAll().where('batch_of', 'is', null);
    if (after !== undefined) query = query.where('code', '>', after);
    return query.orderBy('code').limit(limit).execute();
  }

  /** The single-use codes made from `code`, by code. */
  batchOf(code: string): Promise<PromoCodeRow[]> {
    return this.db
      .selectFrom('promo_codes')
      .selectAll()
      .where('batch_of', '=', code)
      .orderBy('code')
      .execute();
  }

  /** How many codes were made from `code`, and how many of them are used. */
  async batchCounts(codes: readonly string[]): Promise<Map<string, { made: number; used: number }>> {
    if (codes.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('promo_codes')
      .select((eb) => [
        'batch_of',
        eb.fn.countAll<number | string>().as('made'),
        eb.fn.sum<number | string>('used_count').as('used'),
      ])
      .where('batch_of', 'in', [...codes])
      .groupBy('batch_of')
      .execute();
    return new Map(rows.map((row) => [row.batch_of!, { made: Number(row.made), used: Number(row.used) }]));
  }

  /**
   * The terms of these codes, locked until the transaction ends (in code order, the same in every
   * transaction); with `lock` false, read without a lock.
   */
  async lockTerms(codes: readonly string[], lock = true): Promise<Map<string, PromoCodeTerms>> {
    if (codes.length === 0) return new Map();
    let query = this.db
      .selectFrom('promo_codes')
      .selectAll()
      .where('code', 'in', [...codes])
      .orderBy('code');
    if (lock && this.engine.lockRowsForUpdate) query = query.forUpdate();
    const rows = await query.execute();
    return new Map(rows.map((row) => [row.code, termsOf(row)]));
  }

  /** Uses not given back of these codes by these customers, by `customerUseKey`. */
  async customerUses(codes: readonly string[], customers: readonly string[]): Promise<Map<string, number>> {
    if (codes.length === 0 || customers.length === 0) return new Map();
    const unique = [...new Set(customers)];
    // On PostgreSQL, two array parameters rather than one per customer: a batch's few hundred
    // customers would otherwise be as many parameters to bind and plan on every batch. Each (code,
    // customer) pair is counted on its own, so both are the index's condition whatever the table's
    // statistics say: with `customer_key = any(…)`, a table not yet analysed (a code's first hours)
    // had the planner read every use of the code and filter, 7 ms a batch at 15,000 uses.
    const rows =
      this.engine.name === 'postgres'
        ? (
            await sql<{ code: string; customer_key: string; uses: string }>`
              select codes.code, customers.customer_key, counted.uses
              from unnest(${[...codes]}::text[]) as codes(code)
              cross join unnest(${unique}::text[]) as customers(customer_key)
              cross join lateral (
                select count(*) as uses from promo_code_uses
                where promo_code_uses.code = codes.code
                  and promo_code_uses.customer_key = customers.customer_key
                  and released_at is null) as counted
              where counted.uses > 0`.execute(this.db)
          ).rows
        : await this.db
            .selectFrom('promo_code_uses')
            .select((eb) => ['code', 'customer_key', eb.fn.countAll<number | string>().as('uses')])
            .where('code', 'in', [...codes])
            .where('customer_key', 'in', unique)
            .where('released_at', 'is', null)
            .groupBy(['code', 'customer_key'])
            .execute();
    return new Map(rows.map((row) => [customerUseKey(row.code, row.customer_key), Number(row.uses)]));
  }

  /** Records a batch's uses: each code's count raised in place, and one row per order and code. */
  async recordUses(counts: ReadonlyMap<string, number>, uses: readonly PromoCodeUseRow[]): Promise<void> {
    const sorted = [...counts].sort(([a], [b]) => (a < b ? -1 : 1));
    if (this.engine.name === 'postgres') {
      // One statement and one round trip while the codes' rows are locked: the counts raised and the
      // uses written, whatever the batch's size; the uses as one JSON text, which the driver sends as
      // it is, where five arrays were escaped element by element.
      const result = await sql<{ bumped: string }>`
        with bumped as (
          update promo_codes set used_count = used_count + counts.n
          from unnest(${sorted.map(([code]) => code)}::text[], ${sorted.map(([, count]) => count)}::int[])
            as counts(code, n)
          where promo_codes.code = counts.code
          returning 1),
        written as (
          insert into promo_code_uses (order_id, code, customer_key, discount_minor, created_at)
          select order_id, code, customer_key, discount_minor, created_at
          from json_to_recordset(${JSON.stringify(uses)}::json)
            as uses(order_id text, code text, customer_key text, discount_minor bigint, created_at bigint)
          returning 1)
        select (select count(*) from bumped) as bumped, (select count(*) from written) as written`.execute(
        this.db,
      );
      if (Number(result.rows[0]!.bumped) !== sorted.length)
        throw new Error(`promo codes ${sorted.map(([code]) => code).join(', ')} vanished while locked`);
      return;
    }
    for (const [code, count] of sorted) {
      const result = await this.db
        .updateTable('promo_codes')
        .set({ used_count: sql`used_count + ${count}` })
        .where('code', '=', code)
        .executeTakeFirst();
      if (result.numUpdatedRows !== 1n) throw new Error(`promo code ${code} vanished while locked`);
    }
    for (const chunk of chunks(uses, rowsPerStatement(6)))
      await this.db.insertInto('promo_code_uses').values(chunk).execute();
  }

  /** Gives back the uses of a cancelled order, once: returns the codes given back. */
  async releaseUses(orderId: string, nowMs: number): Promise<string[]> {
    const released = await this.db
      .updateTable('promo_code_uses')
      .set({ released_at: nowMs })
      .where('order_id', '=', orderId)
      .where('released_at', 'is', null)
      .returning('code')
      .execute();
    const codes = released.map((row) => row.code).sort();
    for (const code of codes) {
      await this.db
        .updateTable('promo_codes')
        .set({ used_count: sql`used_count - 1` })
        .where('code', '=', code)
        .execute();
    }
    return codes;
  }

  /** Sets or clears the kill switch on a code and the single-use codes made from it; false when it does not exist. */
  async setDisabled(
    code: string,
    disabled: { at: number; by: string; reason: string } | null,
    nowMs: number,
  ): Promise<boolean> {
    const ofCode = (eb: ExpressionBuilder<Database, 'promo_codes'>) =>
      eb.or([eb('code', '=', code), eb('batch_of', '=', code)]);
    // Locked first in code order, the order the capture locks codes in: a batch's codes, switched
    // while orders use them, are never taken in an order that would deadlock with a capture.
    if (this.engine.lockRowsForUpdate)
      await this.db
        .selectFrom('promo_codes')
        .select('code')
        .where(ofCode)
        .orderBy('code')
        .forUpdate()
        .execute();
    const result = await this.db
      .updateTable('promo_codes')
      .set({
        disabled_at: disabled?.at ?? null,
        disabled_by: disabled?.by ?? null,
        disabled_reason: disabled?.reason ?? null,
        updated_at: nowMs,
      })
      .where(ofCode)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async markTemplate(code: string, nowMs: number): Promise<void> {
    await this.db
      .updateTable('promo_codes')
      .set({ is_template: 1, updated_at: nowMs })
      .where('code', '=', code)
      .execute();
  }

  /** Uses taken since `sinceMs`, per code and minute (minute start, epoch ms), oldest first. */
  async usesPerMinute(sinceMs: number): Promise<{ code: string; minuteMs: number; uses: number }[]> {
    const minute = sql<number>`(created_at / 60000) * 60000`;
    const rows = await this.db
      .selectFrom('promo_code_uses')
      .select((eb) => ['code', minute.as('minute'), eb.fn.countAll<number | string>().as('uses')])
      .where('created_at', '>=', sinceMs)
      .groupBy(['code', minute])
      .orderBy('minute')
      .execute();
    return rows.map((row) => ({ code: row.code, minuteMs: Number(row.minute), uses: Number(row.uses) }));
  }
}
