/**
 * Order and hold capture, in batches: the peak path. One transaction reads every stock row the
 * batch touches once (locked, in order), lets the core decide each command in arrival order — all or
 * nothing per order, idempotency respected inside the batch and across batches — writes the accepted
 * orders, holds, allocations, idempotency keys and events with one statement per table, and commits.
 * Only then are the answers given. A single request is a batch of one: there is no other path.
 */
import { createHash } from 'node:crypto';
import stringify from 'safe-stable-stringify';
import type { Hold } from '../inventory/contract.js';
import { type Allocation, type LineRequest, StockBook } from '../inventory/core/stock-book.js';
import { holdView } from '../inventory/index.js';
import type { Order } from '../orders/contract.js';
import { initialOrderStatus, type PricedLine, priceLines } from '../orders/core/order-process.js';
import type { HoldRow, OrderLineRow, OrderRow } from '../orders/index.js';
import { formatOrderNumber, orderView, type PlaceOrderInput } from '../orders/index.js';
import { type AppContext, type Caller, canSee, toIso } from '../platform/context.js';
import { type Failure, fail, ok, type Result } from '../platform/core/errors.js';
import type { NewEvent } from '../platform/outbox/event-repo.js';
import type { Repos } from '../platform/store/store.js';

export interface HoldInput {
  channel: string;
  lines: LineRequest[];
  ttl_s: number;
}

export type CaptureCommand =
  | {
      readonly kind: 'order';
      readonly input: PlaceOrderInput;
      readonly idempotencyKey: string;
      readonly caller: Caller;
    }
  | { readonly kind: 'hold'; readonly input: HoldInput; readonly caller: Caller };

export interface PlaceOrderOutcome {
  order: Order;
  /** The same key and body were seen before: this is the first answer again. */
  replayed: boolean;
}

export type OutcomeOf<C extends CaptureCommand> = C extends { kind: 'order' }
  ? Result<PlaceOrderOutcome>
  : Result<Hold>;
type Outcome = Result<PlaceOrderOutcome> | Result<Hold>;

type OrderCommand = Extract<CaptureCommand, { kind: 'order' }>;
type HoldCommand = Extract<CaptureCommand, { kind: 'hold' }>;

/** The hash kept beside an idempotency key: a retry replays only with the same body. */
export function requestHash(input: PlaceOrderInput): string {
  return createHash('sha256').update(stringify(input)).digest('hex');
}

function scopedKey(command: OrderCommand): string {
  return `${command.caller.apiKeyId}\u0000${command.idempotencyKey}`;
}

function unique<T>(items: Iterable<T>): T[] {
  return [...new Set(items)];
}

/** What one batch transaction reads before deciding anything. */
interface BatchView {
  readonly previous: Awaited<ReturnType<Repos['orders']['getIdempotencyKeys']>>;
  readonly channels: Awaited<ReturnType<Repos['catalog']['getChannels']>>;
  readonly existingSkus: Set<string>;
  readonly prices: Map<string, Map<string, number>>;
  readonly holds: Map<string, HoldRow>;
  readonly heldAllocations: Map<string, Allocation[]>;
  readonly book: StockBook;
}

async function readBatch(tx: Repos, commands: readonly CaptureCommand[]): Promise<BatchView> {
  const orders = commands.filter((command): command is OrderCommand => command.kind === 'order');
  const channelCodes = unique(commands.map((command) => command.input.channel));
  const skus = unique(commands.flatMap((command) => command.input.lines.map((line) => line.sku)));
  const holdIds = unique(
    orders.flatMap((command) => (command.input.hold_id === undefined ? [] : [command.input.hold_id])),
  );

  const [previous, channels, existingSkus, prices, locationsByChannel, buffers] = await Promise.all([
    tx.orders.getIdempotencyKeys(
      orders.map((command) => ({ scope: command.caller.apiKeyId, key: command.idempotencyKey })),
    ),
    tx.catalog.getChannels(channelCodes),
    tx.catalog.existingSkus(skus),
    tx.catalog.pricesOnChannels(unique(orders.map((command) => command.input.channel)), skus),
    tx.catalog.locationsByChannel(channelCodes),
    tx.catalog.buffers(channelCodes, skus),
  ]);
  // Lock order, the same in every transaction: holds first, then stock rows in (SKU, location) order.
  const holds = await tx.orders.lockHolds(holdIds);
  const active = [...holds.values()].filter((hold) => hold.status === 'active').map((hold) => hold.id);
  const heldAllocations = await tx.stock.allocationsOf('hold_allocations', active);
  const held = [...heldAllocations.values()].flat();
  const rows = await tx.stock.lockStock(
    unique([...skus.filter((sku) => existingSkus.has(sku)), ...held.map((allocation) => allocation.sku)]),
    unique([
      ...[...locationsByChannel.values()].flat(),
      ...held.map((allocation) => allocation.locationCode),
    ]),
  );
  return {
    previous,
    channels,
    existingSkus,
    prices,
    holds,
    heldAllocations,
    book: new StockBook(rows, locationsByChannel, buffers),
  };
}

