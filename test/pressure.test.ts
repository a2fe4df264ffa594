/**
 * Degrade, never collapse: past its limit a path is shed at the door with 503 and Retry-After,
 * before anything is spent on the request; orders, admin routes and health checks go through a
 * read flood; and once the flood ends, requests are let in again at once.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { type AdmissionSettings, defaultAdmissionSettings } from '../src/intake/index.js';
import { openShop, orderBody, type TestShop } from './support/shop.js';

/** Storefront reads may have this many in flight at once: a crowd of a few dozen is a flood. */
const readsInFlightMax = 4;
const tightReads: AdmissionSettings = {
  ...defaultAdmissionSettings,
  reads: {
    ...defaultAdmissionSettings.reads,
    initial: readsInFlightMax,
    min: readsInFlightMax,
    max: readsInFlightMax,
  },
};

function expectShed(reply: LightMyRequestResponse): void {
  expect(reply.statusCode).toBe(503);
  expect(reply.headers['retry-after']).toBe('1');
  expect(reply.headers['content-type']).toMatch(/^application\/json/);
  expect(reply.json().error).toMatchObject({ code: 'overloaded', details: { retry_after_s: 1 } });
}

const statuses = (replies: readonly LightMyRequestResponse[]) => replies.map((reply) => reply.statusCode);

describe('the door of the peak path', () => {
  let shop: TestShop;
  afterEach(() => shop.close());

  const readAvailability = () => shop.storefront('GET', '/v1/availability/MUG-BLUE?channel=web');
  /** A crowd of storefront reads arriving at once, over the four read routes. */
  const readFlood = (size: number) =>
    Promise.all(
      Array.from({ length: size }, (_, i) =>
        [
          readAvailability,
          () => shop.storefront('POST', '/v1/availability', { channel: 'web', skus: ['MUG-BLUE', 'TEE-M'] }),
          () => shop.storefront('GET', '/v1/skus/MUG-BLUE'),
          () => shop.storefront('GET', '/v1/skus'),
        ][i % 4]!(),
      ),
    );

  it('sheds reads past their limit with 503 and Retry-After, while orders, admin routes and health go through', async () => {
    shop = await openShop('sqlite', { admission: tightReads });
    const [reads, orders, stockDuring, health] = await Promise.all([
      readFlood(60),
      Promise.all(
        ['first', 'second', 'third'].map((buyer) =>
          shop.storefront('POST', '/v1/orders', orderBody([{ sku: 'MUG-BLUE', quantity: 1 }]), {
            'idempotency-key': `flood-${buyer}`,
          }),
        ),
      ),
      shop.admin('GET', '/v1/stock/MUG-BLUE'),
      shop.app.inject({ method: 'GET', url: '/healthz' }),
    ]);
    const shed = reads.filter((reply) => reply.statusCode === 503);
    expect(shed.length).toBeGreaterThanOrEqual(60 - readsInFlightMax);
    for (const reply of shed) expectShed(reply);
    // What was let in was served whole.
    expect(reads.filter((reply) => reply.statusCode === 200)).toHaveLength(60 - shed.length);
    expect(statuses(orders)).toEqual([201, 201, 201]);
    expect(stockDuring.statusCode).toBe(200);
    expect(health.statusCode).toBe(200);
    const stock = (await shop.admin('GET', '/v1/stock/MUG-BLUE')).json();
    expect(stock).toMatchObject({ on_hand: 15, reserved: 3 });
    // The metrics say what the door did, per path.
    const metrics = (await shop.admin('GET', '/metrics')).body;
    expect(metrics).toContain(`affluence_admission_shed_total{path="reads"} ${shed.length}`);
    expect(metrics).toContain(`affluence_admission_limit{path="reads"} ${readsInFlightMax}`);
  });

  it('sheds an order before reading its body: nothing is parsed, validated or changed', async () => {
    const ordersInFlightMax = 2;
    shop = await openShop('sqlite', {
      admission: {
        ...defaultAdmissionSettings,
        orders: { ...defaultAdmissionSettings.orders, initial: ordersInFlightMax, min: 1, max: 2 },
      },
    });
    const before = (await shop.admin('GET', '/v1/stock/MUG-BLUE')).json();
    const replies = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        // Every other body is not even an order: the door answers before anyone reads it.
        i % 2 === 0
          ? shop.storefront('POST', '/v1/orders', orderBody([{ sku: 'MUG-BLUE', quantity: 1 }]), {
              'idempotency-key': `door-${i}`,
            })
          : shop.storefront('POST', '/v1/orders', { not: 'an order' }, { 'idempotency-key': `door-${i}` }),
      ),
    );
    const shed = replies.filter((reply) => reply.statusCode === 503);
    expect(shed.length).toBeGreaterThanOrEqual(12 - ordersInFlightMax);
    for (const reply of shed) {
      expectShed(reply);
      expect(reply.json().error.message).toMatch(/orders/);
    }
    const placed = replies.filter((reply) => reply.statusCode === 201).length;
    const stock = (await shop.admin('GET', '/v1/stock/MUG-BLUE')).json();
    expect(stock.reserved - before.reserved).toBe(placed);
    // A shed order is no order: its retry, with the same key, is placed afresh.
    const retry = await shop.storefront('POST', '/v1/orders', orderBody([{ sku: 'MUG-BLUE', quantity: 1 }]), {
      'idempotency-key': 'door-retry',
    });
    expect(retry.statusCode).toBe(201);
  });

  it('lets requests in again as soon as a flood ends: no state sticks', async () => {
    shop = await openShop('sqlite', { admission: tightReads });
    const flood = await readFlood(200);
    expect(flood.filter((reply) => reply.statusCode === 503).length).toBeGreaterThan(0);
    // The very next crowd the limit has room for is served whole, with the exact stock.
    const after = await Promise.all(Array.from({ length: readsInFlightMax }, readAvailability));
    expect(statuses(after)).toEqual(Array(readsInFlightMax).fill(200));
    expect(after[0]!.json()).toMatchObject({ sku: 'MUG-BLUE', channel: 'web', available: 15 });
  });

  it('sheds nothing when nothing is overloaded: a cold start meets a burst whole', async () => {
    shop = await openShop('sqlite', { admission: defaultAdmissionSettings });
    const [reads, orders] = await Promise.all([
      readFlood(200),
      Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          shop.storefront('POST', '/v1/orders', orderBody([{ sku: 'MUG-BLUE', quantity: 1 }]), {
            'idempotency-key': `cold-${i}`,
          }),
        ),
      ),
    ]);
    expect(statuses(reads)).toEqual(Array(200).fill(200));
    expect(statuses(orders)).toEqual(Array(10).fill(201));
  });
});
