/** Helpers for the HTTP contract tests (test/api-*.test.ts): the reads a client repeats, typed by the contracts. */

import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Availability, Movement, Stock } from '../../src/inventory/contract.js';
import type { Order } from '../../src/orders/contract.js';
import type { ErrorBody, Page } from '../../src/platform/http/schemas.js';
import type { Event } from '../../src/platform/outbox/contract.js';
import { orderBody, type TestShop } from './shop.js';

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
): ErrorBody['error'] {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  const answer = response.json() as ErrorBody;
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

export async function stockOf(shop: TestShop, sku: string): Promise<Stock> {
  return body<Stock>(await shop.admin('GET', `/v1/stock/${sku}`), 200);
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
  const answer = body<Availability>(await as('GET', `/v1/availability/${sku}?channel=${channel}`), 200);
  expect(answer).toMatchObject({ sku, channel });
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

export async function movementsOf(shop: TestShop, sku: string, limit = 3): Promise<Movement[]> {
  return (await walk<Movement>(shop.admin, `/v1/stock/${sku}/movements`, limit)).items;
}

/** The ledger of each location sums to its stock on hand. */
export async function expectLedgerMatchesStock(shop: TestShop, sku: string): Promise<Movement[]> {
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
): Promise<{ events: Event[]; cursor: number }> {
  const events: Event[] = [];
  let cursor = after;
  for (;;) {
    const page = body<{ data: Event[]; next_cursor: number }>(
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
): Promise<Order> {
  return body<Order>(await placeOrder(as, lines, extra), 201);
}

export async function allOrders(as: Caller, params: Record<string, string> = {}): Promise<Order[]> {
  return (await walk<Order>(as, '/v1/orders', 1000, params)).items;
}