function checkReferences(
  view: BatchView,
  channel: string,
  lines: readonly LineRequest[],
): Failure | undefined {
  if (!view.channels.has(channel))
    return fail('unknown_channel', `No channel ${channel}.`, { channels: [channel] });
  const unknown = unique(lines.map((line) => line.sku)).filter((sku) => !view.existingSkus.has(sku));
  if (unknown.length > 0) return fail('unknown_sku', 'Some SKUs do not exist.', { skus: unknown });
  return undefined;
}

interface AcceptedOrder {
  readonly index: number;
  readonly command: OrderCommand;
  readonly hash: string;
  readonly priced: { lines: PricedLine[]; totalMinor: number };
  readonly allocations: Allocation[];
  /** The active hold this order consumed, if any. */
  readonly consumedHoldId?: string;
}

interface AcceptedHold {
  readonly index: number;
  readonly command: HoldCommand;
  readonly allocations: Allocation[];
}

/** Decides one order against the batch's book; on success the book holds its reservation. */
function decideOrder(
  view: BatchView,
  command: OrderCommand,
  consumedHolds: Set<string>,
): Result<{
  priced: { lines: PricedLine[]; totalMinor: number };
  allocations: Allocation[];
  consumedHoldId?: string;
}> {
  const { input, caller } = command;
  const invalid = checkReferences(view, input.channel, input.lines);
  if (invalid !== undefined) return invalid;
  const priced = priceLines(input.lines, view.prices.get(input.channel) ?? new Map());
  if (!priced.ok) return priced;
  let held: Allocation[] = [];
  let consumedHoldId: string | undefined;
  if (input.hold_id !== undefined) {
    const hold = view.holds.get(input.hold_id);
    if (hold === undefined || hold.channel_code !== input.channel || !canSee(caller, hold.api_key_id)) {
      return fail('unknown_hold', `No hold ${input.hold_id} on channel ${input.channel}.`, {
        hold_id: input.hold_id,
      });
    }
    // A hold no longer active (expired, released, used by an earlier order) guarantees nothing:
    // the order then takes free stock like any other.
    if (hold.status === 'active' && !consumedHolds.has(hold.id)) {
      held = view.heldAllocations.get(hold.id) ?? [];
      consumedHoldId = hold.id;
    }
  }
  const reserved = view.book.reserveWithHeld(input.channel, input.lines, held);
  if (!reserved.ok) return reserved;
  return ok({ priced: priced.value, allocations: reserved.value, consumedHoldId });
}

