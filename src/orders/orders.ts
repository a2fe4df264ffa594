/** Orders as clients read them, and the order process: paid, fulfilling, shipped, delivered, cancelled. */

import { checkNotAwaitingStock, settleAllocations, stopWaitingForOrder } from '../inventory/index.js';
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
import type { Page } from '../platform/http/schemas.js';
import type { Repos } from '../platform/store/store.js';
import { releasePromoCodeUses } from '../pricing/index.js';
import type { Order, OrderEvent } from './contract.js';
import { checkTransition, isOrderStatus, type OrderStatus } from './core/order-process.js';
import type { OrderLineRow, OrderRow } from './order-repo.js';

export interface PlaceOrderInput {
  channel: string;
  external_id?: string;
  customer: { email: string; name?: string };
  shipping_address: {
    name: string;
    line1: string;
    line2?: string;
    city: string;
    postal_code: string;
    country: string;
  };
  lines: { sku: string; quantity: number }[];
  hold_id?: string;
  promo_codes?: string[];
}

/** @param shippingAddress the address when the caller has it still parsed, as the capture does */
/**
 * The order's VAT per rate, from its lines: each rate's tax was shared out over its lines exactly,
 * so their taxes add up to it, and their totals to its base (less the tax, where it was included).
 */
function taxesOf(order: Pick<OrderRow, 'total_minor'>, lines: readonly OrderLineRow[]): Order['taxes'] {
  let linesMinor = 0;
  const byRate = new Map<number, { totalMinor: number; taxMinor: number }>();
  for (const line of lines) {
    linesMinor += line.total_minor;
    const rate = byRate.get(line.tax_rate_bp) ?? { totalMinor: 0, taxMinor: 0 };
    rate.totalMinor += line.total_minor;
    rate.taxMinor += line.tax_minor;
    byRate.set(line.tax_rate_bp, rate);
  }
  // Where prices include tax the lines add up to the total; where they exclude it, the tax is on top.
  const taxIncluded = order.total_minor === linesMinor;
  // Orders taken before VAT was computed carry a rate of 0 and no tax: they show none.
  return [...byRate]
    .filter(([rateBp]) => rateBp > 0)
    .sort(([a], [b]) => b - a)
    .map(([rateBp, rate]) => ({
      rate_bp: rateBp,
      base: taxIncluded ? rate.totalMinor - rate.taxMinor : rate.totalMinor,
      tax: rate.taxMinor,
    }));
}

function promoCodesOf(promotions: string | null): Order['promo_codes'] {
  if (promotions === null) return [];
  return (JSON.parse(promotions) as { code: string; discount_minor: number }[]).map((applied) => ({
    code: applied.code,
    discount: applied.discount_minor,
  }));
}

export function orderView(
  order: Omit<OrderRow, 'short_units' | 'delivered_at'>,
  lines: readonly OrderLineRow[],
  shippingAddress: Order['shipping_address'] = JSON.parse(order.shipping_address),
): Order {
  return {
    id: order.id,
    number: order.number,
    status: order.status,
    channel: order.channel_code,
    external_id: order.external_id,
    customer: { email: order.customer_email, name: order.customer_name },
    shipping_address: shippingAddress,
    currency: order.currency,
    total: order.total_minor,
    tax_total: order.tax_total_minor,
    taxes: taxesOf(order, lines),
    lines: lines.map((line) => ({
      sku: line.sku,
      quantity: line.quantity,
      unit_price: line.unit_price_minor,
      total: line.total_minor,
      tax_rate_bp: line.tax_rate_bp,
      tax: line.tax_minor,
      sale_id: line.sale_id,
      discount: line.discount_minor,
      backordered: line.backordered,
      promised_on: line.promised_on,
    })),
    hold_id: order.hold_id,
    promo_codes: promoCodesOf(order.promotions),
    discount_total: lines.reduce((total, line) => total + line.discount_minor, 0),
    created_at: toIso(order.created_at),
    updated_at: toIso(order.updated_at),
  };
}

export function formatOrderNumber(sequence: number): string {
  return `AF${String(sequence).padStart(7, '0')}`;
}

async function readOrder(tx: Repos, id: string, caller: Caller): Promise<OrderRow | undefined> {
  const order = await tx.orders.getOrder(id);
  if (order === undefined || !canSee(caller, order.api_key_id)) return undefined;
  return order;
}

