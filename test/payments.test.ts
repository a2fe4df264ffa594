/**
 * Payments over HTTP on both stores: recorded by clients (partial captures, refunds, replays, the
 * order becoming paid), from providers' webhooks (Stripe's scheme and Standard Webhooks: good, bad,
 * replayed, stale and racing deliveries), and the payment timeout that returns an unpaid order's
 * stock exactly once, while a late capture races it.
 */
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../src/catalog/contract.js';
import { defaultAlertRules } from '../src/ops/alerts/default-rules.js';
import type { Overview } from '../src/ops/contract.js';
import { evaluateCondition } from '../src/ops/core/alerts.js';
import { OpsRoom } from '../src/ops/index.js';
import type { Order } from '../src/orders/contract.js';
import type {
  OrderPayments,
  PaymentProvider,
  RecordedPayment,
  WebhookReceipt,
} from '../src/payments/contract.js';
import { cancelUnpaidOrders } from '../src/payments/index.js';
import { body, expectError, newSku, placed, stockByLocation } from './support/api-helpers.js';
import { manualClock, openShop, type TestShop } from './support/shop.js';
import { engines } from './support/stores.js';

const stripeSecret = 'whsec_test_affluence_signing_secret';
/** A Standard Webhooks secret: base64 after `whsec_`, as providers show it. */
const standardSecret = `whsec_${Buffer.from('affluence standard webhooks test secret').toString('base64')}`;

