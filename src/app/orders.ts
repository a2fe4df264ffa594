/**
 * Order capture and the order process. Capture is idempotent (one order per key and body, whatever
 * the retries) and all-or-nothing (every line reserved, or nothing changes).
 */
import { createHash } from 'node:crypto';
import stringify from 'safe-stable-stringify';
import { fail, ok, type Result } from '../core/errors.js';
import type { Allocation } from '../core/inventory.js';
import { checkTransition, isOrderStatus, type OrderStatus, priceLines } from '../core/orders.js';
import type { NewEvent } from '../store/event-repo.js';
import type { OrderLineRow, OrderRow } from '../store/order-repo.js';
import type { Repos } from '../store/store.js';
import { type AppContext, type Caller, canSee, inTransaction, notFound, pageOf, toIso } from './context.js';
import { checkChannelAndSkus, reserveLines, settleAllocations } from './reservations.js';

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
}

export interface OrderView {
  id: string;
  number: string;
  status: string;
  channel: string;
  external_id: string | null;
  customer: { email: string; name: string | null };
  shipping_address: PlaceOrderInput['shipping_address'];
  currency: string;
  total: number;
  lines: { sku: string; quantity: number; unit_price: number; total: number }[];
  hold_id: string | null;
  created_at: string;
  updated_at: string;
}

export function orderView(order: OrderRow, lines: readonly OrderLineRow[]): OrderView {
  return {
    id: order.id,
    number: order.number,
    status: order.status,
    channel: order.channel_code,
    external_id: order.external_id,
    customer: { email: order.customer_email, name: order.customer_name },
    shipping_address: JSON.parse(order.shipping_address),
    currency: order.currency,
    total: order.total_minor,
    lines: lines.map((line) => ({
      sku: line.sku,
      quantity: line.quantity,
      unit_price: line.unit_price_minor,
      total: line.total_minor,
    })),
    hold_id: order.hold_id,
    created_at: toIso(order.created_at),
    updated_at: toIso(order.updated_at),
  };
}

function requestHash(input: PlaceOrderInput): string {
  return createHash('sha256').update(stringify(input)).digest('hex');
}

export function formatOrderNumber(sequence: number): string {
  return `AF${String(sequence).padStart(7, '0')}`;
}

/** A hold named by an order: its stock passes to the order when it is still active. */
async function consumeHold(
  tx: Repos,
  holdId: string,
  channel: string,
  caller: Caller,
): Promise<Result<Allocation[]>> {
  const hold = await tx.orders.getHold(holdId);
  if (hold === undefined || hold.channel_code !== channel || !canSee(caller, hold.api_key_id)) {
    return fail('unknown_hold', `No hold ${holdId} on channel ${channel}.`, { hold_id: holdId });
  }
  // A hold no longer active (expired, released, already used) guarantees nothing: the order then
  // takes free stock like any other.
  if (!(await tx.orders.endHold(holdId, 'consumed'))) return ok([]);
  return ok((await tx.stock.allocationsOf('hold_allocations', [holdId])).get(holdId) ?? []);
}

export type PlaceOrderOutcome = { order: OrderView; replayed: boolean };

async function placeOnce(
  ctx: AppContext,
  input: PlaceOrderInput,
  idempotencyKey: string,
  caller: Caller,
): Promise<Result<PlaceOrderOutcome>> {
  const hash = requestHash(input);
  return inTransaction<PlaceOrderOutcome>(ctx, async (tx) => {
    const previous = await tx.orders.getIdempotencyKey(caller.apiKeyId, idempotencyKey);
    if (previous !== undefined) {
      if (previous.request_hash !== hash) {
        return fail('idempotency_key_reused', 'This Idempotency-Key was used with another request body.', {
          idempotency_key: idempotencyKey,
        });
      }
      return ok({ order: JSON.parse(previous.response) as OrderView, replayed: true });
    }
    const checked = await checkChannelAndSkus(tx, input.channel, input.lines);
    if (!checked.ok) return checked;
    const prices = await tx.catalog.pricesOnChannel(input.channel, [
      ...new Set(input.lines.map((line) => line.sku)),
    ]);
    const priced = priceLines(input.lines, prices);
    if (!priced.ok) return priced;

    let held: Allocation[] = [];
    if (input.hold_id !== undefined) {
      const consumed = await consumeHold(tx, input.hold_id, input.channel, caller);
      if (!consumed.ok) return consumed;
      held = consumed.value;
    }
    const reserved = await reserveLines(tx, input.channel, input.lines, held);
    if (!reserved.ok) return reserved;

    const now = ctx.clock.now();
    const id = ctx.newId('ord');
    const number = formatOrderNumber(await tx.events.advanceCounter('order_number', 1));
    const order: OrderRow = {
      id,
      number,
      channel_code: input.channel,
      external_id: input.external_id ?? null,
      status: 'placed',
      currency: checked.value.currency,
      total_minor: priced.value.totalMinor,
      customer_email: input.customer.email,
      customer_name: input.customer.name ?? null,
      shipping_address: JSON.stringify(input.shipping_address),
      api_key_id: caller.apiKeyId,
      hold_id: input.hold_id ?? null,
      created_at: now,
      updated_at: now,
    };
    const lines: OrderLineRow[] = priced.value.lines.map((line, index) => ({
      order_id: id,
      line_no: index + 1,
      sku: line.sku,
      quantity: line.quantity,
      unit_price_minor: line.unitPriceMinor,
      total_minor: line.totalMinor,
    }));
    await tx.orders.insertOrder(order, lines);
    await tx.stock.insertAllocations('order_allocations', id, reserved.value);
    const view = orderView(order, lines);
    await tx.orders.insertIdempotencyKey({
      scope: caller.apiKeyId,
      key: idempotencyKey,
      request_hash: hash,
      order_id: id,
      response: JSON.stringify(view),
      created_at: now,
    });
    const events: NewEvent[] = [{ type: 'order.placed', entityType: 'order', entityId: id, payload: view }];
    if (held.length > 0) {
      events.unshift({
        type: 'hold.consumed',
        entityType: 'hold',
        entityId: input.hold_id!,
        payload: { order_id: id },
      });
    }
    await tx.events.append(events, now);
    return ok({ order: view, replayed: false });
  });
}

