/**
 * Every admin action in the audit log (issue 16): a walk over every admin route that changes
 * something, each called once with a request that succeeds, each leaving exactly one entry that names
 * the action, its path and the admin key; the walk's table checked against the OpenAPI document, so a
 * new admin operation cannot land without its line here; refusals leave nothing; and no entry carries
 * a secret or a customer's personal data.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportJob } from '../src/channels/imports/contract.js';
import { importHistory } from '../src/channels/index.js';
import type { Order } from '../src/orders/contract.js';
import type { AuditEntry } from '../src/platform/audit/contract.js';
import { createContext } from '../src/platform/context.js';
import type { Page } from '../src/platform/http/schemas.js';
import { createServer } from '../src/server/index.js';
import { body, expectError, placed } from './support/api-helpers.js';
import { boxM, envelope, sampleCarrierFiles } from './support/fulfilment.js';
import { syntheticHistory } from './support/planner-history.js';
import { manualClock, openShop, type TestShop } from './support/shop.js';

const hourMs = 60 * 60 * 1000;
const dayMs = 24 * hourMs;
const iso = (epochMs: number) => new Date(epochMs).toISOString();
/** Monday 5 October 2026, 10:00 in Paris: the sales, campaigns and advent doors below are ahead of it. */
const startMs = Date.parse('2026-10-05T08:00:00.000Z');

/** The secrets handed to the API during the walk: none may reach the audit log. */
const secrets = {
  webhook: `whsec_${Buffer.from('audit walk webhook secret').toString('base64')}`,
  webhookRotated: `whsec_${Buffer.from('audit walk webhook secret, rotated').toString('base64')}`,
  feed: `whsec_${Buffer.from('audit walk marketplace feed secret').toString('base64')}`,
  paymentProvider: `whsec_${Buffer.from('audit walk stripe secret').toString('base64')}`,
};
/** The customers of the walk's orders: their emails must not reach the audit log either. */
const customers = {
  shipped: 'lea.audit-shipped@example.fr',
  returned: 'hugo.audit-returned@example.fr',
  pulled: 'ana.audit-pulled@example.fr',
  erased: 'zoe.audit-erased@example.fr',
};

/** A book that fits the envelope, sold on the web and the marketplace. */
const book = {
  name: 'Audit paperback',
  weight_g: 450,
  length_mm: 240,
  width_mm: 170,
  height_mm: 30,
  gtin: '9782070368228',
  prices: { web: 1_200, marketplace: 1_300 },
};

/** A request as the walk sends it; `drill` is the server started with fault injection allowed. */
interface Call {
  readonly url: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly as?: 'drill';
}

/** One admin operation of the walk. */
interface Step {
  /** Set-up that is not the action under test (a storefront order, a file dropped), run before it. */
  readonly before?: () => Promise<void>;
  readonly call: () => Call;
  /** Reads from the answer what later steps need. */
  readonly keep?: (answer: any) => void;
  /** Waits for what the action left running (an import job), so that all it writes is counted. */
  readonly settle?: (answer: any) => Promise<void>;
  /** A route flagged `ownAuditEntry`: its use case writes this entry rather than the generic one. */
  readonly own?: { readonly action: string; readonly target: () => string };
}

/**
 * Imports leave two entries, by design: the request that started the job (as every admin action),
 * and, once the job has written its rows, the job's own entry with what it wrote. A dry run or a
 * refused file writes no rows, and has the first alone.
 */
const jobEntries: Record<string, { action: string; target: (answer: any) => string }> = {
  'POST /v1/imports': { action: 'import.stock', target: (job) => job.id },
  'POST /v1/imports/file': { action: 'import.catalog', target: (job) => job.id },
};

