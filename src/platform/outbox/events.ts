/** The outbox read as a feed: events after a cursor, in commit order. */
import { type AppContext, toIso } from '../context.js';
import type { EventFeed } from './contract.js';

export async function listEvents(ctx: AppContext, after: number, limit: number): Promise<EventFeed> {
  const rows = await ctx.store.read.events.list(after, limit);
  return {
    data: rows.map((row) => ({
      id: row.id,
      type: row.type,
      entity_type: row.entity_type,
      entity_id: row.entity_id,
      payload: JSON.parse(row.payload),
      created_at: toIso(row.created_at),
    })),
    // Pass it back as `after`: the feed is resumable from there, even when this page was empty.
    next_cursor: rows.length > 0 ? rows[rows.length - 1]!.id : after,
  };
}

/** The id of the last event written to the outbox (0 before the first). */
export function lastEventId(ctx: AppContext): Promise<number> {
  return ctx.store.read.events.lastEventId();
}
