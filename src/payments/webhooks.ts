/**
 * Payment providers' webhooks: the signature checked with the provider's own scheme (Stripe's
 * `Stripe-Signature`, or the Standard Webhooks headers), the timestamp within
 * `webhookToleranceSeconds`, then the event applied once by its id, whatever the retries. A refused
 * signature or timestamp changes nothing; a valid event Affluence cannot apply (an unknown order, a
 * capture past the total) is kept as `refused` and acknowledged, so that the provider stops retrying
 * what no retry can fix.
 */

import { Webhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { type AppContext, inTransaction, notFound } from '../platform/context.js';
import { fail, ok, type Result } from '../platform/core/errors.js';
import { limits } from '../platform/core/limits.js';
import type { Repos } from '../platform/store/store.js';
import { shipIfAutomatic } from './auto-ship.js';
import type { WebhookReceipt } from './contract.js';
import {
  type ProviderCommand,
  type ProviderEvent,
  type ProviderScheme,
  readStandardEvent,
  readStripeEvent,
} from './core/provider-events.js';
import type { PaymentProviderRow } from './payment-repo.js';
import { recordOnLockedOrder } from './payments.js';

type Headers = Readonly<Record<string, string | string[] | undefined>>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function stale(timestampSeconds: number, nowMs: number): boolean {
  return (
    !Number.isFinite(timestampSeconds) ||
    Math.abs(nowMs / 1_000 - timestampSeconds) > limits.webhookToleranceSeconds
  );
}

const staleFailure = () =>
  fail(
    'webhook_timestamp_stale',
    `The event was signed more than ${limits.webhookToleranceSeconds} s from now: a replay, or a clock far off.`,
    { tolerance_s: limits.webhookToleranceSeconds },
  );

const badSignature = (why: string) =>
  fail('webhook_signature_invalid', `The signature does not verify: ${why}.`, {});

/** Checks a body against its provider's signature; answers the event it carries. */
export function verifyEvent(
  provider: Pick<PaymentProviderRow, 'scheme' | 'secret'>,
  body: Buffer,
  headers: Headers,
  nowMs: number,
): Result<ProviderEvent> {
  const scheme = provider.scheme as ProviderScheme;
  if (scheme === 'stripe') {
    const signature = header(headers, 'stripe-signature');
    if (signature === undefined) return badSignature('no Stripe-Signature header');
    const timestamp = /(?:^|,)t=(\d+)/.exec(signature)?.[1];
    if (timestamp === undefined) return badSignature('the Stripe-Signature header has no timestamp');
    if (stale(Number(timestamp), nowMs)) return staleFailure();
    try {
      Stripe.webhooks.constructEvent(
        body,
        signature,
        provider.secret,
        limits.webhookToleranceSeconds,
        undefined,
        Math.floor(nowMs / 1_000),
      );
    } catch (error) {
      return badSignature(error instanceof Error ? error.message : 'Stripe refused it');
    }
    const event = readStripeEvent(parseJson(body));
    return event === undefined ? badBody('a Stripe event {id, type, data: {object}}') : ok(event);
  }
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  if (id === undefined || timestamp === undefined || header(headers, 'webhook-signature') === undefined)
    return badSignature('the webhook-id, webhook-timestamp and webhook-signature headers are all needed');
  if (!/^\d+$/.test(timestamp) || stale(Number(timestamp), nowMs)) return staleFailure();
  try {
    new Webhook(provider.secret).verify(body, {
      'webhook-id': id,
      'webhook-timestamp': timestamp,
      'webhook-signature': header(headers, 'webhook-signature')!,
    });
  } catch (error) {
    return badSignature(error instanceof Error ? error.message : 'the scheme refused it');
  }
  const event = readStandardEvent(id, parseJson(body));
  return event === undefined ? badBody('{type, data}') : ok(event);
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

function badBody(expected: string) {
  return fail('validation_failed', `The signed body is not ${expected}.`, {});
}

type Outcome = Pick<WebhookReceipt, 'outcome' | 'detail' | 'payment_id'> & { order_id: string | null };

async function orderIdOf(tx: Repos, psp: string, command: ProviderCommand): Promise<string | undefined> {
  if (command.action !== 'record' && command.action !== 'refund_to_total') return undefined;
  return 'orderId' in command.order
    ? command.order.orderId
    : tx.payments.orderOfReference(psp, command.order.pspReference);
}

async function apply(ctx: AppContext, tx: Repos, psp: string, event: ProviderEvent): Promise<Outcome> {
  const { command } = event;
  if (command.action === 'ignore' || command.action === 'refuse') {
    return {
      outcome: command.action === 'ignore' ? 'ignored' : 'refused',
      detail: command.reason,
      payment_id: null,
      order_id: null,
    };
  }
  const orderId = await orderIdOf(tx, psp, command);
  const order = orderId === undefined ? undefined : await tx.orders.lockOrder(orderId);
  if (order === undefined) {
    return {
      outcome: 'refused',
      detail: `no order ${orderId ?? 'is linked to this payment'}`,
      payment_id: null,
      order_id: null,
    };
  }
  let facts: Parameters<typeof recordOnLockedOrder>[3];
  if (command.action === 'record') {
    facts = {
      kind: command.kind,
      amountMinor: command.amountMinor,
      currency: command.currency,
      psp,
      pspReference: command.pspReference,
      eventId: event.id,
    };
  } else {
    // What is new in a running total of refunds: the total less this provider's refunds recorded.
    const recorded = (await tx.payments.paymentsOf(order.id))
      .filter((payment) => payment.kind === 'refund' && payment.psp === psp)
      .reduce((sum, payment) => sum + payment.amount_minor, 0);
    const amountMinor = command.refundedTotalMinor - recorded;
    if (amountMinor <= 0) {
      return {
        outcome: 'ignored',
        detail: 'these refunds are already recorded',
        payment_id: null,
        order_id: order.id,
      };
    }
    facts = {
      kind: 'refund',
      amountMinor,
      currency: command.currency,
      psp,
      pspReference: `${command.chargeReference}:${command.refundedTotalMinor}`,
      eventId: event.id,
    };
  }
  const recorded = await recordOnLockedOrder(tx, ctx, order, facts);
  if (!recorded.ok)
    return { outcome: 'refused', detail: recorded.message, payment_id: null, order_id: order.id };
  return { outcome: 'applied', detail: null, payment_id: recorded.value.payment.id, order_id: order.id };
}

/** `POST /v1/payments/webhooks/{psp}`: verifies, then applies the event once. */
export async function receiveWebhook(
  ctx: AppContext,
  psp: string,
  body: Buffer,
  headers: Headers,
): Promise<Result<WebhookReceipt>> {
  const provider = await ctx.store.read.payments.getProvider(psp);
  if (provider === undefined) return notFound('payment provider', psp);
  const verified = verifyEvent(provider, body, headers, ctx.clock.now());
  if (!verified.ok) return verified;
  const event = verified.value;
  let paidOrderId: string | null = null;
  const received = await inTransaction<WebhookReceipt>(ctx, async (tx) => {
    const now = ctx.clock.now();
    const claimed = await tx.payments.claimEvent({
      psp,
      event_id: event.id,
      type: event.type,
      outcome: 'applied',
      order_id: null,
      payment_id: null,
      detail: null,
      received_at: now,
    });
    if (!claimed) {
      const first = (await tx.payments.getEvent(psp, event.id))!;
      return ok({
        event_id: event.id,
        type: first.type,
        outcome: first.outcome as WebhookReceipt['outcome'],
        detail: first.detail,
        payment_id: first.payment_id,
        duplicate: true,
      });
    }
    const outcome = await apply(ctx, tx, psp, event);
    await tx.payments.settleEvent(psp, event.id, outcome);
    if (outcome.outcome === 'applied') paidOrderId = outcome.order_id;
    return ok({
      event_id: event.id,
      type: event.type,
      outcome: outcome.outcome,
      detail: outcome.detail,
      payment_id: outcome.payment_id,
      duplicate: false,
    });
  });
  if (paidOrderId !== null) await shipIfAutomatic(ctx, paidOrderId);
  return received;
}
