/** Webhook subscriptions: the outbox's events posted to the shop's endpoints, signed, in order per entity. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../platform/context.js';
import { sendFailure } from '../../platform/http/errors.js';
import { errors, Id, Limit, literals } from '../../platform/http/schemas.js';
import {
  CreatedWebhook,
  closed,
  Delivery,
  deliveryStatuses,
  Replay,
  ReplayInput,
  WebhookInput,
  WebhookPatch,
  WebhookSubscription,
} from './contract.js';
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listDeliveries,
  listWebhooks,
  replayWebhook,
  updateWebhook,
} from './webhooks.js';

export const webhookRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const config = { scope: 'admin' as const };
  const tags = ['channels'];
  const params = Type.Object({ id: Id });

  app.post(
    '/webhooks',
    {
      config,
      schema: {
        tags,
        operationId: 'createWebhook',
        summary: 'Subscribe an endpoint to events',
        description:
          'From now on, every event of the named types is posted to `url` as `{"type", "timestamp", "data"}`, signed the Standard Webhooks way (`webhook-id`, `webhook-timestamp`, `webhook-signature`: HMAC-SHA256 with the secret) — at least once, in order per entity (an order’s events arrive in the order they happened), retried with exponential backoff and jitter, and after the last attempt kept on the dead-letter list. The secret is shown in this answer only.',
        body: WebhookInput,
        response: { 201: CreatedWebhook, ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const result = await createWebhook(ctx, request.body);
      return result.ok ? reply.code(201).send(result.value) : sendFailure(reply, result);
    },
  );

  app.get(
    '/webhooks',
    {
      config,
      schema: {
        tags,
        operationId: 'listWebhooks',
        summary: 'The subscriptions, each with its backlog and last attempt',
        description:
          'Every subscription with the events it takes, whether it is enabled, how many deliveries wait (`pending`) and are out of attempts (`dead`), and its last attempt. Secrets are never shown here.',
        response: { 200: Type.Object({ data: Type.Array(WebhookSubscription) }), ...errors(401, 403) },
      },
    },
    async () => listWebhooks(ctx),
  );

  app.get(
    '/webhooks/:id',
    {
      config,
      schema: {
        tags,
        operationId: 'getWebhook',
        summary: 'A subscription, with its backlog and last attempt',
        description: 'One subscription as listed: its events, backlog and last attempt, without its secret.',
        params,
        response: { 200: WebhookSubscription, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await getWebhook(ctx, request.params.id);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.patch(
    '/webhooks/:id',
    {
      config,
      schema: {
        tags,
        operationId: 'updateWebhook',
        summary: 'Change a subscription’s URL, events or secret; disable or enable it',
        description:
          'Disabled, a subscription keeps its place in the outbox: enabled again, it is sent what happened meanwhile, in order. A new secret signs from the next attempt on.',
        params,
        body: WebhookPatch,
        response: { 200: WebhookSubscription, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await updateWebhook(ctx, request.params.id, request.body);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.delete(
    '/webhooks/:id',
    {
      config,
      schema: {
        tags,
        operationId: 'deleteWebhook',
        summary: 'Remove a subscription and its deliveries',
        description: 'Nothing more is sent to it; the deliveries still waiting or dead are dropped with it.',
        params,
        response: { 204: Type.Null(), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await deleteWebhook(ctx, request.params.id);
      return result.ok ? reply.code(204).send(null) : sendFailure(reply, result);
    },
  );

  app.get(
    '/webhooks/:id/deliveries',
    {
      config,
      schema: {
        tags,
        operationId: 'listWebhookDeliveries',
        summary: 'A webhook’s deliveries, newest first, with each attempt',
        description:
          'Every event due to the endpoint, its status (`pending`, `delivered`, or `dead`: out of attempts) and its latest attempts with their status, error and duration. `status=dead` is the dead-letter list; page back with `before_event`. Alert webhooks’ deliveries show here too.',
        params,
        querystring: Type.Object(
          {
            status: Type.Optional(literals(deliveryStatuses)),
            before_event: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
            limit: Limit,
          },
          closed,
        ),
        response: { 200: Type.Object({ data: Type.Array(Delivery) }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await listDeliveries(ctx, request.params.id, request.query);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.post(
    '/webhooks/:id/replay',
    {
      config,
      schema: {
        tags,
        operationId: 'replayWebhook',
        summary: 'Send again every event from one on',
        description:
          'Every event from `from_event` on that the endpoint takes is sent again, in order, whether it was delivered or dead: after a receiver lost data, or once a dead endpoint is back.',
        params,
        body: ReplayInput,
        response: { 202: Replay, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await replayWebhook(ctx, request.params.id, request.body.from_event);
      return result.ok ? reply.code(202).send(result.value) : sendFailure(reply, result);
    },
  );
};
