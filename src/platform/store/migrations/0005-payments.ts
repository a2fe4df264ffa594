/**
 * Migration 0005: Payments. Each payment recorded against an order (authorisations, captures,
 * failures, refunds, in the order's currency), the payment providers whose webhooks are accepted
 * with their signing secrets, every provider event applied (its id, once), and a channel's payment
 * timeout.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { Engine } from '../engine.js';

export function payments(engine: Engine): Migration {
  const big = engine.name === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('payments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('amount_minor', big, (c) => c.notNull().check(sql`amount_minor > 0`))
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('psp', 'text', (c) => c.notNull())
        .addColumn('psp_reference', 'text', (c) => c.notNull())
        // The provider event that brought it, when it came by webhook.
        .addColumn('event_id', 'text')
        .addColumn('created_at', big, (c) => c.notNull())
        .execute();
      // A payment is one fact at its provider: recorded again, it is the same payment.
      await db.schema
        .createIndex('payments_reference')
        .on('payments')
        .columns(['psp', 'psp_reference', 'kind'])
        .unique()
        .execute();
      await db.schema.createIndex('payments_order').on('payments').columns(['order_id', 'id']).execute();
      await db.schema.createIndex('payments_created').on('payments').columns(['created_at']).execute();

      await db.schema
        .createTable('payment_providers')
        .addColumn('psp', 'text', (c) => c.primaryKey())
        .addColumn('scheme', 'text', (c) => c.notNull())
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('payment_events')
        .addColumn('psp', 'text', (c) => c.notNull())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        // `applied`, `ignored` (a type Affluence does not act on) or `refused` (with the reason).
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('order_id', 'text')
        .addColumn('payment_id', 'text')
        .addColumn('detail', 'text')
        .addColumn('received_at', big, (c) => c.notNull())
        .addPrimaryKeyConstraint('payment_events_pk', ['psp', 'event_id'])
        .execute();

      // Minutes an order may stay `placed` before it is cancelled and its stock returned; null: never.
      await db.schema.alterTable('channels').addColumn('payment_timeout_minutes', 'integer').execute();
    },
  };
}
