/**
 * The shop the fuzzer attacks: the demo shop, small (channels, locations with zones, packaging,
 * carriers, SKUs with stock, an order history, promo codes, segments, a selection, campaigns, the
 * advent calendar, purchase orders, the default alert rules), and through the API what it lacks (a
 * hold, orders paid, shipped and returned, a sale, webhooks, an incident, a payment provider, an
 * order source, a feed, an import, a spare API key), so that path parameters name real things, not
 * only unknown ones.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { seedDemo } from '../../../src/demo/seed.js';
import { ensureDefaultAlertRules } from '../../../src/ops/index.js';
import { createApiKey } from '../../../src/platform/api-keys/api-keys.js';
import { createContext } from '../../../src/platform/context.js';
import { createServer } from '../../../src/server/index.js';
import { address } from '../shop.js';
import { openTestStore, type TestStore } from '../stores.js';
import type { Operation } from './document.js';

export interface FuzzShop {
  readonly app: FastifyInstance;
  readonly testStore: TestStore;
  readonly adminKey: string;
  readonly storefrontKey: string;
  /** Existing values of each path parameter, by `resource:name` (`orders:id`) or `*:name`. */
  readonly known: ReadonlyMap<string, readonly string[]>;
  close(): Promise<void>;
}

const sku = 'FUZZ-MUG';

