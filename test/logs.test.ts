/**
 * "No secrets and no personal data in the logs": a server run as in production, made to log (a
 * store that refuses an order's row, injected faults, deliveries that fail, bad requests), then its
 * whole output searched for every key, secret and customer detail the run handled.
 */
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loggedError } from '../src/platform/http/log.js';
import { client } from './support/client.js';
import { must } from './support/cluster.js';
import { type ServerProcess, startServer } from './support/server-process.js';
import { freshLocation } from './support/stores.js';

const adminKey = 'aff_test_logs_admin_key_7Hq2';
const webhookSecret = 'whsec_bG9nc2VjcmV0bG9nc2VjcmV0bG9nc2VjcmV0';
const webhookToken = 'tok_9f8e7d6c5b4a';
/** Customers of the run, every field recognisable. */
const customers = [1, 2, 3].map((n) => ({
  email: `quintavalle.${n}.refused@example.org`,
  name: `Zoé Quintavalle-${n}`,
  line1: `${n} impasse des Quintavalle`,
  postal_code: `7501${n}`,
  line2: `Bâtiment Q${n}, code 4${n}7B`,
}));

function order(customer: (typeof customers)[number]) {
  return {
    channel: 'web',
    customer: { email: customer.email, name: customer.name },
    shipping_address: {
      name: customer.name,
      line1: customer.line1,
      line2: customer.line2,
      city: 'Paris',
      postal_code: customer.postal_code,
      country: 'FR',
    },
    lines: [{ sku: 'LOG-1', quantity: 1 }],
  };
}

describe('the logs of a run', () => {
  let server: ServerProcess | undefined;
  let drop: (() => Promise<void>) | undefined;
  afterAll(async () => {
    await server?.stop();
    await drop?.();
  });

  it('name what went wrong, and no key, secret or customer detail', async () => {
    const place = await freshLocation('postgres');
    drop = place.drop;
    server = await startServer(place.location, adminKey, ['--fault-injection']);
    let output = server.banner;
    server.child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    server.child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });

    const admin = client(server.url, adminKey);
    await must(admin('PUT', '/v1/channels/web', { name: 'Web', currency: 'EUR' }));
    await must(admin('PUT', '/v1/locations/paris', { name: 'Paris', channels: ['web'] }));
    await must(admin('PUT', '/v1/skus/LOG-1', { name: 'Log book', prices: { web: 900 } }));
    await must(admin('POST', '/v1/stock/receipts', { sku: 'LOG-1', location: 'paris', quantity: 100 }));
    const storefrontKey = (
      await must(admin('POST', '/v1/api-keys', { name: 'shop', scopes: ['storefront'] }))
    ).key as string;
    const storefront = client(server.url, storefrontKey);
    // Deliveries to a receiver that is not there fail, and are retried, all run long.
    await must(
      admin('POST', '/v1/webhooks', {
        url: `http://127.0.0.1:9/hooks?token=${webhookToken}`,
        event_types: ['order.*'],
        secret: webhookSecret,
      }),
    );

    // A store that refuses the row of an order: PostgreSQL's error names the row's values.
    const database = new pg.Client({ connectionString: place.location });
    await database.connect();
    await database.query(
      "ALTER TABLE orders ADD CONSTRAINT refuses_quintavalle CHECK (customer_email NOT LIKE '%refused%')",
    );
    await database.end();
    const refused = await storefront('POST', '/v1/orders', order(customers[0]!), {
      'idempotency-key': 'log-1',
    });
    expect(refused.status).toBeGreaterThanOrEqual(500);

    // Injected faults on every storefront request, then bad requests carrying customers' data.
    await must(admin('PUT', '/v1/ops/faults', { error_rate: 1, reason: 'logs drill' }));
    const faulted = await storefront('POST', '/v1/orders', order(customers[1]!), {
      'idempotency-key': 'log-2',
    });
    expect(faulted.status).toBe(500);
    await must(admin('PUT', '/v1/ops/faults', { error_rate: 0, reason: 'logs drill over' }));
    const invalid = await storefront('POST', '/v1/orders', { ...order(customers[2]!), lines: 'all' });
    expect(invalid.status).toBe(400);
    await admin('GET', `/v1/orders?q=${encodeURIComponent(customers[2]!.email)}`);

    await server.stop();
    server = undefined;
    // The run did log: the store's refusal is there, by its constraint's name.
    expect(output).toMatch(/refuses_quintavalle/);
    const secrets = [adminKey, storefrontKey, webhookSecret, webhookToken];
    const personal = customers.flatMap((customer) => Object.values(customer));
    const found = [...secrets, ...personal].filter((value) => output.includes(value));
    expect(found, `in the logs:\n${output}`).toEqual([]);
  });

  it('write an error with its names and without the values PostgreSQL puts in its detail', async () => {
    const place = await freshLocation('postgres');
    const database = new pg.Client({ connectionString: place.location });
    await database.connect();
    try {
      await database.query('CREATE TABLE people (email text CONSTRAINT people_email UNIQUE)');
      await database.query("INSERT INTO people VALUES ('ada@example.org')");
      const error = await database.query("INSERT INTO people VALUES ('ada@example.org')").catch((e) => e);
      expect(error.detail).toContain('ada@example.org');
      const logged = JSON.stringify(loggedError(new Error('could not save', { cause: error })));
      expect(logged).toContain('people_email');
      expect(logged).not.toContain('ada@example.org');
    } finally {
      await database.end();
      await place.drop();
    }
  });
});
