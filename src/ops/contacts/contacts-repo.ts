/** Customer contacts: written once each, listed newest first, and counted per minute, per channel and per topic. */
import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import { chunks, rowsPerStatement } from '../../platform/store/chunks.js';
import type { ContactTable, Database } from '../../platform/store/schema.js';
import { type ContactMinute, isContactChannel } from '../core/contacts.js';

export type ContactRow = Selectable<ContactTable>;

export interface ContactFilter {
  /** Created at or after, UTC epoch ms. */
  readonly fromMs?: number;
  /** Created before, UTC epoch ms. */
  readonly toMs?: number;
  readonly channel?: string;
  /** The id of the last contact of the previous page. */
  readonly cursor?: string;
  readonly limit: number;
}

export class ContactRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Writes the contact unless the same key already reported one under its Idempotency-Key (then
   * nothing is written: false). The unique index decides, so two retries racing write one row.
   */
  async insert(row: Insertable<ContactTable>): Promise<boolean> {
    const result = await this.db
      .insertInto('contacts')
      .values(row)
      .onConflict((conflict) => conflict.doNothing())
      .executeTakeFirst();
    return result.numInsertedOrUpdatedRows === 1n;
  }

  byIdempotencyKey(apiKeyId: string, key: string) {
    return this.db
      .selectFrom('contacts')
      .selectAll()
      .where('api_key_id', '=', apiKeyId)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
  }

  /** The contacts about these orders, oldest first. */
  async ofOrders(orderIds: readonly string[]): Promise<ContactRow[]> {
    const rows: ContactRow[] = [];
    for (const chunk of chunks([...new Set(orderIds)], rowsPerStatement(1)))
      rows.push(
        ...(await this.db.selectFrom('contacts').selectAll().where('order_id', 'in', chunk).execute()),
      );
    return rows.sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Replaces these contacts' topics, where they have one; their channel and instant stay. */
  async replaceTopics(ids: readonly string[], topic: string): Promise<void> {
    for (const chunk of chunks([...new Set(ids)], rowsPerStatement(1)))
      await this.db
        .updateTable('contacts')
        .set({ topic })
        .where('id', 'in', chunk)
        .where('topic', 'is not', null)
        .execute();
  }

  /** Newest first (ids are time-ordered), of a period and a channel or all. */
  list(filter: ContactFilter): Promise<ContactRow[]> {
    let query = this.db.selectFrom('contacts').selectAll().orderBy('id', 'desc').limit(filter.limit);
    if (filter.fromMs !== undefined) query = query.where('created_at', '>=', filter.fromMs);
    if (filter.toMs !== undefined) query = query.where('created_at', '<', filter.toMs);
    if (filter.channel !== undefined) query = query.where('channel', '=', filter.channel);
    if (filter.cursor !== undefined) query = query.where('id', '<', filter.cursor);
    return query.execute();
  }

  /** Contacts per minute start and channel created in [fromMs, toMs), minutes with any, oldest first. */
  async perMinute(fromMs: number, toMs: number): Promise<ContactMinute[]> {
    const minute = sql<number>`created_at - (created_at % 60000)`;
    const rows = await this.db
      .selectFrom('contacts')
      .select(['channel', minute.as('minute_at'), (eb) => eb.fn.countAll<number | string>().as('contacts')])
      .where('created_at', '>=', fromMs)
      .where('created_at', '<', toMs)
      .groupBy([minute, 'channel'])
      .orderBy(minute)
      .execute();
    return rows.map((row) => {
      // The table's CHECK holds the channels to the core's list: another is a broken invariant.
      if (!isContactChannel(row.channel)) throw new Error(`a contact by an unknown channel ${row.channel}`);
      return { atMs: Number(row.minute_at), channel: row.channel, contacts: Number(row.contacts) };
    });
  }

  /** Contacts per channel created in [fromMs, toMs). */
  async perChannel(fromMs: number, toMs: number): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('contacts')
      .select(['channel', (eb) => eb.fn.countAll<number | string>().as('contacts')])
      .where('created_at', '>=', fromMs)
      .where('created_at', '<', toMs)
      .groupBy('channel')
      .execute();
    return new Map(rows.map((row) => [row.channel, Number(row.contacts)]));
  }

  /** The topics most given in [fromMs, toMs), most first (then by topic, so the order holds still). */
  async topTopics(
    fromMs: number,
    toMs: number,
    limit: number,
  ): Promise<{ topic: string; contacts: number }[]> {
    const count = sql<number | string>`count(*)`;
    const rows = await this.db
      .selectFrom('contacts')
      .select(['topic', count.as('contacts')])
      .where('created_at', '>=', fromMs)
      .where('created_at', '<', toMs)
      .where('topic', 'is not', null)
      .groupBy('topic')
      .orderBy(count, 'desc')
      .orderBy('topic')
      .limit(limit)
      .execute();
    return rows.map((row) => ({ topic: row.topic!, contacts: Number(row.contacts) }));
  }

  /** Contacts created in [fromMs, toMs), every channel. */
  async count(fromMs: number, toMs: number): Promise<number> {
    const row = await this.db
      .selectFrom('contacts')
      .select((eb) => eb.fn.countAll<number | string>().as('contacts'))
      .where('created_at', '>=', fromMs)
      .where('created_at', '<', toMs)
      .executeTakeFirstOrThrow();
    return Number(row.contacts);
  }

  /**
   * Orders placed in [fromMs, toMs), whatever became of them, counted from the orders themselves
   * (off their `created_at` index) as the room's orders per minute are: a contact about a
   * cancelled order was still a contact about an order placed.
   */
  async ordersPlaced(fromMs: number, toMs: number): Promise<number> {
    const row = await this.db
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<number | string>().as('orders'))
      .where('created_at', '>=', fromMs)
      .where('created_at', '<', toMs)
      .executeTakeFirstOrThrow();
    return Number(row.orders);
  }
}

declare module '../../platform/store/store.js' {
  /** This part's repository in every transaction's bundle. */
  interface Repos {
    readonly contacts: ContactRepo;
  }
}
