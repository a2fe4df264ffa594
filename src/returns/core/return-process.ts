/**
 * The return process as data, and its rules, pure: the reasons a customer may give, a channel's
 * terms, how many units of an order may still be returned, and whether an authorisation or a receipt
 * may be made. A return is authorised, its parcel received (in one receipt or several, each unit
 * inspected: resellable or damaged), then refunded; or cancelled before anything came back.
 */

import type { OrderStatus } from '../../orders/core/order-process.js';
import { fail, ok, type Result } from '../../platform/core/errors.js';
import { limits } from '../../platform/core/limits.js';
import { assertAllReachable } from '../../platform/core/state-table.js';

export const returnStatuses = ['authorised', 'received', 'refunded', 'cancelled'] as const;
export type ReturnStatus = (typeof returnStatuses)[number];

export const initialReturnStatus: ReturnStatus = 'authorised';

/** `received → received` is another receipt, for the units of a return that come back in several parcels. */
export const returnTransitions = {
  authorised: ['received', 'cancelled'],
  received: ['received', 'refunded'],
  refunded: [],
  cancelled: [],
} as const satisfies Record<ReturnStatus, readonly ReturnStatus[]>;

// A state no return can reach is a broken table: the module refuses to load.
assertAllReachable('return', returnStatuses, returnTransitions, initialReturnStatus);

/** What a refused move answers, by where it was going. */
const refusals = {
  authorised: 'invalid_transition',
  received: 'return_not_receivable',
  refunded: 'return_not_refundable',
  cancelled: 'invalid_transition',
} as const satisfies Record<ReturnStatus, string>;

export function isReturnStatus(value: string): value is ReturnStatus {
  return (returnStatuses as readonly string[]).includes(value);
}

export function checkReturnMove(from: ReturnStatus, to: ReturnStatus): Result<null> {
  const allowed: readonly ReturnStatus[] = returnTransitions[from];
  if (allowed.includes(to)) return ok(null);
  const why = {
    authorised: 'A return cannot go back to authorised.',
    received: `A ${from} return receives nothing more.`,
    refunded: {
      authorised: 'Nothing of this return was received yet: it is refunded once its units are back.',
      received: '',
      refunded: 'This return was refunded already.',
      cancelled: 'A cancelled return is not refunded.',
    }[from],
    cancelled:
      from === 'cancelled'
        ? 'This return was cancelled already.'
        : `A ${from} return cannot be cancelled: units of it came back.`,
  }[to];
  return fail(refusals[to], why, { from, to, allowed });
}

/** The reasons a customer picks from; `other` asks for a note. */
export const returnReasons = [
  'changed_mind',
  'wrong_size',
  'defective',
  'damaged_in_transit',
  'wrong_item',
  'not_as_described',
  'arrived_late',
  'other',
] as const;
export type ReturnReason = (typeof returnReasons)[number];

/**
 * The reasons that are the shop's doing (or its carrier's), not the customer's: they may have the
 * shipping refunded (see the channel's terms). A late parcel is the carrier's promise missed, yet
 * the goods are as ordered: it is not among them.
 */
export const shopFaultReasons: readonly ReturnReason[] = [
  'defective',
  'damaged_in_transit',
  'wrong_item',
  'not_as_described',
];

/** When the shipping the customer paid is refunded: each true condition is enough. */
export interface ShippingRefundRule {
  readonly wholeOrder: boolean;
  readonly shopFault: boolean;
}

export interface ReturnPolicy {
  readonly windowDays: number;
  readonly shippingRefund: ShippingRefundRule;
  /** Where the channel's returns are sent back to; null: named per return. */
  readonly locationCode: string | null;
}

/**
 * A channel's terms when it set none. The EU gives 14 days to withdraw, and a withdrawal of the
 * whole order has its standard delivery refunded (Directive 2011/83/EU, art. 9 and 13); a fault of
 * the shop costs the customer nothing either.
 */
