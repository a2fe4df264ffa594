/**
 * Campaigns and their items: written while they are planned, read by window for the calendar, and
 * moved by conditional updates, so that an item is published once whichever process gets there
 * first. Also the recent sales rate per SKU that the conflicts are computed from.
 */
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import { chunks, rowsPerStatement } from '../../platform/store/chunks.js';
import type { Engine } from '../../platform/store/engine.js';
import type { CampaignItemTable, CampaignTable, Database } from '../../platform/store/schema.js';
import type { CampaignStatus } from '../core/calendar.js';

declare module '../../platform/store/store.js' {
  interface Repos {
    readonly campaigns: CampaignRepo;
  }
}

export type CampaignRow = Selectable<CampaignTable>;
export type CampaignItemRow = Selectable<CampaignItemTable>;

/** What the calendar asks for: items overlapping [fromMs, toMs), on these filters. */
export interface WindowQuery {
  readonly fromMs: number;
  readonly toMs: number;
  readonly site?: string;
  readonly channel?: string;
  readonly segment?: string;
  readonly status?: CampaignStatus;
}

type Db = Kysely<Database>;

export class CampaignRepo {
  constructor(
    private readonly db: Db,
    private readonly engine: Engine,
  ) {}

  async insertCampaign(row: Insertable<CampaignTable>): Promise<void> {
    await this.db.insertInto('campaigns').values(row).execute();
  }

