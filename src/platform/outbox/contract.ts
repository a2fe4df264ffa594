/** The contract of the outbox: the TypeBox schemas of its answers, the one definition of their shape (routes validate and document with them; use cases, tests and the page use their Static types). */
import { type Static, Type } from '@sinclair/typebox';
import { Instant } from '../http/schemas.js';

export const Event = Type.Object({
  id: Type.Integer(),
  type: Type.String(),
  entity_type: Type.String(),
  entity_id: Type.String(),
  payload: Type.Unknown(),
  created_at: Instant,
});
export type Event = Static<typeof Event>;
/** A page of the feed: resumable from `next_cursor` even when the page is empty. */
export const EventFeed = Type.Object({
  data: Type.Array(Event),
  next_cursor: Type.Integer({ description: 'Pass back as `after`' }),
});
export type EventFeed = Static<typeof EventFeed>;
