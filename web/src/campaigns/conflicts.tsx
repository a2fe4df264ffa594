/** The window's conflicts in plain words, beside the calendar, each naming the campaigns it involves. */
import type { Campaign, CampaignItem, Conflict } from '../../../src/campaigns/calendar/contract.js';
import { money } from '../format.js';
import { shortDay } from './dates.js';

export const kindLabels: Record<CampaignItem['kind'], string> = {
  banner: 'banner',
  mailing: 'mailing',
  social_post: 'social post',
  product_selection: 'product selection',
};

export interface Known {
  readonly campaigns: ReadonlyMap<string, Campaign>;
  readonly items: ReadonlyMap<string, CampaignItem>;
  readonly currencies: ReadonlyMap<string, string>;
}

function campaignName(known: Known, id: string): string {
  return known.campaigns.get(id)?.name ?? id;
}

/** "the mailing of Black Friday": the item a conflict is about, or its campaign when not loaded. */
function itemName(known: Known, itemId: string, campaignId: string): string {
  const item = known.items.get(itemId);
  const campaign = campaignName(known, campaignId);
  return item === undefined ? campaign : `the ${kindLabels[item.kind]} of ${campaign}`;
}

function price(known: Known, amount: number | null, channel: string): string {
  if (amount === null) return 'no price';
  const currency = known.currencies.get(channel);
  return currency === undefined ? `${amount} (minor units)` : money(amount, currency);
}

export function conflictText(conflict: Conflict, known: Known): string {
  switch (conflict.kind) {
    case 'segment_overlap': {
      const names = conflict.campaign_ids.map((id) => campaignName(known, id)).join(' and ');
      return `${names} both speak to the ${conflict.segment} segment on ${conflict.channel} from ${shortDay(conflict.from)} to ${shortDay(conflict.to)}`;
    }
    case 'sku_runs_out': {
      const item = known.items.get(conflict.item_id);
      const what = itemName(known, conflict.item_id, conflict.campaign_id);
      const end = item === undefined ? '' : ` on ${shortDay(item.ends_at)}`;
      return `${conflict.sku} runs out on ${shortDay(conflict.runs_out_at)} before ${what} ends${end} at the last ${conflict.sales_period_days} days' rate (${conflict.available} available on ${conflict.channel}, ${conflict.units_sold} sold)`;
    }
    case 'price_not_provided': {
      const what = itemName(known, conflict.item_id, conflict.campaign_id);
      const gaps = conflict.stretches
        .map(
          (stretch) =>
            `${price(known, stretch.price, conflict.channel)} from ${shortDay(stretch.from)} to ${shortDay(stretch.to)}`,
        )
        .join(', ');
      return `${what} announces ${conflict.sku} at ${price(known, conflict.announced_price, conflict.channel)} on ${conflict.channel}, but the price in force is ${gaps}`;
    }
  }
}

/** The items a conflict involves: they are marked on the grid. */
export function conflictItems(conflict: Conflict): readonly string[] {
  return conflict.kind === 'segment_overlap' ? conflict.item_ids : [conflict.item_id];
}

export function ConflictList({
  conflicts,
  total,
  known,
}: {
  conflicts: readonly Conflict[] | undefined;
  total: number;
  known: Known;
}) {
  return (
    <section class="card campaign-conflicts" aria-labelledby="campaign-conflicts-title">
      <h2 id="campaign-conflicts-title">Conflicts</h2>
      {conflicts === undefined && <p class="muted">Loading…</p>}
      {conflicts?.length === 0 && <p class="empty">Nothing clashes in this window.</p>}
      {conflicts !== undefined && conflicts.length > 0 && (
        <ul aria-label="Conflicts of the window">
          {conflicts.map((conflict) => (
            <li
              key={`${conflict.kind}:${conflictItems(conflict).join(',')}:${'sku' in conflict ? conflict.sku : ''}`}
            >
              {conflictText(conflict, known)}.
            </li>
          ))}
        </ul>
      )}
      {conflicts !== undefined && total > conflicts.length && (
        <p class="muted">
          {total} conflicts in all; the first {conflicts.length} are listed.
        </p>
      )}
    </section>
  );
}
