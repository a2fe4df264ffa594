/** What every change to a planned campaign shares: the campaign locked and checked editable, items checked and written, the event. */
import { type AppContext, notFound } from '../../platform/context.js';
import { fail, ok, type Result } from '../../platform/core/errors.js';
import { limits } from '../../platform/core/limits.js';
import type { NewEvent } from '../../platform/outbox/event-repo.js';
import type { CampaignItemTable } from '../../platform/store/schema.js';
import type { Repos } from '../../platform/store/store.js';
import { type CampaignStatus, checkEditable, type ItemKind } from '../core/calendar.js';
import type { CampaignRow } from './campaign-repo.js';
import type { ItemInput } from './contract.js';

/** An item's input checked on its own: instants read, prices keyed, payload measured. */
export interface CheckedItem {
  readonly kind: ItemKind;
  readonly site: string;
  readonly channel: string;
  readonly segment: string;
  readonly startsAtMs: number;
  readonly endsAtMs: number;
  readonly owner: string | undefined;
  readonly payload: Record<string, unknown>;
  readonly skus: readonly string[];
  readonly announcedPrices: readonly { readonly sku: string; readonly priceMinor: number }[];
  readonly selection: string | null;
}

/** Checks what the schema cannot: the window's order, the payload's size, one announced price per SKU. */
export function checkItem(input: ItemInput, field: string): Result<CheckedItem> {
  const startsAtMs = Date.parse(input.starts_at);
  const endsAtMs = Date.parse(input.ends_at);
  if (!(endsAtMs > startsAtMs))
    return fail('validation_failed', 'An item ends after it starts.', { field: `${field}/ends_at` });
  const payloadBytes = Buffer.byteLength(JSON.stringify(input.payload));
  if (payloadBytes > limits.campaignPayloadBytesMax)
    return fail(
      'validation_failed',
      `An item's payload is ${limits.campaignPayloadBytesMax} bytes at most.`,
      {
        field: `${field}/payload`,
        bytes: payloadBytes,
      },
    );
  const announced = input.announced_prices ?? [];
  const announcedSkus = new Set(announced.map((price) => price.sku));
  if (announcedSkus.size < announced.length)
    return fail('validation_failed', 'An item announces one price per SKU.', {
      field: `${field}/announced_prices`,
    });
  return ok({
    kind: input.kind,
    site: input.site,
    channel: input.channel,
    segment: input.segment,
    startsAtMs,
    endsAtMs,
    owner: input.owner,
    payload: input.payload,
    skus: input.skus ?? [],
    announcedPrices: announced.map((price) => ({ sku: price.sku, priceMinor: price.price })),
    selection: input.selection ?? null,
  });
}

/** Checks every item of a request; the first failure names its item by `fieldOf(index)`. */
export function checkItems(
  inputs: readonly ItemInput[],
  fieldOf: (index: number) => string,
): Result<CheckedItem[]> {
  const checked: CheckedItem[] = [];
  for (const [index, input] of inputs.entries()) {
    const item = checkItem(input, fieldOf(index));
    if (!item.ok) return item;
    checked.push(item.value);
  }
  return ok(checked);
}

/** Refuses channels, SKUs and a sale that do not exist. */
export async function checkReferences(
  tx: Repos,
  items: readonly CheckedItem[],
  saleId: string | null | undefined,
): Promise<Result<null>> {
  const channels = [...new Set(items.map((item) => item.channel))].sort();
  const known = await tx.catalog.existingChannels(channels);
  const unknownChannels = channels.filter((code) => !known.has(code));
  if (unknownChannels.length > 0)
    return fail('unknown_channel', 'The campaign names channels that do not exist.', {
      channels: unknownChannels,
    });
  const skus = [
    ...new Set(items.flatMap((item) => [...item.skus, ...item.announcedPrices.map((price) => price.sku)])),
  ].sort();
  const existing = await tx.catalog.existingSkus(skus);
  const unknownSkus = skus.filter((sku) => !existing.has(sku));
  if (unknownSkus.length > 0)
    return fail('unknown_sku', 'The campaign names SKUs that do not exist.', { skus: unknownSkus });
  if (saleId !== null && saleId !== undefined && (await tx.pricing.getSale(saleId)) === undefined)
    return fail('unknown_sale', `No sale ${saleId}.`, { sale_id: saleId });
  return ok(null);
}

/** The stored columns of a checked item (its status, ids and instants aside). */
export function itemColumns(item: CheckedItem, owner: string) {
  return {
    kind: item.kind,
    site: item.site,
    channel_code: item.channel,
    segment: item.segment,
    starts_at: item.startsAtMs,
    ends_at: item.endsAtMs,
    owner: item.owner ?? owner,
    payload: JSON.stringify(item.payload),
    skus: JSON.stringify(item.skus),
    announced_prices: JSON.stringify(
      item.announcedPrices.map((price) => ({ sku: price.sku, price_minor: price.priceMinor })),
    ),
    selection: item.selection,
  } satisfies Partial<CampaignItemTable>;
}

/** A new item of a draft campaign. */
export function newItemRow(
  ctx: AppContext,
  campaign: CampaignRow,
  item: CheckedItem,
  now: number,
): CampaignItemTable {
  return {
    id: ctx.newId('cmpi'),
    campaign_id: campaign.id,
    ...itemColumns(item, campaign.owner),
    status: 'draft' satisfies CampaignStatus,
    published_at: null,
    published_event_id: null,
    done_at: null,
    created_at: now,
    updated_at: now,
  };
}

/** The campaign, locked until commit, if it exists and may be edited (a draft). */
export async function lockEditable(tx: Repos, id: string): Promise<Result<CampaignRow>> {
  const row = await tx.campaigns.lockCampaign(id);
  if (row === undefined) return notFound('campaign', id);
  const editable = checkEditable(row.status as CampaignStatus);
  return editable.ok ? ok(row) : editable;
}

export type Change = 'campaign' | 'item_added' | 'item_changed' | 'item_removed';

/** The event of an edit: which campaign, what changed; the campaign itself is read from the API. */
export function updatedEvent(campaign: CampaignRow, change: Change, itemId?: string): NewEvent {
  return {
    type: 'campaign.updated',
    entityType: 'campaign',
    entityId: campaign.id,
    payload: {
      id: campaign.id,
      name: campaign.name,
      owner: campaign.owner,
      sale_id: campaign.sale_id,
      change,
      item_id: itemId ?? null,
    },
  };
}
