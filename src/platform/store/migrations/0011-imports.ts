/**
 * Migration 0011: Bulk imports. Each import sent to the API is a job that runs in the background:
 * its row says how far it got and, once finished, holds its report, so any process can answer for it.
 */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../engine.js';

export function imports(engine: Engine): Migration {
  const big = engine.name === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('import_jobs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        // `catalog`, `stock` or `buffers`; `csv` or `jsonl`.
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('dry_run', 'integer', (c) => c.notNull())
        .addColumn('partial', 'integer', (c) => c.notNull())
        // `running`, `done` or `failed`.
        .addColumn('status', 'text', (c) => c.notNull())
        // `reading`, `checking` or `writing`, with how far.
        .addColumn('phase', 'text', (c) => c.notNull())
        .addColumn('rows_done', big, (c) => c.notNull())
        .addColumn('rows_total', big)
        .addColumn('bytes_read', big, (c) => c.notNull())
        .addColumn('bytes_total', big)
        // JSON: the report, once the job finished.
        .addColumn('report', 'text')
        // Why a job stopped before its end (a failure of the store, its process gone).
        .addColumn('error', 'text')
        .addColumn('api_key_id', 'text', (c) => c.notNull())
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull())
        .addColumn('finished_at', big)
        .execute();
    },
  };
}
