/**
 * Migration 0023: peak plans. Each plan made on the store (`POST /v1/plans`, `affluence plan
 * --store`) is kept whole, as the JSON its contract defines, so the back office shows the latest
 * and earlier ones stay comparable; a plan is read whole or not at all, never queried inside.
 */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../engine.js';

export function plans(engine: Engine): Migration {
  const big = engine.name === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('plans')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('created_at', big, (column) => column.notNull())
        .addColumn('window_from', 'text', (column) => column.notNull())
        .addColumn('window_to', 'text', (column) => column.notNull())
        .addColumn('body', 'text', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('plans_created').on('plans').columns(['created_at', 'id']).execute();
    },
  };
}
