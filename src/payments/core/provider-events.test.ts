import { describe, expect, it } from 'vitest';
import { readStandardEvent, readStripeEvent } from './provider-events.js';

const intent = (extra: Record<string, unknown> = {}) => ({
  id: 'pi_3Q',
  object: 'payment_intent',
  amount: 4_990,
  amount_received: 4_990,
  currency: 'eur',
  metadata: { order_id: 'ord_1' },
  ...extra,
});
const stripeEvent = (type: string, object: unknown) => ({ id: 'evt_1', type, data: { object } });

describe('Stripe events', () => {
  it('reads a succeeded payment intent as a capture of what it received, in upper-case currency', () => {
    expect(readStripeEvent(stripeEvent('payment_intent.succeeded', intent()))).toEqual({
      id: 'evt_1',
      type: 'payment_intent.succeeded',
      command: {
        action: 'record',
        kind: 'capture',
        amountMinor: 4_990,
        currency: 'EUR',
        pspReference: 'pi_3Q',
        order: { orderId: 'ord_1' },
      },
    });
  });

  it('gives each failure of an intent its own reference, as an intent may fail several times', () => {
    const failed = readStripeEvent(
      stripeEvent('payment_intent.payment_failed', intent({ amount_received: 0 })),
    );
    expect(failed?.command).toMatchObject({ action: 'record', kind: 'failure', pspReference: 'pi_3Q:evt_1' });
  });

  it('reads a refunded charge as its running total, linked by metadata or by its payment intent', () => {
    const charge = {
      id: 'ch_1',
      amount_refunded: 1_000,
      currency: 'eur',
      payment_intent: 'pi_3Q',
      metadata: {},
    };
    expect(readStripeEvent(stripeEvent('charge.refunded', charge))?.command).toEqual({
      action: 'refund_to_total',
      refundedTotalMinor: 1_000,
      currency: 'EUR',
      chargeReference: 'ch_1',
      order: { pspReference: 'pi_3Q' },
    });
  });

  it('ignores types it does not act on, and refuses intents it cannot tie to an order', () => {
    expect(readStripeEvent(stripeEvent('customer.created', {}))?.command.action).toBe('ignore');
    expect(
      readStripeEvent(stripeEvent('payment_intent.succeeded', intent({ metadata: {} })))?.command,
    ).toEqual({
      action: 'refuse',
      reason: 'the payment intent carries no metadata.order_id',
    });
    expect(
      readStripeEvent(stripeEvent('payment_intent.succeeded', intent({ amount_received: 1.5 })))?.command
        .action,
    ).toBe('refuse');
  });

  it('answers nothing for a body that is not an event', () => {
    expect(readStripeEvent({ id: 'evt_1', type: 'x' })).toBeUndefined();
    expect(readStripeEvent('evt')).toBeUndefined();
  });
});

describe('Standard Webhooks events', () => {
  const data = { order_id: 'ord_1', amount: 2_500, currency: 'EUR', reference: 'tx_9' };

  it('reads each payment type as its kind, under its reference', () => {
    for (const [type, kind] of [
      ['payment.authorised', 'authorisation'],
      ['payment.captured', 'capture'],
      ['payment.failed', 'failure'],
      ['payment.refunded', 'refund'],
    ] as const) {
      expect(readStandardEvent('msg_1', { type, data })?.command).toEqual({
        action: 'record',
        kind,
        amountMinor: 2_500,
        currency: 'EUR',
        pspReference: 'tx_9',
        order: { orderId: 'ord_1' },
      });
    }
  });

  it('refuses a payment without its order, a positive amount or a reference', () => {
    for (const bad of [
      { ...data, order_id: undefined },
      { ...data, amount: 0 },
      { ...data, amount: '25' },
      { ...data, reference: '' },
    ]) {
      expect(readStandardEvent('msg_1', { type: 'payment.captured', data: bad })?.command.action).toBe(
        'refuse',
      );
    }
    expect(readStandardEvent('msg_1', { type: 'subscription.renewed', data })?.command.action).toBe('ignore');
  });
});
