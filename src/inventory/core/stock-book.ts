/**
 * The inventory rules, pure: available to promise per channel, all-or-nothing reservation of order
 * lines across the locations that ship for a channel, release, shipment, receipt and adjustment.
 * A `StockBook` is the working copy of the stock rows one transaction has read (and locked); the
 * store persists the changes the book reports. The rule `0 ≤ reserved ≤ on hand` is asserted on
 * every change here, and enforced again by the database's CHECK constraints.
 */

import { fail, ok, type Result } from '../../platform/core/errors.js';
import { limits } from '../../platform/core/limits.js';
import {
  assertTerms,
  type BackorderTerms,
  backorderAllowance,
  byExpectedDate,
  type IncomingLine,
  type WaitingUnits,
} from './backorders.js';

export interface StockRow {
  readonly sku: string;
  readonly locationCode: string;
  onHand: number;
  reserved: number;
}

export interface LineRequest {
  readonly sku: string;
  readonly quantity: number;
}

/** Units of one SKU reserved at one location for an order or a hold. */
export interface Allocation {
  readonly sku: string;
  readonly locationCode: string;
  readonly quantity: number;
}

/** A change to one stock row, applied by the store in place (`x = x + delta`). */
export interface StockDelta {
  readonly sku: string;
  readonly locationCode: string;
  readonly onHandDelta: number;
  readonly reservedDelta: number;
}

export interface ShortLine {
  readonly sku: string;
  readonly requested: number;
  readonly available: number;
}

/** A change to the units waiting under one SKU's terms on one channel (`waiting = waiting + delta`). */
export interface WaitingDelta {
  readonly sku: string;
  readonly channelCode: string;
  readonly delta: number;
}

/** What selling beyond stock is decided on: the terms of the SKUs read, what is incoming, and the day. */
export interface BackorderReads {
  /** Every terms row of the SKUs read, on every channel (units waiting on one channel wait ahead of another's). */
  readonly terms: readonly BackorderTerms[];
  /** Open purchase order lines of those SKUs. */
  readonly incoming: readonly IncomingLine[];
  /** The shop's civil date, `YYYY-MM-DD`. */
  readonly today: string;
}

/** Nothing sells beyond stock: no terms read. */
export const sellsFromStockOnly: BackorderReads = { terms: [], incoming: [], today: '' };

/** Units of an order, reserved where they are, and waiting for what is not yet here. */
export interface Reservation {
  readonly allocations: Allocation[];
  readonly waiting: WaitingUnits[];
}

/** A waiting order line served by stock that arrived. */
export interface ServedLine {
  readonly id: number;
  readonly sku: string;
  readonly channelCode: string;
  readonly locationCode: string;
  readonly quantity: number;
}

export function stockKey(sku: string, locationCode: string): string {
  return `${sku}\u0000${locationCode}`;
}

function assertRow(row: StockRow): void {
  if (!(Number.isSafeInteger(row.onHand) && Number.isSafeInteger(row.reserved))) {
    throw new Error(`stock invariant broken: non-integer stock for ${row.sku} at ${row.locationCode}`);
  }
  if (row.reserved < 0 || row.reserved > row.onHand) {
    throw new Error(
      `stock invariant broken for ${row.sku} at ${row.locationCode}: on hand ${row.onHand}, reserved ${row.reserved}`,
    );
  }
}

function free(row: StockRow): number {
  return row.onHand - row.reserved;
}

function assertPositive(quantity: number): void {
  if (!(Number.isSafeInteger(quantity) && quantity > 0)) {
    throw new Error(`stock invariant broken: a quantity of ${quantity} units moved`);
  }
}

function tooMuchStock(row: StockRow, delta: number) {
  return fail(
    'stock_limit_exceeded',
    `On hand cannot pass ${limits.stockQuantityMax} units per SKU and location.`,
    {
      sku: row.sku,
      location: row.locationCode,
      on_hand: row.onHand,
      delta,
      on_hand_max: limits.stockQuantityMax,
    },
  );
}

/** Available to promise: free stock less the channel's buffer, never below 0. */
export function availableFromFree(freeUnits: number, bufferQuantity: number): number {
  return Math.max(0, freeUnits - bufferQuantity);
}

