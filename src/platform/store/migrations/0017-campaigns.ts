/**
 * Migration 0017: Campaigns. The marketing calendar: campaigns moved through their process by
 * people, and their content items, each on a site, channel and segment for a window, published by
 * the clock at its start (once, whichever process gets there first) and done at its end.
 */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../engine.js';

export function campaigns(engine: Engine): Migration {
  const big = engine.name === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('campaigns')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('owner', 'text', (c) => c.notNull())
        // draft, approved, scheduled, published, done or cancelled (src/campaigns/core/calendar.ts).
        .addColumn('status', 'text', (c) => c.notNull())
        // The sale the campaign launches, if any.
        .addColumn('sale_id', 'text', (c) => c.references('sales.id'))
        .addColumn('cancel_reason', 'text')
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('campaign_items')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
        // banner, mailing, social_post or product_selection.
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('site', 'text', (c) => c.notNull())
        .addColumn('channel_code', 'text', (c) => c.notNull().references('channels.code'))
        .addColumn('segment', 'text', (c) => c.notNull())
        .addColumn('starts_at', big, (c) => c.notNull())
        .addColumn('ends_at', big, (c) => c.notNull())
        .addColumn('owner', 'text', (c) => c.notNull())
        // The campaign's status until it is scheduled; then published at starts_at, done at ends_at.
        .addColumn('status', 'text', (c) => c.notNull())
        // JSON object: what the shop's mailing or social tool is sent at publication.
        .addColumn('payload', 'text', (c) => c.notNull())
        // JSON arrays: the SKUs promoted, and the prices announced `[{sku, price_minor}]`.
        .addColumn('skus', 'text', (c) => c.notNull())
        .addColumn('announced_prices', 'text', (c) => c.notNull())
        .addColumn('selection', 'text')
        .addColumn('published_at', big)
        // The outbox event that carried it to the webhooks.
        .addColumn('published_event_id', big)
        .addColumn('done_at', big)
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('campaign_items_campaign')
        .on('campaign_items')
        .columns(['campaign_id', 'starts_at'])
        .execute();
      // The sweeper's two questions (due to start, due to end) and the calendar's window.
      await db.schema
        .createIndex('campaign_items_due_start')
        .on('campaign_items')
        .columns(['status', 'starts_at'])
        .execute();
      await db.schema
        .createIndex('campaign_items_due_end')
        .on('campaign_items')
        .columns(['status', 'ends_at'])
        .execute();
      await db.schema
        .createIndex('campaign_items_window')
        .on('campaign_items')
        .columns(['starts_at'])
        .execute();
    },
  };
}
