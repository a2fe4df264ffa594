/**
 * Return authorisations: a customer (through the storefront) or the shop's team asks to send back
 * units of a delivered order, within the channel's window, each line with a reason from the list;
 * the order's returns and what may still be returned; a return cancelled before anything came back.
 * Every change is made with the order's row locked, so two returns of one order are decided one
 * after the other and never authorise the same unit twice.
 */
import type { OrderRow } from '../orders/index.js';
import {
  type AppContext,
  type Caller,
  canSee,
  inTransaction,
  notFound,
  pageOf,
  toIso,
} from '../platform/context.js';
import { fail, ok, type Result } from '../platform/core/errors.js';
import { limits } from '../platform/core/limits.js';
import type { Page } from '../platform/http/schemas.js';
import { shopDate } from '../platform/shop-date.js';
import type { Repos } from '../platform/store/store.js';
import type { OrderReturns, Return } from './contract.js';
import {
  type AuthorisationLine,
  checkAuthorisation,
  checkReturnMove,
  type HeldLine,
  initialReturnStatus,
  isReturnStatus,
  type ReturnReason,
  type ReturnStatus,
  returnableOrderStatuses,
  returnableUnits,
} from './core/return-process.js';
import { policyOf, windowClosesAt } from './policies.js';
import type { ReturnLineRow, ReturnRow } from './return-repo.js';

const dayMs = 24 * 60 * 60 * 1000;

export function statusOf(row: ReturnRow): ReturnStatus {
  if (!isReturnStatus(row.status)) throw new Error(`return ${row.id} has an unknown status ${row.status}`);
  return row.status;
}

export function returnView(row: ReturnRow, lines: readonly ReturnLineRow[]): Return {
  return {
    id: row.id,
    order_id: row.order_id,
    order_number: row.order_number,
    channel: row.channel_code,
    status: statusOf(row),
    location: row.location_code,
    send_back_by: shopDate(row.send_back_by),
    currency: row.currency,
    lines: lines.map((line) => ({
      sku: line.sku,
      quantity: line.quantity,
      reason: line.reason as ReturnReason,
      note: line.note,
      received: line.received,
      resellable: line.resellable,
      damaged: line.damaged,
      damage_reason: line.damage_reason,
      refunded: line.refunded,
      refund: line.refunded_minor,
      refund_tax: line.refunded_tax_minor,
    })),
    refund: {
      total: row.refunded_minor,
      tax: row.refunded_tax_minor,
      shipping: row.refunded_shipping_minor,
      payment_id: row.payment_id,
    },
    created_at: toIso(row.created_at),
    updated_at: toIso(row.updated_at),
    received_at: row.received_at === null ? null : toIso(row.received_at),
    refunded_at: row.refunded_at === null ? null : toIso(row.refunded_at),
  };
}

/** The return as it now stands in `tx`. */
export async function readReturnView(tx: Repos, id: string): Promise<Return> {
  const row = await tx.returns.getReturn(id);
  if (row === undefined) throw new Error(`return ${id} vanished inside its transaction`);
  return returnView(row, (await tx.returns.linesOf([id])).get(id) ?? []);
}

/** The lines of an order's returns as the core weighs them. */
export async function heldLinesOf(tx: Repos, returns: readonly ReturnRow[]): Promise<HeldLine[]> {
  const lines = await tx.returns.linesOf(returns.map((row) => row.id));
  return returns.flatMap((row) =>
    (lines.get(row.id) ?? []).map((line) => ({
      status: statusOf(row),
      sku: line.sku,
      quantity: line.quantity,
      received: line.received,
    })),
  );
}

/** The order with its lock held, if the caller may see it. */
export async function lockVisibleOrder(tx: Repos, id: string, caller: Caller): Promise<OrderRow | undefined> {
  const order = await tx.orders.lockOrder(id);
  return order === undefined || !canSee(caller, order.api_key_id) ? undefined : order;
}

export interface AuthoriseInput {
  readonly lines: readonly AuthorisationLine[];
  /** Where the parcel goes back to; default: the channel's return location. */
  readonly location?: string;
}

