/** Bearer API keys with scopes: 401 without a valid key, 403 without the route's scope. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Authenticator, Principal, Scope } from '../api-keys/api-keys.js';
import type { Caller } from '../context.js';
import { sendError } from './errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The scope a route needs; `admin` may do everything. Routes without one are public. */
    scope?: Scope;
    /**
     * A route of the operations room (switches, incidents, alerts): it keeps working in read-only
     * mode, so the team can still act, note what it does, and switch read-only off again.
     */
    readOnlyExempt?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export function installAuth(app: FastifyInstance, authenticator: Authenticator): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request, reply) => {
    const needed = request.routeOptions.config.scope;
    if (needed === undefined) return;
    const header = request.headers.authorization;
    const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match === null) {
      return sendError(reply, 'unauthorized', 'Send an API key as `Authorization: Bearer <key>`.');
    }
    const principal = await authenticator.authenticate(match[1]!);
    if (principal === undefined)
      return sendError(reply, 'unauthorized', 'This API key is unknown or revoked.');
    if (!principal.scopes.includes('admin') && !principal.scopes.includes(needed)) {
      return sendError(reply, 'forbidden', `This API key lacks the scope ${needed}.`, {
        needed,
        scopes: principal.scopes,
      });
    }
    request.principal = principal;
  });
}

export function callerOf(request: FastifyRequest): Caller {
  const principal = request.principal;
  if (principal === null) throw new Error('a scoped route ran without a principal');
  return { apiKeyId: principal.apiKeyId, isAdmin: principal.scopes.includes('admin') };
}
