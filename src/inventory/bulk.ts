/**
 * Stock counts and buffers by the thousand, for a bulk import: each decided against the store
 * (created, updated or unchanged, or refused with why), then written in a few statements per chunk
 * with their ledger rows and events, in the caller's transaction.
 */
import { fail, ok, type Result } from '../platform/core/errors.js';
import type { NewEvent } from '../platform/outbox/event-repo.js';
import { chunks, rowsPerStatement } from '../platform/store/chunks.js';
import type { Repos } from '../platform/store/store.js';
import { StockBook, stockKey } from './core/stock-book.js';

export type BulkOutcome = 'created' | 'updated' | 'unchanged';

/** Units counted of a SKU at a location: on hand becomes that. */
export interface StockCount {
  readonly sku: string;
  readonly location: string;
  readonly onHand: number;
}

export interface CountDecision {
  readonly sku: string;
  readonly location: string;
  /** The adjustment the count makes: counted less on hand. */
  readonly delta: number;
  /** `created`: the SKU had no stock row there. */
  readonly outcome: BulkOutcome;
}

/**
 * Decides each count as an adjustment of on hand by the difference, by the core's rule: refused
 * when fewer units are counted than orders and holds have reserved there (on hand would fall below
 * reserved: an oversell), or more than a stock row may hold. With `lock`, the stock rows are locked
 * (PostgreSQL) until the caller's transaction ends; give counts sorted by SKU and location, so
 * that steps lock in the order every transaction does.
 */
export async function decideStockCounts(
  repos: Repos,
  counts: readonly StockCount[],
  options: { lock: boolean },
): Promise<Result<CountDecision>[]> {
  const skus = [...new Set(counts.map((count) => count.sku))];
  const [knownSkus, locations] = await Promise.all([
    repos.catalog.existingSkus(skus),
    repos.catalog.listLocations(),
  ]);
  const knownLocations = new Set(locations.map((location) => location.code));
  const rows = await repos.stock.lockStock(
    skus.filter((sku) => knownSkus.has(sku)),
    [...new Set(counts.map((count) => count.location))].filter((code) => knownLocations.has(code)),
    options.lock,
  );
  const stored = new Set(rows.map((row) => stockKey(row.sku, row.locationCode)));
  const book = new StockBook(rows, new Map());
  return counts.map((count): Result<CountDecision> => {
    if (!knownSkus.has(count.sku)) return fail('unknown_sku', `No SKU ${count.sku}.`, { skus: [count.sku] });
    if (!knownLocations.has(count.location))
      return fail('unknown_location', `No location ${count.location}.`, { locations: [count.location] });
    const delta = count.onHand - book.row(count.sku, count.location).onHand;
    const decision = { sku: count.sku, location: count.location, delta };
    if (delta === 0) return ok({ ...decision, outcome: 'unchanged' });
    const adjusted = book.adjust(count.sku, count.location, delta);
    if (!adjusted.ok) return adjusted;
    return ok({
      ...decision,
      outcome: stored.has(stockKey(count.sku, count.location)) ? 'updated' : 'created',
    });
  });
}

/**
 * Writes the counts decided: on hand changed in place under the stock rule, an `adjustment` in the
 * ledger with reason `counted` and `reference` (the import), and a `stock.adjusted` event each.
 */
export async function writeStockCounts(
  tx: Repos,
  decisions: readonly CountDecision[],
  reference: string,
  now: number,
): Promise<void> {
  const changed = decisions.filter((decision) => decision.delta !== 0);
  if (changed.length === 0) return;
  await tx.stock.applyDeltas(
    changed.map(({ sku, location, delta }) => ({
      sku,
      locationCode: location,
      onHandDelta: delta,
      reservedDelta: 0,
    })),
  );
  for (const chunk of chunks(changed, rowsPerStatement(7)))
    await tx.stock.addMovements(
      chunk.map(({ sku, location, delta }) => ({
        sku,
        locationCode: location,
        kind: 'adjustment',
        quantity: delta,
        reference,
        reason: 'counted',
      })),
      now,
    );
  const events: NewEvent[] = changed.map(({ sku, location, delta }) => ({
    type: 'stock.adjusted',
    entityType: 'sku',
    entityId: sku,
    payload: { sku, location, delta, reason: 'counted', reference },
  }));
  for (const chunk of chunks(events, rowsPerStatement(6))) await tx.events.append(chunk, now);
}

/** Units of a SKU a channel may not sell. */
export interface BufferSetting {
  readonly channel: string;
  readonly sku: string;
  readonly quantity: number;
}

export interface BufferDecision extends BufferSetting {
  /** `created`: the channel held none of the SKU back before. */
  readonly outcome: BulkOutcome;
}

/** Decides each buffer: refused when its channel or SKU does not exist. */
export async function decideBuffers(
  repos: Repos,
  settings: readonly BufferSetting[],
): Promise<Result<BufferDecision>[]> {
  const channels = [...new Set(settings.map((setting) => setting.channel))];
  const skus = [...new Set(settings.map((setting) => setting.sku))];
  const [knownChannels, knownSkus, current] = await Promise.all([
    repos.catalog.existingChannels(channels),
    repos.catalog.existingSkus(skus),
    repos.stock.buffers(channels, skus),
  ]);
  return settings.map((setting): Result<BufferDecision> => {
    if (!knownChannels.has(setting.channel))
      return fail('unknown_channel', `No channel ${setting.channel}.`, { channels: [setting.channel] });
    if (!knownSkus.has(setting.sku))
      return fail('unknown_sku', `No SKU ${setting.sku}.`, { skus: [setting.sku] });
    const before = current.get(stockKey(setting.sku, setting.channel));
    const outcome = before === undefined ? 'created' : before === setting.quantity ? 'unchanged' : 'updated';
    return ok({ ...setting, outcome });
  });
}

/** Writes the buffers decided, with a `buffer.set` event each; availability follows at once. */
export async function writeBuffers(
  tx: Repos,
  decisions: readonly BufferDecision[],
  now: number,
): Promise<void> {
  const changed = decisions.filter((decision) => decision.outcome !== 'unchanged');
  if (changed.length === 0) return;
  await tx.stock.setBuffers(
    changed.map(({ channel, sku, quantity }) => ({ channelCode: channel, sku, quantity })),
    now,
  );
  const events: NewEvent[] = changed.map(({ channel, sku, quantity }) => ({
    type: 'buffer.set',
    entityType: 'sku',
    entityId: sku,
    payload: { channel, sku, quantity },
  }));
  for (const chunk of chunks(events, rowsPerStatement(6))) await tx.events.append(chunk, now);
}
