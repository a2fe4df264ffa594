/**
 * Migration 0018: Segments and selections. A SKU gets a category (what a selection's rule picks
 * by); customer segments and product selections are stored as their rules, in JSON, under the code
 * the shop gives them.
 */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../engine.js';

export function selections(engine: Engine): Migration {
  const big = engine.name === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('skus').addColumn('category', 'text').execute();
      // A category's SKUs are read in code order, a page at a time, by a selection's rule.
      await db.schema.createIndex('skus_category').on('skus').columns(['category', 'sku']).execute();

      await db.schema
        .createTable('segments')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        // JSON array of conditions, all of which must hold (see src/campaigns/core/segments.ts).
        .addColumn('conditions', 'text', (c) => c.notNull())
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('selections')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('channel_code', 'text', (c) => c.notNull().references('channels.code'))
        // JSON array of entries, one per segment and a default (see src/campaigns/core/selections.ts).
        .addColumn('entries', 'text', (c) => c.notNull())
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull())
        .execute();
    },
  };
}
