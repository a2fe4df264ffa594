/**
 * The shop's wall clock: local times in an IANA time zone turned into UTC instants and back, with
 * luxon (its zone rules come from the runtime's ICU data, so a DST day has 23 or 25 hours).
 */
import { DateTime, IANAZone } from 'luxon';
import { fail, ok, type Result } from '../platform/core/errors.js';
import type { LocalDate } from './core/soldes.js';

export const defaultTimeZone = 'Europe/Paris';

export function isTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** An ISO 8601 date-time with an offset (`Z`, `+02:00`): an instant whatever the zone. */
const hasOffset = /(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * The instant of `text`: as written if it carries an offset, else as the wall clock reads it in
 * `zone`. A local time the clock skips (spring forward) is refused; one it shows twice (fall back)
 * is its first occurrence.
 */
export function instantOf(text: string, zone: string, field: string): Result<number> {
  const offset = hasOffset.test(text);
  const parsed = DateTime.fromISO(text, offset ? { setZone: true } : { zone });
  if (!parsed.isValid)
    return fail('validation_failed', `${field} is not an ISO 8601 date-time.`, { field, value: text });
  if (!offset) {
    const local = DateTime.fromISO(text, { zone: 'UTC' });
    const sameWallClock =
      parsed.hour === local.hour && parsed.minute === local.minute && parsed.day === local.day;
    if (!sameWallClock)
      return fail('validation_failed', `${field} falls in the hour the clocks skip in ${zone}.`, {
        field,
        value: text,
        time_zone: zone,
      });
    // A repeated hour (clocks going back) means two instants: luxon takes the second; the first
    // is an hour earlier on the same wall clock, and a sale starts when the clock first shows its time.
    const hourEarlier = parsed.minus({ hours: 1 });
    if (hourEarlier.toISO({ includeOffset: false }) === parsed.toISO({ includeOffset: false }))
      return ok(hourEarlier.toMillis());
  }
  return ok(parsed.toMillis());
}

/** The instant a local date and hour fall on in `zone`. */
export function instantOfLocal(date: LocalDate, hour: number, zone: string): number {
  return DateTime.fromObject(
    { year: date.year, month: date.month, day: date.day, hour },
    { zone },
  ).toMillis();
}

/** The same wall-clock time `days` calendar days earlier in `zone` (a DST change in between moves the gap by an hour). */
export function daysBefore(atMs: number, days: number, zone: string): number {
  return DateTime.fromMillis(atMs, { zone }).minus({ days }).toMillis();
}

/** The same wall-clock time `months` calendar months earlier in `zone` (31 March → 28 or 29 February). */
export function monthsBefore(atMs: number, months: number, zone: string): number {
  return DateTime.fromMillis(atMs, { zone }).minus({ months }).toMillis();
}

/** An instant as the wall clock of `zone` shows it, to the second: `2026-01-07T08:00:00`. */
export function localText(atMs: number, zone: string): string {
  return DateTime.fromMillis(atMs, { zone }).toFormat("yyyy-LL-dd'T'HH:mm:ss");
}

/** The local date of an instant in `zone`. */
export function localDateOf(atMs: number, zone: string): LocalDate {
  const local = DateTime.fromMillis(atMs, { zone });
  return { year: local.year, month: local.month, day: local.day };
}
