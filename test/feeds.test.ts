/**
 * Channels' availability feeds end to end on both stores: the API and its bad input; a full push
 * first, then the figures that change — signed, buffers and freezes applied, the newest winning —
 * to a real receiver; a channel down and back; the contingency switch, audited; the lag measured;
 * and two processes pushing one feed, one at a time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedFeed, Feed } from '../src/channels/feeds/contract.js';
import type { FeedBody } from '../src/channels/index.js';
import { FeedPublisher, type PublisherOptions } from '../src/channels/index.js';
import { AvailabilityReader } from '../src/inventory/index.js';
import type { Overview } from '../src/ops/contract.js';
import { availabilityFreezes, SwitchReader } from '../src/ops/index.js';
import { type AppContext, createContext } from '../src/platform/context.js';
import { openStore } from '../src/server/store.js';
import { body, eventsEnd, expectError, placed } from './support/api-helpers.js';
import { openShop, type TestShop } from './support/shop.js';
import { engines } from './support/stores.js';
import { signedBy, webhookReceiver } from './support/webhook-receiver.js';

/** Rounds on demand; a failed push is tried again 10 to 20 ms later. */
const quick: PublisherOptions = {
  pollMs: 10,
  timeoutMs: 300,
  resyncIntervalMs: 3_600_000,
  retry: { attemptsMax: Number.POSITIVE_INFINITY, backoffMs: 20, backoffMaxMs: 20 },
};

function publisherOf(ctx: AppContext): { publisher: FeedPublisher; switches: SwitchReader } {
  const switches = new SwitchReader(ctx);
  const reader = new AvailabilityReader(ctx, availabilityFreezes(ctx, switches));
  return { publisher: new FeedPublisher(ctx, reader, quick), switches };
}

