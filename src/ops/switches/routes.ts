/** The contingency switches, their audit log, and fault injection for drills: the operations room's levers. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { actorOf, listAuditLog } from '../../platform/audit/audit.js';
import { AuditEntry } from '../../platform/audit/contract.js';
import type { AppContext } from '../../platform/context.js';
import { callerOf } from '../../platform/http/auth.js';
import { sendFailure } from '../../platform/http/errors.js';
import { Code, errors, Limit, Position, page } from '../../platform/http/schemas.js';
import { ChannelSwitches, FaultsAnswer, ReadOnly, Reason, Switches } from './contract.js';
import { faultsView, setFaults } from './faults.js';
import { type SwitchReader, setChannelSwitches, setReadOnly, switchesView } from './switches.js';

export const switchRoutes: FastifyPluginAsyncTypebox<{
  ctx: AppContext;
  switches: SwitchReader;
  faultInjection: boolean;
}> = async (app, { ctx, switches, faultInjection }) => {
  // Every route here works in read-only mode: the team must be able to switch it off again.
  // Each switch writes its audit entry, with its reason, in its own transaction.
  const config = { scope: 'admin', readOnlyExempt: true, ownAuditEntry: true } as const;

  app.get(
    '/switches',
    {
      config,
      schema: {
        tags: ['operations'],
        operationId: 'getSwitches',
        summary: 'Every contingency switch: read-only mode, each channel, the waiting room, fault injection',
        description:
          'The state of every contingency switch, each with who flipped it, when and why, to see at a glance what the shop is refusing.',
        response: {
          200: Switches,
          ...errors(401, 403),
        },
      },
    },
    async () => switchesView(ctx),
  );

  app.put(
    '/switches/read-only',
    {
      config,
      schema: {
        tags: ['operations'],
        operationId: 'setReadOnly',
        summary: 'Turn read-only mode on or off: every change refused (503 read_only), reads go on',
        description:
          'Turns read-only mode on or off for every process, with a reason written to the audit log. The switches, alerts and incidents keep working while it is on.',
        body: Type.Object({ on: Type.Boolean(), reason: Reason }, { additionalProperties: false }),
        response: { 200: ReadOnly, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const result = await setReadOnly(ctx, request.body, await actorOf(ctx, callerOf(request).apiKeyId));
      switches.forget();
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.put(
    '/switches/channels/:code',
    {
      config,
      schema: {
        tags: ['operations'],
        operationId: 'setChannelSwitches',
        summary: "Stop a channel's orders and holds (503 channel_paused), or freeze what it is shown",
        description:
          'A frozen channel is shown, per SKU, at most what it was shown when frozen, and never more than the truth; a SKU created since reads 0. Thawing shows the truth again. Orders are not capped by a freeze.',
        params: Type.Object({ code: Code }),
        body: Type.Object(
          {
            orders_stopped: Type.Optional(Type.Boolean()),
            availability_frozen: Type.Optional(Type.Boolean()),
            reason: Reason,
          },
          { additionalProperties: false },
        ),
        response: { 200: ChannelSwitches, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await setChannelSwitches(
        ctx,
        request.params.code,
        request.body,
        await actorOf(ctx, callerOf(request).apiKeyId),
      );
      switches.forget();
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.get(
    '/audit-log',
    {
      config,
      schema: {
        tags: ['operations'],
        operationId: 'listAuditLog',
        summary: 'Who flipped which switch, when and why, newest first',
        description:
          'A page of the audit log: every switch flipped, with its actor, time, target and reason. Pass `next_cursor` back as `cursor` for older entries.',
        querystring: Type.Object(
          { cursor: Type.Optional(Position), limit: Limit },
          { additionalProperties: false },
        ),
        response: { 200: page(AuditEntry), ...errors(400, 401, 403) },
      },
    },
    async (request) => listAuditLog(ctx, request.query),
  );

  app.get(
    '/ops/faults',
    {
      config,
      schema: {
        tags: ['operations'],
        operationId: 'getFaults',
        summary: 'The share of storefront requests failed on purpose, for a drill',
        description:
          'The share of storefront requests failed on purpose, who set it, when and why, and whether this server allows fault injection at all.',
        response: { 200: FaultsAnswer, ...errors(401, 403) },
      },
    },
    async () => faultsView(ctx, faultInjection),
  );

  app.put(
    '/ops/faults',
    {
      config,
      schema: {
        tags: ['operations'],
        operationId: 'setFaults',
        summary:
          'Fail this share of storefront requests with 500 injected_fault (needs serve --fault-injection)',
        description:
          'Sets the share (0 to 1) of storefront requests to fail, so a team can drill its alerts and runbooks before a peak; 0 stops the drill. Without `--fault-injection` it answers 403 `fault_injection_disabled`.',
        body: Type.Object(
          { error_rate: Type.Number({ minimum: 0, maximum: 1 }), reason: Reason },
          { additionalProperties: false },
        ),
        response: { 200: FaultsAnswer, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const result = await setFaults(
        ctx,
        request.body,
        await actorOf(ctx, callerOf(request).apiKeyId),
        faultInjection,
      );
      switches.forget();
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );
};
