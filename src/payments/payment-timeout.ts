/**
 * Unpaid orders give their stock back: an order still `placed` past its channel's payment timeout,
 * with no authorisation or capture, is cancelled and its reserved units return, exactly once. A
 * capture racing the timeout meets it on the order's lock: the first decides, and a capture after
 * the cancellation is still recorded, with its refund due.
 */

import { moveOrderInTransaction } from '../orders/index.js';
import { type AppContext, idBoundAfter, inTransaction } from '../platform/context.js';
import { ok } from '../platform/core/errors.js';
import { limits } from '../platform/core/limits.js';

/** Cancels one order if it is still placed and unpaid; says whether it did. */
async function cancelIfUnpaid(ctx: AppContext, id: string, timeoutMinutes: number): Promise<boolean> {
  const cancelled = await inTransaction(ctx, async (tx) => {
    const order = await tx.orders.lockOrder(id);
    if (order?.status !== 'placed') return ok(false);
    const payments = await tx.payments.paymentsOf(id);
    if (payments.some((payment) => payment.kind === 'authorisation' || payment.kind === 'capture'))
      return ok(false);
    const moved = await moveOrderInTransaction(tx, order, 'cancelled', ctx.clock.now(), {
      reason: 'payment_timeout',
      payment_timeout_minutes: timeoutMinutes,
    });
    return ok(moved.ok);
  });
  return cancelled.ok && cancelled.value;
}

/** One sweep over every channel with a payment timeout; answers how many orders it cancelled. */
export async function cancelUnpaidOrders(ctx: AppContext): Promise<number> {
  const channels = await ctx.store.read.catalog.listChannels();
  let cancelled = 0;
  for (const channel of channels) {
    const timeoutMinutes = channel.payment_timeout_minutes;
    if (timeoutMinutes === null) continue;
    const createdUntilMs = ctx.clock.now() - timeoutMinutes * 60_000;
    for (;;) {
      const ids = await ctx.store.read.payments.unpaidPlacedOrders(
        channel.code,
        createdUntilMs,
        idBoundAfter('ord', createdUntilMs),
        limits.paymentTimeoutBatchMax,
      );
      let cancelledNow = 0;
      for (const id of ids) if (await cancelIfUnpaid(ctx, id, timeoutMinutes)) cancelledNow += 1;
      cancelled += cancelledNow;
      // A short page is the last; a page of which none could be cancelled would come back the same.
      if (ids.length < limits.paymentTimeoutBatchMax || cancelledNow === 0) break;
    }
  }
  return cancelled;
}
