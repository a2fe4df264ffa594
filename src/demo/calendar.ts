/**
 * The demo shop's working week, in UTC: when orders arrive, when the warehouse picks, when the
 * carrier collects, when tracking reports deliveries and when trade customers' transfers arrive.
 * Work done in waves is why many orders share one timestamp.
 */
import { dayMs, hourMs, startOfUtcDay } from './plan.js';

/** Hours of the day (fractions allowed), indexed by UTC weekday: 0 is Sunday. */
export type WeeklySlots = readonly (readonly number[])[];

const weekdays = (hours: readonly number[]): WeeklySlots => [[], hours, hours, hours, hours, hours, []];

export const pickWaves: WeeklySlots = [
  [],
  [7.5, 10.5, 13.5],
  [7.5, 10.5, 13.5],
  [7.5, 10.5, 13.5],
  [7.5, 10.5, 13.5],
  [7.5, 10.5, 13.5],
  [7.5, 10.5],
];
export const carrierPickups: WeeklySlots = [[], [15.5], [15.5], [15.5], [15.5], [15.5], [11.5]];
export const trackingSyncs: WeeklySlots = [[18], [18], [18], [18], [18], [18], [18]];
export const bankReconciliations: WeeklySlots = weekdays([10]);
export const restockDeliveries: WeeklySlots = weekdays([6]);

/** The first slot at or after `afterMs`. Every schedule has a slot at least once a week. */
export function nextSlot(afterMs: number, slots: WeeklySlots): number {
  const firstDay = startOfUtcDay(afterMs);
  for (let day = 0; day <= 7; day++) {
    const dayStart = firstDay + day * dayMs;
    for (const hour of slots[new Date(dayStart).getUTCDay()]!) {
      const at = dayStart + Math.round(hour * hourMs);
      if (at >= afterMs) return at;
    }
  }
  throw new Error('a weekly schedule without any slot');
}

/** Order arrivals by hour of the day (relative weights): quiet nights, a lunch peak and an evening peak. */
export const consumerHourWeights: readonly number[] = [
  2, 1, 1, 1, 1, 1, 2, 4, 6, 7, 8, 9, 11, 11, 9, 8, 8, 9, 10, 12, 13, 12, 8, 4,
];
/** Trade customers order in office hours. */
export const tradeHourWeights: readonly number[] = [
  0, 0, 0, 0, 0, 0, 0, 1, 6, 10, 10, 9, 5, 5, 9, 10, 9, 6, 2, 0, 0, 0, 0, 0,
];
/** Orders by UTC weekday relative to the average day: shoppers buy more on Sundays and Mondays. */
export const consumerWeekdayFactors: readonly number[] = [1.15, 1.1, 0.97, 0.95, 0.95, 0.88, 1.0];
export const tradeWeekdayFactors: readonly number[] = [0, 1.45, 1.4, 1.4, 1.35, 1.4, 0];
