/** The contingency switches through the API: read-only mode, paused and frozen channels, the audit log, fault injection. */

import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelSwitches } from '../src/ops/switches/contract.js';
import type { AuditEntry } from '../src/platform/audit/contract.js';
import { createContext } from '../src/platform/context.js';
import { limits } from '../src/platform/core/limits.js';
import type { Page } from '../src/platform/http/schemas.js';
import type { Event } from '../src/platform/outbox/contract.js';
import { createServer } from '../src/server/index.js';
import {
  atp,
  body,
  eventsAfter,
  eventsEnd,
  expectError,
  newKey,
  newSku,
  placeOrder,
  stockByLocation,
  walk,
} from './support/api-helpers.js';
import { manualClock, openShop, orderBody, type TestShop } from './support/shop.js';
import { engines } from './support/stores.js';

describe.each(engines)('contingency switches on %s', (engine) => {
  let shop: TestShop;
  const clock = manualClock(Date.parse('2026-11-27T19:00:00.000Z'));
  let adminKeyId: string;
  beforeAll(async () => {
    shop = await openShop(engine, { clock });
    const keys = body<{ data: { id: string; name: string }[] }>(await shop.admin('GET', '/v1/api-keys'), 200);
    adminKeyId = keys.data.find((key) => key.name === 'test admin')!.id;
  });
  afterAll(() => shop.close());

  /** A second server process on the same store: its own app, its own caches. */
  async function anotherApp(options: { faultInjection?: boolean } = {}) {
    const app = await createServer(createContext(shop.testStore.store, clock), options);
    const as =
      (key: string) =>
      (method: InjectOptions['method'], url: string, payload?: unknown, headers = {}) =>
        app.inject({
          method,
          url,
          headers: { authorization: `Bearer ${key}`, ...headers },
          ...(payload === undefined ? {} : { payload: payload as object }),
        });
    return { app, admin: as(shop.adminKey), storefront: as(shop.storefrontKey) };
  }

  /**
   * The switches' entries: the other admin calls of these tests (receipts, channels…) leave their
   * generic `api.` entries too, which test/admin-audit.test.ts is about.
   */
  const isSwitchEntry = (entry: AuditEntry) => !entry.action.startsWith('api.');
  const auditLog = async () =>
    body<Page<AuditEntry>>(await shop.admin('GET', '/v1/audit-log?limit=1000'), 200).data.filter(
      isSwitchEntry,
    );
  const switches = async () => body<Record<string, unknown>>(await shop.admin('GET', '/v1/switches'), 200);
  const receipt = (sku = 'MUG-BLUE', quantity = 1) =>
    shop.admin('POST', '/v1/stock/receipts', { sku, location: 'paris', quantity });
  const hold = (channel: string) =>
    shop.storefront('POST', '/v1/holds', { channel, lines: [{ sku: 'MUG-BLUE', quantity: 1 }], ttl_s: 60 });

  async function switchEvents(after: number): Promise<Event[]> {
    return (await eventsAfter(shop, after)).events.filter((event) => event.type === 'switch.changed');
  }

  it('lists every channel with its switches off, and the waiting room', async () => {
    expect(await switches()).toEqual({
      read_only: { on: false, since: null, by: null, reason: null },
      channels: ['marketplace', 'web'].map((channel) => ({
        channel,
        orders_stopped: false,
        availability_frozen: false,
        since: null,
        by: null,
        reason: null,
      })),
      waiting_room: expect.objectContaining({ enabled: false, admission_rate_per_s: 50 }),
      faults: { error_rate: 0, since: null, by: null, reason: null },
    });
  });

  it('read-only mode refuses a receipt and an order, lets reads and the operations room through', async () => {
    const eventsBefore = await eventsEnd(shop);
    const stockBefore = await stockByLocation(shop, 'MUG-BLUE');
    const on = body(
      await shop.admin('PUT', '/v1/switches/read-only', { on: true, reason: 'database failover' }),
      200,
    );
    expect(on).toEqual({
      on: true,
      since: new Date(clock.now()).toISOString(),
      by: 'test admin',
      reason: 'database failover',
    });

    const refusedReceipt = await receipt();
    expect(expectError(refusedReceipt, 503, 'read_only').details).toMatchObject({
      reason: 'database failover',
    });
    expect(refusedReceipt.headers['retry-after']).toBe(String(limits.switchRetryAfterS));
    const refusedOrder = await placeOrder(shop.storefront, [{ sku: 'MUG-BLUE', quantity: 1 }]);
    expectError(refusedOrder, 503, 'read_only');
    expect(refusedOrder.headers['retry-after']).toBe(String(limits.switchRetryAfterS));
    expectError(
      await shop.admin('PUT', '/v1/skus/NEW-ONE', { name: 'New', prices: { web: 100 } }),
      503,
      'read_only',
    );

    // Reads go on, the availability read carried in a body too.
    expect(await atp(shop, 'MUG-BLUE', 'web')).toBe(15);
    body(await shop.storefront('POST', '/v1/availability', { channel: 'web', skus: ['MUG-BLUE'] }), 200);
    expect(await stockByLocation(shop, 'MUG-BLUE')).toEqual(stockBefore);
    // The room can still act: open an incident, open the waiting room, and switch read-only off.
    const incident = body<{ id: string }>(
      await shop.admin('POST', '/v1/incidents', { title: 'Primary down', severity: 'sev1' }),
      201,
    );
    body(
      await shop.admin('PUT', '/v1/waiting-room', { admission_rate_per_s: 80, reason: 'ready for later' }),
      200,
    );
    body(await shop.admin('PUT', '/v1/switches/read-only', { on: false, reason: 'failover done' }), 200);

    body(await receipt(), 201);
    body(await placeOrder(shop.storefront, [{ sku: 'MUG-BLUE', quantity: 1 }]), 201);
    // The incident open meanwhile heard of the switch turned off.
    const timeline = body<{ timeline: { kind: string; text: string; by: string }[] }>(
      await shop.admin('GET', `/v1/incidents/${incident.id}`),
      200,
    ).timeline;
    expect(timeline.filter((entry) => entry.kind === 'switch')).toEqual([
      expect.objectContaining({ text: 'Waiting room settings changed: ready for later', by: 'test admin' }),
      expect.objectContaining({ text: 'Read-only mode off: failover done', by: 'test admin' }),
    ]);
    body(
      await shop.admin('PATCH', `/v1/incidents/${incident.id}`, {
        status: 'resolved',
        summary: 'Failed over',
      }),
      200,
    );
    expect((await switchEvents(eventsBefore)).map((event) => event.payload)).toEqual([
      {
        target: 'read-only',
        set: { on: true },
        reason: 'database failover',
        by: 'test admin',
        by_key_id: adminKeyId,
      },
      {
        target: 'read-only',
        set: { on: false },
        reason: 'failover done',
        by: 'test admin',
        by_key_id: adminKeyId,
      },
    ]);
  });

  it('stopping marketplace refuses its orders and holds while web orders are taken', async () => {
    const stopped = body<ChannelSwitches>(
      await shop.admin('PUT', '/v1/switches/channels/marketplace', {
        orders_stopped: true,
        reason: 'marketplace API is flaky',
      }),
      200,
    );
    expect(stopped).toEqual({
      channel: 'marketplace',
      orders_stopped: true,
      availability_frozen: false,
      since: new Date(clock.now()).toISOString(),
      by: 'test admin',
      reason: 'marketplace API is flaky',
    });
    const stockBefore = await stockByLocation(shop, 'MUG-BLUE');
    const refused = await placeOrder(shop.storefront, [{ sku: 'MUG-BLUE', quantity: 1 }], {
      channel: 'marketplace',
    });
    expect(expectError(refused, 503, 'channel_paused').details).toMatchObject({ channel: 'marketplace' });
    expect(refused.headers['retry-after']).toBe(String(limits.switchRetryAfterS));
    expect(expectError(await hold('marketplace'), 503, 'channel_paused').details).toMatchObject({
      channel: 'marketplace',
    });
    expect(await stockByLocation(shop, 'MUG-BLUE')).toEqual(stockBefore);

    body(await placeOrder(shop.storefront, [{ sku: 'MUG-BLUE', quantity: 1 }]), 201);
    body(await hold('web'), 201);
    // Its availability is still shown: only its orders stop.
    expect(await atp(shop, 'MUG-BLUE', 'marketplace')).toBeGreaterThan(0);

    body(
      await shop.admin('PUT', '/v1/switches/channels/marketplace', {
        orders_stopped: false,
        reason: 'back up',
      }),
      200,
    );
    body(
      await placeOrder(shop.storefront, [{ sku: 'MUG-BLUE', quantity: 1 }], { channel: 'marketplace' }),
      201,
    );
  });

  it('freezing web caps what web is shown: receipts do not raise it, sales lower it, thawing shows the truth', async () => {
    await newSku(shop, 'FRZ-1', { paris: 4, lyon: 2 });
    expect(await atp(shop, 'FRZ-1', 'web')).toBe(6);
    body(
      await shop.admin('PUT', '/v1/switches/channels/web', {
        availability_frozen: true,
        reason: 'stock sync broken',
      }),
      200,
    );
    await newSku(shop, 'FRZ-NEW', { paris: 5 });

    body(await receipt('FRZ-1', 5), 201);
    expect(await atp(shop, 'FRZ-1', 'web')).toBe(6);
    // Marketplace is not frozen: it sees the receipt (paris only: 4 + 5).
    expect(await atp(shop, 'FRZ-1', 'marketplace')).toBe(9);
    // A SKU created since the freeze is not shown on web.
    expect(await atp(shop, 'FRZ-NEW', 'web')).toBe(0);

    // Orders are taken on the true stock, past what web is shown; the sale lowers what it is shown.
    body(await placeOrder(shop.storefront, [{ sku: 'FRZ-1', quantity: 8 }]), 201);
    expect(await atp(shop, 'FRZ-1', 'web')).toBe(3);
    body(await receipt('FRZ-1', 10), 201);
    const batch = body<{ data: { sku: string; available: number }[] }>(
      await shop.storefront('POST', '/v1/availability', { channel: 'web', skus: ['FRZ-1', 'FRZ-NEW'] }),
      200,
    );
    expect(batch.data.map((item) => [item.sku, item.available])).toEqual([
      ['FRZ-1', 6],
      ['FRZ-NEW', 0],
    ]);

    body(
      await shop.admin('PUT', '/v1/switches/channels/web', {
        availability_frozen: false,
        reason: 'sync fixed',
      }),
      200,
    );
    expect(await atp(shop, 'FRZ-1', 'web')).toBe(13);
    expect(await atp(shop, 'FRZ-NEW', 'web')).toBe(5);
  });

  it('the audit log says who flipped what and why, newest first, the waiting room included', async () => {
    body(
      await shop.admin('PUT', '/v1/waiting-room', {
        enabled: true,
        admission_rate_per_s: 200,
        reason: 'flash sale at 20:00',
      }),
      200,
    );
    body(await shop.admin('PUT', '/v1/waiting-room', { enabled: false, reason: 'flash sale over' }), 200);
    const entries = await auditLog();
    expect(entries.map((entry) => [entry.action, entry.target, entry.reason, entry.details])).toEqual([
      ['waiting_room.change', 'waiting_room', 'flash sale over', { enabled: false }],
      [
        'waiting_room.change',
        'waiting_room',
        'flash sale at 20:00',
        { enabled: true, admission_rate_per_s: 200 },
      ],
      ['switches.channel', 'web', 'sync fixed', { availability_frozen: false }],
      ['switches.channel', 'web', 'stock sync broken', { availability_frozen: true }],
      ['switches.channel', 'marketplace', 'back up', { orders_stopped: false }],
      ['switches.channel', 'marketplace', 'marketplace API is flaky', { orders_stopped: true }],
      ['switches.read_only', 'read-only', 'failover done', { on: false }],
      ['waiting_room.change', 'waiting_room', 'ready for later', { admission_rate_per_s: 80 }],
      ['switches.read_only', 'read-only', 'database failover', { on: true }],
    ]);
    for (const entry of entries) {
      expect(entry).toMatchObject({ actor_key_id: adminKeyId, actor_name: 'test admin' });
      expect(entry.at).toBe(new Date(clock.now()).toISOString());
    }
    const paged = await walk<AuditEntry>(shop.admin, '/v1/audit-log', 2);
    expect(paged.items.filter(isSwitchEntry)).toEqual(entries);
    expect(paged.pages).toBe(Math.ceil(paged.items.length / 2));
  });

  it('refuses bad input with a clear 400 or 404, and writes no audit row', async () => {
    const auditBefore = await auditLog();
    const switchesBefore = await switches();
    const eventsBefore = await eventsEnd(shop);
    const refusals: [string, string, unknown, number, string][] = [
      ['PUT', '/v1/switches/read-only', { on: true }, 400, 'validation_failed'],
      ['PUT', '/v1/switches/read-only', { on: true, reason: '' }, 400, 'validation_failed'],
      ['PUT', '/v1/switches/read-only', { on: 'yes', reason: 'x' }, 400, 'validation_failed'],
      ['PUT', '/v1/switches/read-only', { on: true, reason: 'x', by: 'me' }, 400, 'validation_failed'],
      ['PUT', '/v1/switches/channels/web', { orders_stopped: true }, 400, 'validation_failed'],
      ['PUT', '/v1/switches/channels/web', { reason: 'nothing to set' }, 400, 'validation_failed'],
      ['PUT', '/v1/switches/channels/web', { orders_stopped: 1, reason: 'x' }, 400, 'validation_failed'],
      ['PUT', '/v1/switches/channels/moon', { orders_stopped: true, reason: 'x' }, 404, 'not_found'],
      [
        'PUT',
        '/v1/switches/channels/bad%20code',
        { orders_stopped: true, reason: 'x' },
        400,
        'validation_failed',
      ],
      ['PUT', '/v1/ops/faults', { error_rate: 0.5, reason: 'drill' }, 403, 'fault_injection_disabled'],
      ['PUT', '/v1/ops/faults', { error_rate: 1.5, reason: 'drill' }, 400, 'validation_failed'],
      ['GET', '/v1/audit-log?limit=0', undefined, 400, 'validation_failed'],
      ['GET', '/v1/audit-log?cursor=abc', undefined, 400, 'validation_failed'],
    ];
    for (const [method, url, payload, status, code] of refusals) {
      const error = expectError(
        await shop.admin(method as InjectOptions['method'], url, payload),
        status,
        code,
      );
      expect(error.message.length).toBeGreaterThan(10);
    }
    expectError(
      await shop.storefront('PUT', '/v1/switches/read-only', { on: true, reason: 'x' }),
      403,
      'forbidden',
    );
    expectError(await shop.storefront('GET', '/v1/audit-log'), 403, 'forbidden');
    expect(await auditLog()).toEqual(auditBefore);
    expect(await switches()).toEqual(switchesBefore);
    expect(await eventsEnd(shop)).toBe(eventsBefore);
  });

  it('flips made at once on several channels all hold: none overwrites another', async () => {
    const channels = Array.from({ length: 8 }, (_, index) => `race-${index}`);
    for (const channel of channels) {
      body(await shop.admin('PUT', `/v1/channels/${channel}`, { name: channel, currency: 'EUR' }), 200);
    }
    const flips = await Promise.all(
      channels.map((channel) =>
        shop.admin('PUT', `/v1/switches/channels/${channel}`, {
          orders_stopped: true,
          reason: 'all at once',
        }),
      ),
    );
    for (const flip of flips) body(flip, 200);
    const listed = (await switches()).channels as ChannelSwitches[];
    expect(listed.filter((channel) => channel.orders_stopped).map((channel) => channel.channel)).toEqual(
      channels,
    );
  });

  it('a switch flipped through one process applies in another within switchesCacheMs', async () => {
    const other = await anotherApp();
    try {
      // The other process has read the switches (read-only off) and takes changes.
      body(
        await other.admin('POST', '/v1/stock/receipts', { sku: 'MUG-BLUE', location: 'paris', quantity: 1 }),
        201,
      );
      body(await shop.admin('PUT', '/v1/switches/read-only', { on: true, reason: 'replica lag' }), 200);
      body(
        await shop.admin('PUT', '/v1/switches/channels/web', { orders_stopped: true, reason: 'drill' }),
        200,
      );
      clock.advance(limits.switchesCacheMs);
      expectError(
        await other.admin('POST', '/v1/stock/receipts', { sku: 'MUG-BLUE', location: 'paris', quantity: 1 }),
        503,
        'read_only',
      );
      body(await shop.admin('PUT', '/v1/switches/read-only', { on: false, reason: 'lag gone' }), 200);
      clock.advance(limits.switchesCacheMs);
      const refused = await other.storefront(
        'POST',
        '/v1/orders',
        orderBody([{ sku: 'MUG-BLUE', quantity: 1 }]),
        {
          'idempotency-key': newKey(),
        },
      );
      expectError(refused, 503, 'channel_paused');
    } finally {
      body(
        await shop.admin('PUT', '/v1/switches/channels/web', { orders_stopped: false, reason: 'drill over' }),
        200,
      );
      await other.app.close();
    }
  });

  it('answers a retry of an order taken before a switch its first answer, changing nothing', async () => {
    const lines = [{ sku: 'TEE-M', quantity: 1 }];
    const key = newKey();
    const first = body<{ id: string }>(
      await placeOrder(shop.storefront, lines, { channel: 'marketplace' }, key),
      201,
    );
    const stockBefore = await stockByLocation(shop, 'TEE-M');
    const switchesTried: [string, object, object][] = [
      ['/v1/switches/read-only', { on: true, reason: 'failover' }, { on: false, reason: 'back' }],
      [
        '/v1/switches/channels/marketplace',
        { orders_stopped: true, reason: 'flaky' },
        { orders_stopped: false, reason: 'fine again' },
      ],
    ];
    for (const [path, on, off] of switchesTried) {
      body(await shop.admin('PUT', path, on), 200);
      try {
        // The storefront whose first answer was lost learns that its order exists.
        const replay = await placeOrder(shop.storefront, lines, { channel: 'marketplace' }, key);
        expect(body<{ id: string }>(replay, 201).id).toBe(first.id);
        expect(replay.headers['idempotent-replayed']).toBe('true');
        // A new order is still refused.
        expect((await placeOrder(shop.storefront, lines, { channel: 'marketplace' })).statusCode).toBe(503);
      } finally {
        body(await shop.admin('PUT', path, off), 200);
      }
    }
    expect(await stockByLocation(shop, 'TEE-M')).toEqual(stockBefore);
  });

  describe('fault injection', () => {
    let drill: Awaited<ReturnType<typeof anotherApp>>;
    beforeAll(async () => {
      drill = await anotherApp({ faultInjection: true });
    });
    afterAll(async () => {
      await drill.app.close();
    });

    it('at error_rate 1 fails every storefront call with 500 injected_fault, never an admin one', async () => {
      expect(body(await drill.admin('GET', '/v1/ops/faults'), 200)).toEqual({
        allowed: true,
        error_rate: 0,
        since: null,
        by: null,
        reason: null,
      });
      const set = body(
        await drill.admin('PUT', '/v1/ops/faults', { error_rate: 1, reason: 'alert drill' }),
        200,
      );
      expect(set).toEqual({
        allowed: true,
        error_rate: 1,
        since: new Date(clock.now()).toISOString(),
        by: 'test admin',
        reason: 'alert drill',
      });
      const stockBefore = await stockByLocation(shop, 'MUG-BLUE');
      expectError(
        await drill.storefront('GET', '/v1/availability/MUG-BLUE?channel=web'),
        500,
        'injected_fault',
      );
      expectError(
        await drill.storefront('POST', '/v1/orders', orderBody([{ sku: 'MUG-BLUE', quantity: 1 }]), {
          'idempotency-key': newKey(),
        }),
        500,
        'injected_fault',
      );
      expect(await stockByLocation(shop, 'MUG-BLUE')).toEqual(stockBefore);
      body(await drill.admin('GET', '/v1/availability/MUG-BLUE?channel=web'), 200);
      body(
        await drill.admin('POST', '/v1/stock/receipts', { sku: 'MUG-BLUE', location: 'paris', quantity: 1 }),
        201,
      );
      // A server started without the flag fails nothing on purpose, whatever is stored.
      clock.advance(limits.switchesCacheMs);
      body(await shop.storefront('GET', '/v1/availability/MUG-BLUE?channel=web'), 200);
      expect(body(await shop.admin('GET', '/v1/ops/faults'), 200)).toMatchObject({
        allowed: false,
        error_rate: 1,
      });
      expect((await switches()).faults).toMatchObject({ error_rate: 1, reason: 'alert drill' });

      body(await drill.admin('PUT', '/v1/ops/faults', { error_rate: 0, reason: 'drill over' }), 200);
      body(await drill.storefront('GET', '/v1/availability/MUG-BLUE?channel=web'), 200);
      expect(
        (await auditLog()).slice(0, 2).map((entry) => [entry.action, entry.reason, entry.details]),
      ).toEqual([
        ['faults.set', 'drill over', { error_rate: 0 }],
        ['faults.set', 'alert drill', { error_rate: 1 }],
      ]);
    });
  });
});
