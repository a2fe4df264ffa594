/**
 * Selling beyond stock: the terms per SKU and channel, the order lines waiting for stock, their dates
 * planned again when a purchase order is late or short, and their units given back when their order
 * is cancelled.
 */

import { type AppContext, inTransaction, notFound, pageOf, toIso } from '../../platform/context.js';
import { fail, ok, type Result } from '../../platform/core/errors.js';
import type { Page } from '../../platform/http/schemas.js';
import type { NewEvent } from '../../platform/outbox/event-repo.js';
import { shopDate } from '../../platform/shop-date.js';
import type { Repos } from '../../platform/store/store.js';
import {
  type BackorderMode,
  byExpectedDate,
  isDelayed,
  planWaiting,
  type QueuedLine,
} from '../core/backorders.js';
import { StockBook } from '../core/stock-book.js';
import type { BackorderTerms, WaitingLine } from './contract.js';
import { type TermsRow, termsOf } from './incoming-repo.js';

export interface TermsInput {
  readonly mode: BackorderMode;
  readonly limit: number;
  readonly release_on?: string;
  readonly paused?: boolean;
}

/** The terms as a client reads them, with what they allow now against stock incoming to the channel's locations. */
async function termsView(tx: Repos, row: TermsRow, today: string): Promise<BackorderTerms> {
  const [all, incoming, locations] = await Promise.all([
    tx.incoming.termsOf([row.sku], false),
    tx.incoming.incomingOf([row.sku]),
    tx.catalog.locationsByChannel([row.channel_code]),
  ]);
  const book = new StockBook([], locations, new Map(), { terms: all.map(termsOf), incoming, today });
  return {
    sku: row.sku,
    channel: row.channel_code,
    mode: row.mode as BackorderMode,
    limit: row.max_units,
    waiting: row.waiting,
    release_on: row.release_on,
    paused: row.paused === 1,
    available: book.backorderable(row.channel_code, row.sku).units,
    updated_at: toIso(row.updated_at),
  };
}

/**
 * Sets the terms of selling a SKU beyond stock on a channel. The units already waiting stay; a limit
 * below them is refused (lower it as they are served, or set 0 to stop selling beyond stock).
 */
export function putBackorderTerms(
  ctx: AppContext,
  sku: string,
  channel: string,
  input: TermsInput,
): Promise<Result<BackorderTerms>> {
  return inTransaction(ctx, async (tx) => {
    if ((await tx.catalog.getSku(sku)) === undefined) return notFound('sku', sku);
    if ((await tx.catalog.getChannel(channel)) === undefined) return notFound('channel', channel);
    if (input.mode === 'preorder' && input.release_on === undefined)
      return fail('validation_failed', 'A pre-order needs its release_on date.', { field: 'release_on' });
    const now = ctx.clock.now();
    // Locked as the capture locks it, so that no order waits under terms being lowered below it.
    const [current] = await tx.incoming
      .termsOf([sku], true)
      .then((rows) => rows.filter((row) => row.channel_code === channel));
    const waiting = current?.waiting ?? 0;
    if (input.limit < waiting)
      return fail(
        'backorder_limit_below_waiting',
        `${waiting} units of ${sku} already wait on ${channel}: the limit cannot fall below them; pause the terms to sell no more beyond stock.`,
        { sku, channel, waiting, limit: input.limit },
      );
    const row = {
      sku,
      channel_code: channel,
      mode: input.mode,
      max_units: input.limit,
      release_on: input.mode === 'preorder' ? input.release_on! : null,
      paused: input.paused === true ? 1 : 0,
      updated_at: now,
    };
    await tx.incoming.putTerms(row);
    await tx.events.append(
      [{ type: 'backorder_terms.set', entityType: 'sku', entityId: sku, payload: { channel, ...input } }],
      now,
    );
    return ok(await termsView(tx, { ...row, waiting }, shopDate(now)));
  });
}

export function getBackorderTerms(
  ctx: AppContext,
  sku: string,
  channel: string,
): Promise<Result<BackorderTerms>> {
  return inTransaction(ctx, async (tx) => {
    const row = await tx.incoming.getTerms(sku, channel);
    if (row === undefined) return notFound('backorder_terms', `${sku} on ${channel}`);
    return ok(await termsView(tx, row, shopDate(ctx.clock.now())));
  });
}

