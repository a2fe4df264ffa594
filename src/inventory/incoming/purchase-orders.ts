/**
 * Purchase orders: stock on its way from a supplier to a location, and its receipts. A receipt puts
 * the units on hand (a ledger movement referencing the purchase order) and, in the same transaction,
 * reserves them for the order lines waiting for them, first come first served. A new purchase
 * order, a receipt that closes one short, or a new expected date dates the waiting lines again.
 */

import type { Actor } from '../../platform/audit/audit.js';
import { type AppContext, inTransaction, notFound, pageOf, toIso } from '../../platform/context.js';
import { fail, ok, type Result } from '../../platform/core/errors.js';
import type { Page } from '../../platform/http/schemas.js';
import { shopDate } from '../../platform/shop-date.js';
import type { Repos } from '../../platform/store/store.js';
import { restockAllowed } from '../stock.js';
import { openArrival, settleArrival } from './arrivals.js';
import { replanWaiting } from './backorders.js';
import type { PurchaseOrder, Receipt, ReceiptAnswer } from './contract.js';
import type { PurchaseOrderLineRow, PurchaseOrderRow, ReceiptRow } from './incoming-repo.js';

export interface PurchaseOrderInput {
  readonly supplier: string;
  readonly reference?: string;
  readonly location: string;
  readonly expected_on: string;
  readonly lines: readonly { readonly sku: string; readonly quantity: number }[];
}

export interface ReceiptInput {
  readonly delivery_note?: string;
  readonly lines: readonly { readonly sku: string; readonly quantity: number }[];
  /** Nothing more will come: what is still missing is no longer incoming. */
  readonly close?: boolean;
  /** Restocks a SKU during its soldes anyway, for this reason (audited). */
  readonly override?: { readonly reason: string };
}

function receiptView(row: ReceiptRow): Receipt {
  return {
    id: row.id,
    delivery_note: row.delivery_note,
    lines: JSON.parse(row.lines),
    served: JSON.parse(row.allocated),
    closes: row.closes === 1,
    created_at: toIso(row.created_at),
  };
}

async function purchaseOrderView(
  tx: Repos,
  row: PurchaseOrderRow,
  lines: readonly PurchaseOrderLineRow[],
  today: string,
): Promise<PurchaseOrder> {
  const receipts = await tx.incoming.receiptsOf(row.id);
  const open = row.status === 'open';
  const shown = lines.map((line) => ({
    sku: line.sku,
    ordered: line.ordered,
    received: line.received,
    remaining: open ? Math.max(0, line.ordered - line.received) : 0,
  }));
  return {
    id: row.id,
    supplier: row.supplier,
    reference: row.reference,
    location: row.location_code,
    expected_on: row.expected_on,
    status: row.status as PurchaseOrder['status'],
    late: open && row.expected_on < today && shown.some((line) => line.remaining > 0),
    lines: shown,
    receipts: receipts.map(receiptView),
    created_at: toIso(row.created_at),
    updated_at: toIso(row.updated_at),
  };
}

/** Each SKU once: a line per SKU keeps receipts and what is incoming unambiguous. */
function duplicateSkus(lines: readonly { sku: string }[]): Result<null> {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const line of lines) (seen.has(line.sku) ? twice : seen).add(line.sku);
  if (twice.size > 0) return fail('duplicate_sku', 'Name each SKU on one line only.', { skus: [...twice] });
  return ok(null);
}

export function createPurchaseOrder(
  ctx: AppContext,
  input: PurchaseOrderInput,
): Promise<Result<PurchaseOrder>> {
  return inTransaction(ctx, async (tx) => {
    const duplicates = duplicateSkus(input.lines);
    if (!duplicates.ok) return duplicates;
    if ((await tx.catalog.getLocation(input.location)) === undefined)
      return fail('unknown_location', `No location ${input.location}.`, { locations: [input.location] });
    const skus = input.lines.map((line) => line.sku);
    const known = await tx.catalog.existingSkus(skus);
    const unknown = skus.filter((sku) => !known.has(sku));
    if (unknown.length > 0) return fail('unknown_sku', 'Some SKUs do not exist.', { skus: unknown });
    const now = ctx.clock.now();
    const row = {
      id: ctx.newId('po'),
      supplier: input.supplier,
      reference: input.reference ?? null,
      location_code: input.location,
      expected_on: input.expected_on,
      status: 'open',
      created_at: now,
      updated_at: now,
    };
    const lines = input.lines.map((line, index) => ({
      purchase_order_id: row.id,
      line_no: index + 1,
      sku: line.sku,
      ordered: line.quantity,
      received: 0,
    }));
    await tx.incoming.insertPurchaseOrder(row, lines);
    // What it brings may give a date to orders waiting with none, or an earlier one.
    const replanned = await lockAndReplan(tx, input.location, skus, now);
    const view = await purchaseOrderView(tx, row, lines, shopDate(now));
    await tx.events.append(
      [
        { type: 'purchase_order.created', entityType: 'purchase_order', entityId: row.id, payload: view },
        ...replanned,
      ],
      now,
    );
    return ok(view);
  });
}

