/**
 * Migration 0020: Incoming stock. Purchase orders with their lines and receipts; per SKU and channel
 * the terms of selling beyond stock (a backorder against incoming purchase orders, or a pre-order
 * before a release date), whose count of units waiting the database keeps within the limit the shop
 * set; the queue of order lines waiting for stock, first come first served; and on order lines, the
 * units sold beyond stock and the date promised for them.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { Engine } from '../engine.js';

export function incomingStock(engine: Engine): Migration {
  const big = engine.name === 'postgres' ? 'bigint' : 'integer';
  const serial = engine.name === 'postgres' ? 'bigserial' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('purchase_orders')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('supplier', 'text', (c) => c.notNull())
        .addColumn('reference', 'text')
        .addColumn('location_code', 'text', (c) => c.notNull().references('locations.code'))
        // A civil date, `YYYY-MM-DD`: a supplier promises a day, not an instant.
        .addColumn('expected_on', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'received', 'closed')`))
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('purchase_orders_status')
        .on('purchase_orders')
        .columns(['status', 'expected_on'])
        .execute();
      await db.schema
        .createTable('purchase_order_lines')
        .addColumn('purchase_order_id', 'text', (c) => c.notNull().references('purchase_orders.id'))
        .addColumn('line_no', 'integer', (c) => c.notNull())
        .addColumn('sku', 'text', (c) => c.notNull().references('skus.sku'))
        .addColumn('ordered', big, (c) => c.notNull().check(sql`ordered > 0`))
        .addColumn('received', big, (c) => c.notNull().defaultTo(0).check(sql`received >= 0`))
        .addPrimaryKeyConstraint('purchase_order_lines_pk', ['purchase_order_id', 'line_no'])
        .addUniqueConstraint('purchase_order_lines_sku', ['purchase_order_id', 'sku'])
        .execute();
      // What is incoming of a SKU: its lines on open purchase orders.
      await db.schema
        .createIndex('purchase_order_lines_by_sku')
        .on('purchase_order_lines')
        .columns(['sku', 'purchase_order_id'])
        .execute();
      await db.schema
        .createTable('purchase_order_receipts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('purchase_order_id', 'text', (c) => c.notNull().references('purchase_orders.id'))
        // The supplier's delivery note: the same note twice is the same delivery, recorded once.
        .addColumn('delivery_note', 'text')
        // The lines as received, JSON `[{sku, quantity}]`, and the waiting order lines they served.
        .addColumn('lines', 'text', (c) => c.notNull())
        .addColumn('allocated', 'text', (c) => c.notNull())
        .addColumn('closes', 'integer', (c) => c.notNull())
        .addColumn('created_at', big, (c) => c.notNull())
        .addUniqueConstraint('purchase_order_receipts_note', ['purchase_order_id', 'delivery_note'])
        .execute();
      await db.schema
        .createIndex('purchase_order_receipts_order')
        .on('purchase_order_receipts')
        .columns(['purchase_order_id', 'created_at'])
        .execute();

      await db.schema
        .createTable('backorder_terms')
        .addColumn('sku', 'text', (c) => c.notNull().references('skus.sku'))
        .addColumn('channel_code', 'text', (c) => c.notNull().references('channels.code'))
        .addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in ('backorder', 'preorder')`))
        .addColumn('max_units', big, (c) => c.notNull().check(sql`max_units >= 0`))
        .addColumn('waiting', big, (c) => c.notNull().defaultTo(0))
        .addColumn('release_on', 'text')
        // Paused terms sell nothing more beyond stock; the units already waiting still wait.
        .addColumn('paused', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('updated_at', big, (c) => c.notNull())
        .addPrimaryKeyConstraint('backorder_terms_pk', ['sku', 'channel_code'])
        // The promise beyond stock, held by the database whatever the code above it does: units sold
        // and waiting never pass what the shop allowed.
        .addCheckConstraint('backorder_terms_within_limit', sql`waiting >= 0 and waiting <= max_units`)
        .addCheckConstraint(
          'backorder_terms_preorder_date',
          sql`mode = 'backorder' or release_on is not null`,
        )
        .execute();

      await db.schema
        .createTable('backorder_queue')
        // Its order is the queue's: first come, first served.
        .addColumn('id', serial, (c) => c.primaryKey())
        .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
        .addColumn('line_no', 'integer', (c) => c.notNull())
        .addColumn('sku', 'text', (c) => c.notNull())
        .addColumn('channel_code', 'text', (c) => c.notNull())
        .addColumn('waiting', big, (c) => c.notNull().check(sql`waiting > 0`))
        // The date promised at the sale, and the date it can now be served by: moved when the
        // purchase order it counted on is late or short (null when no incoming stock covers it any
        // more), with the instant it was first found behind its promise.
        .addColumn('promised_on', 'text')
        .addColumn('expected_on', 'text')
        .addColumn('delayed_at', big)
        .addColumn('created_at', big, (c) => c.notNull())
        .addUniqueConstraint('backorder_queue_line', ['order_id', 'line_no'])
        .execute();
      await db.schema
        .createIndex('backorder_queue_sku')
        .on('backorder_queue')
        .columns(['sku', 'id'])
        .execute();
      // Delayed lines are few among those waiting: a partial index in queue order serves the
      // operations room's count and list of them every second without weighing on every line queued.
      await db.schema
        .createIndex('backorder_queue_delayed')
        .on('backorder_queue')
        .columns(['id'])
        .where(sql.ref('delayed_at'), 'is not', null)
        .execute();

      await db.schema
        .alterTable('order_lines')
        .addColumn('backordered', big, (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('order_lines').addColumn('promised_on', 'text').execute();
    },
  };
}