export async function openFuzzShop(): Promise<FuzzShop> {
  const testStore = await openTestStore('sqlite');
  const ctx = createContext(testStore.store);
  await seedDemo(ctx, { skuCount: 60, historyDays: 2, ordersPerMonth: 600, seed: 16 });
  // The alert rules a shop starts with, as `affluence serve` writes them (checkout-slow among them).
  await ensureDefaultAlertRules(ctx);
  const app = await createServer(ctx, { logger: process.env.DEBUG_LOG ? { level: 'error' } : false });
  const admin = await createApiKey(ctx, { name: 'fuzz admin', scopes: ['admin'] });
  const storefront = await createApiKey(ctx, { name: 'fuzz storefront', scopes: ['storefront'] });
  if (!admin.ok || !storefront.ok) throw new Error('could not create the fuzzer’s keys');
  const sourceDir = mkdtempSync(join(tmpdir(), 'affluence-fuzz-source-'));

  let requests = 0;
  /** A set-up request that must succeed; its answer's JSON. */
  const call = async (
    method: InjectOptions['method'],
    url: string,
    payload?: unknown,
    options: { as?: 'admin' | 'storefront'; headers?: Record<string, string> } = {},
  ): Promise<any> => {
    const key = options.as === 'storefront' ? storefront.value.key : admin.value.key;
    const response: LightMyRequestResponse = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${key}`, ...options.headers },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    if (response.statusCode >= 300)
      throw new Error(`set-up ${method} ${url}: ${response.statusCode} ${response.body}`);
    return response.statusCode === 204 ? undefined : response.json();
  };
  const idempotent = () => ({ headers: { 'idempotency-key': `fuzz-setup-${++requests}` } });
  const order = async () =>
    call(
      'POST',
      '/v1/orders',
      {
        channel: 'web',
        customer: { email: 'camille@example.fr', name: 'Camille' },
        shipping_address: address,
        lines: [{ sku, quantity: 1 }],
      },
      { as: 'storefront', ...idempotent() },
    );
  const pay = async (placed: { id: string; total: number }) =>
    call(
      'POST',
      `/v1/orders/${placed.id}/payments`,
      { kind: 'capture', amount: placed.total, psp: 'stripe', psp_reference: `pi_${placed.id}` },
      { as: 'storefront' },
    );

  await call('PUT', `/v1/skus/${sku}`, {
    name: 'Fuzz mug',
    weight_g: 320,
    length_mm: 120,
    width_mm: 100,
    height_mm: 100,
    prices: { web: 1290, marketplace: 1390 },
  });
  await call('POST', '/v1/stock/receipts', { sku, location: 'paris', quantity: 100 });
  await call('POST', '/v1/stock/receipts', { sku, location: 'lyon', quantity: 20 });
  const hold = await call(
    'POST',
    '/v1/holds',
    { channel: 'web', lines: [{ sku, quantity: 1 }], ttl_s: 7200 },
    { as: 'storefront' },
  );
  const placed = await order();
  const paid = await order();
  await pay(paid);
  const shipped = await order();
  await pay(shipped);
  const [shipment] = await call('POST', `/v1/orders/${shipped.id}/shipments`);
  const packing = await call('POST', '/v1/packing/sessions', {
    location: shipment.location,
    order_code: shipped.number,
  });
  const delivered = await order();
  await pay(delivered);
  for (const to of ['fulfilling', 'shipped', 'delivered'])
    await call('POST', `/v1/orders/${delivered.id}/transitions`, { to });
  await call('PUT', '/v1/return-policies/web', {
    window_days: 30,
    refund_shipping: { whole_order: true, shop_fault: true },
    location: 'paris',
  });
  const returned = await call(
    'POST',
    `/v1/orders/${delivered.id}/returns`,
    { lines: [{ sku, quantity: 1, reason: 'changed_mind' }] },
    { as: 'storefront', ...idempotent() },
  );
  const day = 24 * 60 * 60 * 1000;
  const minute = (at: number) => new Date(at).toISOString().slice(0, 16);
  const sale = await call('POST', '/v1/sales', {
    name: 'Fuzz week',
    kind: 'promotion',
    channels: ['web'],
    starts_at: minute(Date.now() + 40 * day),
    ends_at: minute(Date.now() + 45 * day),
    items: [{ sku, price: 990 }],
  });
  await call('POST', '/v1/promo-codes', {
    code: 'FUZZ10',
    kind: 'percent',
    value: 10,
    channels: ['web'],
    stacks_with_sales: false,
  });
  const webhook = await call('POST', '/v1/webhooks', {
    url: 'http://127.0.0.1:9/hooks',
    event_types: ['order.placed'],
  });
  const alertWebhook = await call('POST', '/v1/alert-webhooks', {
    name: 'Ops channel',
    url: 'http://127.0.0.1:9/alerts',
    format: 'json',
  });
  const incident = await call('POST', '/v1/incidents', { title: 'Fuzz incident', severity: 'sev3' });
  await call('POST', '/v1/contacts', { channel: 'chat', order_id: placed.id }, idempotent());
  await call('PUT', '/v1/payments/providers/stripe', {
    scheme: 'stripe',
    secret: 'whsec_fuzz_secret_0123456789',
  });
  await call('PUT', '/v1/order-sources/drop', { kind: 'folder', channel: 'marketplace', dir: sourceDir });
  await call('PUT', '/v1/channels/marketplace/feed', { url: 'http://127.0.0.1:9/feed' });
  await call('PUT', '/v1/events/cursors/relay', { position: 1 });
  const spareKey = await call('POST', '/v1/api-keys', { name: 'spare', scopes: ['storefront'] });
  const imported = await call('POST', '/v1/imports', {
    kind: 'stock',
    content: `sku,location,quantity\n${sku},paris,100\n`,
    dry_run: true,
  });
  // The import runs in the background: the fuzz starts once it has written its last word.
  for (let attempt = 0; ; attempt++) {
    const job = await call('GET', `/v1/imports/${imported.id}`);
    if (!['queued', 'running'].includes(job.status)) break;
    if (attempt > 500) throw new Error(`the set-up import did not finish: ${JSON.stringify(job)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }

  const window = `from=${new Date(Date.now() - 100 * day).toISOString()}&to=${new Date(Date.now() + 100 * day).toISOString()}`;
  const campaigns = (await call('GET', `/v1/campaigns?${window}`)).data;
  const campaign = await call('GET', `/v1/campaigns/${campaigns[0].id}`);
  const advent = (await call('GET', '/v1/advent')).data[0];
  const purchaseOrders = (await call('GET', '/v1/purchase-orders')).data;
  const backorderTerms = (await call('GET', '/v1/backorder-terms')).data;
  const year = new Date().getUTCFullYear();

  const known = new Map<string, string[]>([
    ['*:sku', [sku]],
    ['*:channel', ['web', 'marketplace']],
    ['*:location', ['paris', 'lyon']],
    ['*:segment', ['new', 'returning']],
    ['*:customer', ['camille@example.fr']],
    ['*:order_id', [placed.id, shipped.id]],
    ['*:baseline_box', ['BOX-M']],
    ['channels:code', ['web', 'marketplace']],
    ['switches:code', ['web']],
    ['locations:code', ['paris', 'lyon']],
    ['promo-codes:code', ['FUZZ10', 'PEAK10']],
    ['sales:id', [sale.id]],
    ['soldes:year', [String(year)]],
    ['soldes:season', ['winter', 'summer']],
    ['holds:id', [hold.id]],
    ['purchase-orders:id', purchaseOrders.map((each: { id: string }) => each.id)],
    ['backorder-terms:sku', [backorderTerms[0].sku]],
    ['backorder-terms:channel', [backorderTerms[0].channel]],
    ['orders:id', [placed.id, paid.id, shipped.id, delivered.id]],
    ['payments:psp', ['stripe']],
    ['returns:id', [returned.id]],
    ['return-policies:channel', ['web']],
    ['packagings:code', ['ENV', 'BOX-M']],
    ['shipments:id', [shipment.id]],
    ['packing:id', [packing.id]],
    ['webhooks:id', [webhook.id]],
    ['order-sources:name', ['drop']],
    ['imports:id', [imported.id]],
    ['api-keys:id', [spareKey.id]],
    ['alert-rules:id', ['checkout-slow']],
    ['alert-webhooks:id', [alertWebhook.id]],
    ['incidents:id', [incident.id]],
    ['events:name', ['relay']],
    ['segments:code', ['new', 'returning']],
    ['customers:email', ['camille@example.fr']],
    ['selections:code', ['peak-picks']],
    ['campaigns:id', campaigns.map((each: { id: string }) => each.id)],
    ['campaigns:itemId', campaign.items.map((each: { id: string }) => each.id)],
    ['advent:season', [advent.season]],
    ['advent:day', [advent.first_day]],
  ]);
  return {
    app,
    testStore,
    adminKey: admin.value.key,
    storefrontKey: storefront.value.key,
    known,
    async close() {
      await app.close();
      await testStore.dispose();
      rmSync(sourceDir, { recursive: true, force: true });
    },
  };
}

/**
 * The shop's known values and, for every list that pages with a `cursor`, a real cursor it gave out
 * (its first page of one): garbled by the fuzzer, those reach the code that reads them back.
 */
export async function withCursors(
  shop: FuzzShop,
  operations: readonly Operation[],
): Promise<ReadonlyMap<string, readonly string[]>> {
  const known = new Map(shop.known);
  for (const operation of operations) {
    if (operation.method !== 'GET' || !operation.queryParams.some((parameter) => parameter.name === 'cursor'))
      continue;
    const resource = operation.path.split('/')[2];
    const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
      const values = shop.known.get(`${resource}:${name}`) ?? shop.known.get(`*:${name}`) ?? ['x1'];
      return encodeURIComponent(values[0]!);
    });
    const response = await shop.app.inject({
      method: 'GET',
      url: `${path}?limit=1`,
      headers: { authorization: `Bearer ${shop.adminKey}` },
    });
    const cursor =
      response.statusCode === 200 ? (response.json() as { next_cursor?: unknown }).next_cursor : null;
    if (typeof cursor === 'string') known.set(`${operation.name}:cursor`, [cursor]);
    else if (typeof cursor === 'number') known.set(`${operation.name}:cursor`, [String(cursor)]);
  }
  return known;
}
