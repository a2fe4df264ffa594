/**
 * A received return refunded: the units that came back give back their exact share of what their
 * lines were paid (see the core's refunds), the shipping as the channel's rule says, recorded as one
 * `refund` payment against the order through the payments part, under the order's lock. The payment's
 * reference is the return's id, so a retry, or a second process racing the first, refunds once; and
 * the payments' rule refuses a refund past what was captured. The same computation, recording
 * nothing, previews what refunding now would give back.
 */
import type { OrderRow } from '../orders/index.js';
import { recordOnLockedOrder } from '../payments/index.js';
import { type AppContext, type Caller, canSee, inTransaction, notFound } from '../platform/context.js';
import { fail, ok, type Result } from '../platform/core/errors.js';
import { sum } from '../platform/core/money.js';
import type { Repos } from '../platform/store/store.js';
import type { RefundPreview, Return } from './contract.js';
import {
  paidSkus,
  type RefundLine,
  refundLines,
  shippingRefundMinor,
  shippingRuleMet,
} from './core/refunds.js';
import { checkReturnMove, type ReturnReason } from './core/return-process.js';
import { policyOf } from './policies.js';
import { lockVisibleOrder, readReturnView, statusOf } from './returns.js';

export interface RefundInput {
  /** The provider the refund goes through; default: the one the order's last capture went through. */
  readonly psp?: string;
}

/**
 * Affluence's orders carry no shipping charge: what the customer paid is their lines (and VAT), so a
 * shipping refund is always nothing. The rule is still applied, and said, for the day one is charged.
 */
const shippingPaidMinor = 0;

/** What refunding a return gives back, and whether the channel's shipping rule was met. */
interface RefundComputed {
  readonly lines: readonly RefundLine[];
  readonly totalMinor: number;
  readonly taxMinor: number;
  readonly shippingMinor: number;
  readonly shippingRuleMet: boolean;
}

/**
 * The refund of return `id` of `order` as things stand in `repos`: its units received, after what
 * the order's refunded returns gave back, and the shipping as the channel's rule says. The one
 * computation of a refund: the refund records it, the preview only answers it.
 */
async function computeRefund(repos: Repos, order: OrderRow, id: string): Promise<RefundComputed> {
  const [returns, orderLines, policy] = await Promise.all([
    repos.returns.returnsOfOrder(order.id),
    repos.orders.linesOf([order.id]),
    policyOf(repos, order.channel_code),
  ]);
  const lines = await repos.returns.linesOf(returns.map((other) => other.id));
  const refundedBefore = new Map<string, number>();
  for (const other of returns.filter((candidate) => candidate.status === 'refunded')) {
    for (const line of lines.get(other.id) ?? [])
      refundedBefore.set(line.sku, (refundedBefore.get(line.sku) ?? 0) + line.refunded);
  }
  const paid = paidSkus(
    (orderLines.get(order.id) ?? []).map((line) => ({
      sku: line.sku,
      quantity: line.quantity,
      totalMinor: line.total_minor,
      taxMinor: line.tax_minor,
    })),
    order.total_minor,
  );
  const own = (lines.get(id) ?? []).filter((line) => line.received > 0);
  const refunds = refundLines(
    paid,
    refundedBefore,
    own.map((line) => ({ sku: line.sku, units: line.received })),
  );
  const deliveredUnits = sum([...paid.values()].map((line) => line.quantity));
  const receivedUnits = sum(
    returns.flatMap((other) =>
      other.status === 'cancelled' ? [] : (lines.get(other.id) ?? []).map((line) => line.received),
    ),
  );
  const shippingFacts = {
    shippingPaidMinor,
    shippingRefundedMinor: sum(returns.map((other) => other.refunded_shipping_minor)),
    wholeOrderBack: receivedUnits === deliveredUnits,
    reasons: own.map((line) => line.reason as ReturnReason),
  };
  const shippingMinor = shippingRefundMinor(policy.shippingRefund, shippingFacts);
  return {
    lines: refunds,
    totalMinor: sum(refunds.map((line) => line.amountMinor)) + shippingMinor,
    taxMinor: sum(refunds.map((line) => line.taxMinor)),
    shippingMinor,
    shippingRuleMet: shippingRuleMet(policy.shippingRefund, shippingFacts),
  };
}

