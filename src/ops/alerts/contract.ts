import { type Static, Type } from '@sinclair/typebox';
import { limits } from '../../platform/core/limits.js';
import { Instant, literals, Name, Text } from '../../platform/http/schemas.js';
import { alertSeverities, thresholdMetrics, webhookFormats } from '../core/alerts.js';

export const WindowMinutes = Type.Integer({ minimum: 1, maximum: limits.alertWindowMinutesMax });
export const BaselineMinutes = Type.Integer({
  minimum: 2,
  maximum: limits.alertSeriesMinutes - 2,
  description: 'The minutes just before the window that say what is usual; longer than the window',
});
export const Ratio = Type.Number({ exclusiveMinimum: 0, maximum: limits.alertRatioMax });
export const MinRequestsPerS = Type.Number({
  minimum: 0,
  maximum: limits.alertFigureMax,
  description: 'Below this traffic the rule stays quiet: a few requests make no trend',
});
export const Figure = Type.Number({
  minimum: 0,
  maximum: limits.alertFigureMax,
  description: 'Shares (rates) from 0 to 1',
});
export const closed = { additionalProperties: false } as const;

export const Condition = Type.Union(
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
    Type.Object(
      { kind: Type.Literal('sale_check_failed') },
      {
        ...closed,
        description:
          'A sale is running whose check found problems: a reference price, a price raised before it, the soldes rules',
      },
    ),
    Type.Object(
      {
        kind: Type.Literal('payment_failures'),
        rate: Type.Number({
          minimum: 0,
          exclusiveMaximum: 1,
          description: 'A share: 0.2 fires past 20 % failed',
        }),
        resolve_rate: Type.Number({
          minimum: 0,
          maximum: 1,
          description: 'Resolves once failures are back to this share; at most `rate`',
        }),
        window_minutes: WindowMinutes,
        min_attempts: Type.Integer({
          minimum: 1,
          maximum: limits.alertFigureMax,
          description:
            'Below this many attempts in the window the rule stays quiet: a few declined cards make no trend',
        }),
      },
      {
        ...closed,
        description:
          'Of the payment attempts of the last window_minutes (failures, and payments that secured money), more than rate failed',
      },
    ),
    Type.Object(
      {
        kind: Type.Literal('promo_code_surge'),
        ratio: Type.Number({ exclusiveMinimum: 1, maximum: limits.alertRatioMax }),
        window_minutes: WindowMinutes,
        baseline_minutes: BaselineMinutes,
        min_uses_per_minute: Type.Number({
          exclusiveMinimum: 0,
          maximum: limits.alertFigureMax,
          description: 'Below this many uses a minute a jump is a handful of orders, not a leak',
        }),
      },
      {
        ...closed,
        description:
          'A promo code is used at least min_uses_per_minute times a minute over window_minutes, and ratio × its rate over the baseline (a code unused before: reaching the floor)',
      },
    ),
    Type.Object(
      {
        kind: Type.Literal('backorders_delayed'),
        min_lines: Type.Integer({
          minimum: 1,
          maximum: limits.alertFigureMax,
          description: 'Late order lines from which the rule fires; it resolves once none is late',
        }),
      },
      {
        ...closed,
        description:
          'At least min_lines order lines sold beyond stock will miss their promised date: a purchase order is late or closed short',
      },
    ),
    Type.Object(
      {
        kind: Type.Literal('contacts_spike'),
        ratio: Type.Number({
          exclusiveMinimum: 1,
          maximum: limits.alertRatioMax,
          description: 'Contacts a minute over the window at least this many times those of the baseline',
        }),
        window_minutes: WindowMinutes,
        baseline_minutes: BaselineMinutes,
        min_contacts: Type.Integer({
          minimum: 1,
          maximum: limits.alertFigureMax,
          description:
            'Below this many contacts in the window the rule stays quiet: a few calls to a quiet shop make no trend',
        }),
      },
      {
        ...closed,
        description:
          'Customer contacts (every channel) over window_minutes reach min_contacts, at ratio × their rate a minute over the baseline before (a baseline without any: reaching the floor)',
      },
    ),
  ],
  { discriminator: { propertyName: 'kind' } },
);

export const Severity = literals(alertSeverities);

export const RuleInput = Type.Object(
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

export const Rule = Type.Object({
  id: Type.String(),
  name: Type.String(),
  severity: Severity,
  enabled: Type.Boolean(),
  condition: Condition,
  runbook: Type.Union([Type.String(), Type.Null()]),
  created_at: Instant,
  updated_at: Instant,
});
export type Rule = Static<typeof Rule>;

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
export type Alert = Static<typeof Alert>;

export const Webhook = Type.Object({
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
export type Webhook = Static<typeof Webhook>;
