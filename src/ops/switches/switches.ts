/**
 * The contingency switches: read-only mode and each channel's orders and availability, flipped in
 * one transaction with their audit row and event, and read by every process through a short cache.
 */

import { roomView } from '../../intake/index.js';
import type { AvailabilityFreezes } from '../../inventory/index.js';
import { type Actor, recordSwitch } from '../../platform/audit/audit.js';
import { type AppContext, inTransaction, notFound, toIso } from '../../platform/context.js';
import { fail, ok, type Result } from '../../platform/core/errors.js';
import { limits } from '../../platform/core/limits.js';
import type { Repos } from '../../platform/store/store.js';
import {
  type ChannelSwitch,
  channelSwitch,
  type FaultSwitch,
  type Flip,
  noSwitches,
  type SwitchMark,
  type SwitchState,
  switchChannel,
  switchReadOnly,
} from '../core/switches.js';
import type { ChannelSwitches, Faults, Mark, ReadOnly, Switches } from './contract.js';

/** The stored state, completed with the defaults of switches added since it was written. */
export async function readSwitches(repos: Repos): Promise<SwitchState> {
  return { ...noSwitches, ...(await repos.switches.read<Partial<SwitchState>>()) };
}

/** Reads the switches for a change, locked until the transaction ends. */
export async function lockSwitches(tx: Repos, now: number): Promise<SwitchState> {
  return { ...noSwitches, ...(await tx.switches.lock<Partial<SwitchState>>(noSwitches, now)) };
}

export function flipOf(actor: Actor, reason: string, nowMs: number): Flip {
  return { keyId: actor.keyId, name: actor.name, reason, nowMs };
}

/**
 * The switches as one process sees them: read again from the store at most every
 * `switchesCacheMs`, so a flip made elsewhere applies here within it; `forget()` makes a flip made
 * through this process apply here at once.
 */
export class SwitchReader {
  private state: SwitchState | undefined;
  private readAtMs = 0;
  private reading: Promise<SwitchState> | undefined;
  /** Bumped by `forget()`: a read begun before it must not bring the old state back. */
  private generation = 0;

  constructor(private readonly ctx: AppContext) {}

  current(): Promise<SwitchState> {
    if (this.state !== undefined && this.ctx.clock.now() - this.readAtMs < limits.switchesCacheMs) {
      return Promise.resolve(this.state);
    }
    // Requests arriving together while the cache is stale share one read.
    this.reading ??= this.load();
    return this.reading;
  }

  forget(): void {
    this.generation++;
    this.state = undefined;
    this.reading = undefined;
  }

  private async load(): Promise<SwitchState> {
    const generation = this.generation;
    const readAtMs = this.ctx.clock.now();
    try {
      const state = await readSwitches(this.ctx.store.read);
      if (generation === this.generation) {
        this.state = state;
        this.readAtMs = readAtMs;
      }
      return state;
    } finally {
      if (generation === this.generation) this.reading = undefined;
    }
  }
}

function markView(mark: SwitchMark): Mark {
  return { since: mark.since === null ? null : toIso(mark.since), by: mark.by, reason: mark.reason };
}

function channelView(channel: string, switches: ChannelSwitch): ChannelSwitches {
  return {
    channel,
    orders_stopped: switches.ordersStopped,
    availability_frozen: switches.availabilityFrozen,
    ...markView(switches),
  };
}

export function faultsViewOf(faults: FaultSwitch): Faults {
  return { error_rate: faults.errorRate, ...markView(faults) };
}

/** Every switch as it stands in the store, every channel listed: what `GET /v1/switches` answers. */
export async function switchesView(ctx: AppContext): Promise<Switches> {
  const [state, channels, room] = await Promise.all([
    readSwitches(ctx.store.read),
    ctx.store.read.catalog.listChannels(),
    roomView(ctx),
  ]);
  return {
    read_only: { on: state.readOnly.on, ...markView(state.readOnly) },
    channels: channels.map((row) => channelView(row.code, channelSwitch(state, row.code))),
    waiting_room: room,
    faults: faultsViewOf(state.faults),
  };
}

