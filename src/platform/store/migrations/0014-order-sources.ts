/**
 * Migration 0014: Order sources. Channels that do not push their orders are pulled: a folder where
 * order files appear, or a JSON endpoint read with a cursor. Each source's settings, where it got
 * to, the process pulling it (one at a time), and how its last run went.
 */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../engine.js';

export function orderSources(engine: Engine): Migration {
  const big = engine.name === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('order_sources')
        .addColumn('name', 'text', (c) => c.primaryKey())
        // `folder` or `http`.
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('channel_code', 'text', (c) => c.notNull().references('channels.code'))
        // JSON: the folder, or the URL, headers, paths and field mapping.
        .addColumn('settings', 'text', (c) => c.notNull())
        .addColumn('interval_s', 'integer', (c) => c.notNull())
        .addColumn('enabled', 'integer', (c) => c.notNull())
        // The endpoint's cursor after the last page taken; null before the first.
        .addColumn('cursor', 'text')
        .addColumn('claimed_by', 'text')
        .addColumn('claimed_until', big)
        .addColumn('last_run_at', big)
        // JSON: what the last run did (orders placed, already placed, refused, files).
        .addColumn('last_report', 'text')
        .addColumn('last_error', 'text')
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull())
        .execute();
    },
  };
}
