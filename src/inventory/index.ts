/** Inventory's public entry: stock and its ledger, holds, buffers and availability to promise. */

import type { AppContext } from '../platform/context.js';

export { type AvailabilityFreezes, AvailabilityReader } from './availability.js';
export { putBuffer } from './buffers.js';
export {
  type BufferDecision,
  type CountDecision,
  decideBuffers,
  decideStockCounts,
  writeBuffers,
  writeStockCounts,
} from './bulk.js';
export { countLiveHolds, expireHolds, holdView } from './holds.js';
export { openArrival, settleArrival } from './incoming/arrivals.js';
export {
  checkNotAwaitingStock,
  listWaitingLines,
  putBackorderTerms,
  replanLateBackorders,
  stopWaitingForOrder,
} from './incoming/backorders.js';
export { IncomingRepo, type TermsRow, termsOf } from './incoming/incoming-repo.js';
export { createPurchaseOrder } from './incoming/purchase-orders.js';
export { incomingRoutes } from './incoming/routes.js';
export { moveReservations, settleAllocations, shipParcel } from './reservations.js';
export { inventoryRoutes } from './routes.js';
export { adjustStock, countSoldOutSkus, receiveStock } from './stock.js';
export { type MovementInput, StockRepo } from './stock-repo.js';

/**
 * Order lines waiting for stock that a late or short purchase order left behind their promise: the
 * operations room's figure and its alert's. Written here so that the room reads it through the
 * entry; it belongs beside `listWaitingLines` in incoming/backorders.ts.
 */
export function countDelayedBackorders(ctx: AppContext): Promise<number> {
  return ctx.store.read.incoming.countDelayed();
}
