/**
 * Webhook subscriptions end to end on both stores: the API and its bad input, and deliveries to a
 * real HTTP receiver that fails, answers late, never answers and flaps — nothing lost, nothing out
 * of order per entity, every signature checked with our own HMAC rather than the library that signs,
 * the dead-letter list and replay, a claim left by a dead process, and two processes sharing the work.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DispatcherOptions, WebhookDispatcher } from '../src/channels/index.js';
import type { CreatedWebhook, Delivery, WebhookSubscription } from '../src/channels/webhooks/contract.js';
import { type AppContext, createContext } from '../src/platform/context.js';
import { openStore } from '../src/server/store.js';
import { body, eventsAfter, eventsEnd, expectError, placed } from './support/api-helpers.js';
import { openShop, type TestShop } from './support/shop.js';
import { engines } from './support/stores.js';
import { signedBy, webhookReceiver } from './support/webhook-receiver.js';

/** Short waits, so that retries and dead letters come within a test: 3 attempts, 5 to 20 ms apart. */
const quick: DispatcherOptions = {
  policy: { attemptsMax: 3, backoffMs: 10, backoffMaxMs: 20 },
  timeoutMs: 150,
  pollMs: 5,
  inFlightMax: 4,
};

describe.each(engines)('webhooks on %s', (engine) => {
  let shop: TestShop;
  let receiver: Awaited<ReturnType<typeof webhookReceiver>>;
  let dispatcher: WebhookDispatcher;
  beforeAll(async () => {
    shop = await openShop(engine);
    receiver = await webhookReceiver();
    dispatcher = new WebhookDispatcher(shop.ctx, quick);
  });
  afterAll(async () => {
    await receiver.close();
    await shop.close();
  });

  const subscribe = async (path: string, eventTypes: string[], extra: Record<string, unknown> = {}) =>
    body<CreatedWebhook>(
      await shop.admin('POST', '/v1/webhooks', {
        url: receiver.url(path),
        event_types: eventTypes,
        ...extra,
      }),
      201,
    );
  const subscription = async (id: string) =>
    body<WebhookSubscription>(await shop.admin('GET', `/v1/webhooks/${id}`), 200);
  const deliveries = async (id: string, query = '') =>
    body<{ data: Delivery[] }>(
      await shop.admin('GET', `/v1/webhooks/${id}/deliveries?limit=500${query}`),
      200,
    ).data;
  const unsubscribe = async (id: string) =>
    expect((await shop.admin('DELETE', `/v1/webhooks/${id}`)).statusCode).toBe(204);
  /** Orders placed, then paid, then cancelled, one step for all at a time: three events per order, interleaved. */
  const orderLives = async (count: number) => {
    const ids: string[] = [];
    for (let index = 0; index < count; index++) {
      const order = await placed(shop.storefront, [{ sku: 'MUG-BLUE', quantity: 1 }]);
      ids.push(order.id);
    }
    for (const id of ids) body(await shop.admin('POST', `/v1/orders/${id}/transitions`, { to: 'paid' }), 200);
    for (const id of ids) body(await shop.admin('POST', `/v1/orders/${id}/cancel`), 200);
    return ids;
  };

  it('subscribes with a secret shown once, lists, changes and removes; refuses bad input, changing nothing', async () => {
    const created = await subscribe('/api', ['order.*', 'stock.adjusted']);
    expect(created).toMatchObject({
      id: expect.stringMatching(/^whk_/),
      url: receiver.url('/api'),
      event_types: ['order.*', 'stock.adjusted'],
      enabled: true,
      pending: 0,
      dead: 0,
      last_attempt_at: null,
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
    });
    const { secret: _shownOnce, ...listed } = created;
    expect(await subscription(created.id)).toEqual(listed);
    const all = body<{ data: WebhookSubscription[] }>(await shop.admin('GET', '/v1/webhooks'), 200).data;
    expect(all).toEqual([listed]);
    expect(JSON.stringify(all)).not.toContain(created.secret);

    const chosen = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
    expect((await subscribe('/chosen', ['*'], { secret: chosen, enabled: false })).secret).toBe(chosen);

    const eventsBefore = await eventsEnd(shop);
    const bad: [string, string, unknown][] = [
      ['POST', '/v1/webhooks', { url: 'ftp://example.com/hook', event_types: ['*'] }],
      ['POST', '/v1/webhooks', { url: 'not a url', event_types: ['*'] }],
      ['POST', '/v1/webhooks', { url: receiver.url('/x'), event_types: [] }],
      ['POST', '/v1/webhooks', { url: receiver.url('/x'), event_types: ['Order placed'] }],
      ['POST', '/v1/webhooks', { url: receiver.url('/x'), event_types: ['*'], secret: 'hunter2' }],
      ['POST', '/v1/webhooks', { url: receiver.url('/x'), event_types: ['*'], secret: 'whsec_c2hvcnQ=' }],
      ['POST', '/v1/webhooks', { url: receiver.url('/x'), event_types: ['*'], format: 'slack' }],
      ['PATCH', `/v1/webhooks/${created.id}`, {}],
      ['PATCH', `/v1/webhooks/${created.id}`, { url: 'mailto:ops@example.com' }],
      ['POST', `/v1/webhooks/${created.id}/replay`, { from_event: 0 }],
      ['POST', `/v1/webhooks/${created.id}/replay`, { from_event: eventsBefore + 1000 }],
      ['GET', `/v1/webhooks/${created.id}/deliveries?status=lost`, undefined],
    ];
    for (const [method, url, payload] of bad) {
      expectError(await shop.admin(method as 'POST', url, payload), 400, 'validation_failed');
    }
    expect(await subscription(created.id)).toEqual(listed);
    expect(await eventsEnd(shop)).toBe(eventsBefore);
    expectError(await shop.storefront('GET', '/v1/webhooks'), 403, 'forbidden');

    const changed = body<WebhookSubscription>(
      await shop.admin('PATCH', `/v1/webhooks/${created.id}`, {
        event_types: ['order.placed'],
        enabled: false,
      }),
      200,
    );
    expect(changed).toMatchObject({
      event_types: ['order.placed'],
      enabled: false,
      url: receiver.url('/api'),
    });
    for (const hook of await body<{ data: WebhookSubscription[] }>(
      await shop.admin('GET', '/v1/webhooks'),
      200,
    ).data)
      await unsubscribe(hook.id);
    expectError(await shop.admin('GET', `/v1/webhooks/${created.id}`), 404, 'not_found');
    expectError(await shop.admin('DELETE', `/v1/webhooks/${created.id}`), 404, 'not_found');
  });

  it('posts every event of the types subscribed to, signed, and nothing else', async () => {
    const hook = await subscribe('/orders', ['order.*']);
    const from = await eventsEnd(shop);
    const [order] = await orderLives(1);
    body(
      await shop.admin('POST', '/v1/stock/receipts', { sku: 'TEE-M', location: 'paris', quantity: 2 }),
      201,
    );
    await dispatcher.drain();

    const expected = (await eventsAfter(shop, from)).events.filter((event) =>
      event.type.startsWith('order.'),
    );
    const got = receiver.at('/orders');
    expect(got.map((request) => request.body)).toEqual(
      expected.map((event) => ({ type: event.type, timestamp: event.created_at, data: event.payload })),
    );
    expect(got.map((request) => request.body.type)).toEqual([
      'order.placed',
      'order.paid',
      'order.cancelled',
    ]);
    expect(expected.every((event) => event.entity_type === 'order' && event.entity_id === order)).toBe(true);
    expect(got.map((request) => request.headers['webhook-id'])).toEqual(
      expected.map((event) => `evt_${event.id}`),
    );
    expect(got.every((request) => signedBy(hook.secret, request))).toBe(true);
    // Signed with another secret, it would not pass: the check does check.
    expect(signedBy(`whsec_${Buffer.alloc(32, 1).toString('base64')}`, got[0]!)).toBe(false);

    expect(await subscription(hook.id)).toMatchObject({
      pending: 0,
      dead: 0,
      last_status: 200,
      last_error: null,
    });
    const listed = await deliveries(hook.id);
    expect(listed.map((delivery) => delivery.status)).toEqual(['delivered', 'delivered', 'delivered']);
    expect(listed[0]!.attempt_log).toEqual([
      { at: expect.any(String), status: 200, error: null, duration_ms: expect.any(Number) },
    ]);
    await unsubscribe(hook.id);
  });

  it('loses nothing and keeps each order’s events in order through a receiver that flaps', async () => {
    receiver.behave('/flapping', 'flapping');
    const hook = await subscribe('/flapping', ['order.*']);
    const from = await eventsEnd(shop);
    const flapping = new WebhookDispatcher(shop.ctx, {
      ...quick,
      policy: { ...quick.policy, attemptsMax: 50 },
    });
    flapping.start(() => {});
    try {
      await orderLives(12);
      await flapping.drain();
    } finally {
      await flapping.stop();
    }
    const expected = (await eventsAfter(shop, from)).events.filter((event) =>
      event.type.startsWith('order.'),
    );
    const got = receiver.at('/flapping');
    const acknowledged = new Set(
      got.filter((request) => request.answered === 200).map((request) => request.eventId),
    );
    // Nothing lost: every event was answered 200 at least once.
    expect([...acknowledged].sort((a, b) => a - b)).toEqual(expected.map((event) => event.id));
    // The receiver did fail, hang and answer late: the test saw what it claims to survive.
    expect(got.filter((request) => request.answered === 500).length).toBeGreaterThan(5);
    expect(got.filter((request) => request.answered === null).length).toBeGreaterThan(0);
    // In order per order: no event of an order came before all its earlier ones were acknowledged.
    const entityOf = new Map(expected.map((event) => [event.id, event.entity_id]));
    const seen = new Map<string, Set<number>>();
    for (const request of got) {
      const entity = entityOf.get(request.eventId)!;
      const earlier = expected.filter((event) => event.entity_id === entity && event.id < request.eventId);
      for (const event of earlier)
        expect(seen.get(entity)?.has(event.id), `event ${event.id} before ${request.eventId}`).toBe(true);
      if (request.answered === 200) seen.set(entity, new Set([...(seen.get(entity) ?? []), request.eventId]));
    }
    expect(got.every((request) => signedBy(hook.secret, request))).toBe(true);
    expect(await subscription(hook.id)).toMatchObject({ pending: 0, dead: 0 });
    await unsubscribe(hook.id);
  });

  it('puts what a broken receiver refuses on the dead-letter list, and a replay sends it once it is back', async () => {
    receiver.behave('/broken', 'broken');
    const broken = await subscribe('/broken', ['order.placed']);
    const healthy = await subscribe('/healthy', ['order.placed']);
    const from = await eventsEnd(shop);
    const orders = [
      await placed(shop.storefront, [{ sku: 'MUG-BLUE', quantity: 1 }]),
      await placed(shop.storefront, [{ sku: 'MUG-BLUE', quantity: 1 }]),
    ];
    await dispatcher.drain();

    // The broken endpoint held up nobody: the healthy one has both (two orders are two entities,
    // delivered in order each, in either order between them).
    expect(
      receiver
        .at('/healthy')
        .map((request) => request.body.data.id)
        .sort(),
    ).toEqual(orders.map((order) => order.id).sort());
    expect(receiver.at('/broken')).toHaveLength(2 * quick.policy.attemptsMax);
    const dead = await deliveries(broken.id, '&status=dead');
    expect(dead.map((delivery) => delivery.entity_id)).toEqual(orders.map((order) => order.id).reverse());
    expect(dead[0]).toMatchObject({ status: 'dead', attempts: 3, next_attempt_at: null, delivered_at: null });
    expect(dead[0]!.attempt_log.map((attempt) => attempt.error)).toEqual([
      'answered 500: database is down',
      'answered 500: database is down',
      'answered 500: database is down',
    ]);
    expect(await subscription(broken.id)).toMatchObject({
      dead: 2,
      pending: 0,
      last_status: 500,
      last_error: 'answered 500: database is down',
    });

    receiver.behave('/broken', 'ok');
    const firstPlaced = (await eventsAfter(shop, from)).events.find(
      (event) => event.type === 'order.placed',
    )!;
    const replay = body<{ deliveries_reset: number }>(
      await shop.admin('POST', `/v1/webhooks/${broken.id}/replay`, { from_event: firstPlaced.id }),
      202,
    );
    expect(replay.deliveries_reset).toBe(2);
    await dispatcher.drain();
    const answered = receiver.at('/broken').filter((request) => request.answered === 200);
    expect(answered.map((request) => request.body.data.id)).toEqual(orders.map((order) => order.id));
    expect(await subscription(broken.id)).toMatchObject({ dead: 0, pending: 0, last_status: 200 });
    const redelivered = await deliveries(broken.id);
    expect(redelivered[0]!.attempt_log.map((attempt) => attempt.status)).toEqual([500, 500, 500, 200]);
    await unsubscribe(broken.id);
    await unsubscribe(healthy.id);
  });

  it('keeps a disabled subscription’s place, and sends what happened meanwhile once enabled', async () => {
    const hook = await subscribe('/paused', ['order.placed']);
    body(await shop.admin('PATCH', `/v1/webhooks/${hook.id}`, { enabled: false }), 200);
    const order = await placed(shop.storefront, [{ sku: 'MUG-BLUE', quantity: 1 }]);
    await dispatcher.drain();
    expect(receiver.at('/paused')).toHaveLength(0);
    body(await shop.admin('PATCH', `/v1/webhooks/${hook.id}`, { enabled: true }), 200);
    await dispatcher.drain();
    expect(receiver.at('/paused').map((request) => request.body.data.id)).toEqual([order.id]);
    await unsubscribe(hook.id);
  });

  it('sends again a delivery whose process died holding it, once the claim lapses', async () => {
    receiver.behave('/orphan', 'ok');
    const hook = await subscribe('/orphan', ['order.placed']);
    const from = await eventsEnd(shop);
    const order = await placed(shop.storefront, [{ sku: 'MUG-BLUE', quantity: 1 }]);
    await dispatcher.drain();
    // Due again (as after a replay), it is claimed by a process that dies before sending: its claim holds for 300 ms.
    await shop.ctx.store.transaction((tx) => tx.webhooks.replay(hook.id, from + 1, shop.ctx.clock.now()));
    const now = shop.ctx.clock.now();
    const claimed = await shop.ctx.store.transaction((tx) =>
      tx.webhooks.claim(hook.id, 'proc_dead', now, now + 300, 10),
    );
    expect(claimed.map((delivery) => delivery.entity_id)).toEqual([order.id]);
    const before = receiver.at('/orphan').length;
    await dispatcher.drain();
    const after = receiver.at('/orphan').slice(before);
    expect(after.map((request) => request.body.data.id)).toEqual([order.id]);
    expect(Date.now()).toBeGreaterThanOrEqual(now + 300);
    await unsubscribe(hook.id);
  });

  // On PostgreSQL two processes with their own connections; on SQLite, one writer, two dispatchers in one.
  it('shares the work between two processes: every event sent once, each order’s in order', async () => {
    const hook = await subscribe('/shared', ['order.*']);
    const from = await eventsEnd(shop);
    await orderLives(10);
    const otherStore = engine === 'postgres' ? await openStore(shop.testStore.location) : undefined;
    try {
      const contexts: AppContext[] = [
        shop.ctx,
        otherStore === undefined ? shop.ctx : createContext(otherStore),
      ];
      await Promise.all(contexts.map((ctx) => new WebhookDispatcher(ctx, quick).drain()));
    } finally {
      await otherStore?.close();
    }
    const expected = (await eventsAfter(shop, from)).events.filter((event) =>
      event.type.startsWith('order.'),
    );
    const got = receiver.at('/shared');
    expect(got.map((request) => request.eventId).sort((a, b) => a - b)).toEqual(
      expected.map((event) => event.id),
    );
    const entityOf = new Map(expected.map((event) => [event.id, event.entity_id]));
    for (const entity of new Set(entityOf.values())) {
      const arrived = got
        .filter((request) => entityOf.get(request.eventId) === entity)
        .map((request) => request.eventId);
      expect(arrived).toHaveLength(3);
      expect(arrived).toEqual([...arrived].sort((a, b) => a - b));
    }
    await unsubscribe(hook.id);
  });
});
