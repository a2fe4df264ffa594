/**
 * The French *soldes*: the national periods, computed from their rule rather than typed in, and the
 * word "soldes" reserved to them (Code de commerce L310-3).
 *
 * The rule since 2020 (four weeks each): winter starts at 08:00 on the second Wednesday of January,
 * or the first when the second falls after the 12th; summer starts at 08:00 on the last Wednesday
 * of June, or the one before when the last falls after the 28th. A ministerial order may set other
 * dates for a year (as in 2020-2021 and 2023): those are overrides, kept by the store.
 *
 * Dates here are local calendar dates (France's wall clock); the use case turns them into instants.
 */

export const soldesSeasons = ['winter', 'summer'] as const;
export type SoldesSeason = (typeof soldesSeasons)[number];

/** A day of the calendar, month 1-12. */
export interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** A period on the local wall clock: from `start` at `startHour`:00 to the start of `endExclusive`. */
export interface LocalPeriod {
  readonly start: LocalDate;
  readonly startHour: number;
  /** The first day no longer in the period, at 00:00: the day after its last Tuesday. */
  readonly endExclusive: LocalDate;
}

/** The years the rule is known to hold for: the four-week periods began in 2020. */
export const soldesRuleFirstYear = 2020;
export const soldesDurationDays = 28;
export const soldesStartHour = 8;

const wednesday = 3;

function weekday(date: LocalDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const moved = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The national period of `season` in `year` as the rule sets it, before any ministerial order. */
export function ruleSoldesPeriod(year: number, season: SoldesSeason): LocalPeriod {
  let day: number;
  if (season === 'winter') {
    const firstWednesday = 1 + ((wednesday - weekday({ year, month: 1, day: 1 }) + 7) % 7);
    const secondWednesday = firstWednesday + 7;
    day = secondWednesday > 12 ? firstWednesday : secondWednesday;
  } else {
    const last = daysInMonth(year, 6);
    const lastWednesday = last - ((weekday({ year, month: 6, day: last }) - wednesday + 7) % 7);
    day = lastWednesday > 28 ? lastWednesday - 7 : lastWednesday;
  }
  const start = { year, month: season === 'winter' ? 1 : 6, day };
  return { start, startHour: soldesStartHour, endExclusive: addDays(start, soldesDurationDays) };
}

/**
 * Whether a sale's name uses the word "soldes" or one of its derivatives (soldé, soldées, solder…),
 * in any case and with or without accents: the law keeps them for soldes operations.
 */
export function usesSoldesWord(name: string): boolean {
  const folded = name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
  return /(^|[^\p{L}\p{N}])sold(e|es|ee|ees|er)($|[^\p{L}\p{N}])/u.test(folded);
}
