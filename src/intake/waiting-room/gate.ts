/**
 * The gate in front of storefront requests while the waiting room is open. A request with a valid
 * admission token passes; a visitor whose ticket's turn has come passes and receives an admission
 * token; anyone else is told their place, when to come back, and the token to come back with.
 */

import type { AppContext } from '../../platform/context.js';
import { limits } from '../../platform/core/limits.js';
import { admission, type RoomState } from '../core/waiting-room.js';
import { type AdmissionToken, decodeToken, encodeToken } from './admission-token.js';
import { readRoom, roomSecret, takeTicket } from './room.js';

export type GateDecision =
  | {
      readonly pass: true /** A fresh admission token to hand back, when the visitor was just let in. */;
      readonly token?: string;
    }
  | {
      readonly pass: false;
      readonly token: string;
      readonly ticket: number;
      readonly ahead: number;
      readonly retryAfterS: number;
    };

export class WaitingRoomGate {
  private state: RoomState | undefined;
  private stateReadAtMs = 0;
  private secret: string | undefined;

  constructor(private readonly ctx: AppContext) {}

  /** The room's state, read again from the store at most every `roomStateCacheMs`. */
  async current(): Promise<RoomState> {
    const now = this.ctx.clock.now();
    if (this.state === undefined || now - this.stateReadAtMs >= limits.roomStateCacheMs) {
      this.state = await readRoom(this.ctx.store.read);
      this.stateReadAtMs = now;
    }
    return this.state;
  }

  /** A change made through this process applies here at once. */
  forget(): void {
    this.state = undefined;
  }

  async decide(tokenText: string | undefined): Promise<GateDecision> {
    const state = await this.current();
    if (!state.enabled) return { pass: true };
    const now = this.ctx.clock.now();
    this.secret ??= await roomSecret(this.ctx);
    const token =
      tokenText === undefined ? undefined : decodeToken(this.secret, tokenText, state.openingId, now);
    if (token?.kind === 'a') return { pass: true };
    const ticket = token?.ticket ?? (await takeTicket(this.ctx));
    const turn = admission(state, ticket, now);
    if (turn.admitted) {
      const admitted: AdmissionToken = {
        kind: 'a',
        ticket,
        openingId: state.openingId,
        expiresAtMs: now + state.admissionTtlS * 1000,
      };
      return { pass: true, token: encodeToken(this.secret, admitted) };
    }
    const waiting: AdmissionToken = {
      kind: 'w',
      ticket,
      openingId: state.openingId,
      expiresAtMs: now + limits.waitingTokenTtlS * 1000,
    };
    return {
      pass: false,
      token: token === undefined ? encodeToken(this.secret, waiting) : tokenText!,
      ticket,
      ahead: turn.ahead,
      retryAfterS: turn.retryAfterS,
    };
  }
}
