/**
 * From paid to the customer's door, over HTTP on both stores: an order paid, sourced to the nearest
 * location that has it all (its reservation moved there), boxed in the smallest packaging, sent with
 * the cheapest service that keeps the channel's promise, handed over (its units leave on hand, once)
 * and delivered, the order following; a split when no location has it all; and every refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PackingSession, PickList, ScanResult } from '../src/fulfilment/packing/contract.js';
import type { Shipment } from '../src/fulfilment/shipments/contract.js';
import type { Overview } from '../src/ops/contract.js';
import { OpsRoom } from '../src/ops/index.js';
import type { Order } from '../src/orders/contract.js';
import { allOrders, body, expectError, movementsOf, placed, stockByLocation } from './support/api-helpers.js';
import { boxM, envelope, kettle, paperback, setUpShipping } from './support/fulfilment.js';
import { openShop, type TestShop } from './support/shop.js';
import { engines } from './support/stores.js';

const paris = {
  name: 'Camille Martin',
  line1: '12 rue de la Paix',
  city: 'Paris',
  postal_code: '75002',
  country: 'FR',
};

describe.each(engines)('shipments on %s', (engine) => {
  let shop: TestShop;

  const paidOrder = async (lines: { sku: string; quantity: number }[]) => {
    const order = await placed(shop.storefront, lines, { shipping_address: paris });
    body(
      await shop.storefront('POST', `/v1/orders/${order.id}/payments`, {
        kind: 'capture',
        amount: order.total,
        psp: 'test-psp',
        psp_reference: `cap_${order.id}`,
      }),
      201,
    );
    return order;
  };
  const ship = async (orderId: string, status = 201) =>
    body<Shipment[]>(await shop.admin('POST', `/v1/orders/${orderId}/shipments`), status);
  const move = async (id: string, to: string, extra: Record<string, unknown> = {}) =>
    body<Shipment>(await shop.admin('POST', `/v1/shipments/${id}/transitions`, { to, ...extra }), 200);
  const statusOf = async (orderId: string) =>
    body<Order>(await shop.admin('GET', `/v1/orders/${orderId}`), 200).status;

  beforeAll(async () => {
    shop = await openShop(engine);
    await setUpShipping(shop, [
      ['PUT', '/v1/channels/web', { name: 'Web shop', currency: 'EUR', delivery_days: 3 }],
      [
        'PUT',
        '/v1/locations/paris/zones',
        {
          zones: [
            { country: 'FR', postal_prefix: '', rank: 2 },
            { country: 'FR', postal_prefix: '75', rank: 1 },
          ],
        },
      ],
      [
        'PUT',
        '/v1/locations/lyon/zones',
        {
          zones: [
            { country: 'FR', postal_prefix: '', rank: 2 },
            { country: 'FR', postal_prefix: '69', rank: 1 },
          ],
        },
      ],
      ['PUT', '/v1/packagings/ENV', envelope],
      ['PUT', '/v1/packagings/BOX-M', boxM],
      ['PUT', '/v1/skus/BOOK', paperback],
      ['PUT', '/v1/skus/KETTLE', kettle],
      ['POST', '/v1/stock/receipts', { sku: 'BOOK', location: 'paris', quantity: 5 }],
      ['POST', '/v1/stock/receipts', { sku: 'BOOK', location: 'lyon', quantity: 5 }],
      ['POST', '/v1/stock/receipts', { sku: 'KETTLE', location: 'lyon', quantity: 3 }],
    ]);
  });
  afterAll(() => shop.close());

  it('ships a paid book from the nearer location, in an envelope, with the cheapest service that keeps the promise', async () => {
    const order = await paidOrder([{ sku: 'BOOK', quantity: 1 }]);
    const before = await stockByLocation(shop, 'BOOK');
    const [shipment, ...others] = await ship(order.id);
    expect(others).toEqual([]);
    expect(shipment).toMatchObject({
      order_id: order.id,
      location: 'paris',
      status: 'label_created',
      items: [{ sku: 'BOOK', quantity: 1 }],
      package: { code: 'ENV', weight_g: 480 },
      service: { carrier: 'Colissimo', code: 'domicile_sans_signature' },
      // The 2023 card's 500 g band, sample counter prices.
      price: 670,
      currency: 'EUR',
      price_sample: true,
      tracking_number: null,
    });
    expect(shipment!.why).toMatch(/PAR|paris/i);
    expect(shipment!.why).toMatch(/ENV/);
    expect(await statusOf(order.id)).toBe('fulfilling');
    // Capture reserved it at Lyon (as much free stock as Paris, first by code); it moved to Paris.
    expect(before).toEqual({ paris: [5, 0], lyon: [5, 1] });
    expect(await stockByLocation(shop, 'BOOK')).toEqual({ paris: [5, 1], lyon: [5, 0] });
    // Asked again: the same shipments, nothing new.
    expect(await ship(order.id, 200)).toEqual([shipment]);
  });

  it('takes the units out of on hand at hand-over, once, and the order follows its parcel to delivered', async () => {
    const order = await paidOrder([{ sku: 'BOOK', quantity: 2 }]);
    const [shipment] = await ship(order.id);
    const before = await stockByLocation(shop, 'BOOK');
    await move(shipment!.id, 'packed');
    const handedOver = await move(shipment!.id, 'handed_over', { tracking_number: '6A12345678901' });
    expect(handedOver).toMatchObject({ status: 'handed_over', tracking_number: '6A12345678901' });
    expect(handedOver.handed_over_at).not.toBeNull();
    const location = shipment!.location;
    const after = await stockByLocation(shop, 'BOOK');
    expect(after[location]).toEqual([before[location]![0] - 2, before[location]![1] - 2]);
    expect(await statusOf(order.id)).toBe('shipped');
    const ledger = (await movementsOf(shop, 'BOOK', 100)).filter(
      (movement) => movement.reference === order.number,
    );
    expect(ledger.map((movement) => [movement.kind, movement.location, movement.quantity])).toEqual([
      ['shipment', location, -2],
    ]);
    await move(shipment!.id, 'in_transit');
    await move(shipment!.id, 'delivered');
    expect(await statusOf(order.id)).toBe('delivered');
    expect(await stockByLocation(shop, 'BOOK')).toEqual(after);
    expectError(
      await shop.admin('POST', `/v1/shipments/${shipment!.id}/transitions`, { to: 'exception' }),
      409,
      'invalid_transition',
    );
  });

  it('splits an order no location holds whole, and the order is shipped only once both parcels left', async () => {
    // Paris has 2 books free and no kettle, Lyon 5 books and the kettles: neither has 6 books.
    expect(await stockByLocation(shop, 'BOOK')).toEqual({ paris: [3, 1], lyon: [5, 0] });
    const order = await paidOrder([
      { sku: 'KETTLE', quantity: 1 },
      { sku: 'BOOK', quantity: 6 },
    ]);
    const stockBefore = await stockByLocation(shop, 'BOOK');
    const shipments = await ship(order.id);
    // The location that covers most of the order goes first; the other takes the rest.
    expect(shipments.map((shipment) => [shipment.location, shipment.items])).toEqual([
      [
        'lyon',
        [
          { sku: 'BOOK', quantity: 5 },
          { sku: 'KETTLE', quantity: 1 },
        ],
      ],
      ['paris', [{ sku: 'BOOK', quantity: 1 }]],
    ]);
    expect(shipments[0]!.why).toMatch(/^Split in 2/);
    expect(shipments.map((shipment) => shipment.package.code)).toEqual(['BOX-M', 'ENV']);
    for (const shipment of shipments) {
      await move(shipment.id, 'packed');
      await move(shipment.id, 'handed_over');
      expect(await statusOf(order.id)).toBe(shipment === shipments.at(-1) ? 'shipped' : 'fulfilling');
    }
    const stockAfter = await stockByLocation(shop, 'BOOK');
    const onHand = (rows: Record<string, [number, number]>) =>
      Object.values(rows).reduce((sum, [held]) => sum + held, 0);
    expect(onHand(stockBefore) - onHand(stockAfter)).toBe(6);
  });

  it('refuses what it cannot ship, and changes nothing', async () => {
    const unpaid = await placed(shop.storefront, [{ sku: 'BOOK', quantity: 1 }], { shipping_address: paris });
    expectError(await shop.admin('POST', `/v1/orders/${unpaid.id}/shipments`), 409, 'invalid_transition');
    const unmeasured = await paidOrder([{ sku: 'MUG-BLUE', quantity: 1 }]);
    const refused = expectError(
      await shop.admin('POST', `/v1/orders/${unmeasured.id}/shipments`),
      422,
      'sku_unmeasured',
    );
    expect(refused.details).toEqual({ skus: ['MUG-BLUE'] });
    expect(await statusOf(unmeasured.id)).toBe('paid');
    expectError(await shop.admin('POST', '/v1/orders/ord_nope/shipments'), 404, 'not_found');
    expectError(await shop.storefront('POST', `/v1/orders/${unpaid.id}/shipments`), 403, 'forbidden');
    const [shipment] = body<{ data: Shipment[] }>(
      await shop.admin('GET', `/v1/orders/${unmeasured.id}/shipments`),
      200,
    ).data;
    expect(shipment).toBeUndefined();
  });

  it('waits when only a split could ship an order below the channel’s split minimum', async () => {
    body(
      await shop.admin('PUT', '/v1/channels/web', {
        name: 'Web shop',
        currency: 'EUR',
        delivery_days: 3,
        split_order_total_min: 1_000_000,
      }),
      200,
    );
    try {
      for (const location of ['paris', 'lyon']) {
        body(await shop.admin('POST', '/v1/stock/receipts', { sku: 'BOOK', location, quantity: 3 }), 201);
      }
      const stock = await stockByLocation(shop, 'BOOK');
      const free = Object.values(stock).map(([onHand, reserved]) => onHand - reserved);
      // More than any one location has free, less than all of them together.
      const quantity = Math.max(...free) + 1;
      const order = await paidOrder([{ sku: 'BOOK', quantity }]);
      const before = await stockByLocation(shop, 'BOOK');
      expectError(await shop.admin('POST', `/v1/orders/${order.id}/shipments`), 409, 'split_below_minimum');
      expect(await stockByLocation(shop, 'BOOK')).toEqual(before);
      expect(await statusOf(order.id)).toBe('paid');
    } finally {
      body(
        await shop.admin('PUT', '/v1/channels/web', { name: 'Web shop', currency: 'EUR', delivery_days: 3 }),
        200,
      );
    }
  });

  it('ships an order of a channel that ships by itself as soon as it is paid, or says why it could not', async () => {
    body(
      await shop.admin('PUT', '/v1/channels/marketplace', {
        name: 'Marketplace',
        currency: 'EUR',
        auto_ship: true,
      }),
      200,
    );
    body(
      await shop.admin('PUT', '/v1/skus/BOOK', { ...paperback, prices: { web: 1_200, marketplace: 1_300 } }),
      200,
    );
    body(
      await shop.admin('POST', '/v1/stock/receipts', { sku: 'BOOK', location: 'paris', quantity: 2 }),
      201,
    );
    const pay = async (lines: { sku: string; quantity: number }[]) => {
      const order = await placed(shop.storefront, lines, { channel: 'marketplace', shipping_address: paris });
      body(
        await shop.storefront('POST', `/v1/orders/${order.id}/payments`, {
          kind: 'capture',
          amount: order.total,
          psp: 'test-psp',
          psp_reference: `auto_${order.id}`,
        }),
        201,
      );
      return order;
    };
    const shipped = await pay([{ sku: 'BOOK', quantity: 1 }]);
    expect(await statusOf(shipped.id)).toBe('fulfilling');
    const [parcel] = body<{ data: Shipment[] }>(
      await shop.admin('GET', `/v1/orders/${shipped.id}/shipments`),
      200,
    ).data;
    expect(parcel).toMatchObject({ location: 'paris', package: { code: 'ENV' } });

    const blocked = await pay([{ sku: 'MUG-BLUE', quantity: 1 }]);
    expect(await statusOf(blocked.id)).toBe('paid');
    const events = body<{ data: { type: string; payload: { code?: string } }[] }>(
      await shop.admin('GET', `/v1/orders/${blocked.id}/events`),
      200,
    ).data;
    expect(events.at(-1)).toMatchObject({
      type: 'order.shipping_blocked',
      payload: { code: 'sku_unmeasured' },
    });
  });

  it("prints a shipment's label as PDF and ZPL and its packing slip, from its location's address", async () => {
    const order = await paidOrder([{ sku: 'BOOK', quantity: 1 }]);
    const [shipment] = await ship(order.id);
    expectError(
      await shop.admin('GET', `/v1/shipments/${shipment!.id}/label.pdf`),
      422,
      'location_unaddressed',
    );
    for (const location of ['paris', 'lyon']) {
      body(
        await shop.admin('PUT', `/v1/locations/${location}`, {
          name: `${location} warehouse`,
          channels: location === 'paris' ? ['web', 'marketplace'] : ['web'],
          address: { line1: '3 rue du Dépôt', city: 'Saint-Étienne', postal_code: '42000', country: 'FR' },
        }),
        200,
      );
    }
    const pdf = await shop.admin('GET', `/v1/shipments/${shipment!.id}/label.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const zpl = await shop.admin('GET', `/v1/shipments/${shipment!.id}/label.zpl`);
    expect(zpl.headers['content-type']).toMatch(/^text\/plain/);
    expect(zpl.body.startsWith('^XA')).toBe(true);
    // Until the carrier gives a tracking number, the Code 128 carries the shipment id.
    expect(zpl.body).toContain(shipment!.id);
    await move(shipment!.id, 'packed', { tracking_number: '6A99887766554' });
    expect((await shop.admin('GET', `/v1/shipments/${shipment!.id}/label.zpl`)).body).toContain(
      '6A99887766554',
    );
    const slip = await shop.admin('GET', `/v1/shipments/${shipment!.id}/packing-slip.pdf`);
    expect(slip.headers['content-type']).toBe('application/pdf');
    expect(slip.rawPayload.length).toBeGreaterThan(1_000);
    expectError(await shop.admin('GET', '/v1/shipments/shp_nope/label.pdf'), 404, 'not_found');
  });

  describe('at the packing station', () => {
    const scan = (sessionId: string, code: string) =>
      shop.admin('POST', `/v1/packing/sessions/${sessionId}/scans`, { code });

    beforeAll(async () => {
      for (const location of ['paris', 'lyon']) {
        body(await shop.admin('POST', '/v1/stock/receipts', { sku: 'BOOK', location, quantity: 10 }), 201);
      }
    });

    it('opens a parcel by its order barcode, takes its items, then its label, and the parcel is packed', async () => {
      const order = await paidOrder([{ sku: 'BOOK', quantity: 2 }]);
      const [shipment] = await ship(order.id);
      const pick = body<PickList>(
        await shop.admin('GET', `/v1/pick-lists?location=${shipment!.location}`),
        200,
      );
      expect(pick.shipments.map((parcel) => parcel.order_number)).toContain(order.number);
      expect(pick.lines.find((line) => line.sku === 'BOOK')?.shipments).toContainEqual({
        id: shipment!.id,
        quantity: 2,
      });

      const opened = body<PackingSession>(
        await shop.admin('POST', '/v1/packing/sessions', {
          location: shipment!.location,
          order_code: order.number,
        }),
        201,
      );
      expect(opened).toMatchObject({
        shipment_id: shipment!.id,
        step: 'scanning_items',
        items: [{ sku: 'BOOK', quantity: 2, scanned: 0 }],
      });
      // Opened again (a second station, a reload): the same parcel, resumed.
      expect(
        body<PackingSession>(
          await shop.admin('POST', '/v1/packing/sessions', {
            location: shipment!.location,
            order_code: order.number.toLowerCase(),
          }),
          200,
        ).id,
      ).toBe(opened.id);

      const wrong = expectError(await scan(opened.id, '4006381333931'), 409, 'scan_refused');
      expect(wrong.details).toMatchObject({ reason: 'wrong_item' });
      expectError(await scan(opened.id, shipment!.id), 409, 'scan_refused');
      expect(body<ScanResult>(await scan(opened.id, '9782070368228'), 200).scan).toEqual({
        kind: 'item',
        message: 'Paperback: 1 more to scan.',
      });
      expect(body<ScanResult>(await scan(opened.id, 'BOOK'), 200)).toMatchObject({ step: 'scanning_label' });
      expectError(await scan(opened.id, 'BOOK'), 409, 'scan_refused');
      const packed = body<ScanResult>(await scan(opened.id, shipment!.id), 200);
      expect(packed).toMatchObject({ step: 'done', scan: { kind: 'label' } });
      expect(body<Shipment>(await shop.admin('GET', `/v1/shipments/${shipment!.id}`), 200).status).toBe(
        'packed',
      );
      expect(
        expectError(
          await shop.admin('POST', '/v1/packing/sessions', {
            location: shipment!.location,
            order_code: order.number,
          }),
          409,
          'scan_refused',
        ).details,
      ).toMatchObject({ reason: 'parcel_done' });
    });

    it("refuses another parcel's label, naming its order, and changes nothing", async () => {
      const first = await paidOrder([{ sku: 'BOOK', quantity: 1 }]);
      const second = await paidOrder([{ sku: 'BOOK', quantity: 1 }]);
      const [mine] = await ship(first.id);
      const [theirs] = await ship(second.id);
      await move(theirs!.id, 'packed', { tracking_number: '6A11112222333' });
      const session = body<PackingSession>(
        await shop.admin('POST', '/v1/packing/sessions', {
          location: mine!.location,
          order_code: first.number,
        }),
        201,
      );
      body(await scan(session.id, '9782070368228'), 200);
      const refused = expectError(await scan(session.id, '6A11112222333'), 409, 'scan_refused');
      expect(refused.message).toBe(
        `This is the label of order ${second.number}, not of this parcel. Do not stick it.`,
      );
      expect(
        body<PackingSession>(await shop.admin('GET', `/v1/packing/sessions/${session.id}`), 200).step,
      ).toBe('scanning_label');
      expect(body<Shipment>(await shop.admin('GET', `/v1/shipments/${mine!.id}`), 200).status).toBe(
        'label_created',
      );
    });

    it('answers an unknown order 404 and an order with no parcel at this location 409', async () => {
      expectError(
        await shop.admin('POST', '/v1/packing/sessions', { location: 'paris', order_code: 'AF9999999' }),
        404,
        'not_found',
      );
      const unpaid = await placed(shop.storefront, [{ sku: 'BOOK', quantity: 1 }], {
        shipping_address: paris,
      });
      expect(
        expectError(
          await shop.admin('POST', '/v1/packing/sessions', { location: 'paris', order_code: unpaid.number }),
          409,
          'scan_refused',
        ).details,
      ).toMatchObject({ reason: 'no_parcel_here' });
      expectError(await shop.admin('GET', '/v1/pick-lists?location=nowhere'), 404, 'not_found');
    });
  });

  it('shows the operations room what the warehouse has to do: the backlog by age, the packing rate, the exceptions', async () => {
    const order = await paidOrder([{ sku: 'BOOK', quantity: 1 }]);
    const [shipment] = await ship(order.id);
    await move(shipment!.id, 'exception');
    const overview = body<Overview>(await shop.admin('GET', '/v1/ops/overview'), 200);
    const waiting = [
      ...(await allOrders(shop.admin, { status: 'paid' })),
      ...(await allOrders(shop.admin, { status: 'fulfilling' })),
    ];
    expect(overview.fulfilment.backlog_total).toBe(waiting.length);
    // Every order of this test was placed within the hour.
    expect(overview.fulfilment.backlog).toEqual({
      under_1h: waiting.length,
      from_1h_to_4h: 0,
      from_4h_to_24h: 0,
      over_24h: 0,
    });
    // Packed in this file: by transition, and at the packing station.
    expect(overview.fulfilment.packed_last_hour).toBeGreaterThanOrEqual(5);
    expect(overview.fulfilment.exceptions).toBe(1);
    expect(overview.fulfilment.exception_shipments).toEqual([
      { id: shipment!.id, order_id: order.id, location: shipment!.location, since: expect.any(String) },
    ]);
  });

  it('ships an order a location going short left short, once stock is back elsewhere, and clears its flag', async () => {
    body(
      await shop.admin('PUT', '/v1/skus/CANDLE', {
        name: 'Candle',
        weight_g: 300,
        length_mm: 80,
        width_mm: 80,
        height_mm: 100,
        prices: { web: 1_500 },
      }),
      200,
    );
    body(
      await shop.admin('POST', '/v1/stock/receipts', { sku: 'CANDLE', location: 'paris', quantity: 1 }),
      201,
    );
    const order = await paidOrder([{ sku: 'CANDLE', quantity: 1 }]);
    body(
      await shop.admin('POST', '/v1/stock/shortfalls', {
        sku: 'CANDLE',
        location: 'paris',
        quantity: 1,
        reason: 'dropped',
      }),
      201,
    );
    // A room of its own: the server's keeps its overview a second, and this test reads it twice.
    const shortList = async () =>
      (await new OpsRoom(shop.ctx).overview()).fulfilment.short_order_list.map((entry) => entry.id);
    expect(await shortList()).toContain(order.id);
    expectError(await shop.admin('POST', `/v1/orders/${order.id}/shipments`), 409, 'order_not_sourceable');
    body(
      await shop.admin('POST', '/v1/stock/receipts', { sku: 'CANDLE', location: 'lyon', quantity: 1 }),
      201,
    );
    const [parcel] = await ship(order.id);
    expect(parcel).toMatchObject({ location: 'lyon', items: [{ sku: 'CANDLE', quantity: 1 }] });
    expect(await shortList()).not.toContain(order.id);
    expect(await stockByLocation(shop, 'CANDLE')).toEqual({ paris: [0, 0], lyon: [1, 1] });
  });
});
