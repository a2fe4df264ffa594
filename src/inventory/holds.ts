/** Checkout holds: stock reserved for a while, returned by itself when the hold expires. */

import type { HoldRow } from '../orders/index.js';
import { type AppContext, type Caller, canSee, inTransaction, notFound, toIso } from '../platform/context.js';
import { fail, ok, type Result } from '../platform/core/errors.js';
import { limits } from '../platform/core/limits.js';
import type { Hold } from './contract.js';
import type { Allocation } from './core/stock-book.js';
import { settleAllocations } from './reservations.js';

export function holdView(hold: HoldRow, allocations: readonly Allocation[]): Hold {
  return {
    id: hold.id,
    channel: hold.channel_code,
    status: hold.status,
    expires_at: toIso(hold.expires_at),
    lines: allocations.map((allocation) => ({
      sku: allocation.sku,
      location: allocation.locationCode,
      quantity: allocation.quantity,
    })),
  };
}

export async function getHold(ctx: AppContext, id: string, caller: Caller): Promise<Result<Hold>> {
  const hold = await ctx.store.read.orders.getHold(id);
  if (hold === undefined || !canSee(caller, hold.api_key_id)) return notFound('hold', id);
  const allocations = (await ctx.store.read.stock.allocationsOf('hold_allocations', [id])).get(id) ?? [];
  return ok(holdView(hold, allocations));
}

/** Releases a hold now; its stock returns exactly once, whoever else tries at the same time. */
export async function releaseHold(ctx: AppContext, id: string, caller: Caller): Promise<Result<Hold>> {
  const released = await inTransaction(ctx, async (tx) => {
    const hold = await tx.orders.getHold(id);
    if (hold === undefined || !canSee(caller, hold.api_key_id)) return notFound('hold', id);
    if (!(await tx.orders.endHold(id, 'released'))) {
      const current = await tx.orders.getHold(id);
      return fail('hold_not_active', `Hold ${id} is ${current?.status ?? hold.status}, not active.`, {
        hold_id: id,
        status: current?.status ?? hold.status,
      });
    }
    const allocations = (await tx.stock.allocationsOf('hold_allocations', [id])).get(id) ?? [];
    await settleAllocations(tx, allocations, 'release');
    await tx.events.append(
      [{ type: 'hold.released', entityType: 'hold', entityId: id, payload: {} }],
      ctx.clock.now(),
    );
    return ok(null);
  });
  return released.ok ? getHold(ctx, id, caller) : released;
}

/** Expires holds past their time and returns their stock; returns how many it expired. */
export async function expireHolds(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now();
  const candidates = await ctx.store.read.orders.expiredHoldIds(now, limits.holdSweepBatchMax);
  if (candidates.length === 0) return 0;
  const expired = await inTransaction(ctx, async (tx) => {
    // Holds are locked in a stable order, then the stock rows: the order every transaction follows.
    const ended: string[] = [];
    for (const id of [...candidates].sort()) if (await tx.orders.endHold(id, 'expired')) ended.push(id);
    const allocations = await tx.stock.allocationsOf('hold_allocations', ended);
    await settleAllocations(tx, [...allocations.values()].flat(), 'release');
    await tx.events.append(
      ended.map((id) => ({ type: 'hold.expired', entityType: 'hold', entityId: id, payload: {} })),
      now,
    );
    return ok(ended.length);
  });
  return expired.ok ? expired.value : 0;
}

/** Checkout holds still reserving stock, for the figures. */
export function countLiveHolds(ctx: AppContext): Promise<number> {
  return ctx.store.read.orders.countActiveHolds();
}
