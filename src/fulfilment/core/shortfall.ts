/**
 * A location going short, pure: units found broken or missing at a location, even units reserved
 * there. On hand must never fall below reserved, so the reservations the loss takes are released
 * first, in this order: checkout holds (the newest first), orders not yet shipped from there (placed
 * or paid, the newest first, as the oldest have waited longest), then orders whose parcel was made
 * at that location (the newest first). An order that loses units is re-sourced: its units are
 * reserved at another location of its channel if any has them free; what cannot be is short, and
 * flagged. A parcel already made at the location is flagged, never moved.
 */

import {
  type Allocation,
  StockBook,
  type StockDelta,
  type StockRow,
} from '../../inventory/core/stock-book.js';
import { fail, ok, type Result } from '../../platform/core/errors.js';

/** A reservation at the short location: whose, how many units, and what it is for. */
export interface Claim {
  readonly kind: 'hold' | 'order';
  readonly ownerId: string;
  readonly quantity: number;
  readonly channel: string;
  /** An order's status (`placed`, `paid`, `fulfilling`); `active` for a hold. */
  readonly status: string;
  readonly createdAtMs: number;
}

export interface ShortfallInput {
  readonly sku: string;
  readonly location: string;
  /** Units lost: broken, missing. */
  readonly quantity: number;
  /** The SKU's rows at every location. */
  readonly rows: readonly StockRow[];
  readonly claims: readonly Claim[];
  readonly locationsByChannel: ReadonlyMap<string, readonly string[]>;
}

export interface ShortfallPlan {
  /** Units released at the short location, per claim. */
  readonly taken: readonly {
    readonly kind: Claim['kind'];
    readonly ownerId: string;
    readonly quantity: number;
  }[];
  /** Orders' units reserved again elsewhere. */
  readonly moved: readonly { readonly ownerId: string; readonly allocations: readonly Allocation[] }[];
  /** Units no location could take back: the order (or its parcel, or the hold) is short of them. */
  readonly short: readonly {
    readonly kind: 'hold' | 'order' | 'parcel';
    readonly ownerId: string;
    readonly quantity: number;
  }[];
  readonly deltas: readonly StockDelta[];
}

const unshipped = new Set(['placed', 'paid']);

function rank(claim: Claim): number {
  if (claim.kind === 'hold') return 0;
  return unshipped.has(claim.status) ? 1 : 2;
}

export function planShortfall(input: ShortfallInput): Result<ShortfallPlan> {
  const { sku, location, quantity } = input;
  if (!(Number.isSafeInteger(quantity) && quantity > 0)) throw new Error(`a shortfall of ${quantity} units`);
  const book = new StockBook(input.rows, input.locationsByChannel);
  const row = book.row(sku, location);
  if (quantity > row.onHand) {
    return fail(
      'insufficient_stock',
      `Only ${row.onHand} units are on hand at ${location}: ${quantity} cannot be lost.`,
      {
        sku,
        location,
        on_hand: row.onHand,
        quantity,
      },
    );
  }
  let need = Math.max(0, quantity - (row.onHand - row.reserved));
  const claimed = input.claims.reduce((sum, claim) => sum + claim.quantity, 0);
  if (claimed !== row.reserved) {
    throw new Error(
      `shortfall invariant broken: ${claimed} units claimed of ${row.reserved} reserved at ${location}`,
    );
  }
  const order = [...input.claims].sort(
    (a, b) => rank(a) - rank(b) || b.createdAtMs - a.createdAtMs || (a.ownerId < b.ownerId ? 1 : -1),
  );
  const taken: { kind: Claim['kind']; ownerId: string; quantity: number; claim: Claim }[] = [];
  for (const claim of order) {
    if (need === 0) break;
    const units = Math.min(claim.quantity, need);
    book.release([{ sku, locationCode: location, quantity: units }]);
    taken.push({ kind: claim.kind, ownerId: claim.ownerId, quantity: units, claim });
    need -= units;
  }
  const lost = book.adjust(sku, location, -quantity);
  if (!lost.ok) throw new Error(`shortfall invariant broken: ${lost.message}`);

  const moved: { ownerId: string; allocations: Allocation[] }[] = [];
  const short: { kind: 'hold' | 'order' | 'parcel'; ownerId: string; quantity: number }[] = [];
  for (const { kind, ownerId, quantity: units, claim } of taken) {
    if (kind === 'hold' || !unshipped.has(claim.status)) {
      short.push({ kind: kind === 'hold' ? 'hold' : 'parcel', ownerId, quantity: units });
      continue;
    }
    const again = Math.min(units, book.available(claim.channel, sku));
    if (again > 0) {
      const reserved = book.reserve(claim.channel, [{ sku, quantity: again }]);
      if (!reserved.ok) throw new Error(`shortfall invariant broken: ${reserved.message}`);
      moved.push({ ownerId, allocations: reserved.value });
    }
    if (units > again) short.push({ kind: 'order', ownerId, quantity: units - again });
  }
  return ok({
    taken: taken.map(({ kind, ownerId, quantity: units }) => ({ kind, ownerId, quantity: units })),
    moved,
    short,
    deltas: book.deltas(),
  });
}
