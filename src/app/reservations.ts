/** The reservation step shared by holds and orders: check, lock, decide in the core, apply. */
import { fail, ok, type Result } from '../core/errors.js';
import { type Allocation, type LineRequest, StockBook } from '../core/inventory.js';
import type { Repos } from '../store/store.js';

export async function checkChannelAndSkus(
  tx: Repos,
  channel: string,
  lines: readonly LineRequest[],
): Promise<Result<{ currency: string }>> {
  const channelRow = await tx.catalog.getChannel(channel);
  if (channelRow === undefined)
    return fail('unknown_channel', `No channel ${channel}.`, { channels: [channel] });
  const skus = [...new Set(lines.map((line) => line.sku))];
  const existing = await tx.catalog.existingSkus(skus);
  const unknown = skus.filter((sku) => !existing.has(sku));
  if (unknown.length > 0) return fail('unknown_sku', 'Some SKUs do not exist.', { skus: unknown });
  return ok({ currency: channelRow.currency });
}

/**
 * Reserves all `lines` on `channel` or none, taking first the units of `held` (the allocations of
 * a hold being turned into an order). Stock rows are locked in one sorted read.
 */
export async function reserveLines(
  tx: Repos,
  channel: string,
  lines: readonly LineRequest[],
  held: readonly Allocation[] = [],
): Promise<Result<Allocation[]>> {
  const locationsByChannel = await tx.catalog.locationsByChannel([channel]);
  const skus = [...new Set([...lines.map((line) => line.sku), ...held.map((allocation) => allocation.sku)])];
  const locations = [
    ...new Set([
      ...(locationsByChannel.get(channel) ?? []),
      ...held.map((allocation) => allocation.locationCode),
    ]),
  ];
  const [rows, buffers] = await Promise.all([
    tx.stock.lockStock(skus, locations),
    tx.catalog.buffers([channel], skus),
  ]);
  const book = new StockBook(rows, locationsByChannel, buffers);
  const reserved = book.reserveWithHeld(channel, lines, held);
  if (!reserved.ok) return reserved;
  await tx.stock.applyDeltas(book.deltas());
  return reserved;
}

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
