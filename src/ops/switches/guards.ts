/** The hooks that make the switches bite: read-only mode, channels whose orders are stopped, and injected faults. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { sendFailure } from '../../platform/http/errors.js';
import { injectFault, refuseOrder, refuseWrite } from '../core/switches.js';
import type { SwitchReader } from './switches.js';

const changingMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The routes that take an order or a hold on the channel named in their body. Refused here, before
 * the intake queues them: a paused channel costs the intake nothing.
 */
const orderRoutes = new Set(['POST /v1/orders', 'POST /v1/holds']);

/**
 * A retry of an order already taken (its Idempotency-Key is known for this caller): the intake
 * answers it the first answer and changes nothing, so no switch refuses it — a storefront whose
 * first answer was lost must still learn that its order exists. Read only while a switch refuses.
 */
async function isReplayedOrder(ctx: AppContext, request: FastifyRequest): Promise<boolean> {
  const key = request.headers['idempotency-key'];
  if (request.method !== 'POST' || request.routeOptions.url !== '/v1/orders' || typeof key !== 'string')
    return false;
  const principal = request.principal;
  if (principal === null) return false;
  return (await ctx.store.read.orders.getIdempotencyKey(principal.apiKeyId, key)) !== undefined;
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
    if (!orderRoutes.has(`${request.method} ${request.routeOptions.url}`)) return;
    const { channel } = request.body as { channel: string };
    const refused = refuseOrder(await switches.current(), channel);
    if (refused !== undefined && !(await isReplayedOrder(ctx, request))) return sendFailure(reply, refused);
  });
}
