/**
 * Where alerts go: the webhooks of a team's chat or pager. They are endpoints of the channels'
 * dispatcher, fed from the outbox's `alert.fired` and `alert.resolved` events: durable, retried with
 * backoff, in order per alert (a resolution never overtakes its firing), each attempt recorded.
 */
import {
  type BodyFormat,
  createEndpoint,
  deleteEndpoint,
  listEndpoints,
  type WebhookRow,
} from '../../channels/index.js';
import { type AppContext, toIso } from '../../platform/context.js';
import { ok, type Result } from '../../platform/core/errors.js';
import { limits } from '../../platform/core/limits.js';
import type { WebhookFormat } from '../core/alerts.js';
import type { AlertTransition } from './alert-view.js';
import type { Alert, Webhook } from './contract.js';

function webhookView(row: WebhookRow): Webhook {
  return {
    id: row.id,
    name: row.name ?? '',
    url: row.url,
    format: row.format as WebhookFormat,
    created_at: toIso(row.created_at),
    last_attempt_at: row.last_attempt_at === null ? null : toIso(row.last_attempt_at),
    last_status: row.last_status,
    last_error: row.last_error,
  };
}

export async function createAlertWebhook(
  ctx: AppContext,
  input: { name: string; url: string; format: WebhookFormat },
): Promise<Result<Webhook>> {
  const created = await createEndpoint(ctx, {
    kind: 'alerts',
    name: input.name,
    url: input.url,
    format: input.format,
    eventTypes: ['alert.fired', 'alert.resolved'],
    enabled: true,
    max: limits.alertWebhooksMax,
  });
  return created.ok ? ok(webhookView(created.value.row)) : created;
}

export async function listAlertWebhooks(ctx: AppContext): Promise<{ data: Webhook[] }> {
  return { data: (await listEndpoints(ctx, 'alerts')).map(webhookView) };
}

export function deleteAlertWebhook(ctx: AppContext, id: string): Promise<Result<null>> {
  return deleteEndpoint(ctx, 'alerts', id);
}

/** Slack reads `&`, `<` and `>` as markup: a message naming `<script>` must show as text. */
function slackEscape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** The body a webhook of `format` is sent for one transition. */
export function webhookBody(format: WebhookFormat, transition: AlertTransition): unknown {
  const { alert } = transition;
  if (format === 'json') return { event: transition.event, alert };
  const fired = transition.event === 'alert.fired';
  const headline = `${fired ? ':rotating_light: Firing' : ':white_check_mark: Resolved'}: ${alert.rule_name}`;
  const when =
    alert.resolved_at === null
      ? `fired ${alert.fired_at}`
      : `fired ${alert.fired_at}, resolved ${alert.resolved_at}`;
  return {
    text: slackEscape(`${headline} (${alert.severity}): ${alert.message}`),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: [
            `*${slackEscape(headline)}* (${alert.severity})`,
            slackEscape(alert.message),
            `Rule \`${slackEscape(alert.rule_id)}\`, ${when}`,
          ].join('\n'),
        },
      },
    ],
  };
}

/** The alert webhooks' bodies by format, for the dispatcher: built from the alert event's payload. */
export const alertBodyFormats: Readonly<Record<WebhookFormat, BodyFormat>> = {
  json: (event) =>
    webhookBody('json', { event: event.type as AlertTransition['event'], alert: event.payload as Alert }),
  slack: (event) =>
    webhookBody('slack', { event: event.type as AlertTransition['event'], alert: event.payload as Alert }),
};
