/**
 * A customer's advent plays, for their data rights (src/privacy). A play knows its customer by their
 * key (lower case, `+tag` dropped), and a draw's event lists its winners by that key. An erasure
 * moves the plays to the customer's pseudonym, the same for each of them, so a door's players and
 * one play per customer and day still count them as one customer.
 */
import type { EventRow } from '../../platform/outbox/event-repo.js';
import { rewriteEventPayloads } from '../../platform/outbox/events.js';
import type { Repos } from '../../platform/store/store.js';
import type { AdventDoorRow, AdventPlayRow } from './advent-repo.js';
import type { Play } from './contract.js';
import { playView } from './openings.js';

const doorId = (play: { season: string; day: string }) => `${play.season}/${play.day}`;

/** The customer's plays as a day's list of plays shows them, by season and day. */
export async function customerAdventPlays(tx: Repos, customer: string): Promise<Play[]> {
  const plays = await tx.advent.playsOfCustomer(customer);
  const doors = new Map<string, AdventDoorRow>();
  for (const season of new Set(plays.map((play) => play.season)))
    for (const door of await tx.advent.doors(season)) doors.set(doorId(door), door);
  return plays.map((play) => {
    const door = doors.get(doorId(play));
    // A calendar is removed with its plays: a play without its door is a broken invariant.
    if (door === undefined) throw new Error(`the advent play of ${doorId(play)} has no door`);
    return playView(door, play);
  });
}

const winnersOf = (payload: unknown): unknown[] | undefined => {
  const winners = (payload as { winners?: unknown } | null)?.winners;
  return Array.isArray(winners) ? winners : undefined;
};

/** The draws (`advent.door.drawn`) whose winners name the customer. */
async function drawsNaming(
  tx: Repos,
  customer: string,
  plays: readonly AdventPlayRow[],
): Promise<EventRow[]> {
  const entered = plays.filter((play) => play.entered === 1).map(doorId);
  const events = await tx.events.eventsOfEntities('advent_door', entered);
  return events.filter(
    (row) =>
      row.type === 'advent.door.drawn' && winnersOf(JSON.parse(row.payload))?.includes(customer) === true,
  );
}

/**
 * The outbox events that name the customer: the draws they won, each listing them alone among its
 * winners — what is held on the others is theirs, not this customer's to receive.
 */
export async function customerAdventEvents(tx: Repos, customer: string): Promise<EventRow[]> {
  const draws = await drawsNaming(tx, customer, await tx.advent.playsOfCustomer(customer));
  return draws.map((row) => ({
    ...row,
    payload: JSON.stringify({ ...JSON.parse(row.payload), winners: [customer] }),
  }));
}

/**
 * Moves the customer's plays to `pseudonym`, and their name in the draws they won, in the caller's
 * transaction. Returns how many plays moved, and the events rewritten.
 */
export async function rekeyAdventPlays(
  tx: Repos,
  customer: string,
  pseudonym: string,
): Promise<{ plays: number; eventIds: number[] }> {
  const events = await drawsNaming(tx, customer, await tx.advent.playsOfCustomer(customer));
  const plays = await tx.advent.rekeyPlays(customer, pseudonym);
  const eventIds = await rewriteEventPayloads(tx, events, (payload) => ({
    ...(payload as object),
    winners: winnersOf(payload)!.map((winner) => (winner === customer ? pseudonym : winner)),
  }));
  return { plays, eventIds };
}
