/**
 * The audit after a rehearsal: are the promises kept? The checks are pure functions of what the
 * driver saw and what the API answers afterwards; `collectAuditInput` reads the latter.
 */

import type { Reconciliation } from '../inventory/contract.js';
import type { Order } from '../orders/contract.js';
import { rehearsalLimits as limits } from '../platform/core/limits.js';
import type { Page } from '../platform/http/schemas.js';
import {
  type AdventAuditInput,
  type AdventFigures,
  adventCheckTitles,
  adventFigures,
  adventFindings,
} from './advent-audit.js';
import { inParallel, type Transport } from './http.js';
import type { AcknowledgedOrder, RetryMismatch } from './load.js';

export interface StartingStock {
  readonly sku: string;
  readonly onHand: number;
  readonly locations: Readonly<Record<string, number>>;
}

/** What the audit reads of an order: its id, status, external id and lines' units. */
export type ListedOrder = Readonly<Pick<Order, 'id' | 'status' | 'external_id'>> & {
  readonly lines: readonly Pick<Order['lines'][number], 'sku' | 'quantity'>[];
};

export interface AuditInput {
  readonly startingStock: readonly StartingStock[];
  readonly acknowledged: readonly AcknowledgedOrder[];
  readonly retryMismatches: readonly RetryMismatch[];
  /** Orders the server answered 200 to cancelling. */
  readonly cancelled: readonly string[];
  /** Orders whose cancelling got no answer: either status is right for them. */
  readonly cancelUnanswered: readonly string[];
  /** Orders a capture of their whole total was answered for (a crash drill pays some): they are paid. */
  readonly paid?: readonly string[];
  /** Orders whose capture of their whole total got no answer: placed or paid is right for them. */
  readonly payUnanswered?: readonly string[];
  /** The rehearsal's orders as GET /v1/orders lists them. */
  readonly listing: readonly ListedOrder[];
  /** GET /v1/orders/{id} of acknowledged orders: the status, and the order when 200. */
  readonly reads: ReadonlyMap<string, { status: number; order?: ListedOrder }>;
  readonly reconciliations: readonly Reconciliation[];
  /** The advent calendar's answers and plays, when the scenario opened one. */
  readonly advent?: AdventAuditInput;
}

export const checkTitles = {
  units_within_stock: 'Units sold never exceed the stock each SKU had',
  acknowledged_orders_exist_once: 'Every order acknowledged with 201 exists exactly once',
  one_order_per_idempotency_key: 'No Idempotency-Key produced two orders; retries answered the first answer',
  ledger_sums_to_on_hand: "Each SKU's ledger sums to its on hand",
  reserved_matches_owners: 'Reserved equals what open orders and live holds hold',
  cancellations_applied: 'Every acknowledged cancellation left its order cancelled',
  ...adventCheckTitles,
} as const;
export type CheckName = keyof typeof checkTitles;

export interface Check {
  readonly name: CheckName;
  readonly title: string;
  readonly passed: boolean;
  /** How many things were checked (SKUs, orders, keys). */
  readonly checked: number;
  readonly breachCount: number;
  /** The first `breachesListedMax` breaches, each one sentence. */
  readonly breaches: readonly string[];
}

export interface SkuSales {
  readonly sku: string;
  readonly startingOnHand: number;
  readonly soldUnits: number;
  readonly onHand: number;
  readonly reserved: number;
}

export interface Verdict {
  readonly passed: boolean;
  readonly checks: readonly Check[];
  readonly ordersListed: number;
  readonly ordersAcknowledged: number;
  readonly unitsSold: number;
  readonly sales: readonly SkuSales[];
  /** The advent calendar's figures, when the scenario opened one. */
  readonly advent: AdventFigures | null;
}

function check(name: CheckName, checked: number, breaches: string[]): Check {
  return {
    name,
    title: checkTitles[name],
    passed: breaches.length === 0,
    checked,
    breachCount: breaches.length,
    breaches: breaches.slice(0, limits.breachesListedMax),
  };
}

const isOpen = (order: ListedOrder) => order.status !== 'cancelled';

