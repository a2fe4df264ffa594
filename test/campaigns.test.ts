/**
 * The campaign calendar through the API on both stores: a campaign planned and read by window and
 * filters, bad input that changes nothing, the conflicts shown before they happen, the campaign
 * process with its refusals and its audited cancellation; and scheduled publication through a real
 * webhook receiver, each item once, across restarts and with two processes sweeping together.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Calendar,
  CampaignDetail,
  CampaignItem,
  Conflict,
  Conflicts,
} from '../src/campaigns/calendar/contract.js';
import { sweepCampaignItems } from '../src/campaigns/index.js';
import type { CreatedWebhook, Delivery } from '../src/channels/webhooks/contract.js';
import { createApiKey } from '../src/platform/api-keys/api-keys.js';
import { type AppContext, type Clock, createContext } from '../src/platform/context.js';
import type { Store } from '../src/platform/store/store.js';
import { createServer, openStore, type ServerOptions } from '../src/server/index.js';
import { body, eventsAfter, eventsEnd, expectError, placed } from './support/api-helpers.js';
import { manualClock, openShop, type TestShop } from './support/shop.js';
import { engines, freshLocation } from './support/stores.js';
import { webhookReceiver } from './support/webhook-receiver.js';

const hourMs = 60 * 60 * 1000;
const dayMs = 24 * hourMs;
const iso = (epochMs: number) => new Date(epochMs).toISOString();

/** Polls until `done` holds, for at most 15 s: the sweeper and the webhooks work in the background. */
async function eventually(done: () => Promise<boolean> | boolean): Promise<void> {
  for (let waited = 0; waited < 15_000; waited += 50) {
    if (await done()) return;
    await sleep(50);
  }
}

function item(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'banner',
    site: 'fr',
    channel: 'web',
    segment: 'vip',
    payload: { headline: 'Mugs for spring', image: 'https://cdn.example/mugs.jpg' },
    ...overrides,
  };
}

