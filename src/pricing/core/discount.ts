/**
 * A percentage off a price, and how the result is rounded. Every rule rounds down: a sale that
 * announces 30 % off never gives less than 30 % off, whatever the price.
 * - `cent`: down to the minor unit (19.99 at 30 % → 13.99, from 13.993);
 * - `x0`: down to a multiple of ten minor units (→ 13.90);
 * - `x9`: down to the nearest amount ending in 9 minor units (→ 13.99; 20.00 at 30 % → 13.99).
 * A rule that would go below zero gives the `cent` result instead.
 */
import { assertAmountMinor } from '../../platform/core/money.js';

export const roundingRules = ['cent', 'x0', 'x9'] as const;
export type RoundingRule = (typeof roundingRules)[number];

export const basisPointsWhole = 10_000;

export function discountedPrice(priceMinor: number, discountBp: number, rounding: RoundingRule): number {
  assertAmountMinor(priceMinor);
  if (!Number.isInteger(discountBp) || discountBp < 0 || discountBp > basisPointsWhole)
    throw new Error(`discount of ${discountBp} bp is not between 0 and ${basisPointsWhole}`);
  // BigInt: price × (10,000 − discount) may pass 2^53 for the largest prices.
  const exact = Number(
    (BigInt(priceMinor) * BigInt(basisPointsWhole - discountBp)) / BigInt(basisPointsWhole),
  );
  const rounded =
    rounding === 'x0' ? exact - (exact % 10) : rounding === 'x9' ? exact - ((exact + 1) % 10) : exact;
  return rounded < 0 ? exact : rounded;
}

/**
 * The reduction from `referenceMinor` to `priceMinor`, in basis points, rounded down so that it is
 * never overstated; 0 when the price is not below the reference.
 */
export function discountBp(referenceMinor: number, priceMinor: number): number {
  if (referenceMinor <= 0 || priceMinor >= referenceMinor) return 0;
  return Number((BigInt(referenceMinor - priceMinor) * BigInt(basisPointsWhole)) / BigInt(referenceMinor));
}
