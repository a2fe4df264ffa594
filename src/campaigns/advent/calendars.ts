/**
 * Advent calendars as the shop sets them: a season's days in its time zone, a door per day with its
 * reward checked against the parts that give it (a batch's free codes, a sale's price), and the
 * figures of each door as the operations room reads them.
 */
import { DateTime, IANAZone } from 'luxon';
import { type AppContext, inTransaction, notFound, toIso } from '../../platform/context.js';
import { type Failure, fail, ok, type Result } from '../../platform/core/errors.js';
import { limits } from '../../platform/core/limits.js';
import type { Repos } from '../../platform/store/store.js';
import { normalisePromoCode } from '../../pricing/core/promo-codes.js';
import { priceTimelines } from '../calendar/conflicts.js';
import {
  type DoorTimes,
  defaultSeasonRange,
  doorProblems,
  doorStatus,
  isLocalDay,
  type LocalDay,
  type Reward,
  rewardLimit,
  sameReward,
  seasonDays,
} from '../core/advent.js';
import { factKey, stretchesOff } from '../core/calendar.js';
import type { AdventCalendarRow, AdventDoorRow } from './advent-repo.js';
import type {
  AdventCalendar,
  AdventCalendars,
  AdventInput,
  AdventParticipation,
  DoorView,
} from './contract.js';

const defaults = { timeZone: 'Europe/Paris', opensAt: '00:00' };

function doorTimes(day: LocalDay, opensAt: string, zone: string): DoorTimes {
  const start = DateTime.fromISO(day, { zone }).startOf('day');
  const [hour, minute] = opensAt.split(':').map(Number) as [number, number];
  return {
    day,
    dayStartMs: start.toMillis(),
    // On a day the clocks skip the opening's hour, luxon moves the opening on by that hour.
    opensAtMs: start.set({ hour, minute }).toMillis(),
    closesAtMs: start.plus({ days: 1 }).startOf('day').toMillis(),
  };
}

export const timesOf = (row: AdventDoorRow): DoorTimes => ({
  day: row.day,
  dayStartMs: row.day_start,
  opensAtMs: row.opens_at,
  closesAtMs: row.closes_at,
});

export const rewardOf = (row: AdventDoorRow): Reward => JSON.parse(row.reward) as Reward;

function doorView(row: AdventDoorRow, lateOpening: boolean, nowMs: number): DoorView {
  const limit = row.reward_limit;
  return {
    day: row.day,
    status: doorStatus(timesOf(row), nowMs, lateOpening),
    opens_at: toIso(row.opens_at),
    closes_at: toIso(row.closes_at),
    reward: rewardOf(row),
    players: row.players,
    given: row.given,
    remaining: limit === null ? null : limit - row.given,
    drawn_at: row.drawn_at === null ? null : toIso(row.drawn_at),
  };
}

function calendarView(
  row: AdventCalendarRow,
  doors: readonly AdventDoorRow[],
  nowMs: number,
): AdventCalendar {
  const late = row.late_opening === 1;
  const today = DateTime.fromMillis(nowMs, { zone: row.time_zone }).toISODate()!;
  return {
    season: row.season,
    name: row.name,
    time_zone: row.time_zone,
    first_day: row.first_day,
    last_day: row.last_day,
    opens_at: row.opens_at,
    late_opening: late,
    today: today >= row.first_day && today <= row.last_day ? today : null,
    players: doors.reduce((sum, door) => sum + door.players, 0),
    doors: doors.map((door) => doorView(door, late, nowMs)),
    created_at: toIso(row.created_at),
    updated_at: toIso(row.updated_at),
  };
}

