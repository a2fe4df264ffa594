/** Facts for the soldes tests, cited from the published national periods. */
import type { SoldesSeason } from '../../src/pricing/core/soldes.js';

/**
 * The national periods as published (start at 08:00, last day), 2020-2026; `exception` marks those
 * a ministerial order moved (2020 summer and 2021, COVID; 2023 summer, extended after the riots).
 */
export const publishedSoldesPeriods: readonly {
  year: number;
  season: SoldesSeason;
  start: string;
  lastDay: string;
  exception: boolean;
}[] = [
  { year: 2020, season: 'winter', start: '2020-01-08', lastDay: '2020-02-04', exception: false },
  { year: 2020, season: 'summer', start: '2020-07-15', lastDay: '2020-08-11', exception: true },
  { year: 2021, season: 'winter', start: '2021-01-20', lastDay: '2021-03-02', exception: true },
  { year: 2021, season: 'summer', start: '2021-06-30', lastDay: '2021-07-27', exception: true },
  { year: 2022, season: 'winter', start: '2022-01-12', lastDay: '2022-02-08', exception: false },
  { year: 2022, season: 'summer', start: '2022-06-22', lastDay: '2022-07-19', exception: false },
  { year: 2023, season: 'winter', start: '2023-01-11', lastDay: '2023-02-07', exception: false },
  { year: 2023, season: 'summer', start: '2023-06-28', lastDay: '2023-08-01', exception: true },
  { year: 2024, season: 'winter', start: '2024-01-10', lastDay: '2024-02-06', exception: false },
  { year: 2024, season: 'summer', start: '2024-06-26', lastDay: '2024-07-23', exception: false },
  { year: 2025, season: 'winter', start: '2025-01-08', lastDay: '2025-02-04', exception: false },
  { year: 2025, season: 'summer', start: '2025-06-25', lastDay: '2025-07-22', exception: false },
  { year: 2026, season: 'winter', start: '2026-01-07', lastDay: '2026-02-03', exception: false },
];