/** Available to promise over the rows of the locations that ship for a channel. */
export function availableToPromise(rows: readonly StockRow[], bufferQuantity: number): number {
  let freeUnits = 0;
  for (const row of rows) freeUnits += free(row);
  return availableFromFree(freeUnits, bufferQuantity);
}

/** Sums requested quantities per SKU, keeping the order in which SKUs first appear. */
export function requestedBySku(lines: readonly LineRequest[]): Map<string, number> {
  const requested = new Map<string, number>();
  for (const line of lines) requested.set(line.sku, (requested.get(line.sku) ?? 0) + line.quantity);
  return requested;
}

type JournalEntry =
  | { readonly row: StockRow; readonly onHandDelta: number; readonly reservedDelta: number }
  | { readonly terms: BackorderTerms; readonly waitingDelta: number };

export class StockBook {
  private readonly rows = new Map<string, StockRow>();
  /** Changes made inside `attempt`, undone in reverse if it fails. */
  private journal: JournalEntry[] | undefined;
  private readonly changes = new Map<
    string,
    { sku: string; locationCode: string; onHandDelta: number; reservedDelta: number }
  >();
  /** Terms of selling beyond stock, keyed by `stockKey(sku, channel)`. */
  private readonly terms = new Map<string, BackorderTerms>();
  private readonly waitingChanges = new Map<string, { sku: string; channelCode: string; delta: number }>();

  /**
   * @param locationsByChannel the locations that ship for each channel
   * @param buffers safety stock held back, keyed by `stockKey(sku, channel)`
   * @param backorders what selling beyond stock is decided on; without it, nothing sells beyond stock
   */
  constructor(
    rows: readonly StockRow[],
    private readonly locationsByChannel: ReadonlyMap<string, readonly string[]>,
    private readonly buffers: ReadonlyMap<string, number> = new Map(),
    private readonly backorders: BackorderReads = sellsFromStockOnly,
  ) {
    for (const row of rows) {
      assertRow(row);
      this.rows.set(stockKey(row.sku, row.locationCode), { ...row });
    }
    for (const terms of backorders.terms) {
      assertTerms(terms);
      this.terms.set(stockKey(terms.sku, terms.channelCode), { ...terms });
    }
  }

  /** The row for a SKU at a location; a location that never received the SKU has an empty row. */
  row(sku: string, locationCode: string): StockRow {
    const key = stockKey(sku, locationCode);
    let row = this.rows.get(key);
    if (row === undefined) {
      row = { sku, locationCode, onHand: 0, reserved: 0 };
      this.rows.set(key, row);
    }
    return row;
  }

  available(channelCode: string, sku: string): number {
    const rows = this.channelLocations(channelCode).map((location) => this.row(sku, location));
    return availableToPromise(rows, this.buffers.get(stockKey(sku, channelCode)) ?? 0);
  }

  /** Units of a SKU a channel may still sell beyond its stock, and the date it would promise them. */
  backorderable(channelCode: string, sku: string) {
    const locations = new Set(this.channelLocations(channelCode));
    return backorderAllowance(
      this.terms.get(stockKey(sku, channelCode)),
      this.waitingOfSku(sku),
      byExpectedDate(
        this.backorders.incoming.filter((line) => line.sku === sku && locations.has(line.locationCode)),
      ),
      this.backorders.today,
    );
  }

  private waitingOfSku(sku: string): number {
    let waiting = 0;
    for (const terms of this.terms.values()) if (terms.sku === sku) waiting += terms.waiting;
    return waiting;
  }