/**
 * Places an order once per (API key, Idempotency-Key). Two identical requests racing on
 * PostgreSQL meet at the key's unique index: the loser's transaction is rolled back whole and it
 * answers with the winner's order.
 */
export async function placeOrder(
  ctx: AppContext,
  input: PlaceOrderInput,
  idempotencyKey: string,
  caller: Caller,
): Promise<Result<PlaceOrderOutcome>> {
  try {
    return await placeOnce(ctx, input, idempotencyKey, caller);
  } catch (error) {
    if (!ctx.store.engine.isUniqueViolation(error)) throw error;
    return placeOnce(ctx, input, idempotencyKey, caller);
  }
}

async function readOrder(tx: Repos, id: string, caller: Caller): Promise<OrderRow | undefined> {
  const order = await tx.orders.getOrder(id);
  if (order === undefined || !canSee(caller, order.api_key_id)) return undefined;
  return order;
}

export async function getOrder(ctx: AppContext, id: string, caller: Caller): Promise<Result<OrderView>> {
  const order = await readOrder(ctx.store.read, id, caller);
  if (order === undefined) return notFound('order', id);
  const lines = await ctx.store.read.orders.linesOf([id]);
  return ok(orderView(order, lines.get(id) ?? []));
}

export async function listOrders(
  ctx: AppContext,
  query: { status?: string; channel?: string; created_after?: string; cursor?: string; limit: number },
  caller: Caller,
): Promise<{ data: OrderView[]; next_cursor: string | null }> {
  const found = await ctx.store.read.orders.listOrders({
    status: query.status,
    channel: query.channel,
    createdAfter: query.created_after === undefined ? undefined : Date.parse(query.created_after),
    apiKeyId: caller.isAdmin ? undefined : caller.apiKeyId,
    cursor: query.cursor,
    limit: query.limit + 1,
  });
  const { rows, next_cursor } = pageOf(found, query.limit, (row) => row.id);
  const lines = await ctx.store.read.orders.linesOf(rows.map((row) => row.id));
  return { data: rows.map((row) => orderView(row, lines.get(row.id) ?? [])), next_cursor };
}

/** Moves an order along the process; cancelling returns its stock, shipping takes it out, each exactly once. */
export async function transitionOrder(
  ctx: AppContext,
  id: string,
  to: OrderStatus,
  caller: Caller,
): Promise<Result<OrderView>> {
  const moved = await inTransaction(ctx, async (tx) => {
    const order = await readOrder(tx, id, caller);
    if (order === undefined) return notFound('order', id);
    if (!isOrderStatus(order.status)) throw new Error(`order ${id} has an unknown status ${order.status}`);
    const check = checkTransition(order.status, to);
    if (!check.ok) return check;
    const now = ctx.clock.now();
    // The conditional update locks the order row first, then the stock rows: the order every
    // transaction follows. It fails when another request moved the order meanwhile.
    if (!(await tx.orders.moveOrder(id, order.status, to, now))) {
      const current = (await tx.orders.getOrder(id))!;
      return fail('invalid_transition', `The order moved to ${current.status} meanwhile.`, {
        from: current.status,
        to,
      });
    }
    if (check.value.effect !== 'none') {
      const allocations = (await tx.stock.allocationsOf('order_allocations', [id])).get(id) ?? [];
      await settleAllocations(tx, allocations, check.value.effect);
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
      [{ type: `order.${to}`, entityType: 'order', entityId: id, payload: { from: order.status, to } }],
      now,
    );
    return ok(null);
  });
  return moved.ok ? getOrder(ctx, id, caller) : moved;
}

export async function orderEvents(ctx: AppContext, id: string, caller: Caller) {
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
