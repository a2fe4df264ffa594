/** The order process as data: its states, the moves between them, and what each move does to stock; and an order's pricing. */

import { fail, ok, type Result } from '../../platform/core/errors.js';
import { multiply } from '../../platform/core/money.js';
import { assertAllReachable } from '../../platform/core/state-table.js';
import type { LinePrice } from '../../pricing/core/in-force.js';
import {
  type AppliedCode,
  type GrossLine,
  noPromotion,
  type Promotion,
} from '../../pricing/core/promo-codes.js';
import { orderTax } from '../../pricing/core/vat.js';

export const orderStatuses = [
  'placed',
  'paid',
  'fulfilling',
  'shipped',
  'delivered',
  'partially_returned',
  'returned',
  'cancelled',
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export const initialOrderStatus: OrderStatus = 'placed';

export const orderTransitions = {
  placed: ['paid', 'cancelled'],
  paid: ['fulfilling', 'cancelled'],
  fulfilling: ['shipped'],
  shipped: ['delivered'],
  delivered: ['partially_returned', 'returned'],
  partially_returned: ['returned'],
  returned: [],
  cancelled: [],
} as const satisfies Record<OrderStatus, readonly OrderStatus[]>;

/**
 * Statuses only a return's receipt moves an order to (see the returns part), once its first units,
 * then all of them, are back: the units received and the status always agree.
 */
export const returnedOrderStatuses = [
  'partially_returned',
  'returned',
] as const satisfies readonly OrderStatus[];

/** What entering a state does to the order's reserved stock. */
export const stockEffectOnEntry = {
  placed: 'none',
  paid: 'none',
  fulfilling: 'none',
  shipped: 'ship',
  delivered: 'none',
  // Units come back through the return's receipt, counted and inspected, not through the status.
  partially_returned: 'none',
  returned: 'none',
  cancelled: 'release',
} as const satisfies Record<OrderStatus, 'none' | 'ship' | 'release'>;

/** Statuses whose orders still hold reserved stock. */
export const reservingStatuses: readonly OrderStatus[] = ['placed', 'paid', 'fulfilling'];

export function isOrderStatus(value: string): value is OrderStatus {
  return (orderStatuses as readonly string[]).includes(value);
}

export function checkTransition(
  from: OrderStatus,
  to: OrderStatus,
): Result<{ effect: 'none' | 'ship' | 'release' }> {
  const allowed: readonly OrderStatus[] = orderTransitions[from];
  if (!allowed.includes(to)) {
    return fail('invalid_transition', `An order cannot go from ${from} to ${to}.`, { from, to, allowed });
  }
  return ok({ effect: stockEffectOnEntry[to] });
}

// A state no order can reach is a broken table: the module refuses to load.
assertAllReachable('order', orderStatuses, orderTransitions, initialOrderStatus);

export interface PricedLine {
  readonly sku: string;
  readonly quantity: number;
  readonly unitPriceMinor: number;
  /** What the line costs: its unit price × quantity, less its share of the promo codes' discounts. */
  readonly totalMinor: number;
  readonly discountMinor: number;
  readonly taxRateBp: number;
  /** The line's share of its rate's tax (see `orderTax`). */
  readonly taxMinor: number;
  readonly saleId: string | null;
}

/** An order priced: its lines with their share of the VAT, what the customer pays, and the VAT. */
export interface PricedOrder {
  readonly lines: readonly PricedLine[];
  readonly totalMinor: number;
  readonly taxTotalMinor: number;
  /** The promo codes applied, each with what it took off, in the order they were applied. */
  readonly promotions: readonly AppliedCode[];
}

/**
 * Prices each line at the price in force for its SKU (`prices`, one channel's), lets `promote`
 * (the order's promo codes, when it names any) take its discounts off the lines, and computes the
 * order's VAT on what is left; `pricesIncludeTax` is the channel's.
 */
export function priceLines(
  lines: readonly { sku: string; quantity: number }[],
  prices: ReadonlyMap<string, LinePrice>,
  pricesIncludeTax: boolean,
  promote?: (gross: readonly GrossLine[]) => Result<Promotion>,
): Result<PricedOrder> {
  const missing = [...new Set(lines.filter((line) => !prices.has(line.sku)).map((line) => line.sku))];
  if (missing.length > 0) {
    return fail('price_missing', 'Some SKUs have no price on this channel.', { skus: missing });
  }
  const gross = lines.map((line) => {
    const price = prices.get(line.sku)!;
    return {
      sku: line.sku,
      quantity: line.quantity,
      unitPriceMinor: price.unitPriceMinor,
      totalMinor: multiply(price.unitPriceMinor, line.quantity),
      taxRateBp: price.taxRateBp,
      saleId: price.saleId,
    };
  });
  const promotion = promote === undefined ? ok(noPromotion(gross.length)) : promote(gross);
  if (!promotion.ok) return promotion;
  const net = gross.map((line, index) => {
    const discountMinor = promotion.value.lineDiscountsMinor[index]!;
    return { ...line, totalMinor: line.totalMinor - discountMinor, discountMinor };
  });
  const tax = orderTax(net, pricesIncludeTax);
  return ok({
    lines: net.map((line, index) => ({ ...line, taxMinor: tax.lineTaxesMinor[index]! })),
    totalMinor: tax.totalMinor,
    taxTotalMinor: tax.taxTotalMinor,
    promotions: promotion.value.codes,
  });
}

/**
 * An Idempotency-Key as recorded: scoped to the API key that sent it, so that two storefronts'
 * keys never meet. The one spelling of the lookup key, for the store and the capture's decision.
 */
export function scopedIdempotencyKey(apiKeyId: string, idempotencyKey: string): string {
  return `${apiKeyId}\u0000${idempotencyKey}`;
}

/** A channel's own id of an order as recorded: once per channel, whoever sends it. */
export function externalOrderKey(channel: string, externalId: string): string {
  return `${channel}\u0000${externalId}`;
}
