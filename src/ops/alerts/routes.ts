/** The alerts of the operations room: rules as data, the alerts they raised, and the webhooks alerts go to. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../platform/context.js';
import { limits } from '../../platform/core/limits.js';
import { sendFailure } from '../../platform/http/errors.js';
import { Code, errors, Id, Instant, Limit, Name, Text } from '../../platform/http/schemas.js';
import { alertSeverities, thresholdMetrics } from '../core/alerts.js';
import {
  createAlertWebhook,
  deleteAlertWebhook,
  listAlertWebhooks,
  webhookFormats,
} from './alert-webhooks.js';
import { deleteAlertRule, listAlertRules, listAlerts, putAlertRule } from './alerts.js';

const literals = <T extends string>(values: readonly T[]) =>
  Type.Union(values.map((value) => Type.Literal(value)));

const WindowMinutes = Type.Integer({ minimum: 1, maximum: limits.alertWindowMinutesMax });
const BaselineMinutes = Type.Integer({
  minimum: 2,
  maximum: limits.alertSeriesMinutes - 2,
  description: 'The minutes just before the window that say what is usual; longer than the window',
});
const Ratio = Type.Number({ exclusiveMinimum: 0, maximum: limits.alertRatioMax });
const MinRequestsPerS = Type.Number({
  minimum: 0,
  maximum: limits.alertFigureMax,
  description: 'Below this traffic the rule stays quiet: a few requests make no trend',
});
const Figure = Type.Number({
  minimum: 0,
  maximum: limits.alertFigureMax,
  description: 'Shares (rates) from 0 to 1',
});
const closed = { additionalProperties: false } as const;

const Condition = Type.Union(
  [
    Type.Object(
      {
        kind: Type.Literal('threshold'),
        metric: literals(thresholdMetrics),
        op: literals(['above', 'below'] as const),
        value: Figure,
        resolve_value: Type.Number({
          ...Figure,
          description: 'Resolves once the figure is back here: at most `value` for above, at least for below',
        }),
        window_minutes: WindowMinutes,
      },
      { ...closed, description: 'A figure over the last window_minutes above (or below) value' },
    ),
    Type.Object(
      {
        kind: Type.Literal('spike'),
        ratio: Type.Number({ exclusiveMinimum: 1, maximum: limits.alertRatioMax }),
        window_minutes: WindowMinutes,
        baseline_minutes: BaselineMinutes,
        min_requests_per_s: MinRequestsPerS,
      },
      { ...closed, description: 'Requests per second reach ratio × their mean over the baseline' },
    ),
    Type.Object(
      {
        kind: Type.Literal('conversion_drop'),
        drop_ratio: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 }),
        traffic_ratio: Ratio,
        window_minutes: WindowMinutes,
        baseline_minutes: BaselineMinutes,
        min_requests_per_s: MinRequestsPerS,
      },
      {
        ...closed,
        description:
          'Orders per request fall to drop_ratio × their baseline while traffic is at least traffic_ratio × its own',
      },
    ),
    Type.Object(
      {
        kind: Type.Literal('top_sku_out'),
        top_n: Type.Integer({ minimum: 1, maximum: limits.topSkusPerChannelMax }),
      },
      {
        ...closed,
        description: 'One of the top_n best sellers of the last 15 minutes has nothing left on its channel',
      },
    ),
  ],
  { discriminator: { propertyName: 'kind' } },
);

const Severity = literals(alertSeverities);

const RuleInput = Type.Object(
  {
    name: Name,
    severity: Severity,
    enabled: Type.Boolean({ default: true }),
    condition: Condition,
    runbook: Type.Optional(
      Type.Union([Text(limits.runbookLengthMax, 0), Type.Null()], {
        description: 'The contingency plan, in Markdown; empty or null for none',
      }),
    ),
  },
  closed,
);

const Rule = Type.Object({
  id: Type.String(),
  name: Type.String(),
  severity: Severity,
  enabled: Type.Boolean(),
  condition: Condition,
  runbook: Type.Union([Type.String(), Type.Null()]),
  created_at: Instant,
  updated_at: Instant,
});

/** An alert as the API shows it, in its listing and in the overview of the live page. */
export const Alert = Type.Object({
  id: Type.String(),
  rule_id: Type.String(),
  rule_name: Type.String(),
  severity: Severity,
  status: literals(['firing', 'resolved'] as const),
  message: Type.String(),
  value: Type.Number({ description: 'The figure the rule saw when it fired' }),
  fired_at: Instant,
  resolved_at: Type.Union([Instant, Type.Null()]),
  incident_id: Type.Union([Type.String(), Type.Null()]),
});

const Webhook = Type.Object({
  id: Type.String(),
  name: Type.String(),
  url: Type.String(),
  format: literals(webhookFormats),
  created_at: Instant,
  last_attempt_at: Type.Union([Instant, Type.Null()]),
  last_status: Type.Union([Type.Integer(), Type.Null()], {
    description: 'null when the last attempt got no answer',
  }),
  last_error: Type.Union([Type.String(), Type.Null()], {
    description: 'null when the last attempt succeeded',
  }),
});

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
        summary: 'The alert rules: the contingency plan, each rule with its runbook',
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
      if (!result.ok) return sendFailure(reply, result);
      result.value.delivered.catch((error: unknown) => request.log.error({ err: error }, 'alert delivery'));
      return result.value.rule;
    },
  );

  app.delete(
    '/alert-rules/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Remove an alert rule; its past alerts stay, a firing one resolves',
        params: Type.Object({ id: Code }),
        response: { 204: Type.Null(), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await deleteAlertRule(ctx, request.params.id);
      if (!result.ok) return sendFailure(reply, result);
      result.value.delivered.catch((error: unknown) => request.log.error({ err: error }, 'alert delivery'));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/alerts',
    {
      config,
      schema: {
        tags,
        summary: 'Alerts, newest first',
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
        summary: 'Send alerts to a webhook when they fire and when they resolve',
        description:
          '`json` posts `{"event": "alert.fired" | "alert.resolved", "alert": {…}}`; `slack` posts what Slack incoming webhooks take (`{"text", "blocks"}`). Each delivery is tried a few times with backoff; the webhook shows its last attempt.',
        body: Type.Object(
          {
            name: Name,
            url: Type.String({
              format: 'uri',
              pattern: '^[Hh][Tt][Tt][Pp][Ss]?://',
              maxLength: limits.alertWebhookUrlLengthMax,
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
        summary: 'The alert webhooks, each with its last attempt',
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
        summary: 'Stop sending alerts to a webhook',
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
