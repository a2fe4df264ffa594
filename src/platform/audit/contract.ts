/** The contract of the audit log: the TypeBox schema of its entries, the one definition of their shape (routes validate and document with it; use cases, tests and the page use its Static type). */
import { type Static, Type } from '@sinclair/typebox';
import { Instant } from '../http/schemas.js';

export const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: Instant,
  actor_key_id: Type.String(),
  actor_name: Type.String(),
  action: Type.String(),
  target: Type.String(),
  reason: Type.String(),
  details: Type.Record(Type.String(), Type.Unknown()),
});
export type AuditEntry = Static<typeof AuditEntry>;
