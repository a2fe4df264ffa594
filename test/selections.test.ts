/**
 * Customer segments and product selections over HTTP on both stores: segments matched against the
 * history of orders placed through the API, selections per segment (a rule, a hand-picked list)
 * read live with stock and prices, never answering a SKU sold out, buffered or frozen to nothing on
 * the channel; a storefront key reads a selection but cannot change one; bad input changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CustomerSegments,
  Segment,
  SegmentWithCount,
  Selection,
  SelectionAnswer,
} from '../src/campaigns/selections/contract.js';
import type { Sku } from '../src/catalog/contract.js';
import type { Order } from '../src/orders/contract.js';
import { atp, body, eventsAfter, eventsEnd, expectError, newSku, placed } from './support/api-helpers.js';
import { manualClock, openShop, type TestShop } from './support/shop.js';
import { engines } from './support/stores.js';

const dayMs = 24 * 60 * 60 * 1000;

describe.each(engines)('segments and selections on %s', (engine) => {
  let shop: TestShop;
  const clock = manualClock(Date.parse('2026-11-02T10:00:00.000Z'));
  const customer = (email: string) => ({ customer: { email, name: 'A customer' } });
  const selection = async (path: string) =>
    body<SelectionAnswer>(await shop.storefront('GET', `/v1/selections/${path}`), 200);
  const skusOf = (answer: SelectionAnswer) => answer.skus.map((item) => item.sku);
  const segmentsOf = async (email: string) =>
    body<CustomerSegments>(
      await shop.admin('GET', `/v1/customers/${encodeURIComponent(email)}/segments`),
      200,
    );

  beforeAll(async () => {
    shop = await openShop(engine, { clock });
    // Categories: the shop's SKUs get one, and a few mugs come in with their own stock.
    body(
      await shop.admin('PUT', '/v1/skus/MUG-BLUE', {
        name: 'Blue enamel mug',
        weight_g: 320,
        category: 'mugs',
        prices: { web: 1290, marketplace: 1390 },
      }),
      200,
    );
    body(
      await shop.admin('PUT', '/v1/skus/TEE-M', {
        name: 'Organic tee, size M',
        weight_g: 180,
        category: 'tees',
        prices: { web: 2500, marketplace: 2600 },
      }),
      200,
    );
    for (const [sku, stock] of [
      ['MUG-RED', { paris: 4 }],
      ['MUG-GREEN', {}],
      ['MUG-KEPT', { paris: 2 }],
    ] as const) {
      body(
        await shop.admin('PUT', `/v1/skus/${sku}`, {
          name: `Mug ${sku}`,
          category: 'mugs',
          prices: { web: 1000, marketplace: 1100 },
        }),
        200,
      );
      for (const [location, quantity] of Object.entries(stock))
        body(await shop.admin('POST', '/v1/stock/receipts', { sku, location, quantity }), 201);
    }
    // MUG-KEPT is held back whole from the marketplace: none of it is for sale there.
    body(await shop.admin('PUT', '/v1/channels/marketplace/buffers/MUG-KEPT', { quantity: 2 }), 200);

    // The history: Camille orders twice on web, Sam once on the marketplace, Jo once but cancels.
    await placed(shop.storefront, [{ sku: 'MUG-BLUE', quantity: 3 }], customer('camille@example.fr'));
    clock.advance(60_000);
    await placed(shop.storefront, [{ sku: 'TEE-M', quantity: 1 }], customer('Camille@Example.fr'));
    await placed(shop.storefront, [{ sku: 'MUG-RED', quantity: 1 }], {
      ...customer('sam@example.fr'),
      channel: 'marketplace',
    });
    const jo = await placed(shop.storefront, [{ sku: 'MUG-RED', quantity: 2 }], customer('jo@example.fr'));
    body<Order>(await shop.storefront('POST', `/v1/orders/${jo.id}/cancel`), 200);
  });
  afterAll(() => shop.close());

  it('keeps a SKU’s category and shows it, null when none is given', async () => {
    expect(body<Sku>(await shop.storefront('GET', '/v1/skus/MUG-RED'), 200).category).toBe('mugs');
    expect(body<Sku>(await shop.storefront('GET', '/v1/skus/LAST-ONE'), 200).category).toBeNull();
  });

  describe('segments', () => {
    it('are written by the back office, with an event in the outbox', async () => {
      const from = await eventsEnd(shop);
      const written = body<Segment>(
        await shop.admin('PUT', '/v1/segments/new', { name: 'New customers', conditions: [{ kind: 'new' }] }),
        200,
      );
      expect(written).toMatchObject({ code: 'new', name: 'New customers', conditions: [{ kind: 'new' }] });
      body(
        await shop.admin('PUT', '/v1/segments/loyal', {
          name: 'Loyal',
          conditions: [
            { kind: 'orders', min: 2 },
            { kind: 'spend', currency: 'EUR', min_minor: 5_000 },
          ],
        }),
        200,
      );
      body(
        await shop.admin('PUT', '/v1/segments/marketplace-recent', {
          name: 'Bought on the marketplace this month',
          conditions: [
            { kind: 'channels', channels: ['marketplace'] },
            { kind: 'ordered_within_days', days: 30 },
          ],
        }),
        200,
      );
      const { events } = await eventsAfter(shop, from);
      expect(events.map((event) => [event.type, event.entity_id])).toEqual([
        ['segment.created', 'new'],
        ['segment.created', 'loyal'],
        ['segment.created', 'marketplace-recent'],
      ]);
      expect(
        body<{ data: Segment[] }>(await shop.admin('GET', '/v1/segments'), 200).data.map((row) => row.code),
      ).toEqual(['loyal', 'marketplace-recent', 'new']);
    });

    it('refuse bad rules, unknown channels and storefront keys, changing nothing', async () => {
      const from = await eventsEnd(shop);
      for (const conditions of [
        [],
        [{ kind: 'orders', min: 3, max: 2 }],
        [{ kind: 'vip' }],
        [{ kind: 'spend', currency: 'EUR' }],
        [{ kind: 'new' }, { kind: 'returning' }],
        [{ kind: 'ordered_within_days', days: 0 }],
      ]) {
        expectError(
          await shop.admin('PUT', '/v1/segments/broken', { name: 'Broken', conditions }),
          400,
          'validation_failed',
        );
      }
      const unknown = expectError(
        await shop.admin('PUT', '/v1/segments/broken', {
          name: 'Broken',
          conditions: [{ kind: 'channels', channels: ['web', 'pos'] }],
        }),
        422,
        'unknown_channel',
      );
      expect(unknown.details).toEqual({ channels: ['pos'] });
      expectError(
        await shop.storefront('PUT', '/v1/segments/broken', {
          name: 'Broken',
          conditions: [{ kind: 'new' }],
        }),
        403,
        'forbidden',
      );
      expectError(await shop.admin('GET', '/v1/segments/broken'), 404, 'not_found');
      expect((await eventsAfter(shop, from)).events).toEqual([]);
    });

    it('match customers by their history, known by their email in any case', async () => {
      const camille = await segmentsOf('  CAMILLE@example.fr ');
      expect(camille).toMatchObject({
        email: 'camille@example.fr',
        orders: 2,
        spend: { EUR: 3 * 1290 + 2500 },
        channels: ['web'],
      });
      expect(camille.segments.map((segment) => segment.code)).toEqual(['loyal']);
      expect((await segmentsOf('sam@example.fr')).segments.map((segment) => segment.code)).toEqual([
        'marketplace-recent',
      ]);
      // A cancelled order counts for nothing: Jo is still a new customer, as is someone never seen.
      expect(await segmentsOf('jo@example.fr')).toMatchObject({ orders: 0, segments: [{ code: 'new' }] });
      expect(await segmentsOf('nobody@example.fr')).toMatchObject({
        orders: 0,
        last_order_at: null,
        segments: [{ code: 'new' }],
      });
    });

    it('count the customers they hold now', async () => {
      const count = async (code: string) =>
        body<SegmentWithCount>(await shop.admin('GET', `/v1/segments/${code}`), 200).customers;
      expect(await count('loyal')).toBe(1);
      expect(await count('marketplace-recent')).toBe(1);
      expect(await count('new')).toBe(1);
    });
  });

  describe('selections', () => {
    it('are written by the back office, refusing unknown SKUs, channels and segments', async () => {
      const from = await eventsEnd(shop);
      const home = {
        name: 'Home page banner',
        channel: 'web',
        entries: [
          { segment: 'loyal', skus: ['LAST-ONE', 'MUG-GREEN', 'MUG-RED'] },
          { segment: 'new', category: 'mugs' },
          { best_sellers: { days: 30 }, limit: 5 },
        ],
      };
      const written = body<Selection>(await shop.admin('PUT', '/v1/selections/home', home), 200);
      expect(written).toMatchObject({ code: 'home', ...home });
      body(
        await shop.admin('PUT', '/v1/selections/marketplace-mugs', {
          name: 'Mugs tab',
          channel: 'marketplace',
          entries: [{ category: 'mugs' }],
        }),
        200,
      );
      expect(
        body<{ data: Selection[] }>(await shop.admin('GET', '/v1/selections'), 200).data.map(
          (row) => row.code,
        ),
      ).toEqual(['home', 'marketplace-mugs']);

      const refusals: [unknown, number, string, unknown?][] = [
        [{ ...home, entries: [{ skus: ['MUG-RED', 'NO-SUCH'] }] }, 422, 'unknown_sku', { skus: ['NO-SUCH'] }],
        [{ ...home, channel: 'pos' }, 422, 'unknown_channel', { channels: ['pos'] }],
        [
          { ...home, entries: [{ segment: 'vip', category: 'mugs' }] },
          422,
          'unknown_segment',
          { segments: ['vip'] },
        ],
        [{ ...home, entries: [{ segment: 'new' }] }, 400, 'validation_failed'],
        [{ ...home, entries: [{ skus: ['MUG-RED'], category: 'mugs' }] }, 400, 'validation_failed'],
        [{ ...home, entries: [{ best_sellers: { days: 0 } }] }, 400, 'validation_failed'],
        [{ ...home, entries: [{ category: 'mugs' }, { category: 'tees' }] }, 400, 'validation_failed'],
        [{ ...home, entries: [] }, 400, 'validation_failed'],
      ];
      for (const [input, status, code, details] of refusals) {
        const error = expectError(await shop.admin('PUT', '/v1/selections/broken', input), status, code);
        if (details !== undefined) expect(error.details).toEqual(details);
      }
      const { events } = await eventsAfter(shop, from);
      expect(events.map((event) => [event.type, event.entity_id])).toEqual([
        ['selection.created', 'home'],
        ['selection.created', 'marketplace-mugs'],
      ]);
      expectError(await shop.storefront('GET', '/v1/selections/broken'), 404, 'not_found');
    });

    it('are read by a storefront key, which cannot change or list them', async () => {
      expectError(
        await shop.storefront('PUT', '/v1/selections/home', {
          name: 'Hijacked',
          channel: 'web',
          entries: [{ skus: ['TEE-M'] }],
        }),
        403,
        'forbidden',
      );
      expectError(await shop.storefront('GET', '/v1/selections'), 403, 'forbidden');
      expect((await selection('home')).name).toBe('Home page banner');
    });

    it('answer the best sellers to everyone else, with name, price and availability as they are now', async () => {
      const answer = await selection('home');
      // Jo's cancelled order sold nothing: MUG-RED is not among the web's best sellers.
      expect(answer).toMatchObject({ code: 'home', channel: 'web', currency: 'EUR', segment: null });
      expect(skusOf(answer)).toEqual(['MUG-BLUE', 'TEE-M']);
      expect(answer.skus[0]).toEqual({
        sku: 'MUG-BLUE',
        name: 'Blue enamel mug',
        price: 1290,
        available: await atp(shop, 'MUG-BLUE', 'web'),
      });
      expect(skusOf(await selection('home?limit=1'))).toEqual(['MUG-BLUE']);
    });

    it('answer a segment’s entry, named or worked out from the customer, never a sold-out SKU', async () => {
      // The new customers' rule: mugs on web, in code order; MUG-GREEN has no stock.
      const mugs = ['MUG-BLUE', 'MUG-KEPT', 'MUG-RED'];
      expect(skusOf(await selection('home?segment=new'))).toEqual(mugs);
      expect(await selection(`home?customer=${encodeURIComponent('someone.new@example.fr')}`)).toMatchObject({
        segment: 'new',
      });
      // Camille is loyal: the hand-picked list, in its order, without the sold-out mug.
      const loyal = await selection(`home?customer=${encodeURIComponent(' Camille@Example.FR')}`);
      expect(loyal.segment).toBe('loyal');
      expect(skusOf(loyal)).toEqual(['LAST-ONE', 'MUG-RED']);
      // Sam's segment has no entry here: the default one.
      expect((await selection('home?customer=sam%40example.fr')).segment).toBeNull();
      expect((await selection('home?segment=nobody')).segment).toBeNull();

      // The last lamp is sold: the list stops answering it at once.
      await placed(shop.storefront, [{ sku: 'LAST-ONE', quantity: 1 }], customer('sam@example.fr'));
      expect(skusOf(await selection('home?segment=loyal'))).toEqual(['MUG-RED']);
    });

    it('never answer a SKU buffered or frozen to nothing on the channel', async () => {
      // MUG-KEPT sells on web, but the marketplace's buffer holds all of it back.
      expect(await atp(shop, 'MUG-KEPT', 'web')).toBe(2);
      expect(await atp(shop, 'MUG-KEPT', 'marketplace')).toBe(0);
      expect(skusOf(await selection('marketplace-mugs'))).toEqual(['MUG-BLUE', 'MUG-RED']);

      // Frozen, the marketplace is shown no more than it was: a mug stocked since reads 0 there.
      body(
        await shop.admin('PUT', '/v1/switches/channels/marketplace', {
          availability_frozen: true,
          reason: 'marketplace miscounts',
        }),
        200,
      );
      await newSku(shop, 'MUG-NEW', { paris: 6 });
      body(
        await shop.admin('PUT', '/v1/skus/MUG-NEW', {
          name: 'New mug',
          category: 'mugs',
          prices: { web: 1000, marketplace: 1100 },
        }),
        200,
      );
      expect(await atp(shop, 'MUG-NEW', 'marketplace')).toBe(0);
      expect(skusOf(await selection('marketplace-mugs'))).toEqual(['MUG-BLUE', 'MUG-RED']);
      expect(skusOf(await selection('home?segment=new'))).toContain('MUG-NEW');
      body(
        await shop.admin('PUT', '/v1/switches/channels/marketplace', {
          availability_frozen: false,
          reason: 'fixed',
        }),
        200,
      );
      expect(skusOf(await selection('marketplace-mugs'))).toEqual(['MUG-BLUE', 'MUG-NEW', 'MUG-RED']);
    });

    it('follow prices as they change, and drop a SKU no longer sold on the channel', async () => {
      body(
        await shop.admin('PUT', '/v1/skus/MUG-RED', {
          name: 'Mug MUG-RED',
          category: 'mugs',
          prices: { web: 900 },
        }),
        200,
      );
      const web = await selection('home?segment=loyal');
      expect(web.skus).toEqual([
        { sku: 'MUG-RED', name: 'Mug MUG-RED', price: 900, available: await atp(shop, 'MUG-RED', 'web') },
      ]);
      expect(skusOf(await selection('marketplace-mugs'))).toEqual(['MUG-BLUE', 'MUG-NEW']);
    });

    it('move with time: a month on, no recent marketplace buyer and no recent best seller', async () => {
      clock.advance(31 * dayMs);
      // Sam's lamp made him loyal (two orders, 100 EUR); his marketplace order is too old now.
      expect((await segmentsOf('sam@example.fr')).segments.map((segment) => segment.code)).toEqual(['loyal']);
      expect(await selection('home')).toMatchObject({ segment: null, skus: [] });
    });
  });
});
