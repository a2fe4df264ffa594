/**
 * The inventory rules, pure: available to promise per channel, all-or-nothing reservation of order
 * lines across the locations that ship for a channel, release, shipment, receipt and adjustment.
 * A `StockBook` is the working copy of the stock rows one transaction has read (and locked); the
 * store persists the changes the book reports. The rule `0 ≤ reserved ≤ on hand` is asserted on
 * every change here, and enforced again by the database's CHECK constraints.
 */

import { fail, ok, type Result } from '../../platform/core/errors.js';
import { limits } from '../../platform/core/limits.js';

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

export class StockBook {
  private readonly rows = new Map<string, StockRow>();
  /** Changes made inside `attempt`, undone in reverse if it fails. */
  private journal: { row: StockRow; onHandDelta: number; reservedDelta: number }[] | undefined;
  private readonly changes = new Map<
    string,
    { sku: string; locationCode: string; onHandDelta: number; reservedDelta: number }
  >();

  /**
   * @param locationsByChannel the locations that ship for each channel
   * @param buffers safety stock held back, keyed by `stockKey(sku, channel)`
   */
  constructor(
    rows: readonly StockRow[],
    private readonly locationsByChannel: ReadonlyMap<string, readonly string[]>,
    private readonly buffers: ReadonlyMap<string, number> = new Map(),
  ) {
    for (const row of rows) {
      assertRow(row);
      this.rows.set(stockKey(row.sku, row.locationCode), { ...row });
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
    return this.attempt(() => {
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
    });
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
