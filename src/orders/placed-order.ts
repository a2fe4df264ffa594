/**
 * The rows one placed order writes — the order, its lines, its allocations, its idempotency key and
 * its `order.placed` event — built in one place, so that the capture and the demo's bulk writer
 * record an order exactly alike.
 */

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
  /** The API key that placed it: it scopes the idempotency key and who may see the order. */
  readonly apiKeyId: string;
  readonly idempotencyKey: string;
  readonly requestHash: string;
  readonly atMs: number;
}

export interface PlacedOrderRows {
  /** As inserted: `short_units` is left to its default, so that capture writes no column for it. */
  readonly order: Omit<OrderRow, 'short_units'>;
  readonly lines: OrderLineRow[];
  readonly allocations: { readonly ownerId: string; readonly allocations: readonly Allocation[] };
  readonly idempotencyKey: IdempotencyKeyTable;
  /** The answer to the client, recorded with the key and carried by the event. */
  readonly view: Order;
  readonly event: NewEvent;
}

export function placedOrderRows(placed: PlacedOrder): PlacedOrderRows {
  const { id, input, atMs } = placed;
  const order: Omit<OrderRow, 'short_units'> = {
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
