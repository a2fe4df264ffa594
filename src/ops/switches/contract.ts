/** The contract of the switches: the TypeBox schemas of their answers, the one definition of their shape (routes validate and document with them; use cases, tests and the page use their Static types). */
import { type Static, type TObject, Type } from '@sinclair/typebox';
import { Room } from '../../intake/waiting-room/contract.js';
import { Instant, Text } from '../../platform/http/schemas.js';
/** Who set a switch so, when and why: the properties every switch's answer carries. */
export const Mark = {
  since: Type.Union([Instant, Type.Null()]),
  by: Type.Union([Type.String({ description: 'The name of the API key that set it' }), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
};
export type Mark = Static<TObject<typeof Mark>>;
export const ReadOnly = Type.Object({ on: Type.Boolean(), ...Mark });
export type ReadOnly = Static<typeof ReadOnly>;
export const ChannelSwitches = Type.Object({
  channel: Type.String(),
  orders_stopped: Type.Boolean(),
  availability_frozen: Type.Boolean(),
  ...Mark,
});
export type ChannelSwitches = Static<typeof ChannelSwitches>;
export const Faults = Type.Object({
  error_rate: Type.Number({ minimum: 0, maximum: 1 }),
  ...Mark,
});
export type Faults = Static<typeof Faults>;
export const FaultsAnswer = Type.Object({
  allowed: Type.Boolean({ description: 'Whether this server was started with --fault-injection' }),
  ...Faults.properties,
});
export type FaultsAnswer = Static<typeof FaultsAnswer>;
/** Every switch as `GET /v1/switches` shows it; fault injection too, so that nobody mistakes a drill for an outage. */
export const Switches = Type.Object({
  read_only: ReadOnly,
  channels: Type.Array(ChannelSwitches),
  waiting_room: Room,
  faults: Faults,
});
export type Switches = Static<typeof Switches>;
/** Why a switch was flipped: required, the audit log is only as good as its reasons. */
export const Reason = Text();
