/**
 * The shop's trading calendar, pure: which days it sells on. A shop that never trades on Saturdays
 * or closes over Christmas has no demand those days, so the forecast runs on the days it is open
 * and puts nothing on the others; a week's pattern is then `openWeekdays.size` days long.
 *
 * Days are civil dates, `YYYY-MM-DD`, in the shop's time zone; arithmetic on them goes through UTC
 * midnight, where every day is 24 hours long.
 */

const dayMs = 86_400_000;
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` when it names a day of the calendar, else null. */
export function parseDate(text: string): string | null {
  const match = datePattern.exec(text);
  if (match === null) return null;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? text : null;
}

function utcMs(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

export function addDays(date: string, days: number): string {
  return new Date(utcMs(date) + days * dayMs).toISOString().slice(0, 10);
}

/** Days from `from` to `to`: 1 from a day to the next. */
export function daysBetween(from: string, to: string): number {
  return Math.round((utcMs(to) - utcMs(from)) / dayMs);
}

/** ISO weekday: 1 Monday … 7 Sunday. */
export function weekdayOf(date: string): number {
  return new Date(utcMs(date)).getUTCDay() || 7;
}

/** Every day from `from` to `to`, both included. */
export function datesFrom(from: string, to: string): string[] {
  const count = daysBetween(from, to) + 1;
  return Array.from({ length: Math.max(0, count) }, (_, index) => addDays(from, index));
}

export const weekdayNames = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export interface TradingCalendar {
  /** ISO weekdays the shop sells on. */
  readonly openWeekdays: ReadonlySet<number>;
  /** Days it is closed although their weekday is open: holidays, a Christmas closure. */
  readonly closedDates: ReadonlySet<string>;
}

export function isOpen(calendar: TradingCalendar, date: string): boolean {
  return calendar.openWeekdays.has(weekdayOf(date)) && !calendar.closedDates.has(date);
}

export function openDates(calendar: TradingCalendar, from: string, to: string): string[] {
  return datesFrom(from, to).filter((date) => isOpen(calendar, date));
}

/**
 * The weekdays the shop traded on in the last `recentDays` days of its history (`days`: the dates it
 * had orders, any order): a weekday with no order in eight weeks is a closing day, not a quiet one.
 */
export function tradedWeekdays(days: readonly string[], recentDays = 56): Set<number> {
  const last = days.at(-1);
  if (last === undefined) return new Set();
  const since = addDays(last, -recentDays + 1);
  return new Set(days.filter((date) => date >= since).map(weekdayOf));
}
