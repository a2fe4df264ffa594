/**
 * "Nothing lost across restarts": a real `affluence serve` killed with SIGKILL while it is posting
 * webhooks; restarted, it sends every event the subscription was due, each at least once.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, must, startCluster } from './support/cluster.js';
import { address } from './support/shop.js';
import { engines } from './support/stores.js';
import { signedBy, webhookReceiver } from './support/webhook-receiver.js';

/** Polls until `done` holds, for at most 20 s: the restarted server works in the background. */
async function eventually(done: () => Promise<boolean> | boolean): Promise<void> {
  for (let waited = 0; waited < 20_000; waited += 50) {
    if (await done()) return;
    await sleep(50);
  }
}

describe.each(engines)('webhooks through a crash on %s', (engine) => {
  let cluster: Cluster;
  let receiver: Awaited<ReturnType<typeof webhookReceiver>>;
  beforeAll(async () => {
    receiver = await webhookReceiver();
  });
  afterAll(async () => {
    await cluster.close();
    await receiver.close();
  });

  it('sends every event due after the server is killed mid-delivery and restarted', async () => {
    cluster = await startCluster(engine, undefined, undefined, ['--webhook-timeout', '300']);
    const admin = cluster.admins[0]!;
    await must(admin('PUT', '/v1/channels/web', { name: 'Web', currency: 'EUR' }));
    await must(admin('PUT', '/v1/locations/paris', { name: 'Paris', channels: ['web'] }));
    await must(admin('PUT', '/v1/skus/HOOK', { name: 'Hooked', prices: { web: 500 } }));
    await must(admin('POST', '/v1/stock/receipts', { sku: 'HOOK', location: 'paris', quantity: 100 }));
    // The receiver takes the requests and never answers while the server dies.
    receiver.behave('/orders', 'silent');
    const hook = await must(
      admin('POST', '/v1/webhooks', { url: receiver.url('/orders'), event_types: ['order.placed'] }),
    );
    const orders: string[] = [];
    for (let index = 0; index < 8; index++) {
      const placed = await must(
        cluster.storefront(index)(
          'POST',
          '/v1/orders',
          {
            channel: 'web',
            customer: { email: 'hook@example.fr' },
            shipping_address: address,
            lines: [{ sku: 'HOOK', quantity: 1 }],
          },
          { 'idempotency-key': `hook-${index}` },
        ),
      );
      orders.push(placed.id);
    }
    await eventually(() => receiver.at('/orders').length > 0);
    expect(receiver.at('/orders').length).toBeGreaterThan(0);
    await Promise.all(cluster.servers.map((server) => server.kill()));

    receiver.behave('/orders', 'ok');
    cluster = await cluster.restart();
    const acknowledged = () =>
      new Set(
        receiver
          .at('/orders')
          .filter((request) => request.answered === 200)
          .map((request) => request.body.data.id as string),
      );
    await eventually(() => acknowledged().size === orders.length);
    expect([...acknowledged()].sort()).toEqual([...orders].sort());
    expect(receiver.at('/orders').every((request) => signedBy(hook.secret, request))).toBe(true);
    // The server writes each attempt back a moment after the receiver answered it.
    const statuses = async () =>
      (await must(cluster.admins[0]!('GET', `/v1/webhooks/${hook.id}/deliveries`))).data.map(
        (delivery: { status: string }) => delivery.status,
      );
    await eventually(async () => (await statuses()).every((status: string) => status === 'delivered'));
    expect(await statuses()).toEqual(orders.map(() => 'delivered'));
  });
});
