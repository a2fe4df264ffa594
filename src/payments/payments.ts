/**
 * Payments recorded against an order, from a client or a provider's webhook: each one once (by its
 * provider reference), in exact minor units; the captures reaching the total make the order `paid`.
 */

import { moveOrderInTransaction, type OrderRow } from '../orders/index.js';
import { type AppContext, type Caller, canSee, inTransaction, notFound, toIso } from '../platform/context.js';
import { fail, ok, type Result } from '../platform/core/errors.js';
import type { Repos } from '../platform/store/store.js';
import { shipIfAutomatic } from './auto-ship.js';
import type { OrderPayments, Payment, PaymentSummary, RecordedPayment } from './contract.js';
import { admitPayment, type PaymentKind, paymentTotals } from './core/payment-ledger.js';
import type { PaymentRow } from './payment-repo.js';

export interface PaymentInput {
  readonly kind: PaymentKind;
  readonly amount: number;
  readonly psp: string;
  readonly psp_reference: string;
}

/** A payment to record on a locked order: in the order's currency, from a client or an event. */
export interface PaymentFacts {
  readonly kind: PaymentKind;
  readonly amountMinor: number;
  readonly currency: string;
  readonly psp: string;
  readonly pspReference: string;
  readonly eventId: string | null;
}

export function paymentView(row: PaymentRow): Payment {
  return {
    id: row.id,
    order_id: row.order_id,
    kind: row.kind as PaymentKind,
    amount: row.amount_minor,
    currency: row.currency,
    psp: row.psp,
    psp_reference: row.psp_reference,
    event_id: row.event_id,
    created_at: toIso(row.created_at),
  };
}

function totalsOf(order: OrderRow, payments: readonly PaymentRow[]) {
  return paymentTotals(
    payments.map((row) => ({ kind: row.kind as PaymentKind, amountMinor: row.amount_minor })),
    order.total_minor,
    order.status === 'cancelled',
  );
}

function summaryOf(order: OrderRow, payments: readonly PaymentRow[]): PaymentSummary {
  const totals = totalsOf(order, payments);
  return {
    order_id: order.id,
    order_status: order.status,
    currency: order.currency,
    total: order.total_minor,
    authorised: totals.authorisedMinor,
    captured: totals.capturedMinor,
    refunded: totals.refundedMinor,
    failures: totals.failures,
    outstanding: totals.outstandingMinor,
    refund_due: totals.refundDueMinor,
  };
}

/**
 * Records one payment on `order`, locked by the caller's transaction. The same provider reference
 * and kind again is the same payment: answered as first recorded (`created: false`), or refused if
 * it now names another order or amount.
 */
export async function recordOnLockedOrder(
  tx: Repos,
  ctx: AppContext,
  order: OrderRow,
  facts: PaymentFacts,
): Promise<Result<{ payment: PaymentRow; created: boolean }>> {
  const existing = await tx.payments.findByReference(facts.psp, facts.pspReference, facts.kind);
  if (existing !== undefined) {
    if (existing.order_id === order.id && existing.amount_minor === facts.amountMinor)
      return ok({ payment: existing, created: false });
    return fail(
      'payment_reference_reused',
      `The ${facts.kind} ${facts.pspReference} of ${facts.psp} is already recorded, on another order or for another amount.`,
      { order_id: existing.order_id, amount: existing.amount_minor, payment_id: existing.id },
    );
  }
  if (facts.currency !== order.currency) {
    return fail('currency_mismatch', `The order is paid in ${order.currency}, not ${facts.currency}.`, {
      order_currency: order.currency,
      currency: facts.currency,
    });
  }
  const totals = totalsOf(order, await tx.payments.paymentsOf(order.id));
  const admitted = admitPayment({ kind: facts.kind, amountMinor: facts.amountMinor }, totals, {
    totalMinor: order.total_minor,
    status: order.status,
  });
  if (!admitted.ok) return admitted;
  const now = ctx.clock.now();
  const payment: PaymentRow = {
    id: ctx.newId('pay'),
    order_id: order.id,
    kind: facts.kind,
    amount_minor: facts.amountMinor,
    currency: order.currency,
    psp: facts.psp,
    psp_reference: facts.pspReference,
    event_id: facts.eventId,
    created_at: now,
  };
  await tx.payments.insertPayment(payment);
  await tx.events.append(
    [
      {
        type: 'payment.recorded',
        entityType: 'order',
        entityId: order.id,
        payload: { ...paymentView(payment), order_status: order.status },
      },
    ],
    now,
  );
  if (admitted.value.effect === 'paid') {
    const moved = await moveOrderInTransaction(tx, order, 'paid', now, { payment_id: payment.id });
    // The order is locked: nothing can have moved it since it was read.
    if (!moved.ok) throw new Error(`order ${order.id} could not become paid: ${moved.message}`);
  }
  return ok({ payment, created: true });
}

async function lockVisibleOrder(tx: Repos, id: string, caller: Caller): Promise<OrderRow | undefined> {
  const order = await tx.orders.lockOrder(id);
  return order === undefined || !canSee(caller, order.api_key_id) ? undefined : order;
}

/** `POST /v1/orders/{id}/payments`: the payment, with what the order's payments now add up to. */
export async function recordPayment(
  ctx: AppContext,
  orderId: string,
  input: PaymentInput,
  caller: Caller,
): Promise<Result<{ recorded: RecordedPayment; created: boolean }>> {
  const result = await inTransaction(ctx, async (tx) => {
    const order = await lockVisibleOrder(tx, orderId, caller);
    if (order === undefined) return notFound('order', orderId);
    const recorded = await recordOnLockedOrder(tx, ctx, order, {
      kind: input.kind,
      amountMinor: input.amount,
      currency: order.currency,
      psp: input.psp,
      pspReference: input.psp_reference,
      eventId: null,
    });
    if (!recorded.ok) return recorded;
    const after = (await tx.orders.getOrder(orderId))!;
    return ok({
      recorded: {
        ...paymentView(recorded.value.payment),
        order: summaryOf(after, await tx.payments.paymentsOf(orderId)),
      },
      created: recorded.value.created,
    });
  });
  // The answer is the payment as recorded: an order its channel ships by itself may be
  // `fulfilling` by the time it is read again.
  if (result.ok && result.value.created) await shipIfAutomatic(ctx, orderId);
  return result;
}

/** `GET /v1/orders/{id}/payments`: every payment of the order, oldest first, and their sums. */
export async function listPayments(
  ctx: AppContext,
  orderId: string,
  caller: Caller,
): Promise<Result<OrderPayments>> {
  const order = await ctx.store.read.orders.getOrder(orderId);
  if (order === undefined || !canSee(caller, order.api_key_id)) return notFound('order', orderId);
  const payments = await ctx.store.read.payments.paymentsOf(orderId);
  return ok({ data: payments.map(paymentView), summary: summaryOf(order, payments) });
}