  /**
   * Reserves every line or none. Units come first from the location with the most free stock, so
   * an order splits across locations only when no single one can serve it.
   */
  reserve(channelCode: string, lines: readonly LineRequest[]): Result<Allocation[]> {
    const requested = requestedBySku(lines);
    const short: ShortLine[] = [];
    for (const [sku, quantity] of requested) {
      const available = this.available(channelCode, sku);
      if (quantity > available) short.push({ sku, requested: quantity, available });
    }
    if (short.length > 0) {
      return fail('out_of_stock', 'Some lines cannot be reserved; nothing was reserved.', { lines: short });
    }
    const single = this.singleLocationFor(channelCode, requested);
    const allocations: Allocation[] = [];
    for (const [sku, quantity] of requested) {
      // Fullest location first, so that a split (when no single location can serve the order)
      // takes as few parcels as possible.
      const rows = (single === undefined ? this.channelLocations(channelCode) : [single])
        .map((location) => this.row(sku, location))
        .sort((a, b) => free(b) - free(a) || a.locationCode.localeCompare(b.locationCode));
      let remaining = quantity;
      for (const row of rows) {
        const take = Math.min(remaining, free(row));
        if (take <= 0) continue;
        this.change(row, 0, take);
        allocations.push({ sku, locationCode: row.locationCode, quantity: take });
        remaining -= take;
        if (remaining === 0) break;
      }
      if (remaining !== 0)
        throw new Error(`stock invariant broken: could not place ${sku} after checking availability`);
    }
    return ok(allocations);
  }

  /**
   * The location that can ship every requested line by itself, so the order leaves in one parcel;
   * among several, the one with the most free units of the requested SKUs.
   */
  private singleLocationFor(channelCode: string, requested: ReadonlyMap<string, number>): string | undefined {
    let best: { location: string; freeUnits: number } | undefined;
    for (const location of this.channelLocations(channelCode)) {
      let freeUnits = 0;
      let servesAll = true;
      for (const [sku, quantity] of requested) {
        const units = free(this.row(sku, location));
        if (units < quantity) servesAll = false;
        freeUnits += units;
      }
      const better =
        best === undefined ||
        freeUnits > best.freeUnits ||
        (freeUnits === best.freeUnits && location < best.location);
      if (servesAll && better) best = { location, freeUnits };
    }
    return best?.location;
  }

  /**
   * Runs several changes as one: when `work` fails, every change it made is undone, so a refused
   * order leaves the book exactly as it found it (several orders may share one book).
   */
  attempt<T>(work: () => Result<T>): Result<T> {
    if (this.journal !== undefined) throw new Error('StockBook.attempt cannot nest');
    this.journal = [];
    try {
      const result = work();
      if (!result.ok) {
        for (const entry of this.journal.reverse()) {
          if ('terms' in entry) {
            entry.terms.waiting -= entry.waitingDelta;
            this.waitingChanges.get(stockKey(entry.terms.sku, entry.terms.channelCode))!.delta -=
              entry.waitingDelta;
            continue;
          }
          entry.row.onHand -= entry.onHandDelta;
          entry.row.reserved -= entry.reservedDelta;
          const change = this.changes.get(stockKey(entry.row.sku, entry.row.locationCode))!;
          change.onHandDelta -= entry.onHandDelta;
          change.reservedDelta -= entry.reservedDelta;
        }
      }
      return result;
    } finally {
      this.journal = undefined;
    }
  }

  /**
   * Reserves an order's lines, taking first the units a checkout hold already reserved for it:
   * those stay where they are, whatever buffer or location change came since the hold. Held units
   * the order does not use return to free stock; lines the hold does not cover are reserved anew.
   * All or nothing.
   */
  reserveWithHeld(
    channelCode: string,
    lines: readonly LineRequest[],
    held: readonly Allocation[],
  ): Result<Allocation[]> {
    return this.attempt(() => this.reserveWithHeldInside(channelCode, lines, held));
  }

  private reserveWithHeldInside(
    channelCode: string,
    lines: readonly LineRequest[],
    held: readonly Allocation[],
  ): Result<Allocation[]> {
    {
      const missing = requestedBySku(lines);
      const kept: Allocation[] = [];
      const unused: Allocation[] = [];
      for (const allocation of held) {
        const take = Math.min(missing.get(allocation.sku) ?? 0, allocation.quantity);
        if (take > 0) {
          kept.push({ ...allocation, quantity: take });
          missing.set(allocation.sku, missing.get(allocation.sku)! - take);
        }
        if (allocation.quantity > take) unused.push({ ...allocation, quantity: allocation.quantity - take });
      }
      this.release(unused);
      const rest = [...missing]
        .filter(([, quantity]) => quantity > 0)
        .map(([sku, quantity]) => ({ sku, quantity }));
      const reserved = this.reserve(channelCode, rest);
      if (!reserved.ok) {
        // What the buyer could have had: the units held for them plus the free units.
        const heldBySku = requestedBySku(kept);
        const short = (reserved.details?.lines as ShortLine[]).map((line) => ({
          sku: line.sku,
          requested: line.requested + (heldBySku.get(line.sku) ?? 0),
          available: line.available + (heldBySku.get(line.sku) ?? 0),
        }));
        return fail(reserved.code, reserved.message, { lines: short });
      }
      return ok([...kept, ...reserved.value]);
    }
  }

