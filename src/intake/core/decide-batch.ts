/**
 * The decision of one capture batch, pure: from what the batch's transaction read, which orders and
 * holds are accepted — in arrival order, all or nothing per order, idempotency respected across
 * batches and inside this one — and what the transaction must write for them. The use case loads,
 * calls this, and writes; ids, order numbers and instants are its to stamp once the decision is made.
 */

import type { WaitingUnits } from '../../inventory/core/backorders.js';
import {
  type Allocation,
  type BackorderReads,
  type LineRequest,
  StockBook,
  type StockDelta,
  type StockRow,
  type WaitingDelta,
} from '../../inventory/core/stock-book.js';
import {
  externalOrderKey,
  type PricedOrder,
  priceLines,
  scopedIdempotencyKey,
} from '../../orders/core/order-process.js';
import { type Caller, canSee } from '../../platform/core/caller.js';
import { type Failure, fail, ok, type Result } from '../../platform/core/errors.js';
import { sum } from '../../platform/core/money.js';
import { type LinePrice, linePrice, type PriceInForce } from '../../pricing/core/in-force.js';
import {
  applyPromoCodes,
  checkTerms,
  checkUses,
  customerKey,
  customerUseKey,
  type GrossLine,
  normalisePromoCode,
  type PromoCodeTerms,
  type Promotion,
} from '../../pricing/core/promo-codes.js';
import type { TaxClass, TaxCountry } from '../../pricing/core/vat.js';

export interface OrderCommand {
  readonly kind: 'order';
  readonly input: {
    readonly channel: string;
    readonly lines: readonly LineRequest[];
    readonly hold_id?: string;
    /** The channel's own id of the order (a marketplace's): one order per channel and id. */
    readonly external_id?: string;
    readonly customer: { readonly email: string };
    /** As the client typed them: compared case-insensitively, a code named twice counts once. */
    readonly promo_codes?: readonly string[];
  };
  readonly idempotencyKey: string;
  /** The hash of the whole body: a known key answers again only to the same body. */
  readonly requestHash: string;
  readonly caller: Caller;
}

export interface HoldCommand {
  readonly kind: 'hold';
  readonly input: { readonly channel: string; readonly lines: readonly LineRequest[] };
  readonly caller: Caller;
}

export type BatchCommand = OrderCommand | HoldCommand;

/** A hold an order of the batch names, as the store returned it (locked). */
export interface KnownHold {
  readonly id: string;
  readonly channel_code: string;
  readonly status: string;
  readonly api_key_id: string | null;
}

/** An idempotency key already recorded, as the store returned it. */
export interface KnownKey {
  readonly request_hash: string;
  /** The first answer, as recorded: replayed as it is. */
  readonly response: string;
}

/**
 * What the batch's transaction read. Row-shaped values are passed as the store returned them, so the
 * use case hands them over without copying.
 */
export interface BatchReads {
  /** The instant the batch accepts its orders at: prices and promo codes are those in force then. */
  readonly atMs: number;
  /** Recorded keys among the batch's, by `scopedIdempotencyKey`. */
  readonly knownKeys: ReadonlyMap<string, KnownKey>;
  /** The recorded answers of orders already placed with the batch's external ids, by `externalOrderKey`. */
  readonly knownExternalIds: ReadonlyMap<string, string>;
  /** The channels that exist among those the batch names, with how they price. */
  readonly channels: ReadonlyMap<string, { readonly country: string; readonly prices_include_tax: number }>;
  /** The SKUs that exist among those the batch names, with their VAT class. */
  readonly skuTaxClasses: ReadonlyMap<string, string>;
  /** The prices in force at the batch's instant, by channel, then SKU. */
  readonly prices: ReadonlyMap<string, ReadonlyMap<string, PriceInForce>>;
  /** The holds orders name, by id. */
  readonly holds: ReadonlyMap<string, KnownHold>;
  /** What each active hold among them reserved. */
  readonly heldAllocations: ReadonlyMap<string, readonly Allocation[]>;
  /** The stock rows the batch touches, locked: the `StockBook` decides on them. */
  readonly stock: readonly StockRow[];
  readonly locationsByChannel: ReadonlyMap<string, readonly string[]>;
  /** Safety stock, keyed by `stockKey(sku, channel)`. */
  readonly buffers: ReadonlyMap<string, number>;
  /** The terms of selling the batch's SKUs beyond stock, locked, and what is incoming of them. */
  readonly backorders: BackorderReads;
  /** The promo codes orders name that exist, by normalised code, locked: their terms and stored uses. */
  readonly promoCodes: ReadonlyMap<string, PromoCodeTerms>;
  /** Stored uses of those codes by the batch's customers, by `customerUseKey`; none when absent. */
  readonly customerPromoUses: ReadonlyMap<string, number>;
}

