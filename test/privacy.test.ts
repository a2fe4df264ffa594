/**
 * Customers' data rights over HTTP, on both stores: everything held on a customer exported by their
 * email (any case, any `+tag`) and nothing of anyone else; then erased behind one pseudonym, so that
 * nothing in the whole store names them any more, while their orders keep their totals, lines and
 * statuses, and the stock, its ledger and every figure read exactly as before. Bad input changes
 * nothing, and a storefront key may do neither.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawAdventDoors } from '../src/campaigns/index.js';
import type { Shipment } from '../src/fulfilment/shipments/contract.js';
import type { Reconciliation } from '../src/inventory/contract.js';
import type { Order } from '../src/orders/contract.js';
import type { AuditEntry } from '../src/platform/audit/contract.js';
import type { Page } from '../src/platform/http/schemas.js';
import type { CustomerExport, Erasure } from '../src/privacy/contract.js';
import type { Return } from '../src/returns/contract.js';
import {
  body,
  eventsAfter,
  eventsEnd,
  expectError,
  movementsOf,
  newKey,
  stockOf,
} from './support/api-helpers.js';
import { boxM, envelope, paperback, setUpShipping } from './support/fulfilment.js';
import { technicalTables } from './support/fuzz/snapshot.js';
import { manualClock, openShop, orderBody, type TestShop } from './support/shop.js';
import { engines } from './support/stores.js';

/** Tuesday 1 December 2026, 11:00 in Paris: the advent calendar's first door is open. */
const firstMorning = Date.parse('2026-12-01T10:00:00.000Z');

/** What names Zoé anywhere, in lower case: the test looks for each of these in every table. */
const zoeTraces = [
  /zoe\.lambert/,
  /lambert/,
  /tilleuls/,
  /bâtiment b/,
  /marseille/,
  // Her postal code, not the digits of an instant or an id.
  /(?<![0-9a-z])13007(?![0-9])/,
  /06 12 34 56 78/,
];

const zoeAddress = {
  name: 'Zoé Lambert',
  line1: '7 impasse des Tilleuls',
  line2: 'Bâtiment B',
  city: 'Marseille',
  postal_code: '13007',
  country: 'FR',
};

