/**
 * Scheduled publication. Each sweep publishes the items whose start has come and ends those whose
 * end has: each item in a transaction of its own that moves it by a conditional update and writes
 * its outbox event. So an item is published once, with one event, whichever process sweeps and
 * however often they restart; the durable webhooks then carry that event to the shop's tools (at
 * least once, every attempt with the same `webhook-id`, so a tool that saw it already can tell).
 */
import { type AppContext, toIso } from '../../platform/context.js';
import { limits } from '../../platform/core/limits.js';
import type { NewEvent } from '../../platform/outbox/event-repo.js';
import type { Repos } from '../../platform/store/store.js';
import type { CampaignStatus } from '../core/calendar.js';
import type { CampaignItemRow, CampaignRow } from './campaign-repo.js';
import { itemView } from './views.js';

/** Statuses of a campaign whose items the clock still moves; a campaign moved back or cancelled stops them. */
const runningStatuses: readonly CampaignStatus[] = ['scheduled', 'published'];

function campaignEvent(campaign: CampaignRow, type: string, payload: Record<string, unknown>): NewEvent {
  return { type, entityType: 'campaign', entityId: campaign.id, payload };
}

/** What the shop's tool is sent: the item's payload as written, with the ids and instants around it. */
function publishedPayload(
  campaign: CampaignRow,
  item: CampaignItemRow,
  now: number,
): Record<string, unknown> {
  const view = itemView(item);
  return {
    campaign_id: campaign.id,
    campaign_name: campaign.name,
    item_id: item.id,
    kind: view.kind,
    site: view.site,
    channel: view.channel,
    segment: view.segment,
    starts_at: view.starts_at,
    ends_at: view.ends_at,
    published_at: toIso(now),
    sale_id: campaign.sale_id,
    selection: view.selection,
    skus: view.skus,
    announced_prices: view.announced_prices,
    // Nested rather than spread: a payload's own keys never clash with these.
    payload: view.payload,
  };
}

/**
 * The item's campaign, locked until commit (moves take it first too, so a move and a sweep of one
 * campaign take turns), and whether the clock still moves its items.
 */
async function lockOwner(
  tx: Repos,
  campaignId: string,
): Promise<{ campaign: CampaignRow; running: boolean }> {
  const campaign = await tx.campaigns.lockCampaign(campaignId);
  if (campaign === undefined) throw new Error(`campaign ${campaignId} of a stored item is missing`);
  return { campaign, running: runningStatuses.includes(campaign.status as CampaignStatus) };
}

/** Publishes one item if it is still due; false when another process did, or the campaign moved back. */
async function publish(ctx: AppContext, itemId: string, campaignId: string): Promise<boolean> {
  return ctx.store.transaction(async (tx) => {
    const { campaign, running } = await lockOwner(tx, campaignId);
    if (!running) return false;
    const now = ctx.clock.now();
    const item = await tx.campaigns.publishDue(itemId, now);
    if (item === undefined) return false;
    const events: NewEvent[] = [];
    if (campaign.status === 'scheduled') {
      await tx.campaigns.moveCampaign(campaignId, ['scheduled'], 'published', now);
      events.push(
        campaignEvent(campaign, 'campaign.published', {
          id: campaign.id,
          name: campaign.name,
          at: toIso(now),
        }),
      );
    }
    // The item's event last: the event counter's last value is its id.
    events.push(campaignEvent(campaign, 'campaign.item.published', publishedPayload(campaign, item, now)));
    await tx.events.append(events, now);
    await tx.campaigns.updateItem(itemId, { published_event_id: await tx.events.lastEventId() });
    return true;
  });
}

/**
 * Ends one item whose end has come: a published one, or a scheduled one that never went out
 * (every process was down through its window; announcing it afterwards would announce what is
 * over). The campaign is done with its last item; a cancelled one stays cancelled, though the items
 * it had already published end too.
 */
async function end(ctx: AppContext, itemId: string, campaignId: string): Promise<boolean> {
  return ctx.store.transaction(async (tx) => {
    const { campaign, running } = await lockOwner(tx, campaignId);
    const now = ctx.clock.now();
    const item = await tx.campaigns.endDue(itemId, now);
    if (item === undefined) return false;
    const events = [
      campaignEvent(campaign, 'campaign.item.done', {
        campaign_id: campaignId,
        item_id: itemId,
        kind: item.kind,
        channel: item.channel_code,
        done_at: toIso(now),
        published: item.published_at !== null,
      }),
    ];
    if (running && !(await tx.campaigns.hasItemsLeft(campaignId))) {
      await tx.campaigns.moveCampaign(campaignId, runningStatuses, 'done', now);
      events.push(
        campaignEvent(campaign, 'campaign.done', { id: campaign.id, name: campaign.name, at: toIso(now) }),
      );
    }
    await tx.events.append(events, now);
    return true;
  });
}

/**
 * One sweep: items due are read first, outside any transaction, so an idle calendar takes no
 * write; each is then moved in its own transaction. Returns how many items moved.
 */
export async function sweepCampaignItems(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now();
  const read = ctx.store.read.campaigns;
  let moved = 0;
  for (const item of await read.dueToPublish(now, limits.campaignSweepBatchMax))
    if (await publish(ctx, item.id, item.campaign_id)) moved += 1;
  for (const item of await read.dueToEnd(now, limits.campaignSweepBatchMax))
    if (await end(ctx, item.id, item.campaign_id)) moved += 1;
  return moved;
}