/** The season's days and settings, checked: the defaults filled in, each day with one door. */
function seasonOf(
  season: string,
  input: AdventInput,
): Result<{ zone: string; first: LocalDay; last: LocalDay; days: LocalDay[] }> {
  const zone = input.time_zone ?? defaults.timeZone;
  if (!IANAZone.isValidZone(zone))
    return fail('validation_failed', `No time zone ${zone}.`, { field: 'time_zone' });
  const range = defaultSeasonRange(season);
  const first = input.first_day ?? range?.first;
  const last = input.last_day ?? range?.last;
  if (first === undefined || last === undefined)
    return fail(
      'validation_failed',
      'A season not named by its year gives its first_day and last_day (a year’s runs 1–24 December).',
      { field: first === undefined ? 'first_day' : 'last_day' },
    );
  for (const [field, day] of [
    ['first_day', first],
    ['last_day', last],
    ...input.doors.map((door, index) => [`doors/${index}/day`, door.day]),
  ] as const) {
    if (!isLocalDay(day)) return fail('validation_failed', `${day} is not a date.`, { field });
  }
  if (last < first)
    return fail('validation_failed', 'The last day comes before the first.', { field: 'last_day' });
  const days = seasonDays(first, last);
  if (days.length > limits.adventDaysMax)
    return fail('validation_failed', `A season is at most ${limits.adventDaysMax} days.`, {
      days: days.length,
    });
  const problems = doorProblems(
    days,
    input.doors.map((door) => door.day),
  );
  if (problems.length > 0)
    return fail('validation_failed', 'Each day of the season needs exactly one door.', { problems });
  return ok({ zone, first, last, days });
}

/** Checks a door's reward against what gives it; a promo-code door gets its codes set aside. */
async function checkReward(
  tx: Repos,
  season: string,
  door: DoorTimes,
  reward: Reward,
  codesTaken: Set<string>,
): Promise<Failure | null> {
  if (reward.kind === 'promo_code') {
    const { batch } = reward;
    const template = await tx.promoCodes.get(batch);
    if (template?.is_template !== 1)
      return fail('unknown_promo_code', `${batch} is not a batch of single-use codes.`, {
        promo_code: batch,
        day: door.day,
      });
    const made = await tx.promoCodes.batchOf(batch);
    const unused = made.filter((row) => row.used_count === 0 && row.disabled_at === null);
    const aside = await tx.advent.codesSetAside(unused.map((row) => row.code));
    const free = unused.map((row) => row.code).filter((code) => !aside.has(code) && !codesTaken.has(code));
    if (free.length < reward.count)
      return fail(
        'limit_reached',
        `The batch ${batch} has ${free.length} unused codes not set aside for a door; the door of ${door.day} needs ${reward.count}.`,
        { promo_code: batch, day: door.day, free: free.length, needed: reward.count },
      );
    const codes = free.slice(0, reward.count);
    for (const code of codes) codesTaken.add(code);
    await tx.advent.setCodesAside(season, door.day, codes);
    return null;
  }
  if (reward.kind === 'offer') {
    if ((await tx.catalog.existingSkus([reward.sku])).size === 0)
      return fail('unknown_sku', `No SKU ${reward.sku}.`, { skus: [reward.sku], day: door.day });
    if ((await tx.catalog.existingChannels([reward.channel])).size === 0)
      return fail('unknown_channel', `No channel ${reward.channel}.`, {
        channels: [reward.channel],
        day: door.day,
      });
    const timelines = await priceTimelines(tx, [{ channel: reward.channel, sku: reward.sku }]);
    const timeline = timelines.get(factKey(reward.channel, reward.sku)) ?? [];
    const off = stretchesOff(timeline, door.opensAtMs, door.closesAtMs, reward.price);
    if (off.length > 0)
      return fail(
        'offer_price_not_in_force',
        `${reward.sku} is not at ${reward.price} on ${reward.channel} for the whole of ${door.day} from the door’s opening: create the sale that gives it first.`,
        {
          day: door.day,
          sku: reward.sku,
          channel: reward.channel,
          price: reward.price,
          stretches: off.map((stretch) => ({
            from: toIso(stretch.fromMs),
            to: toIso(stretch.toMs),
            price: stretch.priceMinor,
          })),
        },
      );
  }
  return null;
}

/**
 * Creates or replaces a season's calendar. A door someone opened keeps its reward (they were
 * answered by it), so replacing or removing it is refused; every other door is written anew.
 */
