/** Channel buffers: safety stock a channel may not sell, so that one channel cannot sell the last units another needs. */

import { type AppContext, inTransaction, notFound, pageOf, toIso } from '../platform/context.js';
import { ok, type Result } from '../platform/core/errors.js';
import type { Page } from '../platform/http/schemas.js';
import type { ChannelBuffer, SkuBuffer } from './contract.js';

export async function putBuffer(
  ctx: AppContext,
  channel: string,
  sku: string,
  quantity: number,
): Promise<Result<ChannelBuffer>> {
  return inTransaction(ctx, async (tx) => {
    if ((await tx.catalog.getChannel(channel)) === undefined) return notFound('channel', channel);
    if ((await tx.catalog.getSku(sku)) === undefined) return notFound('sku', sku);
    const now = ctx.clock.now();
    await tx.stock.setBuffer(channel, sku, quantity, now);
    await tx.events.append(
      [{ type: 'buffer.set', entityType: 'sku', entityId: sku, payload: { channel, sku, quantity } }],
      now,
    );
    return ok({ channel, sku, quantity });
  });
}

/** The safety stock held back from a channel, SKU by SKU, a page at a time. */
export async function listBuffers(
  ctx: AppContext,
  channel: string,
  query: { cursor?: string; limit: number },
): Promise<Result<Page<SkuBuffer>>> {
  const read = ctx.store.read;
  if ((await read.catalog.getChannel(channel)) === undefined) return notFound('channel', channel);
  const found = await read.stock.listBuffers(channel, query.cursor, query.limit + 1);
  const { rows, next_cursor } = pageOf(found, query.limit, (row) => row.sku);
  return ok({
    data: rows.map((row) => ({ sku: row.sku, quantity: row.quantity, updated_at: toIso(row.updated_at) })),
    next_cursor,
  });
}
