/**
 * Migration 0022: Customer contacts. One row per call, mail, chat or post the help desk or social
 * listening reports, stamped by the server, about an order or not; counted per minute by the
 * operations room and per order placed by the planner. A retried report with the same
 * Idempotency-Key is the same contact.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { Engine } from '../engine.js';

export function contacts(engine: Engine): Migration {
  const big = engine.name === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('contacts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('channel', 'text', (c) =>
          c.notNull().check(sql`channel in ('phone', 'email', 'chat', 'social')`),
        )
        .addColumn('topic', 'text')
        .addColumn('order_id', 'text', (c) => c.references('orders.id'))
        // The key that reported it: a retried report is known by its key and its Idempotency-Key.
        .addColumn('api_key_id', 'text', (c) => c.notNull())
        .addColumn('idempotency_key', 'text')
        .addColumn('created_at', big, (c) => c.notNull())
        .execute();
      // The room's counts per minute and channel read this index alone, a range of the last hour.
      await db.schema
        .createIndex('contacts_created')
        .on('contacts')
        .columns(['created_at', 'channel'])
        .execute();
      await db.schema
        .createIndex('contacts_idempotency_key')
        .on('contacts')
        .columns(['api_key_id', 'idempotency_key'])
        .unique()
        .where(sql.ref('idempotency_key'), 'is not', null)
        .execute();
    },
  };
}