export async function getPurchaseOrder(ctx: AppContext, id: string): Promise<Result<PurchaseOrder>> {
  const read = ctx.store.read;
  const row = await read.incoming.getPurchaseOrder(id);
  if (row === undefined) return notFound('purchase_order', id);
  const lines = await read.incoming.linesOf([id]);
  return ok(await purchaseOrderView(read, row, lines.get(id)!, shopDate(ctx.clock.now())));
}

export async function listPurchaseOrders(
  ctx: AppContext,
  query: { status?: string; sku?: string; cursor?: string; limit: number },
): Promise<Page<PurchaseOrder>> {
  const read = ctx.store.read;
  const found = await read.incoming.listPurchaseOrders({
    status: query.status,
    sku: query.sku,
    afterId: query.cursor,
    limit: query.limit + 1,
  });
  const { rows, next_cursor } = pageOf(found, query.limit, (row) => row.id);
  const lines = await read.incoming.linesOf(rows.map((row) => row.id));
  const today = shopDate(ctx.clock.now());
  return {
    data: await Promise.all(rows.map((row) => purchaseOrderView(read, row, lines.get(row.id)!, today))),
    next_cursor,
  };
}

/**
 * Gives an open purchase order a new expected date (a supplier announcing a delay, or an earlier
 * delivery): the lines waiting on it are dated again, and flagged if that breaks their promise.
 */
export function reschedulePurchaseOrder(
  ctx: AppContext,
  id: string,
  expectedOn: string,
): Promise<Result<PurchaseOrder>> {
  return inTransaction(ctx, async (tx) => {
    const row = await tx.incoming.getPurchaseOrder(id, true);
    if (row === undefined) return notFound('purchase_order', id);
    if (row.status !== 'open') return notOpen(row);
    const now = ctx.clock.now();
    await tx.incoming.setExpectedOn(id, expectedOn, now);
    const lines = (await tx.incoming.linesOf([id])).get(id)!;
    const events = await lockAndReplan(
      tx,
      row.location_code,
      lines.map((line) => line.sku),
      now,
    );
    const view = await purchaseOrderView(
      tx,
      { ...row, expected_on: expectedOn, updated_at: now },
      lines,
      shopDate(now),
    );
    await tx.events.append(
      [
        {
          type: 'purchase_order.rescheduled',
          entityType: 'purchase_order',
          entityId: id,
          payload: { from: row.expected_on, to: expectedOn },
        },
        ...events,
      ],
      now,
    );
    return ok(view);
  });
}

function notOpen(row: PurchaseOrderRow) {
  return fail(
    'purchase_order_not_open',
    `Purchase order ${row.id} is ${row.status}: it takes no more changes.`,
    {
      purchase_order_id: row.id,
      status: row.status,
    },
  );
}

/** Locks what dating the waiting lines again reads, in the order every transaction takes it, and dates them. */
async function lockAndReplan(tx: Repos, location: string, skus: readonly string[], now: number) {
  await tx.stock.lockStock(skus, [location]);
  await tx.incoming.termsOf(skus, true);
  await tx.incoming.queueOf(skus, true);
  return replanWaiting(tx, skus, now);
}

/**
 * Closes an open purchase order short: what has not come will not come. The lines waiting on it are
 * dated again against what else is incoming, and flagged when nothing covers them any more.
 */
export function closePurchaseOrder(ctx: AppContext, id: string): Promise<Result<PurchaseOrder>> {
  return inTransaction(ctx, async (tx) => {
    const row = await tx.incoming.getPurchaseOrder(id, true);
    if (row === undefined) return notFound('purchase_order', id);
    if (row.status !== 'open') return notOpen(row);
    const now = ctx.clock.now();
    await tx.incoming.moveStatus(id, 'open', 'closed', now);
    const lines = (await tx.incoming.linesOf([id])).get(id)!;
    const events = await lockAndReplan(
      tx,
      row.location_code,
      lines.map((line) => line.sku),
      now,
    );
    const view = await purchaseOrderView(
      tx,
      { ...row, status: 'closed', updated_at: now },
      lines,
      shopDate(now),
    );
    await tx.events.append(
      [
        { type: 'purchase_order.closed', entityType: 'purchase_order', entityId: id, payload: view },
        ...events,
      ],
      now,
    );
    return ok(view);
  });
}