describe.each(engines)('customer data rights on %s', (engine) => {
  const clock = manualClock(firstMorning);
  let shop: TestShop;
  /** Zoé's delivered and partly returned order, her open one, and Camille's. */
  let delivered: Order;
  let open: Order;
  let camilles: Order;
  const deliveredKey = newKey();

  const exportOf = async (email: string) =>
    body<CustomerExport>(await shop.admin('POST', '/v1/privacy/exports', { email }), 200);
  const erase = async (email: string, reason = 'Her request by email, ticket 4711') =>
    body<Erasure>(await shop.admin('POST', '/v1/privacy/erasures', { email, reason }), 200);
  const orderOf = async (id: string) => body<Order>(await shop.admin('GET', `/v1/orders/${id}`), 200);
  const place = async (
    extra: Record<string, unknown>,
    lines: { sku: string; quantity: number }[],
    key = newKey(),
  ) =>
    body<Order>(
      await shop.storefront('POST', '/v1/orders', orderBody(lines, extra), { 'idempotency-key': key }),
      201,
    );

  /**
   * Every row of every table of the store, as lower-case text, each table's rows sorted (PostgreSQL
   * returns them in no set order): what an erasure must leave nothing of Zoé in. `except` leaves out
   * tables, such as the figures that count refused requests too.
   */
  const dump = async (except: ReadonlySet<string> = new Set()): Promise<string> => {
    const db = shop.testStore.store.db;
    const tables =
      engine === 'sqlite'
        ? await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db)
        : await sql<{ name: string }>`select table_name as name from information_schema.tables
            where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db);
    expect(tables.rows.length).toBeGreaterThan(60);
    const text: string[] = [];
    for (const { name } of tables.rows.filter((table) => !except.has(table.name))) {
      const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db);
      const lines = rows.rows
        .map((row) =>
          JSON.stringify(row, (_key, value) => (typeof value === 'bigint' ? String(value) : value)),
        )
        .sort();
      text.push(`${name}: ${lines.join('\n')}`);
    }
    return text.join('\n').toLowerCase();
  };

  /** What a shop's team reads of its stock, its money and its customers, to compare before and after. */
  const figures = async () => {
    const read = async (url: string) => body<unknown>(await shop.admin('GET', url), 200);
    const overview = (await read('/v1/ops/overview')) as { fulfilment: unknown; payments: unknown };
    return {
      stock: await Promise.all(['BOOK', 'MUG-BLUE'].map((sku) => stockOf(shop, sku))),
      ledger: await Promise.all(['BOOK', 'MUG-BLUE'].map((sku) => movementsOf(shop, sku, 100))),
      reconciliation: await Promise.all(
        ['BOOK', 'MUG-BLUE'].map((sku) => read(`/v1/stock/${sku}/reconciliation`)),
      ),
      returns: await read('/v1/returns/analytics?from=2026-11-30&to=2026-12-06'),
      contacts: await read('/v1/contacts/rate?from=2026-11-30T00:00:00Z&to=2026-12-03T00:00:00Z'),
      contactsPerMinute: await read(
        '/v1/contacts/per-minute?from=2026-12-01T09:00:00Z&to=2026-12-01T11:00:00Z',
      ),
      segments: await Promise.all(['new', 'loyal'].map((code) => read(`/v1/segments/${code}`))),
      promoCode: await read('/v1/promo-codes/WELCOME10'),
      advent: await read('/v1/advent/2026'),
      savings: await read('/v1/fulfilment/savings?since=2026-11-30&until=2026-12-02'),
      fulfilment: overview.fulfilment,
      payments: overview.payments,
      payments_of_orders: await Promise.all(
        [delivered, open, camilles].map((order) => read(`/v1/orders/${order.id}/payments`)),
      ),
    };
  };

  /** An order as the books see it: everything but who it was for. */
  const withoutCustomer = ({ customer: _customer, shipping_address: _address, ...rest }: Order) => rest;

  beforeAll(async () => {
    shop = await openShop(engine, { clock });
    await setUpShipping(shop, [
      ['PUT', '/v1/channels/web', { name: 'Web shop', currency: 'EUR', delivery_days: 3 }],
      ['PUT', '/v1/locations/paris/zones', { zones: [{ country: 'FR', postal_prefix: '', rank: 1 }] }],
      ['PUT', '/v1/packagings/ENV', envelope],
      ['PUT', '/v1/packagings/BOX-M', boxM],
      ['PUT', '/v1/skus/BOOK', paperback],
      ['POST', '/v1/stock/receipts', { sku: 'BOOK', location: 'paris', quantity: 5 }],
      [
        'PUT',
        '/v1/return-policies/web',
        { window_days: 14, refund_shipping: { whole_order: true, shop_fault: true }, location: 'paris' },
      ],
      [
        'POST',
        '/v1/promo-codes',
        {
          code: 'WELCOME10',
          kind: 'percent',
          value: 10,
          channels: ['web'],
          per_customer_limit: 2,
          stacks_with_sales: true,
        },
      ],
      ['PUT', '/v1/segments/new', { name: 'New customers', conditions: [{ kind: 'new' }] }],
      ['PUT', '/v1/segments/loyal', { name: 'Loyal', conditions: [{ kind: 'orders', min: 2 }] }],
      [
        'PUT',
        '/v1/advent/2026',
        {
          name: 'Advent 2026',
          doors: Array.from({ length: 24 }, (_, index) => ({
            day: `2026-12-${String(index + 1).padStart(2, '0')}`,
            reward: { kind: 'draw', winners: 2, prize: 'A hamper' },
          })),
        },
      ],
    ]);

    // Zoé: a book with a promo code, paid, shipped to Marseille, delivered, one unit sent back and refunded.
    delivered = await place(
      {
        customer: { email: 'Zoe.Lambert@Example.com', name: 'Zoé Lambert' },
        shipping_address: zoeAddress,
        promo_codes: ['WELCOME10'],
      },
      [{ sku: 'BOOK', quantity: 2 }],
      deliveredKey,
    );
    body(
      await shop.storefront('POST', `/v1/orders/${delivered.id}/payments`, {
        kind: 'capture',
        amount: delivered.total,
        psp: 'stripe',
        psp_reference: 'pi_zoe_1',
      }),
      201,
    );
    const [shipment] = body<Shipment[]>(
      await shop.admin('POST', `/v1/orders/${delivered.id}/shipments`),
      201,
    );
    expect(shipment!.why).toContain('FR 13007');
    for (const [to, extra] of [
      ['packed', {}],
      ['handed_over', { tracking_number: '6A98765432101' }],
      ['in_transit', {}],
      ['delivered', {}],
    ] as const)
      body(await shop.admin('POST', `/v1/shipments/${shipment!.id}/transitions`, { to, ...extra }), 200);
    const sentBack = body<Return>(
      await shop.storefront('POST', `/v1/orders/${delivered.id}/returns`, {
        lines: [
          { sku: 'BOOK', quantity: 1, reason: 'changed_mind', note: 'Already had it. Zoé, 06 12 34 56 78' },
        ],
      }),
      201,
    );
    body(
      await shop.admin('POST', `/v1/returns/${sentBack.id}/receipts`, {
        location: 'paris',
        lines: [{ sku: 'BOOK', resellable: 1, damaged: 0 }],
      }),
      200,
    );
    body(await shop.admin('POST', `/v1/returns/${sentBack.id}/refund`, {}), 201);
    body(
      await shop.admin('POST', '/v1/contacts', {
        channel: 'email',
        topic: 'Zoé Lambert asks where her book is',
        order_id: delivered.id,
      }),
      201,
    );
    // Her second address for the shop, with a tag: the same customer to promo codes and the calendar.
    open = await place(
      { customer: { email: 'zoe.lambert+shop@example.com', name: 'Zoé L.' }, shipping_address: zoeAddress },
      [{ sku: 'MUG-BLUE', quantity: 1 }],
    );
    body(
      await shop.storefront('POST', '/v1/advent/2026/open', { customer: 'ZOE.LAMBERT+advent@example.com' }),
      200,
    );

    // Camille: a mug with the same code, paid, a contact, a door opened.
    camilles = await place({ promo_codes: ['WELCOME10'] }, [{ sku: 'MUG-BLUE', quantity: 1 }]);
    body(
      await shop.storefront('POST', `/v1/orders/${camilles.id}/payments`, {
        kind: 'capture',
        amount: camilles.total,
        psp: 'stripe',
        psp_reference: 'pi_camille_1',
      }),
      201,
    );
    body(
      await shop.admin('POST', '/v1/contacts', {
        channel: 'phone',
        topic: 'delivery date',
        order_id: camilles.id,
      }),
      201,
    );
    body(await shop.storefront('POST', '/v1/advent/2026/open', { customer: 'camille@example.fr' }), 200);

    // The first door's day is over: its draw names both players as winners.
    clock.set(Date.parse('2026-12-02T00:30:00.000Z'));
    expect(await drawAdventDoors(shop.ctx)).toBe(1);
  });
  afterAll(() => shop.close());

  it('exports everything held on Zoé, by any spelling of her email, and nothing of Camille', async () => {
    const exported = await exportOf('ZOE.lambert+whatever@EXAMPLE.com');
    expect(exported.email).toBe('ZOE.lambert+whatever@EXAMPLE.com');
    expect(exported.exported_at).toBe('2026-12-02T00:30:00.000Z');
    // Her orders exactly as the order API gives them, oldest first.
    expect(exported.orders).toEqual([await orderOf(delivered.id), await orderOf(open.id)]);
    expect(exported.orders.map((order) => order.customer.email)).toEqual([
      'Zoe.Lambert@Example.com',
      'zoe.lambert+shop@example.com',
    ]);
    expect(
      exported.payments.map((payment) => [payment.order_id, payment.kind, payment.psp_reference]),
    ).toEqual([
      [delivered.id, 'capture', 'pi_zoe_1'],
      [delivered.id, 'refund', expect.any(String)],
    ]);
    expect(exported.returns).toHaveLength(1);
    expect(exported.returns[0]!.lines[0]!.note).toBe('Already had it. Zoé, 06 12 34 56 78');
    expect(exported.shipments).toHaveLength(1);
    expect(exported.shipments[0]!.why).toContain('FR 13007');
    expect(exported.contacts.map((contact) => contact.topic)).toEqual(['Zoé Lambert asks where her book is']);
    expect(exported.advent_plays).toMatchObject([
      {
        season: '2026',
        day: '2026-12-01',
        customer: 'zoe.lambert@example.com',
        reward: { kind: 'draw', won: true },
      },
    ]);
    expect(exported.promo_code_uses).toMatchObject([
      { code: 'WELCOME10', order_id: delivered.id, customer: 'zoe.lambert@example.com', released_at: null },
    ]);
    const types = exported.events.map((event) => event.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'order.placed',
        'payment.recorded',
        'shipment.created',
        'return.authorised',
        'return.refunded',
        'contact.recorded',
        'advent.door.drawn',
      ]),
    );
    expect(exported.events.map((event) => event.id)).toEqual(
      [...exported.events.map((event) => event.id)].sort((a, b) => a - b),
    );

    // Nothing of Camille anywhere in it: the draw they both won lists Zoé alone.
    expect(exported.events.find((event) => event.type === 'advent.door.drawn')!.payload).toMatchObject({
      winners: ['zoe.lambert@example.com'],
    });
    const text = JSON.stringify(exported);
    expect(text).not.toContain('camille');
    expect(text).not.toContain(camilles.id);

    // An email nothing is held on: empty, and the same shape.
    expect(await exportOf('nobody@example.com')).toMatchObject({
      orders: [],
      payments: [],
      returns: [],
      shipments: [],
      contacts: [],
      advent_plays: [],
      promo_code_uses: [],
      events: [],
    });
  });

  it('refuses bad input and other keys, changing nothing', async () => {
    const before = await dump(technicalTables);
    const eventsBefore = await eventsEnd(shop);
    for (const payload of [
      {},
      { email: 'not an email', reason: 'asked' },
      { email: 'zoe.lambert@example.com' },
      { email: 'zoe.lambert@example.com', reason: '' },
      { email: 'zoe.lambert@example.com', reason: 'asked', also: 'this' },
      { email: 42, reason: 'asked' },
    ])
      expectError(await shop.admin('POST', '/v1/privacy/erasures', payload), 400, 'validation_failed');
    for (const payload of [{}, { email: 'not an email' }, { email: 'zoe.lambert@example.com', reason: 'x' }])
      expectError(await shop.admin('POST', '/v1/privacy/exports', payload), 400, 'validation_failed');
    expectError(
      await shop.storefront('POST', '/v1/privacy/erasures', {
        email: 'zoe.lambert@example.com',
        reason: 'asked',
      }),
      403,
      'forbidden',
    );
    expectError(
      await shop.storefront('POST', '/v1/privacy/exports', { email: 'zoe.lambert@example.com' }),
      403,
      'forbidden',
    );
    expect((await eventsAfter(shop, eventsBefore)).events).toEqual([]);
    expect((await dump(technicalTables)) === before, 'the store changed').toBe(true);
  });

  it('erases Zoé everywhere, keeping her orders, the stock and every figure as they were', async () => {
    const before = await figures();
    const ordersBefore = await Promise.all([delivered, open, camilles].map((order) => orderOf(order.id)));
    const camilleBefore = await exportOf('camille@example.fr');
    const stored = await dump();
    // The dump sees Zoé before: the test would see her after.
    for (const trace of zoeTraces) expect(trace.test(stored), String(trace)).toBe(true);
    const feedEnd = await eventsEnd(shop);

    const erasure = await erase('zoe.lambert@example.com');
    expect(erasure.customer).toMatch(/^erased-[0-9a-z]{26}@erased\.invalid$/);
    expect(erasure.erased).toEqual({
      orders: 2,
      payments: 2,
      returns: 1,
      shipments: 1,
      contacts: 1,
      advent_plays: 1,
      promo_code_uses: 1,
      // Both orders' `order.placed`, the shipment's `shipment.created`, the return's three events,
      // the contact's, and the draw's.
      events: 8,
    });

    // Nothing names Zoé any more, in any row of any table.
    const after = await dump();
    for (const trace of zoeTraces) expect(trace.test(after), String(trace)).toBe(false);
    expect(after.includes(erasure.customer)).toBe(true);

    // Her orders: the same but for who they were for; one pseudonym, one spelling per spelling of hers.
    const [deliveredAfter, openAfter, camilleAfter] = await Promise.all(
      [delivered, open, camilles].map((order) => orderOf(order.id)),
    );
    expect(withoutCustomer(deliveredAfter!)).toEqual(withoutCustomer(ordersBefore[0]!));
    expect(withoutCustomer(openAfter!)).toEqual(withoutCustomer(ordersBefore[1]!));
    expect(deliveredAfter).toMatchObject({ status: 'partially_returned', total: delivered.total });
    expect(deliveredAfter!.customer).toEqual({ email: erasure.customer, name: null });
    expect(openAfter!.customer).toEqual({ email: erasure.customer.replace('@', '+1@'), name: null });
    for (const order of [deliveredAfter!, openAfter!])
      expect(order.shipping_address).toEqual({
        name: 'Erased',
        line1: 'erased',
        line2: 'erased',
        city: 'erased',
        postal_code: 'erased',
        country: 'FR',
      });
    expect(camilleAfter).toEqual(ordersBefore[2]);

    // The stock, its ledger, the money and every figure: exactly as before.
    expect(await figures()).toEqual(before);
    for (const sku of ['BOOK', 'MUG-BLUE'])
      expect(
        body<Reconciliation>(await shop.admin('GET', `/v1/stock/${sku}/reconciliation`), 200).balanced,
      ).toBe(true);

    // Camille is untouched; the old email finds nothing; the pseudonym finds her orders, as one customer.
    expect(await exportOf('camille@example.fr')).toEqual({
      ...camilleBefore,
      exported_at: expect.any(String),
    });
    const gone = await exportOf('Zoe.Lambert@Example.com');
    expect([
      gone.orders,
      gone.payments,
      gone.returns,
      gone.shipments,
      gone.contacts,
      gone.advent_plays,
      gone.promo_code_uses,
      gone.events,
    ]).toEqual([[], [], [], [], [], [], [], []]);
    const pseudonymous = await exportOf(erasure.customer);
    expect(pseudonymous.orders.map((order) => order.id)).toEqual([delivered.id, open.id]);
    expect(pseudonymous.advent_plays.map((play) => play.customer)).toEqual([erasure.customer]);
    expect(pseudonymous.promo_code_uses.map((use) => use.customer)).toEqual([erasure.customer]);
    expect(pseudonymous.returns[0]!.lines[0]!.note).toBe('erased');
    expect(pseudonymous.contacts[0]!.topic).toBe('erased');
    expect(pseudonymous.shipments[0]!.why).toContain('FR ERASED');

    // The audit log has the erasure under the pseudonym, with its reason and counts, and no email.
    const audit = body<Page<AuditEntry>>(await shop.admin('GET', '/v1/audit-log'), 200).data;
    const entry = audit.find((row) => row.action === 'privacy.erasure');
    expect(entry).toMatchObject({
      actor_name: 'test admin',
      target: erasure.customer,
      reason: 'Her request by email, ticket 4711',
      details: { erased: erasure.erased },
    });
    // The shop's tools hear of it, by pseudonym and orders, to erase their own copies.
    const told = (await eventsAfter(shop, feedEnd)).events;
    expect(told.map((event) => [event.type, event.entity_id])).toEqual([
      ['customer.erased', erasure.customer],
    ]);
    expect(told[0]!.payload).toEqual({
      customer: erasure.customer,
      order_ids: [delivered.id, open.id],
      erased: erasure.erased,
    });

    // A retry of her first order's request places nothing: its key no longer matches her body.
    expectError(
      await shop.storefront(
        'POST',
        '/v1/orders',
        orderBody([{ sku: 'BOOK', quantity: 2 }], {
          customer: { email: 'Zoe.Lambert@Example.com', name: 'Zoé Lambert' },
          shipping_address: zoeAddress,
          promo_codes: ['WELCOME10'],
        }),
        { 'idempotency-key': deliveredKey },
      ),
      422,
      'idempotency_key_reused',
    );
    expect((await dump()).includes('lambert')).toBe(false);
  });

  it('answers zero counts for an email nothing is held on, and for a second erasure, writing only the audit entry', async () => {
    const feedEnd = await eventsEnd(shop);
    const stockBefore = await stockOf(shop, 'BOOK');
    for (const email of ['zoe.lambert@example.com', 'nobody@example.com']) {
      const again = await erase(email, 'asked again');
      expect(again.erased).toEqual({
        orders: 0,
        payments: 0,
        returns: 0,
        shipments: 0,
        contacts: 0,
        advent_plays: 0,
        promo_code_uses: 0,
        events: 0,
      });
    }
    expect((await eventsAfter(shop, feedEnd)).events).toEqual([]);
    expect(await stockOf(shop, 'BOOK')).toEqual(stockBefore);
    const audit = body<Page<AuditEntry>>(await shop.admin('GET', '/v1/audit-log'), 200).data;
    expect(audit.filter((row) => row.action === 'privacy.erasure')).toHaveLength(3);
    expect(JSON.stringify(audit)).not.toContain('@example.com');
  });
});
