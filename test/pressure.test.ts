/** Degrade, never collapse: a saturated process sheds storefront reads first, and keeps taking orders. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openShop, orderBody, type TestShop } from './support/shop.js';

/**
 * Keeps the event loop lagging as a saturated process does: blocked again and again, with only
 * brief breaths between, until the sampled mean delay is far past the threshold.
 */
async function saturate(ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const blockEnd = Date.now() + 250;
    while (Date.now() < blockEnd) {
      // busy: nothing else runs
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('under pressure', () => {
  let shop: TestShop;
  beforeAll(async () => {
    // A low threshold, so that the saturation below is past it beyond doubt on a loaded machine.
    shop = await openShop('sqlite', { shedReadsAboveEventLoopDelayMs: 30 });
  });
  afterAll(() => shop.close());

  it('sheds availability reads with 503 and Retry-After, but takes the order and serves the admin', async () => {
    await saturate(1_500);
    const read = await shop.storefront('GET', '/v1/availability/MUG-BLUE?channel=web');
    const order = await shop.storefront('POST', '/v1/orders', orderBody([{ sku: 'MUG-BLUE', quantity: 1 }]), {
      'idempotency-key': 'under-pressure',
    });
    const admin = await shop.admin('GET', '/v1/waiting-room');
    const health = await shop.app.inject({ method: 'GET', url: '/healthz' });
    expect(read.statusCode).toBe(503);
    expect(read.headers['retry-after']).toBe('1');
    expect(read.json().error.code).toBe('overloaded');
    expect(order.statusCode).toBe(201);
    expect(admin.statusCode).toBe(200);
    expect(health.statusCode).toBe(200);
  });

  it('serves reads again once the pressure is gone', async () => {
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = (await shop.storefront('GET', '/v1/availability/MUG-BLUE?channel=web')).statusCode;
    }
    expect(status).toBe(200);
  });
});
