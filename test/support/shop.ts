/** A small shop behind an in-process API, for the HTTP tests: two channels, two locations, a few SKUs. */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { AdmissionSettings, IntakeOptions } from '../../src/intake/index.js';
import { createApiKey } from '../../src/platform/api-keys/api-keys.js';
import { type AppContext, type Clock, createContext } from '../../src/platform/context.js';
import { createServer } from '../../src/server/index.js';
import { type EngineName, openTestStore, type TestStore } from './stores.js';

export interface TestShop {
  readonly app: FastifyInstance;
  readonly ctx: AppContext;
  readonly testStore: TestStore;
  readonly adminKey: string;
  readonly storefrontKey: string;
  /** `app.inject` as the admin, JSON in and out. */
  admin(
    method: InjectOptions['method'],
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  /** `app.inject` as the storefront. */
  storefront(
    method: InjectOptions['method'],
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** A clock tests can move; starts at the real time. */
export function manualClock(
  startMs = Date.now(),
): Clock & { advance(ms: number): void; set(atMs: number): void } {
  let now = startMs;
  return {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    set: (atMs) => {
      now = atMs;
    },
  };
}

export const address = {
  name: 'Camille Martin',
  line1: '12 rue de la Paix',
  city: 'Paris',
  postal_code: '75002',
  country: 'FR',
};

export function orderBody(lines: { sku: string; quantity: number }[], extra: Record<string, unknown> = {}) {
  return {
    channel: 'web',
    customer: { email: 'camille@example.fr', name: 'Camille' },
    shipping_address: address,
    lines,
    ...extra,
  };
}

/**
 * Channels `web` (locations paris and lyon) and `marketplace` (paris only), both EUR. SKUs MUG-BLUE
 * (paris 10, lyon 5), TEE-M (paris 3) and LAST-ONE (lyon 1), priced on both channels.
 */
export async function openShop(
  engine: EngineName,
  options: { clock?: Clock; intake?: IntakeOptions; admission?: AdmissionSettings } = {},
): Promise<TestShop> {
  const testStore = await openTestStore(engine);
  const ctx = createContext(testStore.store, options.clock);
  const app = await createServer(ctx, {
    intake: options.intake,
    admission: options.admission,
    logger: process.env.DEBUG_LOG ? { level: 'error' } : false,
  });
  const admin = await createApiKey(ctx, { name: 'test admin', scopes: ['admin'] });
  const storefront = await createApiKey(ctx, { name: 'test storefront', scopes: ['storefront'] });
  if (!admin.ok || !storefront.ok) throw new Error('could not create test keys');
  const as =
    (key: string) =>
    (method: InjectOptions['method'], url: string, body?: unknown, headers: Record<string, string> = {}) =>
      app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${key}`, ...headers },
        ...(body === undefined ? {} : { payload: body as object }),
      });
  const shop: TestShop = {
    app,
    ctx,
    testStore,
    adminKey: admin.value.key,
    storefrontKey: storefront.value.key,
    admin: as(admin.value.key),
    storefront: as(storefront.value.key),
    async close() {
      await app.close();
      await testStore.dispose();
    },
  };
  const setup: [string, string, unknown][] = [
    ['PUT', '/v1/channels/web', { name: 'Web shop', currency: 'EUR' }],
    ['PUT', '/v1/channels/marketplace', { name: 'Marketplace', currency: 'EUR' }],
    ['PUT', '/v1/locations/paris', { name: 'Paris warehouse', channels: ['web', 'marketplace'] }],
    ['PUT', '/v1/locations/lyon', { name: 'Lyon store', channels: ['web'] }],
    [
      'PUT',
      '/v1/skus/MUG-BLUE',
      { name: 'Blue enamel mug', weight_g: 320, prices: { web: 1290, marketplace: 1390 } },
    ],
    [
      'PUT',
      '/v1/skus/TEE-M',
      { name: 'Organic tee, size M', weight_g: 180, prices: { web: 2500, marketplace: 2600 } },
    ],
    [
      'PUT',
      '/v1/skus/LAST-ONE',
      { name: 'Vintage lamp', weight_g: 2400, prices: { web: 8900, marketplace: 9900 } },
    ],
    ['POST', '/v1/stock/receipts', { sku: 'MUG-BLUE', location: 'paris', quantity: 10 }],
    ['POST', '/v1/stock/receipts', { sku: 'MUG-BLUE', location: 'lyon', quantity: 5 }],
    ['POST', '/v1/stock/receipts', { sku: 'TEE-M', location: 'paris', quantity: 3 }],
    ['POST', '/v1/stock/receipts', { sku: 'LAST-ONE', location: 'lyon', quantity: 1 }],
  ];
  for (const [method, url, body] of setup) {
    const response = await shop.admin(method as InjectOptions['method'], url, body);
    if (response.statusCode >= 300)
      throw new Error(`setup ${method} ${url}: ${response.statusCode} ${response.body}`);
  }
  return shop;
}
