/**
 * Stock arriving at a location — a purchase order's receipt, goods received without one, a
 * customer's return put back on the shelf — serves the order lines waiting for it first, in the
 * same transaction, first come first served; only what is left is free stock.
 */

import type { NewEvent } from '../../platform/outbox/event-repo.js';
import type { Repos } from '../../platform/store/store.js';
import { type Allocation, type ServedLine, StockBook } from '../core/stock-book.js';
import { replanWaiting } from './backorders.js';
import { type QueueRow, termsOf } from './incoming-repo.js';

/** The book units arrive on, with the waiting lines they may serve. */
export interface Arrival {
  readonly book: StockBook;
  readonly location: string;
  readonly skus: readonly string[];
  readonly queue: readonly QueueRow[];
}

/** A waiting order line served by an arrival. */
export interface ServedOrderLine extends ServedLine {
  readonly orderId: string;
  readonly lineNo: number;
}

/**
 * Locks what an arrival of these SKUs at `location` changes, in the order every transaction takes
 * it — stock rows, then the terms, then the queue they govern — and opens its book.
 */
export async function openArrival(
  tx: Repos,
  skus: readonly string[],
  location: string,
  today: string,
): Promise<Arrival> {
  const stock = await tx.stock.lockStock(skus, [location]);
  const terms = await tx.incoming.termsOf(skus, true);
  const queue = await tx.incoming.queueOf(skus, true);
  const locations = await tx.catalog.locationsByChannel([...new Set(queue.map((line) => line.channel_code))]);
  const book = new StockBook(stock, locations, new Map(), { terms: terms.map(termsOf), incoming: [], today });
  return { book, location, skus, queue };
}

/** Served lines grouped per order, as allocations to record. */
function allocationsByOrder(served: readonly ServedOrderLine[]) {
  const byOrder = new Map<string, Allocation[]>();
  for (const line of served) {
    const allocations = byOrder.get(line.orderId) ?? [];
    allocations.push({ sku: line.sku, locationCode: line.locationCode, quantity: line.quantity });
    byOrder.set(line.orderId, allocations);
  }
  return [...byOrder].map(([ownerId, allocations]) => ({ ownerId, allocations }));
}

/**
 * Once the units are on the arrival's book: serves the waiting lines from them, first come first
 * served, writes what the book changed (stock, units waiting, the orders' allocations, the queue),
 * and dates again what still waits. Answers the lines served and the events to append: one
 * `order.backorder_allocated` per order served, carrying `cause` (what arrived), and any delay found.
 */
export async function settleArrival(
  tx: Repos,
  arrival: Arrival,
  now: number,
  cause: Record<string, unknown>,
): Promise<{ served: ServedOrderLine[]; events: NewEvent[] }> {
  const queued = new Map(arrival.queue.map((line) => [line.id, line]));
  const served = arrival.book
    .serveWaiting(
      arrival.location,
      arrival.queue.map((line) => ({
        id: line.id,
        sku: line.sku,
        channelCode: line.channel_code,
        waiting: line.waiting,
      })),
    )
    .map((line) => ({
      ...line,
      orderId: queued.get(line.id)!.order_id,
      lineNo: queued.get(line.id)!.line_no,
    }));
  await tx.stock.applyDeltas(arrival.book.deltas());
  const owned = allocationsByOrder(served);
  if (served.length > 0) {
    await tx.incoming.applyWaitingDeltas(arrival.book.waitingDeltas());
    await tx.stock.insertAllocations('order_allocations', owned);
    await tx.incoming.serve(served);
  }
  const events: NewEvent[] = owned.map((order) => ({
    type: 'order.backorder_allocated',
    entityType: 'order',
    entityId: order.ownerId,
    payload: { ...cause, allocations: order.allocations },
  }));
  if (arrival.queue.length > 0) events.push(...(await replanWaiting(tx, arrival.skus, now)));
  return { served, events };
}
