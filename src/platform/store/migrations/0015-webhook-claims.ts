/**
 * Migration 0015: Webhook claims in event order. An endpoint's pending deliveries are claimed
 * oldest event first; with a backlog of thousands, finding them by due time then sorting them cost
 * more than the orders they follow. Read from an index in event order instead.
 */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../engine.js';

export function webhookClaims(_engine: Engine): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createIndex('webhook_deliveries_pending')
        .on('webhook_deliveries')
        .columns(['webhook_id', 'status', 'event_id'])
        .execute();
      await db.schema.dropIndex('webhook_deliveries_due').execute();
    },
  };
}
