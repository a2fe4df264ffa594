/**
 * The virtual waiting room, as rules: visitors take tickets in arrival order, and the room admits
 * them first come, first served at a set rate. Admission is computed, never stored: ticket `t` is
 * admitted once `t ≤ admittedUpTo(now)`, so every process agrees without talking to the others.
 */

export interface RoomState {
  readonly enabled: boolean;
  /** Each opening of the room has its own id; tickets of an earlier opening are worthless. */
  readonly openingId: string;
  readonly admissionRatePerS: number;
  /** Tickets up to this one were admitted at `baseAtMs`; the rate counts from there. */
  readonly baseTicket: number;
  readonly baseAtMs: number;
  /** How long an admitted visitor stays admitted. */
  readonly admissionTtlS: number;
  /** Opened by the intake itself when it starts shedding. */
  readonly autoEnable: boolean;
}

export const closedRoom: RoomState = {
  enabled: false,
  openingId: '',
  admissionRatePerS: 50,
  baseTicket: 0,
  baseAtMs: 0,
  admissionTtlS: 600,
  autoEnable: false,
};

export function admittedUpTo(state: RoomState, nowMs: number): number {
  const elapsedMs = Math.max(0, nowMs - state.baseAtMs);
  return state.baseTicket + Math.floor((state.admissionRatePerS * elapsedMs) / 1000);
}

/**
 * Opens the room: whoever holds a ticket already issued (`lastTicket`) is let in now, everyone
 * after queues. A new opening id voids the tokens of any earlier opening.
 */
export function openRoom(state: RoomState, openingId: string, lastTicket: number, nowMs: number): RoomState {
  return { ...state, enabled: true, openingId, baseTicket: lastTicket, baseAtMs: nowMs };
}

/** Changes the rate from now on, keeping everyone admitted so far admitted. */
export function changeRate(state: RoomState, admissionRatePerS: number, nowMs: number): RoomState {
  if (!state.enabled) return { ...state, admissionRatePerS };
  return { ...state, admissionRatePerS, baseTicket: admittedUpTo(state, nowMs), baseAtMs: nowMs };
}

export type Admission =
  | { readonly admitted: true }
  | { readonly admitted: false; readonly ahead: number; readonly retryAfterS: number };

/** Whether a ticket is in, and if not how many are ahead of it and when to come back. */
export function admission(state: RoomState, ticket: number, nowMs: number): Admission {
  const ahead = ticket - admittedUpTo(state, nowMs);
  if (ahead <= 0) return { admitted: true };
  // Come back about when the turn comes, but at least every second and at most every minute, so
  // the visitor sees the queue move and a rate change is noticed.
  const retryAfterS = Math.min(60, Math.max(1, Math.ceil(ahead / Math.max(state.admissionRatePerS, 0.001))));
  return { admitted: false, ahead, retryAfterS };
}
