/**
 * The returns report, pure: units returned against units delivered, by week, by SKU and by reason,
 * in integers, with each rate in basis points. A return counts in the week it was authorised, a
 * delivery in the week it arrived: after a peak, deliveries fall while the returns of the peak's
 * orders come in, and the weekly rate swells.
 */

import type { ReturnReason } from './return-process.js';
import { returnReasons } from './return-process.js';

/** Units returned (authorised, cancelled returns left out) in one week, of one SKU, for one reason. */
export interface ReturnedUnits {
  readonly week: number;
  readonly sku: string;
  readonly reason: string;
  readonly units: number;
  /** What of them came back so far. */
  readonly received: number;
}

export interface ReturnFigures {
  readonly delivered: number;
  readonly returned: number;
  readonly received: number;
  /** `returned / delivered` in basis points, rounded half up; null when nothing was delivered. */
  readonly rateBp: number | null;
}

export interface ReturnsReport {
  readonly totals: ReturnFigures;
  /** One per week asked, empty weeks included, in order. */
  readonly byWeek: readonly ReturnFigures[];
  /** Most returned first (then by SKU), at most `skusMax`. */
  readonly bySku: readonly (ReturnFigures & { readonly sku: string })[];
  /** SKUs with returns left out of `bySku`. */
  readonly skusMore: number;
  /** Every reason of the list, in its order; `delivered` is the period's, the rate each reason's share of it. */
  readonly byReason: readonly (ReturnFigures & { readonly reason: ReturnReason })[];
}

/** `part / whole` in basis points, rounded half up, in integers; null for a whole of 0. */
export function rateBp(part: number, whole: number): number | null {
  if (whole === 0) return null;
  return Math.floor((2 * part * 10_000 + whole) / (2 * whole));
}

function figures(delivered: number, returned: number, received: number): ReturnFigures {
  return { delivered, returned, received, rateBp: rateBp(returned, delivered) };
}

/**
 * The report over `weeks` weeks from `returned` (its `week` an index in 0…weeks−1) and the units
 * delivered per week and per SKU (those of the returned SKUs at least).
 */
export function returnsReport(input: {
  readonly weeks: number;
  readonly deliveredByWeek: readonly number[];
  readonly deliveredBySku: ReadonlyMap<string, number>;
  readonly returned: readonly ReturnedUnits[];
  readonly skusMax: number;
}): ReturnsReport {
  if (input.deliveredByWeek.length !== input.weeks)
    throw new Error(
      `report invariant broken: ${input.deliveredByWeek.length} weeks of deliveries for ${input.weeks}`,
    );
  const weekSums = Array.from({ length: input.weeks }, () => ({ returned: 0, received: 0 }));
  const skuSums = new Map<string, { returned: number; received: number }>();
  const reasonSums = new Map<string, { returned: number; received: number }>();
  let returned = 0;
  let received = 0;
  for (const row of input.returned) {
    const week = weekSums[row.week];
    if (week === undefined) throw new Error(`report invariant broken: week ${row.week} of ${input.weeks}`);
    week.returned += row.units;
    week.received += row.received;
    for (const [sums, key] of [
      [skuSums, row.sku],
      [reasonSums, row.reason],
    ] as const) {
      const entry = sums.get(key) ?? { returned: 0, received: 0 };
      entry.returned += row.units;
      entry.received += row.received;
      sums.set(key, entry);
    }
    returned += row.units;
    received += row.received;
  }
  const delivered = input.deliveredByWeek.reduce((total, units) => total + units, 0);
  const skus = [...skuSums]
    .sort(([skuA, a], [skuB, b]) => b.returned - a.returned || (skuA < skuB ? -1 : skuA > skuB ? 1 : 0))
    .map(([sku, sums]) => ({
      sku,
      ...figures(input.deliveredBySku.get(sku) ?? 0, sums.returned, sums.received),
    }));
  return {
    totals: figures(delivered, returned, received),
    byWeek: weekSums.map((sums, index) =>
      figures(input.deliveredByWeek[index]!, sums.returned, sums.received),
    ),
    bySku: skus.slice(0, input.skusMax),
    skusMore: Math.max(0, skus.length - input.skusMax),
    byReason: returnReasons.map((reason) => {
      const sums = reasonSums.get(reason) ?? { returned: 0, received: 0 };
      return { reason, ...figures(delivered, sums.returned, sums.received) };
    }),
  };
}
