/**
 * What choosing box and service saved, over HTTP on both stores, on the sample cards of
 * scenarios/carriers: a handful of orders whose smart and baseline costs are worked out here
 * by hand from the 2023 Colissimo card, the orders counted apart (unmeasured, no box, no service, not
 * possible the baseline way), another baseline, one channel, an empty period, and bad baselines refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleNotice } from '../src/fulfilment/index.js';
import type { ShippingSavings } from '../src/fulfilment/savings/contract.js';
import { body, expectError, placed } from './support/api-helpers.js';
import { type SetupStep, setUpShipping } from './support/fulfilment.js';
import { manualClock, openShop, type TestShop } from './support/shop.js';
import { engines } from './support/stores.js';

/** 10:00 in Paris on a Wednesday of 2024: the 2023 Colissimo card is in force, Lettre suivie has only its 20 g band. */
const now = Date.parse('2024-06-12T08:00:00Z');
const martinique = {
  name: 'Léa Joseph',
  line1: '3 rue Victor Hugo',
  city: 'Fort-de-France',
  postal_code: '97200',
  country: 'FR',
};
const colissimo = {
  carrier: 'Colissimo',
  code: 'domicile_sans_signature',
  name: 'Colissimo domicile sans signature',
};

/**
 * Sample prices of Colissimo domicile sans signature 2023, in cents: 6.70 EUR to 500 g, 9.55 to 2 kg,
 * 14.65 to 5 kg, 33.40 to 30 kg. Boxes: ENV 0.35 EUR (30 g), BOX-M 0.90 (300 g), BOX-L 1.80 (700 g).
 */
const book = { smart: 35 + 670, baseline: 180 + 955 }; // 480 g in ENV; 1,150 g in BOX-L
const kettle = { smart: 90 + 955, baseline: 180 + 1_465 }; // 1,700 g in BOX-M; 2,100 g in BOX-L
const twoBooks = { smart: 90 + 955, baseline: 180 + 955 }; // 1,200 g in BOX-M; 1,600 g in BOX-L

