/**
 * Orders of the shop's past, brought in by an import (channels' history import): written as they
 * ended, delivered or cancelled, with an `order.imported` event each. A past order never held
 * stock: it reserves nothing and writes nothing to the ledger, so stock and availability stay what
 * the shop counted. It carries no VAT (the history says nothing of it), as orders taken before VAT
 * was computed carry none: its total is its lines' amounts as the history gives them.
 */
import { multiply, sum } from '../platform/core/money.js';
import type { NewEvent } from '../platform/outbox/event-repo.js';
import { chunks, rowsPerStatement } from '../platform/store/chunks.js';
import type { Repos } from '../platform/store/store.js';
import type { Order } from './contract.js';
import type { OrderLineRow } from './order-repo.js';
import { formatOrderNumber } from './orders.js';

export interface PastOrder {
  /** Minted by the caller at the instant it was placed, so that ids keep sorting by time. */
  readonly id: string;
  readonly channel: string;
  /** The channel's reference for it (an invoice number): what a second import recognises it by. */
  readonly externalId: string;
  readonly status: 'delivered' | 'cancelled';
  readonly currency: string;
  readonly customerEmail: string;
  readonly shippingAddress: Order['shipping_address'];
  readonly lines: readonly {
    readonly sku: string;
    readonly quantity: number;
    readonly unitPriceMinor: number;
  }[];
  readonly placedAtMs: number;
  /** When it reached its status. */
  readonly updatedAtMs: number;
}

/** Numbers and writes past orders, in the caller's transaction; `nowMs` stamps their events. */
export async function recordPastOrders(
  tx: Repos,
  orders: readonly PastOrder[],
  nowMs: number,
): Promise<void> {
  if (orders.length === 0) return;
  // Numbers are taken from the counter in one step, then handed out in the orders' order.
  let next = (await tx.events.advanceCounter('order_number', orders.length)) - orders.length + 1;
  const lines: OrderLineRow[] = [];
  const events: NewEvent[] = [];
  const rows = orders.map((order) => {
    const orderLines = order.lines.map((line, index) => ({
      order_id: order.id,
      line_no: index + 1,
      sku: line.sku,
      quantity: line.quantity,
      unit_price_minor: line.unitPriceMinor,
      total_minor: multiply(line.unitPriceMinor, line.quantity),
      tax_rate_bp: 0,
      tax_minor: 0,
      sale_id: null,
      discount_minor: 0,
      backordered: 0,
      promised_on: null,
    }));
    lines.push(...orderLines);
    const row = {
      id: order.id,
      number: formatOrderNumber(next++),
      channel_code: order.channel,
      external_id: order.externalId,
      status: order.status,
      currency: order.currency,
      total_minor: sum(orderLines.map((line) => line.total_minor)),
      tax_total_minor: 0,
      customer_email: order.customerEmail,
      customer_name: null,
      shipping_address: JSON.stringify(order.shippingAddress),
      api_key_id: null,
      hold_id: null,
      // When it reached its status: for a delivered one, its delivery, which a return window counts from.
      delivered_at: order.status === 'delivered' ? order.updatedAtMs : null,
      created_at: order.placedAtMs,
      updated_at: order.updatedAtMs,
    };
    // The order itself is one read away (`GET /v1/orders/{id}`): the event says which and what, not
    // every line, so that a history of thousands of orders does not weigh on the outbox.
    events.push({
      type: 'order.imported',
      entityType: 'order',
      entityId: order.id,
      payload: {
        number: row.number,
        channel: order.channel,
        external_id: order.externalId,
        status: order.status,
        currency: order.currency,
        total: row.total_minor,
        lines: orderLines.length,
        placed_at: new Date(order.placedAtMs).toISOString(),
      },
    });
    return row;
  });
  await tx.orders.insertManyOrders(rows, lines);
  // An event is six parameters of one statement on SQLite.
  for (const chunk of chunks(events, rowsPerStatement(6))) await tx.events.append(chunk, nowMs);
}

/**
 * Cancels past orders found delivered that a later import shows were cancelled (their cancellation
 * was not in the file that brought them): a correction of the history, outside the order process,
 * which never reopens a delivered order. Each gets an `order.cancelled` event naming `reference`
 * (the cancellation's own number). An order no longer delivered is left alone; returns how many moved.
 */
export async function cancelPastOrders(
  tx: Repos,
  cancellations: readonly { readonly id: string; readonly atMs: number; readonly reference: string }[],
  nowMs: number,
): Promise<number> {
  const events: NewEvent[] = [];
  for (const { id, atMs, reference } of cancellations) {
    if (!(await tx.orders.moveOrder(id, 'delivered', 'cancelled', atMs))) continue;
    events.push({
      type: 'order.cancelled',
      entityType: 'order',
      entityId: id,
      payload: { from: 'delivered', to: 'cancelled', reference },
    });
  }
  await tx.events.append(events, nowMs);
  return events.length;
}
