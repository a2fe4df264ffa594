/**
 * Migration 0004: Pricing. The base price history records withdrawals and where each row came
 * from; scheduled sales with their channels and items; the soldes periods a ministerial order
 * moved; VAT on SKUs (tax class), channels (country, prices including tax) and orders.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { Engine } from '../engine.js';

/**
 * Periods a ministerial order set apart from the rule, 2020 on (instants in UTC; local start 08:00,
 * end the day after the last day at 00:00, Europe/Paris): 2020 summer and 2021 (COVID: arrêté du
 * 10 juin 2020; arrêté of 29 December 2020, then two weeks more by Bercy on 12 February 2021;
 * ministry release of 27 May 2021) and 2023 summer (arrêté du 6 juillet 2023).
 */
const soldesExceptions = [
  {
    year: 2020,
    season: 'summer',
    starts_at: '2020-07-15T06:00:00Z',
    ends_at: '2020-08-11T22:00:00Z',
    reason: 'COVID-19: postponed by the arrêté of 10 June 2020',
  },
  {
    year: 2021,
    season: 'winter',
    starts_at: '2021-01-20T07:00:00Z',
    ends_at: '2021-03-02T23:00:00Z',
    reason: 'COVID-19: postponed to 20 January, then extended to 2 March',
  },
  {
    year: 2021,
    season: 'summer',
    starts_at: '2021-06-30T06:00:00Z',
    ends_at: '2021-07-27T22:00:00Z',
    reason: 'COVID-19: postponed by one week',
  },
  {
    year: 2023,
    season: 'summer',
    starts_at: '2023-06-28T06:00:00Z',
    ends_at: '2023-08-01T22:00:00Z',
    reason: 'Extended to 1 August by the arrêté of 6 July 2023',
  },
] as const;

export function pricing(engine: Engine): Migration {
  const big = engine.name === 'postgres' ? 'bigint' : 'integer';
  const serial = engine.name === 'postgres' ? 'bigserial' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      // The history is rebuilt: its amount becomes nullable (null: withdrawn from the channel).
      await db.schema
        .createTable('price_changes')
        .addColumn('id', serial, (c) => c.primaryKey())
        .addColumn('sku', 'text', (c) => c.notNull())
        .addColumn('channel_code', 'text', (c) => c.notNull())
        .addColumn('amount_minor', big, (c) => c.check(sql`amount_minor >= 0`))
        .addColumn('valid_from', big, (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('recorded_at', big, (c) => c.notNull())
        .execute();
      await sql`INSERT INTO price_changes (sku, channel_code, amount_minor, valid_from, source, recorded_at)
                SELECT sku, channel_code, amount_minor, valid_from, 'api', valid_from FROM price_history ORDER BY id`.execute(
        db,
      );
      await db.schema.dropTable('price_history').execute();
      await db.schema
        .createIndex('price_changes_sku')
        .on('price_changes')
        .columns(['sku', 'channel_code', 'valid_from'])
        .execute();

      await db.schema
        .createTable('sales')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('time_zone', 'text', (c) => c.notNull())
        .addColumn('starts_at', big, (c) => c.notNull())
        .addColumn('ends_at', big, (c) => c.notNull())
        // When it stops applying: `ends_at`, or earlier once ended by hand.
        .addColumn('stops_at', big, (c) => c.notNull())
        .addColumn('ended_at', big)
        .addColumn('end_reason', 'text')
        .addColumn('discount_bp', 'integer')
        .addColumn('rounding', 'text', (c) => c.notNull())
        .addColumn('check_result', 'text', (c) => c.notNull())
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sales_starts').on('sales').columns(['starts_at', 'id']).execute();
      await db.schema
        .createTable('sale_channels')
        .addColumn('sale_id', 'text', (c) => c.notNull().references('sales.id'))
        .addColumn('channel_code', 'text', (c) => c.notNull().references('channels.code'))
        .addPrimaryKeyConstraint('sale_channels_pk', ['sale_id', 'channel_code'])
        .execute();
      await db.schema
        .createIndex('sale_channels_channel')
        .on('sale_channels')
        .columns(['channel_code'])
        .execute();
      await db.schema
        .createTable('sale_items')
        .addColumn('sale_id', 'text', (c) => c.notNull().references('sales.id'))
        .addColumn('sku', 'text', (c) => c.notNull().references('skus.sku'))
        .addColumn('price_minor', big, (c) => c.check(sql`price_minor >= 0`))
        .addColumn('discount_bp', 'integer')
        .addPrimaryKeyConstraint('sale_items_pk', ['sale_id', 'sku'])
        .execute();
      await db.schema.createIndex('sale_items_sku').on('sale_items').columns(['sku']).execute();

      await db.schema
        .createTable('soldes_periods')
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('season', 'text', (c) => c.notNull())
        .addColumn('starts_at', big, (c) => c.notNull())
        .addColumn('ends_at', big, (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull())
        .addPrimaryKeyConstraint('soldes_periods_pk', ['year', 'season'])
        .execute();
      const now = Date.now();
      await db
        .insertInto('soldes_periods' as never)
        .values(
          soldesExceptions.map((period) => ({
            ...period,
            starts_at: Date.parse(period.starts_at),
            ends_at: Date.parse(period.ends_at),
            updated_at: now,
          })) as never,
        )
        .execute();

      await db.schema
        .alterTable('skus')
        .addColumn('tax_class', 'text', (c) => c.notNull().defaultTo('standard'))
        .execute();
      await db.schema
        .alterTable('skus')
        .addColumn('perishable', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .alterTable('channels')
        .addColumn('country', 'text', (c) => c.notNull().defaultTo('FR'))
        .execute();
      await db.schema
        .alterTable('channels')
        .addColumn('prices_include_tax', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      // Orders taken before VAT was computed keep a tax of 0: what they carried is not known.
      await db.schema
        .alterTable('order_lines')
        .addColumn('tax_rate_bp', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .alterTable('order_lines')
        .addColumn('tax_minor', big, (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('order_lines').addColumn('sale_id', 'text').execute();
      await db.schema
        .alterTable('orders')
        .addColumn('tax_total_minor', big, (c) => c.notNull().defaultTo(0))
        .execute();
    },
  };
}
