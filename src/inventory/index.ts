/** Inventory's public entry: stock and its ledger, holds, buffers and availability to promise. */

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
  countDelayedBackorders,
  countWaitingLines,
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
export { adjustStock, countSoldOutSkus, getStock, receiveStock } from './stock.js';
export { type MovementInput, StockRepo } from './stock-repo.js';
