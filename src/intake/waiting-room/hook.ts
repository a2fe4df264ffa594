/** Puts storefront requests through the waiting room's gate while it is open; admin keys never queue. */
import type { FastifyInstance } from 'fastify';
import { sendError } from '../../platform/http/errors.js';
import type { WaitingRoomGate } from './gate.js';

/** The header a visitor's token travels in, both ways. */
export const admissionHeader = 'affluence-admission';

export function installWaitingRoom(app: FastifyInstance, gate: WaitingRoomGate): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.config.scope !== 'storefront') return;
    const principal = request.principal;
    if (principal === null || principal.scopes.includes('admin')) return;
    const header = request.headers[admissionHeader];
    const decision = await gate.decide(typeof header === 'string' ? header : undefined);
    if (decision.pass) {
      if (decision.token !== undefined) reply.header(admissionHeader, decision.token);
      return;
    }
    reply.header(admissionHeader, decision.token).header('retry-after', String(decision.retryAfterS));
    return sendError(
      reply,
      'waiting_room',
      'The shop is busy: you have a place in the queue. Come back with your token.',
      {
        ticket: decision.ticket,
        ahead: decision.ahead,
        retry_after_s: decision.retryAfterS,
        admission_token: decision.token,
      },
    );
  });
}
