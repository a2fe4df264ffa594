/** The national soldes periods of a year: the rule's, unless a ministerial order set others (kept as overrides). */
import { type Actor, recordSwitch } from '../platform/audit/audit.js';
import { type AppContext, toIso } from '../platform/context.js';
import { fail, ok, type Result } from '../platform/core/errors.js';
import type { Repos } from '../platform/store/store.js';
import type { SoldesPeriod } from './contract.js';
import { ruleSoldesPeriod, type SoldesSeason, soldesSeasons } from './core/soldes.js';
import { instantOf, instantOfLocal, localText } from './zoned-time.js';

/** The soldes are national: their dates are on France's wall clock. */
export const soldesTimeZone = 'Europe/Paris';

interface PeriodInstants {
  readonly year: number;
  readonly season: SoldesSeason;
  readonly startsAtMs: number;
  readonly endsAtMs: number;
  readonly source: 'rule' | 'override';
  readonly reason: string | null;
}

function view(period: PeriodInstants): SoldesPeriod {
  return {
    year: period.year,
    season: period.season,
    starts_at: toIso(period.startsAtMs),
    ends_at: toIso(period.endsAtMs),
    starts_local: localText(period.startsAtMs, soldesTimeZone),
    ends_local: localText(period.endsAtMs, soldesTimeZone),
    source: period.source,
    reason: period.reason,
  };
}

function rulePeriod(year: number, season: SoldesSeason): PeriodInstants {
  const { start, startHour, endExclusive } = ruleSoldesPeriod(year, season);
  return {
    year,
    season,
    startsAtMs: instantOfLocal(start, startHour, soldesTimeZone),
    endsAtMs: instantOfLocal(endExclusive, 0, soldesTimeZone),
    source: 'rule',
    reason: null,
  };
}

/** Both periods of `year`, overrides first. */
export async function periodsOfYear(tx: Repos, year: number): Promise<PeriodInstants[]> {
  const overrides = new Map((await tx.pricing.soldesPeriodsOf(year)).map((row) => [row.season, row]));
  return soldesSeasons.map((season) => {
    const override = overrides.get(season);
    return override === undefined
      ? rulePeriod(year, season)
      : {
          year,
          season,
          startsAtMs: override.starts_at,
          endsAtMs: override.ends_at,
          source: 'override',
          reason: override.reason,
        };
  });
}

/** The soldes period an instant falls in, if any. */
export async function soldesPeriodAt(tx: Repos, atMs: number): Promise<PeriodInstants | undefined> {
  const year = new Date(atMs).getUTCFullYear();
  const periods = await periodsOfYear(tx, year);
  return periods.find((period) => period.startsAtMs <= atMs && atMs < period.endsAtMs);
}

export async function listSoldesPeriods(ctx: AppContext, year: number): Promise<SoldesPeriod[]> {
  return (await periodsOfYear(ctx.store.read, year)).map(view);
}

export interface SoldesPeriodInput {
  readonly starts_at: string;
  readonly ends_at: string;
  readonly reason: string;
}

/** Sets the dates a ministerial order gave a year's period; local times are France's. */
export async function putSoldesPeriod(
  ctx: AppContext,
  year: number,
  season: SoldesSeason,
  input: SoldesPeriodInput,
  actor: Actor,
): Promise<Result<SoldesPeriod>> {
  const startsAt = instantOf(input.starts_at, soldesTimeZone, 'starts_at');
  if (!startsAt.ok) return startsAt;
  const endsAt = instantOf(input.ends_at, soldesTimeZone, 'ends_at');
  if (!endsAt.ok) return endsAt;
  if (endsAt.value <= startsAt.value)
    return fail('validation_failed', 'ends_at must come after starts_at.', { field: 'ends_at' });
  if (new Date(startsAt.value).getUTCFullYear() !== year)
    return fail('validation_failed', `The period must start in ${year}.`, { field: 'starts_at' });
  const now = ctx.clock.now();
  const period: PeriodInstants = {
    year,
    season,
    startsAtMs: startsAt.value,
    endsAtMs: endsAt.value,
    source: 'override',
    reason: input.reason,
  };
  await ctx.store.transaction(async (tx) => {
    await tx.pricing.putSoldesPeriod({
      year,
      season,
      starts_at: period.startsAtMs,
      ends_at: period.endsAtMs,
      reason: input.reason,
      updated_at: now,
    });
    // Which dates the law allows soldes on is a decision someone must answer for.
    await recordSwitch(tx, {
      at: now,
      actor,
      action: 'soldes.period',
      target: `${year} ${season}`,
      reason: input.reason,
      details: { starts_at: toIso(period.startsAtMs), ends_at: toIso(period.endsAtMs) },
      timelineText: `Soldes ${season} ${year} set to ${localText(period.startsAtMs, soldesTimeZone)} – ${localText(period.endsAtMs, soldesTimeZone)}`,
    });
  });
  return ok(view(period));
}
