/** The HTTP contract around the business: auth and API keys, the one error format, health, docs, the events feed. */

import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hold } from '../src/inventory/contract.js';
import { expireHolds } from '../src/inventory/holds.js';
import type { Order } from '../src/orders/contract.js';
import type { ApiKey, CreatedApiKey } from '../src/platform/api-keys/contract.js';
import type { Event } from '../src/platform/outbox/contract.js';
import {
  body,
  eventsAfter,
  eventsEnd,
  expectError,
  newSku,
  placed,
  placeOrder,
} from './support/api-helpers.js';
import { manualClock, openShop, orderBody, type TestShop } from './support/shop.js';
import { engines } from './support/stores.js';

describe.each(engines)('platform API on %s', (engine) => {
  let shop: TestShop;
  const clock = manualClock();
  beforeAll(async () => {
    shop = await openShop(engine, { clock });
  });
  afterAll(() => shop.close());

  const as =
    (authorization: string | undefined) =>
    (method: InjectOptions['method'], url: string, payload?: unknown, headers: Record<string, string> = {}) =>
      shop.app.inject({
        method,
        url,
        headers: { ...(authorization === undefined ? {} : { authorization }), ...headers },
        ...(payload === undefined ? {} : { payload: payload as object }),
      });

  /** Routes only an admin key may call, with a body valid enough to pass validation. */
  const adminRoutes: [InjectOptions['method'], string, unknown?][] = [
    ['PUT', '/v1/channels/web', { name: 'Web shop', currency: 'EUR' }],
    ['GET', '/v1/channels'],
    ['PUT', '/v1/locations/paris', { name: 'Paris', channels: ['web'] }],
    ['GET', '/v1/locations'],
    ['PUT', '/v1/skus/MUG-BLUE', { name: 'Mug', prices: { web: 1 } }],
    ['PUT', '/v1/channels/web/buffers/MUG-BLUE', { quantity: 1 }],
    ['POST', '/v1/stock/receipts', { sku: 'MUG-BLUE', location: 'paris', quantity: 1 }],
    ['POST', '/v1/stock/adjustments', { sku: 'MUG-BLUE', location: 'paris', delta: -1, reason: 'x' }],
    ['GET', '/v1/stock/MUG-BLUE'],
    ['GET', '/v1/stock/MUG-BLUE/movements'],
    ['POST', '/v1/orders/ord_x/transitions', { to: 'paid' }],
    ['GET', '/v1/orders/ord_x/events'],
    ['GET', '/v1/events'],
    ['POST', '/v1/api-keys', { name: 'sneaky', scopes: ['admin'] }],
    ['GET', '/v1/api-keys'],
    ['DELETE', '/v1/api-keys/key_x'],
  ];
  /** Routes a storefront key may call. */
  const storefrontRoutes: [InjectOptions['method'], string, unknown?][] = [
    ['GET', '/v1/skus'],
    ['GET', '/v1/skus/MUG-BLUE'],
    ['GET', '/v1/availability/MUG-BLUE?channel=web'],
    ['POST', '/v1/availability', { channel: 'web', skus: ['MUG-BLUE'] }],
    ['GET', '/v1/orders'],
  ];

  describe('auth', () => {
    it('answers 401 unauthorized without a key, with a wrong key, or with another scheme', async () => {
      for (const authorization of [
        undefined,
        'Bearer aff_wrong',
        'Bearer',
        `Basic ${shop.adminKey}`,
        shop.adminKey,
      ]) {
        for (const [method, url, payload] of [...adminRoutes, ...storefrontRoutes]) {
          const response = await as(authorization)(method, url, payload);
          expectError(response, 401, 'unauthorized');
        }
        expectError(
          await as(authorization)('POST', '/v1/orders', orderBody([{ sku: 'MUG-BLUE', quantity: 1 }]), {
            'idempotency-key': 'k',
          }),
          401,
          'unauthorized',
        );
      }
      expect(body<{ on_hand: number }>(await shop.admin('GET', '/v1/stock/MUG-BLUE'), 200).on_hand).toBe(15);
    });

    it('answers 403 forbidden to a storefront key on admin routes, and changes nothing', async () => {
      const start = await eventsEnd(shop);
      for (const [method, url, payload] of adminRoutes) {
        const error = expectError(await shop.storefront(method, url, payload), 403, 'forbidden');
        expect(error.details, `${method} ${url}`).toMatchObject({ needed: 'admin' });
      }
      expect((await eventsAfter(shop, start)).events).toEqual([]);
      expect(body<{ on_hand: number }>(await shop.admin('GET', '/v1/stock/MUG-BLUE'), 200).on_hand).toBe(15);
    });

    it('lets a storefront key and an admin key read the storefront routes', async () => {
      for (const [method, url, payload] of storefrontRoutes) {
        expect((await shop.storefront(method, url, payload)).statusCode, `${method} ${url}`).toBe(200);
        expect((await shop.admin(method, url, payload)).statusCode, `${method} ${url}`).toBe(200);
      }
    });

    it('accepts the scheme name in any case', async () => {
      expect((await as(`bearer ${shop.storefrontKey}`)('GET', '/v1/skus')).statusCode).toBe(200);
    });
  });

  describe('API keys', () => {
    it('creates a key shown once, which works at once with its scopes', async () => {
      const created = body<CreatedApiKey>(
        await shop.admin('POST', '/v1/api-keys', { name: 'Checkout', scopes: ['storefront'] }),
        201,
      );
      expect(created).toMatchObject({ name: 'Checkout', scopes: ['storefront'], revoked_at: null });
      expect(created.key).toEqual(expect.any(String));
      expect(created.key!.length).toBeGreaterThanOrEqual(32);
      expect(created.key!.startsWith(created.prefix)).toBe(true);
      expect(created.prefix.length).toBeLessThan(created.key!.length);

      const listed = body<{ data: ApiKey[] }>(await shop.admin('GET', '/v1/api-keys'), 200);
      const entry = listed.data.find((key) => key.id === created.id);
      expect(entry).toEqual({ ...created, key: undefined });
      expect(JSON.stringify(listed)).not.toContain(created.key);

      const key = as(`Bearer ${created.key}`);
      expect((await key('GET', '/v1/skus/MUG-BLUE')).statusCode).toBe(200);
      const order = body<Order>(
        await key('POST', '/v1/orders', orderBody([{ sku: 'MUG-BLUE', quantity: 1 }]), {
          'idempotency-key': 'new-key-1',
        }),
        201,
      );
      expect(body<Order>(await key('GET', `/v1/orders/${order.id}`), 200).id).toBe(order.id);
      expectError(await key('GET', '/v1/stock/MUG-BLUE'), 403, 'forbidden');
      expectError(
        await key('POST', '/v1/api-keys', { name: 'escalate', scopes: ['admin'] }),
        403,
        'forbidden',
      );
    });

    it('creates admin keys that can do everything', async () => {
      const created = body<CreatedApiKey>(
        await shop.admin('POST', '/v1/api-keys', { name: 'Ops', scopes: ['admin'] }),
        201,
      );
      const key = as(`Bearer ${created.key}`);
      expect((await key('GET', '/v1/stock/MUG-BLUE')).statusCode).toBe(200);
      expect((await key('GET', '/v1/skus')).statusCode).toBe(200);
      expect((await key('GET', '/v1/events?limit=1')).statusCode).toBe(200);
    });

    it('revokes a key with DELETE (204): it gets 401 from then on; its orders stay', async () => {
      const created = body<CreatedApiKey>(
        await shop.admin('POST', '/v1/api-keys', { name: 'Old app', scopes: ['storefront'] }),
        201,
      );
      const key = as(`Bearer ${created.key}`);
      const order = body<Order>(
        await key('POST', '/v1/orders', orderBody([{ sku: 'TEE-M', quantity: 1 }]), {
          'idempotency-key': 'old-app-1',
        }),
        201,
      );
      expect((await key('GET', '/v1/skus')).statusCode).toBe(200);

      const revoked = await shop.admin('DELETE', `/v1/api-keys/${created.id}`);
      expect(revoked.statusCode, revoked.body).toBe(204);
      expect(revoked.body).toBe('');
      expectError(await key('GET', '/v1/skus'), 401, 'unauthorized');
      expectError(
        await key('POST', '/v1/orders', orderBody([{ sku: 'TEE-M', quantity: 1 }]), {
          'idempotency-key': 'old-app-2',
        }),
        401,
        'unauthorized',
      );
      clock.advance(10_000);
      expectError(await key('GET', '/v1/skus'), 401, 'unauthorized');

      const listed = body<{ data: ApiKey[] }>(await shop.admin('GET', '/v1/api-keys'), 200);
      expect(listed.data.find((entry) => entry.id === created.id)?.revoked_at).toEqual(expect.any(String));
      expect(body<Order>(await shop.admin('GET', `/v1/orders/${order.id}`), 200).status).toBe('placed');
      expect((await shop.admin('DELETE', `/v1/api-keys/${created.id}`)).statusCode).toBe(204);
      expectError(await shop.admin('DELETE', '/v1/api-keys/key_nope'), 404, 'not_found');
    });

    it('refuses a key without scopes or with an unknown scope', async () => {
      expectError(
        await shop.admin('POST', '/v1/api-keys', { name: 'none', scopes: [] }),
        400,
        'validation_failed',
      );
      expectError(
        await shop.admin('POST', '/v1/api-keys', { name: 'root', scopes: ['root'] }),
        400,
        'validation_failed',
      );
      expectError(await shop.admin('POST', '/v1/api-keys', { scopes: ['admin'] }), 400, 'validation_failed');
    });
  });

  describe('errors, health and docs', () => {
    it('answers every error as {error: {code, message, details?}}', async () => {
      expectError(await shop.admin('GET', '/v1/nothing-here'), 404, 'route_not_found');
      expectError(await shop.app.inject({ method: 'GET', url: '/nope' }), 404, 'route_not_found');
      const invalidJson = await shop.app.inject({
        method: 'PUT',
        url: '/v1/skus/BROKEN',
        headers: { authorization: `Bearer ${shop.adminKey}`, 'content-type': 'application/json' },
        payload: '{"name": "Broken",',
      });
      expectError(invalidJson, 400, 'invalid_json');
      const validation = expectError(
        await shop.admin('PUT', '/v1/skus/BROKEN', { name: 'Broken', prices: { web: 1 }, colour: 'red' }),
        400,
        'validation_failed',
      );
      expect(validation.details).toEqual(expect.objectContaining({ errors: expect.any(Array) }));
      expectError(
        await shop.admin('PUT', '/v1/skus/BROKEN', { name: 'Broken', prices: { web: '1' } }),
        400,
        'validation_failed',
      );
      const textBody = await shop.app.inject({
        method: 'POST',
        url: '/v1/stock/receipts',
        headers: { authorization: `Bearer ${shop.adminKey}`, 'content-type': 'application/xml' },
        payload: '<receipt sku="TEE-M"/>',
      });
      expectError(textBody, 415, 'unsupported_media_type');
      expectError(await shop.admin('GET', '/v1/skus/BROKEN'), 404, 'not_found');
      expect(body<{ on_hand: number }>(await shop.admin('GET', '/v1/stock/TEE-M'), 200).on_hand).toBe(3);
    });

    it('answers GET /healthz with 200 without a key', async () => {
      const health = await shop.app.inject({ method: 'GET', url: '/healthz' });
      expect(health.statusCode).toBe(200);
      expect(health.json()).toMatchObject({ status: 'ok' });
    });

    it('serves an OpenAPI document listing the API, and its HTML page', async () => {
      const response = await shop.app.inject({ method: 'GET', url: '/docs/json' });
      expect(response.statusCode).toBe(200);
      const document = response.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
      expect(document.openapi).toMatch(/^3\./);
      const expected: [string, string][] = [
        ['/v1/channels/{code}', 'put'],
        ['/v1/locations/{code}', 'put'],
        ['/v1/skus/{sku}', 'put'],
        ['/v1/skus/{sku}', 'get'],
        ['/v1/skus', 'get'],
        ['/v1/stock/receipts', 'post'],
        ['/v1/stock/adjustments', 'post'],
        ['/v1/stock/{sku}', 'get'],
        ['/v1/stock/{sku}/movements', 'get'],
        ['/v1/channels/{code}/buffers/{sku}', 'put'],
        ['/v1/availability/{sku}', 'get'],
        ['/v1/availability', 'post'],
        ['/v1/holds', 'post'],
        ['/v1/holds/{id}', 'delete'],
        ['/v1/orders', 'post'],
        ['/v1/orders', 'get'],
        ['/v1/orders/{id}', 'get'],
        ['/v1/orders/{id}/cancel', 'post'],
        ['/v1/orders/{id}/transitions', 'post'],
        ['/v1/events', 'get'],
        ['/v1/api-keys', 'post'],
        ['/v1/api-keys/{id}', 'delete'],
      ];
      for (const [path, method] of expected) {
        expect(document.paths[path]?.[method], `${method.toUpperCase()} ${path}`).toBeDefined();
      }
      const html = await shop.app.inject({ method: 'GET', url: '/docs' });
      expect(html.statusCode).toBe(200);
      expect(html.headers['content-type']).toMatch(/^text\/html/);
    });
  });

  describe('events feed', () => {
    it('records every state change, in order, with its type, entity, payload and time', async () => {
      const start = await eventsEnd(shop);
      body(await shop.admin('PUT', '/v1/channels/pop', { name: 'Pop-up', currency: 'EUR' }), 200);
      body(await shop.admin('PUT', '/v1/channels/pop', { name: 'Pop-up store', currency: 'EUR' }), 200);
      body(await shop.admin('PUT', '/v1/locations/nice', { name: 'Nice', channels: ['pop', 'web'] }), 200);
      body(await shop.admin('PUT', '/v1/locations/nice', { name: 'Nice', channels: ['pop'] }), 200);
      await newSku(shop, 'EV-1', {}, { pop: 500 });
      body(await shop.admin('PUT', '/v1/skus/EV-1', { name: 'Event item', prices: { pop: 600 } }), 200);
      body(
        await shop.admin('POST', '/v1/stock/receipts', { sku: 'EV-1', location: 'nice', quantity: 10 }),
        201,
      );
      body(
        await shop.admin('POST', '/v1/stock/adjustments', {
          sku: 'EV-1',
          location: 'nice',
          delta: -1,
          reason: 'broken',
        }),
        201,
      );
      body(await shop.admin('PUT', '/v1/channels/pop/buffers/EV-1', { quantity: 1 }), 200);
      const released = body<Hold>(
        await shop.storefront('POST', '/v1/holds', {
          channel: 'pop',
          lines: [{ sku: 'EV-1', quantity: 1 }],
          ttl_s: 60,
        }),
        201,
      );
      body(await shop.storefront('DELETE', `/v1/holds/${released.id}`), 200);
      const consumed = body<Hold>(
        await shop.storefront('POST', '/v1/holds', {
          channel: 'pop',
          lines: [{ sku: 'EV-1', quantity: 2 }],
          ttl_s: 60,
        }),
        201,
      );
      const order = await placed(shop.storefront, [{ sku: 'EV-1', quantity: 2 }], {
        channel: 'pop',
        hold_id: consumed.id,
      });
      for (const to of ['paid', 'fulfilling', 'shipped', 'delivered']) {
        body(await shop.admin('POST', `/v1/orders/${order.id}/transitions`, { to }), 200);
      }
      const cancelled = await placed(shop.storefront, [{ sku: 'EV-1', quantity: 1 }], { channel: 'pop' });
      body(await shop.storefront('POST', `/v1/orders/${cancelled.id}/cancel`), 200);
      const expired = body<Hold>(
        await shop.storefront('POST', '/v1/holds', {
          channel: 'pop',
          lines: [{ sku: 'EV-1', quantity: 1 }],
          ttl_s: 1,
        }),
        201,
      );
      clock.advance(2_000);
      expect(await expireHolds(shop.ctx)).toBe(1);
      const key = body<CreatedApiKey>(
        await shop.admin('POST', '/v1/api-keys', { name: 'Temp', scopes: ['storefront'] }),
        201,
      );
      expect((await shop.admin('DELETE', `/v1/api-keys/${key.id}`)).statusCode).toBe(204);

      const { events } = await eventsAfter(shop, start);
      expect(events.map((event) => [event.type, event.entity_type, event.entity_id])).toEqual([
        ['channel.created', 'channel', 'pop'],
        ['channel.updated', 'channel', 'pop'],
        ['location.created', 'location', 'nice'],
        ['location.updated', 'location', 'nice'],
        ['sku.created', 'sku', 'EV-1'],
        ['sku.updated', 'sku', 'EV-1'],
        ['stock.received', 'sku', 'EV-1'],
        ['stock.adjusted', 'sku', 'EV-1'],
        ['buffer.set', 'sku', 'EV-1'],
        ['hold.created', 'hold', released.id],
        ['hold.released', 'hold', released.id],
        ['hold.created', 'hold', consumed.id],
        ['hold.consumed', 'hold', consumed.id],
        ['order.placed', 'order', order.id],
        ['order.paid', 'order', order.id],
        ['order.fulfilling', 'order', order.id],
        ['order.shipped', 'order', order.id],
        ['order.delivered', 'order', order.id],
        ['order.placed', 'order', cancelled.id],
        ['order.cancelled', 'order', cancelled.id],
        ['hold.created', 'hold', expired.id],
        ['hold.expired', 'hold', expired.id],
        ['api_key.created', 'api_key', key.id],
        ['api_key.revoked', 'api_key', key.id],
      ]);
      const byType = (type: string) => events.find((event) => event.type === type);
      expect(byType('channel.updated')?.payload).toMatchObject({ name: 'Pop-up store', currency: 'EUR' });
      expect(byType('stock.received')?.payload).toMatchObject({
        sku: 'EV-1',
        location: 'nice',
        quantity: 10,
      });
      expect(byType('stock.adjusted')?.payload).toMatchObject({ delta: -1, reason: 'broken' });
      expect(byType('buffer.set')?.payload).toMatchObject({ channel: 'pop', quantity: 1 });
      expect(byType('order.placed')?.payload).toMatchObject({ id: order.id, total: 1200, currency: 'EUR' });
      expect(byType('order.shipped')?.payload).toMatchObject({ from: 'fulfilling', to: 'shipped' });
      expect(JSON.stringify(events)).not.toContain(key.key);
      for (const event of events) expect(Number.isNaN(Date.parse(event.created_at))).toBe(false);
    });

    it('records nothing for refused requests', async () => {
      const start = await eventsEnd(shop);
      expectError(await placeOrder(shop.storefront, [{ sku: 'LAST-ONE', quantity: 2 }]), 409, 'out_of_stock');
      expectError(
        await shop.admin('PUT', '/v1/channels/web', { name: 'Web', currency: 'USD' }),
        409,
        'channel_currency_locked',
      );
      expectError(
        await shop.admin('POST', '/v1/stock/adjustments', {
          sku: 'TEE-M',
          location: 'paris',
          delta: -10,
          reason: 'x',
        }),
        409,
        'insufficient_stock',
      );
      expectError(
        await shop.admin('PUT', '/v1/skus/X-1', { name: 'X', prices: { moon: 1 } }),
        422,
        'unknown_channel',
      );
      expectError(
        await shop.storefront('POST', '/v1/holds', {
          channel: 'web',
          lines: [{ sku: 'LAST-ONE', quantity: 5 }],
          ttl_s: 60,
        }),
        409,
        'out_of_stock',
      );
      expectError(
        await shop.storefront('POST', '/v1/orders', orderBody([{ sku: 'TEE-M', quantity: 1 }])),
        400,
        'idempotency_key_missing',
      );
      expect((await eventsAfter(shop, start)).events).toEqual([]);
    });

    it('reads the same feed page by page without gaps or repeats, whatever the page size', async () => {
      const whole = (await eventsAfter(shop, 0)).events;
      expect(whole.length).toBeGreaterThan(30);
      const ids = whole.map((event) => event.id);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(new Set(ids).size).toBe(ids.length);
      for (let i = 1; i < ids.length; i++) expect(ids[i]! - ids[i - 1]!, `after ${ids[i - 1]}`).toBe(1);
      for (const limit of [1, 2, 7]) {
        const paged = await eventsAfter(shop, 0, limit);
        expect(paged.events, `limit ${limit}`).toEqual(whole);
        expect(paged.cursor).toBe(ids[ids.length - 1]);
      }
      const middle = ids[10]!;
      expect((await eventsAfter(shop, middle, 3)).events).toEqual(whole.slice(11));

      // A reader at the end gets an empty page and its cursor back; new events then follow.
      const end = ids[ids.length - 1]!;
      const empty = body<{ data: Event[]; next_cursor: number }>(
        await shop.admin('GET', `/v1/events?after=${end}`),
        200,
      );
      expect(empty).toEqual({ data: [], next_cursor: end });
      body(
        await shop.admin('POST', '/v1/stock/receipts', { sku: 'TEE-M', location: 'paris', quantity: 1 }),
        201,
      );
      const next = body<{ data: Event[]; next_cursor: number }>(
        await shop.admin('GET', `/v1/events?after=${end}`),
        200,
      );
      expect(next.data.map((event) => [event.id, event.type])).toEqual([[end + 1, 'stock.received']]);
      expect(next.next_cursor).toBe(end + 1);
    });

    it('refuses a page size out of bounds and a storefront reader', async () => {
      expectError(await shop.admin('GET', '/v1/events?limit=0'), 400, 'validation_failed');
      expectError(await shop.admin('GET', '/v1/events?limit=1001'), 400, 'validation_failed');
      expectError(await shop.admin('GET', '/v1/events?after=-1'), 400, 'validation_failed');
      expectError(await shop.storefront('GET', '/v1/events'), 403, 'forbidden');
    });
  });
});