export async function getOrder(ctx: AppContext, id: string, caller: Caller): Promise<Result<Order>> {
  const order = await readOrder(ctx.store.read, id, caller);
  if (order === undefined) return notFound('order', id);
  const lines = await ctx.store.read.orders.linesOf([id]);
  return ok(orderView(order, lines.get(id) ?? []));
}

export async function listOrders(
  ctx: AppContext,
  query: {
    status?: string;
    channel?: string;
    created_after?: string;
    q?: string;
    order?: 'oldest' | 'newest';
    cursor?: string;
    limit: number;
  },
  caller: Caller,
): Promise<Page<Order>> {
  const found = await ctx.store.read.orders.listOrders({
    status: query.status,
    channel: query.channel,
    createdAfter: query.created_after === undefined ? undefined : Date.parse(query.created_after),
    apiKeyId: caller.isAdmin ? undefined : caller.apiKeyId,
    search: query.q,
    newestFirst: query.order === 'newest',
    cursor: query.cursor,
    limit: query.limit + 1,
  });
  const { rows, next_cursor } = pageOf(found, query.limit, (row) => row.id);
  const lines = await ctx.store.read.orders.linesOf(rows.map((row) => row.id));
  return { data: rows.map((row) => orderView(row, lines.get(row.id) ?? [])), next_cursor };
}

/**
 * Moves an order along the process inside the caller's transaction: cancelling returns its stock,
 * shipping takes it out, each exactly once. `cause` goes on the event (a payment, a timeout).
 */
export async function moveOrderInTransaction(
  tx: Repos,
  order: OrderRow,
  to: OrderStatus,
  now: number,
  cause?: Record<string, unknown>,
): Promise<Result<null>> {
  if (!isOrderStatus(order.status))
    throw new Error(`order ${order.id} has an unknown status ${order.status}`);
  const check = checkTransition(order.status, to);
  if (!check.ok) return check;
  if (to === 'fulfilling' || to === 'shipped') {
    const complete = await checkNotAwaitingStock(tx, order);
    if (!complete.ok) return complete;
  }
  // The conditional update locks the order row first, then the stock rows: the order every
  // transaction follows. It fails when another request moved the order meanwhile.
  if (!(await tx.orders.moveOrder(order.id, order.status, to, now))) {
    const current = (await tx.orders.getOrder(order.id))!;
    return fail('invalid_transition', `The order moved to ${current.status} meanwhile.`, {
      from: current.status,
      to,
    });
  }
  if (check.value.effect === 'release') await stopWaitingForOrder(tx, order);
  if (check.value.effect !== 'none') {
    const allocations = (await tx.stock.allocationsOf('order_allocations', [order.id])).get(order.id) ?? [];
    await settleAllocations(tx, allocations, check.value.effect);
    // After the stock rows, as the capture locks them: a cancelled order's promo codes get their uses back.
    if (check.value.effect === 'release') await releasePromoCodeUses(tx, order.id, now);
    if (check.value.effect === 'ship') {
      await tx.stock.addMovements(
        allocations.map((allocation) => ({
          sku: allocation.sku,
          locationCode: allocation.locationCode,
          kind: 'shipment',
          quantity: -allocation.quantity,
          reference: order.number,
          reason: null,
        })),
        now,
      );
    }
  }
  await tx.events.append(
    [
      {
        type: `order.${to}`,
        entityType: 'order',
        entityId: order.id,
        payload: { from: order.status, to, ...cause },
      },
    ],
    now,
  );
  return ok(null);
}

/** Moves an order along the process, in a transaction of its own. */
export async function transitionOrder(
  ctx: AppContext,
  id: string,
  to: OrderStatus,
  caller: Caller,
): Promise<Result<Order>> {
  const moved = await inTransaction(ctx, async (tx) => {
    const order = await readOrder(tx, id, caller);
    if (order === undefined) return notFound('order', id);
    return moveOrderInTransaction(tx, order, to, ctx.clock.now());
  });
  return moved.ok ? getOrder(ctx, id, caller) : moved;
}

export async function orderEvents(
  ctx: AppContext,
  id: string,
  caller: Caller,
): Promise<Result<OrderEvent[]>> {
  const order = await readOrder(ctx.store.read, id, caller);
  if (order === undefined) return notFound('order', id);
  const rows = await ctx.store.read.events.eventsOf('order', id);
  return ok(
    rows.map((row) => ({
      id: row.id,
      type: row.type,
      payload: JSON.parse(row.payload),
      created_at: toIso(row.created_at),
    })),
  );
}
