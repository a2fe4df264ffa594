/** Degrade, never collapse: a saturated process sheds storefront reads first, and keeps taking orders. */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limits } from '../src/platform/core/limits.js';
import { openShop, orderBody, type TestShop } from './support/shop.js';

/** Each turn of the loop while saturated: far past the threshold below, whatever the machine's load. */
const blockMs = 100;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Keeps the event loop lagging as a saturated process does, until stopped: blocked for `blockMs`,
 * then one turn of the loop for requests to move on, again and again. Every delay the sampler
 * measures meanwhile is at least `blockMs`, so the process is under pressure for as long as this
 * runs, while requests still complete a turn at a time. Resolves once the sampler has measured
 * whole intervals of it (the first may have begun before), so that the pressure is its doing.
 */
async function saturate(): Promise<{ stop(): Promise<void> }> {
  let running = true;
  const done = (async () => {
    while (running) {
      const blockEnd = performance.now() + blockMs;
      while (performance.now() < blockEnd) {
        // busy: nothing else runs
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  await pause(3 * (limits.eventLoopSampleMs + blockMs));
  return {
    stop: async () => {
      running = false;
      await done;
    },
  };
}

/** Asks again until `wanted` answers, at most `attemptsMax` times `pauseMs` apart; returns the last answer. */
async function until(
  ask: () => Promise<LightMyRequestResponse>,
  wanted: (reply: LightMyRequestResponse) => boolean,
  { attemptsMax = 100, pauseMs = 50 } = {},
): Promise<LightMyRequestResponse> {
  let reply = await ask();
  for (let attempt = 1; attempt < attemptsMax && !wanted(reply); attempt++) {
    await pause(pauseMs);
    reply = await ask();
  }
  return reply;
}

describe('under pressure', () => {
  let shop: TestShop;
  const readAvailability = () => shop.storefront('GET', '/v1/availability/MUG-BLUE?channel=web');
  const expectShed = (reply: LightMyRequestResponse) => {
    expect(reply.statusCode).toBe(503);
    expect(reply.headers['retry-after']).toBe('1');
    expect(reply.json().error.code).toBe('overloaded');
  };

  beforeAll(async () => {
    // A low threshold, so that the saturation is past it beyond doubt on a loaded machine.
    shop = await openShop('sqlite', { shedReadsAboveEventLoopDelayMs: 30 });
  });
  afterAll(() => shop.close());

  it('sheds storefront reads with 503 and Retry-After, while orders and admin routes go through', async () => {
    const pressure = await saturate();
    try {
      expectShed(await readAvailability());
      // A crowd arriving at once: shoppers reading the catalog and availability, three buying.
      const [reads, orders] = await Promise.all([
        Promise.all([
          readAvailability(),
          shop.storefront('POST', '/v1/availability', { channel: 'web', skus: ['MUG-BLUE', 'TEE-M'] }),
          shop.storefront('GET', '/v1/skus/MUG-BLUE'),
          shop.storefront('GET', '/v1/skus'),
        ]),
        Promise.all(
          ['first', 'second', 'third'].map((buyer) =>
            shop.storefront('POST', '/v1/orders', orderBody([{ sku: 'MUG-BLUE', quantity: 1 }]), {
              'idempotency-key': `under-pressure-${buyer}`,
            }),
          ),
        ),
      ]);
      for (const reply of reads) expectShed(reply);
      expect(orders.map((reply) => reply.statusCode)).toEqual([201, 201, 201]);
      // Admin routes are never shed, reads among them: the stock shows the three orders taken.
      const stock = await shop.admin('GET', '/v1/stock/MUG-BLUE');
      expect(stock.statusCode).toBe(200);
      expect(stock.json()).toMatchObject({ on_hand: 15, reserved: 3 });
      expect((await shop.admin('GET', '/v1/waiting-room')).statusCode).toBe(200);
      expect((await shop.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      // Still shedding: everything above was answered while the process was under pressure.
      expectShed(await readAvailability());
    } finally {
      await pressure.stop();
    }
  });

  it('serves reads again once the pressure is gone, exactly', async () => {
    // The web ships from both warehouses and holds nothing back: it may promise all that is free.
    const stock = (await shop.admin('GET', '/v1/stock/MUG-BLUE')).json();
    const pressure = await saturate();
    try {
      expectShed(await readAvailability());
    } finally {
      await pressure.stop();
    }
    const read = await until(readAvailability, (reply) => reply.statusCode === 200);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual({
      sku: 'MUG-BLUE',
      channel: 'web',
      available: stock.on_hand - stock.reserved,
    });
  });
});
