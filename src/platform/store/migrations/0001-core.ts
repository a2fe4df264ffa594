/** Migration 0001: The first schema: catalog, stock and its ledger, holds, orders, idempotency keys, the outbox, API keys. */
import { type Kysely, type Migration, sql } from 'kysely';
import type { Engine } from '../engine.js';

export function core(engine: Engine): Migration {
  // Integers that may pass 2^31 are BIGINT on PostgreSQL; SQLite's INTEGER is 64-bit already.
  const big = engine.name === 'postgres' ? 'bigint' : 'integer';
  const serial = engine.name === 'postgres' ? 'bigserial' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('channels')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('locations')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('location_channels')
        .addColumn('location_code', 'text', (c) => c.notNull().references('locations.code'))
        .addColumn('channel_code', 'text', (c) => c.notNull().references('channels.code'))
        .addPrimaryKeyConstraint('location_channels_pk', ['location_code', 'channel_code'])
        .execute();
      await db.schema
        .createIndex('location_channels_channel')
        .on('location_channels')
        .columns(['channel_code'])
        .execute();

      await db.schema
        .createTable('skus')
        .addColumn('sku', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('weight_g', 'integer')
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('sku_terms')
        // Byte-wise collation so that `term >= 'abc' AND term < 'abc\uffff'` is a prefix range on both engines.
        .addColumn('term', 'text', (c) =>
          engine.name === 'postgres' ? c.notNull().modifyEnd(sql`collate "C"`) : c.notNull(),
        )
        .addColumn('sku', 'text', (c) => c.notNull().references('skus.sku'))
        .addPrimaryKeyConstraint('sku_terms_pk', ['term', 'sku'])
        .execute();
      await db.schema.createIndex('sku_terms_sku').on('sku_terms').columns(['sku']).execute();
      await db.schema
        .createTable('prices')
        .addColumn('sku', 'text', (c) => c.notNull().references('skus.sku'))
        .addColumn('channel_code', 'text', (c) => c.notNull().references('channels.code'))
        .addColumn('amount_minor', big, (c) => c.notNull().check(sql`amount_minor >= 0`))
        .addColumn('updated_at', big, (c) => c.notNull())
        .addPrimaryKeyConstraint('prices_pk', ['sku', 'channel_code'])
        .execute();
      await db.schema.createIndex('prices_channel').on('prices').columns(['channel_code']).execute();
      await db.schema
        .createTable('price_history')
        .addColumn('id', serial, (c) => c.primaryKey())
        .addColumn('sku', 'text', (c) => c.notNull())
        .addColumn('channel_code', 'text', (c) => c.notNull())
        .addColumn('amount_minor', big, (c) => c.notNull())
        .addColumn('valid_from', big, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('price_history_sku')
        .on('price_history')
        .columns(['sku', 'channel_code', 'id'])
        .execute();

      await db.schema
        .createTable('stock_levels')
        .addColumn('sku', 'text', (c) => c.notNull().references('skus.sku'))
        .addColumn('location_code', 'text', (c) => c.notNull().references('locations.code'))
        .addColumn('on_hand', big, (c) => c.notNull())
        .addColumn('reserved', big, (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('stock_levels_pk', ['sku', 'location_code'])
        // The promise "never oversell", held by the database itself whatever the code above it does.
        .addCheckConstraint('stock_levels_reserved_ok', sql`reserved >= 0 AND reserved <= on_hand`)
        .execute();
      await db.schema
        .createTable('stock_movements')
        .addColumn('id', serial, (c) => c.primaryKey())
        .addColumn('sku', 'text', (c) => c.notNull())
        .addColumn('location_code', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('quantity', big, (c) => c.notNull())
        .addColumn('reference', 'text')
        .addColumn('reason', 'text')
        .addColumn('created_at', big, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('stock_movements_sku')
        .on('stock_movements')
        .columns(['sku', 'id'])
        .execute();
      await db.schema
        .createTable('channel_buffers')
        .addColumn('channel_code', 'text', (c) => c.notNull().references('channels.code'))
        .addColumn('sku', 'text', (c) => c.notNull().references('skus.sku'))
        .addColumn('quantity', big, (c) => c.notNull().check(sql`quantity >= 0`))
        .addColumn('updated_at', big, (c) => c.notNull())
        .addPrimaryKeyConstraint('channel_buffers_pk', ['channel_code', 'sku'])
        .execute();

      await db.schema
        .createTable('holds')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('channel_code', 'text', (c) => c.notNull().references('channels.code'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('expires_at', big, (c) => c.notNull())
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('api_key_id', 'text')
        .execute();
      await db.schema
        .createIndex('holds_status_expiry')
        .on('holds')
        .columns(['status', 'expires_at'])
        .execute();
      for (const table of ['hold_allocations', 'order_allocations']) {
        await db.schema
          .createTable(table)
          .addColumn('owner_id', 'text', (c) => c.notNull())
          .addColumn('sku', 'text', (c) => c.notNull())
          .addColumn('location_code', 'text', (c) => c.notNull())
          .addColumn('quantity', big, (c) => c.notNull().check(sql`quantity > 0`))
          .execute();
        await db.schema.createIndex(`${table}_owner`).on(table).columns(['owner_id']).execute();
        await db.schema.createIndex(`${table}_sku`).on(table).columns(['sku']).execute();
      }

      await db.schema
        .createTable('orders')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('number', 'text', (c) => c.notNull().unique())
        .addColumn('channel_code', 'text', (c) => c.notNull().references('channels.code'))
        .addColumn('external_id', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('total_minor', big, (c) => c.notNull())
        .addColumn('customer_email', 'text', (c) => c.notNull())
        .addColumn('customer_name', 'text')
        .addColumn('shipping_address', 'text', (c) => c.notNull())
        .addColumn('api_key_id', 'text')
        .addColumn('hold_id', 'text')
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('orders_created').on('orders').columns(['created_at', 'id']).execute();
      await db.schema.createIndex('orders_status').on('orders').columns(['status', 'id']).execute();
      await db.schema.createIndex('orders_channel').on('orders').columns(['channel_code', 'id']).execute();
      await db.schema.createIndex('orders_api_key').on('orders').columns(['api_key_id', 'id']).execute();
      await db.schema
        .createTable('order_lines')
        .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
        .addColumn('line_no', 'integer', (c) => c.notNull())
        .addColumn('sku', 'text', (c) => c.notNull())
        .addColumn('quantity', big, (c) => c.notNull().check(sql`quantity > 0`))
        .addColumn('unit_price_minor', big, (c) => c.notNull())
        .addColumn('total_minor', big, (c) => c.notNull())
        .addPrimaryKeyConstraint('order_lines_pk', ['order_id', 'line_no'])
        .execute();
      await db.schema
        .createTable('idempotency_keys')
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('request_hash', 'text', (c) => c.notNull())
        .addColumn('order_id', 'text', (c) => c.notNull())
        .addColumn('response', 'text', (c) => c.notNull())
        .addColumn('created_at', big, (c) => c.notNull())
        .addPrimaryKeyConstraint('idempotency_keys_pk', ['scope', 'key'])
        .execute();

      await db.schema
        .createTable('events')
        .addColumn('id', big, (c) => c.primaryKey())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('entity_type', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('created_at', big, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('events_entity')
        .on('events')
        .columns(['entity_type', 'entity_id', 'id'])
        .execute();
      await db.schema
        .createTable('counters')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', big, (c) => c.notNull())
        .execute();
      await db
        .insertInto('counters' as never)
        .values([
          { name: 'event', value: 0 },
          { name: 'order_number', value: 0 },
        ] as never)
        .execute();

      await db.schema
        .createTable('api_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('key_hash', 'text', (c) => c.notNull().unique())
        .addColumn('key_prefix', 'text', (c) => c.notNull())
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('revoked_at', big)
        .execute();
    },
  };
}

/** Settings shared by every process (the waiting room's state and secret), and its ticket counter. */
