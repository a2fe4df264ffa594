import { Type } from '@sinclair/typebox';
import { Room } from '../../intake/waiting-room/contract.js';
import { Instant, Text } from '../../platform/http/schemas.js';
export const Mark = {
  since: Type.Union([Instant, Type.Null()]),
  by: Type.Union([Type.String({ description: 'The name of the API key that set it' }), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
};
export const ReadOnly = Type.Object({ on: Type.Boolean(), ...Mark });
export const ChannelSwitches = Type.Object({
  channel: Type.String(),
  orders_stopped: Type.Boolean(),
  availability_frozen: Type.Boolean(),
  ...Mark,
});
export const Faults = Type.Object({
  error_rate: Type.Number({ minimum: 0, maximum: 1 }),
  ...Mark,
});
export const FaultsAnswer = Type.Object({
  allowed: Type.Boolean({ description: 'Whether this server was started with --fault-injection' }),
  ...Faults.properties,
});
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
export const Switches = Type.Object({
  read_only: ReadOnly,
  channels: Type.Array(ChannelSwitches),
  waiting_room: Room,
  faults: Faults,
});
/** Why a switch was flipped: required, the audit log is only as good as its reasons. */
export const Reason = Text();