  /**
   * An order's reservation when its terms allow selling beyond stock: what stock (and its hold) can
   * serve is reserved as `reserveWithHeld` does, and the rest of each SKU waits under the channel's
   * terms, with the date they promise. Refused whole, as `out_of_stock`, when any SKU wants more than
   * stock and its terms together; `available` then counts both.
   */
  reserveOrBackorder(
    channelCode: string,
    lines: readonly LineRequest[],
    held: readonly Allocation[],
  ): Result<Reservation> {
    // Most batches read no terms at all: their orders sell from stock only, checked once.
    if (this.terms.size === 0) {
      const reserved = this.reserveWithHeld(channelCode, lines, held);
      return reserved.ok ? ok({ allocations: reserved.value, waiting: [] }) : reserved;
    }
    return this.attempt(() => {
      const requested = requestedBySku(lines);
      const heldBySku = requestedBySku(held);
      const short: ShortLine[] = [];
      const beyond: { sku: string; quantity: number }[] = [];
      for (const [sku, quantity] of requested) {
        const fromStock = this.available(channelCode, sku) + (heldBySku.get(sku) ?? 0);
        if (quantity <= fromStock) continue;
        const allowed = this.backorderable(channelCode, sku).units;
        if (quantity > fromStock + allowed)
          short.push({ sku, requested: quantity, available: fromStock + allowed });
        else beyond.push({ sku, quantity: quantity - fromStock });
      }
      if (short.length > 0) {
        return fail('out_of_stock', 'Some lines cannot be reserved; nothing was reserved.', { lines: short });
      }
      const waiting: WaitingUnits[] = [];
      for (const { sku, quantity } of beyond) {
        const terms = this.terms.get(stockKey(sku, channelCode))!;
        const promisedOn = this.backorderable(channelCode, sku).promisedOn(quantity);
        this.changeWaiting(terms, quantity);
        waiting.push({ sku, quantity, mode: terms.mode, promisedOn });
      }
      const fromStock = lines.length === 0 ? [] : this.linesLess(requested, beyond);
      const reserved = this.reserveWithHeldInside(channelCode, fromStock, held);
      if (!reserved.ok) throw new Error('stock invariant broken: stock checked as available was refused');
      return ok({ allocations: reserved.value, waiting });
    });
  }

  private linesLess(
    requested: ReadonlyMap<string, number>,
    beyond: readonly { sku: string; quantity: number }[],
  ): LineRequest[] {
    const less = new Map(beyond.map((line) => [line.sku, line.quantity]));
    return [...requested]
      .map(([sku, quantity]) => ({ sku, quantity: quantity - (less.get(sku) ?? 0) }))
      .filter((line) => line.quantity > 0);
  }

  /**
   * Serves waiting order lines from the free units of `locationCode`, first come first served:
   * `queue` in its order, each taking what is free up to its need. Units waiting under the terms
   * fall by what each was served. A line whose channel does not ship from the location is passed.
   */
  serveWaiting(
    locationCode: string,
    queue: readonly { id: number; sku: string; channelCode: string; waiting: number }[],
  ): ServedLine[] {
    const served: ServedLine[] = [];
    for (const line of queue) {
      if (!this.channelLocations(line.channelCode).includes(locationCode)) continue;
      const row = this.row(line.sku, locationCode);
      const quantity = Math.min(line.waiting, free(row));
      if (quantity <= 0) continue;
      this.change(row, 0, quantity);
      const terms = this.terms.get(stockKey(line.sku, line.channelCode));
      if (terms === undefined)
        throw new Error(
          `backorder invariant broken: ${line.sku} waits on ${line.channelCode} under no terms`,
        );
      this.changeWaiting(terms, -quantity);
      served.push({ id: line.id, sku: line.sku, channelCode: line.channelCode, locationCode, quantity });
    }
    return served;
  }

