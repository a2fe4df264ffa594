/** The hooks that make the switches bite: read-only mode, channels whose orders are stopped, and injected faults. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isKnownOrderKey } from '../../intake/index.js';
import type { AppContext } from '../../platform/context.js';
import { sendFailure } from '../../platform/http/errors.js';
import { injectFault, refuseOrder, refuseWrite } from '../core/switches.js';
import type { SwitchReader } from './switches.js';

declare module 'fastify' {
  /** What a route says of itself to the switches. */
  interface FastifyContextConfig {
    /**
     * It takes an order or a hold on the channel named in its body: refused while that channel's
     * orders are stopped, here, before the intake queues it, so a paused channel costs the intake nothing.
     */
    stopsWithChannel?: boolean;
    /**
     * It places an order: a retry with an Idempotency-Key already known for the caller is answered
     * its first answer whatever the switches, since it changes nothing.
     */
    answersReplays?: boolean;
  }
}

const changingMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A retry of an order already taken (its Idempotency-Key is known for this caller): the intake
 * answers it the first answer and changes nothing, so no switch refuses it — a storefront whose
 * first answer was lost must still learn that its order exists. Read only while a switch refuses.
 */
async function isReplayedOrder(ctx: AppContext, request: FastifyRequest): Promise<boolean> {
  const key = request.headers['idempotency-key'];
  if (request.routeOptions.config.answersReplays !== true || typeof key !== 'string') return false;
  const principal = request.principal;
  if (principal === null) return false;
  return isKnownOrderKey(ctx, principal.apiKeyId, key);
}

function isStorefrontCall(request: FastifyRequest): boolean {
  const principal = request.principal;
  return (
    request.routeOptions.config.scope === 'storefront' &&
    principal !== null &&
    !principal.scopes.includes('admin')
  );
}

/** Installed after authentication, so that the principal is known, and before the routes. */
export function installSwitchGuards(
  app: FastifyInstance,
  ctx: AppContext,
  switches: SwitchReader,
  options: { readonly faultInjection: boolean },
): void {
  app.addHook('onRequest', async (request, reply) => {
    // A path without a route answers its own 404, whatever the switches.
    if (request.routeOptions.url === undefined) return;
    const changing = changingMethods.has(request.method);
    // Without the flag a server never fails on purpose, whatever another server stored.
    const drilled = options.faultInjection && isStorefrontCall(request);
    if (!changing && !drilled) return;
    const state = await switches.current();
    if (changing) {
      const refused = refuseWrite(state, request.routeOptions.config.readOnlyExempt === true);
      if (refused !== undefined && !(await isReplayedOrder(ctx, request))) return sendFailure(reply, refused);
    }
    if (drilled) {
      const fault = injectFault(state, Math.random());
      if (fault !== undefined) return sendFailure(reply, fault);
    }
  });

  // After validation: the body is known to name its channel.
  app.addHook('preHandler', async (request, reply) => {
    if (request.routeOptions.config.stopsWithChannel !== true) return;
    const { channel } = request.body as { channel: string };
    const refused = refuseOrder(await switches.current(), channel);
    if (refused !== undefined && !(await isReplayedOrder(ctx, request))) return sendFailure(reply, refused);
  });
}
