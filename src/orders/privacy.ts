/**
 * A customer's orders, for their data rights (src/privacy): found as promo codes and the advent
 * calendar know a customer (lower case, `+tag` dropped), and pseudonymised in place — the customer,
 * the shipping address, the first answer kept for retries, and the events that copied them — while
 * amounts, lines, statuses and dates stay as they were.
 */
import { rewriteEventPayloads } from '../platform/outbox/events.js';
import { chunks, rowsPerStatement } from '../platform/store/chunks.js';
import type { Repos } from '../platform/store/store.js';
import { customerKey } from '../pricing/core/promo-codes.js';
import type { Order } from './contract.js';
import { orderView } from './orders.js';

/** What replaces an order's customer and shipping address. */
export interface OrderPseudonym {
  readonly orderId: string;
  readonly email: string;
  readonly name: string | null;
  readonly shippingAddress: Order['shipping_address'];
}

/**
 * The customer's orders as `GET /v1/orders/{id}` shows them, oldest first; `customer` is a
 * `customerKey`. With `lock`, they stay locked until the transaction ends (on PostgreSQL).
 */
export async function customerOrders(tx: Repos, customer: string, lock = false): Promise<Order[]> {
  const candidates = await tx.orders.ordersOfCustomerCandidates(customer, lock);
  const rows = candidates.filter((row) => customerKey(row.customer_email) === customer);
  const views: Order[] = [];
  for (const chunk of chunks(rows, rowsPerStatement(1))) {
    const lines = await tx.orders.linesOf(chunk.map((row) => row.id));
    views.push(...chunk.map((row) => orderView(row, lines.get(row.id) ?? [])));
  }
  return views;
}

/** An order's answer or event payload with its customer and address replaced, where it has them. */
function withPseudonym(payload: unknown, pseudonym: OrderPseudonym): unknown {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return payload;
  const copy: Record<string, unknown> = { ...payload };
  if ('customer' in copy) copy.customer = { email: pseudonym.email, name: pseudonym.name };
  if ('shipping_address' in copy) copy.shipping_address = pseudonym.shippingAddress;
  return copy;
}

/**
 * Pseudonymises orders in the caller's transaction. The idempotency key's hash of the first body is
 * replaced too: it was a hash of the customer's email and address among the rest, which anyone
 * holding a guess of them could confirm. A retry of the erased order's request then answers
 * `idempotency_key_reused` instead of its first answer, and places nothing.
 * Returns the ids of the events rewritten.
 */
export async function pseudonymiseOrders(
  tx: Repos,
  pseudonyms: readonly OrderPseudonym[],
): Promise<number[]> {
  const byOrder = new Map(pseudonyms.map((pseudonym) => [pseudonym.orderId, pseudonym]));
  for (const pseudonym of pseudonyms) {
    await tx.orders.replaceCustomer(pseudonym.orderId, {
      customer_email: pseudonym.email,
      customer_name: pseudonym.name,
      shipping_address: JSON.stringify(pseudonym.shippingAddress),
    });
  }
  for (const row of await tx.orders.idempotencyKeysOf([...byOrder.keys()])) {
    const pseudonym = byOrder.get(row.order_id)!;
    await tx.orders.replaceIdempotencyAnswer(row.scope, row.key, {
      response: JSON.stringify(withPseudonym(JSON.parse(row.response), pseudonym)),
      request_hash: 'erased',
    });
  }
  // `order.placed` carries the whole order; other events of an order carry no customer.
  const events = await tx.events.eventsOfEntities('order', [...byOrder.keys()]);
  return rewriteEventPayloads(tx, events, (payload, row) =>
    withPseudonym(payload, byOrder.get(row.entity_id)!),
  );
}
