/**
 * Where alerts go: the webhooks of a team's chat or pager, and the delivery of every firing and
 * resolution to each of them, retried with backoff, each attempt bounded in time and recorded.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { type AppContext, inTransaction, notFound, toIso } from '../../platform/context.js';
import { fail, ok, type Result } from '../../platform/core/errors.js';
import { limits } from '../../platform/core/limits.js';
import type { WebhookFormat } from '../core/alerts.js';
import type { AlertWebhookRow } from './alert-repo.js';
import type { AlertTransition } from './alert-view.js';
import type { Webhook } from './contract.js';

function webhookView(row: AlertWebhookRow): Webhook {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    format: row.format as WebhookFormat,
    created_at: toIso(row.created_at),
    last_attempt_at: row.last_attempt_at === null ? null : toIso(row.last_attempt_at),
    last_status: row.last_status,
    last_error: row.last_error,
  };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

export async function createAlertWebhook(
  ctx: AppContext,
  input: { name: string; url: string; format: WebhookFormat },
): Promise<Result<Webhook>> {
  if (!isHttpUrl(input.url) || input.url.length > limits.alertWebhookUrlLengthMax) {
    return fail('validation_failed', 'The webhook URL must be an http or https URL.', {
      in: 'body',
      errors: [{ path: '/url', message: 'must be an http(s) URL' }],
    });
  }
  return inTransaction(ctx, async (tx) => {
    if ((await tx.alerts.countWebhooks()) >= limits.alertWebhooksMax) {
      return fail('limit_reached', `A shop has at most ${limits.alertWebhooksMax} alert webhooks.`, {
        alert_webhooks_max: limits.alertWebhooksMax,
      });
    }
    const now = ctx.clock.now();
    const id = ctx.newId('hook');
    await tx.alerts.insertWebhook({
      id,
      name: input.name,
      url: input.url,
      format: input.format,
      created_at: now,
      last_attempt_at: null,
      last_status: null,
      last_error: null,
    });
    // Not the URL: a chat's incoming-webhook URL is its secret, and every outbox consumer reads events.
    await tx.events.append(
      [
        {
          type: 'alert_webhook.created',
          entityType: 'alert_webhook',
          entityId: id,
          payload: { id, name: input.name, format: input.format },
        },
      ],
      now,
    );
    return ok(webhookView((await tx.alerts.getWebhook(id))!));
  });
}

export async function listAlertWebhooks(ctx: AppContext): Promise<{ data: Webhook[] }> {
  return { data: (await ctx.store.read.alerts.listWebhooks()).map(webhookView) };
}

export async function deleteAlertWebhook(ctx: AppContext, id: string): Promise<Result<null>> {
  return inTransaction(ctx, async (tx) => {
    if (!(await tx.alerts.deleteWebhook(id))) return notFound('alert webhook', id);
    await tx.events.append(
      [{ type: 'alert_webhook.deleted', entityType: 'alert_webhook', entityId: id, payload: { id } }],
      ctx.clock.now(),
    );
    return ok(null);
  });
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

export interface DeliveryPolicy {
  readonly attemptsMax: number;
  readonly timeoutMs: number;
  /** The wait after the first failed attempt; it doubles after each further one. */
  readonly backoffMs: number;
}

export const defaultDeliveryPolicy: DeliveryPolicy = {
  attemptsMax: limits.alertWebhookAttemptsMax,
  timeoutMs: limits.alertWebhookTimeoutMs,
  backoffMs: limits.alertWebhookBackoffMs,
};

interface Attempt {
  readonly status: number | null;
  readonly error: string | null;
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') return `could not reach it: ${cause.code}`;
  return error instanceof Error ? error.message : String(error);
}

async function post(url: string, body: unknown, timeoutMs: number): Promise<Attempt> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Affluence alerts' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Read to the end so that the connection is free again; what it says only matters on failure.
    const text = await response.text().catch(() => '');
    if (response.ok) return { status: response.status, error: null };
    const said = text.trim().slice(0, limits.alertWebhookErrorLengthMax);
    return { status: response.status, error: `answered ${response.status}${said === '' ? '' : `: ${said}`}` };
  } catch (error) {
    return { status: null, error: describeFailure(error, timeoutMs) };
  }
}

/** One webhook, every transition in order (a resolution never overtakes its firing), each retried. */
async function deliverTo(
  ctx: AppContext,
  webhook: AlertWebhookRow,
  transitions: readonly AlertTransition[],
  policy: DeliveryPolicy,
): Promise<void> {
  const format = webhook.format as WebhookFormat;
  for (const transition of transitions) {
    const body = webhookBody(format, transition);
    for (let attempt = 1; attempt <= policy.attemptsMax; attempt++) {
      const at = ctx.clock.now();
      const result = await post(webhook.url, body, policy.timeoutMs);
      // Bookkeeping, not a change of the shop's state: no outbox event, or each retry would make one.
      await ctx.store.transaction((tx) => tx.alerts.recordAttempt(webhook.id, { at, ...result }));
      if (result.error === null) break;
      if (attempt < policy.attemptsMax) await sleep(policy.backoffMs * 2 ** (attempt - 1));
    }
  }
}

/**
 * Sends the transitions to every webhook, all webhooks at once. Resolves when each has succeeded or
 * used its attempts; rejects only if an attempt could not be recorded, once every webhook is done.
 */
export async function deliverAlertTransitions(
  ctx: AppContext,
  transitions: readonly AlertTransition[],
  policy: DeliveryPolicy = defaultDeliveryPolicy,
): Promise<void> {
  if (transitions.length === 0) return;
  const webhooks = await ctx.store.read.alerts.listWebhooks();
  const outcomes = await Promise.allSettled(
    webhooks.map((webhook) => deliverTo(ctx, webhook, transitions, policy)),
  );
  const failed = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
}