/** What became of one command. */
export type CommandDecision =
  | { readonly kind: 'refused'; readonly failure: Failure }
  /** A new order: `order` is its place in `BatchDecision.orders`. */
  | { readonly kind: 'placed'; readonly order: number }
  /** A key and body, or a channel's external id, recorded by an earlier batch: its first answer, as recorded. */
  | { readonly kind: 'replayed'; readonly response: string }
  /** The key and body, or the external id, of an order placed earlier in this batch: its answer, replayed. */
  | { readonly kind: 'repeated'; readonly order: number }
  /** A new hold: `hold` is its place in `BatchDecision.holds`. */
  | { readonly kind: 'held'; readonly hold: number };

export interface AcceptedOrder<C extends OrderCommand = OrderCommand> {
  /** Its place in the batch. */
  readonly index: number;
  readonly command: C;
  readonly priced: PricedOrder;
  readonly allocations: readonly Allocation[];
  /** Units sold beyond stock, waiting for it. */
  readonly waiting: readonly WaitingUnits[];
  /** The active hold whose units it took, ended by this batch. */
  readonly consumedHoldId: string | undefined;
}

export interface AcceptedHold<C extends HoldCommand = HoldCommand> {
  readonly index: number;
  readonly command: C;
  readonly allocations: readonly Allocation[];
}

export interface BatchDecision<C extends BatchCommand = BatchCommand> {
  /** One per command, in arrival order. */
  readonly decisions: readonly CommandDecision[];
  /** The writes: orders and holds to record, in arrival order; nothing for a refused or replayed one. */
  readonly orders: readonly AcceptedOrder<Extract<C, { kind: 'order' }>>[];
  readonly holds: readonly AcceptedHold<Extract<C, { kind: 'hold' }>>[];
  /** Holds to end as consumed, in id order (the order holds are locked in). */
  readonly consumedHoldIds: readonly string[];
  /** What the batch changes in stock, row by row. */
  readonly stockDeltas: readonly StockDelta[];
  /** What the batch adds to the units waiting under each SKU's terms. */
  readonly waitingDeltas: readonly WaitingDelta[];
  /** The uses the batch's orders take of each promo code, by code. */
  readonly promoCodeUses: ReadonlyMap<string, number>;
}

/** The promo codes an order names, normalised, each once, in the order given. */
export function promoCodesOf(input: OrderCommand['input']): string[] {
  return [...new Set((input.promo_codes ?? []).map(normalisePromoCode))];
}

function unknownReference(
  reads: BatchReads,
  channel: string,
  lines: readonly LineRequest[],
): Failure | undefined {
  if (!reads.channels.has(channel))
    return fail('unknown_channel', `No channel ${channel}.`, { channels: [channel] });
  const unknown = [...new Set(lines.map((line) => line.sku))].filter((sku) => !reads.skuTaxClasses.has(sku));
  if (unknown.length > 0) return fail('unknown_sku', 'Some SKUs do not exist.', { skus: unknown });
  return undefined;
}

