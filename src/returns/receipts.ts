/**
 * A return's parcel received and inspected, unit by unit: resellable units go back on hand at the
 * location chosen, damaged ones are written off with their reason. The ledger tells both: a `return`
 * movement in for every unit that came back, then a `write_off` movement out for the damaged ones,
 * so on hand grows by the resellable units only and still equals the ledger's sum. Resellable units
 * serve the order lines waiting for the SKU first, as any stock arriving does. The stock rows, the
 * return, the order's status and the events change in one transaction, under the order's lock.
 */
import { type MovementInput, openArrival, settleArrival } from '../inventory/index.js';
import { moveOrderInTransaction } from '../orders/index.js';
import { type AppContext, type Caller, inTransaction, notFound } from '../platform/context.js';
import { fail, ok, type Result } from '../platform/core/errors.js';
import { sum } from '../platform/core/money.js';
import type { NewEvent } from '../platform/outbox/event-repo.js';
import { shopDate } from '../platform/shop-date.js';
import type { Return } from './contract.js';
import { checkReceipt, orderStatusAfterReceipts } from './core/return-process.js';
import { lockVisibleOrder, readReturnView, statusOf } from './returns.js';

export interface ReceiptInput {
  readonly location: string;
  readonly lines: readonly {
    readonly sku: string;
    readonly resellable: number;
    readonly damaged: number;
    readonly damage_reason?: string;
  }[];
}

/** `POST /v1/returns/{id}/receipts`: what came back of a return, inspected, restocked or written off. */
export async function receiveReturn(
  ctx: AppContext,
  id: string,
  input: ReceiptInput,
  caller: Caller,
): Promise<Result<Return>> {
  const found = await ctx.store.read.returns.getReturn(id);
  if (found === undefined) return notFound('return', id);
  const lines = input.lines.map((line) => ({
    sku: line.sku,
    resellable: line.resellable,
    damaged: line.damaged,
    damageReason: line.damaged > 0 ? line.damage_reason?.trim() : undefined,
  }));
  return inTransaction(ctx, async (tx) => {
    // The order first, as every change of an order's returns and stock takes its locks.
    const order = await lockVisibleOrder(tx, found.order_id, caller);
    if (order === undefined) return notFound('return', id);
    const row = (await tx.returns.lockReturn(id))!;
    if ((await tx.catalog.getLocation(input.location)) === undefined) {
      return fail('unknown_location', `No location ${input.location}.`, { locations: [input.location] });
    }
    const current = (await tx.returns.linesOf([id])).get(id) ?? [];
    const checked = checkReceipt(statusOf(row), current, lines);
    if (!checked.ok) return checked;
    const reasons = new Map(current.map((line) => [line.sku, line.reason]));

    const now = ctx.clock.now();
    // Resellable units are stock arriving: they serve the orders waiting for them first.
    const arrival = await openArrival(
      tx,
      lines.map((line) => line.sku),
      input.location,
      shopDate(now),
    );
    const book = arrival.book;
    const movements: MovementInput[] = [];
    for (const line of lines) {
      const units = line.resellable + line.damaged;
      const received = book.receive(line.sku, input.location, units);
      if (!received.ok) return received;
      movements.push({
        sku: line.sku,
        locationCode: input.location,
        kind: 'return',
        quantity: units,
        reference: id,
        reason: reasons.get(line.sku) ?? null,
      });
      if (line.damaged > 0) {
        // Taking back units just received leaves on hand where it was: it cannot be refused.
        const scrapped = book.adjust(line.sku, input.location, -line.damaged);
        if (!scrapped.ok)
          throw new Error(`writing off ${line.sku} at ${input.location}: ${scrapped.message}`);
        movements.push({
          sku: line.sku,
          locationCode: input.location,
          kind: 'write_off',
          quantity: -line.damaged,
          reference: id,
          reason: line.damageReason ?? null,
        });
      }
    }
    const settled = await settleArrival(tx, arrival, now, { return_id: id });
    await tx.stock.addMovements(movements, now);
    for (const line of lines) {
      const added = await tx.returns.receiveLine(id, { ...line, damageReason: line.damageReason ?? null });
      if (!added)
        throw new Error(`return ${id} received more ${line.sku} than authorised under its order's lock`);
    }
    const firstReceipt = row.status === 'authorised';
    const moved = await tx.returns.moveReturn(
      id,
      row.status,
      'received',
      now,
      firstReceipt ? { received_at: now } : {},
    );
    if (!moved) throw new Error(`return ${id} moved under its order's lock`);

    // The order follows the units back: partially returned with its first ones, returned with all.
    const returns = await tx.returns.returnsOfOrder(order.id);
    const allLines = await tx.returns.linesOf(returns.map((other) => other.id));
    const receivedUnits = sum(
      returns.flatMap((other) => (allLines.get(other.id) ?? []).map((line) => line.received)),
    );
    const deliveredUnits = sum(
      ((await tx.orders.linesOf([order.id])).get(order.id) ?? []).map((line) => line.quantity),
    );
    const orderStatus = orderStatusAfterReceipts(deliveredUnits, receivedUnits);
    if (orderStatus !== null && orderStatus !== order.status) {
      const orderMoved = await moveOrderInTransaction(tx, order, orderStatus, now, { return_id: id });
      // The order is locked, and a return is authorised only on a delivered order.
      if (!orderMoved.ok)
        throw new Error(`order ${order.id} could not become ${orderStatus}: ${orderMoved.message}`);
    }

    const view = await readReturnView(tx, id);
    const events: NewEvent[] = [
      {
        type: 'return.received',
        entityType: 'return',
        entityId: id,
        payload: {
          ...view,
          receipt: { location: input.location, lines: input.lines },
          order_status: orderStatus ?? order.status,
          by: caller.apiKeyId,
        },
      },
      // Resellable units are free stock again: the SKUs' own events tell the availability feeds.
      ...lines
        .filter((line) => line.resellable > 0)
        .map((line) => ({
          type: 'stock.returned',
          entityType: 'sku',
          entityId: line.sku,
          payload: { sku: line.sku, location: input.location, quantity: line.resellable, return_id: id },
        })),
    ];
    await tx.events.append([...events, ...settled.events], now);
    return ok(view);
  });
}