/** Decides every check from what was seen; any breach fails the verdict. */
export function audit(input: AuditInput): Verdict {
  const soldBySku = new Map<string, number>();
  for (const order of input.listing.filter(isOpen))
    for (const line of order.lines) soldBySku.set(line.sku, (soldBySku.get(line.sku) ?? 0) + line.quantity);
  const reconciled = new Map(input.reconciliations.map((item) => [item.sku, item]));

  // 1. Never oversell: units in orders not cancelled, per SKU, against the stock it started with;
  // and per location, reserved within on hand.
  const oversold: string[] = [];
  for (const start of input.startingStock) {
    const sold = soldBySku.get(start.sku) ?? 0;
    if (sold > start.onHand)
      oversold.push(`${start.sku}: ${sold} units sold from a stock of ${start.onHand}`);
    for (const row of reconciled.get(start.sku)?.locations ?? []) {
      if (row.reserved > row.on_hand || row.reserved < 0 || row.on_hand < 0)
        oversold.push(`${start.sku} at ${row.location}: ${row.reserved} reserved of ${row.on_hand} on hand`);
    }
  }

  // 2. Every 201 exists, once: readable by id with its key, and listed exactly once.
  const listedCount = new Map<string, number>();
  for (const order of input.listing) listedCount.set(order.id, (listedCount.get(order.id) ?? 0) + 1);
  const missing: string[] = [];
  const acknowledgedIds = new Set<string>();
  for (const ack of input.acknowledged) {
    if (acknowledgedIds.has(ack.id)) continue;
    acknowledgedIds.add(ack.id);
    const read = input.reads.get(ack.id);
    if (read !== undefined && read.status !== 200)
      missing.push(
        `order ${ack.id} (key ${ack.idempotencyKey}) answered ${read.status} to GET /v1/orders/{id}`,
      );
    else if (read?.order !== undefined && read.order.external_id !== ack.idempotencyKey)
      missing.push(
        `order ${ack.id} carries external_id ${read.order.external_id}, not ${ack.idempotencyKey}`,
      );
    const listed = listedCount.get(ack.id) ?? 0;
    if (listed !== 1) missing.push(`order ${ack.id} (key ${ack.idempotencyKey}) is listed ${listed} times`);
  }

  // 3. One order per Idempotency-Key: external_id is the key, so two orders with one are a duplicate.
  const byKey = new Map<string, string[]>();
  for (const order of input.listing) {
    if (order.external_id === null) continue;
    byKey.set(order.external_id, [...(byKey.get(order.external_id) ?? []), order.id]);
  }
  const duplicates: string[] = [];
  for (const [key, ids] of byKey)
    if (new Set(ids).size > 1) duplicates.push(`key ${key} produced ${ids.length} orders: ${ids.join(', ')}`);
  for (const mismatch of input.retryMismatches) {
    duplicates.push(
      `key ${mismatch.idempotencyKey}: first answered order ${mismatch.firstOrderId}, a retry answered ${mismatch.retryStatus}${mismatch.retryOrderId === null ? '' : ` with order ${mismatch.retryOrderId}`}`,
    );
  }

  // 4. The ledger sums to on hand, and on hand did not move (a rehearsal ships nothing).
  const unbalancedLedger: string[] = [];
  // 5. Reserved equals its owners, and the listing's open orders hold what the reconciliation says.
  const unbalancedReserved: string[] = [];
  for (const start of input.startingStock) {
    const item = reconciled.get(start.sku);
    if (item === undefined) {
      unbalancedLedger.push(`${start.sku}: no reconciliation`);
      continue;
    }
    let reservedByOrders = 0;
    for (const row of item.locations) {
      reservedByOrders += row.reserved_by_orders;
      if (row.on_hand !== row.ledger_total)
        unbalancedLedger.push(
          `${start.sku} at ${row.location}: on hand ${row.on_hand}, ledger ${row.ledger_total}`,
        );
      const startedAt = start.locations[row.location] ?? 0;
      if (row.on_hand !== startedAt)
        unbalancedLedger.push(
          `${start.sku} at ${row.location}: on hand ${row.on_hand}, started at ${startedAt}`,
        );
      if (row.reserved !== row.reserved_by_orders + row.reserved_by_holds)
        unbalancedReserved.push(
          `${start.sku} at ${row.location}: reserved ${row.reserved}, orders hold ${row.reserved_by_orders}, holds ${row.reserved_by_holds}`,
        );
    }
    const sold = soldBySku.get(start.sku) ?? 0;
    if (sold !== reservedByOrders)
      unbalancedReserved.push(
        `${start.sku}: open orders listed hold ${sold} units, reservations by orders ${reservedByOrders}`,
      );
  }

  // 6. A cancellation answered 200 stays cancelled; other acknowledged orders stay placed.
  const statusOf = new Map(input.listing.map((order) => [order.id, order.status]));
  const cancelledIds = new Set(input.cancelled);
  const maybeCancelled = new Set(input.cancelUnanswered);
  const paidIds = new Set(input.paid ?? []);
  const maybePaid = new Set(input.payUnanswered ?? []);
  const wrongStatus: string[] = [];
  for (const id of cancelledIds)
    if (statusOf.get(id) !== 'cancelled')
      wrongStatus.push(`order ${id} was cancelled but is ${statusOf.get(id)}`);
  for (const id of paidIds)
    if (!cancelledIds.has(id) && statusOf.get(id) !== 'paid')
      wrongStatus.push(`order ${id} was paid in full but is ${statusOf.get(id)}`);
  for (const id of acknowledgedIds) {
    const status = statusOf.get(id);
    if (
      !cancelledIds.has(id) &&
      !paidIds.has(id) &&
      status !== undefined &&
      status !== 'placed' &&
      !(status === 'cancelled' && maybeCancelled.has(id)) &&
      !(status === 'paid' && maybePaid.has(id))
    )
      wrongStatus.push(`order ${id} is ${status}, but nobody cancelled or moved it`);
  }

  const checks = [
    check('units_within_stock', input.startingStock.length, oversold),
    check('acknowledged_orders_exist_once', acknowledgedIds.size, missing),
    check('one_order_per_idempotency_key', byKey.size + input.retryMismatches.length, duplicates),
    check('ledger_sums_to_on_hand', input.startingStock.length, unbalancedLedger),
    check('reserved_matches_owners', input.startingStock.length, unbalancedReserved),
    check('cancellations_applied', cancelledIds.size + paidIds.size + acknowledgedIds.size, wrongStatus),
    ...(input.advent === undefined ? [] : adventFindings(input.advent)).map((finding) =>
      check(finding.name, finding.checked, finding.breaches),
    ),
  ];
  const sales = input.startingStock.map((start) => {
    const rows = reconciled.get(start.sku)?.locations ?? [];
    return {
      sku: start.sku,
      startingOnHand: start.onHand,
      soldUnits: soldBySku.get(start.sku) ?? 0,
      onHand: rows.reduce((sum, row) => sum + row.on_hand, 0),
      reserved: rows.reduce((sum, row) => sum + row.reserved, 0),
    };
  });
  return {
    passed: checks.every((item) => item.passed),
    checks,
    ordersListed: input.listing.length,
    ordersAcknowledged: acknowledgedIds.size,
    unitsSold: sales.reduce((sum, item) => sum + item.soldUnits, 0),
    sales,
    advent: input.advent === undefined ? null : adventFigures(input.advent),
  };
}

