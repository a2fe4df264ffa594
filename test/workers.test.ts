/** `affluence serve --workers N`: several processes behind one port keep the promises on PostgreSQL. */
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { client } from './support/client.js';
import { must } from './support/cluster.js';
import { cliPath, type ServerProcess, startServer } from './support/server-process.js';
import { address } from './support/shop.js';
import { freshLocation } from './support/stores.js';

describe('serve --workers', () => {
  let server: ServerProcess | undefined;
  let drop: (() => Promise<void>) | undefined;
  afterAll(async () => {
    await server?.stop();
    await drop?.();
  });

  it('refuses several processes on the embedded store, saying why', () => {
    const run = spawnSync(
      process.execPath,
      [cliPath, 'serve', '--workers', '2', '--db', '/tmp/affluence-never-created.db'],
      {
        encoding: 'utf8',
      },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/several processes need PostgreSQL/);
  });

  it('sells the last 40 units to exactly 40 buyers through two worker processes', async () => {
    const place = await freshLocation('postgres');
    drop = place.drop;
    server = await startServer(place.location, 'aff_workers_test_admin', ['--workers', '2']);
    // Unless told (--host 0.0.0.0), it listens on this machine only.
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.banner).toMatch(/2 processes/);
    const admin = client(server.url, 'aff_workers_test_admin');
    await must(admin('PUT', '/v1/channels/web', { name: 'Web', currency: 'EUR' }));
    await must(admin('PUT', '/v1/locations/paris', { name: 'Paris', channels: ['web'] }));
    await must(admin('PUT', '/v1/skus/LAST-40', { name: 'Limited print', prices: { web: 4500 } }));
    await must(admin('POST', '/v1/stock/receipts', { sku: 'LAST-40', location: 'paris', quantity: 40 }));
    const body = {
      channel: 'web',
      customer: { email: 'w@example.fr' },
      shipping_address: address,
      lines: [{ sku: 'LAST-40', quantity: 1 }],
    };
    const replies = await Promise.all(
      Array.from({ length: 120 }, (_, i) =>
        admin('POST', '/v1/orders', body, { 'idempotency-key': `w-${i}` }),
      ),
    );
    expect(replies.filter((reply) => reply.status === 201)).toHaveLength(40);
    expect(replies.filter((reply) => reply.status === 409)).toHaveLength(80);
    expect((await must(admin('GET', '/v1/stock/LAST-40/reconciliation'))).balanced).toBe(true);
  });
});
