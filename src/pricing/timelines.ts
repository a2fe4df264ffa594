/** Loads what the price timelines of SKUs on a channel are computed from, in a few statements for any number of SKUs. */
import type { Repos } from '../platform/store/store.js';
import type { BasePriceChange, ReferenceQuestion, SaleKind, SaleWindow } from './core/timeline.js';
import { type SaleOfSku, saleRule } from './pricing-repo.js';
import { periodsOfYear } from './soldes-periods.js';
import { daysBefore } from './zoned-time.js';

export interface SkuTimelineFacts {
  readonly changes: readonly BasePriceChange[];
  readonly windows: readonly SaleWindow[];
}

export function saleWindow(sale: SaleOfSku): SaleWindow {
  return {
    saleId: sale.saleId,
    kind: sale.kind as SaleKind,
    startsAtMs: sale.startsAtMs,
    endsAtMs: sale.stopsAtMs,
    rule: saleRule(sale),
  };
}

export async function loadTimelines(
  tx: Repos,
  channel: string,
  skus: readonly string[],
): Promise<{ facts: Map<string, SkuTimelineFacts>; sales: readonly SaleOfSku[] }> {
  const [changes, sales] = await Promise.all([
    tx.pricing.changesOfSkus(channel, skus),
    tx.pricing.salesOfSkus(channel, skus),
  ]);
  const facts = new Map<string, SkuTimelineFacts>(
    skus.map((sku) => [
      sku,
      {
        changes: changes.get(sku) ?? [],
        windows: sales.filter((sale) => sale.sku === sku).map(saleWindow),
      },
    ]),
  );
  return { facts, sales };
}

/**
 * What `referencePrice` needs beyond a timeline, for sales in `timeZone`: the 30 days counted on
 * that calendar, and the soldes periods of the years the sales fall in.
 */
export async function referenceContext(
  tx: Repos,
  timeZone: string,
  windows: Iterable<SaleWindow>,
): Promise<Pick<ReferenceQuestion, 'thirtyDaysBefore' | 'sameSoldesPeriod'>> {
  const years = new Set<number>();
  for (const window of windows)
    if (window.kind === 'soldes') years.add(new Date(window.startsAtMs).getUTCFullYear());
  const periods = (await Promise.all([...years].map((year) => periodsOfYear(tx, year)))).flat();
  const periodOf = (atMs: number) =>
    periods.findIndex((period) => period.startsAtMs <= atMs && atMs < period.endsAtMs);
  return {
    thirtyDaysBefore: (atMs) => daysBefore(atMs, 30, timeZone),
    sameSoldesPeriod: (earlier, later) => {
      const period = periodOf(earlier.startsAtMs);
      return period !== -1 && period === periodOf(later.startsAtMs);
    },
  };
}
