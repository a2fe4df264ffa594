/** Settling reservations after capture: released (cancel, hold end) or shipped, each through the core. */

import type { Repos } from '../platform/store/store.js';
import { type Allocation, StockBook } from './core/stock-book.js';

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
