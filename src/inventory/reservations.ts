/**
 * Settling reservations after capture, each through the core: released (cancel, hold end), moved
 * where a sourcing plan ships them from, or shipped out of the building.
 */

import type { Repos } from '../platform/store/store.js';
import { type Allocation, StockBook, stockKey } from './core/stock-book.js';

/** Returns reserved units to free stock, or ships them out of the building. */
export async function settleAllocations(
  tx: Repos,
  allocations: readonly Allocation[],
  how: 'release' | 'ship',
): Promise<void> {
  if (allocations.length === 0) return;
  const rows = await tx.stock.lockStock(
    allocations.map((allocation) => allocation.sku),
    allocations.map((allocation) => allocation.locationCode),
  );
  const book = new StockBook(rows, new Map());
  if (how === 'release') book.release(allocations);
  else book.ship(allocations);
  await tx.stock.applyDeltas(book.deltas());
}

/**
 * Moves an order's reservations as its sourcing plan says, with the order locked by the caller:
 * released where it will not ship from, reserved where it will, and its allocations become the
 * plan's. The plan was made on rows read in this transaction, so the book's invariant holds.
 */
export async function moveReservations(
  tx: Repos,
  orderId: string,
  moves: { readonly release: readonly Allocation[]; readonly reserve: readonly Allocation[] },
  allocations: readonly Allocation[],
): Promise<void> {
  const touched = [...moves.release, ...moves.reserve];
  if (touched.length > 0) {
    const rows = await tx.stock.lockStock(
      touched.map((allocation) => allocation.sku),
      touched.map((allocation) => allocation.locationCode),
    );
    const book = new StockBook(rows, new Map());
    book.release(moves.release);
    book.reserveAt(moves.reserve);
    await tx.stock.applyDeltas(book.deltas());
  }
  await tx.stock.replaceAllocations('order_allocations', orderId, allocations);
}

/**
 * A parcel leaves: its units come out of on hand and reserved at its location, the ledger records
 * the shipment under `reference`, and the order no longer holds them (so that the order, shipped
 * later, ships nothing twice).
 */
export async function shipParcel(
  tx: Repos,
  orderId: string,
  parcel: readonly Allocation[],
  reference: string,
  now: number,
): Promise<void> {
  await settleAllocations(tx, parcel, 'ship');
  await tx.stock.addMovements(
    parcel.map((allocation) => ({
      sku: allocation.sku,
      locationCode: allocation.locationCode,
      kind: 'shipment',
      quantity: -allocation.quantity,
      reference,
      reason: null,
    })),
    now,
  );
  const leaving = new Map(
    parcel.map((allocation) => [stockKey(allocation.sku, allocation.locationCode), allocation.quantity]),
  );
  const held = (await tx.stock.allocationsOf('order_allocations', [orderId])).get(orderId) ?? [];
  const kept: Allocation[] = [];
  for (const allocation of held) {
    const key = stockKey(allocation.sku, allocation.locationCode);
    const shipped = Math.min(leaving.get(key) ?? 0, allocation.quantity);
    leaving.set(key, (leaving.get(key) ?? 0) - shipped);
    if (allocation.quantity > shipped) kept.push({ ...allocation, quantity: allocation.quantity - shipped });
  }
  const unheld = [...leaving].filter(([, quantity]) => quantity > 0);
  if (unheld.length > 0)
    throw new Error(
      `order ${orderId} ships units it does not hold: ${unheld.map(([key]) => key).join(', ')}`,
    );
  await tx.stock.replaceAllocations('order_allocations', orderId, kept);
}
