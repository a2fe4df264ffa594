/**
 * Migration 0016: Promo codes. A code's terms and its count of uses, which the database keeps
 * within its usage limit whatever the application decides; each use, per order and customer, given
 * back once when the order is cancelled; and on orders, each line's share of the discounts and the
 * codes the order used.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { Engine } from '../engine.js';

export function promoCodes(engine: Engine): Migration {
  const big = engine.name === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('promo_codes')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('amount', 'percent')`))
        .addColumn('value', big, (c) => c.notNull().check(sql`value > 0`))
        .addColumn('min_basket_minor', big)
        // A JSON array of channel codes: read whole with the code, never queried inside.
        .addColumn('channels', 'text', (c) => c.notNull())
        .addColumn('starts_at', big)
        .addColumn('ends_at', big)
        .addColumn('usage_limit', 'integer', (c) => c.check(sql`usage_limit > 0`))
        .addColumn('per_customer_limit', 'integer', (c) => c.check(sql`per_customer_limit > 0`))
        .addColumn('stacks_with_sales', 'integer', (c) => c.notNull())
        .addColumn('used_count', 'integer', (c) => c.notNull().defaultTo(0))
        // The single-use codes of a batch name the code they were made from; that code, once it has
        // made a batch, is only their template and no order may use it.
        .addColumn('batch_of', 'text')
        .addColumn('is_template', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('disabled_at', big)
        .addColumn('disabled_by', 'text')
        .addColumn('disabled_reason', 'text')
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull())
        // The second guard of the usage limit, after the capture's decision: a batch that would take
        // one use too many fails whole.
        .addCheckConstraint(
          'promo_codes_within_limit',
          sql`used_count >= 0 and (usage_limit is null or used_count <= usage_limit)`,
        )
        .execute();
      await db.schema.createIndex('promo_codes_batch_of').on('promo_codes').column('batch_of').execute();

      await db.schema
        .createTable('promo_code_uses')
        .addColumn('order_id', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('customer_key', 'text', (c) => c.notNull())
        .addColumn('discount_minor', big, (c) => c.notNull())
        .addColumn('created_at', big, (c) => c.notNull())
        // Set when the order is cancelled and its use given back: once, as the update requires it null.
        .addColumn('released_at', big)
        .addPrimaryKeyConstraint('promo_code_uses_pk', ['order_id', 'code'])
        .execute();
      // A customer's uses of a code, counted under the code's lock for its per-customer limit.
      await db.schema
        .createIndex('promo_code_uses_customer')
        .on('promo_code_uses')
        .columns(['code', 'customer_key'])
        .where(sql.ref('released_at'), 'is', null)
        .execute();
      // The uses of the last minutes, per code: the use rate a leaked code makes jump.
      await db.schema
        .createIndex('promo_code_uses_created')
        .on('promo_code_uses')
        .column('created_at')
        .execute();

      await db.schema.alterTable('orders').addColumn('promotions', 'text').execute();
      await db.schema
        .alterTable('order_lines')
        .addColumn('discount_minor', big, (c) => c.notNull().defaultTo(0))
        .execute();
    },
  };
}
