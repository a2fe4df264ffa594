/**
 * Migration 0007: Packing. A packing session per parcel at the packing station: the items scanned
 * so far, kept in the store so that a station (or a process) can resume where a scan left it.
 */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../engine.js';

export function packing(engine: Engine): Migration {
  const big = engine.name === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('packing_sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('shipment_id', 'text', (c) => c.notNull().references('shipments.id'))
        // JSON `{sku: units}` scanned so far.
        .addColumn('scanned', 'text', (c) => c.notNull())
        // `open` until the parcel's label is scanned, then `done`.
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('packing_sessions_shipment')
        .on('packing_sessions')
        .columns(['shipment_id', 'status'])
        .execute();
      // A scanned label names its parcel by tracking number as often as by id.
      await db.schema
        .createIndex('shipments_tracking')
        .on('shipments')
        .columns(['tracking_number'])
        .execute();
    },
  };
}
