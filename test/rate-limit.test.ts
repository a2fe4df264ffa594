/** Rate limits: each API key within its budget, each keyless client within its own; past it, 429 with Retry-After. */
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer } from '../src/server/index.js';
import { openShop, type TestShop } from './support/shop.js';

describe('rate limits', () => {
  let shop: TestShop;
  let app: FastifyInstance;
  beforeEach(async () => {
    shop = await openShop('sqlite');
    app = await createServer(shop.ctx, { rateLimits: { perKey: 5, perClient: 3 } });
  });
  afterEach(async () => {
    await app.close();
    await shop.close();
  });

  const read = (key?: string) =>
    app.inject({
      method: 'GET',
      url: '/v1/availability/MUG-BLUE?channel=web',
      headers: key === undefined ? {} : { authorization: `Bearer ${key}` },
    });

  it('answers 429 with Retry-After past a key’s budget, and counts each key apart', async () => {
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await read(shop.storefrontKey)).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const limited = await read(shop.storefrontKey);
    expect(limited.json().error).toMatchObject({ code: 'rate_limited', details: { limit: 5 } });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await read(shop.adminKey)).statusCode).toBe(200);
  });

  it('limits a client sending no key, without touching keyed traffic from the same address', async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await read()).statusCode);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    expect((await read(shop.storefrontKey)).statusCode).toBe(200);
  });

  it('sets no per-key budget unless asked: a storefront sends all its shoppers’ traffic with one key', async () => {
    for (let i = 0; i < 20; i++)
      expect((await shop.storefront('GET', '/v1/availability/MUG-BLUE?channel=web')).statusCode).toBe(200);
  });
});
