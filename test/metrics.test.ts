/** GET /metrics: the figures move with what happens, in a format Prometheus's own checker accepts. */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAdmissionSettings } from '../src/intake/index.js';
import { openShop, orderBody, type TestShop } from './support/shop.js';

/** The value of one sample line, e.g. `affluence_orders_placed_total{channel="web"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('metrics', () => {
  let shop: TestShop;
  beforeAll(async () => {
    // With the door `affluence serve` has, so that its figures are scraped and checked too.
    shop = await openShop('sqlite', { admission: defaultAdmissionSettings });
  });
  afterAll(() => shop.close());

  const scrape = async () => {
    const reply = await shop.admin('GET', '/metrics');
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^text\/plain/);
    return reply.body;
  };

  it('counts orders placed and refused, revenue, batches, holds and requests by route', async () => {
    const placed = await shop.storefront(
      'POST',
      '/v1/orders',
      orderBody([{ sku: 'MUG-BLUE', quantity: 2 }]),
      {
        'idempotency-key': 'm1',
      },
    );
    expect(placed.statusCode).toBe(201);
    // A replayed retry is the same order: it must not count twice.
    await shop.storefront('POST', '/v1/orders', orderBody([{ sku: 'MUG-BLUE', quantity: 2 }]), {
      'idempotency-key': 'm1',
    });
    await shop.storefront('POST', '/v1/orders', orderBody([{ sku: 'LAST-ONE', quantity: 5 }]), {
      'idempotency-key': 'm2',
    });
    await shop.storefront('POST', '/v1/holds', {
      channel: 'web',
      lines: [{ sku: 'TEE-M', quantity: 3 }],
      ttl_s: 600,
    });

    const text = await scrape();
    expect(sample(text, 'affluence_orders_placed_total{channel="web"}')).toBe(1);
    expect(sample(text, 'affluence_revenue_minor_total{channel="web",currency="EUR"}')).toBe(2580);
    expect(sample(text, 'affluence_orders_refused_total{reason="out_of_stock"}')).toBe(1);
    expect(sample(text, 'affluence_holds_active')).toBe(1);
    // TEE-M has 3 units, all held now.
    expect(sample(text, 'affluence_skus_sold_out')).toBe(1);
    expect(sample(text, 'affluence_intake_batch_size_count')).toBeGreaterThanOrEqual(3);
    expect(sample(text, 'affluence_intake_queue_length')).toBe(0);
    // The door let everything in, and nothing is left in flight.
    expect(sample(text, 'affluence_admission_limit{path="orders"}')).toBe(
      defaultAdmissionSettings.orders.initial,
    );
    expect(sample(text, 'affluence_admission_in_flight{path="orders"}')).toBe(0);
    expect(sample(text, 'affluence_admission_in_flight{path="reads"}')).toBe(0);
    expect(sample(text, 'affluence_admission_shed_total{path="orders"}')).toBeUndefined();
    expect(sample(text, 'affluence_outbox_last_event_id')).toBeGreaterThan(10);
    expect(sample(text, 'affluence_outbox_backlog')).toBe(0);
    expect(
      sample(
        text,
        'affluence_http_request_duration_seconds_count{method="POST",route="/v1/orders",status="201"}',
      ),
    ).toBe(2);
    expect(
      sample(
        text,
        'affluence_http_request_duration_seconds_count{method="POST",route="/v1/orders",status="409"}',
      ),
    ).toBe(1);
    expect(text).toMatch(/^affluence_process_resident_memory_bytes \d+/m);
  });

  it('counts the outbox backlog from its slowest consumer', async () => {
    const last = Number(sample(await scrape(), 'affluence_outbox_last_event_id'));
    expect((await shop.admin('PUT', '/v1/events/cursors/relay', { position: last - 5 })).statusCode).toBe(
      200,
    );
    expect(sample(await scrape(), 'affluence_outbox_backlog')).toBe(5);
  });

  it('is for admin keys only', async () => {
    expect((await shop.storefront('GET', '/metrics')).statusCode).toBe(403);
    expect((await shop.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
  });

  it('passes promtool check metrics', async () => {
    const text = await scrape();
    const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    if (check.error !== undefined)
      throw new Error('promtool is missing: apt-get install prometheus (.ci/run does)');
    expect(`${check.stdout}${check.stderr}`.trim()).toBe('');
    expect(check.status).toBe(0);
  });
});