/**
 * Records goods arriving on a purchase order: partial, over or short (`close`). In one transaction
 * the units go on hand at the order's location with a `receipt` movement referencing it, the order
 * lines waiting for these SKUs on channels that ship from there are served first come first served,
 * and what is still waiting is dated again. A delivery note already recorded on this purchase order
 * answers its first receipt again, changing nothing: a retried receipt never counts twice.
 */
export function receivePurchaseOrder(
  ctx: AppContext,
  id: string,
  input: ReceiptInput,
  actor?: Actor,
): Promise<Result<ReceiptAnswer & { replayed: boolean }>> {
  return inTransaction<ReceiptAnswer & { replayed: boolean }>(ctx, async (tx) => {
    // First, before any stock row: two receipts of one purchase order queue here.
    const row = await tx.incoming.getPurchaseOrder(id, true);
    if (row === undefined) return notFound('purchase_order', id);
    const now = ctx.clock.now();
    const today = shopDate(now);
    if (input.delivery_note !== undefined) {
      const first = await tx.incoming.receiptByNote(id, input.delivery_note);
      if (first !== undefined) {
        const lines = (await tx.incoming.linesOf([id])).get(id)!;
        return ok({
          receipt: receiptView(first),
          purchase_order: await purchaseOrderView(tx, row, lines, today),
          replayed: true,
        });
      }
    }
    if (row.status !== 'open') return notOpen(row);
    const duplicates = duplicateSkus(input.lines);
    if (!duplicates.ok) return duplicates;
    const ordered = (await tx.incoming.linesOf([id])).get(id)!;
    const onOrder = new Set(ordered.map((line) => line.sku));
    const strangers = input.lines.filter((line) => !onOrder.has(line.sku)).map((line) => line.sku);
    if (strangers.length > 0)
      return fail(
        'sku_not_on_purchase_order',
        `Purchase order ${id} does not order ${strangers.join(', ')}.`,
        {
          purchase_order_id: id,
          skus: strangers,
        },
      );
    const location = row.location_code;
    for (const line of input.lines) {
      const permitted = await restockAllowed(tx, { ...line, location, override: input.override }, actor, now);
      if (!permitted.ok) return permitted;
    }

    const arrival = await openArrival(
      tx,
      input.lines.map((line) => line.sku),
      location,
      today,
    );
    for (const line of input.lines) {
      const received = arrival.book.receive(line.sku, location, line.quantity);
      if (!received.ok) return received;
    }
    // What the order still brings is counted before the waiting lines are dated again.
    await tx.incoming.addReceived(id, input.lines, now);
    const lines = (await tx.incoming.linesOf([id])).get(id)!;
    const complete = lines.every((line) => line.received >= line.ordered);
    const closes = input.close === true || complete;
    const status = closes ? (complete ? 'received' : 'closed') : 'open';
    if (closes) await tx.incoming.moveStatus(id, 'open', status, now);
    const receiptId = ctx.newId('rcpt');
    const { served, events } = await settleArrival(tx, arrival, now, {
      purchase_order_id: id,
      receipt_id: receiptId,
    });
    await tx.stock.addMovements(
      input.lines.map((line) => ({
        sku: line.sku,
        locationCode: location,
        kind: 'receipt' as const,
        quantity: line.quantity,
        reference: id,
        reason: input.override?.reason ?? null,
      })),
      now,
    );
    const numbers = await tx.incoming.orderNumbers(served.map((line) => line.orderId));
    const receipt: ReceiptRow = {
      id: receiptId,
      purchase_order_id: id,
      delivery_note: input.delivery_note ?? null,
      lines: JSON.stringify(input.lines.map((line) => ({ sku: line.sku, quantity: line.quantity }))),
      allocated: JSON.stringify(
        served.map((line) => ({
          order_id: line.orderId,
          order_number: numbers.get(line.orderId)!,
          line_no: line.lineNo,
          sku: line.sku,
          location: line.locationCode,
          quantity: line.quantity,
        })),
      ),
      closes: closes ? 1 : 0,
      created_at: now,
    };
    await tx.incoming.insertReceipt(receipt);
    const view = await purchaseOrderView(tx, { ...row, status, updated_at: now }, lines, today);
    const answer = { receipt: receiptView(receipt), purchase_order: view };
    events.unshift({
      type: 'purchase_order.received',
      entityType: 'purchase_order',
      entityId: id,
      payload: answer.receipt,
    });
    await tx.events.append(events, now);
    return ok({ ...answer, replayed: false });
  });
}
