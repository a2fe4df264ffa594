/** Helpers for the HTTP contract tests (test/api-*.test.ts): typed answers and the reads a client repeats. */
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { orderBody, type TestShop } from './shop.js';

export interface ErrorAnswer {
  error: { code: string; message: string; details?: Record<string, unknown> };
}
export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}
export interface SkuAnswer {
  sku: string;
  name: string;
  weight_g: number | null;
  prices: Record<string, number>;
  created_at: string;
  updated_at: string;
}
export interface StockAnswer {
  sku: string;
  on_hand: number;
  reserved: number;
  available: number;
  locations: { location: string; on_hand: number; reserved: number; available: number }[];
}
export interface MovementAnswer {
  id: number;
  sku: string;
  location: string;
  kind: string;
  quantity: number;
  reference: string | null;
  reason: string | null;
  created_at: string;
}
export interface HoldAnswer {
  id: string;
  channel: string;
  status: string;
  expires_at: string;
  lines: { sku: string; location: string; quantity: number }[];
}
export interface OrderAnswer {
  id: string;
  number: string;
  status: string;
  channel: string;
  external_id: string | null;
  customer: { email: string; name: string | null };
  shipping_address: Record<string, string>;
  currency: string;
  total: number;
  lines: { sku: string; quantity: number; unit_price: number; total: number }[];
  hold_id: string | null;
  created_at: string;
  updated_at: string;
}
export interface EventAnswer {
  id: number;
  type: string;
  entity_type: string;
  entity_id: string;
  payload: unknown;
  created_at: string;
}

export type Caller = TestShop['admin'];

/** The body of an answer, after checking its status (the body is shown when it differs). */
export function body<T>(response: LightMyRequestResponse, status: number): T {
  expect(response.statusCode, response.body).toBe(status);
  return response.json() as T;
}

/** Checks the one error format and the code; returns the error for further checks. */
export function expectError(
  response: LightMyRequestResponse,
  status: number,
  code: string,
): ErrorAnswer['error'] {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  const answer = response.json() as ErrorAnswer;
  expect(Object.keys(answer)).toEqual(['error']);
  expect(answer.error.code).toBe(code);
  expect(typeof answer.error.message).toBe('string');
  expect(answer.error.message.length).toBeGreaterThan(0);
  return answer.error;
}

export const newKey = (): string => randomUUID();

/** Creates a SKU priced on both shop channels and receives stock at the given locations. */
export async function newSku(
  shop: TestShop,
  sku: string,
  stock: Record<string, number> = {},
  prices: Record<string, number> = { web: 1000, marketplace: 1100 },
  name = `Test item ${sku}`,
): Promise<void> {
  body(await shop.admin('PUT', `/v1/skus/${sku}`, { name, prices }), 200);
  for (const [location, quantity] of Object.entries(stock)) {
    body(await shop.admin('POST', '/v1/stock/receipts', { sku, location, quantity }), 201);
  }
}

export async function stockOf(shop: TestShop, sku: string): Promise<StockAnswer> {
  return body<StockAnswer>(await shop.admin('GET', `/v1/stock/${sku}`), 200);
}

/** Stock per location as `{location: [on_hand, reserved]}`, easy to compare. */
export async function stockByLocation(
  shop: TestShop,
  sku: string,
): Promise<Record<string, [number, number]>> {
  const stock = await stockOf(shop, sku);
  return Object.fromEntries(stock.locations.map((row) => [row.location, [row.on_hand, row.reserved]]));
}

export async function atp(
  shop: TestShop,
  sku: string,
  channel: string,
  as: Caller = shop.storefront,
): Promise<number> {
  const answer = body<{ sku: string; channel: string; available: number }>(
    await as('GET', `/v1/availability/${sku}?channel=${channel}`),
    200,
  );
  expect(answer).toEqual({ sku, channel, available: answer.available });
  return answer.available;
}

/** Walks every page of a cursor-paginated list, checking that the last page says so. */
export async function walk<T>(
  caller: Caller,
  path: string,
  limit: number,
  params: Record<string, string> = {},
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const query = new URLSearchParams({ ...params, limit: String(limit) });
    if (cursor !== null) query.set('cursor', cursor);
    const page: Page<T> = body<Page<T>>(await caller('GET', `${path}?${query}`), 200);
    expect(page.data.length).toBeLessThanOrEqual(limit);
    items.push(...page.data);
    cursor = page.next_cursor;
    pages += 1;
    expect(pages, 'pagination does not end').toBeLessThan(10_000);
  } while (cursor !== null);
  return { items, pages };
}

export async function movementsOf(shop: TestShop, sku: string, limit = 3): Promise<MovementAnswer[]> {
  return (await walk<MovementAnswer>(shop.admin, `/v1/stock/${sku}/movements`, limit)).items;
}

/** The ledger of each location sums to its stock on hand. */
export async function expectLedgerMatchesStock(shop: TestShop, sku: string): Promise<MovementAnswer[]> {
  const [movements, stock] = await Promise.all([movementsOf(shop, sku), stockOf(shop, sku)]);
  const ledger = new Map<string, number>();
  for (const movement of movements) {
    expect(movement.sku).toBe(sku);
    ledger.set(movement.location, (ledger.get(movement.location) ?? 0) + movement.quantity);
  }
  for (const row of stock.locations) expect(ledger.get(row.location) ?? 0, row.location).toBe(row.on_hand);
  for (const [location, sum] of ledger) {
    expect(stock.locations.find((row) => row.location === location)?.on_hand ?? 0, location).toBe(sum);
  }
  expect([...ledger.values()].reduce((a, b) => a + b, 0)).toBe(stock.on_hand);
  return movements;
}

/** Every event after `after`, read page by page with `next_cursor` passed back as `after`. */
export async function eventsAfter(
  shop: TestShop,
  after: number,
  limit = 1000,
): Promise<{ events: EventAnswer[]; cursor: number }> {
  const events: EventAnswer[] = [];
  let cursor = after;
  for (;;) {
    const page = body<{ data: EventAnswer[]; next_cursor: number }>(
      await shop.admin('GET', `/v1/events?after=${cursor}&limit=${limit}`),
      200,
    );
    if (page.data.length === 0) {
      expect(page.next_cursor).toBe(cursor);
      return { events, cursor };
    }
    events.push(...page.data);
    cursor = page.next_cursor;
  }
}

const knownEnds = new WeakMap<TestShop, number>();

/** Where the feed ends now (read on from where it last ended: the feed only grows). */
export async function eventsEnd(shop: TestShop): Promise<number> {
  const end = (await eventsAfter(shop, knownEnds.get(shop) ?? 0)).cursor;
  knownEnds.set(shop, end);
  return end;
}

export async function placeOrder(
  as: Caller,
  lines: { sku: string; quantity: number }[],
  extra: Record<string, unknown> = {},
  key: string = newKey(),
): Promise<LightMyRequestResponse> {
  return as('POST', '/v1/orders', orderBody(lines, extra), { 'idempotency-key': key });
}

export async function placed(
  as: Caller,
  lines: { sku: string; quantity: number }[],
  extra: Record<string, unknown> = {},
): Promise<OrderAnswer> {
  return body<OrderAnswer>(await placeOrder(as, lines, extra), 201);
}

export async function allOrders(as: Caller, params: Record<string, string> = {}): Promise<OrderAnswer[]> {
  return (await walk<OrderAnswer>(as, '/v1/orders', 1000, params)).items;
}
