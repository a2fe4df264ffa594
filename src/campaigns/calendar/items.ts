/** A draft campaign's items added, changed and removed, each change answered with the campaign and its conflicts. */
import { type AppContext, inTransaction, notFound } from '../../platform/context.js';
import { fail, ok, type Result } from '../../platform/core/errors.js';
import { limits } from '../../platform/core/limits.js';
import type { CampaignItemRow } from './campaign-repo.js';
import type { CampaignDetail, ItemInput, ItemPatch } from './contract.js';
import {
  checkItem,
  checkReferences,
  itemColumns,
  lockEditable,
  newItemRow,
  updatedEvent,
} from './editing.js';
import { thenRead } from './reads.js';
import { itemView } from './views.js';

export async function addItem(
  ctx: AppContext,
  campaignId: string,
  input: ItemInput,
): Promise<Result<CampaignDetail>> {
  const item = checkItem(input, '');
  if (!item.ok) return item;
  return thenRead(
    ctx,
    inTransaction(ctx, async (tx) => {
      const locked = await lockEditable(tx, campaignId);
      if (!locked.ok) return locked;
      const items = (await tx.campaigns.itemsOf([campaignId])).get(campaignId) ?? [];
      if (items.length >= limits.campaignItemsMax)
        return fail('limit_reached', `A campaign has ${limits.campaignItemsMax} items at most.`, {
          limit: limits.campaignItemsMax,
        });
      const refused = await checkReferences(tx, [item.value], undefined);
      if (!refused.ok) return refused;
      const now = ctx.clock.now();
      const row = newItemRow(ctx, locked.value, item.value, now);
      await tx.campaigns.insertItems([row]);
      await tx.campaigns.updateCampaign(campaignId, { updated_at: now });
      await tx.events.append([updatedEvent(locked.value, 'item_added', row.id)], now);
      return ok(campaignId);
    }),
  );
}

/** The item's input as it would be with the patch applied: checked again whole, as a new one is. */
function patched(row: CampaignItemRow, patch: ItemPatch): ItemInput {
  const current = itemView(row);
  const selection = patch.selection === undefined ? current.selection : patch.selection;
  return {
    kind: patch.kind ?? current.kind,
    site: patch.site ?? current.site,
    channel: patch.channel ?? current.channel,
    segment: patch.segment ?? current.segment,
    starts_at: patch.starts_at ?? current.starts_at,
    ends_at: patch.ends_at ?? current.ends_at,
    owner: patch.owner ?? current.owner,
    payload: patch.payload ?? current.payload,
    skus: patch.skus ?? current.skus,
    announced_prices: patch.announced_prices ?? current.announced_prices,
    ...(selection === null ? {} : { selection }),
  };
}

export async function patchItem(
  ctx: AppContext,
  campaignId: string,
  itemId: string,
  patch: ItemPatch,
): Promise<Result<CampaignDetail>> {
  return thenRead(
    ctx,
    inTransaction(ctx, async (tx) => {
      const locked = await lockEditable(tx, campaignId);
      if (!locked.ok) return locked;
      const items = (await tx.campaigns.itemsOf([campaignId])).get(campaignId) ?? [];
      const row = items.find((item) => item.id === itemId);
      if (row === undefined) return notFound('item', itemId);
      const item = checkItem(patched(row, patch), '');
      if (!item.ok) return item;
      const refused = await checkReferences(tx, [item.value], undefined);
      if (!refused.ok) return refused;
      const now = ctx.clock.now();
      await tx.campaigns.updateItem(itemId, {
        ...itemColumns(item.value, locked.value.owner),
        updated_at: now,
      });
      await tx.campaigns.updateCampaign(campaignId, { updated_at: now });
      await tx.events.append([updatedEvent(locked.value, 'item_changed', itemId)], now);
      return ok(campaignId);
    }),
  );
}

export async function removeItem(
  ctx: AppContext,
  campaignId: string,
  itemId: string,
): Promise<Result<CampaignDetail>> {
  return thenRead(
    ctx,
    inTransaction(ctx, async (tx) => {
      const locked = await lockEditable(tx, campaignId);
      if (!locked.ok) return locked;
      if (!(await tx.campaigns.deleteItem(campaignId, itemId))) return notFound('item', itemId);
      const now = ctx.clock.now();
      await tx.campaigns.updateCampaign(campaignId, { updated_at: now });
      await tx.events.append([updatedEvent(locked.value, 'item_removed', itemId)], now);
      return ok(campaignId);
    }),
  );
}