describe.each(engines)('the shipping-savings report on %s', (engine) => {
  let shop: TestShop;
  const report = async (query = '') =>
    body<ShippingSavings>(await shop.admin('GET', `/v1/fulfilment/savings${query}`), 200);

  beforeAll(async () => {
    shop = await openShop(engine, { clock: manualClock(now) });
    const packaging = (name: string, sides: number[], maxG: number, ownG: number, cost: number) => {
      const [inner_length_mm, inner_width_mm, inner_height_mm] = sides;
      return {
        name,
        inner_length_mm,
        inner_width_mm,
        inner_height_mm,
        max_weight_g: maxG,
        own_weight_g: ownG,
        cost,
        currency: 'EUR',
      };
    };
    const sku = (name: string, weight_g: number, sides: number[]) => {
      const [length_mm, width_mm, height_mm] = sides;
      return { name, weight_g, length_mm, width_mm, height_mm, prices: { web: 2_000, marketplace: 2_100 } };
    };
    const setup: SetupStep[] = [
      ['PUT', '/v1/packagings/ENV', packaging('Padded envelope', [260, 180, 40], 1_000, 30, 35)],
      ['PUT', '/v1/packagings/BOX-M', packaging('Box M', [400, 300, 250], 30_000, 300, 90)],
      ['PUT', '/v1/packagings/BOX-L', packaging('Box L', [600, 400, 400], 40_000, 700, 180)],
      ['PUT', '/v1/skus/BOOK', sku('Paperback', 450, [240, 170, 30])],
      ['PUT', '/v1/skus/KETTLE', sku('Kettle', 1_400, [250, 200, 220])],
      ['PUT', '/v1/skus/ANVIL', sku('Anvil', 29_500, [200, 150, 100])],
      ['PUT', '/v1/skus/POLE', sku('Curtain pole', 900, [1_200, 50, 50])],
    ];
    for (const code of ['BOOK', 'KETTLE', 'ANVIL', 'POLE'])
      setup.push(['POST', '/v1/stock/receipts', { sku: code, location: 'paris', quantity: 10 }]);
    await setUpShipping(shop, setup);
    const order = (lines: { sku: string; quantity: number }[], extra: Record<string, unknown> = {}) =>
      placed(shop.storefront, lines, extra);
    await order([{ sku: 'BOOK', quantity: 1 }]);
    await order([{ sku: 'KETTLE', quantity: 1 }]);
    // The same SKU on two lines is one item of two units: two books, stacked past the envelope's 40 mm.
    await order([
      { sku: 'BOOK', quantity: 1 },
      { sku: 'BOOK', quantity: 1 },
    ]);
    await order([{ sku: 'BOOK', quantity: 1 }], { channel: 'marketplace' });
    await order([{ sku: 'ANVIL', quantity: 1 }]);
    await order([{ sku: 'MUG-BLUE', quantity: 1 }]);
    await order([{ sku: 'POLE', quantity: 1 }]);
    await order([{ sku: 'BOOK', quantity: 1 }], { shipping_address: martinique });
    const cancelled = await order([{ sku: 'KETTLE', quantity: 3 }]);
    body(await shop.storefront('POST', `/v1/orders/${cancelled.id}/cancel`), 200);
  });
  afterAll(() => shop.close());

  it('compares the last 90 days against the largest box and the service most orders could take, counting the rest apart', async () => {
    const answer = await report();
    expect(answer).toMatchObject({
      since: '2024-03-15',
      until: '2024-06-12',
      channel: null,
      currency: 'EUR',
      notice: sampleNotice,
      baseline: {
        box: { code: 'BOX-L', name: 'Box L', default: true },
        service: { ...colissimo, default: true },
      },
      // The cancelled order is not read; each other is in one group.
      orders: { read: 8, compared: 4, unmeasured: 1, no_box: 1, no_service: 1, baseline_impossible: 1 },
      unmeasured_skus: [{ sku: 'MUG-BLUE', orders: 1 }],
    });
    // Two single books, the kettle and the two books; the anvil (29.5 kg) goes in BOX-M at 29,800 g,
    // but BOX-L would make it 30,200 g, past Colissimo's 30 kg: not possible the baseline way.
    const smart = 2 * book.smart + kettle.smart + twoBooks.smart;
    const baseline = 2 * book.baseline + kettle.baseline + twoBooks.baseline;
    expect(answer.totals).toEqual({
      orders: 4,
      smart: { box: 35 + 35 + 90 + 90, shipping: 670 + 670 + 955 + 955, total: smart },
      baseline: { box: 4 * 180, shipping: 955 + 955 + 1_465 + 955, total: baseline },
      saved: baseline - smart,
      saved_bp: 3_069,
    });
    expect([smart, baseline, baseline - smart]).toEqual([3_500, 5_050, 1_550]);
    expect(answer.by_service).toEqual([{ ...colissimo, ...answer.totals }]);
    expect(
      answer.by_box.map((row) => [
        row.code,
        row.name,
        row.orders,
        row.smart.total,
        row.baseline.total,
        row.saved,
      ]),
    ).toEqual([
      ['BOX-M', 'Box M', 2, kettle.smart + twoBooks.smart, kettle.baseline + twoBooks.baseline, 690],
      ['ENV', 'Padded envelope', 2, 2 * book.smart, 2 * book.baseline, 860],
    ]);
  });

  it('compares against the baseline named, counting apart the orders it cannot take', async () => {
    const answer = await report('?baseline_box=ENV&baseline_service=Colissimo%2Fdomicile_sans_signature');
    expect(answer.baseline).toEqual({
      box: { code: 'ENV', name: 'Padded envelope', default: false },
      service: { ...colissimo, default: false },
    });
    // The kettle and the two books do not go in the envelope, nor the anvil; the single books do, as chosen.
    expect(answer.orders).toMatchObject({ compared: 2, baseline_impossible: 3 });
    expect(answer.totals).toMatchObject({ smart: { total: 2 * book.smart }, saved: 0, saved_bp: 0 });
  });

  it('reads one channel, or one period, only', async () => {
    const marketplace = await report('?channel=marketplace');
    expect(marketplace.orders).toMatchObject({ read: 1, compared: 1 });
    expect(marketplace.totals).toMatchObject({
      smart: { total: book.smart },
      baseline: { total: book.baseline },
    });
    const before = await report('?since=2024-06-01&until=2024-06-11');
    expect(before).toMatchObject({
      since: '2024-06-01',
      until: '2024-06-11',
      orders: { read: 0, compared: 0 },
      totals: { orders: 0, saved: 0, saved_bp: 0 },
      by_service: [],
      by_box: [],
    });
    expect((await report('?since=2024-06-12&until=2024-06-12')).orders.read).toBe(8);
  });

  it('refuses a baseline it does not know, a bad period or channel, and the storefront', async () => {
    expect(
      expectError(
        await shop.admin('GET', '/v1/fulfilment/savings?baseline_box=CRATE'),
        422,
        'unknown_packaging',
      ).details,
    ).toEqual({ baseline_box: 'CRATE', packagings: ['BOX-L', 'BOX-M', 'ENV'] });
    expectError(
      await shop.admin('GET', '/v1/fulfilment/savings?baseline_service=DHL%2Fexpress'),
      422,
      'unknown_service',
    );
    // Imported, but with no transit time: no parcel is ever sent with it.
    const noTransit = expectError(
      await shop.admin('GET', '/v1/fulfilment/savings?baseline_service=Colissimo%2Fpoint_retrait_relais'),
      422,
      'unknown_service',
    );
    expect(noTransit.message).toMatch(/no transit time/);
    expectError(
      await shop.admin('GET', '/v1/fulfilment/savings?baseline_service=Colissimo'),
      400,
      'validation_failed',
    );
    expectError(await shop.admin('GET', '/v1/fulfilment/savings?since=2024-02-30'), 400, 'validation_failed');
    expectError(
      await shop.admin('GET', '/v1/fulfilment/savings?since=2024-06-12&until=2024-06-01'),
      400,
      'validation_failed',
    );
    expectError(await shop.admin('GET', '/v1/fulfilment/savings?channel=shop'), 422, 'unknown_channel');
    expectError(await shop.storefront('GET', '/v1/fulfilment/savings'), 403, 'forbidden');
  });
});
