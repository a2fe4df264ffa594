/**
 * Migration 0010: Webhooks. The shop's subscriptions to the outbox and the operations room's alert
 * webhooks become one table of endpoints, each with its position in the outbox, and every event due
 * to an endpoint becomes a delivery with its attempts: what a crash used to lose (a retry held in
 * memory) is now a row another process picks up.
 */
import { randomBytes } from 'node:crypto';
import { type Kysely, type Migration, sql } from 'kysely';
import type { Engine } from '../engine.js';

export function webhooks(engine: Engine): Migration {
  const big = engine.name === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('webhooks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        // `subscription` (the shop's, `/v1/webhooks`) or `alerts` (the operations room's).
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('name', 'text')
        .addColumn('url', 'text', (c) => c.notNull())
        // `standard` (the event as Standard Webhooks' `{type, timestamp, data}`), `json` or `slack`.
        .addColumn('format', 'text', (c) => c.notNull())
        // JSON array of event types; a pattern `order.*` takes every type under `order.`, `*` all.
        .addColumn('event_types', 'text', (c) => c.notNull())
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('enabled', 'integer', (c) => c.notNull())
        // The last outbox event turned into this endpoint's deliveries.
        .addColumn('position', big, (c) => c.notNull())
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull())
        .addColumn('last_attempt_at', big)
        .addColumn('last_status', 'integer')
        .addColumn('last_error', 'text')
        .execute();

      await db.schema
        .createTable('webhook_deliveries')
        .addColumn('webhook_id', 'text', (c) => c.notNull())
        .addColumn('event_id', big, (c) => c.notNull())
        .addColumn('event_type', 'text', (c) => c.notNull())
        .addColumn('entity_type', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text', (c) => c.notNull())
        // `pending`, `delivered` or `dead` (out of attempts: on the dead-letter list).
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('next_attempt_at', big, (c) => c.notNull())
        // The process sending it, until when: past it, another process may send it again.
        .addColumn('claimed_by', 'text')
        .addColumn('claimed_until', big)
        .addColumn('delivered_at', big)
        // JSON array of the latest attempts `{at, status, error, duration_ms}`.
        .addColumn('attempt_log', 'text', (c) => c.notNull())
        .addColumn('created_at', big, (c) => c.notNull())
        .addPrimaryKeyConstraint('webhook_deliveries_pk', ['webhook_id', 'event_id'])
        .execute();
      // What is due to an endpoint, soonest first.
      await db.schema
        .createIndex('webhook_deliveries_due')
        .on('webhook_deliveries')
        .columns(['webhook_id', 'status', 'next_attempt_at'])
        .execute();
      // An entity's earlier deliveries, so that its events go out in order.
      await db.schema
        .createIndex('webhook_deliveries_entity')
        .on('webhook_deliveries')
        .columns(['webhook_id', 'entity_type', 'entity_id', 'event_id'])
        .execute();

      // The alert webhooks move over, starting at the current end of the outbox: past alerts are not sent again.
      const counter = await sql<{ value: number }>`select value from counters where name = 'event'`.execute(
        db,
      );
      const position = Number(counter.rows[0]?.value ?? 0);
      const existing = await sql<{
        id: string;
        name: string;
        url: string;
        format: string;
        created_at: number;
        last_attempt_at: number | null;
        last_status: number | null;
        last_error: string | null;
      }>`select * from alert_webhooks`.execute(db);
      for (const row of existing.rows) {
        await sql`insert into webhooks (id, kind, name, url, format, event_types, secret, enabled, position,
                    created_at, updated_at, last_attempt_at, last_status, last_error)
                  values (${row.id}, 'alerts', ${row.name}, ${row.url}, ${row.format},
                    '["alert.fired","alert.resolved"]', ${`whsec_${randomBytes(24).toString('base64')}`}, 1,
                    ${position}, ${row.created_at}, ${row.created_at}, ${row.last_attempt_at},
                    ${row.last_status}, ${row.last_error})`.execute(db);
      }
      await db.schema.dropTable('alert_webhooks').execute();
    },
  };
}
