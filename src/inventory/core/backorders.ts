/**
 * Selling beyond stock, pure: how many units of a SKU a channel may still sell when its stock is
 * gone, and the date promised for them. A *backorder* sells against purchase orders on their way,
 * never more than they bring; a *pre-order* sells before a release date. Either way the shop sets a
 * limit per SKU and channel, and the units waiting never pass it (the database checks it too).
 *
 * Units waiting are served first come, first served as stock arrives; `planWaiting` dates each
 * waiting line against what is incoming, so that a late or short purchase order shows at once which
 * promises it breaks.
 */

export const backorderModes = ['backorder', 'preorder'] as const;
export type BackorderMode = (typeof backorderModes)[number];

/** The terms of selling one SKU beyond stock on one channel, with the units now waiting under them. */
export interface BackorderTerms {
  readonly sku: string;
  readonly channelCode: string;
  readonly mode: BackorderMode;
  /** The most units that may wait at once. */
  readonly limit: number;
  waiting: number;
  /** Pre-orders: the civil date the SKU is released, `YYYY-MM-DD`; they are taken until the day before. */
  readonly releaseOn: string | null;
  /** Sells nothing more beyond stock for now; the units waiting still wait. */
  readonly paused: boolean;
}

/** Units of a SKU still to arrive on one open purchase order. */
export interface IncomingLine {
  readonly sku: string;
  readonly purchaseOrderId: string;
  readonly locationCode: string;
  readonly expectedOn: string;
  /** Ordered less received, never below 0. */
  readonly remaining: number;
}

/** Units of one order line sold beyond stock. */
export interface WaitingUnits {
  readonly sku: string;
  readonly quantity: number;
  readonly mode: BackorderMode;
  /** The date promised: the release date of a pre-order, the arrival covering a backorder. */
  readonly promisedOn: string | null;
}

export function isBackorderMode(value: string): value is BackorderMode {
  return (backorderModes as readonly string[]).includes(value);
}

export function assertTerms(terms: BackorderTerms): void {
  if (!(Number.isSafeInteger(terms.waiting) && Number.isSafeInteger(terms.limit))) {
    throw new Error(`backorder invariant broken: non-integer units for ${terms.sku} on ${terms.channelCode}`);
  }
  if (terms.waiting < 0 || terms.waiting > terms.limit) {
    throw new Error(
      `backorder invariant broken for ${terms.sku} on ${terms.channelCode}: ${terms.waiting} waiting, limit ${terms.limit}`,
    );
  }
}

/** Incoming units in the order they are expected, earliest first (a purchase order's id breaks ties). */
export function byExpectedDate(incoming: readonly IncomingLine[]): IncomingLine[] {
  return [...incoming]
    .filter((line) => line.remaining > 0)
    .sort(
      (a, b) =>
        a.expectedOn.localeCompare(b.expectedOn) || a.purchaseOrderId.localeCompare(b.purchaseOrderId),
    );
}

/**
 * The date by which `units` more can be served when `ahead` units already wait in front of them:
 * the expected date of the arrival that covers the last of them; null when what is incoming falls
 * short. `incoming` is earliest first.
 */
export function coveringDate(incoming: readonly IncomingLine[], ahead: number, units: number): string | null {
  let covered = 0;
  for (const line of incoming) {
    covered += line.remaining;
    if (covered >= ahead + units) return line.expectedOn;
  }
  return null;
}

/**
 * What the terms still allow, and the date they promise. `waitingOfSku` is every unit of the SKU
 * waiting on any channel (they are served before these); `incoming` is what is on its way to the
 * locations that ship for the channel, earliest first; `today` is the shop's civil date.
 */
export function backorderAllowance(
  terms: BackorderTerms | undefined,
  waitingOfSku: number,
  incoming: readonly IncomingLine[],
  today: string,
): { readonly units: number; readonly promisedOn: (units: number) => string | null } {
  const none = { units: 0, promisedOn: () => null };
  if (terms === undefined || terms.paused) return none;
  const left = terms.limit - terms.waiting;
  if (terms.mode === 'preorder') {
    // On its release day the SKU sells from stock like any other.
    if (terms.releaseOn === null || today >= terms.releaseOn) return none;
    return { units: Math.max(0, left), promisedOn: () => terms.releaseOn };
  }
  const incomingUnits = incoming.reduce((total, line) => total + line.remaining, 0);
  return {
    units: Math.max(0, Math.min(left, incomingUnits - waitingOfSku)),
    promisedOn: (units) => coveringDate(incoming, waitingOfSku, units),
  };
}

/** One order line waiting for stock, as the queue holds it. */
export interface QueuedLine {
  readonly id: number;
  readonly channelCode: string;
  readonly waiting: number;
  /** The date it is now expected by; null when nothing incoming covers it. */
  readonly expectedOn: string | null;
}

/** A waiting line whose date changed. */
export interface Replanned {
  readonly id: number;
  readonly expectedOn: string | null;
}

/**
 * Dates every waiting line of one SKU again, in queue order, against what is incoming (earliest
 * first): a line is expected when the arrivals cover it and the units ahead of it. An arrival whose
 * date has passed is late and promises nothing until its purchase order gets a new date. A
 * pre-order line keeps its release date while the day is ahead, unless the arrivals known cover it
 * only later (`releaseOn` by channel). Answers the lines whose date changed.
 */
export function planWaiting(
  queue: readonly QueuedLine[],
  incoming: readonly IncomingLine[],
  releaseOn: ReadonlyMap<string, string>,
  today: string,
): Replanned[] {
  const changed: Replanned[] = [];
  let ahead = 0;
  for (const line of queue) {
    let planned = coveringDate(incoming, ahead, line.waiting);
    ahead += line.waiting;
    if (planned !== null && planned < today) planned = null;
    const release = releaseOn.get(line.channelCode);
    if (release !== undefined && release > today && (planned === null || planned <= release))
      planned = release;
    if (planned !== line.expectedOn) changed.push({ id: line.id, expectedOn: planned });
  }
  return changed;
}

/** Whether a waiting line is behind its promise: expected later than promised, or not expected at all. */
export function isDelayed(promisedOn: string | null, expectedOn: string | null): boolean {
  return expectedOn === null || (promisedOn !== null && expectedOn > promisedOn);
}
