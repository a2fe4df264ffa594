/**
 * Every admin action leaves its line in the audit log: each call an admin key makes to change
 * something (any admin route but a read) is written down with who, what and on which path, as soon
 * as it succeeded and before its answer leaves. The contingency switches and the few use cases that
 * already write a fuller entry in their own transaction (with the reason people gave) say so with
 * `config.ownAuditEntry`, and get no second line.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, onSendHookHandler } from 'fastify';
import type { AppContext } from '../context.js';
import { callerOf } from '../http/auth.js';
import { actorOf } from './audit.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's use case writes its own audit entry, in its transaction: the generic one would repeat it. */
    ownAuditEntry?: boolean;
  }
}

const reads = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The entry is written after the change committed, apart from its transaction: one hook for 75
 * routes rather than a line in each use case. Its cost is an insert on admin calls only (the hook is
 * put on those routes alone, so the storefront and the order path never run it). A failure to write
 * it is logged and does not change the answer: the change is made, and answering an error would send
 * the caller to make it again.
 */
function recorder(ctx: AppContext, action: string): onSendHookHandler {
  return async (request: FastifyRequest, reply: FastifyReply, payload) => {
    if (reply.statusCode >= 400) return payload;
    try {
      const actor = await actorOf(ctx, callerOf(request).apiKeyId);
      await ctx.store.transaction((tx) =>
        tx.audit.append({
          at: ctx.clock.now(),
          actor_key_id: actor.keyId,
          actor_name: actor.name,
          action,
          // The path names what was acted on; the query and the body are left out, as they may
          // carry secrets (a webhook's signing secret) or a customer's personal data.
          target: request.url.split('?')[0]!,
          reason: '',
          details: JSON.stringify({ method: request.method, status: reply.statusCode }),
        }),
      );
    } catch (error) {
      request.log.error({ err: error, action }, 'the audit entry of an admin action could not be written');
    }
    return payload;
  };
}

/** Puts the recorder on every admin route that changes something; call before the routes are registered. */
export function auditAdminActions(app: FastifyInstance, ctx: AppContext): void {
  app.addHook('onRoute', (route) => {
    if (route.config?.scope !== 'admin' || route.config.ownAuditEntry === true) return;
    const methods = [route.method].flat();
    if (methods.every((method) => reads.has(method))) return;
    const operationId = (route.schema as { operationId?: string } | undefined)?.operationId;
    const action = `api.${operationId ?? `${methods.join(',')} ${route.url}`}`;
    const existing = route.onSend === undefined ? [] : [route.onSend].flat();
    route.onSend = [...existing, recorder(ctx, action)];
  });
}
