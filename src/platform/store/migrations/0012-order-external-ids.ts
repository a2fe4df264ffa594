/**
 * Migration 0012: Orders' external ids. A marketplace names its order by its own id: once per
 * channel, whatever the Idempotency-Key of each arrival. The key of the first order's answer is
 * kept beside it, so that a second arrival answers the first order as the first was answered.
 * Orders placed through the API before it are taken in; the first of any duplicate wins.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { Engine } from '../engine.js';

export function orderExternalIds(_engine: Engine): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('order_external_ids')
        .addColumn('channel_code', 'text', (c) => c.notNull())
        .addColumn('external_id', 'text', (c) => c.notNull())
        .addColumn('order_id', 'text', (c) => c.notNull())
        // The idempotency key the first order was placed with: its recorded answer is the answer.
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('order_external_ids_pk', ['channel_code', 'external_id'])
        .execute();
      await sql`
        insert into order_external_ids (channel_code, external_id, order_id, scope, key)
        select o.channel_code, o.external_id, o.id, k.scope, k.key
        from orders o join idempotency_keys k on k.order_id = o.id
        where o.external_id is not null
        order by o.created_at, o.id
        on conflict do nothing`.execute(db);
    },
  };
}