function sameRequest(row: ReturnRow, lines: readonly ReturnLineRow[], input: AuthoriseInput): boolean {
  if ((input.location ?? null) !== null && input.location !== row.location_code) return false;
  if (lines.length !== input.lines.length) return false;
  return input.lines.every((asked) =>
    lines.some(
      (line) =>
        line.sku === asked.sku &&
        line.quantity === asked.quantity &&
        line.reason === asked.reason &&
        line.note === (asked.note ?? null),
    ),
  );
}

/**
 * `POST /v1/orders/{id}/returns`: authorises a return of some units of a delivered order. With an
 * `Idempotency-Key`, the same key for the same order answers the return it made (`created: false`).
 */
export async function authoriseReturn(
  ctx: AppContext,
  orderId: string,
  input: AuthoriseInput,
  caller: Caller,
  idempotencyKey?: string,
): Promise<Result<{ view: Return; created: boolean }>> {
  return inTransaction<{ view: Return; created: boolean }>(ctx, async (tx) => {
    const order = await lockVisibleOrder(tx, orderId, caller);
    if (order === undefined) return notFound('order', orderId);
    if (idempotencyKey !== undefined) {
      const earlier = await tx.returns.returnByKey(order.id, idempotencyKey);
      if (earlier !== undefined) {
        const lines = (await tx.returns.linesOf([earlier.id])).get(earlier.id) ?? [];
        if (!sameRequest(earlier, lines, input)) {
          return fail(
            'idempotency_key_reused',
            'This Idempotency-Key authorised another return of this order.',
            {
              return_id: earlier.id,
            },
          );
        }
        return ok({ view: returnView(earlier, lines), created: false });
      }
    }
    const policy = await policyOf(tx, order.channel_code);
    const location = input.location ?? policy.locationCode;
    if (input.location !== undefined && (await tx.catalog.getLocation(input.location)) === undefined) {
      return fail('unknown_location', `No location ${input.location}.`, { locations: [input.location] });
    }
    const now = ctx.clock.now();
    const returns = await tx.returns.returnsOfOrder(order.id);
    const orderLines = (await tx.orders.linesOf([order.id])).get(order.id) ?? [];
    const deliveredAtMs = order.delivered_at;
    const checked = checkAuthorisation(input.lines, {
      orderStatus: order.status,
      deliveredAtMs,
      windowClosesAtMs: deliveredAtMs === null ? null : windowClosesAt(deliveredAtMs, policy.windowDays),
      nowMs: now,
      returnable: returnableUnits(orderLines, await heldLinesOf(tx, returns)),
      returnsOfOrder: returns.length,
    });
    if (!checked.ok) return checked;
    const row: ReturnRow = {
      id: ctx.newId('ret'),
      order_id: order.id,
      order_number: order.number,
      channel_code: order.channel_code,
      currency: order.currency,
      status: initialReturnStatus,
      location_code: location,
      send_back_by: now + limits.returnSendBackDays * dayMs,
      idempotency_key: idempotencyKey ?? null,
      refunded_minor: 0,
      refunded_tax_minor: 0,
      refunded_shipping_minor: 0,
      payment_id: null,
      created_at: now,
      updated_at: now,
      received_at: null,
      refunded_at: null,
    };
    const lines: ReturnLineRow[] = input.lines.map((line) => ({
      return_id: row.id,
      sku: line.sku,
      quantity: line.quantity,
      reason: line.reason,
      note: line.note ?? null,
      received: 0,
      resellable: 0,
      damaged: 0,
      damage_reason: null,
      refunded: 0,
      refunded_minor: 0,
      refunded_tax_minor: 0,
    }));
    await tx.returns.insertReturn(row, lines);
    const view = returnView(row, lines);
    await tx.events.append(
      [
        {
          type: 'return.authorised',
          entityType: 'return',
          entityId: row.id,
          payload: { ...view, by: caller.apiKeyId },
        },
      ],
      now,
    );
    return ok({ view, created: true });
  });
}

