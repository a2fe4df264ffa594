/**
 * Provider events, pure: what a verified webhook body asks Affluence to record. Two formats:
 * Stripe's events (`payment_intent.succeeded`, `payment_intent.payment_failed`, `charge.refunded`),
 * and, for any other provider signing with the Standard Webhooks scheme, Affluence's own small
 * format (`payment.authorised|captured|failed|refunded` with `{order_id, amount, currency,
 * reference}`). Other event types are acknowledged and ignored.
 */

import type { PaymentKind } from './payment-ledger.js';

export const providerSchemes = ['stripe', 'standard_webhooks'] as const;
export type ProviderScheme = (typeof providerSchemes)[number];

/** Who the payment belongs to: an order named in the event, or the one a provider reference was recorded on. */
export type OrderLink = { readonly orderId: string } | { readonly pspReference: string };

export type ProviderCommand =
  | {
      readonly action: 'record';
      readonly kind: PaymentKind;
      readonly amountMinor: number;
      readonly currency: string;
      readonly pspReference: string;
      readonly order: OrderLink;
    }
  | {
      /**
       * Stripe states a charge's refunds as their running total: what is new is that total less the
       * refunds already recorded for the charge, which only the store knows.
       */
      readonly action: 'refund_to_total';
      readonly refundedTotalMinor: number;
      readonly currency: string;
      readonly chargeReference: string;
      readonly order: OrderLink;
    }
  | { readonly action: 'ignore'; readonly reason: string }
  | { readonly action: 'refuse'; readonly reason: string };

export interface ProviderEvent {
  readonly id: string;
  readonly type: string;
  readonly command: ProviderCommand;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function amount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/** ISO 4217 codes are upper case; Stripe writes them in lower case. */
function currency(value: unknown): string | undefined {
  const code = text(value)?.toUpperCase();
  return code !== undefined && /^[A-Z]{3}$/.test(code) ? code : undefined;
}

const refuse = (reason: string): ProviderCommand => ({ action: 'refuse', reason });

function orderOf(object: Json, fallbackReference?: string): OrderLink | undefined {
  const metadata = isObject(object.metadata) ? object.metadata : {};
  const orderId = text(metadata.order_id);
  if (orderId !== undefined) return { orderId };
  return fallbackReference === undefined ? undefined : { pspReference: fallbackReference };
}

function stripeCommand(eventId: string, type: string, object: Json): ProviderCommand {
  switch (type) {
    case 'payment_intent.succeeded':
    case 'payment_intent.payment_failed': {
      const intent = text(object.id);
      const succeeded = type === 'payment_intent.succeeded';
      const value = amount(succeeded ? object.amount_received : object.amount);
      const code = currency(object.currency);
      const order = orderOf(object);
      if (intent === undefined || value === undefined || code === undefined)
        return refuse('the payment intent has no id, amount or currency');
      if (order === undefined) return refuse('the payment intent carries no metadata.order_id');
      if (value === 0) return { action: 'ignore', reason: 'an amount of 0 moves no money' };
      return {
        action: 'record',
        kind: succeeded ? 'capture' : 'failure',
        amountMinor: value,
        currency: code,
        // A payment intent succeeds once, but may fail several times: each failure is its own.
        pspReference: succeeded ? intent : `${intent}:${eventId}`,
        order,
      };
    }
    case 'charge.refunded': {
      const charge = text(object.id);
      const refunded = amount(object.amount_refunded);
      const code = currency(object.currency);
      if (charge === undefined || refunded === undefined || code === undefined)
        return refuse('the charge has no id, amount_refunded or currency');
      const order = orderOf(object, text(object.payment_intent));
      if (order === undefined)
        return refuse('the charge names neither metadata.order_id nor its payment_intent');
      return {
        action: 'refund_to_total',
        refundedTotalMinor: refunded,
        currency: code,
        chargeReference: charge,
        order,
      };
    }
    default:
      return { action: 'ignore', reason: `Affluence does not act on ${type}` };
  }
}

/** A Stripe event body (already verified), as Stripe documents it: `{id, type, data: {object}}`. */
export function readStripeEvent(body: unknown): ProviderEvent | undefined {
  if (!isObject(body) || !isObject(body.data) || !isObject(body.data.object)) return undefined;
  const id = text(body.id);
  const type = text(body.type);
  if (id === undefined || type === undefined) return undefined;
  return { id, type, command: stripeCommand(id, type, body.data.object) };
}

const standardKinds: Readonly<Record<string, PaymentKind>> = {
  'payment.authorised': 'authorisation',
  'payment.captured': 'capture',
  'payment.failed': 'failure',
  'payment.refunded': 'refund',
};

/**
 * A body in Affluence's format for Standard Webhooks providers; its id is the `webhook-id` header.
 * A refund here is one refund of `amount` (not a running total), recorded under its reference.
 */
export function readStandardEvent(eventId: string, body: unknown): ProviderEvent | undefined {
  if (!isObject(body)) return undefined;
  const type = text(body.type);
  if (type === undefined) return undefined;
  const kind = standardKinds[type];
  if (kind === undefined)
    return { id: eventId, type, command: { action: 'ignore', reason: `Affluence does not act on ${type}` } };
  const data = isObject(body.data) ? body.data : {};
  const orderId = text(data.order_id);
  const value = amount(data.amount);
  const code = currency(data.currency);
  const reference = text(data.reference);
  if (
    orderId === undefined ||
    value === undefined ||
    value === 0 ||
    code === undefined ||
    reference === undefined
  ) {
    return {
      id: eventId,
      type,
      command: refuse(
        'data needs order_id, a positive integer amount in minor units, currency and reference',
      ),
    };
  }
  return {
    id: eventId,
    type,
    command: {
      action: 'record',
      kind,
      amountMinor: value,
      currency: code,
      pspReference: reference,
      order: { orderId },
    },
  };
}
