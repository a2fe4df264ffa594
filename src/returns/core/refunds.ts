/**
 * What a return refunds, pure and exact in minor units. Each returned unit gives back its share of
 * what its line was paid (the line's total, its promo-code discount already taken off, with its VAT
 * where the prices excluded it), and of that VAT. Shares are cumulative: the first `n` of a SKU's
 * `q` units are worth `prorate(paid, [n, q − n])[0]`, and a return refunds the difference between
 * the units refunded after it and before it. So however an order comes back, in one return or many,
 * every refund is ≥ 0, a SKU never gives back more than it was paid, and all of it once every unit
 * is back.
 */

import { prorate, sum } from '../../platform/core/money.js';
import type { ReturnReason, ShippingRefundRule } from './return-process.js';
import { shopFaultReasons } from './return-process.js';

/** An order line as stored: its total after discount, and the VAT share it carries. */
export interface OrderLineFacts {
  readonly sku: string;
  readonly quantity: number;
  readonly totalMinor: number;
  readonly taxMinor: number;
}

/** What the customer paid for one SKU of the order, its lines taken together. */
export interface PaidSku {
  readonly sku: string;
  readonly quantity: number;
  readonly paidMinor: number;
  /** The VAT inside `paidMinor`. */
  readonly taxMinor: number;
}

/**
 * What each SKU of the order was paid. `orderTotalMinor` tells whether its prices included VAT (the
 * lines add up to the total) or excluded it (the VAT came on top, and goes back with each unit).
 */
export function paidSkus(lines: readonly OrderLineFacts[], orderTotalMinor: number): Map<string, PaidSku> {
  const taxIncluded = sum(lines.map((line) => line.totalMinor)) === orderTotalMinor;
  const result = new Map<string, PaidSku>();
  for (const line of lines) {
    const earlier = result.get(line.sku);
    const paidMinor = line.totalMinor + (taxIncluded ? 0 : line.taxMinor);
    result.set(line.sku, {
      sku: line.sku,
      quantity: (earlier?.quantity ?? 0) + line.quantity,
      paidMinor: (earlier?.paidMinor ?? 0) + paidMinor,
      taxMinor: (earlier?.taxMinor ?? 0) + line.taxMinor,
    });
  }
  return result;
}

/** What the first `units` of `quantity` units are worth of `amountMinor`, rounded half up. */
export function shareOfUnits(amountMinor: number, units: number, quantity: number): number {
  if (!(Number.isSafeInteger(units) && units >= 0 && units <= quantity && quantity > 0)) {
    throw new Error(`refund invariant broken: ${units} of ${quantity} units`);
  }
  return prorate(amountMinor, [units, quantity - units])[0]!;
}

export interface RefundLine {
  readonly sku: string;
  readonly units: number;
  /** What goes back for these units, VAT included. */
  readonly amountMinor: number;
  /** The VAT inside `amountMinor`. */
  readonly taxMinor: number;
}

/**
 * The refund of `refunding` units per SKU, after `refundedBefore` units of each were refunded by the
 * order's earlier returns. More units than the order holds is a bug upstream: the receipt checked it.
 */
export function refundLines(
  paid: ReadonlyMap<string, PaidSku>,
  refundedBefore: ReadonlyMap<string, number>,
  refunding: readonly { readonly sku: string; readonly units: number }[],
): RefundLine[] {
  return refunding.map(({ sku, units }) => {
    const line = paid.get(sku);
    if (line === undefined) throw new Error(`refund invariant broken: ${sku} is not on the order`);
    const before = refundedBefore.get(sku) ?? 0;
    const after = before + units;
    return {
      sku,
      units,
      amountMinor:
        shareOfUnits(line.paidMinor, after, line.quantity) -
        shareOfUnits(line.paidMinor, before, line.quantity),
      taxMinor:
        shareOfUnits(line.taxMinor, after, line.quantity) -
        shareOfUnits(line.taxMinor, before, line.quantity),
    };
  });
}

export interface ShippingFacts {
  /** The shipping the customer paid on the order. */
  readonly shippingPaidMinor: number;
  /** What of it the order's earlier returns refunded. */
  readonly shippingRefundedMinor: number;
  /** Every delivered unit of the order is back once this return is. */
  readonly wholeOrderBack: boolean;
  /** The reasons of the lines refunded now. */
  readonly reasons: readonly ReturnReason[];
}

/** Whether the channel's rule refunds the shipping for this return. */
export function shippingRuleMet(rule: ShippingRefundRule, facts: ShippingFacts): boolean {
  return (
    (rule.wholeOrder && facts.wholeOrderBack) ||
    (rule.shopFault && facts.reasons.some((reason) => shopFaultReasons.includes(reason)))
  );
}

/** The shipping this return refunds: what is left of it when the rule is met, else nothing; once per order. */
export function shippingRefundMinor(rule: ShippingRefundRule, facts: ShippingFacts): number {
  const left = facts.shippingPaidMinor - facts.shippingRefundedMinor;
  if (left < 0)
    throw new Error(`refund invariant broken: ${facts.shippingRefundedMinor} of shipping refunded`);
  return shippingRuleMet(rule, facts) ? left : 0;
}
