/** "Never lose an acknowledged order": every 201 survives `kill -9` of the server processes mid-load. */
import { afterAll, describe, expect, it } from 'vitest';
import type { Reply } from './support/client.js';
import { type Cluster, must, startCluster } from './support/cluster.js';
import { address } from './support/shop.js';
import { engines } from './support/stores.js';

describe.each(engines)('a crash on %s', (engine) => {
  let cluster: Cluster;
  afterAll(() => cluster.close());

  it('keeps every acknowledged order, and its retry still answers the same order', async () => {
    cluster = await startCluster(engine);
    const admin = cluster.admins[0]!;
    await must(admin('PUT', '/v1/channels/web', { name: 'Web', currency: 'EUR' }));
    await must(admin('PUT', '/v1/locations/paris', { name: 'Paris', channels: ['web'] }));
    await must(admin('PUT', '/v1/skus/CRASH', { name: 'Crash test dummy', prices: { web: 500 } }));
    await must(admin('POST', '/v1/stock/receipts', { sku: 'CRASH', location: 'paris', quantity: 1000 }));

    const body = {
      channel: 'web',
      customer: { email: 'crash@example.fr' },
      shipping_address: address,
      lines: [{ sku: 'CRASH', quantity: 1 }],
    };
    const attempts = new Map<string, Promise<Reply | undefined>>();
    let answered = 0;
    // Orders keep arriving in waves; the processes are killed while some are in flight.
    for (let i = 0; i < 600 && answered < 150; i++) {
      const key = `crash-${i}`;
      const attempt = cluster
        .storefront(i)('POST', '/v1/orders', body, { 'idempotency-key': key })
        .then((reply) => {
          answered++;
          return reply;
        })
        // A request cut by the crash rejects: that order was never acknowledged, and may or may not exist.
        .catch(() => undefined);
      attempts.set(key, attempt);
      if (i % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await Promise.all(cluster.servers.map((server) => server.kill()));
    const acknowledged = new Map<string, string>();
    for (const [key, attempt] of attempts) {
      const reply = await attempt;
      if (reply?.status === 201) acknowledged.set(key, reply.body.id);
    }
    expect(acknowledged.size).toBeGreaterThan(0);

    cluster = await cluster.restart();
    for (const [key, id] of acknowledged) {
      const found = await cluster.storefront(0)('GET', `/v1/orders/${id}`);
      expect(found.status, `order ${id} acknowledged before the crash`).toBe(200);
      const retried = await cluster.storefront(1)('POST', '/v1/orders', body, { 'idempotency-key': key });
      expect(retried.body.id).toBe(id);
    }
    // Stock agrees with the orders that exist: nothing half-written survived the crash.
    const orders = await must(cluster.admins[0]!('GET', '/v1/orders?limit=1000'));
    const stock = await must(cluster.admins[0]!('GET', '/v1/stock/CRASH'));
    expect(stock.reserved).toBe(orders.data.length);
    expect(orders.data.length).toBeGreaterThanOrEqual(acknowledged.size);
  });
});
