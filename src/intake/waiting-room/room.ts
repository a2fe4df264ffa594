/** The waiting room's switches and tickets, shared by every process through the store. */
import { randomBytes } from 'node:crypto';
import { recordSwitch } from '../../platform/audit/audit.js';
import { type AppContext, inTransaction, toIso } from '../../platform/context.js';
import { ok, type Result } from '../../platform/core/errors.js';
import type { Repos } from '../../platform/store/store.js';
import { admittedUpTo, changeRate, closedRoom, openRoom, type RoomState } from '../core/waiting-room.js';
import type { Room } from './contract.js';

const stateKey = 'waiting_room';
const secretKey = 'waiting_room_secret';

export async function readRoom(repos: Repos): Promise<RoomState> {
  return (await repos.settings.get<RoomState>(stateKey)) ?? closedRoom;
}

/** The secret tokens are signed with: made once, by whichever process asks first. */
export async function roomSecret(ctx: AppContext): Promise<string> {
  return ctx.store.transaction((tx) =>
    tx.settings.putIfAbsent(secretKey, randomBytes(32).toString('base64url'), ctx.clock.now()),
  );
}

export async function roomView(ctx: AppContext): Promise<Room> {
  const [state, lastTicket] = await Promise.all([
    readRoom(ctx.store.read),
    ctx.store.read.events.readCounter('waiting_room_ticket'),
  ]);
  const issued = state.enabled ? lastTicket - state.baseTicket : 0;
  return {
    enabled: state.enabled,
    admission_rate_per_s: state.admissionRatePerS,
    admission_ttl_s: state.admissionTtlS,
    auto_enable: state.autoEnable,
    tickets_issued: issued,
    waiting: state.enabled ? Math.max(0, lastTicket - admittedUpTo(state, ctx.clock.now())) : 0,
    opened_at: state.enabled ? toIso(state.baseAtMs) : null,
  };
}

export interface RoomChange {
  enabled?: boolean;
  admission_rate_per_s?: number;
  admission_ttl_s?: number;
  auto_enable?: boolean;
}

/**
 * Opens, closes or retunes the room; recorded as an event and in the audit log, saying who did it
 * (`by` an API key id, or `intake` when the room opened itself; `name` what people call it) and why.
 */
export async function changeRoom(
  ctx: AppContext,
  change: RoomChange,
  actor: { by: string; name?: string; reason?: string },
): Promise<Result<Room>> {
  const changed = await inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    let state = await readRoom(tx);
    const wasEnabled = state.enabled;
    if (change.admission_ttl_s !== undefined) state = { ...state, admissionTtlS: change.admission_ttl_s };
    if (change.auto_enable !== undefined) state = { ...state, autoEnable: change.auto_enable };
    if (change.admission_rate_per_s !== undefined)
      state = changeRate(state, change.admission_rate_per_s, now);
    if (change.enabled === true && !wasEnabled) {
      // Locks the ticket counter, so no ticket is issued between reading it and opening.
      const lastTicket = await tx.events.advanceCounter('waiting_room_ticket', 0);
      state = openRoom(state, ctx.newId('room'), lastTicket, now);
    }
    if (change.enabled === false) state = { ...state, enabled: false };
    await tx.settings.put(stateKey, state, now);
    const type =
      state.enabled === wasEnabled
        ? 'waiting_room.changed'
        : state.enabled
          ? 'waiting_room.opened'
          : 'waiting_room.closed';
    await tx.events.append(
      [{ type, entityType: 'waiting_room', entityId: 'storefront', payload: { ...change, ...actor } }],
      now,
    );
    // The room's own contract leaves `reason` optional (older clients send none); the audit row
    // then says so with an empty reason rather than refusing the switch.
    const reason = actor.reason ?? '';
    await recordSwitch(tx, {
      at: now,
      actor: { keyId: actor.by, name: actor.name ?? actor.by },
      action: 'waiting_room.change',
      target: 'waiting_room',
      reason,
      details: { ...change },
      timelineText: `Waiting room ${roomChangeText(wasEnabled, state)}${reason === '' ? '' : `: ${reason}`}`,
    });
    return ok(null);
  });
  return changed.ok ? ok(await roomView(ctx)) : changed;
}

function roomChangeText(wasEnabled: boolean, state: RoomState): string {
  const rate = `${state.admissionRatePerS}/s`;
  if (state.enabled && !wasEnabled) return `opened, admitting ${rate}`;
  if (!state.enabled && wasEnabled) return 'closed';
  return state.enabled ? `retuned, admitting ${rate}` : 'settings changed';
}

/** The next place in the queue. */
export async function takeTicket(ctx: AppContext): Promise<number> {
  return ctx.store.transaction((tx) => tx.events.advanceCounter('waiting_room_ticket', 1));
}
