/**
 * Opening the advent calendar's doors, and drawing their winners. A customer's first opening of a
 * door is taken under the door's lock: it reads the customer's play, and only when there is none
 * gives the next code set aside (or a place in the draw) and records the play, so two devices at
 * once, or a retry, get the one result, and a door never gives more than it has.
 */
import { randomInt } from 'node:crypto';
import { type AppContext, inTransaction, notFound, pageOf, toIso } from '../../platform/context.js';
import { fail, ok, type Result } from '../../platform/core/errors.js';
import { limits } from '../../platform/core/limits.js';
import type { NewEvent } from '../../platform/outbox/event-repo.js';
import { customerKey } from '../../pricing/core/promo-codes.js';
import { drawWinners, firstOpening, mayOpen, playReward } from '../core/advent.js';
import type { AdventDoorRow, AdventPlayRow } from './advent-repo.js';
import { rewardOf, timesOf } from './calendars.js';
import type { OpenInput, Play, Plays } from './contract.js';

export function playView(door: AdventDoorRow, play: AdventPlayRow): Play {
  return {
    season: play.season,
    day: play.day,
    customer: play.customer_key,
    opened_at: toIso(play.opened_at),
    reward: playReward(
      rewardOf(door),
      { code: play.code, entered: play.entered === 1, won: play.won === null ? null : play.won === 1 },
      door.drawn_at !== null,
    ),
  };
}

/** Opens a door for a customer: today's, or a past day's when the calendar allows late opening. */
export async function openDoor(ctx: AppContext, season: string, input: OpenInput): Promise<Result<Play>> {
  const calendar = await ctx.store.read.advent.getCalendar(season);
  if (calendar === undefined) return notFound('advent_calendar', season);
  const customer = customerKey(input.customer);
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const door = await tx.advent.lockDoor(
      season,
      input.day === undefined ? { atMs: now } : { day: input.day },
    );
    const may = mayOpen(door === undefined ? undefined : timesOf(door), now, calendar.late_opening === 1);
    if (!may.ok) {
      const day = input.day ?? door?.day ?? null;
      const why = {
        not_in_season: `No door of the calendar ${season} is for ${day ?? 'today'}.`,
        not_yet_open: `The door of ${day} opens at ${toIso(door?.opens_at ?? now)}.`,
        past: `The door of ${day} is closed: this calendar does not open past days.`,
      }[may.reason];
      return fail('advent_door_closed', why, { season, day, reason: may.reason });
    }
    const opened = door!;
    const earlier = await tx.advent.getPlay(season, opened.day, customer);
    if (earlier !== undefined) return ok(playView(opened, earlier));
    const first = firstOpening(rewardOf(opened), { given: opened.given, drawn: opened.drawn_at !== null });
    const code =
      first.codeOrdinal === null ? null : await tx.advent.codeAt(season, opened.day, first.codeOrdinal);
    if (code === undefined)
      throw new Error(`the door ${season} ${opened.day} has no code ${first.codeOrdinal}`);
    const play: AdventPlayRow = {
      season,
      day: opened.day,
      customer_key: customer,
      opened_at: now,
      code,
      entered: first.entered ? 1 : 0,
      won: null,
    };
    await tx.advent.insertPlay(play);
    return ok(playView(opened, play));
  });
}

/** A day's plays, by customer: who opened the door and what each got. */
export async function listPlays(
  ctx: AppContext,
  season: string,
  day: string,
  options: { cursor?: string; limit: number },
): Promise<Result<Plays>> {
  const read = ctx.store.read;
  const door = (await read.advent.doors(season)).find((row) => row.day === day);
  if (door === undefined) return notFound('advent_door', `${season} ${day}`);
  const rows = await read.advent.plays(season, day, options.cursor, options.limit + 1);
  const shown = pageOf(rows, options.limit, (row) => row.customer_key);
  return ok({ data: shown.rows.map((row) => playView(door, row)), next_cursor: shown.next_cursor });
}

/** Uniform in [0, 1) from the system's secure source: a draw nobody can predict or replay. */
const secureRandom = () => randomInt(2 ** 47) / 2 ** 47;

/** Draws one door's winners if it is still to draw; false when another process drew it first. */
async function draw(ctx: AppContext, door: AdventDoorRow): Promise<boolean> {
  const reward = rewardOf(door);
  if (reward.kind !== 'draw') return false;
  const result = await inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const winners = drawWinners(
      await tx.advent.entrants(door.season, door.day),
      reward.winners,
      secureRandom,
    );
    if (!(await tx.advent.recordDraw(door.season, door.day, winners, now))) return ok(false);
    const event: NewEvent = {
      type: 'advent.door.drawn',
      entityType: 'advent_door',
      entityId: `${door.season}/${door.day}`,
      payload: { season: door.season, day: door.day, prize: reward.prize, winners, at: toIso(now) },
    };
    await tx.events.append([event], now);
    return ok(true);
  });
  return result.ok && result.value;
}

/**
 * One sweep: the draw doors whose day is over are drawn, each once in its own transaction, its
 * winners sent to the shop's tools through the outbox (`advent.door.drawn`). Returns how many.
 */
export async function drawAdventDoors(ctx: AppContext): Promise<number> {
  const due = await ctx.store.read.advent.drawsDue(ctx.clock.now(), limits.campaignSweepBatchMax);
  let drawn = 0;
  for (const door of due) if (await draw(ctx, door)) drawn++;
  return drawn;
}