async function visibleReturn(tx: Repos, id: string, caller: Caller): Promise<ReturnRow | undefined> {
  const row = await tx.returns.getReturn(id);
  if (row === undefined) return undefined;
  if (caller.isAdmin) return row;
  const order = await tx.orders.getOrder(row.order_id);
  return order !== undefined && canSee(caller, order.api_key_id) ? row : undefined;
}

/** `GET /v1/returns/{id}`; a storefront key reads the returns of the orders it placed. */
export async function getReturn(ctx: AppContext, id: string, caller: Caller): Promise<Result<Return>> {
  const row = await visibleReturn(ctx.store.read, id, caller);
  if (row === undefined) return notFound('return', id);
  return ok(returnView(row, (await ctx.store.read.returns.linesOf([id])).get(id) ?? []));
}

/** `GET /v1/returns`: newest first, of one status or all. */
export async function listReturns(
  ctx: AppContext,
  query: { status?: ReturnStatus; cursor?: string; limit: number },
): Promise<Page<Return>> {
  const found = await ctx.store.read.returns.listReturns({ ...query, limit: query.limit + 1 });
  const { rows, next_cursor } = pageOf(found, query.limit, (row) => row.id);
  const lines = await ctx.store.read.returns.linesOf(rows.map((row) => row.id));
  return { data: rows.map((row) => returnView(row, lines.get(row.id) ?? [])), next_cursor };
}

/** `GET /v1/orders/{id}/returns`: the order's window, what may still be returned, and its returns. */
export async function orderReturns(
  ctx: AppContext,
  orderId: string,
  caller: Caller,
): Promise<Result<OrderReturns>> {
  const read = ctx.store.read;
  const order = await read.orders.getOrder(orderId);
  if (order === undefined || !canSee(caller, order.api_key_id)) return notFound('order', orderId);
  const [policy, returns, orderLines] = await Promise.all([
    policyOf(read, order.channel_code),
    read.returns.returnsOfOrder(orderId),
    read.orders.linesOf([orderId]),
  ]);
  const lines = await read.returns.linesOf(returns.map((row) => row.id));
  const deliveredAtMs = order.delivered_at;
  const closesAtMs = deliveredAtMs === null ? null : windowClosesAt(deliveredAtMs, policy.windowDays);
  const returnable = returnableUnits(orderLines.get(orderId) ?? [], await heldLinesOf(read, returns));
  return ok({
    order_id: order.id,
    order_status: order.status,
    delivered_at: deliveredAtMs === null ? null : toIso(deliveredAtMs),
    window_closes_at: closesAtMs === null ? null : toIso(closesAtMs),
    window_open:
      (returnableOrderStatuses as readonly string[]).includes(order.status) &&
      closesAtMs !== null &&
      ctx.clock.now() < closesAtMs,
    lines: [...returnable.values()].map((line) => ({
      sku: line.sku,
      delivered: line.delivered,
      held: line.held,
      returnable: line.returnable,
    })),
    returns: returns.map((row) => returnView(row, lines.get(row.id) ?? [])),
  });
}

/** `POST /v1/returns/{id}/cancel`: a return nothing of which came back; its units may be returned again. */
export async function cancelReturn(ctx: AppContext, id: string, caller: Caller): Promise<Result<Return>> {
  const found = await visibleReturn(ctx.store.read, id, caller);
  if (found === undefined) return notFound('return', id);
  return inTransaction(ctx, async (tx) => {
    await tx.orders.lockOrder(found.order_id);
    const row = (await tx.returns.lockReturn(id))!;
    const move = checkReturnMove(statusOf(row), 'cancelled');
    if (!move.ok) return move;
    const now = ctx.clock.now();
    if (!(await tx.returns.moveReturn(id, row.status, 'cancelled', now)))
      throw new Error(`return ${id} moved under its order's lock`);
    const view = await readReturnView(tx, id);
    await tx.events.append(
      [
        {
          type: 'return.cancelled',
          entityType: 'return',
          entityId: id,
          payload: { ...view, by: caller.apiKeyId },
        },
      ],
      now,
    );
    return ok(view);
  });
}