  getCampaign(id: string): Promise<CampaignRow | undefined> {
    return this.db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The campaign, its row locked until commit on PostgreSQL: moves and the sweeper take it first, one at a time. */
  lockCampaign(id: string): Promise<CampaignRow | undefined> {
    const query = this.db.selectFrom('campaigns').selectAll().where('id', '=', id);
    return (this.engine.lockRowsForUpdate ? query.forUpdate() : query).executeTakeFirst();
  }

  async updateCampaign(id: string, changes: Updateable<CampaignTable>): Promise<void> {
    await this.db.updateTable('campaigns').set(changes).where('id', '=', id).execute();
  }

  /** Moves the campaign from one of `from` to `to`; false when it was in none of them. */
  async moveCampaign(
    id: string,
    from: readonly CampaignStatus[],
    to: CampaignStatus,
    now: number,
    changes: Updateable<CampaignTable> = {},
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('campaigns')
      .set({ ...changes, status: to, updated_at: now })
      .where('id', '=', id)
      .where('status', 'in', from)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  async campaignsByIds(ids: readonly string[]): Promise<CampaignRow[]> {
    if (ids.length === 0) return [];
    return this.db.selectFrom('campaigns').selectAll().where('id', 'in', ids).execute();
  }

  async insertItems(rows: readonly Insertable<CampaignItemTable>[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.insertInto('campaign_items').values(rows).execute();
  }

  async updateItem(id: string, changes: Updateable<CampaignItemTable>): Promise<void> {
    await this.db.updateTable('campaign_items').set(changes).where('id', '=', id).execute();
  }

  /** Removes an item of the campaign; false when the campaign has no such item. */
  async deleteItem(campaignId: string, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('campaign_items')
      .where('id', '=', id)
      .where('campaign_id', '=', campaignId)
      .executeTakeFirst();
    return result.numDeletedRows === 1n;
  }

  /** The items of these campaigns, each campaign's soonest first. */
  async itemsOf(campaignIds: readonly string[]): Promise<Map<string, CampaignItemRow[]>> {
    const byCampaign = new Map<string, CampaignItemRow[]>(campaignIds.map((id) => [id, []]));
    if (campaignIds.length === 0) return byCampaign;
    const rows = await this.db
      .selectFrom('campaign_items')
      .selectAll()
      .where('campaign_id', 'in', campaignIds)
      .orderBy('starts_at')
      .orderBy('id')
      .execute();
    for (const row of rows) byCampaign.get(row.campaign_id)?.push(row);
    return byCampaign;
  }

  /** Moves every item of the campaign in one of `from` to `to`; how many moved. */
  async moveItemsOf(
    campaignId: string,
    from: readonly CampaignStatus[],
    to: CampaignStatus,
    now: number,
  ): Promise<number> {
    const result = await this.db
      .updateTable('campaign_items')
      .set({ status: to, updated_at: now })
      .where('campaign_id', '=', campaignId)
      .where('status', 'in', from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /**
   * Items overlapping the window on the filters, of the first `campaignsMax` campaigns (by id, the
   * order they were created in) that have any; the caller asks one more than it shows to know
   * whether the answer was cut.
   */
  async itemsInWindow(query: WindowQuery, campaignsMax: number): Promise<CampaignItemRow[]> {
    let matching = this.db
      .selectFrom('campaign_items as i')
      .innerJoin('campaigns as c', 'c.id', 'i.campaign_id')
      .where('i.starts_at', '<', query.toMs)
      .where('i.ends_at', '>', query.fromMs);
    if (query.site !== undefined) matching = matching.where('i.site', '=', query.site);
    if (query.channel !== undefined) matching = matching.where('i.channel_code', '=', query.channel);
    if (query.segment !== undefined) matching = matching.where('i.segment', '=', query.segment);
    if (query.status !== undefined) matching = matching.where('c.status', '=', query.status);
    const campaigns = await matching
      .select('i.campaign_id')
      .distinct()
      .orderBy('i.campaign_id')
      .limit(campaignsMax)
      .execute();
    if (campaigns.length === 0) return [];
    return matching
      .selectAll('i')
      .where(
        'i.campaign_id',
        'in',
        campaigns.map((row) => row.campaign_id),
      )
      .orderBy('i.starts_at')
      .orderBy('i.id')
      .execute();
  }

  /** Items of these statuses overlapping [fromMs, toMs): what may conflict in the window. */
  itemsOverlapping(
    fromMs: number,
    toMs: number,
    statuses: readonly CampaignStatus[],
  ): Promise<CampaignItemRow[]> {
    return this.db
      .selectFrom('campaign_items')
      .selectAll()
      .where('starts_at', '<', toMs)
      .where('ends_at', '>', fromMs)
      .where('status', 'in', statuses)
      .orderBy('starts_at')
      .orderBy('id')
      .execute();
  }

  /** Scheduled items whose start has come and whose end has not: due to be published. */
  dueToPublish(now: number, limit: number): Promise<CampaignItemRow[]> {
    return this.db
      .selectFrom('campaign_items')
      .selectAll()
      .where('status', '=', 'scheduled')
      .where('starts_at', '<=', now)
      .where('ends_at', '>', now)
      .orderBy('starts_at')
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  /** Scheduled or published items whose end has come: due to be done. */
  dueToEnd(now: number, limit: number): Promise<CampaignItemRow[]> {
    return this.db
      .selectFrom('campaign_items')
      .selectAll()
      .where('status', 'in', ['scheduled', 'published'])
      .where('ends_at', '<=', now)
      .orderBy('ends_at')
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  /**
   * Publishes the item if it is still scheduled and due at `now`: the row as published, or
   * undefined when another process published it first, or it was moved back meanwhile.
   */
  publishDue(id: string, now: number): Promise<CampaignItemRow | undefined> {
    return this.db
      .updateTable('campaign_items')
      .set({ status: 'published', published_at: now, updated_at: now })
      .where('id', '=', id)
      .where('status', '=', 'scheduled')
      .where('starts_at', '<=', now)
      .where('ends_at', '>', now)
      .returningAll()
      .executeTakeFirst();
  }

  /** Ends the item if it is scheduled or published and over at `now`: the row as done, or undefined. */
  endDue(id: string, now: number): Promise<CampaignItemRow | undefined> {
    return this.db
      .updateTable('campaign_items')
      .set({ status: 'done', done_at: now, updated_at: now })
      .where('id', '=', id)
      .where('status', 'in', ['scheduled', 'published'])
      .where('ends_at', '<=', now)
      .returningAll()
      .executeTakeFirst();
  }

  /** Whether any item of the campaign is still to come or running. */
  async hasItemsLeft(campaignId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('campaign_items')
      .select('id')
      .where('campaign_id', '=', campaignId)
      .where('status', 'in', ['draft', 'approved', 'scheduled', 'published'])
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Units of these SKUs on orders placed since `sinceMs` and not cancelled, on every channel. */
  async unitsSoldSince(skus: readonly string[], sinceMs: number): Promise<Map<string, number>> {
    const sold = new Map<string, number>();
    for (const chunk of chunks(skus, rowsPerStatement(1))) {
      const rows = await this.db
        .selectFrom('order_lines as l')
        .innerJoin('orders as o', 'o.id', 'l.order_id')
        .select(['l.sku', (eb) => eb.fn.sum<number | string>('l.quantity').as('units')])
        .where('o.created_at', '>=', sinceMs)
        .where('o.status', '<>', 'cancelled')
        .where('l.sku', 'in', chunk)
        .groupBy('l.sku')
        .execute();
      for (const row of rows) sold.set(row.sku, Number(row.units));
    }
    return sold;
  }
}
