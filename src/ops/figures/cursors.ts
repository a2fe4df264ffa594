/** The outbox's consumers and where each has got to: the backlog is counted from the slowest. */

import { type AppContext, toIso } from '../../platform/context.js';
import { fail, ok, type Result } from '../../platform/core/errors.js';
import { countEventsAfter, lastEventId } from '../../platform/outbox/events.js';

export interface CursorView {
  name: string;
  position: number;
  updated_at: string;
}

export async function listEventCursors(ctx: AppContext): Promise<CursorView[]> {
  return (await ctx.store.read.figures.listCursors()).map((cursor) => ({
    name: cursor.name,
    position: cursor.position,
    updated_at: toIso(cursor.updated_at),
  }));
}

/** Records the consumer's position, creating the consumer; a position past the last event is refused. */
export async function putEventCursor(
  ctx: AppContext,
  name: string,
  position: number,
): Promise<Result<CursorView>> {
  const last = await lastEventId(ctx);
  if (position > last) {
    return fail('validation_failed', `No event ${position} yet: the last is ${last}.`, {
      position,
      last_event_id: last,
    });
  }
  const now = ctx.clock.now();
  await ctx.store.transaction((tx) => tx.figures.putCursor(name, position, now));
  return ok({ name, position, updated_at: toIso(now) });
}

/**
 * The events of the outbox its slowest consumer has still to process; 0 without consumers. Counted,
 * not the last id less the position: a restore moves the ids on past a gap (`affluence restore`).
 */
export async function outboxBacklog(ctx: AppContext): Promise<number> {
  const slowest = await ctx.store.read.figures.slowestCursor();
  return slowest === undefined ? 0 : countEventsAfter(ctx, slowest);
}