  /** Units that will wait no more (their order was cancelled): the terms may sell them again. */
  stopWaiting(channelCode: string, sku: string, quantity: number): void {
    assertPositive(quantity);
    const terms = this.terms.get(stockKey(sku, channelCode));
    if (terms === undefined)
      throw new Error(`backorder invariant broken: ${sku} waits on ${channelCode} under no terms`);
    this.changeWaiting(terms, -quantity);
  }

  /**
   * Reserves units at the named locations, as a sourcing plan moved them there: the plan was made on
   * these rows, so units that are not free is a bug (the row's invariant throws), not a refusal.
   */
  reserveAt(allocations: readonly Allocation[]): void {
    for (const allocation of allocations) {
      assertPositive(allocation.quantity);
      this.change(this.row(allocation.sku, allocation.locationCode), 0, allocation.quantity);
    }
  }

  /** Returns reserved units to free stock (a cancelled order, a released or expired hold). */
  release(allocations: readonly Allocation[]): void {
    for (const allocation of allocations)
      this.change(this.row(allocation.sku, allocation.locationCode), 0, -allocation.quantity);
  }

  /** Reserved units leave the building: on hand and reserved both fall. */
  ship(allocations: readonly Allocation[]): void {
    for (const allocation of allocations) {
      this.change(
        this.row(allocation.sku, allocation.locationCode),
        -allocation.quantity,
        -allocation.quantity,
      );
    }
  }

  /** Stock arrives; refused when on hand would pass the limit every quantity is kept under. */
  receive(sku: string, locationCode: string, quantity: number): Result<StockRow> {
    assertPositive(quantity);
    const row = this.row(sku, locationCode);
    if (row.onHand + quantity > limits.stockQuantityMax) return tooMuchStock(row, quantity);
    this.change(row, quantity, 0);
    return ok({ ...row });
  }

  /** Corrects on hand by `delta`; refused when it would leave less on hand than is reserved. */
  adjust(sku: string, locationCode: string, delta: number): Result<StockRow> {
    const row = this.row(sku, locationCode);
    if (row.onHand + delta < row.reserved) {
      return fail('insufficient_stock', 'On hand cannot fall below what is reserved.', {
        sku,
        location: locationCode,
        on_hand: row.onHand,
        reserved: row.reserved,
        delta,
      });
    }
    if (row.onHand + delta > limits.stockQuantityMax) return tooMuchStock(row, delta);
    this.change(row, delta, 0);
    return ok({ ...row });
  }

  /** What changed since the book was made, row by row, for the store to apply. */
  deltas(): StockDelta[] {
    return [...this.changes.values()].filter(
      (change) => change.onHandDelta !== 0 || change.reservedDelta !== 0,
    );
  }

  /** What changed in the units waiting under each terms row, for the store to apply. */
  waitingDeltas(): WaitingDelta[] {
    return [...this.waitingChanges.values()].filter((change) => change.delta !== 0);
  }

  private changeWaiting(terms: BackorderTerms, delta: number): void {
    terms.waiting += delta;
    assertTerms(terms);
    const key = stockKey(terms.sku, terms.channelCode);
    const change = this.waitingChanges.get(key) ?? {
      sku: terms.sku,
      channelCode: terms.channelCode,
      delta: 0,
    };
    change.delta += delta;
    this.waitingChanges.set(key, change);
    this.journal?.push({ terms, waitingDelta: delta });
  }

  private channelLocations(channelCode: string): readonly string[] {
    return this.locationsByChannel.get(channelCode) ?? [];
  }

  private change(row: StockRow, onHandDelta: number, reservedDelta: number): void {
    row.onHand += onHandDelta;
    row.reserved += reservedDelta;
    assertRow(row);
    const key = stockKey(row.sku, row.locationCode);
    const change = this.changes.get(key) ?? {
      sku: row.sku,
      locationCode: row.locationCode,
      onHandDelta: 0,
      reservedDelta: 0,
    };
    change.onHandDelta += onHandDelta;
    change.reservedDelta += reservedDelta;
    this.changes.set(key, change);
    this.journal?.push({ row, onHandDelta, reservedDelta });
  }
}
