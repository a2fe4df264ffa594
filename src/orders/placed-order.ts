/**
 * The rows one placed order writes — the order, its lines, its allocations, its idempotency key and
 * its `order.placed` event — built in one place, so that the capture and the demo's bulk writer
 * record an order exactly alike.
 */

import type { WaitingUnits } from '../inventory/core/backorders.js';
import type { Allocation } from '../inventory/core/stock-book.js';
import type { NewEvent } from '../platform/outbox/event-repo.js';
import type { IdempotencyKeyTable } from '../platform/store/schema.js';
import type { Order } from './contract.js';
import { initialOrderStatus, type PricedOrder } from './core/order-process.js';
import type { OrderLineRow, OrderRow } from './order-repo.js';
import { orderView, type PlaceOrderInput } from './orders.js';

/** An order the core accepted, with the identity and the instant the use case stamps on it. */
export interface PlacedOrder {
  readonly id: string;
  /** Formatted, from the `order_number` counter. */
  readonly number: string;
  readonly input: PlaceOrderInput;
  readonly currency: string;
  readonly priced: PricedOrder;
  readonly allocations: readonly Allocation[];
  /** Units sold beyond stock, per SKU, with the date promised for them. */
  readonly waiting: readonly WaitingUnits[];
  /** The API key that placed it: it scopes the idempotency key and who may see the order. */
  readonly apiKeyId: string;
  readonly idempotencyKey: string;
  readonly requestHash: string;
  readonly atMs: number;
}

export interface PlacedOrderRows {
  /** As inserted: `short_units` and `delivered_at` are left to their defaults, so that capture writes no column for them. */
  readonly order: Omit<OrderRow, 'short_units' | 'delivered_at'>;
  readonly lines: OrderLineRow[];
  readonly allocations: { readonly ownerId: string; readonly allocations: readonly Allocation[] };
  readonly idempotencyKey: IdempotencyKeyTable;
  /** The answer to the client, recorded with the key and carried by the event. */
  readonly view: Order;
  readonly event: NewEvent;
}

/**
 * Which lines the units sold beyond stock belong to: a SKU's first lines are served from stock, its
 * last ones wait (a SKU named on two lines is one reservation).
 */
export function backorderedPerLine(
  lines: readonly { sku: string; quantity: number }[],
  waiting: readonly WaitingUnits[],
): { units: number; promisedOn: string | null }[] {
  const fromStock = new Map<string, number>();
  for (const line of lines) fromStock.set(line.sku, (fromStock.get(line.sku) ?? 0) + line.quantity);
  const promised = new Map<string, string | null>();
  for (const units of waiting) {
    fromStock.set(units.sku, fromStock.get(units.sku)! - units.quantity);
    promised.set(units.sku, units.promisedOn);
  }
  return lines.map((line) => {
    const served = Math.min(line.quantity, fromStock.get(line.sku)!);
    fromStock.set(line.sku, fromStock.get(line.sku)! - served);
    const units = line.quantity - served;
    return { units, promisedOn: units > 0 ? (promised.get(line.sku) ?? null) : null };
  });
}

export function placedOrderRows(placed: PlacedOrder): PlacedOrderRows {
  const { id, input, atMs } = placed;
  const order: Omit<OrderRow, 'short_units' | 'delivered_at'> = {
    id,
    number: placed.number,
    channel_code: input.channel,
    external_id: input.external_id ?? null,
    status: initialOrderStatus,
    currency: placed.currency,
    total_minor: placed.priced.totalMinor,
    tax_total_minor: placed.priced.taxTotalMinor,
    customer_email: input.customer.email,
    customer_name: input.customer.name ?? null,
    shipping_address: JSON.stringify(input.shipping_address),
    api_key_id: placed.apiKeyId,
    hold_id: input.hold_id ?? null,
    promotions:
      placed.priced.promotions.length === 0
        ? null
        : JSON.stringify(
            placed.priced.promotions.map((applied) => ({
              code: applied.code,
              discount_minor: applied.discountMinor,
            })),
          ),
    created_at: atMs,
    updated_at: atMs,
  };
  const beyond = backorderedPerLine(placed.priced.lines, placed.waiting);
  const lines = placed.priced.lines.map((line, index) => ({
    order_id: id,
    line_no: index + 1,
    sku: line.sku,
    quantity: line.quantity,
    unit_price_minor: line.unitPriceMinor,
    total_minor: line.totalMinor,
    tax_rate_bp: line.taxRateBp,
    tax_minor: line.taxMinor,
    sale_id: line.saleId,
    discount_minor: line.discountMinor,
    backordered: beyond[index]!.units,
    promised_on: beyond[index]!.promisedOn,
  }));
  // The address is the one the client sent: reading back the JSON just written would only copy it.
  const view = orderView(order, lines, input.shipping_address);
  return {
    order,
    lines,
    allocations: { ownerId: id, allocations: placed.allocations },
    idempotencyKey: {
      scope: placed.apiKeyId,
      key: placed.idempotencyKey,
      request_hash: placed.requestHash,
      order_id: id,
      response: JSON.stringify(view),
      created_at: atMs,
    },
    view,
    event: { type: 'order.placed', entityType: 'order', entityId: id, payload: view },
  };
}
