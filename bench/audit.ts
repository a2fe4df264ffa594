/**
 * The audit after every run, through the API only: each 201 is exactly one stored order, nothing
 * refused was stored, no key made two orders, and each SKU touched is balanced and not oversold.
 */
import { type Caller, expectStatus, forEachLimit } from './api.js';
import { type OrderLedger, unanswered } from './orders.js';

/** Orders per page while walking the run's orders: the API's maximum. */
const ordersPageSize = 1_000;
/** Reconciliations in flight at once. */
const auditConcurrency = 16;

interface OrderPage {
  data: { external_id: string | null; lines: { sku: string; quantity: number }[] }[];
  next_cursor: string | null;
}

interface Reconciliation {
  balanced: boolean;
  locations: { location: string; on_hand: number; reserved: number }[];
}

export interface RunAudit {
  readonly run: string;
  /** Orders answered 201. */
  readonly acknowledged: number;
  /** Orders of this run found in the store. */
  readonly ordersFound: number;
  /** Requests still in flight when a timed run was stopped (their order may or may not exist). */
  readonly unanswered: number;
  /** Of those, the ones whose order exists: the only orders allowed without a 201. */
  readonly unansweredStored: number;
  /** 201s whose order is not in the store: a lost order. */
  readonly acknowledgedMissing: number;
  /** Orders stored although their request was refused (or answered with an error). */
  readonly refusedStored: number;
  /** Keys (external ids) found on more than one order: a duplicate. */
  readonly duplicateKeys: number;
  /** Orders of this run's period that no request of this run sent. */
  readonly unknownOrders: number;
  readonly skusChecked: number;
  /** SKUs whose reconciliation is not balanced (ledger, reservations). */
  readonly unbalancedSkus: readonly string[];
  /** SKUs reserved past on hand, or whose reservations differ from the units of the orders found. */
  readonly oversoldSkus: readonly string[];
  readonly ok: boolean;
}

/** Units ordered per SKU, over every order the audits of one store have found so far. */
export type UnitsBySku = Map<string, number>;

export async function auditRun(
  run: string,
  admin: Caller,
  ledger: OrderLedger,
  sinceMs: number,
  unitsBySku: UnitsBySku,
  receivedUnits: (sku: string) => number,
): Promise<RunAudit> {
  const foundByKey = new Map<string, number>();
  let unknownOrders = 0;
  let cursor: string | null = null;
  // Strictly after: the previous run's audit ended before this run started.
  const since = new Date(sinceMs - 1).toISOString();
  do {
    const query = new URLSearchParams({ created_after: since, limit: String(ordersPageSize) });
    if (cursor !== null) query.set('cursor', cursor);
    const page: OrderPage = await expectStatus<OrderPage>(admin('GET', `/v1/orders?${query}`), 200, 'orders');
    for (const order of page.data) {
      const key = order.external_id;
      if (key === null || !ledger.statusByKey.has(key)) {
        unknownOrders += 1;
        continue;
      }
      foundByKey.set(key, (foundByKey.get(key) ?? 0) + 1);
      for (const line of order.lines)
        unitsBySku.set(line.sku, (unitsBySku.get(line.sku) ?? 0) + line.quantity);
    }
    cursor = page.next_cursor;
  } while (cursor !== null);

  let acknowledged = 0;
  let acknowledgedMissing = 0;
  let refusedStored = 0;
  let unansweredCount = 0;
  let unansweredStored = 0;
  for (const [key, status] of ledger.statusByKey) {
    const found = foundByKey.get(key) ?? 0;
    if (status === 201) {
      acknowledged += 1;
      if (found === 0) acknowledgedMissing += 1;
    } else if (status === unanswered) {
      unansweredCount += 1;
      if (found > 0) unansweredStored += 1;
    } else if (found > 0) {
      refusedStored += 1;
    }
  }
  const duplicateKeys = [...foundByKey.values()].filter((count) => count > 1).length;
  const ordersFound = [...foundByKey.values()].reduce((sum, count) => sum + count, 0) + unknownOrders;

  const unbalancedSkus: string[] = [];
  const oversoldSkus: string[] = [];
  const skus = [...ledger.touchedSkus].sort();
  await forEachLimit(skus, auditConcurrency, async (sku) => {
    const report = await expectStatus<Reconciliation>(
      admin('GET', `/v1/stock/${encodeURIComponent(sku)}/reconciliation`),
      200,
      `reconciliation of ${sku}`,
    );
    if (!report.balanced) unbalancedSkus.push(sku);
    const reserved = report.locations.reduce((sum, row) => sum + row.reserved, 0);
    const onHand = report.locations.reduce((sum, row) => sum + row.on_hand, 0);
    const pastOnHand = report.locations.some((row) => row.reserved > row.on_hand);
    // The bench places orders only (no holds, no cancellations): what is reserved is what was ordered.
    if (pastOnHand || reserved !== (unitsBySku.get(sku) ?? 0) || onHand !== receivedUnits(sku))
      oversoldSkus.push(sku);
  });

  const audit = {
    run,
    acknowledged,
    ordersFound,
    unanswered: unansweredCount,
    unansweredStored,
    acknowledgedMissing,
    refusedStored,
    duplicateKeys,
    unknownOrders,
    skusChecked: skus.length,
    unbalancedSkus: unbalancedSkus.sort(),
    oversoldSkus: oversoldSkus.sort(),
  };
  const ok =
    acknowledgedMissing === 0 &&
    refusedStored === 0 &&
    duplicateKeys === 0 &&
    unknownOrders === 0 &&
    ordersFound === acknowledged + unansweredStored &&
    unbalancedSkus.length === 0 &&
    oversoldSkus.length === 0;
  return { ...audit, ok };
}
