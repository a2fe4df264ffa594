/** Availability under load: concurrent reads share one query and stay exact (read-your-writes). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BatchWriter } from '../src/intake/batch-writer.js';
import { AvailabilityReader } from '../src/inventory/availability.js';
import { openShop, orderBody, type TestShop } from './support/shop.js';
import { engines } from './support/stores.js';

const caller = { apiKeyId: 'key_availability_test', isAdmin: false };

describe.each(engines)('availability reads on %s', (engine) => {
  let shop: TestShop;
  beforeEach(async () => {
    shop = await openShop(engine);
  });
  afterEach(() => shop.close());

  it('answers a hundred concurrent requests with one read, each exactly', async () => {
    const reader = new AvailabilityReader(shop.ctx);
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        reader.read('web', i % 2 === 0 ? ['MUG-BLUE'] : ['TEE-M', 'LAST-ONE']),
      ),
    );
    expect(reader.stats()).toEqual({ requests: 100, reads: 1 });
    expect(answers[0]).toEqual({
      ok: true,
      value: [{ sku: 'MUG-BLUE', available: 15, backorder: null, incoming: [] }],
    });
    expect(answers[1]).toEqual({
      ok: true,
      value: [
        { sku: 'TEE-M', available: 3, backorder: null, incoming: [] },
        { sku: 'LAST-ONE', available: 1, backorder: null, incoming: [] },
      ],
    });
  });

  it('fails only the request that names an unknown SKU or channel', async () => {
    const reader = new AvailabilityReader(shop.ctx);
    const [good, unknownSku, unknownChannel, marketplace] = await Promise.all([
      reader.read('web', ['MUG-BLUE']),
      reader.read('web', ['MUG-BLUE', 'NOPE']),
      reader.read('nowhere', ['MUG-BLUE']),
      reader.read('marketplace', ['MUG-BLUE']),
    ]);
    expect(good.ok).toBe(true);
    expect(unknownSku).toMatchObject({ ok: false, code: 'unknown_sku', details: { skus: ['NOPE'] } });
    expect(unknownChannel).toMatchObject({ ok: false, code: 'unknown_channel' });
    // The marketplace ships from paris only: 10 of the 15.
    expect(marketplace).toEqual({
      ok: true,
      value: [{ sku: 'MUG-BLUE', available: 10, backorder: null, incoming: [] }],
    });
  });

  it('reflects every order acknowledged before the read, while orders keep pouring in', async () => {
    const reader = new AvailabilityReader(shop.ctx);
    const writer = new BatchWriter(shop.ctx);
    let acknowledged = 0;
    const checks: Promise<void>[] = [];
    await Promise.all(
      Array.from({ length: 15 }, (_, i) =>
        writer
          .submit({
            kind: 'order',
            input: orderBody([{ sku: 'MUG-BLUE', quantity: 1 }]) as never,
            idempotencyKey: `fresh-${i}`,
            caller,
          })
          .then((outcome) => {
            if (!outcome.ok) throw new Error(outcome.message);
            acknowledged++;
            const atLeast = acknowledged;
            // A read issued after this acknowledgement must see at least this many units gone.
            checks.push(
              reader.read('web', ['MUG-BLUE']).then((answer) => {
                expect(answer.ok && answer.value[0]!.available).toBeLessThanOrEqual(15 - atLeast);
              }),
            );
          }),
      ),
    );
    await Promise.all(checks);
    expect(await reader.read('web', ['MUG-BLUE'])).toEqual({
      ok: true,
      value: [{ sku: 'MUG-BLUE', available: 0, backorder: null, incoming: [] }],
    });
  });
});
