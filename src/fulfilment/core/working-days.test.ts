/** Working days on civil dates: weekends and holidays skipped, malformed dates refused, no time zone involved. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  closedDaysInARowMax,
  dateOfDayNumber,
  dayNumberOf,
  formatDay,
  isWorkingDay,
  nextWorkingDay,
  workingDaysToAddMax,
} from './working-days.js';

/** French public holidays of spring 2026 that fall on a weekday. */
const easterMonday = '2026-04-06';
const labourDay = '2026-05-01';
const holidays2026 = new Set([easterMonday, labourDay, '2026-05-08', '2026-05-14', '2026-05-25']);

describe('working days', () => {
  it('are Monday to Friday, less the holidays given', () => {
    expect(isWorkingDay('2026-12-04')).toBe(true); // a Friday
    expect(isWorkingDay('2026-12-05')).toBe(false);
    expect(isWorkingDay('2026-12-06')).toBe(false);
    expect(isWorkingDay(easterMonday)).toBe(true);
    expect(isWorkingDay(easterMonday, holidays2026)).toBe(false);
  });

  it('are added one working day at a time, over weekends and holidays', () => {
    expect(addWorkingDays('2026-12-04', 1)).toBe('2026-12-07');
    expect(addWorkingDays('2026-12-04', 2)).toBe('2026-12-08');
    expect(addWorkingDays('2026-04-03', 1, holidays2026)).toBe('2026-04-07');
    expect(addWorkingDays('2026-04-30', 1, holidays2026)).toBe('2026-05-04');
    expect(addWorkingDays('2026-12-05', 1)).toBe('2026-12-07');
    expect(nextWorkingDay('2026-04-03', holidays2026)).toBe('2026-04-07');
  });

  it('adds nothing for 0, even from a Saturday', () => {
    expect(addWorkingDays('2026-12-05', 0)).toBe('2026-12-05');
  });

  it('crosses month ends, leap days and the daylight-saving change without drifting', () => {
    expect(addWorkingDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addWorkingDays('2026-03-27', 1)).toBe('2026-03-30'); // Europe moves its clocks on Sun 29 March
    expect(addWorkingDays('2026-10-23', 1)).toBe('2026-10-26'); // and back on Sun 25 October
    expect(addWorkingDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('formats a date with its weekday', () => {
    expect(formatDay('2026-12-04')).toBe('Fri 2026-12-04');
    expect(formatDay('2026-11-30')).toBe('Mon 2026-11-30');
  });

  it('refuses malformed and impossible dates as bugs', () => {
    for (const bad of [
      '2026-02-30',
      '2025-02-29',
      '2026-13-01',
      '2026-2-03',
      '26-02-03',
      '0050-01-01',
      '',
      '2026-02-03T00:00',
    ]) {
      expect(() => dayNumberOf(bad), bad).toThrow(/is not a YYYY-MM-DD civil date/);
    }
    expect(() => isWorkingDay('2026-12-04', new Set(['2026-12-32']))).toThrow(/civil date/);
  });

  it('refuses a count that is negative, fractional or past its maximum', () => {
    for (const bad of [-1, 1.5, Number.NaN, workingDaysToAddMax + 1]) {
      expect(() => addWorkingDays('2026-12-04', bad)).toThrow(/working days to add/);
    }
  });

  it('refuses a calendar closed longer than its maximum in a row', () => {
    const closed = new Set(
      Array.from({ length: closedDaysInARowMax + 1 }, (_, index) =>
        dateOfDayNumber(dayNumberOf('2026-08-01') + index),
      ),
    );
    expect(() => addWorkingDays('2026-07-31', 1, closed)).toThrow(/closed days in a row/);
  });
});

describe('working-day properties', () => {
  const dayRange = { min: dayNumberOf('2000-01-01'), max: dayNumberOf('2099-12-31') };
  const start = fc.integer(dayRange);
  /** Holidays as offsets from the start, so that they fall where the count runs. */
  const holidayOffsets = fc.uniqueArray(fc.integer({ min: 0, max: 90 }), { maxLength: 15 });

  /** Counts the working days in (from, to], walking day by day with Date.parse, as a second opinion. */
  function workingDaysBetween(from: string, to: string, holidays: ReadonlySet<string>): number {
    let count = 0;
    for (
      let ms = Date.parse(`${from}T00:00:00Z`) + 86_400_000;
      ms <= Date.parse(`${to}T00:00:00Z`);
      ms += 86_400_000
    ) {
      const date = new Date(ms);
      const weekday = date.getUTCDay();
      if (weekday !== 0 && weekday !== 6 && !holidays.has(date.toISOString().slice(0, 10))) count += 1;
    }
    return count;
  }

  it('never lands on a weekend or a holiday, counts exactly n, and grows strictly with n', () => {
    fc.assert(
      fc.property(start, holidayOffsets, fc.integer({ min: 1, max: 40 }), (startDay, offsets, count) => {
        const from = dateOfDayNumber(startDay);
        const holidays = new Set(offsets.map((offset) => dateOfDayNumber(startDay + offset)));
        const landed = addWorkingDays(from, count, holidays);
        const weekday = new Date(`${landed}T00:00:00Z`).getUTCDay();
        expect(weekday === 0 || weekday === 6).toBe(false);
        expect(holidays.has(landed)).toBe(false);
        expect(workingDaysBetween(from, landed, holidays)).toBe(count);
        expect(addWorkingDays(from, count + 1, holidays) > landed).toBe(true);
        expect(addWorkingDays(from, count - 1, holidays) < landed).toBe(true);
      }),
    );
  });

  it('turns day numbers into dates and back', () => {
    fc.assert(
      fc.property(start, (day) => {
        expect(dayNumberOf(dateOfDayNumber(day))).toBe(day);
      }),
    );
  });
});
