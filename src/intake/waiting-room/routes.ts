/** The waiting room's switches: open, close, admission rate. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { actorOf } from '../../platform/audit/audit.js';
import type { AppContext } from '../../platform/context.js';
import { limits } from '../../platform/core/limits.js';
import { callerOf } from '../../platform/http/auth.js';
import { sendFailure } from '../../platform/http/errors.js';
import { errors, Text } from '../../platform/http/schemas.js';
import { Room } from './contract.js';
import type { WaitingRoomGate } from './gate.js';
import { changeRoom, roomView } from './room.js';

export const waitingRoomRoutes: FastifyPluginAsyncTypebox<{
  ctx: AppContext;
  gate: WaitingRoomGate;
}> = async (app, { ctx, gate }) => {
  app.get(
    '/waiting-room',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['peak'],
        operationId: 'getWaitingRoom',
        summary: 'The waiting room: open or not, its rate, who waits',
        description:
          'Whether the waiting room is open and since when, its admission rate, how long an admission lasts, whether it opens itself when orders are shed, and how many visitors wait.',
        response: { 200: Room, ...errors(401, 403) },
      },
    },
    async () => roomView(ctx),
  );

  app.put(
    '/waiting-room',
    {
      // A contingency switch: it must work in read-only mode too.
      config: { scope: 'admin', readOnlyExempt: true, ownAuditEntry: true },
      schema: {
        tags: ['peak'],
        operationId: 'changeWaitingRoom',
        summary: 'Open or close the waiting room, or change its admission rate',
        description:
          'While open, storefront requests without an admission token get 503 `waiting_room` with their place, `Retry-After` and a token in the `Affluence-Admission` header; visitors are let in first come, first served at `admission_rate_per_s`. Admin keys and health checks never queue.',
        body: Type.Object(
          {
            enabled: Type.Optional(Type.Boolean()),
            admission_rate_per_s: Type.Optional(
              Type.Number({ exclusiveMinimum: 0, maximum: limits.admissionRatePerSMax }),
            ),
            admission_ttl_s: Type.Optional(Type.Integer({ minimum: 60, maximum: 24 * 60 * 60 })),
            auto_enable: Type.Optional(Type.Boolean()),
            reason: Type.Optional(Text()),
          },
          { additionalProperties: false },
        ),
        response: { 200: Room, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { reason, ...change } = request.body;
      const actor = await actorOf(ctx, callerOf(request).apiKeyId);
      const result = await changeRoom(ctx, change, {
        by: actor.keyId,
        name: actor.name,
        ...(reason === undefined ? {} : { reason }),
      });
      gate.forget();
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );
};
