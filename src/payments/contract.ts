/** The contract of payments: the TypeBox schemas of its answers, the one definition of their shape (routes validate and document with them; use cases, tests and the page use their Static types). */
import { type Static, Type } from '@sinclair/typebox';
import { Instant, literals, Nullable } from '../platform/http/schemas.js';
import { paymentKinds } from './core/payment-ledger.js';
import { providerSchemes } from './core/provider-events.js';

const Minor = (description: string) =>
  Type.Integer({ minimum: 0, description: `${description}, in minor units of the order's currency` });

export const Payment = Type.Object({
  id: Type.String(),
  order_id: Type.String(),
  kind: literals(paymentKinds),
  amount: Minor('The amount'),
  currency: Type.String(),
  psp: Type.String({ description: 'The payment provider' }),
  psp_reference: Type.String({ description: "The provider's reference of this payment" }),
  event_id: Nullable(Type.String({ description: 'The provider event that brought it, when a webhook did' })),
  created_at: Instant,
});
export type Payment = Static<typeof Payment>;

export const PaymentSummary = Type.Object({
  order_id: Type.String(),
  order_status: Type.String(),
  currency: Type.String(),
  total: Minor("The order's total"),
  authorised: Minor('Authorised'),
  captured: Minor('Captured'),
  refunded: Minor('Refunded'),
  failures: Type.Integer({ minimum: 0, description: 'Failed payment attempts' }),
  outstanding: Minor('Still to capture: the total less the captures'),
  refund_due: Minor('To give back: everything kept on a cancelled order, or any capture past the total'),
});
export type PaymentSummary = Static<typeof PaymentSummary>;

export const RecordedPayment = Type.Composite([Payment, Type.Object({ order: PaymentSummary })]);
export type RecordedPayment = Static<typeof RecordedPayment>;

export const OrderPayments = Type.Object({ data: Type.Array(Payment), summary: PaymentSummary });
export type OrderPayments = Static<typeof OrderPayments>;

export const PaymentProvider = Type.Object({
  psp: Type.String(),
  scheme: literals(providerSchemes),
  secret_hint: Type.String({
    description: 'The last 4 characters of the signing secret; the secret is never shown',
  }),
  webhook_path: Type.String({ description: 'Where the provider posts its events' }),
  created_at: Instant,
  updated_at: Instant,
});
export type PaymentProvider = Static<typeof PaymentProvider>;

export const WebhookReceipt = Type.Object({
  event_id: Type.String(),
  type: Type.String(),
  outcome: literals(['applied', 'ignored', 'refused'] as const),
  detail: Nullable(Type.String({ description: 'Why it was ignored or refused' })),
  payment_id: Nullable(Type.String()),
  duplicate: Type.Boolean({ description: 'The event was received before: nothing changed this time' }),
});
export type WebhookReceipt = Static<typeof WebhookReceipt>;