/** Ends selling a SKU beyond stock on a channel; refused while units wait under the terms. */
export function deleteBackorderTerms(ctx: AppContext, sku: string, channel: string): Promise<Result<null>> {
  return inTransaction(ctx, async (tx) => {
    const [row] = (await tx.incoming.termsOf([sku], true)).filter((terms) => terms.channel_code === channel);
    if (row === undefined) return notFound('backorder_terms', `${sku} on ${channel}`);
    if (row.waiting > 0)
      return fail(
        'backorders_waiting',
        `${row.waiting} units of ${sku} still wait on ${channel}: pause the terms to sell no more beyond stock, and remove them once those units are served.`,
        { sku, channel, waiting: row.waiting },
      );
    const now = ctx.clock.now();
    await tx.incoming.deleteTerms(sku, channel);
    await tx.events.append(
      [{ type: 'backorder_terms.deleted', entityType: 'sku', entityId: sku, payload: { channel } }],
      now,
    );
    return ok(null);
  });
}

export async function listBackorderTerms(
  ctx: AppContext,
  query: { cursor?: string; limit: number },
): Promise<Page<BackorderTerms>> {
  // The cursor is `sku/channel`: neither a SKU nor a channel code holds a slash.
  const [sku, channel] = query.cursor?.split('/') ?? [];
  const after = sku === undefined || channel === undefined ? undefined : { sku, channel };
  const found = await ctx.store.read.incoming.listTerms(after, query.limit + 1);
  const { rows, next_cursor } = pageOf(found, query.limit, (row) => `${row.sku}/${row.channel_code}`);
  const today = shopDate(ctx.clock.now());
  return { data: await Promise.all(rows.map((row) => termsView(ctx.store.read, row, today))), next_cursor };
}

/** Order lines waiting for stock: the operations room's figure. */
export function countWaitingLines(ctx: AppContext): Promise<number> {
  return ctx.store.read.incoming.countWaiting();
}

/** Order lines a late or short purchase order left behind their promise: the room's figure and its alert's. */
export function countDelayedBackorders(ctx: AppContext): Promise<number> {
  return ctx.store.read.incoming.countDelayed();
}

/** The order lines waiting for stock, first come first served; filtered by SKU, order, or to the delayed. */
export async function listWaitingLines(
  ctx: AppContext,
  query: { sku?: string; order_id?: string; delayed?: boolean; cursor?: number; limit: number },
): Promise<Page<WaitingLine>> {
  const found = await ctx.store.read.incoming.listQueue({
    sku: query.sku,
    orderId: query.order_id,
    delayed: query.delayed,
    afterId: query.cursor,
    limit: query.limit + 1,
  });
  const { rows, next_cursor } = pageOf(found, query.limit, (row) => String(row.id));
  return {
    data: rows.map((row) => ({
      id: row.id,
      order_id: row.order_id,
      order_number: row.number,
      order_status: row.status,
      line_no: row.line_no,
      sku: row.sku,
      channel: row.channel_code,
      waiting: row.waiting,
      promised_on: row.promised_on,
      expected_on: row.expected_on,
      delayed: isDelayed(row.promised_on, row.expected_on),
      delayed_since: row.delayed_at === null ? null : toIso(row.delayed_at),
      created_at: toIso(row.created_at),
    })),
    next_cursor,
  };
}

/**
 * Dates the waiting lines of these SKUs again against what is still incoming, with the terms and
 * queue rows locked by the caller: a line a late or short purchase order no longer serves by its
 * promise is flagged with its new date, once, with an event for the shop (and its webhooks).
 */