/** A batch in the making: the book and what earlier commands of the batch accepted. */
class BatchState<C extends BatchCommand> {
  readonly book: StockBook;
  readonly decisions: CommandDecision[] = [];
  readonly orders: AcceptedOrder<Extract<C, { kind: 'order' }>>[] = [];
  readonly holds: AcceptedHold<Extract<C, { kind: 'hold' }>>[] = [];
  /** Keys of orders accepted in this batch: their hash, and their place in `orders`. */
  readonly seenKeys = new Map<string, { hash: string; order: number }>();
  /** External ids of orders accepted in this batch, with their place in `orders`. */
  readonly seenExternalIds = new Map<string, number>();
  readonly consumedHolds = new Set<string>();
  /** Uses of each promo code by orders accepted in this batch, in all and by customer. */
  readonly promoCodeUses = new Map<string, number>();
  private readonly customerPromoUses = new Map<string, number>();
  private readonly linePricesByChannel = new Map<string, ReadonlyMap<string, LinePrice>>();

  constructor(readonly reads: BatchReads) {
    this.book = new StockBook(reads.stock, reads.locationsByChannel, reads.buffers, reads.backorders);
  }

  decideHold(index: number, command: Extract<C, { kind: 'hold' }>): CommandDecision {
    const invalid = unknownReference(this.reads, command.input.channel, command.input.lines);
    if (invalid !== undefined) return { kind: 'refused', failure: invalid };
    const reserved = this.book.reserve(command.input.channel, command.input.lines);
    if (!reserved.ok) return { kind: 'refused', failure: reserved };
    this.holds.push({ index, command, allocations: reserved.value });
    return { kind: 'held', hold: this.holds.length - 1 };
  }

  decideOrder(index: number, command: Extract<C, { kind: 'order' }>): CommandDecision {
    const key = scopedIdempotencyKey(command.caller.apiKeyId, command.idempotencyKey);
    const known = this.reads.knownKeys.get(key);
    const seen = known === undefined ? this.seenKeys.get(key) : undefined;
    if (known !== undefined || seen !== undefined) {
      const firstHash = known !== undefined ? known.request_hash : seen!.hash;
      if (firstHash !== command.requestHash) {
        return {
          kind: 'refused',
          failure: fail(
            'idempotency_key_reused',
            'This Idempotency-Key was used with another request body.',
            {
              idempotency_key: command.idempotencyKey,
            },
          ),
        };
      }
      return known !== undefined
        ? { kind: 'replayed', response: known.response }
        : { kind: 'repeated', order: seen!.order };
    }
    // A marketplace sending its order again, under any key and with any body, gets the first order.
    const external =
      command.input.external_id === undefined
        ? undefined
        : externalOrderKey(command.input.channel, command.input.external_id);
    if (external !== undefined) {
      const first = this.reads.knownExternalIds.get(external);
      if (first !== undefined) return { kind: 'replayed', response: first };
      const earlier = this.seenExternalIds.get(external);
      if (earlier !== undefined) return { kind: 'repeated', order: earlier };
    }
    const decided = this.reserveOrder(command);
    // A refused order records nothing, so a retry of the same key is tried afresh.
    if (!decided.ok) return { kind: 'refused', failure: decided };
    if (decided.value.consumedHoldId !== undefined) this.consumedHolds.add(decided.value.consumedHoldId);
    this.orders.push({ index, command, ...decided.value });
    this.seenKeys.set(key, { hash: command.requestHash, order: this.orders.length - 1 });
    if (external !== undefined) this.seenExternalIds.set(external, this.orders.length - 1);
    return { kind: 'placed', order: this.orders.length - 1 };
  }

  /** What each SKU of a channel pays, with its VAT rate: worked out once per batch and channel. */
  private linePrices(channel: string): ReadonlyMap<string, LinePrice> {
    let prices = this.linePricesByChannel.get(channel);
    if (prices === undefined) {
      const country = this.reads.channels.get(channel)!.country as TaxCountry;
      prices = new Map(
        [...(this.reads.prices.get(channel) ?? [])].map(([sku, price]) => [
          sku,
          linePrice(price, this.reads.skuTaxClasses.get(sku) as TaxClass, country),
        ]),
      );
      this.linePricesByChannel.set(channel, prices);
    }
    return prices;
  }

