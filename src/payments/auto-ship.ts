/**
 * A channel that ships by itself (`auto_ship`): its order, once paid, is sourced and its shipments
 * created at once, after the payment committed. Shipping it may fail (stock gone short, no box for
 * it): the payment stands, the order stays `paid`, and an event says why, for the team to act on.
 */

import { createShipments } from '../fulfilment/index.js';
import type { AppContext } from '../platform/context.js';

export async function shipIfAutomatic(ctx: AppContext, orderId: string): Promise<void> {
  const order = await ctx.store.read.orders.getOrder(orderId);
  if (order?.status !== 'paid') return;
  const channel = await ctx.store.read.catalog.getChannel(order.channel_code);
  if (channel?.auto_ship !== 1) return;
  const shipped = await createShipments(ctx, orderId);
  if (shipped.ok) return;
  await ctx.store.transaction((tx) =>
    tx.events.append(
      [
        {
          type: 'order.shipping_blocked',
          entityType: 'order',
          entityId: orderId,
          payload: { code: shipped.code, message: shipped.message, details: shipped.details ?? {} },
        },
      ],
      ctx.clock.now(),
    ),
  );
}