export async function putAdventCalendar(
  ctx: AppContext,
  season: string,
  input: AdventInput,
): Promise<Result<{ created: boolean; calendar: AdventCalendar }>> {
  const checked = seasonOf(season, input);
  if (!checked.ok) return checked;
  const { zone, first, last } = checked.value;
  const opensAt = input.opens_at ?? defaults.opensAt;
  // A batch is kept as its code is stored, so the same door put again in another case is the same.
  const doors = input.doors.map(({ day, reward }) => ({
    day,
    reward: reward.kind === 'promo_code' ? { ...reward, batch: normalisePromoCode(reward.batch) } : reward,
  }));
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const existing = await tx.advent.getCalendar(season);
    if (
      existing === undefined &&
      (await tx.advent.listCalendars(limits.adventCalendarsMax)).length >= limits.adventCalendarsMax
    )
      return fail('limit_reached', `A shop keeps at most ${limits.adventCalendarsMax} advent calendars.`, {});
    const before = new Map((await tx.advent.doors(season)).map((door) => [door.day, door]));
    const wanted = new Map(doors.map((door) => [door.day, door.reward]));
    for (const [day, door] of before) {
      const reward = wanted.get(day);
      if (door.players > 0 && (reward === undefined || !sameReward(rewardOf(door), reward)))
        return fail(
          'advent_door_played',
          `${door.players} customers opened the door of ${day}: its reward stays as they were given it.`,
          { day, players: door.players },
        );
    }
    await tx.advent.putCalendar({
      season,
      name: input.name ?? existing?.name ?? `Advent calendar ${season}`,
      time_zone: zone,
      first_day: first,
      last_day: last,
      opens_at: opensAt,
      late_opening: input.late_opening === true ? 1 : 0,
      created_at: existing?.created_at ?? now,
      updated_at: now,
    });
    for (const [day, door] of before) if (door.players === 0) await tx.advent.deleteDoor(season, day);
    const codesTaken = new Set<string>();
    for (const { day, reward } of doors) {
      const times = doorTimes(day, opensAt, zone);
      const instants = {
        day_start: times.dayStartMs,
        opens_at: times.opensAtMs,
        closes_at: times.closesAtMs,
      };
      if ((before.get(day)?.players ?? 0) > 0) {
        await tx.advent.retimeDoor(season, day, instants);
        continue;
      }
      await tx.advent.insertDoor({
        season,
        day,
        ...instants,
        kind: reward.kind,
        reward: JSON.stringify(reward),
        reward_limit: rewardLimit(reward),
      });
      const refused = await checkReward(tx, season, times, reward, codesTaken);
      if (refused !== null) return refused;
    }
    const calendar = (await tx.advent.getCalendar(season))!;
    return ok({
      created: existing === undefined,
      calendar: calendarView(calendar, await tx.advent.doors(season), now),
    });
  });
}

/**
 * Removes a season's calendar and its plays, as a rehearsal does with its own. The codes it gave
 * stay valid promo codes; the ones it had set aside are free for another door.
 */
export async function deleteAdventCalendar(ctx: AppContext, season: string): Promise<Result<null>> {
  return inTransaction(ctx, async (tx) =>
    (await tx.advent.deleteCalendar(season)) ? ok(null) : notFound('advent_calendar', season),
  );
}

export async function getAdventCalendar(ctx: AppContext, season: string): Promise<Result<AdventCalendar>> {
  const read = ctx.store.read;
  const row = await read.advent.getCalendar(season);
  if (row === undefined) return notFound('advent_calendar', season);
  return ok(calendarView(row, await read.advent.doors(season), ctx.clock.now()));
}

export async function listAdventCalendars(ctx: AppContext): Promise<AdventCalendars> {
  const read = ctx.store.read;
  const nowMs = ctx.clock.now();
  const rows = await read.advent.listCalendars(limits.adventCalendarsMax);
  const data: AdventCalendar[] = [];
  for (const row of rows) data.push(calendarView(row, await read.advent.doors(row.season), nowMs));
  return { data };
}

/** The calendar whose day it is, with its players per day: what the operations room shows; null out of season. */
export async function adventParticipation(ctx: AppContext): Promise<AdventParticipation | null> {
  const read = ctx.store.read;
  const nowMs = ctx.clock.now();
  const [current] = await read.advent.doorsAt(nowMs);
  if (current === undefined) return null;
  const calendar = await read.advent.getCalendar(current.season);
  if (calendar === undefined) return null;
  const doors = await read.advent.doors(current.season);
  const late = calendar.late_opening === 1;
  return {
    season: calendar.season,
    name: calendar.name,
    today: current.day,
    days: doors.map((door) => ({
      day: door.day,
      status: doorStatus(timesOf(door), nowMs, late),
      kind: door.kind as Reward['kind'],
      players: door.players,
      given: door.given,
      remaining: door.reward_limit === null ? null : door.reward_limit - door.given,
    })),
  };
}
