/**
 * Stock to buy for the peak, pure: a SKU must hold, from now to the window's end, what the
 * forecast says it sells before the window and what the window sells at the service level; what
 * is on hand and on order counts against it, the rest is to order, early enough for the supplier's
 * lead time to bring it in before the window opens.
 */
import { addDays } from './calendar.js';

export interface StockPosition {
  /** Units free to sell now: on hand less those reserved. */
  readonly available: number;
  /** Units on open purchase orders expected by the window's last day. */
  readonly onOrder: number;
  readonly leadTimeDays: number;
}

export interface StockNeed {
  readonly sku: string;
  /** Forecast units from the plan's day to the window's first day (point forecast). */
  readonly unitsBeforeWindow: number;
  /** The window's units at the service level. */
  readonly unitsAtServiceLevel: number;
}

export interface StockAdvice {
  readonly need: number;
  readonly toOrder: number;
  /** The last day to order for the goods to arrive before the window opens; null when none is needed. */
  readonly orderBy: string | null;
  /** `orderBy` is before the plan's day: the goods will arrive during the window, not before it. */
  readonly late: boolean;
}

export function adviseStock(
  need: StockNeed,
  position: StockPosition,
  windowFrom: string,
  today: string,
): StockAdvice {
  if (!Number.isSafeInteger(position.leadTimeDays) || position.leadTimeDays < 0)
    throw new RangeError(`a lead time is a whole number of days, not ${position.leadTimeDays}`);
  const total = need.unitsBeforeWindow + need.unitsAtServiceLevel;
  const toOrder = Math.max(0, total - Math.max(0, position.available) - position.onOrder);
  if (toOrder === 0) return { need: total, toOrder, orderBy: null, late: false };
  const orderBy = addDays(windowFrom, -position.leadTimeDays);
  return { need: total, toOrder, orderBy, late: orderBy < today };
}
