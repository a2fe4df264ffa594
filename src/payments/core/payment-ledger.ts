/**
 * The payment rules, pure: what an order's payments add up to, whether one more may be recorded,
 * and what it does to the order. Amounts are integer minor units of the order's currency.
 *
 * A capture or a refund is money that moved at the provider: it is recorded whenever the rules of
 * arithmetic allow, even on a cancelled order (the money must then go back: `refundDueMinor`).
 * What the rules refuse is what cannot have happened: capturing past the order's total, refunding
 * more than was captured, authorising more than the total.
 */

import { fail, ok, type Result } from '../../platform/core/errors.js';
import { assertAmountMinor } from '../../platform/core/money.js';

export const paymentKinds = ['authorisation', 'capture', 'failure', 'refund'] as const;
export type PaymentKind = (typeof paymentKinds)[number];

export function isPaymentKind(value: string): value is PaymentKind {
  return (paymentKinds as readonly string[]).includes(value);
}

export interface PaymentFact {
  readonly kind: PaymentKind;
  readonly amountMinor: number;
}

export interface PaymentTotals {
  readonly authorisedMinor: number;
  readonly capturedMinor: number;
  readonly refundedMinor: number;
  readonly failures: number;
  /** What the customer still owes: the total less what was captured (refunds do not reopen it). */
  readonly outstandingMinor: number;
  /** What must go back to the customer: all that was kept on a cancelled order, else any excess. */
  readonly refundDueMinor: number;
}

/** Sums an order's payments; `cancelled` says whether the order was cancelled. */
export function paymentTotals(
  payments: readonly PaymentFact[],
  orderTotalMinor: number,
  cancelled: boolean,
): PaymentTotals {
  let authorisedMinor = 0;
  let capturedMinor = 0;
  let refundedMinor = 0;
  let failures = 0;
  for (const payment of payments) {
    assertAmountMinor(payment.amountMinor);
    if (payment.kind === 'authorisation') authorisedMinor += payment.amountMinor;
    else if (payment.kind === 'capture') capturedMinor += payment.amountMinor;
    else if (payment.kind === 'refund') refundedMinor += payment.amountMinor;
    else failures += 1;
  }
  const keptMinor = capturedMinor - refundedMinor;
  if (keptMinor < 0)
    throw new Error(`payment invariant broken: refunded ${refundedMinor} of ${capturedMinor}`);
  return {
    authorisedMinor,
    capturedMinor,
    refundedMinor,
    failures,
    outstandingMinor: Math.max(0, orderTotalMinor - capturedMinor),
    refundDueMinor: cancelled ? keptMinor : Math.max(0, keptMinor - orderTotalMinor),
  };
}

/** What recording one more payment does to the order. */
export type PaymentEffect = 'none' | 'paid';

/**
 * Whether `payment` may be recorded on an order with these totals and status, and its effect: a
 * capture that brings the captures to the total makes a `placed` order `paid`.
 */
export function admitPayment(
  payment: PaymentFact,
  totals: PaymentTotals,
  order: { readonly totalMinor: number; readonly status: string },
): Result<{ effect: PaymentEffect }> {
  if (!(Number.isSafeInteger(payment.amountMinor) && payment.amountMinor > 0)) {
    throw new Error(`payment invariant broken: an amount of ${payment.amountMinor}`);
  }
  const amount = payment.amountMinor;
  switch (payment.kind) {
    case 'authorisation':
    case 'failure':
      if (amount > order.totalMinor) {
        return fail(
          'payment_exceeds_order',
          `A ${payment.kind} of ${amount} is more than the order's total.`,
          {
            amount,
            order_total: order.totalMinor,
          },
        );
      }
      return ok({ effect: 'none' });
    case 'capture': {
      const capturedMinor = totals.capturedMinor + amount;
      if (capturedMinor > order.totalMinor) {
        return fail(
          'payment_exceeds_order',
          `Capturing ${amount} would take ${capturedMinor} for an order of ${order.totalMinor}.`,
          { amount, captured: totals.capturedMinor, order_total: order.totalMinor },
        );
      }
      return ok({
        effect: capturedMinor === order.totalMinor && order.status === 'placed' ? 'paid' : 'none',
      });
    }
    case 'refund': {
      const refundableMinor = totals.capturedMinor - totals.refundedMinor;
      if (amount > refundableMinor) {
        return fail('refund_exceeds_captured', `Only ${refundableMinor} of this order can be refunded.`, {
          amount,
          captured: totals.capturedMinor,
          refunded: totals.refundedMinor,
        });
      }
      return ok({ effect: 'none' });
    }
  }
}