describe('every admin action in the audit log', () => {
  const clock = manualClock(startMs);
  let shop: TestShop;
  /** A second server on the same store, allowed to inject faults: `PUT /v1/ops/faults` answers 403 elsewhere. */
  let drill: FastifyInstance;
  let adminKeyId: string;
  const scratch = mkdtempSync(join(tmpdir(), 'affluence-audit-'));
  const dropDir = join(scratch, 'drop');
  /** Ids the walk's answers gave, for the steps after. */
  const ids = new Map<string, string>();
  const id = (name: string): string => {
    const found = ids.get(name);
    if (found === undefined) throw new Error(`no ${name} yet: a step before did not keep it`);
    return found;
  };
  /** Secrets the answers showed once (a webhook's, a feed's, the new API key). */
  const shownSecrets: string[] = [];
  /** Each admin operation that changes something, as the OpenAPI document lists it, with its operationId. */
  const documented = new Map<string, string>();

  beforeAll(async () => {
    shop = await openShop('sqlite', { clock });
    drill = await createServer(createContext(shop.testStore.store, clock), { faultInjection: true });
    const keys = body<{ data: { id: string; name: string }[] }>(await shop.admin('GET', '/v1/api-keys'), 200);
    adminKeyId = keys.data.find((key) => key.name === 'test admin')!.id;
    mkdirSync(dropDir);
    writeFileSync(join(scratch, 'history.csv'), syntheticHistory());
    const document = body<{
      paths: Record<string, Record<string, { operationId: string; 'x-scope'?: string }>>;
    }>(await shop.admin('GET', '/docs/json'), 200);
    for (const [path, operations] of Object.entries(document.paths))
      for (const [method, operation] of Object.entries(operations))
        if (method !== 'get' && method !== 'head' && operation['x-scope'] === 'admin')
          documented.set(`${method.toUpperCase()} ${path}`, operation.operationId);
  });
  afterAll(async () => {
    await drill?.close();
    await shop?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  const send = (method: string, call: Call): Promise<LightMyRequestResponse> => {
    if (call.as !== 'drill')
      return shop.admin(method as InjectOptions['method'], call.url, call.body, call.headers);
    return drill.inject({
      method: method as InjectOptions['method'],
      url: call.url,
      headers: { authorization: `Bearer ${shop.adminKey}`, ...call.headers },
      ...(call.body === undefined ? {} : { payload: call.body as object }),
    });
  };
  const auditPage = async (query: string) =>
    body<Page<AuditEntry>>(await shop.admin('GET', `/v1/audit-log?${query}`), 200);
  /** The id of the newest entry, 0 when the log is empty. */
  const newestEntry = async () => (await auditPage('limit=1')).data[0]?.id ?? 0;
  /** The entries written after `afterId`, newest first. */
  const entriesAfter = async (afterId: number): Promise<AuditEntry[]> => {
    const found: AuditEntry[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<AuditEntry> = await auditPage(
        `limit=100${cursor === null ? '' : `&cursor=${cursor}`}`,
      );
      const newer = page.data.filter((entry) => entry.id > afterId);
      found.push(...newer);
      cursor = newer.length === page.data.length ? page.next_cursor : null;
    } while (cursor !== null);
    return found;
  };
  const wholeLog = () => entriesAfter(0);

  /** An order placed on the storefront and paid in full, as a customer would. */
  const paidOrder = async (email: string, lines = [{ sku: 'AUD-BOOK', quantity: 1 }]): Promise<Order> => {
    const order = await placed(shop.storefront, lines, { customer: { email, name: 'Audit customer' } });
    body(
      await shop.storefront('POST', `/v1/orders/${order.id}/payments`, {
        kind: 'capture',
        amount: order.total,
        psp: 'stripe',
        psp_reference: `pi_${order.id}`,
      }),
      201,
    );
    return order;
  };
  /** Set-up calls made as the admin: their own entries land before the step's count starts. */
  const must = async (method: InjectOptions['method'], url: string, payload?: unknown) => {
    const response = await shop.admin(method, url, payload);
    expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
    return response.json();
  };
  /** Follows an import job from its 202 to its end. */
  const importEnds = async (job: ImportJob) => {
    for (let polls = 0; job.status === 'running'; polls++) {
      expect(polls, `import ${job.id} does not end`).toBeLessThan(1_000);
      await sleep(10);
      job = body<ImportJob>(await shop.admin('GET', `/v1/imports/${job.id}`), 200);
    }
    expect(job.status, JSON.stringify(job.report)).toBe('done');
  };
  const campaignItem = (overrides: Record<string, unknown> = {}) => ({
    kind: 'banner',
    site: 'fr',
    channel: 'web',
    segment: 'vip',
    starts_at: iso(startMs + 10 * dayMs),
    ends_at: iso(startMs + 13 * dayMs),
    payload: { headline: 'Books for autumn' },
    ...overrides,
  });

  /**
   * One entry per admin operation that changes something, keyed as the OpenAPI document names it, in
   * an order where each finds what it needs made by those before it (a key twice would not compile).
   */
  const walk: Record<string, Step> = {
    // The catalogue: a channel for the planner's history, the warehouse with its address, a book.
    'PUT /v1/channels/{code}': {
      call: () => ({ url: '/v1/channels/uk', body: { name: 'UK shop', currency: 'GBP' } }),
    },
    'PUT /v1/locations/{code}': {
      call: () => ({
        url: '/v1/locations/paris',
        body: {
          name: 'Paris warehouse',
          channels: ['web', 'marketplace', 'uk'],
          address: { line1: '8 rue des Entrepôts', city: 'Saint-Ouen', postal_code: '93400', country: 'FR' },
        },
      }),
    },
    'PUT /v1/skus/{sku}': { call: () => ({ url: '/v1/skus/AUD-BOOK', body: book }) },
    'POST /v1/stock/receipts': {
      call: () => ({ url: '/v1/stock/receipts', body: { sku: 'AUD-BOOK', location: 'paris', quantity: 20 } }),
    },
    'POST /v1/stock/adjustments': {
      call: () => ({
        url: '/v1/stock/adjustments',
        body: { sku: 'AUD-BOOK', location: 'paris', delta: -1, reason: 'counted' },
      }),
    },
    'PUT /v1/channels/{code}/buffers/{sku}': {
      call: () => ({ url: '/v1/channels/marketplace/buffers/AUD-BOOK', body: { quantity: 1 } }),
    },
    'POST /v1/stock/shortfalls': {
      call: () => ({
        url: '/v1/stock/shortfalls',
        body: { sku: 'AUD-BOOK', location: 'paris', quantity: 1, reason: 'shelf collapsed' },
      }),
    },

    // Shipping: zones, carriers and packagings, so that a paid order can be shipped.
    'PUT /v1/locations/{code}/zones': {
      call: () => ({
        url: '/v1/locations/paris/zones',
        body: { zones: [{ country: 'FR', postal_prefix: '', rank: 1 }] },
      }),
    },
    'POST /v1/carriers/import': { call: () => ({ url: '/v1/carriers/import', body: sampleCarrierFiles() }) },
    'PUT /v1/packagings/{code}': { call: () => ({ url: '/v1/packagings/ENV', body: envelope }) },
    'DELETE /v1/packagings/{code}': {
      // A packaging of its own to remove, so that the book still has its envelope.
      before: () => must('PUT', '/v1/packagings/AUD-BOX', boxM),
      call: () => ({ url: '/v1/packagings/AUD-BOX' }),
    },

    // Pricing: payments, returns policy, promo codes, past prices, a sale, the soldes.
    'PUT /v1/payments/providers/{psp}': {
      call: () => ({
        url: '/v1/payments/providers/stripe',
        body: { scheme: 'stripe', secret: secrets.paymentProvider },
      }),
    },
    'PUT /v1/return-policies/{channel}': {
      call: () => ({
        url: '/v1/return-policies/web',
        body: {
          window_days: 14,
          refund_shipping: { whole_order: true, shop_fault: true },
          location: 'paris',
        },
      }),
    },
    'POST /v1/promo-codes': {
      call: () => ({
        url: '/v1/promo-codes',
        body: { code: 'AUDIT10', kind: 'amount', value: 100, channels: ['web'], stacks_with_sales: true },
      }),
    },
    'POST /v1/promo-codes/{code}/batch': {
      call: () => ({ url: '/v1/promo-codes/AUDIT10/batch', body: { count: 3 } }),
    },
    'POST /v1/promo-codes/{code}/disable': {
      call: () => ({ url: '/v1/promo-codes/AUDIT10/disable', body: { reason: 'shared on a coupon site' } }),
      own: { action: 'pricing.promo_code', target: () => 'AUDIT10' },
    },
    'POST /v1/promo-codes/{code}/enable': {
      call: () => ({ url: '/v1/promo-codes/AUDIT10/enable', body: { reason: 'the site took it down' } }),
      own: { action: 'pricing.promo_code', target: () => 'AUDIT10' },
    },
    'POST /v1/price-history/import': {
      call: () => ({
        url: '/v1/price-history/import',
        body: {
          rows: [
            { sku: 'LAST-ONE', channel: 'web', price: 7_900, effective_at: '2026-09-01T00:00:00+02:00' },
          ],
        },
      }),
    },
    'POST /v1/sales': {
      call: () => ({
        url: '/v1/sales',
        body: {
          name: 'Audit flash',
          kind: 'flash',
          channels: ['web'],
          starts_at: '2026-10-20T09:00',
          ends_at: '2026-10-21T00:00',
          items: [{ sku: 'TEE-M', price: 1_999 }],
        },
      }),
      keep: (sale) => ids.set('sale', sale.id),
    },
    'POST /v1/sales/{id}/end': {
      call: () => ({ url: `/v1/sales/${id('sale')}/end`, body: { reason: 'priced by mistake' } }),
      own: { action: 'sales.end', target: () => id('sale') },
    },
    'PUT /v1/soldes/periods/{year}/{season}': {
      call: () => ({
        url: '/v1/soldes/periods/2027/summer',
        body: {
          starts_at: '2027-06-30T08:00',
          ends_at: '2027-07-28T00:00',
          reason: 'arrêté moving the summer soldes by a week',
        },
      }),
      own: { action: 'soldes.period', target: () => '2027 summer' },
    },

    // Incoming stock and selling beyond it.
    'POST /v1/purchase-orders': {
      call: () => ({
        url: '/v1/purchase-orders',
        body: {
          supplier: 'Atelier Dupont',
          location: 'paris',
          expected_on: '2026-10-20',
          lines: [{ sku: 'AUD-BOOK', quantity: 10 }],
        },
      }),
      keep: (po) => ids.set('purchase order', po.id),
    },
    'PATCH /v1/purchase-orders/{id}': {
      call: () => ({
        url: `/v1/purchase-orders/${id('purchase order')}`,
        body: { expected_on: '2026-10-22' },
      }),
    },
    'PUT /v1/backorder-terms/{sku}/{channel}': {
      call: () => ({ url: '/v1/backorder-terms/AUD-BOOK/web', body: { mode: 'backorder', limit: 2 } }),
    },
    'DELETE /v1/backorder-terms/{sku}/{channel}': {
      call: () => ({ url: '/v1/backorder-terms/AUD-BOOK/web' }),
    },
    'POST /v1/purchase-orders/{id}/receipts': {
      call: () => ({
        url: `/v1/purchase-orders/${id('purchase order')}/receipts`,
        body: { delivery_note: 'BL-1', lines: [{ sku: 'AUD-BOOK', quantity: 4 }] },
      }),
    },
    'POST /v1/purchase-orders/{id}/close': {
      call: () => ({ url: `/v1/purchase-orders/${id('purchase order')}/close` }),
    },

    // An order paid on the storefront, shipped and packed by the back office.
    'POST /v1/orders/{id}/shipments': {
      before: async () => {
        const order = await paidOrder(customers.shipped);
        ids.set('shipped order', order.id).set('shipped order number', order.number);
      },
      call: () => ({ url: `/v1/orders/${id('shipped order')}/shipments` }),
      keep: (shipments) =>
        ids.set('shipment', shipments[0].id).set('shipment location', shipments[0].location),
    },
    'POST /v1/packing/sessions': {
      call: () => ({
        url: '/v1/packing/sessions',
        body: { location: id('shipment location'), order_code: id('shipped order number') },
      }),
      keep: (session) => ids.set('packing session', session.id),
    },
    'POST /v1/packing/sessions/{id}/scans': {
      call: () => ({ url: `/v1/packing/sessions/${id('packing session')}/scans`, body: { code: book.gtin } }),
    },
    'POST /v1/shipments/{id}/transitions': {
      call: () => ({
        url: `/v1/shipments/${id('shipment')}/transitions`,
        body: { to: 'packed', tracking_number: '6A12345678901' },
      }),
    },

    // An order the back office moves to delivered, returned and refunded.
    'POST /v1/orders/{id}/transitions': {
      before: async () => ids.set('returned order', (await paidOrder(customers.returned)).id) && undefined,
      call: () => ({ url: `/v1/orders/${id('returned order')}/transitions`, body: { to: 'fulfilling' } }),
    },
    'POST /v1/returns/{id}/receipts': {
      before: async () => {
        for (const to of ['shipped', 'delivered'])
          await must('POST', `/v1/orders/${id('returned order')}/transitions`, { to });
        const authorised = body<{ id: string }>(
          await shop.storefront('POST', `/v1/orders/${id('returned order')}/returns`, {
            lines: [{ sku: 'AUD-BOOK', quantity: 1, reason: 'changed_mind' }],
          }),
          201,
        );
        ids.set('return', authorised.id);
      },
      call: () => ({
        url: `/v1/returns/${id('return')}/receipts`,
        body: { location: 'paris', lines: [{ sku: 'AUD-BOOK', resellable: 1, damaged: 0 }] },
      }),
    },
    'POST /v1/returns/{id}/refund': { call: () => ({ url: `/v1/returns/${id('return')}/refund`, body: {} }) },

    // The channels: webhooks, the marketplace's availability feed, an order source, bulk imports.
    'POST /v1/webhooks': {
      call: () => ({
        url: '/v1/webhooks',
        body: { url: 'https://hooks.example.com/audit', event_types: ['order.*'], secret: secrets.webhook },
      }),
      keep: (webhook) => ids.set('webhook', webhook.id),
    },
    'PATCH /v1/webhooks/{id}': {
      call: () => ({ url: `/v1/webhooks/${id('webhook')}`, body: { secret: secrets.webhookRotated } }),
    },
    'POST /v1/webhooks/{id}/replay': {
      call: () => ({ url: `/v1/webhooks/${id('webhook')}/replay`, body: { from_event: 1 } }),
    },
    'DELETE /v1/webhooks/{id}': { call: () => ({ url: `/v1/webhooks/${id('webhook')}` }) },
    'PUT /v1/channels/{code}/feed': {
      call: () => ({
        url: '/v1/channels/marketplace/feed',
        body: { url: 'https://feeds.example.com/marketplace', secret: secrets.feed },
      }),
    },
    'POST /v1/channels/{code}/feed/resync': { call: () => ({ url: '/v1/channels/marketplace/feed/resync' }) },
    'POST /v1/channels/{code}/feed/pause': {
      call: () => ({ url: '/v1/channels/marketplace/feed/pause', body: { reason: 'the marketplace asked' } }),
      own: { action: 'channels.feed', target: () => 'marketplace' },
    },
    'POST /v1/channels/{code}/feed/resume': {
      call: () => ({ url: '/v1/channels/marketplace/feed/resume', body: { reason: 'hold lifted' } }),
      own: { action: 'channels.feed', target: () => 'marketplace' },
    },
    'DELETE /v1/channels/{code}/feed': { call: () => ({ url: '/v1/channels/marketplace/feed' }) },
    'PUT /v1/order-sources/{name}': {
      call: () => ({
        url: '/v1/order-sources/drop',
        body: { kind: 'folder', channel: 'marketplace', dir: dropDir },
      }),
    },
    'POST /v1/order-sources/{name}/run': {
      // A marketplace's file in the folder: the run places its order, the customer's address and all.
      before: async () =>
        writeFileSync(
          join(dropDir, 'orders.csv'),
          'external_id,email,name,address_line1,city,postal_code,country,sku,quantity\n' +
            `MP-1,${customers.pulled},Ana Martin,3 rue Neuve,Lyon,69001,FR,MUG-BLUE,1\n`,
        ),
      call: () => ({ url: '/v1/order-sources/drop/run' }),
      keep: (run) => expect(run).toMatchObject({ placed: 1, refused_total: 0 }),
    },
    'DELETE /v1/order-sources/{name}': { call: () => ({ url: '/v1/order-sources/drop' }) },
    'POST /v1/imports': {
      call: () => ({
        url: '/v1/imports',
        body: { kind: 'stock', content: 'sku,location,on_hand\nAUD-BOOK,lyon,2\n' },
      }),
      settle: importEnds,
    },
    'POST /v1/imports/file': {
      call: () => ({
        url: '/v1/imports/file?kind=catalog',
        body: 'sku,name,price:web\nAUD-MUG,Audit mug,1500\n',
        headers: { 'content-type': 'text/csv' },
      }),
      settle: importEnds,
    },
    'PUT /v1/events/cursors/{name}': {
      call: () => ({ url: '/v1/events/cursors/audit-relay', body: { position: 1 } }),
    },

    // Keys.
    'POST /v1/api-keys': {
      call: () => ({ url: '/v1/api-keys', body: { name: 'audit walk kiosk', scopes: ['storefront'] } }),
      keep: (created) => {
        ids.set('api key', created.id);
        shownSecrets.push(created.key);
      },
    },
    'DELETE /v1/api-keys/{id}': { call: () => ({ url: `/v1/api-keys/${id('api key')}` }) },

    // The operations room: alerts, incidents, contacts, a plan, and the contingency switches.
    'PUT /v1/alert-rules/{id}': {
      call: () => ({
        url: '/v1/alert-rules/audit-slow',
        body: {
          name: 'Checkout slow',
          severity: 'warning',
          enabled: true,
          condition: {
            kind: 'threshold',
            metric: 'latency_p99_ms',
            op: 'above',
            value: 500,
            resolve_value: 400,
            window_minutes: 5,
          },
        },
      }),
    },
    'DELETE /v1/alert-rules/{id}': { call: () => ({ url: '/v1/alert-rules/audit-slow' }) },
    'POST /v1/alert-webhooks': {
      call: () => ({
        url: '/v1/alert-webhooks',
        body: { name: 'On call', url: 'https://hooks.example.com/on-call', format: 'slack' },
      }),
      keep: (hook) => ids.set('alert webhook', hook.id),
    },
    'DELETE /v1/alert-webhooks/{id}': { call: () => ({ url: `/v1/alert-webhooks/${id('alert webhook')}` }) },
    'POST /v1/incidents': {
      call: () => ({ url: '/v1/incidents', body: { title: 'Audit walk drill', severity: 'sev3' } }),
      keep: (incident) => ids.set('incident', incident.id),
    },
    'PATCH /v1/incidents/{id}': {
      call: () => ({
        url: `/v1/incidents/${id('incident')}`,
        body: { status: 'investigating', owner: 'Camille' },
      }),
    },
    'POST /v1/incidents/{id}/timeline': {
      call: () => ({
        url: `/v1/incidents/${id('incident')}/timeline`,
        body: { kind: 'note', text: 'Walked every admin route' },
      }),
    },
    'POST /v1/contacts': {
      call: () => ({
        url: '/v1/contacts',
        body: { channel: 'phone', topic: 'where is my order', order_id: id('shipped order') },
        headers: { 'idempotency-key': randomUUID() },
      }),
    },
    // A customer's rights: what is held on them, then its erasure; the email travels in the body only.
    'POST /v1/privacy/exports': {
      call: () => ({ url: '/v1/privacy/exports', body: { email: customers.returned } }),
      keep: (exported) => expect(exported.orders).toHaveLength(1),
    },
    'POST /v1/privacy/erasures': {
      before: async () => void (await paidOrder(customers.erased, [{ sku: 'MUG-BLUE', quantity: 1 }])),
      call: () => ({
        url: '/v1/privacy/erasures',
        body: { email: customers.erased, reason: 'customer request by email, ticket 4521' },
      }),
      keep: (erasure) => {
        expect(erasure.erased.orders).toBe(1);
        ids.set('pseudonym', erasure.customer);
      },
      // Under the pseudonym, never the email.
      own: { action: 'privacy.erasure', target: () => id('pseudonym') },
    },
    'POST /v1/plans': {
      // Twelve weeks of a past shop's orders, on the UK channel: what the planner learns from.
      before: async () => {
        const imported = await importHistory(shop.ctx, join(scratch, 'history.csv'), {
          channel: 'uk',
          dryRun: false,
        });
        if (!imported.ok) throw new Error(imported.message);
      },
      call: () => ({ url: '/v1/plans', body: { window: { from: '2011-10-24', to: '2011-11-06' } } }),
    },
    'PUT /v1/waiting-room': {
      call: () => ({
        url: '/v1/waiting-room',
        body: { admission_rate_per_s: 80, reason: 'ready for the sale' },
      }),
      own: { action: 'waiting_room.change', target: () => 'waiting_room' },
    },
    'PUT /v1/switches/read-only': {
      // Off, as it is: on would refuse the rest of the walk, and the entry is written all the same.
      call: () => ({ url: '/v1/switches/read-only', body: { on: false, reason: 'failover rehearsed' } }),
      own: { action: 'switches.read_only', target: () => 'read-only' },
    },
    'PUT /v1/switches/channels/{code}': {
      call: () => ({
        url: '/v1/switches/channels/marketplace',
        body: { orders_stopped: false, reason: 'the marketplace is back' },
      }),
      own: { action: 'switches.channel', target: () => 'marketplace' },
    },
    'PUT /v1/ops/faults': {
      call: () => ({ url: '/v1/ops/faults', body: { error_rate: 0, reason: 'drill over' }, as: 'drill' }),
      own: { action: 'faults.set', target: () => 'faults' },
    },

    // Marketing: a segment, a selection, a campaign through its process, an advent calendar.
    'PUT /v1/segments/{code}': {
      call: () => ({
        url: '/v1/segments/vip',
        body: { name: 'VIP', conditions: [{ kind: 'orders', min: 2 }] },
      }),
    },
    'PUT /v1/selections/{code}': {
      call: () => ({
        url: '/v1/selections/gifts',
        body: { name: 'Gift ideas', channel: 'web', entries: [{ segment: 'vip', skus: ['AUD-BOOK'] }] },
      }),
    },
    'POST /v1/campaigns': {
      call: () => ({
        url: '/v1/campaigns',
        body: { name: 'Autumn books', owner: 'Léa', items: [campaignItem({ skus: ['AUD-BOOK'] })] },
      }),
      keep: (campaign) => ids.set('campaign', campaign.id).set('campaign item', campaign.items[0].id),
    },
    'PATCH /v1/campaigns/{id}': {
      call: () => ({ url: `/v1/campaigns/${id('campaign')}`, body: { name: 'Autumn books and mugs' } }),
    },
    'POST /v1/campaigns/{id}/items': {
      call: () => ({
        url: `/v1/campaigns/${id('campaign')}/items`,
        body: campaignItem({ kind: 'social_post', segment: 'fans' }),
      }),
      keep: (campaign) =>
        ids.set('added campaign item', campaign.items.find((item: any) => item.kind === 'social_post').id),
    },
    'PATCH /v1/campaigns/{id}/items/{itemId}': {
      call: () => ({
        url: `/v1/campaigns/${id('campaign')}/items/${id('campaign item')}`,
        body: { site: 'be' },
      }),
    },
    'DELETE /v1/campaigns/{id}/items/{itemId}': {
      call: () => ({ url: `/v1/campaigns/${id('campaign')}/items/${id('added campaign item')}` }),
    },
    'POST /v1/campaigns/{id}/transitions': {
      call: () => ({ url: `/v1/campaigns/${id('campaign')}/transitions`, body: { to: 'approved' } }),
    },
    'POST /v1/campaigns/{id}/cancel': {
      call: () => ({ url: `/v1/campaigns/${id('campaign')}/cancel`, body: { reason: 'the books are late' } }),
      own: { action: 'campaigns.cancel', target: () => id('campaign') },
    },
    'PUT /v1/advent/{season}': {
      call: () => ({
        url: '/v1/advent/2026',
        body: {
          doors: Array.from({ length: 24 }, (_, index) => ({
            day: `2026-12-${String(index + 1).padStart(2, '0')}`,
            reward: { kind: 'draw', winners: 1, prize: 'A hamper' },
          })),
        },
      }),
    },
    'DELETE /v1/advent/{season}': { call: () => ({ url: '/v1/advent/2026' }) },
  };

  it('has one step for each admin operation that changes something in the OpenAPI document', async () => {
    const walked = new Set(Object.keys(walk));
    const missing = [...documented.keys()].filter((operation) => !walked.has(operation));
    const gone = [...walked].filter((operation) => !documented.has(operation));
    expect(missing, `admin operations missing from the walk's table: ${missing.join(', ')}`).toEqual([]);
    expect(gone, `steps of the walk for operations no longer in the document: ${gone.join(', ')}`).toEqual(
      [],
    );
  });

  describe('each succeeding admin action writes one entry naming it, its path and the admin key', () => {
    for (const [operation, step] of Object.entries(walk)) {
      it(operation, async () => {
        await step.before?.();
        const method = operation.split(' ')[0]!;
        const call = step.call();
        const before = await newestEntry();
        const response = await send(method, call);
        expect(response.statusCode, `${operation} answered ${response.body}`).toBeGreaterThanOrEqual(200);
        expect(response.statusCode, `${operation} answered ${response.body}`).toBeLessThan(300);
        const answer =
          response.body === '' || !/json/.test(String(response.headers['content-type']))
            ? null
            : response.json();
        // A secret the API made up is shown once, in this answer: it must not be in the log either.
        if (typeof answer?.secret === 'string') shownSecrets.push(answer.secret);
        step.keep?.(answer);
        await step.settle?.(answer);

        const entries = await entriesAfter(before);
        const expected = step.own ?? {
          action: `api.${documented.get(operation)}`,
          target: () => call.url.split('?')[0]!,
        };
        const second = jobEntries[operation];
        const written = entries.map((entry) => [entry.action, entry.target]);
        if (second === undefined) {
          expect(written, `${operation}: exactly one new audit entry`).toEqual([
            [expected.action, expected.target()],
          ]);
        } else {
          expect(
            written.sort(),
            `${operation}: the request's entry, and the job's once its rows are written`,
          ).toEqual(
            [
              [expected.action, expected.target()],
              [second.action, second.target(answer)],
            ].sort(),
          );
        }
        for (const entry of entries)
          expect(entry, `${operation}: who did it`).toMatchObject({
            actor_key_id: adminKeyId,
            actor_name: 'test admin',
          });
        if (step.own === undefined) {
          const generic = entries.find((entry) => entry.action === expected.action)!;
          expect(generic.details, `${operation}: what the generic entry keeps`).toEqual({
            method,
            status: response.statusCode,
          });
        }
      });
    }
  });

  it('writes nothing for a refused call: bad input, an unknown id, a business refusal, a storefront key, no key', async () => {
    // After the walk, so that each id below would be real but for the one thing wrong with it.
    const before = await wholeLog();
    const refusals: [InjectOptions['method'], string, unknown, number, string][] = [
      ['PUT', '/v1/skus/AUD-BAD', { prices: { web: 100 } }, 400, 'validation_failed'],
      [
        'POST',
        '/v1/webhooks',
        { url: 'ftp://hooks.example.com/x', event_types: ['*'] },
        400,
        'validation_failed',
      ],
      ['POST', '/v1/promo-codes/AUDIT10/disable', {}, 400, 'validation_failed'],
      ['PUT', '/v1/switches/read-only', { on: true }, 400, 'validation_failed'],
      ['POST', '/v1/privacy/erasures', { email: customers.shipped }, 400, 'validation_failed'],
      ['DELETE', '/v1/webhooks/wh_nope', undefined, 404, 'not_found'],
      ['POST', '/v1/orders/ord_nope/transitions', { to: 'paid' }, 404, 'not_found'],
      ['PATCH', '/v1/incidents/inc_nope', { status: 'resolved' }, 404, 'not_found'],
      ['POST', '/v1/sales/sale_nope/end', { reason: 'no such sale' }, 404, 'not_found'],
      ['POST', '/v1/channels/nowhere/feed/pause', { reason: 'no such feed' }, 404, 'not_found'],
      ['DELETE', '/v1/api-keys/key_nope', undefined, 404, 'not_found'],
      ['POST', '/v1/stock/receipts', { sku: 'NOPE', location: 'paris', quantity: 1 }, 422, 'unknown_sku'],
      [
        'POST',
        `/v1/purchase-orders/${id('purchase order')}/close`,
        undefined,
        409,
        'purchase_order_not_open',
      ],
      // This server was not started with --fault-injection.
      ['PUT', '/v1/ops/faults', { error_rate: 0.5, reason: 'drill' }, 403, 'fault_injection_disabled'],
    ];
    for (const [method, url, payload, status, code] of refusals)
      expectError(await shop.admin(method, url, payload), status, code);
    const forbidden: [InjectOptions['method'], string, unknown][] = [
      ['PUT', '/v1/channels/web', { name: 'Web shop', currency: 'EUR' }],
      ['POST', '/v1/webhooks', { url: 'https://hooks.example.com/x', event_types: ['*'] }],
      ['DELETE', '/v1/packagings/ENV', undefined],
      ['PUT', '/v1/switches/read-only', { on: false, reason: 'not mine to flip' }],
      ['POST', '/v1/privacy/erasures', { email: customers.shipped, reason: 'not mine to ask' }],
    ];
    for (const [method, url, payload] of forbidden) {
      expectError(await shop.storefront(method, url, payload), 403, 'forbidden');
      expectError(await shop.app.inject({ method, url, payload: payload as object }), 401, 'unauthorized');
    }
    expect(await wholeLog(), 'a refused call wrote to the audit log').toEqual(before);
  });

  it('keeps no secret and no customer data in any entry', async () => {
    const log = JSON.stringify(await wholeLog());
    // The walk did show secrets: the key it created and any the API made up.
    expect(shownSecrets.length).toBeGreaterThan(0);
    const kept = [...Object.values(secrets), ...shownSecrets, shop.adminKey, ...Object.values(customers)];
    for (const value of kept) expect(log, `the audit log holds ${value}`).not.toContain(value);
    // Nor the part of an email before its domain, in case an entry keeps it apart.
    for (const email of Object.values(customers)) expect(log).not.toContain(email.split('@')[0]);
  });
});
