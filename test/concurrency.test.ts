/**
 * The promises under real concurrency, over real sockets against real `affluence serve` processes:
 * one on SQLite, two sharing one PostgreSQL database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, must, startCluster } from './support/cluster.js';
import { seededDraws } from './support/random.js';
import { address } from './support/shop.js';
import { engines } from './support/stores.js';

const customer = { email: 'buyer@example.fr' };

function order(lines: { sku: string; quantity: number }[]) {
  return { channel: 'web', customer, shipping_address: address, lines };
}

async function stockOf(cluster: Cluster, sku: string) {
  return must(cluster.admins[0]!('GET', `/v1/stock/${sku}`));
}

/** The stock audit: ledger equals on hand, reserved equals what open orders and live holds hold. */
async function balanced(cluster: Cluster, sku: string): Promise<boolean> {
  return (await must(cluster.admins[0]!('GET', `/v1/stock/${sku}/reconciliation`))).balanced;
}

describe.each(engines)('racing buyers on %s', (engine) => {
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await startCluster(engine);
    const admin = cluster.admins[0]!;
    await must(admin('PUT', '/v1/channels/web', { name: 'Web', currency: 'EUR' }));
    await must(admin('PUT', '/v1/locations/paris', { name: 'Paris', channels: ['web'] }));
    await must(admin('PUT', '/v1/locations/lyon', { name: 'Lyon', channels: ['web'] }));
    const skus = [
      'HOT',
      'BACK',
      'IDEM',
      'CANCEL',
      'HOLD',
      ...Array.from({ length: 8 }, (_, i) => `MIX-${i}`),
    ];
    for (const sku of skus) {
      await must(admin('PUT', `/v1/skus/${sku}`, { name: `Item ${sku}`, prices: { web: 1000 } }));
    }
    // The last 50 units of the hot SKU, spread over both locations.
    await must(admin('POST', '/v1/stock/receipts', { sku: 'HOT', location: 'paris', quantity: 30 }));
    await must(admin('POST', '/v1/stock/receipts', { sku: 'HOT', location: 'lyon', quantity: 20 }));
    for (const sku of ['IDEM', 'CANCEL', 'HOLD']) {
      await must(admin('POST', '/v1/stock/receipts', { sku, location: 'paris', quantity: 10 }));
    }
    for (let i = 0; i < 8; i++) {
      await must(admin('POST', '/v1/stock/receipts', { sku: `MIX-${i}`, location: 'paris', quantity: 15 }));
      await must(admin('POST', '/v1/stock/receipts', { sku: `MIX-${i}`, location: 'lyon', quantity: 10 }));
    }
  });

  afterAll(() => cluster.close());

  it('sells the last 50 units to exactly 50 of 200 concurrent buyers', async () => {
    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        cluster.storefront(i)('POST', '/v1/orders', order([{ sku: 'HOT', quantity: 1 }]), {
          'idempotency-key': `hot-${i}`,
        }),
      ),
    );
    const created = replies.filter((reply) => reply.status === 201);
    const refused = replies.filter((reply) => reply.status === 409);
    expect(created).toHaveLength(50);
    expect(refused).toHaveLength(150);
    expect(refused.every((reply) => reply.body.error.code === 'out_of_stock')).toBe(true);
    expect(new Set(created.map((reply) => reply.body.id)).size).toBe(50);

    const availability = await must(cluster.storefront(1)('GET', '/v1/availability/HOT?channel=web'));
    expect(availability.available).toBe(0);
    const stock = await stockOf(cluster, 'HOT');
    expect(stock).toMatchObject({ on_hand: 50, reserved: 50, available: 0 });
    expect(await balanced(cluster, 'HOT')).toBe(true);
  });

  it('sells the last 10 units and exactly the 30 allowed beyond them to 200 concurrent buyers', async () => {
    const admin = cluster.admins[0]!;
    await must(admin('POST', '/v1/stock/receipts', { sku: 'BACK', location: 'paris', quantity: 10 }));
    const expected_on = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    await must(
      admin('POST', '/v1/purchase-orders', {
        supplier: 'Atelier Dupont',
        location: 'lyon',
        expected_on,
        lines: [{ sku: 'BACK', quantity: 100 }],
      }),
    );
    await must(admin('PUT', '/v1/backorder-terms/BACK/web', { mode: 'backorder', limit: 30 }));
    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        cluster.storefront(i)('POST', '/v1/orders', order([{ sku: 'BACK', quantity: 1 }]), {
          'idempotency-key': `back-${i}`,
        }),
      ),
    );
    const created = replies.filter((reply) => reply.status === 201);
    expect(created).toHaveLength(40);
    expect(replies.filter((reply) => reply.status === 409)).toHaveLength(160);
    const backordered = created.filter((reply) => reply.body.lines[0].backordered === 1);
    expect(backordered).toHaveLength(30);
    expect(backordered.every((reply) => reply.body.lines[0].promised_on === expected_on)).toBe(true);
    expect(await stockOf(cluster, 'BACK')).toMatchObject({ on_hand: 10, reserved: 10, waiting: 30 });
    const waiting = await must(admin('GET', '/v1/backorders?sku=BACK&limit=100'));
    expect(waiting.data).toHaveLength(30);
    expect(await balanced(cluster, 'BACK')).toBe(true);
  });

  it('never deadlocks nor oversells when multi-line orders race for overlapping SKUs', async () => {
    const random = seededDraws(20261122);
    const skus = Array.from({ length: 8 }, (_, i) => `MIX-${i}`);
    const orders = Array.from({ length: 300 }, () =>
      random
        .shuffle(skus)
        .slice(0, random.int(2, 4))
        .map((sku) => ({ sku, quantity: random.int(1, 3) })),
    );
    const replies = await Promise.all(
      orders.map((lines, i) =>
        cluster.storefront(i)('POST', '/v1/orders', order(lines), { 'idempotency-key': `mix-${i}` }),
      ),
    );
    expect(replies.map((reply) => reply.status).filter((status) => status !== 201 && status !== 409)).toEqual(
      [],
    );
    const accepted = new Map<string, number>();
    replies.forEach((reply, i) => {
      if (reply.status !== 201) return;
      for (const line of orders[i]!) accepted.set(line.sku, (accepted.get(line.sku) ?? 0) + line.quantity);
    });
    expect(replies.filter((reply) => reply.status === 201).length).toBeGreaterThan(10);
    for (const sku of skus) {
      const stock = await stockOf(cluster, sku);
      expect(stock.on_hand).toBe(25);
      expect(stock.reserved).toBe(accepted.get(sku) ?? 0);
      expect(stock.reserved).toBeLessThanOrEqual(stock.on_hand);
      for (const row of stock.locations) expect(row.reserved).toBeLessThanOrEqual(row.on_hand);
      const availability = await must(cluster.storefront(0)('GET', `/v1/availability/${sku}?channel=web`));
      expect(availability.available).toBe(stock.on_hand - stock.reserved);
      expect(await balanced(cluster, sku)).toBe(true);
    }
  });

  it('creates one order however many times, and however concurrently, a request is retried', async () => {
    const body = order([{ sku: 'IDEM', quantity: 2 }]);
    const parallel = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        cluster.storefront(i)('POST', '/v1/orders', body, { 'idempotency-key': 'retry-me' }),
      ),
    );
    expect(parallel.map((reply) => reply.status)).toEqual(Array(25).fill(201));
    const ids = new Set(parallel.map((reply) => reply.body.id));
    expect(ids.size).toBe(1);
    for (let i = 0; i < 5; i++) {
      const again = await cluster.storefront(i)('POST', '/v1/orders', body, {
        'idempotency-key': 'retry-me',
      });
      expect(again.status).toBe(201);
      expect(again.body.id).toBe([...ids][0]);
    }
    expect(await stockOf(cluster, 'IDEM')).toMatchObject({ on_hand: 10, reserved: 2 });
    const events = await must(cluster.admins[0]!('GET', '/v1/events?after=0&limit=1000'));
    const placed = events.data.filter(
      (event: { type: string; entity_id: string }) =>
        event.type === 'order.placed' && event.entity_id === [...ids][0],
    );
    expect(placed).toHaveLength(1);
  });

  it('returns a cancelled order’s stock exactly once, whatever the concurrent cancels', async () => {
    const placed = await must(
      cluster.storefront(0)('POST', '/v1/orders', order([{ sku: 'CANCEL', quantity: 3 }]), {
        'idempotency-key': 'to-cancel',
      }),
    );
    expect(await stockOf(cluster, 'CANCEL')).toMatchObject({ reserved: 3 });
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) => cluster.storefront(i)('POST', `/v1/orders/${placed.id}/cancel`)),
    );
    expect(replies.filter((reply) => reply.status === 200)).toHaveLength(1);
    expect(
      replies.filter((reply) => reply.status === 409 && reply.body.error.code === 'invalid_transition'),
    ).toHaveLength(19);
    expect(await stockOf(cluster, 'CANCEL')).toMatchObject({ on_hand: 10, reserved: 0, available: 10 });
    expect(await balanced(cluster, 'CANCEL')).toBe(true);
  });

  it('returns a hold’s stock by itself once it expires, without anyone calling', async () => {
    const hold = await must(
      cluster.storefront(0)('POST', '/v1/holds', {
        channel: 'web',
        lines: [{ sku: 'HOLD', quantity: 10 }],
        ttl_s: 1,
      }),
    );
    expect((await must(cluster.storefront(1)('GET', '/v1/availability/HOLD?channel=web'))).available).toBe(0);
    const deadline = Date.now() + 10_000;
    let available = 0;
    while (available === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      available = (await must(cluster.storefront(1)('GET', '/v1/availability/HOLD?channel=web'))).available;
    }
    expect(available).toBe(10);
    expect((await must(cluster.storefront(0)('GET', `/v1/holds/${hold.id}`))).status).toBe('expired');
    expect(await stockOf(cluster, 'HOLD')).toMatchObject({ on_hand: 10, reserved: 0 });
    expect(await balanced(cluster, 'HOLD')).toBe(true);
  });
});
