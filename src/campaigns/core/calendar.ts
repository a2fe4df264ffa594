/** The campaign calendar's rules: the campaign process as data, item kinds, and the conflicts a plan runs into. */

import { fail, ok, type Result } from '../../platform/core/errors.js';
import { assertAllReachable } from '../../platform/core/state-table.js';
import type { PriceSegment } from '../../pricing/core/timeline.js';

export const itemKinds = ['banner', 'mailing', 'social_post', 'product_selection'] as const;
export type ItemKind = (typeof itemKinds)[number];

export const campaignStatuses = ['draft', 'approved', 'scheduled', 'published', 'done', 'cancelled'] as const;
export type CampaignStatus = (typeof campaignStatuses)[number];

export const initialCampaignStatus: CampaignStatus = 'draft';

/**
 * The campaign process. A person moves a campaign through draft, approved and scheduled (and back,
 * until something went out); the clock moves it on: published when its first item goes out, done
 * when its last one is over. Its items carry the same statuses: they follow the campaign until it
 * is scheduled, then each is published at its own start and done at its own end.
 */
export const campaignTransitions = {
  draft: ['approved', 'cancelled'],
  approved: ['draft', 'scheduled', 'cancelled'],
  scheduled: ['approved', 'published', 'cancelled'],
  published: ['done', 'cancelled'],
  done: [],
  cancelled: [],
} as const satisfies Record<CampaignStatus, readonly CampaignStatus[]>;

/** The moves a person asks for by `to`; cancelling has its own request (it needs a reason), the rest is the clock's. */
export const manualMoves = ['draft', 'approved', 'scheduled'] as const satisfies readonly CampaignStatus[];
export type ManualMove = (typeof manualMoves)[number];

/** Statuses whose items are still to happen or happening: the ones that can conflict. */
export const liveStatuses: readonly CampaignStatus[] = ['draft', 'approved', 'scheduled', 'published'];

/** Item statuses a cancellation stops; a published item went out and stays so until its end. */
export const cancellableItemStatuses: readonly CampaignStatus[] = ['draft', 'approved', 'scheduled'];

// A status no campaign can reach is a broken table: the module refuses to load.
assertAllReachable('campaign', campaignStatuses, campaignTransitions, initialCampaignStatus);

export function isCampaignStatus(value: string): value is CampaignStatus {
  return (campaignStatuses as readonly string[]).includes(value);
}

/** What a move is checked against: the campaign's status and its items' ends. */
export interface CampaignForMove {
  readonly status: CampaignStatus;
  readonly items: readonly { readonly id: string; readonly endsAtMs: number }[];
}

/** Whether `campaign` may move to `to` at `nowMs`; the refusal says why and what was allowed. */
export function checkMove(campaign: CampaignForMove, to: CampaignStatus, nowMs: number): Result<null> {
  const from = campaign.status;
  const allowed: readonly CampaignStatus[] = campaignTransitions[from];
  if (!allowed.includes(to))
    return fail('invalid_transition', `A campaign cannot go from ${from} to ${to}.`, { from, to, allowed });
  if (to === 'approved' && campaign.items.length === 0)
    return fail('invalid_transition', 'A campaign without items has nothing to approve.', {
      from,
      to,
      reason: 'no_items',
    });
  if (to === 'scheduled') {
    // Publishing an item whose end has passed would announce what is over.
    const over = campaign.items.filter((item) => item.endsAtMs <= nowMs).map((item) => item.id);
    if (over.length > 0)
      return fail('invalid_transition', 'Some items end before now: change or remove them first.', {
        from,
        to,
        reason: 'items_over',
        items: over,
      });
  }
  return ok(null);
}

/** A campaign's content and items change only while it is a draft: approval is of what was seen. */
export function checkEditable(status: CampaignStatus): Result<null> {
  if (status === 'draft') return ok(null);
  return fail('invalid_transition', `A campaign is edited only while draft; this one is ${status}.`, {
    status,
    editable_in: ['draft'],
  });
}

/** An item as the conflict finder sees it. */
export interface PlannedItem {
  readonly id: string;
  readonly campaignId: string;
  readonly status: CampaignStatus;
  readonly channel: string;
  readonly segment: string;
  readonly startsAtMs: number;
  readonly endsAtMs: number;
  readonly skus: readonly string[];
  readonly announcedPrices: readonly { readonly sku: string; readonly priceMinor: number }[];
}