/** Runs one batch in one transaction; returns one outcome per command, in order. */
async function captureInTransaction(
  ctx: AppContext,
  commands: readonly CaptureCommand[],
): Promise<Outcome[]> {
  return ctx.store.transaction(async (tx) => {
    const view = await readBatch(tx, commands);
    const outcomes: (Outcome | undefined)[] = new Array(commands.length);
    const acceptedOrders: AcceptedOrder[] = [];
    const acceptedHolds: AcceptedHold[] = [];
    const seenKeys = new Map<string, { hash: string; index: number }>();
    /** Later commands of the batch that repeat an accepted order's key and body: index → that order's index. */
    const repeats = new Map<number, number>();
    const consumedHolds = new Set<string>();

    commands.forEach((command, index) => {
      if (command.kind === 'hold') {
        const invalid = checkReferences(view, command.input.channel, command.input.lines);
        if (invalid !== undefined) {
          outcomes[index] = invalid;
          return;
        }
        const reserved = view.book.reserve(command.input.channel, command.input.lines);
        if (reserved.ok) acceptedHolds.push({ index, command, allocations: reserved.value });
        else outcomes[index] = reserved;
        return;
      }
      const key = scopedKey(command);
      const hash = requestHash(command.input);
      const previous = view.previous.get(key) ?? seenKeys.get(key);
      if (previous !== undefined) {
        const previousHash = 'request_hash' in previous ? previous.request_hash : previous.hash;
        if (previousHash !== hash) {
          outcomes[index] = fail(
            'idempotency_key_reused',
            'This Idempotency-Key was used with another request body.',
            {
              idempotency_key: command.idempotencyKey,
            },
          );
        } else if ('response' in previous) {
          outcomes[index] = ok({ order: JSON.parse(previous.response) as Order, replayed: true });
        } else {
          repeats.set(index, previous.index);
        }
        return;
      }
      const decided = decideOrder(view, command, consumedHolds);
      if (!decided.ok) {
        // A refused order records nothing, so a retry of the same key is tried afresh.
        outcomes[index] = decided;
        return;
      }
      seenKeys.set(key, { hash, index });
      if (decided.value.consumedHoldId !== undefined) consumedHolds.add(decided.value.consumedHoldId);
      acceptedOrders.push({ index, command, hash, ...decided.value });
    });

    const now = ctx.clock.now();
    const events: NewEvent[] = [];
    const lastNumber =
      acceptedOrders.length === 0 ? 0 : await tx.events.advanceCounter('order_number', acceptedOrders.length);
    const orderRows: OrderRow[] = [];
    const lineRows: OrderLineRow[] = [];
    const views = new Map<number, Order>();
    acceptedOrders.forEach((accepted, position) => {
      const { input, caller } = accepted.command;
      const id = ctx.newId('ord');
      const order: OrderRow = {
        id,
        number: formatOrderNumber(lastNumber - acceptedOrders.length + 1 + position),
        channel_code: input.channel,
        external_id: input.external_id ?? null,
        status: initialOrderStatus,
        currency: view.channels.get(input.channel)!.currency,
        total_minor: accepted.priced.totalMinor,
        customer_email: input.customer.email,
        customer_name: input.customer.name ?? null,
        shipping_address: JSON.stringify(input.shipping_address),
        api_key_id: caller.apiKeyId,
        hold_id: input.hold_id ?? null,
        created_at: now,
        updated_at: now,
      };
      const lines = accepted.priced.lines.map((line, lineIndex) => ({
        order_id: id,
        line_no: lineIndex + 1,
        sku: line.sku,
        quantity: line.quantity,
        unit_price_minor: line.unitPriceMinor,
        total_minor: line.totalMinor,
      }));
      orderRows.push(order);
      lineRows.push(...lines);
      const orderAnswer = orderView(order, lines);
      views.set(accepted.index, orderAnswer);
      outcomes[accepted.index] = ok({ order: orderAnswer, replayed: false });
      if (accepted.consumedHoldId !== undefined) {
        events.push({
          type: 'hold.consumed',
          entityType: 'hold',
          entityId: accepted.consumedHoldId,
          payload: { order_id: id },
        });
      }
      events.push({ type: 'order.placed', entityType: 'order', entityId: id, payload: orderAnswer });
    });
    for (const [index, firstIndex] of repeats)
      outcomes[index] = ok({ order: views.get(firstIndex)!, replayed: true });

    const holdRows = acceptedHolds.map((accepted) => {
      const id = ctx.newId('hold');
      const row: HoldRow = {
        id,
        channel_code: accepted.command.input.channel,
        status: 'active',
        expires_at: now + accepted.command.input.ttl_s * 1000,
        created_at: now,
        api_key_id: accepted.command.caller.apiKeyId,
      };
      outcomes[accepted.index] = ok(holdView(row, accepted.allocations));
      events.push({
        type: 'hold.created',
        entityType: 'hold',
        entityId: id,
        payload: {
          channel: row.channel_code,
          lines: accepted.command.input.lines,
          expires_at: toIso(row.expires_at),
        },
      });
      return row;
    });

    for (const holdId of [...consumedHolds].sort()) {
      if (!(await tx.orders.endHold(holdId, 'consumed')))
        throw new Error(`hold ${holdId} changed while locked`);
    }
    await tx.stock.applyDeltas(view.book.deltas());
    await Promise.all([
      tx.orders.insertOrders(orderRows, lineRows),
      tx.orders.insertHolds(holdRows),
      tx.orders.insertIdempotencyKeys(
        acceptedOrders.map((accepted) => ({
          scope: accepted.command.caller.apiKeyId,
          key: accepted.command.idempotencyKey,
          request_hash: accepted.hash,
          order_id: views.get(accepted.index)!.id,
          response: JSON.stringify(views.get(accepted.index)),
          created_at: now,
        })),
      ),
    ]);
    await tx.stock.insertAllocations('order_allocations', [
      ...acceptedOrders.map((accepted) => ({
        ownerId: views.get(accepted.index)!.id,
        allocations: accepted.allocations,
      })),
    ]);
    await tx.stock.insertAllocations(
      'hold_allocations',
      acceptedHolds.map((accepted, position) => ({
        ownerId: holdRows[position]!.id,
        allocations: accepted.allocations,
      })),
    );
    // Last: the event counter is the row every writer locks, so it is held for the shortest time.
    await tx.events.append(events, now);
    return outcomes.map((outcome) => {
      if (outcome === undefined) throw new Error('a command of the batch was left undecided');
      return outcome;
    });
  });
}

/** Captures a batch in one transaction; throws when the transaction fails as a whole. */
export function captureBatch(ctx: AppContext, commands: readonly CaptureCommand[]): Promise<Outcome[]> {
  return captureInTransaction(ctx, commands);
}

/**
 * Captures one command in a transaction of its own. Two processes racing the same Idempotency-Key
 * meet at its unique index: the loser's transaction is rolled back whole, and its retry answers
 * the winner's order.
 */
export async function captureOne<C extends CaptureCommand>(
  ctx: AppContext,
  command: C,
): Promise<OutcomeOf<C>> {
  try {
    const [outcome] = await captureInTransaction(ctx, [command]);
    return outcome as OutcomeOf<C>;
  } catch (error) {
    if (!ctx.store.engine.isUniqueViolation(error)) throw error;
    const [outcome] = await captureInTransaction(ctx, [command]);
    return outcome as OutcomeOf<C>;
  }
}

/** Places one order in a transaction of its own (in-process callers; the HTTP API batches). */
export function placeOrder(
  ctx: AppContext,
  input: PlaceOrderInput,
  idempotencyKey: string,
  caller: Caller,
): Promise<Result<PlaceOrderOutcome>> {
  return captureOne(ctx, { kind: 'order', input, idempotencyKey, caller });
}
