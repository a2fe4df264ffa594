/** Inventory use cases: receipts, adjustments, stock per location with its ledger, and availability to promise. */

import { reservingStatuses } from '../orders/core/order-process.js';
import { type Actor, recordSwitch } from '../platform/audit/audit.js';
import { type AppContext, inTransaction, notFound, pageOf, toIso } from '../platform/context.js';
import { fail, ok, type Result } from '../platform/core/errors.js';
import type { Page } from '../platform/http/schemas.js';
import { shopDate } from '../platform/shop-date.js';
import type { Repos } from '../platform/store/store.js';
import type { Movement, Reconciliation, Stock } from './contract.js';
import { byExpectedDate } from './core/backorders.js';
import { StockBook } from './core/stock-book.js';
import { openArrival, settleArrival } from './incoming/arrivals.js';

export async function stockView(tx: Repos, sku: string, today: string): Promise<Stock> {
  const [rows, incoming, terms] = await Promise.all([
    tx.stock.readStock(sku),
    tx.incoming.incomingOf([sku]),
    tx.incoming.termsOf([sku], false),
  ]);
  const locations = rows.map((row) => ({
    location: row.location_code,
    on_hand: row.on_hand,
    reserved: row.reserved,
    available: row.on_hand - row.reserved,
  }));
  const onHand = locations.reduce((total, row) => total + row.on_hand, 0);
  const reserved = locations.reduce((total, row) => total + row.reserved, 0);
  return {
    sku,
    on_hand: onHand,
    reserved,
    available: onHand - reserved,
    locations,
    incoming: byExpectedDate(incoming).map((line) => ({
      purchase_order_id: line.purchaseOrderId,
      location: line.locationCode,
      expected_on: line.expectedOn,
      quantity: line.remaining,
      late: line.expectedOn < today,
    })),
    waiting: terms.reduce((total, row) => total + row.waiting, 0),
  };
}

async function checkSkuAndLocation(tx: Repos, sku: string, location: string): Promise<Result<null>> {
  if ((await tx.catalog.getSku(sku)) === undefined)
    return fail('unknown_sku', `No SKU ${sku}.`, { skus: [sku] });
  if ((await tx.catalog.getLocation(location)) === undefined) {
    return fail('unknown_location', `No location ${location}.`, { locations: [location] });
  }
  return ok(null);
}

/** A receipt or an adjustment: one stock row locked, changed by the core's rule, with its ledger row and event. */
async function changeOnHand(
  ctx: AppContext,
  input: { sku: string; location: string },
  decide: (book: StockBook) => Result<unknown>,
  allowed: (tx: Repos, now: number) => Promise<Result<unknown>>,
  movement: {
    kind: 'receipt' | 'adjustment';
    quantity: number;
    reference: string | null;
    reason: string | null;
  },
  event: { type: string; payload: unknown },
): Promise<Result<Stock>> {
  return inTransaction(ctx, async (tx) => {
    const checked = await checkSkuAndLocation(tx, input.sku, input.location);
    if (!checked.ok) return checked;
    const now = ctx.clock.now();
    const permitted = await allowed(tx, now);
    if (!permitted.ok) return permitted;
    // Goods received serve the orders waiting for them first; a correction only corrects.
    const arrival =
      movement.kind === 'receipt'
        ? await openArrival(tx, [input.sku], input.location, shopDate(now))
        : undefined;
    const book =
      arrival?.book ?? new StockBook(await tx.stock.lockStock([input.sku], [input.location]), new Map());
    const decided = decide(book);
    if (!decided.ok) return decided;
    const settled =
      arrival === undefined
        ? await tx.stock.applyDeltas(book.deltas()).then(() => ({ events: [] }))
        : await settleArrival(tx, arrival, now, { reference: movement.reference });
    await tx.stock.addMovements([{ sku: input.sku, locationCode: input.location, ...movement }], now);
    await tx.events.append(
      [
        { type: event.type, entityType: 'sku', entityId: input.sku, payload: event.payload },
        ...settled.events,
      ],
      now,
    );
    return ok(await stockView(tx, input.sku, shopDate(now)));
  });
}

export interface ReceiptInput {
  readonly sku: string;
  readonly location: string;
  readonly quantity: number;
  readonly reference?: string;
  /** Restocks a SKU during its soldes anyway, for this reason (audited). */
  readonly override?: { readonly reason: string };
}

/**
 * Soldes sell off goods held before them: a SKU in a running soldes sale is not restocked, unless
 * someone answers for it with a reason (in the audit log). Any other receipt goes through.
 */