/** The key of a (channel, SKU) pair in the facts' maps. */
export function factKey(channel: string, sku: string): string {
  return `${channel}\u0000${sku}`;
}

/** What the finder needs besides the items; every map is keyed by `factKey` but `unitsSold`, by SKU. */
export interface ConflictFacts {
  readonly nowMs: number;
  readonly fromMs: number;
  readonly toMs: number;
  /** Units available to promise now on the channel. */
  readonly availableUnits: ReadonlyMap<string, number>;
  /** Units sold over the recent period, on every channel: they all draw on the same stock. */
  readonly unitsSold: ReadonlyMap<string, number>;
  readonly salesPeriodMs: number;
  /** The prices applied on the channel over time (`priceTimeline`), covering the items' windows. */
  readonly priceTimelines: ReadonlyMap<string, readonly PriceSegment[]>;
}

/** A stretch of an item's window where the price in force is not the one announced; null: no price at all. */
export interface PriceStretch {
  readonly fromMs: number;
  readonly toMs: number;
  readonly priceMinor: number | null;
  readonly saleId: string | null;
}

export type Conflict =
  | {
      readonly kind: 'segment_overlap';
      readonly channel: string;
      readonly segment: string;
      readonly itemIds: readonly [string, string];
      readonly campaignIds: readonly [string, string];
      readonly fromMs: number;
      readonly toMs: number;
    }
  | {
      readonly kind: 'sku_runs_out';
      readonly channel: string;
      readonly sku: string;
      readonly itemId: string;
      readonly campaignId: string;
      readonly availableUnits: number;
      readonly unitsSold: number;
      readonly salesPeriodMs: number;
      readonly runsOutAtMs: number;
      /** The part of the item's window left without stock. */
      readonly fromMs: number;
      readonly toMs: number;
    }
  | {
      readonly kind: 'price_not_provided';
      readonly channel: string;
      readonly sku: string;
      readonly itemId: string;
      readonly campaignId: string;
      readonly announcedPriceMinor: number;
      readonly stretches: readonly PriceStretch[];
      readonly fromMs: number;
      readonly toMs: number;
    };

export type ConflictKind = Conflict['kind'];

const isLive = (item: PlannedItem) => liveStatuses.includes(item.status);

/** Two campaigns speaking to the same segment on the same channel at once; touching windows do not overlap. */
function segmentOverlaps(items: readonly PlannedItem[], facts: ConflictFacts): Conflict[] {
  const found: Conflict[] = [];
  items.forEach((first, index) => {
    for (const second of items.slice(index + 1)) {
      if (first.campaignId === second.campaignId) continue;
      if (first.channel !== second.channel || first.segment !== second.segment) continue;
      const fromMs = Math.max(first.startsAtMs, second.startsAtMs);
      const toMs = Math.min(first.endsAtMs, second.endsAtMs);
      if (fromMs >= toMs || toMs <= facts.fromMs || fromMs >= facts.toMs) continue;
      const [a, b] = first.id < second.id ? [first, second] : [second, first];
      found.push({
        kind: 'segment_overlap',
        channel: a.channel,
        segment: a.segment,
        itemIds: [a.id, b.id],
        campaignIds: [a.campaignId, b.campaignId],
        fromMs,
        toMs,
      });
    }
  });
  return found;
}

/**
 * When a SKU sells its last available unit at the recent rate: now when none is available,
 * never when none sold. Integer milliseconds, rounded down: the earlier instant is the safe one.
 */
export function runsOutAtMs(
  availableUnits: number,
  unitsSold: number,
  salesPeriodMs: number,
  nowMs: number,
): number | null {
  if (availableUnits <= 0) return nowMs;
  if (unitsSold <= 0) return null;
  return nowMs + Math.floor((availableUnits * salesPeriodMs) / unitsSold);
}

function skusRunningOut(items: readonly PlannedItem[], facts: ConflictFacts): Conflict[] {
  const found: Conflict[] = [];
  for (const item of items) {
    if (item.endsAtMs <= facts.nowMs) continue;
    for (const sku of item.skus) {
      const availableUnits = facts.availableUnits.get(factKey(item.channel, sku)) ?? 0;
      const unitsSold = facts.unitsSold.get(sku) ?? 0;
      const runsOut = runsOutAtMs(availableUnits, unitsSold, facts.salesPeriodMs, facts.nowMs);
      // Selling the last unit as the item ends is enough stock.
      if (runsOut === null || runsOut >= item.endsAtMs) continue;
      found.push({
        kind: 'sku_runs_out',
        channel: item.channel,
        sku,
        itemId: item.id,
        campaignId: item.campaignId,
        availableUnits,
        unitsSold,
        salesPeriodMs: facts.salesPeriodMs,
        runsOutAtMs: runsOut,
        fromMs: Math.max(runsOut, item.startsAtMs),
        toMs: item.endsAtMs,
      });
    }
  }
  return found;
}

