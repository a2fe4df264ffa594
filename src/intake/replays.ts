/** Whether a request is the retry of an order already taken, which the intake answers its first answer. */
import type { AppContext } from '../platform/context.js';

/** This caller placed an order with this Idempotency-Key: a retry changes nothing and gets the first answer. */
export async function isKnownOrderKey(ctx: AppContext, apiKeyId: string, key: string): Promise<boolean> {
  return (await ctx.store.read.orders.getIdempotencyKey(apiKeyId, key)) !== undefined;
}