export async function restockAllowed(tx: Repos, input: ReceiptInput, actor: Actor | undefined, now: number) {
  const soldes = await tx.pricing.runningSalesOfSku(input.sku, 'soldes', now);
  if (soldes.length === 0) return ok(null);
  if (input.override === undefined || actor === undefined)
    return fail(
      'soldes_no_restock',
      `${input.sku} is in the running soldes sale “${soldes[0]!.name}”: it is not restocked during the soldes unless the receipt carries override with a reason.`,
      { sku: input.sku, sales: soldes },
    );
  await recordSwitch(tx, {
    at: now,
    actor,
    action: 'stock.soldes_restock',
    target: input.sku,
    reason: input.override.reason,
    details: { location: input.location, quantity: input.quantity, sales: soldes },
    timelineText: `${input.sku} restocked during the soldes (${input.quantity} at ${input.location})`,
  });
  return ok(null);
}

/** A receipt; `actor` is who asks, named in the audit log if it overrides the soldes rule. */
export function receiveStock(ctx: AppContext, input: ReceiptInput, actor?: Actor): Promise<Result<Stock>> {
  const { override: _override, ...recorded } = input;
  return changeOnHand(
    ctx,
    input,
    (book) => book.receive(input.sku, input.location, input.quantity),
    (tx, now) => restockAllowed(tx, input, actor, now),
    {
      kind: 'receipt',
      quantity: input.quantity,
      reference: input.reference ?? null,
      reason: input.override?.reason ?? null,
    },
    { type: 'stock.received', payload: recorded },
  );
}

export function adjustStock(
  ctx: AppContext,
  input: { sku: string; location: string; delta: number; reason: string },
): Promise<Result<Stock>> {
  return changeOnHand(
    ctx,
    input,
    (book) => book.adjust(input.sku, input.location, input.delta),
    async () => ok(null),
    { kind: 'adjustment', quantity: input.delta, reference: null, reason: input.reason },
    { type: 'stock.adjusted', payload: input },
  );
}

/**
 * The stock audit of one SKU: per location, on hand against the sum of its ledger, and reserved
 * against what open orders and active holds hold. `balanced` is false when either differs.
 */
export async function reconcileStock(ctx: AppContext, sku: string): Promise<Result<Reconciliation>> {
  const read = ctx.store.read;
  if ((await read.catalog.getSku(sku)) === undefined) return notFound('sku', sku);
  // One snapshot, so that the four reads see the same committed state while orders and sweepers write.
  const [rows, ledger, owners] = await ctx.store.snapshot((tx) =>
    Promise.all([
      tx.stock.readStock(sku),
      tx.stock.ledgerSums(sku),
      tx.stock.reservedByOwners(sku, reservingStatuses),
    ]),
  );
  const locations = [...new Set([...rows.map((row) => row.location_code), ...ledger.keys()])].sort();
  const view = locations.map((location) => {
    const row = rows.find((candidate) => candidate.location_code === location);
    return {
      location,
      on_hand: row?.on_hand ?? 0,
      ledger_total: ledger.get(location) ?? 0,
      reserved: row?.reserved ?? 0,
      reserved_by_orders: owners.orders.get(location) ?? 0,
      reserved_by_holds: owners.holds.get(location) ?? 0,
    };
  });
  const balanced = view.every(
    (row) =>
      row.on_hand === row.ledger_total && row.reserved === row.reserved_by_orders + row.reserved_by_holds,
  );
  return ok({ sku, balanced, locations: view });
}

export async function getStock(ctx: AppContext, sku: string): Promise<Result<Stock>> {
  if ((await ctx.store.read.catalog.getSku(sku)) === undefined) return notFound('sku', sku);
  return ok(await stockView(ctx.store.read, sku, shopDate(ctx.clock.now())));
}

export async function listMovements(
  ctx: AppContext,
  sku: string,
  query: { cursor?: number; limit: number },
): Promise<Result<Page<Movement>>> {
  if ((await ctx.store.read.catalog.getSku(sku)) === undefined) return notFound('sku', sku);
  const found = await ctx.store.read.stock.listMovements(sku, query.cursor, query.limit + 1);
  const { rows, next_cursor } = pageOf(found, query.limit, (row) => String(row.id));
  const data = rows.map((row) => ({
    id: row.id,
    sku: row.sku,
    location: row.location_code,
    kind: row.kind,
    quantity: row.quantity,
    reference: row.reference,
    reason: row.reason,
    created_at: toIso(row.created_at),
  }));
  return ok({ data, next_cursor });
}

/** SKUs with stock rows and no free unit left at any location, for the figures. */
export function countSoldOutSkus(ctx: AppContext): Promise<number> {
  return ctx.store.read.stock.countSoldOutSkus();
}
