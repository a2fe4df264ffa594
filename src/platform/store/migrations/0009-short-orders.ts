/**
 * Migration 0009: Short orders. Units an open order lost when a location went short and no other
 * location could take back, so that the operations room lists the orders to deal with.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { Engine } from '../engine.js';

export function shortOrders(_engine: Engine): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('orders')
        .addColumn('short_units', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      // Short orders are few: a partial index keeps them at hand without weighing on every order.
      await db.schema
        .createIndex('orders_short')
        .on('orders')
        .columns(['short_units'])
        .where(sql.ref('short_units'), '>', 0)
        .execute();
    },
  };
}
