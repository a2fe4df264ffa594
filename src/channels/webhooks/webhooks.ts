/**
 * Webhook endpoints: the shop's subscriptions to the outbox (`/v1/webhooks`) and, through the same
 * table and dispatcher, the operations room's alert webhooks. Creating, changing and removing them;
 * their deliveries; a replay from an event.
 */
import { randomBytes } from 'node:crypto';
import { type AppContext, inTransaction, notFound, toIso } from '../../platform/context.js';
import { fail, ok, type Result } from '../../platform/core/errors.js';
import { limits } from '../../platform/core/limits.js';
import type { Repos } from '../../platform/store/store.js';
import { type AttemptRecord, secretPrefix, secretProblem } from '../core/delivery.js';
import type {
  CreatedWebhook,
  Delivery,
  Replay,
  WebhookInput,
  WebhookPatch,
  WebhookSubscription,
} from './contract.js';
import type { DeliveryRow, WebhookRow } from './webhook-repo.js';

export type WebhookKind = 'subscription' | 'alerts';

/** A new Standard Webhooks secret: 32 random bytes. */
export function newSecret(): string {
  return `${secretPrefix}${randomBytes(32).toString('base64')}`;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** The request's own checks beyond its schema: a URL that parses, a secret that can sign. */
export function endpointInputProblem(input: { url?: string; secret?: string }): Result<null> {
  const errors: { path: string; message: string }[] = [];
  if (input.url !== undefined && (!isHttpUrl(input.url) || input.url.length > limits.webhookUrlLengthMax)) {
    errors.push({ path: '/url', message: 'must be an http(s) URL' });
  }
  const secret = input.secret === undefined ? undefined : secretProblem(input.secret);
  if (secret !== undefined) errors.push({ path: '/secret', message: secret });
  if (errors.length === 0) return ok(null);
  return fail(
    'validation_failed',
    `The webhook ${errors.map((error) => `${error.path.slice(1)} ${error.message}`).join('; ')}.`,
    {
      in: 'body',
      errors,
    },
  );
}

export interface NewEndpoint {
  readonly kind: WebhookKind;
  readonly name: string | null;
  readonly url: string;
  readonly format: string;
  readonly eventTypes: readonly string[];
  readonly secret?: string;
  readonly enabled: boolean;
  /** How many of this kind a shop may have. */
  readonly max: number;
}

/**
 * Creates an endpoint, starting at the current end of the outbox: it is sent what happens from now
 * (a replay sends the past). Its outbox event names neither its URL nor its secret: a chat's URL is
 * its key, and every consumer of the outbox reads events.
 */
export async function createEndpoint(
  ctx: AppContext,
  input: NewEndpoint,
): Promise<Result<{ row: WebhookRow; secret: string }>> {
  const valid = endpointInputProblem(input);
  if (!valid.ok) return valid;
  return inTransaction(ctx, async (tx) => {
    if ((await tx.webhooks.count(input.kind)) >= input.max) {
      const what = input.kind === 'alerts' ? 'alert webhooks' : 'webhook subscriptions';
      return fail('limit_reached', `A shop has at most ${input.max} ${what}.`, {
        [`${input.kind === 'alerts' ? 'alert_webhooks' : 'webhooks'}_max`]: input.max,
      });
    }
    const now = ctx.clock.now();
    const id = ctx.newId(input.kind === 'alerts' ? 'hook' : 'whk');
    const secret = input.secret ?? newSecret();
    await tx.webhooks.insert({
      id,
      kind: input.kind,
      name: input.name,
      url: input.url,
      format: input.format,
      event_types: JSON.stringify(input.eventTypes),
      secret,
      enabled: input.enabled ? 1 : 0,
      position: await tx.events.lastEventId(),
      created_at: now,
      updated_at: now,
      last_attempt_at: null,
      last_status: null,
      last_error: null,
    });
    await tx.events.append(
      [
        {
          type: input.kind === 'alerts' ? 'alert_webhook.created' : 'webhook.created',
          entityType: input.kind === 'alerts' ? 'alert_webhook' : 'webhook',
          entityId: id,
          payload: {
            id,
            name: input.name,
            format: input.format,
            event_types: input.eventTypes,
            enabled: input.enabled,
          },
        },
      ],
      now,
    );
    return ok({ row: (await tx.webhooks.get(id, input.kind))!, secret });
  });
}

export async function listEndpoints(ctx: AppContext, kind: WebhookKind): Promise<WebhookRow[]> {
  return ctx.store.read.webhooks.list(kind);
}

export async function deleteEndpoint(ctx: AppContext, kind: WebhookKind, id: string): Promise<Result<null>> {
  return inTransaction(ctx, async (tx) => {
    if (!(await tx.webhooks.delete(id, kind)))
      return notFound(kind === 'alerts' ? 'alert webhook' : 'webhook', id);
    await tx.events.append(
      [
        {
          type: kind === 'alerts' ? 'alert_webhook.deleted' : 'webhook.deleted',
          entityType: kind === 'alerts' ? 'alert_webhook' : 'webhook',
          entityId: id,
          payload: { id },
        },
      ],
      ctx.clock.now(),
    );
    return ok(null);
  });
}

async function subscriptionViews(repos: Repos, rows: readonly WebhookRow[]): Promise<WebhookSubscription[]> {
  const backlog = await repos.webhooks.backlog(rows.map((row) => row.id));
  return rows.map((row) => ({
    id: row.id,
    url: row.url,
    event_types: JSON.parse(row.event_types) as string[],
    enabled: row.enabled === 1,
    position: Number(row.position),
    pending: backlog.get(row.id)?.pending ?? 0,
    dead: backlog.get(row.id)?.dead ?? 0,
    last_attempt_at: row.last_attempt_at === null ? null : toIso(row.last_attempt_at),
    last_status: row.last_status,
    last_error: row.last_error,
    created_at: toIso(row.created_at),
    updated_at: toIso(row.updated_at),
  }));
}

export async function createWebhook(ctx: AppContext, input: WebhookInput): Promise<Result<CreatedWebhook>> {
  const created = await createEndpoint(ctx, {
    kind: 'subscription',
    name: null,
    url: input.url,
    format: 'standard',
    eventTypes: input.event_types,
    ...(input.secret === undefined ? {} : { secret: input.secret }),
    enabled: input.enabled ?? true,
    max: limits.webhooksMax,
  });
  if (!created.ok) return created;
  const [view] = await subscriptionViews(ctx.store.read, [created.value.row]);
  return ok({ ...view!, secret: created.value.secret });
}

export async function listWebhooks(ctx: AppContext): Promise<{ data: WebhookSubscription[] }> {
  return { data: await subscriptionViews(ctx.store.read, await listEndpoints(ctx, 'subscription')) };
}

export async function getWebhook(ctx: AppContext, id: string): Promise<Result<WebhookSubscription>> {
  const row = await ctx.store.read.webhooks.get(id, 'subscription');
  if (row === undefined) return notFound('webhook', id);
  return ok((await subscriptionViews(ctx.store.read, [row]))[0]!);
}

/** Changes a subscription; disabled, it keeps its position and resumes from there when enabled again. */
export async function updateWebhook(
  ctx: AppContext,
  id: string,
  patch: WebhookPatch,
): Promise<Result<WebhookSubscription>> {
  const valid = endpointInputProblem(patch);
  if (!valid.ok) return valid;
  return inTransaction(ctx, async (tx) => {
    if ((await tx.webhooks.get(id, 'subscription')) === undefined) return notFound('webhook', id);
    const now = ctx.clock.now();
    await tx.webhooks.update(id, {
      ...(patch.url === undefined ? {} : { url: patch.url }),
      ...(patch.event_types === undefined ? {} : { event_types: JSON.stringify(patch.event_types) }),
      ...(patch.secret === undefined ? {} : { secret: patch.secret }),
      ...(patch.enabled === undefined ? {} : { enabled: patch.enabled ? 1 : 0 }),
      updated_at: now,
    });
    const { secret: _secret, url: _url, ...told } = patch;
    await tx.events.append(
      [
        {
          type: 'webhook.updated',
          entityType: 'webhook',
          entityId: id,
          payload: { id, ...told, secret_changed: patch.secret !== undefined },
        },
      ],
      now,
    );
    return ok((await subscriptionViews(tx, [(await tx.webhooks.get(id, 'subscription'))!]))[0]!);
  });
}

export function deleteWebhook(ctx: AppContext, id: string): Promise<Result<null>> {
  return deleteEndpoint(ctx, 'subscription', id);
}

function deliveryView(row: DeliveryRow): Delivery {
  return {
    event_id: row.event_id,
    event_type: row.event_type,
    entity_type: row.entity_type,
    entity_id: row.entity_id,
    status: row.status as Delivery['status'],
    attempts: row.attempts,
    next_attempt_at: row.status === 'pending' ? toIso(row.next_attempt_at) : null,
    delivered_at: row.delivered_at === null ? null : toIso(row.delivered_at),
    created_at: toIso(row.created_at),
    attempt_log: (JSON.parse(row.attempt_log) as AttemptRecord[]).map((attempt) => ({
      ...attempt,
      at: toIso(attempt.at),
    })),
  };
}

/** An endpoint's deliveries, newest first: all, or those pending, delivered or dead. Any kind of endpoint. */
export async function listDeliveries(
  ctx: AppContext,
  id: string,
  query: { status?: Delivery['status']; before_event?: number; limit?: number },
): Promise<Result<{ data: Delivery[] }>> {
  const endpoint =
    (await ctx.store.read.webhooks.get(id, 'subscription')) ??
    (await ctx.store.read.webhooks.get(id, 'alerts'));
  if (endpoint === undefined) return notFound('webhook', id);
  const rows = await ctx.store.read.webhooks.deliveries(id, {
    ...(query.status === undefined ? {} : { status: query.status }),
    ...(query.before_event === undefined ? {} : { beforeEvent: query.before_event }),
    limit: query.limit ?? limits.pageSizeDefault,
  });
  return ok({ data: rows.map(deliveryView) });
}

/** Sends again every event from `fromEvent` on that the endpoint takes, in order, delivered or dead before. */
export async function replayWebhook(ctx: AppContext, id: string, fromEvent: number): Promise<Result<Replay>> {
  const last = await ctx.store.read.events.lastEventId();
  if (fromEvent > last) {
    return fail('validation_failed', `No event ${fromEvent} yet: the last is ${last}.`, {
      from_event: fromEvent,
      last_event_id: last,
    });
  }
  return inTransaction(ctx, async (tx) => {
    const endpoint = (await tx.webhooks.get(id, 'subscription')) ?? (await tx.webhooks.get(id, 'alerts'));
    if (endpoint === undefined) return notFound('webhook', id);
    const now = ctx.clock.now();
    const reset = await tx.webhooks.replay(id, fromEvent, now);
    await tx.events.append(
      [
        {
          type: 'webhook.replayed',
          entityType: 'webhook',
          entityId: id,
          payload: { id, from_event: fromEvent },
        },
      ],
      now,
    );
    const after = (await tx.webhooks.get(id, endpoint.kind))!;
    return ok({
      webhook_id: id,
      from_event: fromEvent,
      deliveries_reset: reset,
      position: Number(after.position),
    });
  });
}
