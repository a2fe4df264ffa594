/**
 * Civil-date arithmetic on working days, pure: Monday to Friday, less the holidays a caller passes.
 * Dates are local civil dates as `YYYY-MM-DD` strings with no time zone: the caller turns an instant
 * into the shop's local date (with luxon, outside the core), and this module only counts days, with
 * `Date.UTC` and `getUTCDay` so that no time zone or daylight-saving change can shift a day.
 */

/** A transit time is 1 to 5 working days; a count past a year of working days is a bug, not a promise. */
export const workingDaysToAddMax = 260;

/**
 * Weekends and holidays in a row before the calendar is judged wrong: a shop's summer closing,
 * weekends included, fits in a month; a longer run means a holiday set that closes every day.
 */
export const closedDaysInARowMax = 31;

const dayMs = 86_400_000;
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const weekdayNames = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const noHolidays: ReadonlySet<string> = new Set();

/** Days since 1970-01-01 of a `YYYY-MM-DD` date; a malformed or impossible date is a bug. */
export function dayNumberOf(date: string): number {
  const match = datePattern.exec(date);
  const year = Number(match?.[1]);
  const month = Number(match?.[2]);
  const day = Number(match?.[3]);
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  // The round trip rejects 2026-02-30 (which Date.UTC rolls over to March) and years 0–99
  // (which Date.UTC maps to 1900–1999).
  if (
    match === null ||
    back.getUTCFullYear() !== year ||
    back.getUTCMonth() !== month - 1 ||
    back.getUTCDate() !== day
  ) {
    throw new Error(`calendar invariant broken: ${JSON.stringify(date)} is not a YYYY-MM-DD civil date`);
  }
  return ms / dayMs;
}

/** The `YYYY-MM-DD` date of a day number. */
export function dateOfDayNumber(dayNumber: number): string {
  const date = new Date(dayNumber * dayMs).toISOString().slice(0, 10);
  if (!datePattern.test(date)) throw new Error(`calendar invariant broken: day ${dayNumber} is out of range`);
  return date;
}

/** A date with its weekday, as people read it on a delivery promise: `Fri 2026-12-04`. */
export function formatDay(date: string): string {
  return `${weekdayNames[new Date(dayNumberOf(date) * dayMs).getUTCDay()]} ${date}`;
}

function holidayDayNumbers(holidays: ReadonlySet<string>): ReadonlySet<number> {
  return new Set([...holidays].map(dayNumberOf));
}

function isOpen(dayNumber: number, holidays: ReadonlySet<number>): boolean {
  const weekday = new Date(dayNumber * dayMs).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidays.has(dayNumber);
}

function nextOpenDay(dayNumber: number, holidays: ReadonlySet<number>): number {
  for (let step = 1; step <= closedDaysInARowMax + 1; step += 1) {
    if (isOpen(dayNumber + step, holidays)) return dayNumber + step;
  }
  throw new Error(
    `calendar invariant broken: more than ${closedDaysInARowMax} closed days in a row after ${dateOfDayNumber(dayNumber)}`,
  );
}

/** Monday to Friday and not one of `holidays`. */
export function isWorkingDay(date: string, holidays: ReadonlySet<string> = noHolidays): boolean {
  return isOpen(dayNumberOf(date), holidayDayNumbers(holidays));
}

/** The first working day strictly after `date`. */
export function nextWorkingDay(date: string, holidays: ReadonlySet<string> = noHolidays): string {
  return dateOfDayNumber(nextOpenDay(dayNumberOf(date), holidayDayNumbers(holidays)));
}

/**
 * The date `workingDays` working days after `date`: each one moves to the next working day, so the
 * result is a working day for any count from 1, and `date` itself (working or not) for 0.
 */
export function addWorkingDays(
  date: string,
  workingDays: number,
  holidays: ReadonlySet<string> = noHolidays,
): string {
  if (!Number.isSafeInteger(workingDays) || workingDays < 0 || workingDays > workingDaysToAddMax) {
    throw new Error(
      `calendar invariant broken: ${workingDays} working days to add is not an integer from 0 to ${workingDaysToAddMax}`,
    );
  }
  const closed = holidayDayNumbers(holidays);
  let dayNumber = dayNumberOf(date);
  for (let added = 0; added < workingDays; added += 1) dayNumber = nextOpenDay(dayNumber, closed);
  return dateOfDayNumber(dayNumber);
}
