/** The outbox read as a feed: events after a cursor, in commit order. */
import { type AppContext, toIso } from '../context.js';
import type { Repos } from '../store/store.js';
import type { Event, EventFeed } from './contract.js';
import type { EventRow } from './event-repo.js';

/** An event as the feed shows it: its payload parsed. */
export function eventView(row: EventRow): Event {
  return {
    id: row.id,
    type: row.type,
    entity_type: row.entity_type,
    entity_id: row.entity_id,
    payload: JSON.parse(row.payload),
    created_at: toIso(row.created_at),
  };
}

export async function listEvents(ctx: AppContext, after: number, limit: number): Promise<EventFeed> {
  const rows = await ctx.store.read.events.list(after, limit);
  return {
    data: rows.map(eventView),
    // Pass it back as `after`: the feed is resumable from there, even when this page was empty.
    next_cursor: rows.length > 0 ? rows[rows.length - 1]!.id : after,
  };
}

/** The id of the last event written to the outbox (0 before the first). */
export function lastEventId(ctx: AppContext): Promise<number> {
  return ctx.store.read.events.lastEventId();
}

/** How many events of the outbox come after `afterId`. */
export function countEventsAfter(ctx: AppContext, afterId: number): Promise<number> {
  return ctx.store.read.events.countAfter(afterId);
}

/**
 * Rewrites the payloads of events already written, in the caller's transaction: how a customer's
 * erasure reaches the copies of their data that events carry (src/privacy). `rewrite` gets each
 * payload parsed and returns it as it should be; only the events it changed are written again, and
 * their ids are returned.
 */
export async function rewriteEventPayloads(
  tx: Repos,
  rows: readonly EventRow[],
  rewrite: (payload: unknown, row: EventRow) => unknown,
): Promise<number[]> {
  const rewritten: number[] = [];
  for (const row of rows) {
    // Payloads were written by JSON.stringify, so the same value gives back the same text.
    const payload = JSON.stringify(rewrite(JSON.parse(row.payload), row));
    if (payload === row.payload) continue;
    await tx.events.replacePayload(row.id, payload);
    rewritten.push(row.id);
  }
  return rewritten;
}
