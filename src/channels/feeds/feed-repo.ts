/** Channels' availability feeds: their endpoints, positions and claims, and the minutes of their lag. */
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { ChannelFeedTable, Database } from '../../platform/store/schema.js';
import type { LagMinute } from '../core/feed.js';

type Db = Kysely<Database>;

export type FeedRow = Selectable<ChannelFeedTable>;

declare module '../../platform/store/store.js' {
  interface Repos {
    readonly feeds: FeedRepo;
  }
}

export class FeedRepo {
  constructor(private readonly db: Db) {}

  get(channel: string): Promise<FeedRow | undefined> {
    return this.db
      .selectFrom('channel_feeds')
      .selectAll()
      .where('channel_code', '=', channel)
      .executeTakeFirst();
  }

  list(): Promise<FeedRow[]> {
    return this.db.selectFrom('channel_feeds').selectAll().orderBy('channel_code').execute();
  }

  async insert(row: Insertable<ChannelFeedTable>): Promise<void> {
    await this.db.insertInto('channel_feeds').values(row).execute();
  }

  async update(channel: string, changes: Updateable<ChannelFeedTable>): Promise<void> {
    await this.db.updateTable('channel_feeds').set(changes).where('channel_code', '=', channel).execute();
  }

  async delete(channel: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('channel_feeds')
      .where('channel_code', '=', channel)
      .executeTakeFirst();
    return result.numDeletedRows === 1n;
  }

  /** Takes (or keeps) the feed for one process until `until`; false while another holds it. */
  async claim(channel: string, by: string, now: number, until: number): Promise<boolean> {
    const result = await this.db
      .updateTable('channel_feeds')
      .set({ claimed_by: by, claimed_until: until })
      .where('channel_code', '=', channel)
      .where((eb) =>
        eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now), eb('claimed_by', '=', by)]),
      )
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /** Writes a push back, if this process still holds the feed; false when it lost it meanwhile. */
  async recordPush(channel: string, by: string, changes: Updateable<ChannelFeedTable>): Promise<boolean> {
    const result = await this.db
      .updateTable('channel_feeds')
      .set(changes)
      .where('channel_code', '=', channel)
      .where('claimed_by', '=', by)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  async lagMinute(channel: string, minute: number) {
    return this.db
      .selectFrom('feed_lag_minutes')
      .selectAll()
      .where('channel_code', '=', channel)
      .where('minute', '=', minute)
      .executeTakeFirst();
  }

  async putLagMinute(channel: string, minute: number, lag: LagMinute): Promise<void> {
    const values = { count: lag.count, buckets: JSON.stringify(lag.buckets), max_ms: lag.maxMs };
    await this.db
      .insertInto('feed_lag_minutes')
      .values({ channel_code: channel, minute, ...values })
      .onConflict((conflict) => conflict.columns(['channel_code', 'minute']).doUpdateSet(values))
      .execute();
  }

  /** Every feed's lag minutes from `fromMinute` on. */
  async lagSince(fromMinute: number) {
    const rows = await this.db
      .selectFrom('feed_lag_minutes')
      .selectAll()
      .where('minute', '>=', fromMinute)
      .execute();
    return rows.map((row) => ({ ...row, minute: Number(row.minute) }));
  }

  async pruneLag(beforeMinute: number): Promise<void> {
    await this.db.deleteFrom('feed_lag_minutes').where('minute', '<', beforeMinute).execute();
  }
}
