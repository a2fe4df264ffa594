/**
 * What refunding a received return will give back, shown on its button before anyone clicks. The API
 * answers the amount only once it has refunded, so the page works it out with the server's own rule
 * (src/returns/core/refunds.ts, which it may not import): each unit's cumulative share, half up, of
 * what its SKU's order lines were paid. The refund's answer is what counts; the page then shows it.
 */
import type { Order } from '../../../src/orders/contract.js';
import type { Return } from '../../../src/returns/contract.js';

export interface RefundPreview {
  readonly units: number;
  /** VAT included. */
  readonly totalMinor: number;
  /** The VAT inside `totalMinor`. */
  readonly taxMinor: number;
}

interface PaidSku {
  quantity: number;
  paidMinor: number;
  taxMinor: number;
}

/**
 * What the first `units` of `quantity` units are worth of `amountMinor`, rounded half up: the
 * server's prorate over `[units, quantity − units]`. In BigInt, as there: amount × units may pass 2^53.
 */
function shareOfUnits(amountMinor: number, units: number, quantity: number): number {
  const doubled = 2n * BigInt(amountMinor) * BigInt(units) + BigInt(quantity);
  return Number(doubled / (2n * BigInt(quantity)));
}

/** What each SKU of the order was paid; the VAT goes back with it where the prices excluded it. */
function paidSkus(order: Order): Map<string, PaidSku> {
  let linesMinor = 0;
  for (const line of order.lines) linesMinor += line.total;
  const taxIncluded = linesMinor === order.total;
  const paid = new Map<string, PaidSku>();
  for (const line of order.lines) {
    const earlier = paid.get(line.sku) ?? { quantity: 0, paidMinor: 0, taxMinor: 0 };
    paid.set(line.sku, {
      quantity: earlier.quantity + line.quantity,
      paidMinor: earlier.paidMinor + line.total + (taxIncluded ? 0 : line.tax),
      taxMinor: earlier.taxMinor + line.tax,
    });
  }
  return paid;
}

/** The refund of `refunding`'s units received, after what the order's refunded returns gave back. */
export function refundPreview(
  order: Order,
  returnsOfOrder: readonly Return[],
  refunding: Return,
): RefundPreview {
  const paid = paidSkus(order);
  const refundedBefore = new Map<string, number>();
  for (const other of returnsOfOrder) {
    if (other.status !== 'refunded' || other.id === refunding.id) continue;
    for (const line of other.lines)
      refundedBefore.set(line.sku, (refundedBefore.get(line.sku) ?? 0) + line.refunded);
  }
  let units = 0;
  let totalMinor = 0;
  let taxMinor = 0;
  for (const line of refunding.lines) {
    const sku = paid.get(line.sku);
    if (line.received === 0 || sku === undefined) continue;
    const before = refundedBefore.get(line.sku) ?? 0;
    const after = Math.min(sku.quantity, before + line.received);
    units += line.received;
    totalMinor +=
      shareOfUnits(sku.paidMinor, after, sku.quantity) - shareOfUnits(sku.paidMinor, before, sku.quantity);
    taxMinor +=
      shareOfUnits(sku.taxMinor, after, sku.quantity) - shareOfUnits(sku.taxMinor, before, sku.quantity);
  }
  return { units, totalMinor, taxMinor };
}
