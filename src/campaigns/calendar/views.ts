/** Campaigns, items and conflicts as rows and the core know them, turned into the contract's answers. */
import { toIso } from '../../platform/context.js';
import type { CampaignStatus, Conflict as CoreConflict, ItemKind, PlannedItem } from '../core/calendar.js';
import type { CampaignItemRow, CampaignRow } from './campaign-repo.js';
import type { Campaign, CampaignItem, Conflict } from './contract.js';

const dayMs = 24 * 60 * 60 * 1000;

const isoOrNull = (epochMs: number | null) => (epochMs === null ? null : toIso(epochMs));

interface StoredPrice {
  readonly sku: string;
  readonly price_minor: number;
}

export function announcedPricesOf(row: CampaignItemRow): StoredPrice[] {
  return JSON.parse(row.announced_prices) as StoredPrice[];
}

export function skusOf(row: CampaignItemRow): string[] {
  return JSON.parse(row.skus) as string[];
}

export function itemView(row: CampaignItemRow): CampaignItem {
  return {
    id: row.id,
    campaign_id: row.campaign_id,
    kind: row.kind as ItemKind,
    site: row.site,
    channel: row.channel_code,
    segment: row.segment,
    starts_at: toIso(row.starts_at),
    ends_at: toIso(row.ends_at),
    owner: row.owner,
    status: row.status as CampaignStatus,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    skus: skusOf(row),
    announced_prices: announcedPricesOf(row).map((price) => ({ sku: price.sku, price: price.price_minor })),
    selection: row.selection,
    published_at: isoOrNull(row.published_at),
    published_event_id: row.published_event_id === null ? null : Number(row.published_event_id),
    done_at: isoOrNull(row.done_at),
    created_at: toIso(row.created_at),
    updated_at: toIso(row.updated_at),
  };
}

/** A campaign with `items` (all of its items, or those a calendar read kept), soonest first. */
export function campaignView(row: CampaignRow, items: readonly CampaignItemRow[]): Campaign {
  return {
    id: row.id,
    name: row.name,
    owner: row.owner,
    status: row.status as CampaignStatus,
    sale_id: row.sale_id,
    cancel_reason: row.cancel_reason,
    starts_at: items.length === 0 ? null : toIso(Math.min(...items.map((item) => item.starts_at))),
    ends_at: items.length === 0 ? null : toIso(Math.max(...items.map((item) => item.ends_at))),
    items: items.map(itemView),
    created_at: toIso(row.created_at),
    updated_at: toIso(row.updated_at),
  };
}

export function plannedItem(row: CampaignItemRow): PlannedItem {
  return {
    id: row.id,
    campaignId: row.campaign_id,
    status: row.status as CampaignStatus,
    channel: row.channel_code,
    segment: row.segment,
    startsAtMs: row.starts_at,
    endsAtMs: row.ends_at,
    skus: skusOf(row),
    announcedPrices: announcedPricesOf(row).map((price) => ({
      sku: price.sku,
      priceMinor: price.price_minor,
    })),
  };
}

export function conflictView(conflict: CoreConflict): Conflict {
  const span = { channel: conflict.channel, from: toIso(conflict.fromMs), to: toIso(conflict.toMs) };
  switch (conflict.kind) {
    case 'segment_overlap':
      return {
        kind: conflict.kind,
        ...span,
        segment: conflict.segment,
        item_ids: [...conflict.itemIds],
        campaign_ids: [...conflict.campaignIds],
      };
    case 'sku_runs_out':
      return {
        kind: conflict.kind,
        ...span,
        sku: conflict.sku,
        item_id: conflict.itemId,
        campaign_id: conflict.campaignId,
        available: conflict.availableUnits,
        units_sold: conflict.unitsSold,
        sales_period_days: Math.round(conflict.salesPeriodMs / dayMs),
        runs_out_at: toIso(conflict.runsOutAtMs),
      };
    case 'price_not_provided':
      return {
        kind: conflict.kind,
        ...span,
        sku: conflict.sku,
        item_id: conflict.itemId,
        campaign_id: conflict.campaignId,
        announced_price: conflict.announcedPriceMinor,
        stretches: conflict.stretches.map((stretch) => ({
          from: toIso(stretch.fromMs),
          to: toIso(stretch.toMs),
          price: stretch.priceMinor,
          sale_id: stretch.saleId,
        })),
      };
  }
}