export interface AuditSource {
  readonly transport: Transport;
  readonly adminKey: string;
  readonly storefrontKey: string;
  readonly runId: string;
  readonly timeoutMs: number;
}

async function getJson<T>(
  source: AuditSource,
  key: string,
  path: string,
): Promise<{ status: number; body: T }> {
  const answer = await source.transport.request('GET', path, { key, timeoutMs: source.timeoutMs });
  return { status: answer.status, body: answer.body as T };
}

/** Reads, through the API, what the checks need: the listing, each acknowledged order, each SKU's reconciliation. */
export async function collectAuditInput(
  source: AuditSource,
  seen: Pick<
    AuditInput,
    'startingStock' | 'acknowledged' | 'retryMismatches' | 'cancelled' | 'cancelUnanswered'
  >,
): Promise<AuditInput> {
  const listing: ListedOrder[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < limits.auditListingPagesMax; page++) {
    const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const { status, body } = await getJson<Page<ListedOrder>>(
      source,
      source.storefrontKey,
      `/v1/orders?limit=1000${query}`,
    );
    if (status !== 200) throw new Error(`GET /v1/orders answered ${status}: ${JSON.stringify(body)}`);
    // The storefront key is the rehearsal's own; the key prefix guards against a shared one.
    listing.push(...body.data.filter((order) => order.external_id?.startsWith(`${source.runId}-`)));
    cursor = body.next_cursor;
    if (cursor === null) break;
  }
  if (cursor !== null)
    throw new Error(`the order listing has more than ${limits.auditListingPagesMax} pages`);

  const reads = new Map<string, { status: number; order?: ListedOrder }>();
  const ids = [...new Set(seen.acknowledged.map((ack) => ack.id))].slice(0, limits.auditOrderReadsMax);
  await inParallel(ids, limits.setupConcurrency, async (id) => {
    const { status, body } = await getJson<ListedOrder>(
      source,
      source.storefrontKey,
      `/v1/orders/${encodeURIComponent(id)}`,
    );
    reads.set(id, status === 200 ? { status, order: body } : { status });
  });

  const reconciliations: Reconciliation[] = [];
  await inParallel(seen.startingStock, limits.setupConcurrency, async (start) => {
    const { status, body } = await getJson<Reconciliation>(
      source,
      source.adminKey,
      `/v1/stock/${encodeURIComponent(start.sku)}/reconciliation`,
    );
    if (status !== 200)
      throw new Error(`reconciliation of ${start.sku} answered ${status}: ${JSON.stringify(body)}`);
    reconciliations.push(body);
  });
  return { ...seen, listing, reads, reconciliations };
}