describe.each(engines)('payments on %s', (engine) => {
  let shop: TestShop;
  const clock = manualClock();

  const payments = async (orderId: string) =>
    body<OrderPayments>(await shop.admin('GET', `/v1/orders/${orderId}/payments`), 200);
  const pay = (orderId: string, payment: Record<string, unknown>, as = shop.storefront) =>
    as('POST', `/v1/orders/${orderId}/payments`, { psp: 'stripe', ...payment });
  const orderOf = async (id: string) => body<Order>(await shop.admin('GET', `/v1/orders/${id}`), 200);

  /** Posts a body as a provider would: the exact bytes, signed, no API key. */
  const deliver = (psp: string, payload: string, headers: Record<string, string>) =>
    shop.app.inject({
      method: 'POST',
      url: `/v1/payments/webhooks/${psp}`,
      headers: { 'content-type': 'application/json', ...headers },
      payload,
    });
  const stripeHeader = (
    payload: string,
    secret = stripeSecret,
    timestampS = Math.floor(clock.now() / 1000),
  ) => Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: timestampS });
  const stripeDelivery = (event: unknown, options: { secret?: string; timestampS?: number } = {}) => {
    const payload = JSON.stringify(event);
    return deliver('stripe', payload, {
      'stripe-signature': stripeHeader(payload, options.secret, options.timestampS),
    });
  };
  const succeeded = (eventId: string, orderId: string, amount: number, intent = `pi_${randomUUID()}`) => ({
    id: eventId,
    type: 'payment_intent.succeeded',
    data: {
      object: {
        id: intent,
        object: 'payment_intent',
        amount,
        amount_received: amount,
        currency: 'eur',
        metadata: { order_id: orderId },
      },
    },
  });
  const standardDelivery = (id: string, event: unknown, timestamp = new Date(clock.now())) => {
    const payload = JSON.stringify(event);
    return deliver('acme-pay', payload, {
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': new Webhook(standardSecret).sign(id, timestamp, payload),
    });
  };

  beforeAll(async () => {
    shop = await openShop(engine, { clock });
    body(
      await shop.admin('PUT', '/v1/payments/providers/stripe', { scheme: 'stripe', secret: stripeSecret }),
      200,
    );
    body(
      await shop.admin('PUT', '/v1/payments/providers/acme-pay', {
        scheme: 'standard_webhooks',
        secret: standardSecret,
      }),
      200,
    );
  });
  afterAll(() => shop.close());

  describe('recorded by a client', () => {
    it('makes the order paid when its captures reach the total, in two partial captures', async () => {
      const order = await placed(shop.storefront, [{ sku: 'MUG-BLUE', quantity: 2 }]);
      expect(order.total).toBe(2_580);
      const first = body<RecordedPayment>(
        await pay(order.id, { kind: 'capture', amount: 1_000, psp_reference: `ch_${order.id}_1` }),
        201,
      );
      expect(first.order).toMatchObject({ order_status: 'placed', captured: 1_000, outstanding: 1_580 });
      const second = body<RecordedPayment>(
        await pay(order.id, { kind: 'capture', amount: 1_580, psp_reference: `ch_${order.id}_2` }),
        201,
      );
      expect(second).toMatchObject({ kind: 'capture', amount: 1_580, currency: 'EUR', psp: 'stripe' });
      expect(second.order).toMatchObject({ order_status: 'paid', captured: 2_580, outstanding: 0 });
      expect((await orderOf(order.id)).status).toBe('paid');
      const events = body<{ data: { type: string }[] }>(
        await shop.admin('GET', `/v1/orders/${order.id}/events`),
        200,
      ).data.map((event) => event.type);
      expect(events).toEqual(['order.placed', 'payment.recorded', 'payment.recorded', 'order.paid']);
    });

    it('answers a retried payment as first recorded, and refuses its reference for another amount', async () => {
      const order = await placed(shop.storefront, [{ sku: 'TEE-M', quantity: 1 }]);
      const payment = { kind: 'authorisation', amount: 2_500, psp_reference: `auth_${order.id}` };
      const first = body<RecordedPayment>(await pay(order.id, payment), 201);
      const again = body<RecordedPayment>(await pay(order.id, payment), 200);
      expect(again.id).toBe(first.id);
      expectError(await pay(order.id, { ...payment, amount: 2_000 }), 409, 'payment_reference_reused');
      const other = await placed(shop.storefront, [{ sku: 'TEE-M', quantity: 1 }]);
      expectError(await pay(other.id, payment), 409, 'payment_reference_reused');
      expect((await payments(order.id)).data).toHaveLength(1);
      expect((await payments(other.id)).data).toHaveLength(0);
    });

    it('refuses what cannot have happened, and changes nothing', async () => {
      const order = await placed(shop.storefront, [{ sku: 'MUG-BLUE', quantity: 1 }]);
      body(await pay(order.id, { kind: 'capture', amount: 1_000, psp_reference: `c1_${order.id}` }), 201);
      expectError(
        await pay(order.id, { kind: 'capture', amount: 291, psp_reference: `c2_${order.id}` }),
        409,
        'payment_exceeds_order',
      );
      expectError(
        await pay(order.id, { kind: 'refund', amount: 1_001, psp_reference: `r1_${order.id}` }),
        409,
        'refund_exceeds_captured',
      );
      body(await pay(order.id, { kind: 'refund', amount: 400, psp_reference: `r2_${order.id}` }), 201);
      for (const bad of [
        { kind: 'capture', amount: 0, psp_reference: 'x' },
        { kind: 'capture', amount: 10.5, psp_reference: 'x' },
        { kind: 'chargeback', amount: 100, psp_reference: 'x' },
        { kind: 'capture', amount: 100 },
        { kind: 'capture', amount: 100, psp_reference: 'x', currency: 'USD' },
      ]) {
        expectError(await pay(order.id, bad), 400, 'validation_failed');
      }
      expectError(
        await pay('ord_nope', { kind: 'capture', amount: 1, psp_reference: 'x' }),
        404,
        'not_found',
      );
      expect((await payments(order.id)).summary).toEqual({
        order_id: order.id,
        order_status: 'placed',
        currency: 'EUR',
        total: 1_290,
        authorised: 0,
        captured: 1_000,
        refunded: 400,
        failures: 0,
        outstanding: 290,
        refund_due: 0,
      });
    });

    it('keeps a storefront key to the orders it placed', async () => {
      const order = await placed(shop.admin, [{ sku: 'MUG-BLUE', quantity: 1 }]);
      expectError(
        await pay(order.id, { kind: 'capture', amount: 1_290, psp_reference: `s_${order.id}` }),
        404,
        'not_found',
      );
      expectError(await shop.storefront('GET', `/v1/orders/${order.id}/payments`), 404, 'not_found');
      body(
        await pay(order.id, { kind: 'capture', amount: 1_290, psp_reference: `s_${order.id}` }, shop.admin),
        201,
      );
    });
  });

  describe('providers', () => {
    it('refuses a secret its scheme cannot verify with, and never shows one back', async () => {
      const apiKey = await shop.admin('PUT', '/v1/payments/providers/stripe-2', {
        scheme: 'stripe',
        secret: 'sk_live_123',
      });
      expect(expectError(apiKey, 400, 'validation_failed').message).toMatch(/whsec_/);
      expectError(
        await shop.admin('PUT', '/v1/payments/providers/other', {
          scheme: 'standard_webhooks',
          secret: 'not base64!',
        }),
        400,
        'validation_failed',
      );
      const listed = body<{ data: PaymentProvider[] }>(
        await shop.admin('GET', '/v1/payments/providers'),
        200,
      );
      expect(listed.data.map((provider) => provider.psp)).toEqual(['acme-pay', 'stripe']);
      expect(listed.data[1]).toMatchObject({
        scheme: 'stripe',
        secret_hint: '…cret',
        webhook_path: '/v1/payments/webhooks/stripe',
      });
      expect(JSON.stringify(listed)).not.toContain(stripeSecret);
      expectError(await shop.storefront('GET', '/v1/payments/providers'), 403, 'forbidden');
    });
  });

  describe("Stripe's webhooks", () => {
    it('records a succeeded payment intent once, however often it is delivered', async () => {
      const order = await placed(shop.storefront, [{ sku: 'MUG-BLUE', quantity: 1 }]);
      const event = succeeded(`evt_${randomUUID()}`, order.id, 1_290);
      const first = body<WebhookReceipt>(await stripeDelivery(event), 200);
      expect(first).toMatchObject({ event_id: event.id, outcome: 'applied', duplicate: false });
      const again = body<WebhookReceipt>(await stripeDelivery(event), 200);
      expect(again).toEqual({ ...first, duplicate: true });
      const recorded = await payments(order.id);
      expect(recorded.data).toHaveLength(1);
      expect(recorded.data[0]).toMatchObject({ kind: 'capture', amount: 1_290, event_id: event.id });
      expect(recorded.summary.order_status).toBe('paid');
    });

    it('applies one of ten deliveries of an event racing each other', async () => {
      const order = await placed(shop.storefront, [{ sku: 'MUG-BLUE', quantity: 1 }]);
      const event = succeeded(`evt_${randomUUID()}`, order.id, 1_290);
      const receipts = await Promise.all(
        Array.from({ length: 10 }, async () => body<WebhookReceipt>(await stripeDelivery(event), 200)),
      );
      expect(receipts.filter((receipt) => !receipt.duplicate)).toHaveLength(1);
      expect(new Set(receipts.map((receipt) => receipt.payment_id)).size).toBe(1);
      expect((await payments(order.id)).data).toHaveLength(1);
    });

    it('refuses a bad signature, another secret, a tampered body or an old timestamp, and changes nothing', async () => {
      const order = await placed(shop.storefront, [{ sku: 'MUG-BLUE', quantity: 1 }]);
      const event = succeeded(`evt_${randomUUID()}`, order.id, 1_290);
      const payload = JSON.stringify(event);
      expectError(await stripeDelivery(event, { secret: 'whsec_another' }), 400, 'webhook_signature_invalid');
      const tampered = payload.replace('1290', '1');
      expectError(
        await deliver('stripe', tampered, { 'stripe-signature': stripeHeader(payload) }),
        400,
        'webhook_signature_invalid',
      );
      expectError(await deliver('stripe', payload, {}), 400, 'webhook_signature_invalid');
      const sixMinutesAgo = Math.floor(clock.now() / 1000) - 6 * 60;
      expectError(await stripeDelivery(event, { timestampS: sixMinutesAgo }), 400, 'webhook_timestamp_stale');
      expectError(
        await deliver('nope', payload, { 'stripe-signature': stripeHeader(payload) }),
        404,
        'not_found',
      );
      expect((await payments(order.id)).data).toHaveLength(0);
      // The refusals claimed nothing: the event, delivered properly at last, applies.
      expect(body<WebhookReceipt>(await stripeDelivery(event), 200).outcome).toBe('applied');
    });

    it('records failures, then the refunds of a charge from its running total', async () => {
      const order = await placed(shop.storefront, [{ sku: 'TEE-M', quantity: 1 }]);
      const intent = `pi_${randomUUID()}`;
      const failed = {
        id: `evt_${randomUUID()}`,
        type: 'payment_intent.payment_failed',
        data: {
          object: {
            id: intent,
            amount: 2_500,
            amount_received: 0,
            currency: 'eur',
            metadata: { order_id: order.id },
          },
        },
      };
      body(await stripeDelivery(failed), 200);
      body(await stripeDelivery({ ...failed, id: `evt_${randomUUID()}` }), 200);
      body(await stripeDelivery(succeeded(`evt_${randomUUID()}`, order.id, 2_500, intent)), 200);
      const refunded = (total: number) => ({
        id: `evt_${randomUUID()}`,
        type: 'charge.refunded',
        // The charge does not carry the order: it is found by the payment intent's capture.
        data: {
          object: {
            id: 'ch_1',
            amount_refunded: total,
            currency: 'eur',
            payment_intent: intent,
            metadata: {},
          },
        },
      });
      expect(body<WebhookReceipt>(await stripeDelivery(refunded(500)), 200).outcome).toBe('applied');
      expect(body<WebhookReceipt>(await stripeDelivery(refunded(1_200)), 200).outcome).toBe('applied');
      // An older state of the running total arriving late adds nothing.
      expect(body<WebhookReceipt>(await stripeDelivery(refunded(500)), 200)).toMatchObject({
        outcome: 'ignored',
        detail: 'these refunds are already recorded',
      });
      const { data, summary } = await payments(order.id);
      expect(data.map((payment) => [payment.kind, payment.amount])).toEqual([
        ['failure', 2_500],
        ['failure', 2_500],
        ['capture', 2_500],
        ['refund', 500],
        ['refund', 700],
      ]);
      expect(summary).toMatchObject({ failures: 2, captured: 2_500, refunded: 1_200, order_status: 'paid' });
    });

    it('acknowledges what it cannot apply, with why, so that Stripe stops retrying', async () => {
      const unknownOrder = body<WebhookReceipt>(
        await stripeDelivery(succeeded(`evt_${randomUUID()}`, 'ord_gone', 100)),
        200,
      );
      expect(unknownOrder).toMatchObject({ outcome: 'refused', detail: 'no order ord_gone' });
      const order = await placed(shop.storefront, [{ sku: 'MUG-BLUE', quantity: 1 }]);
      const tooMuch = body<WebhookReceipt>(
        await stripeDelivery(succeeded(`evt_${randomUUID()}`, order.id, 99_999)),
        200,
      );
      expect(tooMuch.outcome).toBe('refused');
      expect(tooMuch.detail).toMatch(/would take 99999 for an order of 1290/);
      const other = body<WebhookReceipt>(
        await stripeDelivery({ id: `evt_${randomUUID()}`, type: 'customer.created', data: { object: {} } }),
        200,
      );
      expect(other).toMatchObject({ outcome: 'ignored', type: 'customer.created' });
      expect((await payments(order.id)).data).toHaveLength(0);
    });
  });

  describe('Standard Webhooks', () => {
    it('records a provider event once, and refuses a bad signature or a stale one', async () => {
      const order = await placed(shop.storefront, [{ sku: 'MUG-BLUE', quantity: 1 }]);
      const event = {
        type: 'payment.captured',
        data: { order_id: order.id, amount: 1_290, currency: 'EUR', reference: `acme_${order.id}` },
      };
      const id = `msg_${randomUUID()}`;
      const stale = new Date(clock.now() - 10 * 60_000);
      expectError(await standardDelivery(id, event, stale), 400, 'webhook_timestamp_stale');
      const payload = JSON.stringify(event);
      expectError(
        await deliver('acme-pay', payload, {
          'webhook-id': id,
          'webhook-timestamp': String(Math.floor(clock.now() / 1000)),
          'webhook-signature': new Webhook(standardSecret).sign('msg_other', new Date(clock.now()), payload),
        }),
        400,
        'webhook_signature_invalid',
      );
      expect((await payments(order.id)).data).toHaveLength(0);
      expect(body<WebhookReceipt>(await standardDelivery(id, event), 200)).toMatchObject({
        outcome: 'applied',
      });
      expect(body<WebhookReceipt>(await standardDelivery(id, event), 200).duplicate).toBe(true);
      const { data, summary } = await payments(order.id);
      expect(data.map((payment) => [payment.psp, payment.kind, payment.amount])).toEqual([
        ['acme-pay', 'capture', 1_290],
      ]);
      expect(summary.order_status).toBe('paid');
    });

    it('refuses a payment in another currency than the order', async () => {
      const order = await placed(shop.storefront, [{ sku: 'MUG-BLUE', quantity: 1 }]);
      const receipt = body<WebhookReceipt>(
        await standardDelivery(`msg_${randomUUID()}`, {
          type: 'payment.captured',
          data: { order_id: order.id, amount: 1_290, currency: 'USD', reference: `usd_${order.id}` },
        }),
        200,
      );
      expect(receipt).toMatchObject({ outcome: 'refused', detail: 'The order is paid in EUR, not USD.' });
    });
  });

  describe('the payment timeout', () => {
    beforeAll(async () => {
      body(
        await shop.admin('PUT', '/v1/channels/marketplace', {
          name: 'Marketplace',
          currency: 'EUR',
          payment_timeout_minutes: 30,
        }),
        200,
      );
      // Their own SKUs, stocked at Paris (the one location shipping for the marketplace).
      await newSku(shop, 'PAY-TIMEOUT', { paris: 10 });
      await newSku(shop, 'PAY-RACE', { paris: 20 });
    });

    it('cancels an unpaid order once its channel’s timeout passes, and returns its stock once', async () => {
      const before = await stockByLocation(shop, 'PAY-TIMEOUT');
      const unpaid = await placed(shop.storefront, [{ sku: 'PAY-TIMEOUT', quantity: 2 }], {
        channel: 'marketplace',
      });
      const authorised = await placed(shop.storefront, [{ sku: 'PAY-TIMEOUT', quantity: 1 }], {
        channel: 'marketplace',
      });
      body(
        await pay(authorised.id, {
          kind: 'authorisation',
          amount: 1_100,
          psp_reference: `a_${authorised.id}`,
        }),
        201,
      );
      const onWeb = await placed(shop.storefront, [{ sku: 'PAY-TIMEOUT', quantity: 1 }]);
      clock.advance(29 * 60_000);
      expect(await cancelUnpaidOrders(shop.ctx)).toBe(0);
      clock.advance(60_000);
      expect(await cancelUnpaidOrders(shop.ctx)).toBe(1);
      expect(await cancelUnpaidOrders(shop.ctx)).toBe(0);
      expect((await orderOf(unpaid.id)).status).toBe('cancelled');
      // Money is held for the authorised order, and the web channel has no timeout: both wait.
      expect((await orderOf(authorised.id)).status).toBe('placed');
      expect((await orderOf(onWeb.id)).status).toBe('placed');
      // The cancelled order's 2 units are free again; the two waiting orders still hold theirs.
      expect(await stockByLocation(shop, 'PAY-TIMEOUT')).toEqual({
        paris: [before.paris![0], before.paris![1] + 2],
      });
      const cancelled = body<{ data: { type: string; payload: Record<string, unknown> }[] }>(
        await shop.admin('GET', `/v1/orders/${unpaid.id}/events`),
        200,
      ).data.at(-1);
      expect(cancelled).toMatchObject({
        type: 'order.cancelled',
        payload: { from: 'placed', to: 'cancelled', reason: 'payment_timeout', payment_timeout_minutes: 30 },
      });
    });

    it('releases stock exactly once while late captures race the timeout', async () => {
      const before = await stockByLocation(shop, 'PAY-RACE');
      const orders = await Promise.all(
        Array.from({ length: 8 }, () =>
          placed(shop.storefront, [{ sku: 'PAY-RACE', quantity: 1 }], { channel: 'marketplace' }),
        ),
      );
      clock.advance(31 * 60_000);
      const [cancelledCount, ...captures] = await Promise.all([
        cancelUnpaidOrders(shop.ctx),
        ...orders.map(async (order) =>
          body<WebhookReceipt>(await stripeDelivery(succeeded(`evt_${randomUUID()}`, order.id, 1_100)), 200),
        ),
      ]);
      expect(captures.every((receipt) => receipt.outcome === 'applied')).toBe(true);
      let paid = 0;
      for (const order of orders) {
        const { summary } = await payments(order.id);
        expect(summary.captured).toBe(1_100);
        if (summary.order_status === 'paid') {
          paid += 1;
          expect(summary.refund_due).toBe(0);
        } else {
          // Cancelled first: the capture is recorded, and the money is due back.
          expect(summary.order_status).toBe('cancelled');
          expect(summary.refund_due).toBe(1_100);
        }
      }
      expect(paid + cancelledCount).toBe(orders.length);
      // Each paid order still holds its unit; each cancelled one gave it back, once.
      const after = await stockByLocation(shop, 'PAY-RACE');
      const reserved = (rows: Record<string, [number, number]>) =>
        Object.values(rows).reduce((sum, [, r]) => sum + r, 0);
      expect(reserved(after) - reserved(before)).toBe(paid);
      expect(await cancelUnpaidOrders(shop.ctx)).toBe(0);
    });

    it('refuses a timeout that is not a whole number of minutes from 1 to a week', async () => {
      for (const payment_timeout_minutes of [0, 1.5, 7 * 24 * 60 + 1, '30']) {
        expectError(
          await shop.admin('PUT', '/v1/channels/marketplace', {
            name: 'Marketplace',
            currency: 'EUR',
            payment_timeout_minutes,
          }),
          400,
          'validation_failed',
        );
      }
      const channels = body<{ data: Channel[] }>(await shop.admin('GET', '/v1/channels'), 200).data;
      expect(channels.find((channel) => channel.code === 'marketplace')?.payment_timeout_minutes).toBe(30);
    });
  });

  describe('in the operations room', () => {
    it('shows the payment failure rate, and the default rule fires on it', async () => {
      // A window of its own: the attempts above are past it.
      clock.advance(20 * 60_000);
      const order = await placed(shop.storefront, [{ sku: 'MUG-BLUE', quantity: 1 }]);
      for (let attempt = 0; attempt < 20; attempt++) {
        const kind = attempt < 6 ? 'failure' : 'authorisation';
        body(
          await pay(order.id, { kind, amount: 1_290, psp_reference: `${kind}_${attempt}_${order.id}` }),
          201,
        );
      }
      const overview = body<Overview>(await shop.admin('GET', '/v1/ops/overview'), 200);
      expect(overview.payments).toEqual({ failure_rate: 0.3, failures: 6, attempts: 20, window_minutes: 15 });
      const rule = defaultAlertRules.find((candidate) => candidate.id === 'payment-failures-high')!;
      const inputs = await new OpsRoom(shop.ctx).alertInputs();
      expect(evaluateCondition(rule.condition, inputs)).toEqual({
        state: 'breached',
        value: 0.3,
        message: 'Payments failing: 30 % (6 of 20 payment attempts failed in 15 min)',
      });
      clock.advance(16 * 60_000);
      expect(evaluateCondition(rule.condition, await new OpsRoom(shop.ctx).alertInputs()).state).toBe(
        'clear',
      );
    });
  });
});