export const defaultReturnPolicy: ReturnPolicy = {
  windowDays: limits.returnWindowDaysDefault,
  shippingRefund: { wholeOrder: true, shopFault: true },
  locationCode: null,
};

/** The order statuses a return may be authorised from: all delivered, and not all of it back. */
export const returnableOrderStatuses: readonly OrderStatus[] = ['delivered', 'partially_returned'];

/** A line of an earlier return of the same order. */
export interface HeldLine {
  readonly status: ReturnStatus;
  readonly sku: string;
  readonly quantity: number;
  readonly received: number;
}

/**
 * Units of a SKU a return keeps from being returned again: all it authorised while it is open, what
 * came back once it is refunded (the units never sent are free again), none once cancelled.
 */
export function unitsHeld(line: HeldLine): number {
  switch (line.status) {
    case 'authorised':
    case 'received':
      return line.quantity;
    case 'refunded':
      return line.received;
    case 'cancelled':
      return 0;
  }
}

export interface ReturnableSku {
  readonly sku: string;
  readonly delivered: number;
  /** Held by the order's other returns (see `unitsHeld`). */
  readonly held: number;
  readonly returnable: number;
}

/**
 * Per SKU of the order (in the order of its lines, a SKU on two lines counted once): what was
 * delivered, what its returns hold, and what may still be returned.
 */
export function returnableUnits(
  delivered: readonly { readonly sku: string; readonly quantity: number }[],
  returns: readonly HeldLine[],
): Map<string, ReturnableSku> {
  const units = new Map<string, number>();
  for (const line of delivered) units.set(line.sku, (units.get(line.sku) ?? 0) + line.quantity);
  const held = new Map<string, number>();
  for (const line of returns) held.set(line.sku, (held.get(line.sku) ?? 0) + unitsHeld(line));
  const result = new Map<string, ReturnableSku>();
  for (const [sku, quantity] of units) {
    const taken = held.get(sku) ?? 0;
    if (taken > quantity) throw new Error(`return invariant broken: ${taken} of ${quantity} ${sku} held`);
    result.set(sku, { sku, delivered: quantity, held: taken, returnable: quantity - taken });
  }
  return result;
}

export interface AuthorisationLine {
  readonly sku: string;
  readonly quantity: number;
  readonly reason: ReturnReason;
  readonly note?: string;
}

/** What an authorisation is decided on: the order as it is, and the instant. */
export interface AuthorisationFacts {
  readonly orderStatus: string;
  readonly deliveredAtMs: number | null;
  /** The end of the return window: the first instant a return is refused. */
  readonly windowClosesAtMs: number | null;
  readonly nowMs: number;
  readonly returnable: ReadonlyMap<string, ReturnableSku>;
  readonly returnsOfOrder: number;
}

function duplicateSkus(lines: readonly { readonly sku: string }[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const line of lines) (seen.has(line.sku) ? twice : seen).add(line.sku);
  return [...twice];
}

