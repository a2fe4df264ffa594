/**
 * The conflicts of the plan: the live items of a window, the facts they need read from the parts
 * that own them (availability from inventory, sales from orders, prices over time from pricing),
 * and the core's finder run over them.
 */
import { availableFromFree } from '../../inventory/core/stock-book.js';
import { type AppContext, toIso } from '../../platform/context.js';
import { limits } from '../../platform/core/limits.js';
import type { Repos } from '../../platform/store/store.js';
import type { RoundingRule } from '../../pricing/core/discount.js';
import {
  type PriceSegment,
  priceTimeline,
  type SaleKind,
  type SaleWindow,
} from '../../pricing/core/timeline.js';
import {
  type Conflict,
  type ConflictFacts,
  factKey,
  findConflicts,
  involves,
  liveStatuses,
  type PlannedItem,
} from '../core/calendar.js';
import type { CampaignItemRow } from './campaign-repo.js';
import type { Conflicts } from './contract.js';
import { conflictView, plannedItem } from './views.js';

const dayMs = 24 * 60 * 60 * 1000;

/** A sale of one SKU as pricing's repository reads it (named through `Repos`: pricing's entry does not export it). */
type SaleOfSku = Awaited<ReturnType<Repos['pricing']['salesOfSkus']>>[number];

/** The SKUs each channel is asked about, from the items' pairs. */
function byChannel(pairs: Iterable<{ channel: string; sku: string }>): Map<string, string[]> {
  const skus = new Map<string, Set<string>>();
  for (const { channel, sku } of pairs) skus.set(channel, (skus.get(channel) ?? new Set()).add(sku));
  return new Map([...skus].map(([channel, set]) => [channel, [...set].sort()]));
}

async function availableUnits(read: Repos, items: readonly PlannedItem[]): Promise<Map<string, number>> {
  const available = new Map<string, number>();
  const wanted = byChannel(items.flatMap((item) => item.skus.map((sku) => ({ channel: item.channel, sku }))));
  for (const [channel, skus] of wanted) {
    const free = await read.stock.freeStockForChannel(channel, skus);
    for (const [sku, stock] of free)
      available.set(factKey(channel, sku), availableFromFree(stock.free, stock.buffer));
  }
  return available;
}

/**
 * Prices over time of SKUs on channels, keyed by `factKey`, from pricing's history and sales. Pricing's entry does
 * not export its timeline loader (`timelines.ts`), so its two repository reads are put together
 * here, each sale applying its fixed price or its discount as `pricing-repo.ts`'s `saleRule` does.
 */
export async function priceTimelines(
  read: Repos,
  pairs: Iterable<{ channel: string; sku: string }>,
): Promise<Map<string, readonly PriceSegment[]>> {
  const timelines = new Map<string, readonly PriceSegment[]>();
  const wanted = byChannel(pairs);
  for (const [channel, skus] of wanted) {
    const [changes, sales] = await Promise.all([
      read.pricing.changesOfSkus(channel, skus),
      read.pricing.salesOfSkus(channel, skus),
    ]);
    for (const sku of skus) {
      const windows = sales.filter((sale) => sale.sku === sku).map(saleWindowOf);
      timelines.set(factKey(channel, sku), priceTimeline(changes.get(sku) ?? [], windows));
    }
  }
  return timelines;
}

/** A sale as it applies to one SKU: its own price, or its discount with its rounding. */
function saleWindowOf(sale: SaleOfSku): SaleWindow {
  if (sale.priceMinor === null && sale.discountBp === null)
    throw new Error(`sale ${sale.saleId} has neither a price nor a discount for ${sale.sku}`);
  return {
    saleId: sale.saleId,
    kind: sale.kind as SaleKind,
    startsAtMs: sale.startsAtMs,
    endsAtMs: sale.stopsAtMs,
    rule:
      sale.priceMinor !== null
        ? { kind: 'fixed', amountMinor: sale.priceMinor }
        : { kind: 'percent', discountBp: sale.discountBp!, rounding: sale.rounding as RoundingRule },
  };
}

async function factsFor(
  read: Repos,
  items: readonly PlannedItem[],
  window: { fromMs: number; toMs: number; nowMs: number },
): Promise<ConflictFacts> {
  const salesPeriodMs = limits.campaignSalesRateDays * dayMs;
  const promoted = [...new Set(items.flatMap((item) => item.skus))].sort();
  const [available, unitsSold, timelines] = await Promise.all([
    availableUnits(read, items),
    read.campaigns.unitsSoldSince(promoted, window.nowMs - salesPeriodMs),
    priceTimelines(
      read,
      items.flatMap((item) => item.announcedPrices.map(({ sku }) => ({ channel: item.channel, sku }))),
    ),
  ]);
  return { ...window, availableUnits: available, unitsSold, salesPeriodMs, priceTimelines: timelines };
}

/** Every conflict of the live items overlapping [fromMs, toMs), soonest first. */
async function conflictsOfWindow(
  read: Repos,
  fromMs: number,
  toMs: number,
  nowMs: number,
): Promise<Conflict[]> {
  const items = (await read.campaigns.itemsOverlapping(fromMs, toMs, liveStatuses)).map(plannedItem);
  if (items.length === 0) return [];
  return findConflicts(items, await factsFor(read, items, { fromMs, toMs, nowMs }));
}

/** The calendar's conflicts in a window, as the API answers them. */
export async function listConflicts(ctx: AppContext, fromMs: number, toMs: number): Promise<Conflicts> {
  const found = await conflictsOfWindow(ctx.store.read, fromMs, toMs, ctx.clock.now());
  return {
    from: toIso(fromMs),
    to: toIso(toMs),
    data: found.slice(0, limits.campaignConflictsListedMax).map(conflictView),
    total: found.length,
  };
}

/** The conflicts a campaign's items take part in, over the span of its items. */
export async function conflictsOfCampaign(
  ctx: AppContext,
  items: readonly CampaignItemRow[],
): Promise<Conflict[]> {
  if (items.length === 0) return [];
  const fromMs = Math.min(...items.map((item) => item.starts_at));
  const toMs = Math.max(...items.map((item) => item.ends_at));
  const own = new Set(items.map((item) => item.id));
  const found = await conflictsOfWindow(ctx.store.read, fromMs, toMs, ctx.clock.now());
  return found.filter((conflict) => involves(conflict, own)).slice(0, limits.campaignConflictsListedMax);
}
