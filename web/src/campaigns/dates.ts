/** Calendar days in the browser's time zone: the days a month or week shows, and the window they span. */

export type View = 'month' | 'week';

/** A local date as the URL keeps it: YYYY-MM-DD. */
export function dayKey(day: Date): string {
  const month = String(day.getMonth() + 1).padStart(2, '0');
  const date = String(day.getDate()).padStart(2, '0');
  return `${day.getFullYear()}-${month}-${date}`;
}

/** The local midnight a YYYY-MM-DD names; today's when it names none. */
export function parseDay(text: string | null): Date {
  const found = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text ?? '');
  if (found !== null) {
    const day = new Date(Number(found[1]), Number(found[2]) - 1, Number(found[3]));
    if (!Number.isNaN(day.getTime())) return day;
  }
  const now = new Date();
  return new Date(now.getFullYear(), now.getMonth(), now.getDate());
}

/** Days are added on the calendar, not in milliseconds: a day across a DST change is 23 or 25 hours. */
export function addDays(day: Date, count: number): Date {
  return new Date(day.getFullYear(), day.getMonth(), day.getDate() + count);
}

/** The Monday starting the week a day is in (weeks start on Monday, as in Europe). */
export function weekStart(day: Date): Date {
  return addDays(day, -((day.getDay() + 6) % 7));
}

/** The weeks on screen: the whole weeks covering the month, or the one week. */
export function weeksOf(view: View, anchor: Date): Date[][] {
  const first =
    view === 'week' ? weekStart(anchor) : weekStart(new Date(anchor.getFullYear(), anchor.getMonth(), 1));
  const last = view === 'week' ? first : weekStart(new Date(anchor.getFullYear(), anchor.getMonth() + 1, 0));
  const weeks: Date[][] = [];
  for (let start = first; start <= last; start = addDays(start, 7)) {
    weeks.push(Array.from({ length: 7 }, (_, index) => addDays(start, index)));
  }
  return weeks;
}

/** The anchor a step back or forth lands on: the same day of the previous or next month or week. */
export function step(view: View, anchor: Date, direction: -1 | 1): Date {
  if (view === 'week') return addDays(anchor, 7 * direction);
  return new Date(anchor.getFullYear(), anchor.getMonth() + direction, 1);
}

/** Whether [startsAt, endsAt) touches a local day. */
export function covers(startsAt: string, endsAt: string, day: Date): boolean {
  const dayStart = day.getTime();
  const dayEnd = addDays(day, 1).getTime();
  return Date.parse(startsAt) < dayEnd && Date.parse(endsAt) > dayStart;
}

export function isSameDay(one: Date, other: Date): boolean {
  return dayKey(one) === dayKey(other);
}

export const dayLong = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
export const dayShort = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
export const weekdayShort = new Intl.DateTimeFormat(undefined, { weekday: 'short' });
export const monthTitle = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric' });
const dayTime = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});

/** "28 Nov": how a conflict names a day. */
export function shortDay(instant: string): string {
  return dayShort.format(new Date(instant));
}

/** An item's period as people read it, in the browser's zone. */
export function period(startsAt: string, endsAt: string): string {
  return `${dayTime.format(new Date(startsAt))} → ${dayTime.format(new Date(endsAt))}`;
}