/** Whether a return of `lines` may be authorised on this order, now. */
export function checkAuthorisation(
  lines: readonly AuthorisationLine[],
  facts: AuthorisationFacts,
): Result<null> {
  if (!(returnableOrderStatuses as readonly string[]).includes(facts.orderStatus)) {
    return fail(
      'order_not_returnable',
      facts.orderStatus === 'returned'
        ? 'Every unit of this order is back already.'
        : `A ${facts.orderStatus} order is not returned: a return starts once it is delivered.`,
      { status: facts.orderStatus, returnable_statuses: returnableOrderStatuses },
    );
  }
  if (facts.windowClosesAtMs === null || facts.deliveredAtMs === null)
    throw new Error('return invariant broken: a delivered order without its delivery instant');
  if (facts.nowMs >= facts.windowClosesAtMs) {
    return fail('return_window_closed', 'The return window of this order is closed.', {
      delivered_at: new Date(facts.deliveredAtMs).toISOString(),
      closed_at: new Date(facts.windowClosesAtMs).toISOString(),
    });
  }
  if (facts.returnsOfOrder >= limits.returnsPerOrderMax) {
    return fail('limit_reached', `An order has at most ${limits.returnsPerOrderMax} returns.`, {
      returns_max: limits.returnsPerOrderMax,
    });
  }
  const twice = duplicateSkus(lines);
  if (twice.length > 0) {
    return fail('validation_failed', 'Each SKU comes once in a return, with one reason.', { skus: twice });
  }
  const unexplained = lines.filter((line) => line.reason === 'other' && (line.note ?? '').trim() === '');
  if (unexplained.length > 0) {
    return fail('validation_failed', 'A return for another reason says which, in its note.', {
      skus: unexplained.map((line) => line.sku),
    });
  }
  const over = lines.filter((line) => line.quantity > (facts.returnable.get(line.sku)?.returnable ?? 0));
  if (over.length > 0) {
    return fail('return_quantity_exceeded', 'Some lines ask to return more than may still be returned.', {
      lines: over.map((line) => ({
        sku: line.sku,
        requested: line.quantity,
        delivered: facts.returnable.get(line.sku)?.delivered ?? 0,
        returnable: facts.returnable.get(line.sku)?.returnable ?? 0,
      })),
    });
  }
  return ok(null);
}

/** A line of the return as it stands, before a receipt. */
export interface ReturnLineState {
  readonly sku: string;
  readonly quantity: number;
  readonly received: number;
}

export interface ReceiptLine {
  readonly sku: string;
  readonly resellable: number;
  readonly damaged: number;
  readonly damageReason?: string;
}

/** Whether a receipt of `lines` may be made on a return in `status` with these lines. */
export function checkReceipt(
  status: ReturnStatus,
  current: readonly ReturnLineState[],
  lines: readonly ReceiptLine[],
): Result<null> {
  const move = checkReturnMove(status, 'received');
  if (!move.ok) return move;
  const twice = duplicateSkus(lines);
  if (twice.length > 0) {
    return fail('validation_failed', 'Each SKU comes once in a receipt.', { skus: twice });
  }
  const empty = lines.filter((line) => line.resellable + line.damaged === 0);
  if (empty.length > 0) {
    return fail('validation_failed', 'Each line of a receipt counts at least one unit.', {
      skus: empty.map((line) => line.sku),
    });
  }
  const unexplained = lines.filter((line) => line.damaged > 0 && (line.damageReason ?? '').trim() === '');
  if (unexplained.length > 0) {
    return fail('validation_failed', 'Damaged units are written off with a reason: give damage_reason.', {
      skus: unexplained.map((line) => line.sku),
    });
  }
  const bySku = new Map(current.map((line) => [line.sku, line]));
  const over = lines.filter((line) => {
    const authorised = bySku.get(line.sku);
    return (
      authorised === undefined || authorised.received + line.resellable + line.damaged > authorised.quantity
    );
  });
  if (over.length > 0) {
    return fail('return_quantity_exceeded', 'Some lines receive more units than the return authorised.', {
      lines: over.map((line) => ({
        sku: line.sku,
        receiving: line.resellable + line.damaged,
        authorised: bySku.get(line.sku)?.quantity ?? 0,
        received: bySku.get(line.sku)?.received ?? 0,
      })),
    });
  }
  return ok(null);
}

/**
 * What the order becomes once units came back: `partially_returned` with its first units,
 * `returned` when every delivered unit is back; null while nothing is.
 */
export function orderStatusAfterReceipts(
  deliveredUnits: number,
  receivedUnits: number,
): 'partially_returned' | 'returned' | null {
  if (receivedUnits < 0 || receivedUnits > deliveredUnits)
    throw new Error(`return invariant broken: ${receivedUnits} of ${deliveredUnits} units received`);
  if (receivedUnits === 0) return null;
  return receivedUnits === deliveredUnits ? 'returned' : 'partially_returned';
}
