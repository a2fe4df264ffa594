/**
 * Campaigns planned and moved: created with their items, edited while draft, moved along
 * draft → approved → scheduled by people (their items with them), and cancelled with a reason, in
 * the audit log. Publication at each item's start is the clock's (`publication.ts`).
 */
import { type Actor, recordSwitch } from '../../platform/audit/audit.js';
import { type AppContext, inTransaction, notFound, toIso } from '../../platform/context.js';
import { ok, type Result } from '../../platform/core/errors.js';
import type { Repos } from '../../platform/store/store.js';
import {
  type CampaignStatus,
  cancellableItemStatuses,
  checkMove,
  initialCampaignStatus,
  type ManualMove,
} from '../core/calendar.js';
import type { CampaignRow } from './campaign-repo.js';
import type { CampaignDetail, CampaignInput, CampaignPatch } from './contract.js';
import { checkItems, checkReferences, lockEditable, newItemRow, updatedEvent } from './editing.js';
import { thenRead } from './reads.js';

export async function createCampaign(ctx: AppContext, input: CampaignInput): Promise<Result<CampaignDetail>> {
  const items = checkItems(input.items ?? [], (index) => `/items/${index}`);
  if (!items.ok) return items;
  return thenRead(
    ctx,
    inTransaction(ctx, async (tx) => {
      const refused = await checkReferences(tx, items.value, input.sale_id);
      if (!refused.ok) return refused;
      const now = ctx.clock.now();
      const campaign: CampaignRow = {
        id: ctx.newId('cmp'),
        name: input.name,
        owner: input.owner,
        status: initialCampaignStatus,
        sale_id: input.sale_id ?? null,
        cancel_reason: null,
        created_at: now,
        updated_at: now,
      };
      const rows = items.value.map((item) => newItemRow(ctx, campaign, item, now));
      await tx.campaigns.insertCampaign(campaign);
      await tx.campaigns.insertItems(rows);
      await tx.events.append(
        [
          {
            type: 'campaign.created',
            entityType: 'campaign',
            entityId: campaign.id,
            payload: {
              id: campaign.id,
              name: campaign.name,
              owner: campaign.owner,
              status: campaign.status,
              sale_id: campaign.sale_id,
              item_ids: rows.map((row) => row.id),
            },
          },
        ],
        now,
      );
      return ok(campaign.id);
    }),
  );
}

/** Changes a draft's name, owner or sale; `sale_id` null unlinks the sale. */
export async function patchCampaign(
  ctx: AppContext,
  id: string,
  patch: CampaignPatch,
): Promise<Result<CampaignDetail>> {
  return thenRead(
    ctx,
    inTransaction(ctx, async (tx) => {
      const locked = await lockEditable(tx, id);
      if (!locked.ok) return locked;
      const refused = await checkReferences(tx, [], patch.sale_id);
      if (!refused.ok) return refused;
      const now = ctx.clock.now();
      const changed: CampaignRow = {
        ...locked.value,
        name: patch.name ?? locked.value.name,
        owner: patch.owner ?? locked.value.owner,
        sale_id: patch.sale_id === undefined ? locked.value.sale_id : patch.sale_id,
        updated_at: now,
      };
      await tx.campaigns.updateCampaign(id, {
        name: changed.name,
        owner: changed.owner,
        sale_id: changed.sale_id,
        updated_at: now,
      });
      await tx.events.append([updatedEvent(changed, 'campaign')], now);
      return ok(id);
    }),
  );
}

/**
 * Moves the campaign, locked, from its status to `to` if the process allows it, its items that
 * were in the same status with it; the refusal says why. Returns the status it left.
 */
async function move(
  ctx: AppContext,
  tx: Repos,
  id: string,
  to: CampaignStatus,
  extra: { cancelReason?: string } = {},
): Promise<Result<{ row: CampaignRow; from: CampaignStatus; now: number }>> {
  const row = await tx.campaigns.lockCampaign(id);
  if (row === undefined) return notFound('campaign', id);
  const from = row.status as CampaignStatus;
  const items = (await tx.campaigns.itemsOf([id])).get(id) ?? [];
  const now = ctx.clock.now();
  const checked = checkMove(
    { status: from, items: items.map((item) => ({ id: item.id, endsAtMs: item.ends_at })) },
    to,
    now,
  );
  if (!checked.ok) return checked;
  const changes = extra.cancelReason === undefined ? {} : { cancel_reason: extra.cancelReason };
  // Locked on PostgreSQL, alone on SQLite: a campaign that moved meanwhile is a bug, not a race lost.
  if (!(await tx.campaigns.moveCampaign(id, [from], to, now, changes)))
    throw new Error(`campaign ${id} left ${from} while locked`);
  await tx.campaigns.moveItemsOf(id, to === 'cancelled' ? cancellableItemStatuses : [from], to, now);
  return ok({ row, from, now });
}

/** A person's move: back to draft, approved, or scheduled (its items then go out at their starts). */
export async function moveCampaign(
  ctx: AppContext,
  id: string,
  to: ManualMove,
): Promise<Result<CampaignDetail>> {
  return thenRead(
    ctx,
    inTransaction(ctx, async (tx) => {
      const moved = await move(ctx, tx, id, to);
      if (!moved.ok) return moved;
      const { row, from, now } = moved.value;
      await tx.events.append(
        [
          {
            type: `campaign.${to}`,
            entityType: 'campaign',
            entityId: id,
            payload: { id, name: row.name, from, to, at: toIso(now) },
          },
        ],
        now,
      );
      return ok(id);
    }),
  );
}

/**
 * Cancels the campaign: items not yet out are cancelled; items already published went out and end
 * at their end. An act like ending a sale by hand, so it is in the audit log with its reason.
 */
export async function cancelCampaign(
  ctx: AppContext,
  id: string,
  reason: string,
  actor: Actor,
): Promise<Result<CampaignDetail>> {
  return thenRead(
    ctx,
    inTransaction(ctx, async (tx) => {
      const moved = await move(ctx, tx, id, 'cancelled', { cancelReason: reason });
      if (!moved.ok) return moved;
      const { row, from, now } = moved.value;
      await recordSwitch(tx, {
        at: now,
        actor,
        action: 'campaigns.cancel',
        target: id,
        reason,
        details: { name: row.name, was: from },
        timelineText: `Campaign “${row.name}” cancelled${from === 'published' ? ' while it was out' : ''}`,
      });
      await tx.events.append(
        [
          {
            type: 'campaign.cancelled',
            entityType: 'campaign',
            entityId: id,
            payload: { id, name: row.name, from, to: 'cancelled', at: toIso(now), reason },
          },
        ],
        now,
      );
      return ok(id);
    }),
  );
}
