/**
 * Writes the demo plan one use case at a time, each in its own transaction, with the clock set to
 * the instant the step happened. Slow (~3 minutes for the full shop on SQLite) but the reference: the bulk
 * writer must leave the store exactly as this one does.
 */

import { putSku } from '../catalog/index.js';
import { placeOrder } from '../intake/index.js';
import { adjustStock, receiveStock } from '../inventory/index.js';
import { transitionOrder } from '../orders/index.js';
import type { AppContext } from '../platform/context.js';
import type { Result } from '../platform/core/errors.js';
import { type DemoAction, type DemoHistory, type DemoSku, demoCaller, type ManualClock } from './plan.js';
import { skuInput, type WrittenOrders } from './write-bulk.js';

/** Steps between two progress reports. */
const progressEveryMax = 100;

/** The plan was made to succeed: a refusal is a bug in the generator or in a use case. */
export function expectOk<T>(result: Result<T>, what: string): T {
  if (!result.ok)
    throw new Error(
      `demo ${what} refused: ${result.code} ${result.message} ${JSON.stringify(result.details)}`,
    );
  return result.value;
}

export async function writeSkusWithUseCases(
  ctx: AppContext,
  skus: readonly DemoSku[],
  onProgress: (done: number) => void,
): Promise<void> {
  for (const [index, sku] of skus.entries()) {
    expectOk(await putSku(ctx, sku.sku, skuInput(sku)), `SKU ${sku.sku}`);
    if ((index + 1) % progressEveryMax === 0 || index + 1 === skus.length) onProgress(index + 1);
  }
}

export async function writeActionsWithUseCases(
  ctx: AppContext,
  clock: ManualClock,
  history: DemoHistory,
  actions: readonly DemoAction[],
  written: WrittenOrders,
  onProgress: (done: number) => void,
): Promise<void> {
  for (const [index, action] of actions.entries()) {
    clock.set(action.atMs);
    switch (action.kind) {
      case 'receive':
        expectOk(await receiveStock(ctx, action.input), 'receipt');
        break;
      case 'adjust':
        expectOk(await adjustStock(ctx, action.input), 'adjustment');
        break;
      case 'place': {
        const plan = history.orders[action.order]!;
        const placed = expectOk(await placeOrder(ctx, plan.input, plan.idempotencyKey, demoCaller), 'order');
        written.ids[action.order] = placed.order.id;
        written.numbers[action.order] = placed.order.number;
        break;
      }
      case 'move':
        expectOk(
          await transitionOrder(ctx, written.ids[action.order]!, action.to, demoCaller),
          `move to ${action.to}`,
        );
        break;
    }
    if ((index + 1) % progressEveryMax === 0 || index + 1 === actions.length) onProgress(index + 1);
  }
}
