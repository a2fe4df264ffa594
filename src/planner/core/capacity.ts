/**
 * Will the site hold, pure: the forecast's busiest minute, in orders per second, against the
 * capacity a rehearsal measured. The busiest minute is the busiest day's upper 95 % bound times the
 * share of a day's orders its busiest minute took on the shop's busiest past days.
 */

/** Headroom under which the plan warns: a peak minute three times the forecast's is not rare. */
export const headroomMin = 3;

export interface CapacityCheck {
  readonly peakOrdersPerS: number;
  readonly capacityOrdersPerS: number | null;
  /** Capacity over the peak; null without a measured capacity or without a peak. */
  readonly headroom: number | null;
  readonly enough: boolean | null;
}

export function checkCapacity(
  busiestDayOrders: number,
  busiestMinuteShare: number,
  capacityOrdersPerS: number | null,
): CapacityCheck {
  if (!(busiestMinuteShare >= 0 && busiestMinuteShare <= 1))
    throw new RangeError(`a minute's share of a day is between 0 and 1, not ${busiestMinuteShare}`);
  const peakOrdersPerS = (busiestDayOrders * busiestMinuteShare) / 60;
  if (capacityOrdersPerS === null)
    return { peakOrdersPerS, capacityOrdersPerS, headroom: null, enough: null };
  // No order forecast, no load: enough, whatever the capacity, and no ratio to show.
  if (peakOrdersPerS === 0) return { peakOrdersPerS, capacityOrdersPerS, headroom: null, enough: true };
  const headroom = capacityOrdersPerS / peakOrdersPerS;
  return { peakOrdersPerS, capacityOrdersPerS, headroom, enough: headroom >= headroomMin };
}
