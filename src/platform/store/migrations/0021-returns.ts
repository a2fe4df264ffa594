/**
 * Migration 0021: Returns. Each channel's return terms (its window, when the shipping is refunded,
 * where parcels go back to); returns authorised on delivered orders, and their lines, whose numbers
 * the database holds together (received within what was authorised, every unit received found either
 * resellable or damaged, refunded within what was received); and on orders, the instant they were
 * delivered, which the return window and the returns report count from.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { Engine } from '../engine.js';

export function returns(engine: Engine): Migration {
  const big = engine.name === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('orders').addColumn('delivered_at', big).execute();
      // Orders delivered before this column: their `order.delivered` event says when, else their last
      // move (a past order imported as delivered has no such event).
      await sql`
        update orders set delivered_at = coalesce(
          (select max(events.created_at) from events
           where events.entity_type = 'order' and events.entity_id = orders.id and events.type = 'order.delivered'),
          orders.updated_at)
        where orders.status = 'delivered'`.execute(db);
      // Partial: the orders placed at a peak carry no delivery yet, and write nothing to this index.
      await db.schema
        .createIndex('orders_delivered')
        .on('orders')
        .column('delivered_at')
        .where(sql.ref('delivered_at'), 'is not', null)
        .execute();

      await db.schema
        .createTable('return_policies')
        .addColumn('channel_code', 'text', (c) => c.primaryKey().references('channels.code'))
        .addColumn('window_days', 'integer', (c) => c.notNull().check(sql`window_days >= 0`))
        .addColumn('refund_shipping_whole_order', 'integer', (c) => c.notNull())
        .addColumn('refund_shipping_shop_fault', 'integer', (c) => c.notNull())
        .addColumn('location_code', 'text', (c) => c.references('locations.code'))
        .addColumn('updated_at', big, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('returns')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
        // The order's number, channel and currency, which never change: a list of returns and the
        // report read them without the order.
        .addColumn('order_number', 'text', (c) => c.notNull())
        .addColumn('channel_code', 'text', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) =>
          c.notNull().check(sql`status in ('authorised', 'received', 'refunded', 'cancelled')`),
        )
        .addColumn('location_code', 'text', (c) => c.references('locations.code'))
        .addColumn('send_back_by', big, (c) => c.notNull())
        .addColumn('idempotency_key', 'text')
        .addColumn('refunded_minor', big, (c) => c.notNull().defaultTo(0))
        .addColumn('refunded_tax_minor', big, (c) => c.notNull().defaultTo(0))
        .addColumn('refunded_shipping_minor', big, (c) => c.notNull().defaultTo(0))
        .addColumn('payment_id', 'text')
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull())
        .addColumn('received_at', big)
        .addColumn('refunded_at', big)
        // The tax is a part of the lines' refund, and the shipping comes on top of it.
        .addCheckConstraint(
          'returns_refund_ok',
          sql`refunded_tax_minor >= 0 and refunded_shipping_minor >= 0
            and refunded_minor >= refunded_tax_minor + refunded_shipping_minor`,
        )
        .execute();
      await db.schema.createIndex('returns_order').on('returns').columns(['order_id', 'id']).execute();
      await db.schema.createIndex('returns_status').on('returns').columns(['status', 'id']).execute();
      await db.schema.createIndex('returns_created').on('returns').column('created_at').execute();
      // A retried authorisation with the same key is the same return.
      await db.schema
        .createIndex('returns_idempotency_key')
        .on('returns')
        .columns(['order_id', 'idempotency_key'])
        .unique()
        .where(sql.ref('idempotency_key'), 'is not', null)
        .execute();

      await db.schema
        .createTable('return_lines')
        .addColumn('return_id', 'text', (c) => c.notNull().references('returns.id'))
        .addColumn('sku', 'text', (c) => c.notNull())
        .addColumn('quantity', big, (c) => c.notNull().check(sql`quantity > 0`))
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('received', big, (c) => c.notNull().defaultTo(0))
        .addColumn('resellable', big, (c) => c.notNull().defaultTo(0))
        .addColumn('damaged', big, (c) => c.notNull().defaultTo(0))
        .addColumn('damage_reason', 'text')
        .addColumn('refunded', big, (c) => c.notNull().defaultTo(0))
        .addColumn('refunded_minor', big, (c) => c.notNull().defaultTo(0))
        .addColumn('refunded_tax_minor', big, (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('return_lines_pk', ['return_id', 'sku'])
        // The second guard of a receipt and a refund, after the order's lock: the units add up.
        .addCheckConstraint(
          'return_lines_units_ok',
          sql`received >= 0 and received <= quantity
            and resellable >= 0 and damaged >= 0 and resellable + damaged = received
            and refunded >= 0 and refunded <= received`,
        )
        .addCheckConstraint(
          'return_lines_refund_ok',
          sql`refunded_tax_minor >= 0 and refunded_minor >= refunded_tax_minor`,
        )
        .execute();
    },
  };
}