export async function replanWaiting(tx: Repos, skus: readonly string[], now: number): Promise<NewEvent[]> {
  if (skus.length === 0) return [];
  const today = shopDate(now);
  const [queue, incoming, terms] = await Promise.all([
    tx.incoming.queueOf(skus, false),
    tx.incoming.incomingOf(skus),
    tx.incoming.termsOf(skus, false),
  ]);
  const events: NewEvent[] = [];
  const changes: { id: number; expectedOn: string | null; delayedAt: number | null }[] = [];
  for (const sku of new Set(skus)) {
    const lines = queue.filter((row) => row.sku === sku);
    if (lines.length === 0) continue;
    const releases = new Map(
      terms
        .filter((row) => row.sku === sku && row.mode === 'preorder' && row.release_on !== null)
        .map((row) => [row.channel_code, row.release_on!]),
    );
    const queued: QueuedLine[] = lines.map((row) => ({
      id: row.id,
      channelCode: row.channel_code,
      waiting: row.waiting,
      expectedOn: row.expected_on,
    }));
    const byId = new Map(lines.map((row) => [row.id, row]));
    for (const change of planWaiting(
      queued,
      byExpectedDate(incoming.filter((line) => line.sku === sku)),
      releases,
      today,
    )) {
      const row = byId.get(change.id)!;
      const delayed = isDelayed(row.promised_on, change.expectedOn);
      changes.push({ id: change.id, expectedOn: change.expectedOn, delayedAt: delayed ? now : null });
      if (delayed && row.delayed_at === null)
        events.push({
          type: 'order.backorder_delayed',
          entityType: 'order',
          entityId: row.order_id,
          payload: {
            line_no: row.line_no,
            sku,
            waiting: row.waiting,
            promised_on: row.promised_on,
            expected_on: change.expectedOn,
          },
        });
    }
  }
  await tx.incoming.replan(changes);
  return events;
}

/**
 * Dates again the waiting lines that may have fallen behind since: those expected before today, and
 * those of SKUs on a purchase order past its date (a late supplier promises nothing until it has a
 * new date). Run by a sweeper; answers how many lines it moved.
 */
export async function replanLateBackorders(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now();
  const skus = await ctx.store.read.incoming.skusToReplan(shopDate(now));
  if (skus.length === 0) return 0;
  return ctx.store.transaction(async (tx) => {
    // The terms, then the queue, as a receipt locks them after its stock rows.
    await tx.incoming.termsOf(skus, true);
    await tx.incoming.queueOf(skus, true);
    const events = await replanWaiting(tx, skus, now);
    await tx.events.append(events, now);
    return events.length;
  });
}

/**
 * The waiting lines of a cancelled order leave the queue and their units go back to the terms, with
 * the order locked by the caller. Their terms rows are locked first, after the stock rows, as every
 * receipt locks them: a receipt serving this order commits before, and its units are then among the
 * order's reservations, read after this returns.
 */
export async function stopWaitingForOrder(
  tx: Repos,
  order: { readonly id: string; readonly channel_code: string },
): Promise<void> {
  const seen = await tx.incoming.queueOfOrder(order.id);
  if (seen.length === 0) return;
  const skus = [...new Set(seen.map((row) => row.sku))];
  const locations = await tx.catalog.locationsByChannel([order.channel_code]);
  await tx.stock.lockStock(skus, locations.get(order.channel_code) ?? []);
  const terms = await tx.incoming.termsOf(skus, true);
  const queued = await tx.incoming.queueOfOrder(order.id);
  const book = new StockBook([], locations, new Map(), {
    terms: terms.map(termsOf),
    incoming: [],
    today: '',
  });
  for (const row of queued) book.stopWaiting(row.channel_code, row.sku, row.waiting);
  await tx.incoming.applyWaitingDeltas(book.waitingDeltas());
  await tx.incoming.dequeueOrder(order.id);
}

/** Refuses to fulfil an order that still waits for stock: it ships once every unit is reserved. */
export async function checkNotAwaitingStock(
  tx: Repos,
  order: { readonly id: string; readonly number: string },
): Promise<Result<null>> {
  const waiting = await tx.incoming.queueOfOrder(order.id);
  if (waiting.length === 0) return ok(null);
  return fail(
    'order_awaiting_stock',
    `Order ${order.number} still waits for stock sold beyond what was on hand.`,
    {
      order_id: order.id,
      lines: waiting.map((row) => ({
        line_no: row.line_no,
        sku: row.sku,
        waiting: row.waiting,
        expected_on: row.expected_on,
      })),
    },
  );
}
