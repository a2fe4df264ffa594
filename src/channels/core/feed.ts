/**
 * The availability feed's rules, pure: which outbox events may change what a channel is shown
 * (and so which SKUs to read again and push), and the lag figures of its pushes.
 */
import { bucketOf, emptyBuckets, percentileMs } from '../../ops/core/figures.js';

/** What an event may have changed in availability to promise. */
export type FeedChange =
  | { readonly kind: 'skus'; readonly skus: readonly string[] }
  /** An order, hold or shipment: its SKUs are its lines, allocations or items. */
  | { readonly kind: 'order' | 'hold' | 'shipment'; readonly id: string }
  /** Which stock counts for which channel changed (a location's channels, a freeze): read everything again. */
  | { readonly kind: 'everything' }
  | { readonly kind: 'nothing' };

/**
 * From an outbox event, what to read again. Stock moves through orders, holds and shipments and
 * through the SKU's own events (receipts, adjustments, buffers); a channel's links to locations
 * and its availability freezes change everything it is shown.
 */
export function feedChangeOf(event: {
  readonly type: string;
  readonly entity_type: string;
  readonly entity_id: string;
}): FeedChange {
  switch (event.entity_type) {
    case 'sku':
      return { kind: 'skus', skus: [event.entity_id] };
    case 'order':
    case 'hold':
    case 'shipment':
      return { kind: event.entity_type, id: event.entity_id };
    case 'location':
    case 'switch':
    case 'channel':
      return { kind: 'everything' };
    default:
      return { kind: 'nothing' };
  }
}

/** What a page of events asks: the SKUs named, and the orders, holds and shipments whose SKUs to find. */
export interface FeedWork {
  readonly everything: boolean;
  readonly skus: ReadonlySet<string>;
  readonly orders: ReadonlySet<string>;
  readonly holds: ReadonlySet<string>;
  readonly shipments: ReadonlySet<string>;
}

export function feedWorkOf(
  events: readonly { readonly type: string; readonly entity_type: string; readonly entity_id: string }[],
): FeedWork {
  const skus = new Set<string>();
  const ids = { order: new Set<string>(), hold: new Set<string>(), shipment: new Set<string>() };
  let everything = false;
  for (const event of events) {
    const change = feedChangeOf(event);
    if (change.kind === 'everything') everything = true;
    else if (change.kind === 'skus') for (const sku of change.skus) skus.add(sku);
    else if (change.kind !== 'nothing') ids[change.kind].add(change.id);
  }
  return { everything, skus, orders: ids.order, holds: ids.hold, shipments: ids.shipment };
}

/** A minute of a channel feed's lag: from a change committed to its figure acknowledged by the channel. */
export interface LagMinute {
  readonly count: number;
  readonly buckets: number[];
  readonly maxMs: number;
}

export function noLag(): LagMinute {
  return { count: 0, buckets: emptyBuckets(), maxMs: 0 };
}

export function addLag(minute: LagMinute, lagsMs: readonly number[]): LagMinute {
  const buckets = [...minute.buckets];
  let maxMs = minute.maxMs;
  for (const lag of lagsMs) {
    buckets[bucketOf(lag)]! += 1;
    maxMs = Math.max(maxMs, lag);
  }
  return { count: minute.count + lagsMs.length, buckets, maxMs };
}

export function mergeLag(minutes: readonly LagMinute[]): LagMinute {
  return minutes.reduce(
    (sum, minute) => ({
      count: sum.count + minute.count,
      buckets: sum.buckets.map((count, index) => count + (minute.buckets[index] ?? 0)),
      maxMs: Math.max(sum.maxMs, minute.maxMs),
    }),
    noLag(),
  );
}

/** The lag under which `quantile` of the changes were acknowledged (bucket bound); null without changes. */
export function lagPercentileMs(minute: LagMinute, quantile: number): number | null {
  return percentileMs(minute.buckets, quantile);
}
