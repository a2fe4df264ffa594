/**
 * Migration 0019: The advent calendar. A calendar per season; a door per day with its reward and
 * the instants it opens and closes; the single-use promo codes set aside for a door, each for one
 * door only (and those a removed calendar gave, never again); and one play per customer, door and
 * day, the first, which every later try answers.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { Engine } from '../engine.js';

export function advent(engine: Engine): Migration {
  const big = engine.name === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('advent_calendars')
        .addColumn('season', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('time_zone', 'text', (c) => c.notNull())
        // Local dates (YYYY-MM-DD) and a local time (HH:MM) of the calendar's time zone.
        .addColumn('first_day', 'text', (c) => c.notNull())
        .addColumn('last_day', 'text', (c) => c.notNull())
        .addColumn('opens_at', 'text', (c) => c.notNull())
        .addColumn('late_opening', 'integer', (c) => c.notNull())
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('advent_doors')
        .addColumn('season', 'text', (c) => c.notNull().references('advent_calendars.season'))
        .addColumn('day', 'text', (c) => c.notNull())
        // Instants: the day's local midnight, the door's opening that day, and the next midnight.
        .addColumn('day_start', big, (c) => c.notNull())
        .addColumn('opens_at', big, (c) => c.notNull())
        .addColumn('closes_at', big, (c) => c.notNull())
        // JSON of the reward (see src/campaigns/core/advent.ts); its kind and limit are columns, for
        // the draws due and the check.
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('reward', 'text', (c) => c.notNull())
        .addColumn('reward_limit', 'integer')
        .addColumn('given', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('players', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('drawn_at', big)
        .addPrimaryKeyConstraint('advent_doors_pk', ['season', 'day'])
        // The second guard of a limited reward, after the door's lock: never one more than its limit.
        .addCheckConstraint(
          'advent_doors_within_limit',
          sql`given >= 0 and (reward_limit is null or given <= reward_limit)`,
        )
        .execute();
      // The door of an instant, and the draws due: by when each door closes.
      await db.schema.createIndex('advent_doors_closes').on('advent_doors').column('closes_at').execute();

      await db.schema
        .createTable('advent_door_codes')
        .addColumn('season', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('ordinal', 'integer', (c) => c.notNull())
        // Unique over every door of every season: a code is set aside for one door, so given once.
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addPrimaryKeyConstraint('advent_door_codes_pk', ['season', 'day', 'ordinal'])
        .execute();

      // Codes given by doors of calendars since removed: never set aside for a door again.
      await db.schema
        .createTable('advent_spent_codes')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .execute();

      await db.schema
        .createTable('advent_plays')
        .addColumn('season', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        // The customer as the promo codes' per-customer limit knows them: lower case, `+tag` dropped.
        .addColumn('customer_key', 'text', (c) => c.notNull())
        .addColumn('opened_at', big, (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.unique())
        // A draw door's: whether the play takes part in the draw, and once drawn whether it won.
        .addColumn('entered', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('won', 'integer')
        .addPrimaryKeyConstraint('advent_plays_pk', ['season', 'day', 'customer_key'])
        .execute();
    },
  };
}
