/** The shop's civil date: purchase orders, releases and promises to customers are days, not instants. */
import { DateTime } from 'luxon';

/** The shop's time zone, in which a promised day begins and ends. */
export const shopTimeZone = 'Europe/Paris';

/** The shop's date at `atMs`, `YYYY-MM-DD`. */
export function shopDate(atMs: number): string {
  return DateTime.fromMillis(atMs, { zone: shopTimeZone }).toISODate()!;
}