describe.each(engines)('availability feeds on %s', (engine) => {
  let shop: TestShop;
  let receiver: Awaited<ReturnType<typeof webhookReceiver>>;
  let feeds: ReturnType<typeof publisherOf>;
  let secret: string;
  beforeAll(async () => {
    shop = await openShop(engine);
    receiver = await webhookReceiver();
    feeds = publisherOf(shop.ctx);
  });
  afterAll(async () => {
    await receiver.close();
    await shop.close();
  });

  /** What the marketplace's endpoint received since `from`, push by push. */
  const pushes = (from = 0) =>
    receiver
      .at('/marketplace')
      .slice(from)
      .map((request) => request.body as unknown as FeedBody);
  const figures = (push: FeedBody) =>
    Object.fromEntries(push.items.map((item) => [item.sku, item.available]));
  const feed = async () => body<Feed>(await shop.admin('GET', '/v1/channels/marketplace/feed'), 200);

  it('is set up per channel with a secret shown once; bad input changes nothing', async () => {
    const before = await eventsEnd(shop);
    for (const bad of [
      { url: 'ftp://x.example/feed' },
      { url: receiver.url('/m'), secret: 'whsec_c2hvcnQ=' },
      {},
    ]) {
      expectError(await shop.admin('PUT', '/v1/channels/marketplace/feed', bad), 400, 'validation_failed');
    }
    expectError(
      await shop.admin('PUT', '/v1/channels/nowhere/feed', { url: receiver.url('/n') }),
      422,
      'unknown_channel',
    );
    expectError(await shop.admin('GET', '/v1/channels/marketplace/feed'), 404, 'not_found');
    expect(await eventsEnd(shop)).toBe(before);

    const created = body<CreatedFeed>(
      await shop.admin('PUT', '/v1/channels/marketplace/feed', { url: receiver.url('/marketplace') }),
      201,
    );
    expect(created).toMatchObject({
      channel: 'marketplace',
      paused: false,
      secret: expect.stringMatching(/^whsec_/),
    });
    secret = created.secret;
    const replaced = await shop.admin('PUT', '/v1/channels/marketplace/feed', {
      url: receiver.url('/marketplace'),
    });
    expect(body<Feed>(replaced, 200)).not.toHaveProperty('secret');
    expect(
      body<{ data: Feed[] }>(await shop.admin('GET', '/v1/feeds'), 200).data.map((f) => f.channel),
    ).toEqual(['marketplace']);
    expectError(await shop.storefront('GET', '/v1/feeds'), 403, 'forbidden');
  });

  it('pushes every SKU first, then what orders elsewhere change, signed, the newest figure winning', async () => {
    expect(await feeds.publisher.runOnce()).toBe(1);
    const [full] = pushes();
    // The marketplace sells from Paris only: MUG-BLUE 10, TEE-M 3, and LAST-ONE (in Lyon) none.
    expect(full).toMatchObject({ channel: 'marketplace', full: true, part: 1, parts: 1 });
    expect(figures(full!)).toEqual({ 'LAST-ONE': 0, 'MUG-BLUE': 10, 'TEE-M': 3 });
    expect(signedBy(secret, receiver.at('/marketplace')[0]!)).toBe(true);
    expect(await feeds.publisher.runOnce()).toBe(0);

    // Three orders on the web shop; Paris serves them (the web shop prefers the fullest location).
    const seen = pushes().length;
    for (const quantity of [1, 2, 3])
      await placed(shop.storefront, [
        { sku: 'TEE-M', quantity: 1 },
        { sku: 'MUG-BLUE', quantity },
      ]);
    expect(await feeds.publisher.runOnce()).toBe(1);
    const [changed, ...more] = pushes(seen);
    expect(more).toEqual([]);
    expect(changed!.full).toBe(false);
    const truth = body<{ data: { sku: string; available: number }[] }>(
      await shop.storefront('POST', '/v1/availability', {
        channel: 'marketplace',
        skus: ['MUG-BLUE', 'TEE-M'],
      }),
      200,
    ).data;
    expect(figures(changed!)).toEqual(Object.fromEntries(truth.map((item) => [item.sku, item.available])));
    expect(figures(changed!)['TEE-M']).toBe(0);
    expect(signedBy(secret, receiver.at('/marketplace').at(-1)!)).toBe(true);
    const measured = (await feed()).lag;
    expect(measured.changes).toBeGreaterThanOrEqual(3);
    expect(measured.p99_ms).not.toBeNull();
    // The operations room shows it.
    const overview = body<Overview>(await shop.admin('GET', '/v1/ops/overview'), 200);
    expect(overview.feeds.channels).toEqual([
      expect.objectContaining({
        channel: 'marketplace',
        paused: false,
        failures: 0,
        changes: measured.changes,
      }),
    ]);
    expect(overview.feeds.lag_p99_ms).toBe(measured.p99_ms);
  });

  it('applies the channel’s buffer and its freeze, as the availability API does', async () => {
    body(await shop.admin('PUT', '/v1/channels/marketplace/buffers/MUG-BLUE', { quantity: 2 }), 200);
    const seen = pushes().length;
    await feeds.publisher.runOnce();
    const buffered = figures(pushes(seen)[0]!)['MUG-BLUE']!;
    expect(buffered).toBe(
      body<{ data: { available: number }[] }>(
        await shop.storefront('POST', '/v1/availability', { channel: 'marketplace', skus: ['MUG-BLUE'] }),
        200,
      ).data[0]!.available,
    );

    body(
      await shop.admin('PUT', '/v1/switches/channels/marketplace', {
        availability_frozen: true,
        reason: 'marketplace miscounts',
      }),
      200,
    );
    feeds.switches.forget();
    const frozenFrom = pushes().length;
    body(
      await shop.admin('POST', '/v1/stock/receipts', { sku: 'MUG-BLUE', location: 'paris', quantity: 50 }),
      201,
    );
    await feeds.publisher.runOnce();
    // Frozen: the receipt is pushed (the freeze made a full push first), but raises nothing shown.
    const frozen = pushes(frozenFrom).map((push) => figures(push)['MUG-BLUE']);
    expect(frozen.length).toBeGreaterThan(0);
    expect(frozen.every((figure) => figure === buffered)).toBe(true);
    body(
      await shop.admin('PUT', '/v1/switches/channels/marketplace', {
        availability_frozen: false,
        reason: 'fixed',
      }),
      200,
    );
    feeds.switches.forget();
    await feeds.publisher.runOnce();
    expect(figures(pushes().at(-1)!)['MUG-BLUE']).toBe(buffered + 50);
  });

  it('keeps its place while the channel is down, and catches up with the figures as they are', async () => {
    receiver.behave('/marketplace', 'broken');
    const seen = pushes().length;
    await placed(shop.storefront, [{ sku: 'MUG-BLUE', quantity: 1 }]);
    const position = (await feed()).position;
    await feeds.publisher.runOnce();
    expect(await feed()).toMatchObject({
      position,
      failures: 1,
      last_status: 500,
      last_error: 'answered 500: database is down',
    });
    await placed(shop.storefront, [{ sku: 'TEE-M', quantity: 1 }]).catch(() => undefined);
    await placed(shop.storefront, [{ sku: 'MUG-BLUE', quantity: 2 }]);
    receiver.behave('/marketplace', 'ok');
    await new Promise((resolve) => setTimeout(resolve, 30));
    await feeds.publisher.runOnce();
    const caughtUp = receiver
      .at('/marketplace')
      .filter((request) => request.answered === 200)
      .slice(-1)[0]!;
    const truth = body<{ data: { available: number }[] }>(
      await shop.storefront('POST', '/v1/availability', { channel: 'marketplace', skus: ['MUG-BLUE'] }),
      200,
    ).data[0]!.available;
    expect(figures(caughtUp.body as unknown as FeedBody)['MUG-BLUE']).toBe(truth);
    expect(pushes(seen).length).toBeGreaterThanOrEqual(2);
    expect(await feed()).toMatchObject({ failures: 0, last_status: 200, last_error: null, backlog: 0 });
  });

  it('pauses and resumes by a contingency switch, audited; resumed, it pushes everything', async () => {
    body<Feed>(
      await shop.admin('POST', '/v1/channels/marketplace/feed/pause', {
        reason: 'the marketplace asked us to hold',
      }),
      200,
    );
    expectError(
      await shop.admin('POST', '/v1/channels/marketplace/feed/pause', {}),
      400,
      'validation_failed',
    );
    const seen = pushes().length;
    await placed(shop.storefront, [{ sku: 'MUG-BLUE', quantity: 1 }]);
    expect(await feeds.publisher.runOnce()).toBe(0);
    expect(pushes(seen)).toEqual([]);
    expect(await feed()).toMatchObject({ paused: true, paused_reason: 'the marketplace asked us to hold' });

    body(await shop.admin('POST', '/v1/channels/marketplace/feed/resume', { reason: 'hold lifted' }), 200);
    await feeds.publisher.runOnce();
    expect(pushes(seen).map((push) => push.full)).toEqual([true]);
    const audit = body<{ data: { action: string; target: string; reason: string }[] }>(
      await shop.admin('GET', '/v1/audit-log?limit=10'),
      200,
    ).data;
    expect(audit.filter((entry) => entry.action === 'channels.feed').map((entry) => entry.reason)).toEqual([
      'hold lifted',
      'the marketplace asked us to hold',
    ]);
  });

  // Two processes on PostgreSQL; on SQLite, two publishers in one.
  it('is pushed by one process at a time', async () => {
    const otherStore = engine === 'postgres' ? await openStore(shop.testStore.location) : undefined;
    try {
      const other = publisherOf(otherStore === undefined ? shop.ctx : createContext(otherStore));
      const seen = pushes().length;
      await placed(shop.storefront, [{ sku: 'MUG-BLUE', quantity: 1 }]);
      const counts = await Promise.all([feeds.publisher.runOnce(), other.publisher.runOnce()]);
      expect(counts.sort()).toEqual([0, 1]);
      expect(pushes(seen)).toHaveLength(1);
    } finally {
      await otherStore?.close();
    }
  });
});
