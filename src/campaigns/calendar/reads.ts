/** Reading the calendar: one campaign with its conflicts, and the campaigns of a window on its filters. */
import { type AppContext, notFound, toIso } from '../../platform/context.js';
import { fail, ok, type Result } from '../../platform/core/errors.js';
import { limits } from '../../platform/core/limits.js';
import type { CampaignItemRow } from './campaign-repo.js';
import { conflictsOfCampaign } from './conflicts.js';
import type { Calendar, CampaignDetail, WindowQuery } from './contract.js';
import { campaignView, conflictView } from './views.js';

const dayMs = 24 * 60 * 60 * 1000;

/** A campaign with all its items and the conflicts they take part in. */
export async function getCampaign(ctx: AppContext, id: string): Promise<Result<CampaignDetail>> {
  const read = ctx.store.read;
  const row = await read.campaigns.getCampaign(id);
  if (row === undefined) return notFound('campaign', id);
  const items = (await read.campaigns.itemsOf([id])).get(id) ?? [];
  const conflicts = await conflictsOfCampaign(ctx, items);
  return ok({ ...campaignView(row, items), conflicts: conflicts.map(conflictView) });
}

/** Waits for a change (the id of the campaign it changed) and answers the campaign as committed. */
export async function thenRead(
  ctx: AppContext,
  change: Promise<Result<string>>,
): Promise<Result<CampaignDetail>> {
  const changed = await change;
  return changed.ok ? getCampaign(ctx, changed.value) : changed;
}

/** A window of the calendar as asked: `to` after `from`, at most `campaignWindowDaysMax` days long. */
export function checkWindow(from: string, to: string): Result<{ fromMs: number; toMs: number }> {
  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);
  if (!(toMs > fromMs)) return fail('validation_failed', 'A window ends after it starts.', { field: 'to' });
  if (toMs - fromMs > limits.campaignWindowDaysMax * dayMs)
    return fail('validation_failed', `A window is ${limits.campaignWindowDaysMax} days at most.`, {
      field: 'to',
    });
  return ok({ fromMs, toMs });
}

/** The campaigns with items in the window on the filters, each with those items, soonest first. */
export async function readCalendar(ctx: AppContext, query: WindowQuery): Promise<Result<Calendar>> {
  const window = checkWindow(query.from, query.to);
  if (!window.ok) return window;
  const read = ctx.store.read;
  const rows = await read.campaigns.itemsInWindow(
    {
      ...window.value,
      site: query.site,
      channel: query.channel,
      segment: query.segment,
      status: query.status,
    },
    limits.campaignsPerWindowMax + 1,
  );
  const itemsByCampaign = new Map<string, CampaignItemRow[]>();
  for (const row of rows)
    itemsByCampaign.set(row.campaign_id, [...(itemsByCampaign.get(row.campaign_id) ?? []), row]);
  // The repository reads one campaign more than is shown, in id order: its presence says the answer was cut.
  const ids = [...itemsByCampaign.keys()].sort();
  const shown = ids.slice(0, limits.campaignsPerWindowMax);
  const campaigns = await read.campaigns.campaignsByIds(shown);
  const data = campaigns
    .map((campaign) => campaignView(campaign, itemsByCampaign.get(campaign.id)!))
    .sort((a, b) => a.starts_at!.localeCompare(b.starts_at!) || a.id.localeCompare(b.id));
  return ok({
    from: toIso(window.value.fromMs),
    to: toIso(window.value.toMs),
    data,
    truncated: ids.length > shown.length,
  });
}
