/**
 * Migration 0013: Channel feeds. Per channel, the endpoint its availability is pushed to, where in
 * the outbox its last push got to, the process pushing it (one at a time), and per minute how long
 * its changes took to reach the channel.
 */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../engine.js';

export function channelFeeds(engine: Engine): Migration {
  const big = engine.name === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('channel_feeds')
        .addColumn('channel_code', 'text', (c) => c.primaryKey().references('channels.code'))
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('secret', 'text', (c) => c.notNull())
        // Paused by the contingency switch: nothing is pushed until it is resumed (then everything).
        .addColumn('paused', 'integer', (c) => c.notNull())
        .addColumn('paused_reason', 'text')
        // The last outbox event whose changes the channel has acknowledged.
        .addColumn('position', big, (c) => c.notNull())
        // A full push is due from this instant on (on demand, on resume, on schedule); null: none.
        .addColumn('resync_due_at', big)
        .addColumn('resynced_at', big)
        .addColumn('claimed_by', 'text')
        .addColumn('claimed_until', big)
        // After failures, the next push waits until then.
        .addColumn('failures', 'integer', (c) => c.notNull())
        .addColumn('next_attempt_at', big, (c) => c.notNull())
        .addColumn('last_push_at', big)
        .addColumn('last_status', 'integer')
        .addColumn('last_error', 'text')
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('feed_lag_minutes')
        .addColumn('channel_code', 'text', (c) => c.notNull())
        .addColumn('minute', big, (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        // JSON: counts per latency bucket of the operations room's figures.
        .addColumn('buckets', 'text', (c) => c.notNull())
        .addColumn('max_ms', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('feed_lag_minutes_pk', ['channel_code', 'minute'])
        .execute();
    },
  };
}
