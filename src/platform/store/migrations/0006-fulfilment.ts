/**
 * Migration 0006: Fulfilment. SKUs gain their size and barcode, locations their address; channels
 * their delivery promise,
 * whether paid orders ship by themselves, and the least value an order must have to leave in
 * several parcels; carriers' services with their limits and rate cards; the packaging a shop packs
 * in; each location's zones (how near it is to a destination); shipments and their items.
 */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../engine.js';

export function fulfilment(engine: Engine): Migration {
  const big = engine.name === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      for (const column of ['length_mm', 'width_mm', 'height_mm']) {
        await db.schema.alterTable('skus').addColumn(column, 'integer').execute();
      }
      await db.schema.alterTable('skus').addColumn('gtin', 'text').execute();
      // Where parcels leave from, as JSON: the sender's address on their labels.
      await db.schema.alterTable('locations').addColumn('address', 'text').execute();

      await db.schema.alterTable('channels').addColumn('delivery_days', 'integer').execute();
      await db.schema
        .alterTable('channels')
        .addColumn('auto_ship', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .alterTable('channels')
        .addColumn('split_min_order_minor', big, (c) => c.notNull().defaultTo(0))
        .execute();

      await db.schema
        .createTable('carrier_services')
        .addColumn('carrier', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('max_weight_g', 'integer', (c) => c.notNull())
        .addColumn('max_length_mm', 'integer')
        .addColumn('max_size_mm', 'integer')
        // `sum` (L+l+h) or `girth` (L+2h+2l); null with max_size_mm null.
        .addColumn('size_formula', 'text')
        .addColumn('max_thickness_mm', 'integer')
        // Null when the card says none: such a service cannot promise a date, so is never chosen.
        .addColumn('transit_days_min', 'integer')
        .addColumn('transit_days_max', 'integer')
        .addColumn('cutoff_minutes', 'integer', (c) => c.notNull())
        // 1: sample counter prices (the shared data), to be labelled as such wherever shown.
        .addColumn('sample', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('source_url', 'text')
        .addColumn('note', 'text')
        .addColumn('updated_at', big, (c) => c.notNull())
        .addPrimaryKeyConstraint('carrier_services_pk', ['carrier', 'code'])
        .execute();
      await db.schema
        .createTable('carrier_rates')
        .addColumn('carrier', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('zone', 'text', (c) => c.notNull())
        // The local date the card applies from, `YYYY-MM-DD`.
        .addColumn('valid_from', 'text', (c) => c.notNull())
        .addColumn('max_weight_g', 'integer', (c) => c.notNull())
        .addColumn('price_minor', big, (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('source_url', 'text')
        .addColumn('note', 'text')
        .addPrimaryKeyConstraint('carrier_rates_pk', [
          'carrier',
          'code',
          'zone',
          'valid_from',
          'max_weight_g',
        ])
        .execute();

      await db.schema
        .createTable('packagings')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('inner_length_mm', 'integer', (c) => c.notNull())
        .addColumn('inner_width_mm', 'integer', (c) => c.notNull())
        .addColumn('inner_height_mm', 'integer', (c) => c.notNull())
        .addColumn('max_weight_g', 'integer', (c) => c.notNull())
        .addColumn('own_weight_g', 'integer', (c) => c.notNull())
        .addColumn('cost_minor', big, (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('location_zones')
        .addColumn('location_code', 'text', (c) => c.notNull().references('locations.code'))
        .addColumn('country', 'text', (c) => c.notNull())
        // '' for the whole country; the longest prefix of a destination's postal code wins.
        .addColumn('postal_prefix', 'text', (c) => c.notNull())
        .addColumn('rank', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('location_zones_pk', ['location_code', 'country', 'postal_prefix'])
        .execute();

      await db.schema
        .createTable('shipments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
        .addColumn('location_code', 'text', (c) => c.notNull().references('locations.code'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('package_code', 'text', (c) => c.notNull())
        .addColumn('carrier', 'text', (c) => c.notNull())
        .addColumn('service_code', 'text', (c) => c.notNull())
        .addColumn('price_minor', big, (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        // 1: the price came from a sample card (the shared counter prices), shown as such.
        .addColumn('price_sample', 'integer', (c) => c.notNull())
        .addColumn('weight_g', 'integer', (c) => c.notNull())
        // The local date the customer was promised, `YYYY-MM-DD`.
        .addColumn('promised_by', 'text', (c) => c.notNull())
        .addColumn('why', 'text', (c) => c.notNull())
        .addColumn('tracking_number', 'text')
        // When its units left on hand: the hand-over, or a later move out of an exception.
        .addColumn('handed_over_at', big)
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('shipments_order').on('shipments').columns(['order_id']).execute();
      await db.schema
        .createIndex('shipments_status')
        .on('shipments')
        .columns(['status', 'created_at'])
        .execute();
      await db.schema
        .createTable('shipment_items')
        .addColumn('shipment_id', 'text', (c) => c.notNull().references('shipments.id'))
        .addColumn('sku', 'text', (c) => c.notNull())
        .addColumn('quantity', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('shipment_items_pk', ['shipment_id', 'sku'])
        .execute();
    },
  };
}
