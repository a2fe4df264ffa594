import { type Static, Type } from '@sinclair/typebox';
import { Instant } from '../../platform/http/schemas.js';
export const Room = Type.Object({
  enabled: Type.Boolean(),
  admission_rate_per_s: Type.Number(),
  admission_ttl_s: Type.Integer(),
  auto_enable: Type.Boolean({ description: 'Opened by the intake itself when it starts shedding orders' }),
  // Visitors given a ticket in this opening, and those of them still waiting.
  tickets_issued: Type.Integer(),
  waiting: Type.Integer(),
  opened_at: Type.Union([Instant, Type.Null()]),
});
export type Room = Static<typeof Room>;
