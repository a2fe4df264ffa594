/** The contingency switches as state, and the rules by which they refuse a request or cap what a channel is shown. */

import { type Failure, fail } from '../../platform/core/errors.js';
import { limits } from '../../platform/core/limits.js';

/** Who set a switch to its present position, when and why; all null for a switch never touched. */
export interface SwitchMark {
  readonly since: number | null;
  readonly byKeyId: string | null;
  readonly by: string | null;
  readonly reason: string | null;
}

export interface ReadOnlySwitch extends SwitchMark {
  readonly on: boolean;
}

export interface ChannelSwitch extends SwitchMark {
  readonly ordersStopped: boolean;
  readonly availabilityFrozen: boolean;
}

export interface FaultSwitch extends SwitchMark {
  /** The share of storefront requests failed on purpose, 0 to 1. */
  readonly errorRate: number;
}

export interface SwitchState {
  readonly readOnly: ReadOnlySwitch;
  /** Only channels whose switches were ever flipped; any other channel has them all off. */
  readonly channels: Readonly<Record<string, ChannelSwitch>>;
  readonly faults: FaultSwitch;
}

/** Who flips a switch, why, and the server's time of it. */
export interface Flip {
  readonly keyId: string;
  readonly name: string;
  readonly reason: string;
  readonly nowMs: number;
}

const unmarked: SwitchMark = { since: null, byKeyId: null, by: null, reason: null };

export const noSwitches: SwitchState = {
  readOnly: { on: false, ...unmarked },
  channels: {},
  faults: { errorRate: 0, ...unmarked },
};

const channelUntouched: ChannelSwitch = { ordersStopped: false, availabilityFrozen: false, ...unmarked };

function mark(flip: Flip): SwitchMark {
  return { since: flip.nowMs, byKeyId: flip.keyId, by: flip.name, reason: flip.reason };
}

export function channelSwitch(state: SwitchState, channel: string): ChannelSwitch {
  // Own properties only: a channel may well be called `constructor`.
  return Object.hasOwn(state.channels, channel) ? state.channels[channel]! : channelUntouched;
}

export function switchReadOnly(state: SwitchState, on: boolean, flip: Flip): SwitchState {
  return { ...state, readOnly: { on, ...mark(flip) } };
}

export interface ChannelFlip {
  readonly state: SwitchState;
  /** The channel's availability must be snapshotted now (it was not frozen before). */
  readonly froze: boolean;
  /** The channel's snapshot must be dropped now (it was frozen before). */
  readonly thawed: boolean;
}

/**
 * Sets a channel's switches; those not named keep their position. Freezing a channel already
 * frozen keeps its first snapshot: the freeze caps the channel at what it was shown when frozen.
 */
export function switchChannel(
  state: SwitchState,
  channel: string,
  change: { readonly ordersStopped?: boolean; readonly availabilityFrozen?: boolean },
  flip: Flip,
): ChannelFlip {
  const before = channelSwitch(state, channel);
  const after: ChannelSwitch = {
    ordersStopped: change.ordersStopped ?? before.ordersStopped,
    availabilityFrozen: change.availabilityFrozen ?? before.availabilityFrozen,
    ...mark(flip),
  };
  return {
    state: { ...state, channels: { ...state.channels, [channel]: after } },
    froze: after.availabilityFrozen && !before.availabilityFrozen,
    thawed: before.availabilityFrozen && !after.availabilityFrozen,
  };
}

export function setErrorRate(state: SwitchState, errorRate: number, flip: Flip): SwitchState {
  if (!(errorRate >= 0 && errorRate <= 1)) throw new Error(`an error rate is 0 to 1, not ${errorRate}`);
  return { ...state, faults: { errorRate, ...mark(flip) } };
}

/** Read-only mode refuses every change but the operations room's own (`exempt`). */
export function refuseWrite(state: SwitchState, exempt: boolean): Failure | undefined {
  if (!state.readOnly.on || exempt) return undefined;
  return fail('read_only', 'Affluence is in read-only mode: no change is taken now; reads go on.', {
    reason: state.readOnly.reason,
    retry_after_s: limits.switchRetryAfterS,
  });
}

/** A channel whose orders are stopped refuses its orders and holds; the other channels go on. */
export function refuseOrder(state: SwitchState, channel: string): Failure | undefined {
  if (!channelSwitch(state, channel).ordersStopped) return undefined;
  return fail('channel_paused', `Orders on channel ${channel} are stopped for now.`, {
    channel,
    retry_after_s: limits.switchRetryAfterS,
  });
}

/** A drill: fails a request when `draw` (uniform in [0, 1)) falls under the error rate. */
export function injectFault(state: SwitchState, draw: number): Failure | undefined {
  if (draw >= state.faults.errorRate) return undefined;
  return fail('injected_fault', 'A fault injected on purpose, to rehearse failures.', {
    error_rate: state.faults.errorRate,
  });
}

/**
 * What a frozen channel is shown: never more than when it was frozen, never more than the truth
 * (sales still lower it), and nothing for a SKU that was not in the snapshot (created since).
 */
export function frozenAvailable(truth: number, snapshot: number | undefined): number {
  return Math.min(truth, snapshot ?? 0);
}
