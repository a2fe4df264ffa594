/**
 * VAT: each SKU has a tax class, each channel a country and whether its prices include tax; an
 * order's tax is computed here, exact to the minor unit, with one rounding rule:
 *
 * - lines are grouped by rate; a rate's tax is computed once, on the sum of its lines, and rounded
 *   to the minor unit half up (a price including tax: tax = total × rate / (1 + rate); excluding
 *   tax: tax = total × rate);
 * - each line's share of its rate's tax is given by `prorate`, so the lines' taxes add up to their
 *   rate's tax exactly, and the rates' taxes to the order's;
 * - an order's total is what the customer pays: the lines' totals when prices include tax, the
 *   lines' totals and the tax when they do not.
 * Rounding once per rate rather than per line is how an invoice states VAT per rate, and keeps an
 * order of many cheap lines from gaining or losing a cent per line.
 */
import { assertAmountMinor, prorate, sum } from '../../platform/core/money.js';

export const taxClasses = ['standard', 'intermediate', 'reduced', 'super_reduced'] as const;
export type TaxClass = (typeof taxClasses)[number];

/** The rates Affluence knows, by country (ISO 3166-1 alpha-2), in basis points. */
export const taxRatesBp = {
  FR: { standard: 2_000, intermediate: 1_000, reduced: 550, super_reduced: 210 },
} as const satisfies Record<string, Record<TaxClass, number>>;
export type TaxCountry = keyof typeof taxRatesBp;
export const taxCountries = Object.keys(taxRatesBp) as TaxCountry[];

export function taxRateBp(country: TaxCountry, taxClass: TaxClass): number {
  return taxRatesBp[country][taxClass];
}

const basisPoints = 10_000n;

/** `numerator / denominator` rounded half up, for non-negative integers. */
function divideHalfUp(numerator: bigint, denominator: bigint): number {
  return Number((2n * numerator + denominator) / (2n * denominator));
}

/** The tax inside an amount that includes it, at `rateBp`. */
export function taxIncluded(amountMinor: number, rateBp: number): number {
  assertAmountMinor(amountMinor);
  return divideHalfUp(BigInt(amountMinor) * BigInt(rateBp), basisPoints + BigInt(rateBp));
}

/** The tax to add to an amount that excludes it, at `rateBp`. */
export function taxAdded(amountMinor: number, rateBp: number): number {
  assertAmountMinor(amountMinor);
  return divideHalfUp(BigInt(amountMinor) * BigInt(rateBp), basisPoints);
}

/** The price without tax of a price that includes it: what a storefront shows beside it. */
export function excludingTax(amountMinor: number, rateBp: number): number {
  return amountMinor - taxIncluded(amountMinor, rateBp);
}

export interface TaxableLine {
  /** The line's total in the channel's prices (including or excluding tax). */
  readonly totalMinor: number;
  readonly taxRateBp: number;
}

/** One rate of an order: its base (excluding tax) and its tax. */
export interface RateTax {
  readonly rateBp: number;
  readonly baseMinor: number;
  readonly taxMinor: number;
}

export interface OrderTax {
  /** Each line's share of the tax, in the order of the lines. */
  readonly lineTaxesMinor: readonly number[];
  /** One entry per rate, highest rate first. */
  readonly taxes: readonly RateTax[];
  readonly taxTotalMinor: number;
  /** What the customer pays. */
  readonly totalMinor: number;
}

export function orderTax(lines: readonly TaxableLine[], pricesIncludeTax: boolean): OrderTax {
  const lineTaxesMinor = lines.map(() => 0);
  const rates = [...new Set(lines.map((line) => line.taxRateBp))].sort((a, b) => b - a);
  const taxes = rates.map((rateBp): RateTax => {
    const positions = lines.flatMap((line, position) => (line.taxRateBp === rateBp ? [position] : []));
    const amounts = positions.map((position) => lines[position]!.totalMinor);
    const totalMinor = sum(amounts);
    const taxMinor = pricesIncludeTax ? taxIncluded(totalMinor, rateBp) : taxAdded(totalMinor, rateBp);
    const shares = totalMinor === 0 ? amounts.map(() => 0) : prorate(taxMinor, amounts);
    positions.forEach((position, index) => {
      lineTaxesMinor[position] = shares[index]!;
    });
    return { rateBp, baseMinor: pricesIncludeTax ? totalMinor - taxMinor : totalMinor, taxMinor };
  });
  const taxTotalMinor = sum(taxes.map((rate) => rate.taxMinor));
  const linesMinor = sum(lines.map((line) => line.totalMinor));
  return {
    lineTaxesMinor,
    taxes,
    taxTotalMinor,
    totalMinor: pricesIncludeTax ? linesMinor : linesMinor + taxTotalMinor,
  };
}
