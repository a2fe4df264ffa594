/**
 * The orders the load sends, and the ledger of what each got back: every request has its own
 * Idempotency-Key, also sent as `external_id`, so the audit can match each order found in the store
 * to the one answer the client saw.
 */
import { channel } from './shop.js';

/** What a key got back; `unanswered` is a request still in flight when a timed run was stopped. */
export const unanswered = 0;

export class OrderLedger {
  readonly statusByKey = new Map<string, number>();
  /** Every SKU an order of this run named, answered or not: the audit reconciles each. */
  readonly touchedSkus = new Set<string>();
  private sequence = 0;

  /** `prefix` names the store and the run: keys never repeat across runs of one bench. */
  constructor(readonly prefix: string) {}

  nextKey(): string {
    this.sequence += 1;
    const key = `${this.prefix}-${this.sequence}`;
    this.statusByKey.set(key, unanswered);
    return key;
  }

  answer(key: string, status: number): void {
    this.statusByKey.set(key, status);
  }

  count(status: number): number {
    let count = 0;
    for (const got of this.statusByKey.values()) if (got === status) count += 1;
    return count;
  }
}

/** A small, seeded generator: the same SKUs are drawn in the same order on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const shippingAddress = {
  name: 'Camille Martin',
  line1: '12 rue de la Paix',
  city: 'Paris',
  postal_code: '75002',
  country: 'FR',
};

function orderJson(
  key: string,
  lines: { sku: string; quantity: number }[],
  promoCodes: readonly string[] | undefined,
): string {
  const buyer = key.slice(key.lastIndexOf('-') + 1);
  return JSON.stringify({
    channel,
    external_id: key,
    customer: { email: `buyer-${buyer}@example.fr`, name: `Buyer ${buyer}` },
    shipping_address: shippingAddress,
    lines,
    ...(promoCodes === undefined ? {} : { promo_codes: promoCodes }),
  });
}

export interface OrderRequest {
  readonly key: string;
  readonly body: string;
}

/**
 * Orders of 1–3 lines over distinct SKUs drawn from `skus`, 1–2 units each, each with a new key;
 * each names `promoCodes` when given.
 */
export function orderMaker(
  ledger: OrderLedger,
  skus: readonly string[],
  seed: number,
  promoCodes?: readonly string[],
): () => OrderRequest {
  const random = seededRandom(seed);
  return () => {
    const key = ledger.nextKey();
    const lineCount = 1 + Math.floor(random() * 3);
    const lines: { sku: string; quantity: number }[] = [];
    while (lines.length < lineCount) {
      const sku = skus[Math.floor(random() * skus.length)]!;
      if (lines.some((line) => line.sku === sku)) continue;
      lines.push({ sku, quantity: 1 + Math.floor(random() * 2) });
      ledger.touchedSkus.add(sku);
    }
    return { key, body: orderJson(key, lines, promoCodes) };
  };
}

/** The flash sale: every buyer wants one unit of the same SKU. */
export function flashOrderMaker(ledger: OrderLedger, sku: string): () => OrderRequest {
  ledger.touchedSkus.add(sku);
  return () => {
    const key = ledger.nextKey();
    return { key, body: orderJson(key, [{ sku, quantity: 1 }], undefined) };
  };
}