export async function setReadOnly(
  ctx: AppContext,
  input: { on: boolean; reason: string },
  actor: Actor,
): Promise<Result<ReadOnly>> {
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const state = switchReadOnly(await lockSwitches(tx, now), input.on, flipOf(actor, input.reason, now));
    await tx.switches.save(state, now);
    await recordSwitch(tx, {
      at: now,
      actor,
      action: 'switches.read_only',
      target: 'read-only',
      reason: input.reason,
      details: { on: input.on },
      timelineText: `Read-only mode ${input.on ? 'on' : 'off'}: ${input.reason}`,
    });
    await appendSwitchChanged(tx, 'read-only', { on: input.on }, actor, input.reason, now);
    return ok({ on: state.readOnly.on, ...markView(state.readOnly) });
  });
}

export async function setChannelSwitches(
  ctx: AppContext,
  channel: string,
  input: { orders_stopped?: boolean; availability_frozen?: boolean; reason: string },
  actor: Actor,
): Promise<Result<ChannelSwitches>> {
  const { reason, ...set } = input;
  if (set.orders_stopped === undefined && set.availability_frozen === undefined) {
    return fail(
      'validation_failed',
      'Say which switch to set: orders_stopped, availability_frozen or both.',
      {
        properties: ['orders_stopped', 'availability_frozen'],
      },
    );
  }
  return inTransaction(ctx, async (tx) => {
    if ((await tx.catalog.getChannel(channel)) === undefined) return notFound('channel', channel);
    const now = ctx.clock.now();
    const flipped = switchChannel(
      await lockSwitches(tx, now),
      channel,
      { ordersStopped: set.orders_stopped, availabilityFrozen: set.availability_frozen },
      flipOf(actor, reason, now),
    );
    // The snapshot is taken in the transaction that freezes: no sale or receipt falls between.
    if (flipped.froze) await tx.switches.snapshotChannel(channel);
    if (flipped.thawed) await tx.switches.dropSnapshot(channel);
    await tx.switches.save(flipped.state, now);
    const said = [
      set.orders_stopped === undefined ? [] : [set.orders_stopped ? 'orders stopped' : 'orders taken again'],
      set.availability_frozen === undefined
        ? []
        : [set.availability_frozen ? 'availability frozen' : 'availability thawed'],
    ].flat();
    await recordSwitch(tx, {
      at: now,
      actor,
      action: 'switches.channel',
      target: channel,
      reason,
      details: set,
      timelineText: `Channel ${channel}: ${said.join(', ')}: ${reason}`,
    });
    await appendSwitchChanged(tx, `channel:${channel}`, set, actor, reason, now);
    return ok(channelView(channel, channelSwitch(flipped.state, channel)));
  });
}

/** The outbox event of every flip, for whoever follows the feed (a chat bot, the data team). */
export async function appendSwitchChanged(
  tx: Repos,
  target: string,
  set: Record<string, unknown>,
  actor: Actor,
  reason: string,
  now: number,
): Promise<void> {
  await tx.events.append(
    [
      {
        type: 'switch.changed',
        entityType: 'switch',
        entityId: target,
        payload: { target, set, reason, by: actor.name, by_key_id: actor.keyId },
      },
    ],
    now,
  );
}

/**
 * Availability's freezes, as the switches say: the process's cached reader decides whether a channel
 * may be frozen, so that a freeze made through this process applies here at once. The snapshot is
 * read with the switches afresh: a channel thawed elsewhere has no snapshot left, and must not read 0
 * until this process's cache expires. Only what the channel is shown is capped: orders are taken on
 * the true stock.
 */
export function availabilityFreezes(ctx: AppContext, switches: SwitchReader): AvailabilityFreezes {
  return {
    mayBeFrozen: async (channel) => channelSwitch(await switches.current(), channel).availabilityFrozen,
    snapshotOf: async (channel, chunks) => {
      const read = ctx.store.read;
      const [state, ...snapshots] = await Promise.all([
        readSwitches(read),
        ...chunks.map((chunk) => read.switches.snapshotOf(channel, chunk)),
      ]);
      if (!channelSwitch(state, channel).availabilityFrozen) return undefined;
      return new Map(snapshots.flatMap((snapshot) => [...snapshot]));
    },
  };
}
