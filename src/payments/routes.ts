/** Payments: recorded per order by clients, received from providers' webhooks, and the providers themselves. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../platform/context.js';
import { limits } from '../platform/core/limits.js';
import { callerOf } from '../platform/http/auth.js';
import { sendFailure } from '../platform/http/errors.js';
import { Code, errors, Id, literals, Text } from '../platform/http/schemas.js';
import { OrderPayments, PaymentProvider, RecordedPayment, WebhookReceipt } from './contract.js';
import { paymentKinds } from './core/payment-ledger.js';
import { providerSchemes } from './core/provider-events.js';
import { listPayments, recordPayment } from './payments.js';
import { listProviders, putProvider } from './providers.js';
import { receiveWebhook } from './webhooks.js';

const OrderId = Type.Object({ id: Id });
const Psp = Type.Object({ psp: Code });

export const paymentRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    '/orders/:id/payments',
    {
      config: { scope: 'storefront' },
      schema: {
        tags: ['payments'],
        operationId: 'recordPayment',
        summary: 'Record a payment of an order: an authorisation, a capture, a failure or a refund',
        description:
          "Records what happened at the payment provider, in minor units of the order's currency. When the captures reach the order's total, a `placed` order becomes `paid`. The same `psp`, `psp_reference` and `kind` again is the same payment: answered 200 as first recorded, and refused (409 `payment_reference_reused`) if it now names another amount or order. Refused: capturing past the total or authorising more than it (409 `payment_exceeds_order`), refunding more than was captured (409 `refund_exceeds_captured`). A capture on a cancelled order is recorded: its money shows in `order.refund_due`. A storefront key records on the orders it placed.",
        params: OrderId,
        body: Type.Object(
          {
            kind: literals(paymentKinds),
            amount: Type.Integer({
              minimum: 1,
              maximum: Number.MAX_SAFE_INTEGER,
              description: "In minor units of the order's currency",
            }),
            psp: Code,
            psp_reference: Text(limits.pspReferenceLengthMax),
          },
          { additionalProperties: false },
        ),
        response: { 200: RecordedPayment, 201: RecordedPayment, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const result = await recordPayment(ctx, request.params.id, request.body, callerOf(request));
      if (!result.ok) return sendFailure(reply, result);
      return reply.code(result.value.created ? 201 : 200).send(result.value.recorded);
    },
  );

  app.get(
    '/orders/:id/payments',
    {
      config: { scope: 'storefront' },
      schema: {
        tags: ['payments'],
        operationId: 'listPayments',
        summary: "An order's payments, oldest first, and what they add up to",
        description:
          'Every payment recorded on the order, oldest first, with their sums: authorised, captured, refunded, failed attempts, what is still `outstanding`, and the `refund_due` to the customer. A storefront key reads the orders it placed.',
        params: OrderId,
        response: { 200: OrderPayments, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await listPayments(ctx, request.params.id, callerOf(request));
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.put(
    '/payments/providers/:psp',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['payments'],
        operationId: 'putPaymentProvider',
        summary: 'Accept a payment provider’s webhooks, signed with this secret',
        description:
          "`stripe`: Stripe's `Stripe-Signature` scheme, with the endpoint's `whsec_…` secret. `standard_webhooks`: the Standard Webhooks headers (`webhook-id`, `webhook-timestamp`, `webhook-signature`), for any other provider. The secret is never shown again, only its last 4 characters.",
        params: Psp,
        body: Type.Object(
          { scheme: literals(providerSchemes), secret: Text(limits.webhookSecretLengthMax) },
          { additionalProperties: false },
        ),
        response: { 200: PaymentProvider, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const result = await putProvider(ctx, request.params.psp, request.body);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );

  app.get(
    '/payments/providers',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['payments'],
        operationId: 'listPaymentProviders',
        summary: 'The payment providers whose webhooks are accepted',
        description:
          'Each provider with its signature scheme, the path its webhooks are posted to, and the last 4 characters of its secret.',
        response: { 200: Type.Object({ data: Type.Array(PaymentProvider) }), ...errors(401, 403) },
      },
    },
    async () => ({ data: await listProviders(ctx) }),
  );

  await app.register(rawWebhookRoute, { ctx });
};

/**
 * The webhook's route, in a scope of its own: the signature is over the exact bytes sent, so its body
 * is read as bytes, not parsed as JSON first.
 */
const rawWebhookRoute: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (raw, { ctx }) => {
  raw.removeAllContentTypeParsers();
  raw.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: limits.webhookBodyBytesMax },
    (_request, body, done) => done(null, body),
  );
  raw.post(
    '/payments/webhooks/:psp',
    {
      schema: {
        tags: ['payments'],
        operationId: 'receivePaymentWebhook',
        summary: "A payment provider's event, signed",
        description:
          "No API key: the provider's signature is the credential. Stripe: `payment_intent.succeeded` records a capture, `payment_intent.payment_failed` a failure, `charge.refunded` the refunds not yet recorded; the order is the payment intent's `metadata.order_id` (for a refund, else the order its payment intent was captured on). Standard Webhooks: `{type: payment.authorised|payment.captured|payment.failed|payment.refunded, data: {order_id, amount, currency, reference}}`. Each event applies once by its id: a retry answers the first outcome with `duplicate: true`. A bad signature (400 `webhook_signature_invalid`) or a timestamp more than 5 minutes off (400 `webhook_timestamp_stale`) changes nothing. An event that cannot apply (an unknown order, a capture past the total) is acknowledged as `refused`, with why, so that the provider stops retrying.",
        security: [],
        params: Psp,
        response: { 200: WebhookReceipt, ...errors(400, 404, 413) },
      },
    },
    async (request, reply) => {
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const result = await receiveWebhook(ctx, request.params.psp, body, request.headers);
      return result.ok ? result.value : sendFailure(reply, result);
    },
  );
};
