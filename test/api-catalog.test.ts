/** The HTTP contract of the catalog: channels, locations, SKUs with prices, listing, search and buffers. */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, Location, Sku } from '../src/catalog/contract.js';
import type { SkuBuffer } from '../src/inventory/contract.js';
import type { Page } from '../src/platform/http/schemas.js';
import { body, expectError, walk } from './support/api-helpers.js';
import { openShop, type TestShop } from './support/shop.js';
import { engines } from './support/stores.js';

describe.each(engines)('catalog API on %s', (engine) => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await openShop(engine);
  });
  afterAll(() => shop.close());

  it('creates a channel with PUT, updates it with the same PUT, and lists it once', async () => {
    const created = body<Channel>(
      await shop.admin('PUT', '/v1/channels/uk', { name: 'UK shop', currency: 'GBP' }),
      200,
    );
    expect(created).toMatchObject({ code: 'uk', name: 'UK shop', currency: 'GBP' });
    expect(Date.parse(created.created_at)).not.toBeNaN();

    const updated = body<Channel>(
      await shop.admin('PUT', '/v1/channels/uk', { name: 'United Kingdom', currency: 'GBP' }),
      200,
    );
    expect(updated).toMatchObject({ code: 'uk', name: 'United Kingdom', currency: 'GBP' });
    expect(updated.created_at).toBe(created.created_at);

    const list = body<{ data: Channel[] }>(await shop.admin('GET', '/v1/channels'), 200);
    expect(list.data.filter((channel) => channel.code === 'uk')).toHaveLength(1);
    expect(list.data.map((channel) => channel.code)).toEqual(
      expect.arrayContaining(['web', 'marketplace', 'uk']),
    );
  });

  it('keeps the currency of a channel that has prices, and lets one without prices change it', async () => {
    const locked = expectError(
      await shop.admin('PUT', '/v1/channels/web', { name: 'Web shop', currency: 'USD' }),
      409,
      'channel_currency_locked',
    );
    expect(locked.details).toMatchObject({ channel: 'web', currency: 'EUR' });
    const web = body<{ data: Channel[] }>(await shop.admin('GET', '/v1/channels'), 200).data.find(
      (channel) => channel.code === 'web',
    );
    expect(web?.currency).toBe('EUR');

    body(await shop.admin('PUT', '/v1/channels/popup', { name: 'Pop-up', currency: 'EUR' }), 200);
    const moved = body<Channel>(
      await shop.admin('PUT', '/v1/channels/popup', { name: 'Pop-up', currency: 'CHF' }),
      200,
    );
    expect(moved.currency).toBe('CHF');
  });

  it('refuses a channel with a currency that is not an ISO 4217 code', async () => {
    expectError(
      await shop.admin('PUT', '/v1/channels/bad', { name: 'Bad', currency: 'euro' }),
      400,
      'validation_failed',
    );
    const list = body<{ data: Channel[] }>(await shop.admin('GET', '/v1/channels'), 200);
    expect(list.data.map((channel) => channel.code)).not.toContain('bad');
  });

  it('creates a location shipping for channels, and refuses one naming an unknown channel', async () => {
    const created = body<Location>(
      await shop.admin('PUT', '/v1/locations/bordeaux', {
        name: 'Bordeaux',
        channels: ['web', 'marketplace'],
      }),
      200,
    );
    expect(created).toMatchObject({ code: 'bordeaux', name: 'Bordeaux' });
    expect([...created.channels].sort()).toEqual(['marketplace', 'web']);

    const narrowed = body<Location>(
      await shop.admin('PUT', '/v1/locations/bordeaux', { name: 'Bordeaux', channels: ['web'] }),
      200,
    );
    expect(narrowed.channels).toEqual(['web']);

    const refused = expectError(
      await shop.admin('PUT', '/v1/locations/nantes', { name: 'Nantes', channels: ['web', 'nowhere'] }),
      422,
      'unknown_channel',
    );
    expect(refused.details).toMatchObject({ channels: ['nowhere'] });
    const list = body<{ data: Location[] }>(await shop.admin('GET', '/v1/locations'), 200);
    expect(list.data.map((location) => location.code)).not.toContain('nantes');
    expect(list.data.find((location) => location.code === 'bordeaux')?.channels).toEqual(['web']);
    expect([...(list.data.find((location) => location.code === 'paris')?.channels ?? [])].sort()).toEqual([
      'marketplace',
      'web',
    ]);
  });

  it('creates a SKU with its prices per channel and reads it back', async () => {
    const put = body<Sku>(
      await shop.admin('PUT', '/v1/skus/BOWL-RED', {
        name: 'Red ceramic bowl',
        weight_g: 450,
        prices: { web: 1990, marketplace: 2190 },
      }),
      200,
    );
    expect(put).toMatchObject({
      sku: 'BOWL-RED',
      name: 'Red ceramic bowl',
      weight_g: 450,
      prices: { web: 1990, marketplace: 2190 },
    });
    const got = body<Sku>(await shop.storefront('GET', '/v1/skus/BOWL-RED'), 200);
    expect(got).toEqual(put);
  });

  it('keeps a SKU’s size and barcode for packing, and refuses half a size or a mistyped barcode', async () => {
    const packed = { name: 'Linen tote bag', weight_g: 900, prices: { web: 3900 } };
    const put = body<Sku>(
      await shop.admin('PUT', '/v1/skus/PACKED-1', {
        ...packed,
        length_mm: 220,
        width_mm: 160,
        height_mm: 140,
        gtin: '4006381333931',
      }),
      200,
    );
    expect(put).toMatchObject({ length_mm: 220, width_mm: 160, height_mm: 140, gtin: '4006381333931' });
    for (const bad of [
      { length_mm: 220, width_mm: 160 },
      { gtin: '4006381333932' },
      { gtin: '400638133393' },
      { length_mm: 0, width_mm: 160, height_mm: 140 },
    ]) {
      expectError(
        await shop.admin('PUT', '/v1/skus/PACKED-1', { ...packed, ...bad }),
        400,
        'validation_failed',
      );
    }
    expect(body<Sku>(await shop.admin('GET', '/v1/skus/PACKED-1'), 200)).toEqual(put);
    // A PUT replaces the SKU whole: without them, it has no size or barcode any more.
    expect(body<Sku>(await shop.admin('PUT', '/v1/skus/PACKED-1', packed), 200)).toMatchObject({
      length_mm: null,
      gtin: null,
    });
  });

  it('keeps a channel’s delivery promise, whether it ships by itself, and its split minimum', async () => {
    const terms = {
      name: 'Web shop',
      currency: 'EUR',
      delivery_days: 2,
      auto_ship: true,
      split_order_total_min: 5_000,
    };
    expect(body<Channel>(await shop.admin('PUT', '/v1/channels/web-eu', terms), 200)).toMatchObject({
      delivery_days: 2,
      auto_ship: true,
      split_order_total_min: 5_000,
    });
    expectError(
      await shop.admin('PUT', '/v1/channels/web-eu', { ...terms, delivery_days: 0 }),
      400,
      'validation_failed',
    );
    expect(
      body<Channel>(
        await shop.admin('PUT', '/v1/channels/web-eu', { name: 'Web shop', currency: 'EUR' }),
        200,
      ),
    ).toMatchObject({ delivery_days: null, auto_ship: false, split_order_total_min: 0 });
  });

  it('replaces a SKU whole on PUT: a channel left out of prices loses its price, weight is optional', async () => {
    body(
      await shop.admin('PUT', '/v1/skus/CUP-GREEN', {
        name: 'Green cup',
        weight_g: 200,
        prices: { web: 900, marketplace: 950 },
      }),
      200,
    );
    const replaced = body<Sku>(
      await shop.admin('PUT', '/v1/skus/CUP-GREEN', { name: 'Green cup, large', prices: { web: 990 } }),
      200,
    );
    expect(replaced).toMatchObject({
      sku: 'CUP-GREEN',
      name: 'Green cup, large',
      weight_g: null,
      prices: { web: 990 },
    });
    const got = body<Sku>(await shop.admin('GET', '/v1/skus/CUP-GREEN'), 200);
    expect(got.prices).toEqual({ web: 990 });
    expect(got.name).toBe('Green cup, large');
  });

  it('refuses prices on an unknown channel, negative or fractional prices, and changes nothing', async () => {
    const refused = expectError(
      await shop.admin('PUT', '/v1/skus/PLATE-1', { name: 'Plate', prices: { web: 500, moon: 600 } }),
      422,
      'unknown_channel',
    );
    expect(refused.details).toMatchObject({ channels: ['moon'] });
    expectError(await shop.admin('GET', '/v1/skus/PLATE-1'), 404, 'not_found');
    expectError(
      await shop.admin('PUT', '/v1/skus/PLATE-1', { name: 'Plate', prices: { web: -1 } }),
      400,
      'validation_failed',
    );
    expectError(
      await shop.admin('PUT', '/v1/skus/PLATE-1', { name: 'Plate', prices: { web: 4.99 } }),
      400,
      'validation_failed',
    );
    expectError(await shop.admin('GET', '/v1/skus/PLATE-1'), 404, 'not_found');
  });

  it('answers 404 not_found for an unknown SKU', async () => {
    const error = expectError(await shop.storefront('GET', '/v1/skus/NOPE-404'), 404, 'not_found');
    expect(error.details).toMatchObject({ sku: 'NOPE-404' });
  });

  it('lets a storefront read the catalog but not change it', async () => {
    body(await shop.storefront('GET', '/v1/skus'), 200);
    expectError(
      await shop.storefront('PUT', '/v1/skus/MUG-BLUE', { name: 'Hacked', prices: { web: 1 } }),
      403,
      'forbidden',
    );
    expectError(
      await shop.storefront('PUT', '/v1/channels/web', { name: 'Hacked', currency: 'EUR' }),
      403,
      'forbidden',
    );
    expectError(
      await shop.storefront('PUT', '/v1/locations/paris', { name: 'Hacked', channels: [] }),
      403,
      'forbidden',
    );
    expectError(
      await shop.storefront('PUT', '/v1/channels/web/buffers/MUG-BLUE', { quantity: 1 }),
      403,
      'forbidden',
    );
    expect(body<Sku>(await shop.admin('GET', '/v1/skus/MUG-BLUE'), 200).name).toBe('Blue enamel mug');
  });

  it('pages through every SKU with the cursor: none missed, none repeated, same order as one page', async () => {
    const created: string[] = [];
    for (let i = 0; i < 23; i++) {
      // Mixed case and separators, so the order is the server's, whatever its collation.
      const sku = `${i % 2 === 0 ? 'pg' : 'PG'}-${String(i).padStart(3, '0')}${i % 3 === 0 ? '_x' : ''}`;
      created.push(sku);
      body(
        await shop.admin('PUT', `/v1/skus/${sku}`, {
          name: `Pagination item ${i}`,
          prices: { web: 100 + i },
        }),
        200,
      );
    }
    const whole = body<Page<Sku>>(await shop.storefront('GET', '/v1/skus?limit=1000'), 200);
    expect(whole.next_cursor).toBeNull();
    expect(whole.data.map((sku) => sku.sku)).toEqual(
      expect.arrayContaining([...created, 'MUG-BLUE', 'TEE-M', 'LAST-ONE']),
    );

    for (const limit of [1, 4, 5, whole.data.length]) {
      const { items, pages } = await walk<Sku>(shop.storefront, '/v1/skus', limit);
      const codes = items.map((sku) => sku.sku);
      expect(new Set(codes).size, `limit ${limit}: duplicates`).toBe(codes.length);
      expect(codes, `limit ${limit}`).toEqual(whole.data.map((sku) => sku.sku));
      expect(pages).toBeGreaterThanOrEqual(Math.ceil(codes.length / limit));
    }

    const searched = await walk<Sku>(shop.storefront, '/v1/skus', 4, { q: 'pagination' });
    expect(searched.items.map((sku) => sku.sku).sort()).toEqual([...created].sort());
    expect(searched.items.find((sku) => sku.sku === created[7])?.prices).toEqual({ web: 107 });
  });

  it('searches SKUs by prefixes of the words of their code or name, every word required', async () => {
    body(
      await shop.admin('PUT', '/v1/skus/SRCH-TEAPOT-1', { name: 'Cast iron teapot', prices: { web: 4500 } }),
      200,
    );
    body(
      await shop.admin('PUT', '/v1/skus/SRCH-KETTLE-2', { name: 'Électrique kettle', prices: { web: 3900 } }),
      200,
    );
    const search = async (q: string): Promise<string[]> =>
      body<Page<Sku>>(await shop.storefront('GET', `/v1/skus?q=${encodeURIComponent(q)}&limit=1000`), 200)
        .data.map((sku) => sku.sku)
        .sort();

    expect(await search('teapot')).toEqual(['SRCH-TEAPOT-1']);
    expect(await search('tea')).toEqual(['SRCH-TEAPOT-1']);
    expect(await search('CAST IRON')).toEqual(['SRCH-TEAPOT-1']);
    expect(await search('iron cast')).toEqual(['SRCH-TEAPOT-1']);
    expect(await search('srch')).toEqual(['SRCH-KETTLE-2', 'SRCH-TEAPOT-1']);
    expect(await search('SRCH-TEAPOT-1')).toEqual(['SRCH-TEAPOT-1']);
    expect(await search('srch-kett')).toEqual(['SRCH-KETTLE-2']);
    expect(await search('électrique')).toEqual(['SRCH-KETTLE-2']);
    expect(await search('eapot')).toEqual([]);
    expect(await search('teapot kettle')).toEqual([]);
    expect(await search('zzzz')).toEqual([]);
    expect(await search('blue')).toEqual(['MUG-BLUE']);
    expect(await search('mug-bl')).toEqual(['MUG-BLUE']);
    expect(await search('vintage lamp')).toEqual(['LAST-ONE']);
  });

  it('finds a SKU under its new name only, after a PUT renames it', async () => {
    body(await shop.admin('PUT', '/v1/skus/RENAME-1', { name: 'Wooden spoon', prices: { web: 300 } }), 200);
    body(await shop.admin('PUT', '/v1/skus/RENAME-1', { name: 'Bamboo ladle', prices: { web: 300 } }), 200);
    const found = (q: string) => shop.storefront('GET', `/v1/skus?q=${q}`);
    expect(body<Page<Sku>>(await found('bamboo'), 200).data.map((sku) => sku.sku)).toEqual(['RENAME-1']);
    expect(body<Page<Sku>>(await found('wooden'), 200).data).toEqual([]);
  });

  it('refuses a page size out of bounds', async () => {
    expectError(await shop.storefront('GET', '/v1/skus?limit=0'), 400, 'validation_failed');
    expectError(await shop.storefront('GET', '/v1/skus?limit=1001'), 400, 'validation_failed');
  });

  it('sets a channel buffer, and answers 404 for an unknown channel or SKU', async () => {
    const set = body(await shop.admin('PUT', '/v1/channels/marketplace/buffers/TEE-M', { quantity: 1 }), 200);
    expect(set).toEqual({ channel: 'marketplace', sku: 'TEE-M', quantity: 1 });
    const reset = body(
      await shop.admin('PUT', '/v1/channels/marketplace/buffers/TEE-M', { quantity: 0 }),
      200,
    );
    expect(reset).toEqual({ channel: 'marketplace', sku: 'TEE-M', quantity: 0 });
    expectError(
      await shop.admin('PUT', '/v1/channels/nowhere/buffers/TEE-M', { quantity: 1 }),
      404,
      'not_found',
    );
    expectError(await shop.admin('PUT', '/v1/channels/web/buffers/NOPE', { quantity: 1 }), 404, 'not_found');
    expectError(
      await shop.admin('PUT', '/v1/channels/web/buffers/TEE-M', { quantity: -1 }),
      400,
      'validation_failed',
    );
  });

  it('lists a channel’s buffers SKU by SKU, a page at a time', async () => {
    body(await shop.admin('PUT', '/v1/channels/web/buffers/TEE-M', { quantity: 2 }), 200);
    body(await shop.admin('PUT', '/v1/channels/web/buffers/MUG-BLUE', { quantity: 3 }), 200);
    const first = body<Page<SkuBuffer>>(await shop.admin('GET', '/v1/channels/web/buffers?limit=1'), 200);
    expect(first.data).toEqual([{ sku: 'MUG-BLUE', quantity: 3, updated_at: expect.any(String) }]);
    const second = body<Page<SkuBuffer>>(
      await shop.admin('GET', `/v1/channels/web/buffers?limit=1&cursor=${first.next_cursor}`),
      200,
    );
    expect(second).toEqual({
      data: [{ sku: 'TEE-M', quantity: 2, updated_at: expect.any(String) }],
      next_cursor: null,
    });
    expectError(await shop.admin('GET', '/v1/channels/nowhere/buffers'), 404, 'not_found');
    expectError(await shop.storefront('GET', '/v1/channels/web/buffers'), 403, 'forbidden');
  });
});