  /** Checks, prices and reserves one order; on success the book holds its reservation. */
  private reserveOrder(command: OrderCommand): Result<{
    priced: PricedOrder;
    allocations: Allocation[];
    waiting: WaitingUnits[];
    consumedHoldId: string | undefined;
  }> {
    const { input, caller } = command;
    const invalid = unknownReference(this.reads, input.channel, input.lines);
    if (invalid !== undefined) return invalid;
    const codes = this.promoCodeTerms(input);
    if (!codes.ok) return codes;
    const customer = customerKey(input.customer.email);
    const priced = priceLines(
      input.lines,
      this.linePrices(input.channel),
      this.reads.channels.get(input.channel)!.prices_include_tax === 1,
      codes.value.length === 0
        ? undefined
        : (gross) => this.promote(input.channel, customer, codes.value, gross),
    );
    if (!priced.ok) return priced;
    let held: readonly Allocation[] = [];
    let consumedHoldId: string | undefined;
    if (input.hold_id !== undefined) {
      const hold = this.reads.holds.get(input.hold_id);
      if (hold === undefined || hold.channel_code !== input.channel || !canSee(caller, hold.api_key_id)) {
        return fail('unknown_hold', `No hold ${input.hold_id} on channel ${input.channel}.`, {
          hold_id: input.hold_id,
        });
      }
      // A hold no longer active (expired, released, used by an earlier order) guarantees nothing:
      // the order then takes free stock like any other.
      if (hold.status === 'active' && !this.consumedHolds.has(hold.id)) {
        held = this.reads.heldAllocations.get(hold.id) ?? [];
        consumedHoldId = hold.id;
      }
    }
    const reserved = this.book.reserveOrBackorder(input.channel, input.lines, held);
    if (!reserved.ok) return reserved;
    for (const { code } of priced.value.promotions) {
      increment(this.promoCodeUses, code);
      increment(this.customerPromoUses, customerUseKey(code, customer));
    }
    return ok({ priced: priced.value, ...reserved.value, consumedHoldId });
  }

  /** The terms of the codes an order names; an unknown code refuses the order. */
  private promoCodeTerms(input: OrderCommand['input']): Result<PromoCodeTerms[]> {
    const codes = promoCodesOf(input);
    const unknown = codes.filter((code) => !this.reads.promoCodes.has(code));
    if (unknown.length > 0)
      return fail('unknown_promo_code', `No promo code ${unknown.join(', ')}.`, { promo_codes: unknown });
    return ok(codes.map((code) => this.reads.promoCodes.get(code)!));
  }

  /**
   * Checks each code against the order and its uses so far — stored, and taken by the orders of
   * this batch accepted before this one — and spreads their discounts over the lines.
   */
  private promote(
    channel: string,
    customer: string,
    codes: readonly PromoCodeTerms[],
    gross: readonly GrossLine[],
  ): Result<Promotion> {
    const order = { channel, atMs: this.reads.atMs, basketMinor: sum(gross.map((line) => line.totalMinor)) };
    for (const terms of codes) {
      const refused =
        checkTerms(terms, order) ??
        checkUses(terms, {
          total: terms.usedCount + (this.promoCodeUses.get(terms.code) ?? 0),
          byCustomer: this.usesBy(terms.code, customer),
        });
      if (refused !== undefined) return refused;
    }
    return applyPromoCodes(gross, codes);
  }

  private usesBy(code: string, customer: string): number {
    const key = customerUseKey(code, customer);
    return (this.reads.customerPromoUses.get(key) ?? 0) + (this.customerPromoUses.get(key) ?? 0);
  }
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** Decides every command of a batch, in arrival order, against what its transaction read. */
export function decideBatch<C extends BatchCommand>(
  reads: BatchReads,
  commands: readonly C[],
): BatchDecision<C> {
  const state = new BatchState<C>(reads);
  for (const [index, command] of commands.entries()) {
    state.decisions.push(
      command.kind === 'order'
        ? state.decideOrder(index, command as Extract<C, { kind: 'order' }>)
        : state.decideHold(index, command as Extract<C, { kind: 'hold' }>),
    );
  }
  return {
    decisions: state.decisions,
    orders: state.orders,
    holds: state.holds,
    consumedHoldIds: [...state.consumedHolds].sort(),
    stockDeltas: state.book.deltas(),
    waitingDeltas: state.book.waitingDeltas(),
    promoCodeUses: state.promoCodeUses,
  };
}
