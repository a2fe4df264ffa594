/**
 * Migration 0008: Fulfilment figures. When each shipment was packed, so that the operations room
 * reads the packing rate of the last hour off an index rather than the event feed.
 */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../engine.js';

export function fulfilmentFigures(engine: Engine): Migration {
  const big = engine.name === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('shipments').addColumn('packed_at', big).execute();
      await db.schema.createIndex('shipments_packed').on('shipments').columns(['packed_at']).execute();
    },
  };
}
