/** The contract of the outbox: the TypeBox schemas of its answers, the one definition of their shape (routes validate and document with them; use cases, tests and the page use their Static types). */
import { Type } from '@sinclair/typebox';
import { Instant } from '../http/schemas.js';

export const Event = Type.Object({
  id: Type.Integer(),
  type: Type.String(),
  entity_type: Type.String(),
  entity_id: Type.String(),
  payload: Type.Unknown(),
  created_at: Instant,
});
