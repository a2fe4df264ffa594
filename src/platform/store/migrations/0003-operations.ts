/** Migration 0003: The operations room: figures per minute, alerts, incidents, the audit log, availability freezes. */
import { type Kysely, type Migration, sql } from 'kysely';
import type { Engine } from '../engine.js';

export function operations(engine: Engine): Migration {
  const big = engine.name === 'postgres' ? 'bigint' : 'integer';
  const serial = engine.name === 'postgres' ? 'bigserial' : 'integer';
  const real = engine.name === 'postgres' ? 'double precision' : 'real';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('metric_minutes')
        .addColumn('minute_at', big, (c) => c.notNull())
        .addColumn('instance', 'text', (c) => c.notNull())
        .addColumn('requests', big, (c) => c.notNull())
        .addColumn('errors', big, (c) => c.notNull())
        .addColumn('refusals', big, (c) => c.notNull())
        .addColumn('orders_placed', big, (c) => c.notNull())
        .addColumn('orders_refused', big, (c) => c.notNull())
        .addColumn('availability_reads', big, (c) => c.notNull())
        .addColumn('latency_buckets', 'text', (c) => c.notNull())
        .addColumn('revenue', 'text', (c) => c.notNull())
        .addColumn('intake_queue_max', big, (c) => c.notNull())
        .addColumn('waiting_room_waiting', big, (c) => c.notNull())
        .addColumn('holds_active', big, (c) => c.notNull())
        .addColumn('skus_sold_out', big, (c) => c.notNull())
        .addColumn('outbox_backlog', big, (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull())
        .addPrimaryKeyConstraint('metric_minutes_pk', ['minute_at', 'instance'])
        .execute();
      await db.schema
        .createTable('event_cursors')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('position', big, (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('alert_rules')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('enabled', 'integer', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('condition', 'text', (c) => c.notNull())
        .addColumn('runbook', 'text')
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('alerts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('rule_id', 'text', (c) => c.notNull())
        .addColumn('rule_name', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('message', 'text', (c) => c.notNull())
        .addColumn('value', real, (c) => c.notNull())
        .addColumn('fired_at', big, (c) => c.notNull())
        .addColumn('resolved_at', big)
        .addColumn('incident_id', 'text')
        .execute();
      // One firing alert per rule, whichever process saw it first: the others' inserts fail.
      await db.schema
        .createIndex('alerts_one_firing')
        .on('alerts')
        .column('rule_id')
        .unique()
        .where(sql.ref('status'), '=', 'firing')
        .execute();
      await db.schema.createIndex('alerts_fired').on('alerts').columns(['fired_at', 'id']).execute();
      await db.schema
        .createTable('alert_webhooks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('last_attempt_at', big)
        .addColumn('last_status', 'integer')
        .addColumn('last_error', 'text')
        .execute();

      await db.schema
        .createTable('incidents')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('owner', 'text')
        .addColumn('alert_id', 'text')
        .addColumn('rule_id', 'text')
        .addColumn('summary', 'text')
        .addColumn('opened_by', 'text', (c) => c.notNull())
        .addColumn('opened_at', big, (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull())
        .addColumn('closed_at', big)
        .execute();
      await db.schema.createIndex('incidents_status').on('incidents').columns(['status', 'id']).execute();
      await db.schema
        .createTable('incident_entries')
        .addColumn('id', serial, (c) => c.primaryKey())
        .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
        .addColumn('at', big, (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('by', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('incident_entries_incident')
        .on('incident_entries')
        .columns(['incident_id', 'id'])
        .execute();

      await db.schema
        .createTable('audit_log')
        .addColumn('id', serial, (c) => c.primaryKey())
        .addColumn('at', big, (c) => c.notNull())
        .addColumn('actor_key_id', 'text', (c) => c.notNull())
        .addColumn('actor_name', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('details', 'text', (c) => c.notNull())
        .execute();
      // The back office finds a customer's orders by email, whatever its case.
      await db.schema
        .createIndex('orders_customer_email')
        .on('orders')
        .expression(sql`lower(customer_email)`)
        .execute();
      await db.schema
        .createTable('availability_freezes')
        .addColumn('channel_code', 'text', (c) => c.notNull().references('channels.code'))
        .addColumn('sku', 'text', (c) => c.notNull())
        .addColumn('available', big, (c) => c.notNull())
        .addPrimaryKeyConstraint('availability_freezes_pk', ['channel_code', 'sku'])
        .execute();
    },
  };
}
