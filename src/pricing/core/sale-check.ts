/**
 * What a sale's check finds, SKU by SKU and channel by channel, from facts the use case gathered:
 * a reduction that is none, one with no price to be reduced from, a price raised in the 30 days
 * before (the classic fake discount), and for soldes the one-month rule (each SKU offered for sale
 * and in stock for at least a month before the start). Each problem names what to fix.
 */
import type { ReferencePrice } from './timeline.js';

export interface SaleProblem {
  readonly code:
    | 'no_prior_price'
    | 'not_a_reduction'
    | 'price_raised_before_sale'
    | 'soldes_not_offered_a_month'
    | 'soldes_not_in_stock_a_month';
  readonly message: string;
  readonly sku: string;
  readonly channel?: string;
}

export interface PricedItemFacts {
  readonly sku: string;
  readonly channel: string;
  /** The sale price at its start; null if the SKU has no price on the channel then. */
  readonly salePriceMinor: number | null;
  readonly reference: ReferencePrice;
}

/** For soldes: how each SKU stood a month before the start. */
export interface SoldesItemFacts {
  readonly sku: string;
  /** Channels of the sale on which the SKU did not have a price for the whole month. */
  readonly channelsNotOffered: readonly string[];
  /** Units on hand (all locations) a month before the start. */
  readonly onHandMonthBefore: number;
}

export function saleProblems(
  priced: readonly PricedItemFacts[],
  soldes: readonly SoldesItemFacts[] | undefined,
): SaleProblem[] {
  const problems: SaleProblem[] = [];
  for (const { sku, channel, salePriceMinor, reference } of priced) {
    const where = `${sku} on ${channel}`;
    if (reference.referenceMinor === null)
      problems.push({
        code: 'no_prior_price',
        message: `${where} had no price before the sale: no reduction can be announced from it.`,
        sku,
        channel,
      });
    else if (salePriceMinor !== null && salePriceMinor >= reference.referenceMinor)
      problems.push({
        code: 'not_a_reduction',
        message: `${where}: the sale price ${salePriceMinor} is not below the reference price ${reference.referenceMinor} (the lowest of the 30 days before).`,
        sku,
        channel,
      });
    for (const raise of reference.raises)
      problems.push({
        code: 'price_raised_before_sale',
        message: `${where}: the price was raised from ${raise.fromMinor} to ${raise.toMinor} in the 30 days before the sale; the reduction is shown from ${reference.referenceMinor ?? 'no price'}, not from the raised price.`,
        sku,
        channel,
      });
  }
  for (const { sku, channelsNotOffered, onHandMonthBefore } of soldes ?? []) {
    for (const channel of channelsNotOffered)
      problems.push({
        code: 'soldes_not_offered_a_month',
        message: `${sku} was not offered for sale on ${channel} for the whole month before the soldes start.`,
        sku,
        channel,
      });
    if (onHandMonthBefore <= 0)
      problems.push({
        code: 'soldes_not_in_stock_a_month',
        message: `${sku} was not in stock a month before the soldes start: only goods held for a month may be sold off.`,
        sku,
      });
  }
  return problems;
}
