/** Migration 0002: The waiting room's ticket counter. */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../engine.js';

export function waitingRoom(engine: Engine): Migration {
  const big = engine.name === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull())
        .execute();
      await db
        .insertInto('counters' as never)
        .values({ name: 'waiting_room_ticket', value: 0 } as never)
        .execute();
    },
  };
}

/**
 * The operations room: figures per minute and process, alert rules and the alerts they raised,
 * where alerts are sent, incidents and their timelines, the audit log of switches, consumers'
 * positions in the outbox, and the availability a frozen channel keeps.
 */
