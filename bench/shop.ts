/** The shop under load, set up through the API as a shop's back office would: one channel, two warehouses, SKUs, stock. */
import { type Caller, expectStatus, forEachLimit } from './api.js';
import type { BenchSettings } from './settings.js';

export const channel = 'web';
export const locations = ['paris', 'lyon'] as const;

/**
 * Where a SKU is stocked, as in a shop with a main warehouse and a store holding part of the range:
 * every SKU at paris, every fourth one at lyon too (so orders read and decide over both).
 */
export function stockedLocations(skuIndex: number): readonly string[] {
  return skuIndex % 4 === 0 ? locations : [locations[0]];
}

export interface BenchShop {
  /** The SKUs sustained orders are spread over, each stocked at every location. */
  readonly skus: readonly string[];
  /** The hot SKU of the flash sale, with `flashSaleUnits` in one warehouse. */
  readonly flashSku: string;
  readonly storefrontKey: string;
}

export const skuCode = (index: number): string => `BENCH-${String(index + 1).padStart(5, '0')}`;
export const skuIndex = (sku: string): number => Number(sku.slice('BENCH-'.length)) - 1;

/** Sets the shop up through the first server; SKUs and stock go through all of them, spread evenly. */
export async function setUpShop(admins: readonly Caller[], settings: BenchSettings): Promise<BenchShop> {
  const admin = admins[0]!;
  await expectStatus(
    admin('PUT', `/v1/channels/${channel}`, { name: 'Web shop', currency: 'EUR' }),
    200,
    'channel',
  );
  for (const location of locations) {
    await expectStatus(
      admin('PUT', `/v1/locations/${location}`, { name: `${location} warehouse`, channels: [channel] }),
      200,
      `location ${location}`,
    );
  }
  const skus = Array.from({ length: settings.skuCount }, (_, index) => skuCode(index));
  await forEachLimit(skus, settings.setupConcurrency, async (sku) => {
    const index = skuIndex(sku);
    const admin = admins[index % admins.length]!;
    const unitPriceMinor = 500 + ((index * 137) % 9_500);
    await expectStatus(
      admin('PUT', `/v1/skus/${sku}`, { name: `Bench item ${sku}`, prices: { [channel]: unitPriceMinor } }),
      200,
      `sku ${sku}`,
    );
    for (const location of stockedLocations(index)) {
      await expectStatus(
        admin('POST', '/v1/stock/receipts', { sku, location, quantity: settings.stockPerLocation }),
        201,
        `stock of ${sku} at ${location}`,
      );
    }
  });
  const flashSku = 'FLASH-00001';
  await expectStatus(
    admin('PUT', `/v1/skus/${flashSku}`, { name: 'Flash sale sneaker', prices: { [channel]: 4_990 } }),
    200,
    'flash sku',
  );
  await expectStatus(
    admin('POST', '/v1/stock/receipts', {
      sku: flashSku,
      location: locations[0],
      quantity: settings.flashSaleUnits,
    }),
    201,
    'flash stock',
  );
  const created = await expectStatus<{ key: string }>(
    admin('POST', '/v1/api-keys', { name: 'bench storefront', scopes: ['storefront'] }),
    201,
    'storefront key',
  );
  return { skus, flashSku, storefrontKey: created.key };
}