describe.each(engines)('the campaign calendar on %s', (engine) => {
  let shop: TestShop;
  // Ten days ahead, on the hour: every window of these tests is in the future.
  const t0 = Math.ceil((Date.now() + 10 * dayMs) / hourMs) * hourMs;
  let spring: CampaignDetail;
  beforeAll(async () => {
    shop = await openShop(engine);
  });
  afterAll(async () => {
    await shop.close();
  });

  const campaign = async (id: string) =>
    body<CampaignDetail>(await shop.admin('GET', `/v1/campaigns/${id}`), 200);
  const calendar = async (query: Record<string, string>) =>
    body<Calendar>(await shop.admin('GET', `/v1/campaigns?${new URLSearchParams(query)}`), 200);
  const month = { from: iso(t0 - dayMs), to: iso(t0 + 40 * dayMs) };
  const conflicts = async () =>
    body<Conflicts>(await shop.admin('GET', `/v1/campaigns/conflicts?${new URLSearchParams(month)}`), 200);
  const move = (id: string, to: string) => shop.admin('POST', `/v1/campaigns/${id}/transitions`, { to });

  it('plans a campaign as a draft and shows it on the calendar by window, site, channel, segment and status', async () => {
    spring = body<CampaignDetail>(
      await shop.admin('POST', '/v1/campaigns', {
        name: 'Spring mugs',
        owner: 'Léa',
        items: [
          item({ starts_at: iso(t0), ends_at: iso(t0 + 3 * dayMs), skus: ['MUG-BLUE'] }),
          item({
            kind: 'mailing',
            channel: 'marketplace',
            segment: 'all',
            owner: 'Hugo',
            starts_at: iso(t0 + dayMs),
            ends_at: iso(t0 + 2 * dayMs),
            payload: { template: 'spring-2026', subject: 'Spring is here' },
            selection: 'spring-mugs',
          }),
        ],
      }),
      201,
    );
    expect(spring).toMatchObject({
      id: expect.stringMatching(/^cmp_/),
      name: 'Spring mugs',
      owner: 'Léa',
      status: 'draft',
      sale_id: null,
      starts_at: iso(t0),
      ends_at: iso(t0 + 3 * dayMs),
      conflicts: [],
    });
    const [banner, mailing] = spring.items;
    expect(banner).toMatchObject({
      kind: 'banner',
      channel: 'web',
      owner: 'Léa',
      status: 'draft',
      skus: ['MUG-BLUE'],
      announced_prices: [],
      selection: null,
      published_at: null,
      published_event_id: null,
      payload: { headline: 'Mugs for spring', image: 'https://cdn.example/mugs.jpg' },
    });
    expect(mailing).toMatchObject({ kind: 'mailing', owner: 'Hugo', selection: 'spring-mugs', skus: [] });
    expect(await campaign(spring.id)).toEqual(spring);

    const { conflicts: _none, ...listed } = spring;
    expect(await calendar(month)).toEqual({ ...month, data: [listed], truncated: false });
    const ids = async (query: Record<string, string>) =>
      (await calendar({ ...month, ...query })).data.map((found) => found.items.map((one) => one.id));
    expect(await ids({ channel: 'web' })).toEqual([[banner!.id]]);
    expect(await ids({ segment: 'all' })).toEqual([[mailing!.id]]);
    expect(await ids({ site: 'fr', status: 'draft' })).toEqual([[banner!.id, mailing!.id]]);
    expect(await ids({ site: 'de' })).toEqual([]);
    expect(await ids({ status: 'scheduled' })).toEqual([]);
    // The window is half open: an item starting at its end is not in it.
    expect((await calendar({ from: iso(t0 - dayMs), to: iso(t0) })).data).toEqual([]);
    expect(await ids({ from: iso(t0 + 2 * dayMs + 1), to: iso(t0 + 2 * dayMs + 2) })).toEqual([[banner!.id]]);
  });

  it('refuses bad input with a clear error, changing nothing', async () => {
    const before = await eventsEnd(shop);
    const create = (patch: Record<string, unknown>, one: Record<string, unknown> = {}) =>
      shop.admin('POST', '/v1/campaigns', {
        name: 'Bad',
        owner: 'Léa',
        items: [item({ starts_at: iso(t0), ends_at: iso(t0 + dayMs), ...one })],
        ...patch,
      });
    expect(
      expectError(await create({}, { channel: 'teleshopping' }), 422, 'unknown_channel').details,
    ).toEqual({
      channels: ['teleshopping'],
    });
    expect(expectError(await create({}, { skus: ['NOPE'] }), 422, 'unknown_sku').details).toEqual({
      skus: ['NOPE'],
    });
    expectError(await create({}, { announced_prices: [{ sku: 'GHOST', price: 100 }] }), 422, 'unknown_sku');
    expectError(await create({ sale_id: 'sale_missing' }), 422, 'unknown_sale');
    for (const [patch, one] of [
      [{}, { ends_at: iso(t0) }],
      [{}, { kind: 'billboard' }],
      [{}, { starts_at: 'next tuesday' }],
      [{}, { payload: 'hello' }],
      [{}, { payload: { text: 'x'.repeat(70_000) } }],
      [{}, { announced_prices: [{ sku: 'MUG-BLUE', price: 1.5 }] }],
      [
        {},
        {
          announced_prices: [
            { sku: 'MUG-BLUE', price: 900 },
            { sku: 'MUG-BLUE', price: 800 },
          ],
        },
      ],
      [{}, { skus: ['MUG-BLUE', 'MUG-BLUE'] }],
      [{ colour: 'red' }, {}],
      [{ owner: '' }, {}],
    ] as const)
      expectError(await create(patch, one), 400, 'validation_failed');
    expectError(
      await shop.admin('GET', `/v1/campaigns?from=${iso(t0)}&to=${iso(t0 - 1)}`),
      400,
      'validation_failed',
    );
    expectError(
      await shop.admin('GET', `/v1/campaigns/conflicts?from=${iso(t0)}&to=${iso(t0 + 400 * dayMs)}`),
      400,
      'validation_failed',
    );
    expectError(await shop.admin('GET', `/v1/campaigns?from=${iso(t0)}`), 400, 'validation_failed');
    expectError(await shop.admin('GET', '/v1/campaigns/cmp_nope'), 404, 'not_found');
    expectError(await move('cmp_nope', 'approved'), 404, 'not_found');
    expectError(
      await shop.admin('PATCH', `/v1/campaigns/${spring.id}/items/cmpi_nope`, { site: 'de' }),
      404,
      'not_found',
    );
    expectError(await shop.admin('PATCH', `/v1/campaigns/${spring.id}`, {}), 400, 'validation_failed');
    expectError(await shop.storefront('GET', `/v1/campaigns/${spring.id}`), 403, 'forbidden');
    expect(await eventsEnd(shop)).toBe(before);
    expect(await campaign(spring.id)).toEqual(spring);
  });

  it('shows conflicts before they happen: one segment twice at once, a SKU running out, a price no sale gives', async () => {
    // One tee a week: the 2 left on the web shop last two weeks, less than the 30 days promoted.
    await placed(shop.storefront, [{ sku: 'TEE-M', quantity: 1 }]);
    const tees = body<CampaignDetail>(
      await shop.admin('POST', '/v1/campaigns', {
        name: 'VIP tees',
        owner: 'Hugo',
        items: [
          item({
            starts_at: iso(t0 + 2 * dayMs),
            ends_at: iso(t0 + 32 * dayMs),
            skus: ['TEE-M'],
            announced_prices: [{ sku: 'MUG-BLUE', price: 990 }],
          }),
        ],
      }),
      201,
    );
    const [teeBanner] = tees.items;
    const springBanner = spring.items[0]!;
    const found = await conflicts();
    const runsOut = found.data.find((one) => one.kind === 'sku_runs_out');
    // Two left, one sold in the last 7 days: fourteen days from now, before the banner's end.
    expect(Math.abs(Date.parse(runsOut?.from ?? '') - (Date.now() + 14 * dayMs))).toBeLessThan(60_000);
    expect(runsOut).toMatchObject({ runs_out_at: runsOut?.from });
    const expected: Conflict[] = [
      {
        kind: 'segment_overlap',
        channel: 'web',
        segment: 'vip',
        from: iso(t0 + 2 * dayMs),
        to: iso(t0 + 3 * dayMs),
        item_ids: [springBanner.id, teeBanner!.id],
        campaign_ids: [spring.id, tees.id],
      },
      {
        kind: 'price_not_provided',
        channel: 'web',
        sku: 'MUG-BLUE',
        item_id: teeBanner!.id,
        campaign_id: tees.id,
        announced_price: 990,
        from: iso(t0 + 2 * dayMs),
        to: iso(t0 + 32 * dayMs),
        stretches: [{ from: iso(t0 + 2 * dayMs), to: iso(t0 + 32 * dayMs), price: 1290, sale_id: null }],
      },
      {
        kind: 'sku_runs_out',
        channel: 'web',
        sku: 'TEE-M',
        item_id: teeBanner!.id,
        campaign_id: tees.id,
        available: 2,
        units_sold: 1,
        sales_period_days: 7,
        // Read at the instant of each answer: checked on its own above.
        runs_out_at: expect.any(String),
        from: expect.any(String),
        to: iso(t0 + 32 * dayMs),
      },
    ];
    expect(found).toEqual({ ...month, data: expected, total: 3 });
    expect(tees.conflicts).toEqual(expected);
    expect((await campaign(spring.id)).conflicts).toEqual([expected[0]]);

    // A sale at 9.90 for the first ten days gives the price for part of the window only.
    const sale = body<{ id: string }>(
      await shop.admin('POST', '/v1/sales', {
        name: 'Mug week',
        kind: 'promotion',
        channels: ['web'],
        starts_at: iso(t0 + 2 * dayMs),
        ends_at: iso(t0 + 12 * dayMs),
        items: [{ sku: 'MUG-BLUE', price: 990 }],
      }),
      201,
    );
    const priceConflict = (found: CampaignDetail) =>
      found.conflicts.find((one) => one.kind === 'price_not_provided');
    expect(priceConflict(await campaign(tees.id))).toMatchObject({
      from: iso(t0 + 12 * dayMs),
      stretches: [{ from: iso(t0 + 12 * dayMs), to: iso(t0 + 32 * dayMs), price: 1290, sale_id: null }],
    });

    // Ending the banner with the sale and linking the campaign to it: the price holds.
    const linked = body<CampaignDetail>(
      await shop.admin('PATCH', `/v1/campaigns/${tees.id}/items/${teeBanner!.id}`, {
        ends_at: iso(t0 + 12 * dayMs),
      }),
      200,
    );
    expect(priceConflict(linked)).toBeUndefined();
    const withSale = body<CampaignDetail>(
      await shop.admin('PATCH', `/v1/campaigns/${tees.id}`, { sale_id: sale.id }),
      200,
    );
    expect(withSale.sale_id).toBe(sale.id);
    expect(withSale.conflicts.map((one) => one.kind)).toEqual(['segment_overlap', 'sku_runs_out']);

    // Moving the tees a week later takes them off the spring banner's days.
    const later = body<CampaignDetail>(
      await shop.admin('PATCH', `/v1/campaigns/${tees.id}/items/${teeBanner!.id}`, {
        starts_at: iso(t0 + 3 * dayMs),
        announced_prices: [],
      }),
      200,
    );
    expect(later.conflicts.map((one) => one.kind)).toEqual(['sku_runs_out']);
    expect((await campaign(spring.id)).conflicts).toEqual([]);
  });

  it('moves a campaign along its process with its items, refuses a bad move, and audits its cancellation', async () => {
    const from = await eventsEnd(shop);
    const refused = expectError(await move(spring.id, 'scheduled'), 409, 'invalid_transition');
    expect(refused.details).toEqual({ from: 'draft', to: 'scheduled', allowed: ['approved', 'cancelled'] });
    expectError(await move(spring.id, 'published'), 400, 'validation_failed');

    const statuses = (found: CampaignDetail) => [found.status, ...found.items.map((one) => one.status)];
    expect(statuses(body(await move(spring.id, 'approved'), 200))).toEqual([
      'approved',
      'approved',
      'approved',
    ]);
    // Approved is what was seen: editing it takes a move back to draft.
    expectError(
      await shop.admin('PATCH', `/v1/campaigns/${spring.id}`, { name: 'Summer mugs' }),
      409,
      'invalid_transition',
    );
    expectError(
      await shop.admin(
        'POST',
        `/v1/campaigns/${spring.id}/items`,
        item({ starts_at: iso(t0), ends_at: iso(t0 + 1) }),
      ),
      409,
      'invalid_transition',
    );
    expect(statuses(body(await move(spring.id, 'draft'), 200))).toEqual(['draft', 'draft', 'draft']);
    const added = body<CampaignDetail>(
      await shop.admin(
        'POST',
        `/v1/campaigns/${spring.id}/items`,
        item({ kind: 'social_post', segment: 'fans', starts_at: iso(t0), ends_at: iso(t0 + hourMs) }),
      ),
      201,
    );
    const post = added.items.find((one) => one.kind === 'social_post')!;
    const removed = body<CampaignDetail>(
      await shop.admin('DELETE', `/v1/campaigns/${spring.id}/items/${post.id}`),
      200,
    );
    expect(removed.items.map((one) => one.kind)).toEqual(['banner', 'mailing']);
    body(await move(spring.id, 'approved'), 200);
    expect(statuses(body(await move(spring.id, 'scheduled'), 200))).toEqual([
      'scheduled',
      'scheduled',
      'scheduled',
    ]);
    expect(statuses(body(await move(spring.id, 'approved'), 200))).toEqual([
      'approved',
      'approved',
      'approved',
    ]);
    body(await move(spring.id, 'scheduled'), 200);
    expect((await calendar({ ...month, status: 'scheduled' })).data.map((found) => found.id)).toEqual([
      spring.id,
    ]);

    const empty = body<CampaignDetail>(
      await shop.admin('POST', '/v1/campaigns', { name: 'Empty', owner: 'Léa' }),
      201,
    );
    expect(expectError(await move(empty.id, 'approved'), 409, 'invalid_transition').details).toMatchObject({
      reason: 'no_items',
    });

    expectError(await shop.admin('POST', `/v1/campaigns/${spring.id}/cancel`, {}), 400, 'validation_failed');
    const cancelled = body<CampaignDetail>(
      await shop.admin('POST', `/v1/campaigns/${spring.id}/cancel`, {
        reason: 'the mugs are late from the maker',
      }),
      200,
    );
    expect(statuses(cancelled)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(cancelled.cancel_reason).toBe('the mugs are late from the maker');
    expectError(
      await shop.admin('POST', `/v1/campaigns/${spring.id}/cancel`, { reason: 'again' }),
      409,
      'invalid_transition',
    );
    expectError(await move(spring.id, 'draft'), 409, 'invalid_transition');

    const audit = body<{ data: { action: string; target: string; reason: string; details: unknown }[] }>(
      await shop.admin('GET', '/v1/audit-log?limit=10'),
      200,
    ).data;
    expect(audit.filter((entry) => entry.action === 'campaigns.cancel')).toMatchObject([
      {
        target: spring.id,
        reason: 'the mugs are late from the maker',
        details: { name: 'Spring mugs', was: 'scheduled' },
      },
    ]);
    const types = (await eventsAfter(shop, from)).events
      .filter((event) => event.entity_id === spring.id)
      .map((event) => event.type);
    expect(types).toEqual([
      'campaign.approved',
      'campaign.draft',
      'campaign.updated',
      'campaign.updated',
      'campaign.approved',
      'campaign.scheduled',
      'campaign.approved',
      'campaign.scheduled',
      'campaign.cancelled',
    ]);
  });
});

/** A process of its own on a store location: opened, served and closed like `affluence serve`. */
interface Process {
  readonly ctx: AppContext;
  admin(method: InjectOptions['method'], url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

async function startProcess(
  location: string,
  adminKey: string | undefined,
  options: ServerOptions,
  clock?: Clock,
): Promise<Process & { key: string }> {
  const store: Store = await openStore(location);
  const ctx = createContext(store, clock);
  let key = adminKey;
  if (key === undefined) {
    const created = await createApiKey(ctx, { name: 'campaign tests', scopes: ['admin'] });
    if (!created.ok) throw new Error('could not create the admin key');
    key = created.value.key;
  }
  const app = await createServer(ctx, options);
  return {
    ctx,
    key,
    admin: (method, url, payload) =>
      app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${key}` },
        ...(payload === undefined ? {} : { payload: payload as object }),
      }),
    async close() {
      await app.close();
      await store.close();
    },
  };
}

describe.each(engines)('scheduled publication on %s', (engine) => {
  let location: string;
  let drop: () => Promise<void>;
  let receiver: Awaited<ReturnType<typeof webhookReceiver>>;
  let adminKey: string;
  let hook: CreatedWebhook;
  beforeAll(async () => {
    ({ location, drop } = await freshLocation(engine));
    receiver = await webhookReceiver();
    const setup = await startProcess(location, undefined, {});
    adminKey = setup.key;
    for (const [method, url, payload] of [
      ['PUT', '/v1/channels/web', { name: 'Web shop', currency: 'EUR' }],
      ['PUT', '/v1/locations/paris', { name: 'Paris', channels: ['web'] }],
      ['PUT', '/v1/skus/MUG', { name: 'Mug', prices: { web: 1290 } }],
    ] as const)
      expect((await setup.admin(method, url, payload)).statusCode).toBeLessThan(300);
    hook = body<CreatedWebhook>(
      await setup.admin('POST', '/v1/webhooks', {
        url: receiver.url('/tool'),
        event_types: ['campaign.item.published'],
      }),
      201,
    );
    await setup.close();
  });
  afterAll(async () => {
    await receiver.close();
    await drop();
  });

  const planned = async (
    process: Process,
    name: string,
    startsAtMs: readonly number[],
    lengthMs: readonly number[] = startsAtMs.map(() => hourMs),
  ) => {
    const created = body<CampaignDetail>(
      await process.admin('POST', '/v1/campaigns', {
        name,
        owner: 'Léa',
        items: startsAtMs.map((startsAt, index) =>
          item({
            kind: 'mailing',
            starts_at: iso(startsAt),
            ends_at: iso(startsAt + lengthMs[index]!),
            payload: { template: `${name}-${index}`, subject: `Mail ${index}` },
          }),
        ),
      }),
      201,
    );
    body(await process.admin('POST', `/v1/campaigns/${created.id}/transitions`, { to: 'approved' }), 200);
    body(await process.admin('POST', `/v1/campaigns/${created.id}/transitions`, { to: 'scheduled' }), 200);
    return created;
  };
  const itemsOf = async (process: Process, id: string) =>
    body<CampaignDetail>(await process.admin('GET', `/v1/campaigns/${id}`), 200).items;
  const received = (campaignId: string) =>
    receiver.at('/tool').filter((request) => request.body.data.campaign_id === campaignId);

  // First: its clock runs ahead of the real one, and every item it plans is over when it ends.
  it('ends items at their end and the campaign with its last; an item every process missed ends unpublished', async () => {
    const clock = manualClock();
    const process = await startProcess(location, adminKey, {}, clock);
    try {
      const t = clock.now();
      const events = async (id: string) =>
        (await process.ctx.store.read.events.eventsOf('campaign', id)).map((event) => ({
          type: event.type,
          data: JSON.parse(event.payload) as Record<string, unknown>,
        }));
      const statuses = async (id: string) => {
        const found = body<CampaignDetail>(await process.admin('GET', `/v1/campaigns/${id}`), 200);
        return [found.status, ...found.items.map((one) => one.status)];
      };
      const sweep = async (toMs: number) => {
        clock.advance(toMs - clock.now());
        return sweepCampaignItems(process.ctx);
      };
      const twoMails = await planned(process, 'two', [t + hourMs, t + hourMs], [hourMs, 2 * hourMs]);
      const missed = await planned(process, 'missed', [t + 10 * hourMs]);
      const cancelled = await planned(process, 'cancelled', [t + 20 * hourMs, t + 30 * hourMs]);

      expect(await sweep(t + hourMs)).toBe(2);
      expect(await statuses(twoMails.id)).toEqual(['published', 'published', 'published']);
      expect(await sweep(t + 2 * hourMs)).toBe(1);
      expect(await statuses(twoMails.id)).toEqual(['published', 'done', 'published']);
      expect(await sweep(t + 3 * hourMs)).toBe(1);
      expect(await statuses(twoMails.id)).toEqual(['done', 'done', 'done']);
      expect((await events(twoMails.id)).map((event) => event.type)).toEqual([
        'campaign.created',
        'campaign.approved',
        'campaign.scheduled',
        'campaign.published',
        'campaign.item.published',
        'campaign.item.published',
        'campaign.item.done',
        'campaign.item.done',
        'campaign.done',
      ]);

      // No process ran from before its start to after its end: announcing it now would announce what is over.
      expect(await sweep(t + 12 * hourMs)).toBe(1);
      expect(await statuses(missed.id)).toEqual(['done', 'done']);
      const missedEvents = await events(missed.id);
      expect(missedEvents.filter((event) => event.type === 'campaign.item.published')).toEqual([]);
      expect(missedEvents.find((event) => event.type === 'campaign.item.done')?.data).toMatchObject({
        published: false,
      });

      // Cancelled once its first item is out: that one ends at its end, the other never goes out.
      expect(await sweep(t + 20 * hourMs)).toBe(1);
      body(
        await process.admin('POST', `/v1/campaigns/${cancelled.id}/cancel`, { reason: 'stock delayed' }),
        200,
      );
      expect(await statuses(cancelled.id)).toEqual(['cancelled', 'published', 'cancelled']);
      expect(await sweep(t + 31 * hourMs)).toBe(1);
      expect(await statuses(cancelled.id)).toEqual(['cancelled', 'done', 'cancelled']);
      expect(await sweep(t + 40 * hourMs)).toBe(0);
    } finally {
      await process.close();
    }
  });

  it('sends each item once through the webhook at its start, across restarts', async () => {
    // Process A publishes but delivers nothing, and stops before the second item is due.
    const first = await startProcess(location, adminKey, { sweep: true });
    const startMs = Date.now();
    const campaign = await planned(first, 'restart', [startMs + 300, startMs + 2_500]);
    const [early, late] = campaign.items as [CampaignItem, CampaignItem];
    await eventually(async () => (await itemsOf(first, campaign.id))[0]!.status === 'published');
    const published = await itemsOf(first, campaign.id);
    expect(published.map((one) => one.status)).toEqual(['published', 'scheduled']);
    expect(body<CampaignDetail>(await first.admin('GET', `/v1/campaigns/${campaign.id}`), 200).status).toBe(
      'published',
    );
    await first.close();
    expect(received(campaign.id)).toEqual([]);

    // The second item falls due while no process runs; process B publishes it and delivers both.
    await sleep(Math.max(0, startMs + 2_700 - Date.now()));
    const second = await startProcess(location, adminKey, { sweep: true, deliverWebhooks: true });
    await eventually(() => received(campaign.id).filter((request) => request.answered === 200).length === 2);
    // A sweep or two more: nothing goes out twice.
    await sleep(1_200);
    await second.close();

    // Process C finds nothing left to send.
    const third = await startProcess(location, adminKey, { sweep: true, deliverWebhooks: true });
    await sleep(1_500);
    const items = await itemsOf(third, campaign.id);
    expect(items.map((one) => one.status)).toEqual(['published', 'published']);
    expect(items[0]!.published_event_id).toBe(published[0]!.published_event_id);
    const requests = received(campaign.id);
    expect(requests.map((request) => request.body.data.item_id)).toEqual([early.id, late.id]);
    expect(requests.map((request) => request.eventId)).toEqual(items.map((one) => one.published_event_id));
    expect(requests[0]!.body).toMatchObject({
      type: 'campaign.item.published',
      data: {
        campaign_id: campaign.id,
        item_id: early.id,
        kind: 'mailing',
        channel: 'web',
        segment: 'vip',
        starts_at: early.starts_at,
        published_at: items[0]!.published_at,
        payload: { template: 'restart-0', subject: 'Mail 0' },
      },
    });
    const deliveries = body<{ data: Delivery[] }>(
      await third.admin('GET', `/v1/webhooks/${hook.id}/deliveries?limit=100`),
      200,
    ).data.filter((delivery) => delivery.entity_id === campaign.id);
    expect(deliveries.map((delivery) => [delivery.event_id, delivery.status]).reverse()).toEqual(
      items.map((one) => [one.published_event_id, 'delivered']),
    );
    await third.close();
  });

  it('publishes once when two processes sweep the same due item together', async () => {
    const one = await startProcess(location, adminKey, {});
    const other = engine === 'postgres' ? await startProcess(location, adminKey, {}) : one;
    try {
      const startMs = Date.now();
      const campaign = await planned(one, 'race', [startMs + 200]);
      await sleep(300);
      const swept = await Promise.all([
        sweepCampaignItems(one.ctx),
        sweepCampaignItems(other.ctx),
        sweepCampaignItems(one.ctx),
      ]);
      expect(swept.reduce((sum, count) => sum + count, 0)).toBe(1);
      const events = await one.ctx.store.read.events.eventsOf('campaign', campaign.id);
      expect(events.filter((event) => event.type === 'campaign.item.published')).toHaveLength(1);
      expect(events.filter((event) => event.type === 'campaign.published')).toHaveLength(1);
    } finally {
      if (other !== one) await other.close();
      await one.close();
    }
  });
});
