/** The warehouse's set-up over HTTP on both stores: packaging, and each location's zones. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocationZones, Packaging } from '../src/fulfilment/warehouse/contract.js';
import { body, expectError } from './support/api-helpers.js';
import { openShop, type TestShop } from './support/shop.js';
import { engines } from './support/stores.js';

const boxM = {
  name: 'Box M',
  inner_length_mm: 300,
  inner_width_mm: 200,
  inner_height_mm: 150,
  max_weight_g: 10_000,
  own_weight_g: 180,
  cost: 45,
  currency: 'EUR',
};

describe.each(engines)('the warehouse set-up on %s', (engine) => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await openShop(engine);
  });
  afterAll(() => shop.close());

  it('keeps the packaging a shop packs in, replaces it on PUT, and retires it', async () => {
    const created = body<Packaging>(await shop.admin('PUT', '/v1/packagings/BOX-M', boxM), 200);
    expect(created).toMatchObject({ code: 'BOX-M', inner_length_mm: 300, cost: 45, currency: 'EUR' });
    const cheaper = body<Packaging>(
      await shop.admin('PUT', '/v1/packagings/BOX-M', { ...boxM, cost: 40 }),
      200,
    );
    expect(cheaper).toMatchObject({ cost: 40, created_at: created.created_at });
    body(
      await shop.admin('PUT', '/v1/packagings/ENV-S', {
        ...boxM,
        name: 'Padded envelope',
        inner_height_mm: 30,
      }),
      200,
    );
    const listed = body<{ data: Packaging[] }>(await shop.admin('GET', '/v1/packagings'), 200).data;
    expect(listed.map((packaging) => packaging.code)).toEqual(['BOX-M', 'ENV-S']);
    expect((await shop.admin('DELETE', '/v1/packagings/ENV-S')).statusCode).toBe(204);
    expectError(await shop.admin('DELETE', '/v1/packagings/ENV-S'), 404, 'not_found');
    expect(body<{ data: Packaging[] }>(await shop.admin('GET', '/v1/packagings'), 200).data).toHaveLength(1);
  });

  it('refuses a packaging that cannot hold its own weight, a size of 0 or a storefront key, and changes nothing', async () => {
    expectError(
      await shop.admin('PUT', '/v1/packagings/BOX-M', { ...boxM, own_weight_g: 10_000 }),
      400,
      'validation_failed',
    );
    expectError(
      await shop.admin('PUT', '/v1/packagings/BOX-M', { ...boxM, inner_width_mm: 0 }),
      400,
      'validation_failed',
    );
    expectError(
      await shop.admin('PUT', '/v1/packagings/BOX-M', { ...boxM, cost: 1.5 }),
      400,
      'validation_failed',
    );
    expectError(await shop.storefront('PUT', '/v1/packagings/BOX-M', boxM), 403, 'forbidden');
    const [box] = body<{ data: Packaging[] }>(await shop.admin('GET', '/v1/packagings'), 200).data;
    expect(box).toMatchObject({ own_weight_g: 180, inner_width_mm: 200, cost: 40 });
  });

  it("replaces a location's zones whole, and refuses a repeated rule or an unknown location", async () => {
    const zones = [
      { country: 'FR', postal_prefix: '', rank: 2 },
      { country: 'FR', postal_prefix: '75', rank: 1 },
      { country: 'BE', postal_prefix: '', rank: 3 },
    ];
    expect(body<LocationZones>(await shop.admin('PUT', '/v1/locations/paris/zones', { zones }), 200)).toEqual(
      {
        location: 'paris',
        zones,
      },
    );
    body(await shop.admin('PUT', '/v1/locations/paris/zones', { zones: zones.slice(0, 2) }), 200);
    expectError(
      await shop.admin('PUT', '/v1/locations/paris/zones', { zones: [...zones, zones[0]] }),
      400,
      'validation_failed',
    );
    expectError(await shop.admin('PUT', '/v1/locations/nowhere/zones', { zones }), 422, 'unknown_location');
    expectError(
      await shop.admin('PUT', '/v1/locations/paris/zones', {
        zones: [{ country: 'France', postal_prefix: '', rank: 1 }],
      }),
      400,
      'validation_failed',
    );
    expect(body<LocationZones>(await shop.admin('GET', '/v1/locations/paris/zones'), 200).zones).toEqual([
      { country: 'FR', postal_prefix: '', rank: 2 },
      { country: 'FR', postal_prefix: '75', rank: 1 },
    ]);
    expectError(await shop.admin('GET', '/v1/locations/nowhere/zones'), 404, 'not_found');
  });
});
