/** The soldes periods come from their rule, and match every published period the rule governs. */
import { describe, expect, it } from 'vitest';
import { publishedSoldesPeriods } from '../../../test/support/soldes-periods.js';
import { addDays, type LocalDate, ruleSoldesPeriod, usesSoldesWord } from './soldes.js';

const iso = (date: LocalDate) =>
  `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;

describe('the soldes periods', () => {
  it.each(
    publishedSoldesPeriods.filter((row) => !row.exception),
  )('the rule gives the published $season $year: from $start at 08:00 to $lastDay', ({
    year,
    season,
    start,
    lastDay,
  }) => {
    const period = ruleSoldesPeriod(year, season);
    expect(iso(period.start)).toBe(start);
    expect(period.startHour).toBe(8);
    expect(iso(addDays(period.endExclusive, -1))).toBe(lastDay);
  });

  it('from 2027 to 2030 too, including the years where the second Wednesday or the last one is too late', () => {
    const starts = [2027, 2028, 2029, 2030].flatMap((year) =>
      (['winter', 'summer'] as const).map((season) => iso(ruleSoldesPeriod(year, season).start)),
    );
    // 2027: the 2nd Wednesday of January is the 13th (after the 12th), the last of June the 30th (after the 28th).
    expect(starts).toEqual([
      '2027-01-06',
      '2027-06-23',
      '2028-01-12',
      '2028-06-28',
      '2029-01-10',
      '2029-06-27',
      '2030-01-09',
      '2030-06-26',
    ]);
  });

  it('always starts on a Wednesday and lasts four weeks', () => {
    for (let year = 2020; year <= 2100; year++)
      for (const season of ['winter', 'summer'] as const) {
        const { start, endExclusive } = ruleSoldesPeriod(year, season);
        expect(new Date(Date.UTC(start.year, start.month - 1, start.day)).getUTCDay()).toBe(3);
        expect(iso(addDays(start, 28))).toBe(iso(endExclusive));
        expect(start.day).toBeLessThanOrEqual(season === 'winter' ? 12 : 28);
      }
  });
});

describe('the word soldes', () => {
  it.each([
    'Soldes d’hiver',
    'GRANDES SOLDES',
    'Nos articles soldés',
    'Prix soldées',
    'On solde tout',
    'solde',
  ])('is found in “%s”', (name) => {
    expect(usesSoldesWord(name)).toBe(true);
  });

  it.each([
    'Black Friday',
    'Soldering irons',
    'Consolidé',
    'Vente privée',
    'Soldat de plomb',
  ])('is not in “%s”', (name) => {
    expect(usesSoldesWord(name)).toBe(false);
  });
});