/** The stretches of [fromMs, toMs) where `timeline` does not apply `priceMinor`, holes without a price included. */
export function stretchesOff(
  timeline: readonly PriceSegment[],
  fromMs: number,
  toMs: number,
  priceMinor: number,
): PriceStretch[] {
  const stretches: PriceStretch[] = [];
  const add = (stretch: PriceStretch) => {
    const last = stretches.at(-1);
    if (
      last?.toMs === stretch.fromMs &&
      last.priceMinor === stretch.priceMinor &&
      last.saleId === stretch.saleId
    )
      stretches[stretches.length - 1] = { ...last, toMs: stretch.toMs };
    else stretches.push(stretch);
  };
  let cursorMs = fromMs;
  const sorted = [...timeline].sort((a, b) => a.fromMs - b.fromMs);
  for (const segment of sorted) {
    const segmentEndMs = segment.toMs ?? Number.POSITIVE_INFINITY;
    if (segmentEndMs <= cursorMs) continue;
    if (segment.fromMs >= toMs) break;
    if (segment.fromMs > cursorMs)
      add({ fromMs: cursorMs, toMs: segment.fromMs, priceMinor: null, saleId: null });
    const endMs = Math.min(segmentEndMs, toMs);
    const startMs = Math.max(segment.fromMs, cursorMs);
    if (segment.amountMinor !== priceMinor)
      add({ fromMs: startMs, toMs: endMs, priceMinor: segment.amountMinor, saleId: segment.saleId });
    cursorMs = endMs;
    if (cursorMs >= toMs) break;
  }
  if (cursorMs < toMs) add({ fromMs: cursorMs, toMs, priceMinor: null, saleId: null });
  return stretches;
}

/** Announced prices the channel does not apply for the whole of the item's window. */
function pricesNotProvided(items: readonly PlannedItem[], facts: ConflictFacts): Conflict[] {
  const found: Conflict[] = [];
  for (const item of items) {
    for (const announced of item.announcedPrices) {
      const timeline = facts.priceTimelines.get(factKey(item.channel, announced.sku)) ?? [];
      const stretches = stretchesOff(timeline, item.startsAtMs, item.endsAtMs, announced.priceMinor);
      if (stretches.length === 0) continue;
      found.push({
        kind: 'price_not_provided',
        channel: item.channel,
        sku: announced.sku,
        itemId: item.id,
        campaignId: item.campaignId,
        announcedPriceMinor: announced.priceMinor,
        stretches,
        fromMs: stretches[0]!.fromMs,
        toMs: stretches.at(-1)!.toMs,
      });
    }
  }
  return found;
}

const kindOrder: readonly ConflictKind[] = ['segment_overlap', 'sku_runs_out', 'price_not_provided'];

/**
 * Every conflict among the live items of the window (draft to published: a draft is where a
 * conflict is best seen; done and cancelled items can no longer clash), soonest first.
 */
export function findConflicts(items: readonly PlannedItem[], facts: ConflictFacts): Conflict[] {
  if (facts.salesPeriodMs <= 0) throw new Error('the sales period must be a positive duration');
  const live = items.filter(isLive);
  return [
    ...segmentOverlaps(live, facts),
    ...skusRunningOut(live, facts),
    ...pricesNotProvided(live, facts),
  ].sort(
    (a, b) =>
      a.fromMs - b.fromMs ||
      kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind) ||
      firstItemId(a).localeCompare(firstItemId(b)),
  );
}

function firstItemId(conflict: Conflict): string {
  return conflict.kind === 'segment_overlap' ? conflict.itemIds[0] : conflict.itemId;
}

/** Whether a conflict involves any of these items: a campaign's own conflicts. */
export function involves(conflict: Conflict, itemIds: ReadonlySet<string>): boolean {
  return conflict.kind === 'segment_overlap'
    ? conflict.itemIds.some((id) => itemIds.has(id))
    : itemIds.has(conflict.itemId);
}
