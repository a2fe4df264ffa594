/** The alerts of the operations room: rules as data, the alerts they raised, and the webhooks alerts go to. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../platform/context.js';
import { limits } from '../../platform/core/limits.js';
import { sendFailure } from '../../platform/http/errors.js';
import { Code, errors, Id, Limit, literals, Name } from '../../platform/http/schemas.js';
import { webhookFormats } from '../core/alerts.js';
import { createAlertWebhook, deleteAlertWebhook, listAlertWebhooks } from './alert-webhooks.js';
import { deleteAlertRule, listAlertRules, listAlerts, putAlertRule } from './alerts.js';
import { Alert, closed, Rule, RuleInput, Webhook } from './contract.js';

export const alertRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  // The team must still see and silence alerts while the shop is read-only.
  const config = { scope: 'admin' as const, readOnlyExempt: true };
  const tags = ['operations'];

  app.get(
    '/alert-rules',
    {
      config,
      schema: {
        tags,
        operationId: 'listAlertRules',
        summary: 'The alert rules: the contingency plan, each rule with its runbook',
        description:
          'Every alert rule, enabled or not, with its condition, severity and runbook: the shop’s contingency plan.',
        response: { 200: Type.Object({ data: Type.Array(Rule) }), ...errors(401, 403) },
      },
    },
    async () => listAlertRules(ctx),
  );

  app.put(
    '/alert-rules/:id',
    {
      config,
      schema: {
        tags,
        operationId: 'putAlertRule',
        summary: 'Create or replace an alert rule',
        description:
          'Every process evaluates the enabled rules every few seconds; an alert fires after its condition held on a few evaluations in a row and resolves after it was clear on a few. A rule disabled while firing resolves its alert.',
        params: Type.Object({ id: Code }),
        body: RuleInput,
        response: { 200: Rule, ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const { runbook, ...rule } = request.body;
      const result = await putAlertRule(ctx, request.params.id, {
        ...rule,
        runbook: runbook === undefined || runbook === '' ? null : runbook,
      });
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.delete(
    '/alert-rules/:id',
    {
      config,
      schema: {
        tags,
        operationId: 'deleteAlertRule',
        summary: 'Remove an alert rule; its past alerts stay, a firing one resolves',
        description:
          'Deletes the rule for good; the alerts it raised stay in the history, and one still firing resolves. To pause a rule instead, put it with `enabled: false`.',
        params: Type.Object({ id: Code }),
        response: { 204: Type.Null(), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await deleteAlertRule(ctx, request.params.id);
      return result.ok ? reply.code(204).send(null) : sendFailure(reply, result);
    },
  );

  app.get(
    '/alerts',
    {
      config,
      schema: {
        tags,
        operationId: 'listAlerts',
        summary: 'Alerts, newest first',
        description:
          'Alerts raised by the rules, newest first, all or only those `firing` or `resolved`, each with its rule, message, value and incident.',
        querystring: Type.Object(
          { status: Type.Optional(literals(['firing', 'resolved'] as const)), limit: Limit },
          closed,
        ),
        response: { 200: Type.Object({ data: Type.Array(Alert) }), ...errors(400, 401, 403) },
      },
    },
    async (request) => listAlerts(ctx, request.query),
  );

  app.post(
    '/alert-webhooks',
    {
      config,
      schema: {
        tags,
        operationId: 'createAlertWebhook',
        summary: 'Send alerts to a webhook when they fire and when they resolve',
        description:
          '`json` posts `{"event": "alert.fired" | "alert.resolved", "alert": {…}}`; `slack` posts what Slack incoming webhooks take (`{"text", "blocks"}`). Each delivery is signed (Standard Webhooks headers), durable across restarts, retried with backoff, and in order per alert; the webhook shows its last attempt, and `GET /v1/webhooks/{id}/deliveries` each delivery.',
        body: Type.Object(
          {
            name: Name,
            url: Type.String({
              format: 'uri',
              pattern: '^[Hh][Tt][Tt][Pp][Ss]?://',
              maxLength: limits.webhookUrlLengthMax,
              description: 'An http(s) URL',
            }),
            format: literals(webhookFormats),
          },
          closed,
        ),
        response: { 201: Webhook, ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const result = await createAlertWebhook(ctx, request.body);
      return result.ok ? reply.code(201).send(result.value) : sendFailure(reply, result);
    },
  );

  app.get(
    '/alert-webhooks',
    {
      config,
      schema: {
        tags,
        operationId: 'listAlertWebhooks',
        summary: 'The alert webhooks, each with its last attempt',
        description:
          'Every webhook alerts are sent to, with the time, status and error of its last delivery attempt, to check that alerts get through.',
        response: { 200: Type.Object({ data: Type.Array(Webhook) }), ...errors(401, 403) },
      },
    },
    async () => listAlertWebhooks(ctx),
  );

  app.delete(
    '/alert-webhooks/:id',
    {
      config,
      schema: {
        tags,
        operationId: 'deleteAlertWebhook',
        summary: 'Stop sending alerts to a webhook',
        description: 'Removes the webhook; alerts are no longer sent to it.',
        params: Type.Object({ id: Id }),
        response: { 204: Type.Null(), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await deleteAlertWebhook(ctx, request.params.id);
      return result.ok ? reply.code(204).send(null) : sendFailure(reply, result);
    },
  );
};
