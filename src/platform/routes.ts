/** The outbox feed and API keys. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { type Authenticator, createApiKey, listApiKeys, revokeApiKey, scopes } from './api-keys/api-keys.js';
import { ApiKey, CreatedApiKey } from './api-keys/contract.js';
import type { AppContext } from './context.js';
import { limits } from './core/limits.js';
import { sendFailure } from './http/errors.js';
import { errors, Id, Name, Position } from './http/schemas.js';
import { EventFeed } from './outbox/contract.js';
import { listEvents } from './outbox/events.js';

export const adminRoutes: FastifyPluginAsyncTypebox<{
  ctx: AppContext;
  authenticator: Authenticator;
}> = async (app, { ctx, authenticator }) => {
  app.get(
    '/events',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['events'],
        operationId: 'listEvents',
        summary: 'Every state change, in commit order, after a cursor',
        description:
          'Up to `limit` events after the event id `after`, in commit order: every change in the shop, for a consumer that mirrors it elsewhere. Pass `next_cursor` back as `after` for the next page.',
        querystring: Type.Object(
          {
            after: Type.Integer({ ...Position, default: 0, description: 'The last event id already read' }),
            limit: Type.Integer({
              minimum: 1,
              maximum: limits.eventsPageMax,
              default: limits.pageSizeDefault,
            }),
          },
          { additionalProperties: false },
        ),
        response: { 200: EventFeed, ...errors(400, 401, 403) },
      },
    },
    async (request) => listEvents(ctx, request.query.after, request.query.limit),
  );

  const Scope = Type.Union(scopes.map((scope) => Type.Literal(scope)));

  app.post(
    '/api-keys',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['api keys'],
        operationId: 'createApiKey',
        summary: 'Create an API key; the key is in this answer only',
        description:
          'Creates a key with the given scopes (`admin` may do everything; `storefront` sells and reads its own orders). The secret `key` is in this answer only: store it at once.',
        body: Type.Object(
          { name: Name, scopes: Type.Array(Scope, { minItems: 1, maxItems: scopes.length }) },
          { additionalProperties: false },
        ),
        response: {
          201: CreatedApiKey,
          ...errors(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const result = await createApiKey(ctx, request.body);
      return result.ok ? reply.code(201).send(result.value) : sendFailure(reply, result);
    },
  );

  app.get(
    '/api-keys',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['api keys'],
        operationId: 'listApiKeys',
        summary: 'List API keys (never their secrets)',
        description:
          'Every API key with its name, scopes, prefix, creation time and revocation time, if any; never its secret.',
        response: { 200: Type.Object({ data: Type.Array(ApiKey) }), ...errors(401, 403) },
      },
    },
    async () => ({ data: await listApiKeys(ctx) }),
  );

  app.delete(
    '/api-keys/:id',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['api keys'],
        operationId: 'revokeApiKey',
        summary: 'Revoke an API key',
        description:
          'Revokes the key for good: requests carrying it answer 401 from then on (within a few seconds on other server processes). The key stays listed, with its `revoked_at`.',
        params: Type.Object({ id: Id }),
        response: { 204: Type.Null(), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await revokeApiKey(ctx, request.params.id);
      if (!result.ok) return sendFailure(reply, result);
      authenticator.forget();
      return reply.code(204).send(null);
    },
  );
};
