/** Civil dates of a plan (`YYYY-MM-DD`) as the charts count them: whole UTC days, never moved by the browser's time zone. */

const dayMs = 86_400_000;

/** The day's midnight, UTC, in epoch seconds: the x of a day on a chart. */
export function daySeconds(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) / 1000;
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
}

/** Every day from `from` to `to`, both included; none when `to` is before `from`. */
export function daysFrom(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

const isoWeekdayNames = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** ISO weekdays (1 = Monday) as read: "Mon, Tue, Wed, Thu, Fri, Sun". */
export function weekdayNames(isoWeekdays: readonly number[]): string {
  return [...isoWeekdays]
    .sort((a, b) => a - b)
    .map((weekday) => isoWeekdayNames[weekday - 1] ?? String(weekday))
    .join(', ');
}