/**
 * `GET /v1/returns/{id}/refund`: what refunding now would give back, recording nothing. Read
 * without the order's lock: a receipt or a refund landing meanwhile makes it stale, and the refund
 * itself, deciding under the lock, is what counts. A refunded return answers the refund made.
 */
export async function previewRefund(
  ctx: AppContext,
  id: string,
  caller: Caller,
): Promise<Result<RefundPreview>> {
  const read = ctx.store.read;
  const row = await read.returns.getReturn(id);
  const order = row === undefined ? undefined : await read.orders.getOrder(row.order_id);
  if (row === undefined || order === undefined || !canSee(caller, order.api_key_id))
    return notFound('return', id);
  if (row.status === 'refunded') {
    const lines = (await read.returns.linesOf([id])).get(id) ?? [];
    return ok({
      return_id: id,
      refunded: true,
      currency: row.currency,
      total: row.refunded_minor,
      tax: row.refunded_tax_minor,
      shipping: row.refunded_shipping_minor,
      lines: lines
        .filter((line) => line.refunded > 0)
        .map((line) => ({
          sku: line.sku,
          units: line.refunded,
          amount: line.refunded_minor,
          tax: line.refunded_tax_minor,
        })),
    });
  }
  const move = checkReturnMove(statusOf(row), 'refunded');
  if (!move.ok) return move;
  const refund = await computeRefund(read, order, id);
  return ok({
    return_id: id,
    refunded: false,
    currency: row.currency,
    total: refund.totalMinor,
    tax: refund.taxMinor,
    shipping: refund.shippingMinor,
    lines: refund.lines.map((line) => ({
      sku: line.sku,
      units: line.units,
      amount: line.amountMinor,
      tax: line.taxMinor,
    })),
  });
}

/**
 * `POST /v1/returns/{id}/refund`: refunds what came back of a received return. Asked again, it
 * answers the refund made (`created: false`) and changes nothing.
 */
export async function refundReturn(
  ctx: AppContext,
  id: string,
  input: RefundInput,
  caller: Caller,
): Promise<Result<{ view: Return; created: boolean }>> {
  const found = await ctx.store.read.returns.getReturn(id);
  if (found === undefined) return notFound('return', id);
  return inTransaction<{ view: Return; created: boolean }>(ctx, async (tx) => {
    const order = await lockVisibleOrder(tx, found.order_id, caller);
    if (order === undefined) return notFound('return', id);
    const row = (await tx.returns.lockReturn(id))!;
    if (row.status === 'refunded') return ok({ view: await readReturnView(tx, id), created: false });
    const move = checkReturnMove(statusOf(row), 'refunded');
    if (!move.ok) return move;

    const [refund, payments] = await Promise.all([
      computeRefund(tx, order, id),
      tx.payments.paymentsOf(order.id),
    ]);
    const { totalMinor, taxMinor, shippingMinor } = refund;

    let paymentId: string | null = null;
    if (totalMinor > 0) {
      const captures = payments.filter((payment) => payment.kind === 'capture');
      const psp = input.psp ?? captures[captures.length - 1]?.psp;
      if (psp === undefined) {
        return fail(
          'refund_exceeds_captured',
          'Nothing was captured on this order: there is nothing to refund.',
          {
            amount: totalMinor,
            captured: 0,
            refunded: 0,
          },
        );
      }
      const recorded = await recordOnLockedOrder(tx, ctx, order, {
        kind: 'refund',
        amountMinor: totalMinor,
        currency: order.currency,
        psp,
        pspReference: id,
        eventId: null,
      });
      if (!recorded.ok) return recorded;
      paymentId = recorded.value.payment.id;
    }

    const now = ctx.clock.now();
    for (const line of refund.lines) await tx.returns.refundLine(id, line);
    const moved = await tx.returns.moveReturn(id, row.status, 'refunded', now, {
      refunded_at: now,
      refunded_minor: totalMinor,
      refunded_tax_minor: taxMinor,
      refunded_shipping_minor: shippingMinor,
      payment_id: paymentId,
    });
    if (!moved) throw new Error(`return ${id} moved under its order's lock`);
    const view = await readReturnView(tx, id);
    await tx.events.append(
      [
        {
          type: 'return.refunded',
          entityType: 'return',
          entityId: id,
          payload: {
            ...view,
            shipping_rule_met: refund.shippingRuleMet,
            by: caller.apiKeyId,
          },
        },
      ],
      now,
    );
    return ok({ view, created: true });
  });
}
