/**
 * Promo codes through the API, on both stores: their terms and each refusal, discounts on the order
 * with their VAT, a cancelled order giving its use back once, batches of single-use codes, and the
 * kill switch with its audit row.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Order } from '../src/orders/contract.js';
import type { AuditEntry } from '../src/platform/audit/contract.js';
import type { Page } from '../src/platform/http/schemas.js';
import type { PromoCodeView } from '../src/pricing/promo-codes/contract.js';
import { body, expectError, newKey } from './support/api-helpers.js';
import { manualClock, openShop, orderBody, type TestShop } from './support/shop.js';
import { engines } from './support/stores.js';

function code(overrides: Record<string, unknown> = {}) {
  return {
    code: 'bf10',
    kind: 'percent',
    value: 10,
    channels: ['web'],
    stacks_with_sales: true,
    ...overrides,
  };
}

describe.each(engines)('promo codes on %s', (engine) => {
  const clock = manualClock(Date.parse('2026-11-20T10:00:00.000Z'));
  let shop: TestShop;

  const place = (lines: { sku: string; quantity: number }[], extra: Record<string, unknown> = {}) =>
    shop.storefront('POST', '/v1/orders', orderBody(lines, extra), { 'idempotency-key': newKey() });
  const promoCode = async (name: string) =>
    body<PromoCodeView>(await shop.admin('GET', `/v1/promo-codes/${name}`), 200);

  beforeAll(async () => {
    shop = await openShop(engine, { clock });
    for (const sku of ['MUG-BLUE', 'TEE-M'])
      body(await shop.admin('POST', '/v1/stock/receipts', { sku, location: 'paris', quantity: 50 }), 201);
  });
  afterAll(() => shop.close());

  it('creates a code stored upper-case, and refuses a second under any case', async () => {
    const created = body<PromoCodeView>(
      await shop.admin('POST', '/v1/promo-codes', code({ usage_limit: 3 })),
      201,
    );
    expect(created).toMatchObject({
      code: 'BF10',
      kind: 'percent',
      value: 10,
      channels: ['web'],
      usage_limit: 3,
      used: 0,
      remaining: 3,
      status: 'active',
      disabled: null,
      batch: null,
    });
    expectError(
      await shop.admin('POST', '/v1/promo-codes', code({ code: ' Bf10 ' })),
      409,
      'promo_code_exists',
    );
    expect(
      body<Page<PromoCodeView>>(await shop.admin('GET', '/v1/promo-codes'), 200).data.map((c) => c.code),
    ).toEqual(['BF10']);
  });

  it('refuses terms that cannot hold, creating nothing', async () => {
    expectError(
      await shop.admin('POST', '/v1/promo-codes', code({ code: 'PCT', value: 101 })),
      400,
      'validation_failed',
    );
    expectError(
      await shop.admin(
        'POST',
        '/v1/promo-codes',
        code({ code: 'BACKWARDS', starts_at: '2026-12-01T00:00:00Z', ends_at: '2026-11-01T00:00:00Z' }),
      ),
      400,
      'validation_failed',
    );
    expectError(
      await shop.admin('POST', '/v1/promo-codes', code({ code: 'MOON', channels: ['moon'] })),
      422,
      'unknown_channel',
    );
    expectError(
      await shop.admin('POST', '/v1/promo-codes', code({ code: 'no spaces inside' })),
      400,
      'validation_failed',
    );
    expectError(await shop.storefront('POST', '/v1/promo-codes', code({ code: 'MINE' })), 403, 'forbidden');
    for (const name of ['PCT', 'BACKWARDS', 'MOON', 'MINE'])
      expectError(await shop.admin('GET', `/v1/promo-codes/${name}`), 404, 'not_found');
  });

  it('takes the discount off the lines, recomputes their VAT, and shows each code on the order', async () => {
    // 2 mugs at 12.90 and a tee at 25.00, prices including 20 % VAT: 50.80, 10 % off is 5.08.
    const order = body<Order>(
      await place(
        [
          { sku: 'MUG-BLUE', quantity: 2 },
          { sku: 'TEE-M', quantity: 1 },
        ],
        { promo_codes: [' bf10'] },
      ),
      201,
    );
    expect(order.promo_codes).toEqual([{ code: 'BF10', discount: 508 }]);
    expect(order.discount_total).toBe(508);
    expect(order.lines.map((line) => [line.unit_price, line.discount, line.total])).toEqual([
      [1290, 258, 2322],
      [2500, 250, 2250],
    ]);
    expect(order.total).toBe(5080 - 508);
    // VAT at 20 % inside 45.72, rounded once: 7.62.
    expect(order.taxes).toEqual([{ rate_bp: 2000, base: 4572 - 762, tax: 762 }]);
    expect(order.lines.reduce((total, line) => total + line.tax, 0)).toBe(762);
    // The order reads back as it was answered.
    expect(body<Order>(await shop.admin('GET', `/v1/orders/${order.id}`), 200)).toEqual(order);
    expect(await promoCode('BF10')).toMatchObject({ used: 1, remaining: 2 });
  });

  it('names each refusal and places nothing: unknown, another channel, too small a basket, used up', async () => {
    const before = (await promoCode('BF10')).used;
    expect(
      expectError(
        await place([{ sku: 'MUG-BLUE', quantity: 1 }], { promo_codes: ['NOPE'] }),
        422,
        'unknown_promo_code',
      ).details,
    ).toEqual({
      promo_codes: ['NOPE'],
    });
    expect(
      expectError(
        await place([{ sku: 'MUG-BLUE', quantity: 1 }], { channel: 'marketplace', promo_codes: ['BF10'] }),
        422,
        'promo_code_not_applicable',
      ).details,
    ).toMatchObject({ reason: 'channel' });
    body(
      await shop.admin(
        'POST',
        '/v1/promo-codes',
        code({ code: 'BIG', kind: 'amount', value: 500, min_basket: 5000 }),
      ),
      201,
    );
    expect(
      expectError(
        await place([{ sku: 'MUG-BLUE', quantity: 1 }], { promo_codes: ['BIG'] }),
        422,
        'promo_code_not_applicable',
      ).details,
    ).toMatchObject({ reason: 'min_basket', min_basket: 5000 });
    expect((await promoCode('BF10')).used).toBe(before);
    // Two uses left of three: the third order is refused, not placed at full price.
    body(await place([{ sku: 'MUG-BLUE', quantity: 1 }], { promo_codes: ['BF10'] }), 201);
    body(await place([{ sku: 'MUG-BLUE', quantity: 1 }], { promo_codes: ['BF10'] }), 201);
    expect(
      expectError(
        await place([{ sku: 'MUG-BLUE', quantity: 1 }], { promo_codes: ['BF10'] }),
        409,
        'promo_code_exhausted',
      ).details,
    ).toMatchObject({ promo_code: 'BF10', limit: 'usage', usage_limit: 3 });
    expect(await promoCode('BF10')).toMatchObject({ used: 3, remaining: 0, status: 'used_up' });
  });

  it('gives a cancelled order’s use back once, whatever the retries', async () => {
    const orders = body<Page<Order>>(await shop.admin('GET', '/v1/orders?limit=100'), 200).data;
    const discounted = orders.find((order) => order.promo_codes.length > 0 && order.status === 'placed')!;
    body(await shop.admin('POST', `/v1/orders/${discounted.id}/cancel`), 200);
    expectError(await shop.admin('POST', `/v1/orders/${discounted.id}/cancel`), 409, 'invalid_transition');
    expect(await promoCode('BF10')).toMatchObject({ used: 2, remaining: 1 });
    // The order keeps what it was sold at; the use given back is the next buyer's.
    expect(body<Order>(await shop.admin('GET', `/v1/orders/${discounted.id}`), 200).promo_codes).toEqual(
      discounted.promo_codes,
    );
    body(await place([{ sku: 'TEE-M', quantity: 1 }], { promo_codes: ['BF10'] }), 201);
    expectError(
      await place([{ sku: 'MUG-BLUE', quantity: 1 }], { promo_codes: ['BF10'] }),
      409,
      'promo_code_exhausted',
    );
  });

  it('holds the per-customer limit however the customer spells their email', async () => {
    body(
      await shop.admin(
        'POST',
        '/v1/promo-codes',
        code({ code: 'WELCOME', kind: 'amount', value: 300, per_customer_limit: 1 }),
      ),
      201,
    );
    const as = (email: string) => ({ customer: { email }, promo_codes: ['welcome'] });
    body(await place([{ sku: 'MUG-BLUE', quantity: 1 }], as('lea@example.fr')), 201);
    for (const email of ['Lea@Example.fr', 'lea+again@example.fr']) {
      expect(
        expectError(await place([{ sku: 'MUG-BLUE', quantity: 1 }], as(email)), 409, 'promo_code_exhausted')
          .details,
      ).toMatchObject({ limit: 'per_customer' });
    }
    body(await place([{ sku: 'MUG-BLUE', quantity: 1 }], as('noah@example.fr')), 201);
  });

  it('is valid only in its period', async () => {
    body(
      await shop.admin(
        'POST',
        '/v1/promo-codes',
        code({ code: 'LATER', starts_at: '2026-11-27T00:00:00Z', ends_at: '2026-11-28T00:00:00Z' }),
      ),
      201,
    );
    const reason = async () =>
      (
        expectError(
          await place([{ sku: 'TEE-M', quantity: 1 }], { promo_codes: ['LATER'] }),
          422,
          'promo_code_inactive',
        ).details as { reason: string }
      ).reason;
    expect(await reason()).toBe('not_started');
    expect((await promoCode('LATER')).status).toBe('not_started');
    clock.advance(8 * 24 * 3600 * 1000);
    expect(await reason()).toBe('ended');
    expect((await promoCode('LATER')).status).toBe('ended');
  });

  it('leaves sale lines alone when it does not stack with sales, and says so when nothing is left', async () => {
    const now = new Date(clock.now());
    const local = (days: number) => new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 16);
    const sale = body<{ id: string }>(
      await shop.admin('POST', '/v1/sales', {
        name: 'Flash',
        kind: 'flash',
        channels: ['web'],
        starts_at: local(1),
        ends_at: local(2),
        discount_bp: 2000,
        items: [{ sku: 'MUG-BLUE' }],
      }),
      201,
    );
    clock.advance(1.5 * 86_400_000);
    body(
      await shop.admin('POST', '/v1/promo-codes', code({ code: 'FULLPRICE', stacks_with_sales: false })),
      201,
    );
    const order = body<Order>(
      await place(
        [
          { sku: 'MUG-BLUE', quantity: 1 },
          { sku: 'TEE-M', quantity: 1 },
        ],
        { promo_codes: ['FULLPRICE'] },
      ),
      201,
    );
    expect(order.lines.map((line) => [line.sale_id, line.discount])).toEqual([
      [sale.id, 0],
      [null, 250],
    ]);
    expect(
      expectError(
        await place([{ sku: 'MUG-BLUE', quantity: 1 }], { promo_codes: ['FULLPRICE'] }),
        422,
        'promo_code_not_applicable',
      ).details,
    ).toMatchObject({ reason: 'sale_items_only' });
  });

  it('makes single-use codes from a template, each good for one order, the template for none', async () => {
    body(
      await shop.admin('POST', '/v1/promo-codes', code({ code: 'ADVENT', kind: 'amount', value: 200 })),
      201,
    );
    const made = await shop.admin('POST', '/v1/promo-codes/advent/batch', { count: 5 });
    expect(made.statusCode).toBe(201);
    expect(made.headers['content-type']).toMatch(/^text\/csv/);
    const rows = parse(made.body, { columns: true }) as { code: string; used: string }[];
    expect(rows).toHaveLength(5);
    for (const row of rows)
      expect(row).toEqual({ code: expect.stringMatching(/^ADVENT-[0-9A-HJKMNP-TV-Z]{10}$/), used: 'no' });
    const single = rows[0]!.code;
    body(await place([{ sku: 'TEE-M', quantity: 1 }], { promo_codes: [single.toLowerCase()] }), 201);
    expectError(
      await place([{ sku: 'TEE-M', quantity: 1 }], { promo_codes: [single] }),
      409,
      'promo_code_exhausted',
    );
    expect(
      expectError(
        await place([{ sku: 'TEE-M', quantity: 1 }], { promo_codes: ['ADVENT'] }),
        422,
        'promo_code_not_applicable',
      ).details,
    ).toMatchObject({ reason: 'batch_template' });
    expect(await promoCode('ADVENT')).toMatchObject({ batch: { made: 5, used: 1 } });
    const again = parse((await shop.admin('GET', '/v1/promo-codes/ADVENT/batch')).body, { columns: true });
    expect(again).toContainEqual({ code: single, used: 'yes' });
    expectError(
      await shop.admin('POST', `/v1/promo-codes/${single}/batch`, { count: 1 }),
      400,
      'validation_failed',
    );
  });

  it('stops a code at once with the kill switch, keeps accepted orders’ discounts, and audits it', async () => {
    body(await shop.admin('POST', '/v1/promo-codes', code({ code: 'LEAKED' })), 201);
    const accepted = body<Order>(
      await place([{ sku: 'TEE-M', quantity: 1 }], { promo_codes: ['LEAKED'] }),
      201,
    );
    expectError(await shop.admin('POST', '/v1/promo-codes/LEAKED/disable', {}), 400, 'validation_failed');
    const disabled = body<PromoCodeView>(
      await shop.admin('POST', '/v1/promo-codes/leaked/disable', { reason: 'posted on a coupon forum' }),
      200,
    );
    expect(disabled).toMatchObject({
      status: 'disabled',
      disabled: { by: 'test admin', reason: 'posted on a coupon forum' },
    });
    expect(
      expectError(
        await place([{ sku: 'TEE-M', quantity: 1 }], { promo_codes: ['LEAKED'] }),
        422,
        'promo_code_inactive',
      ).details,
    ).toMatchObject({ reason: 'disabled' });
    expect(body<Order>(await shop.admin('GET', `/v1/orders/${accepted.id}`), 200).discount_total).toBe(250);
    const audit = body<Page<AuditEntry>>(await shop.admin('GET', '/v1/audit-log?limit=1'), 200).data[0]!;
    expect(audit).toMatchObject({
      action: 'pricing.promo_code',
      target: 'LEAKED',
      reason: 'posted on a coupon forum',
      details: { disabled: true },
    });
    // A template's switch is its batch's.
    body(await shop.admin('POST', '/v1/promo-codes/ADVENT/disable', { reason: 'batch leaked' }), 200);
    const unused = (
      parse((await shop.admin('GET', '/v1/promo-codes/ADVENT/batch')).body, { columns: true }) as {
        code: string;
        used: string;
      }[]
    ).find((row) => row.used === 'no')!;
    expectError(
      await place([{ sku: 'TEE-M', quantity: 1 }], { promo_codes: [unused.code] }),
      422,
      'promo_code_inactive',
    );
    body(await shop.admin('POST', '/v1/promo-codes/ADVENT/enable', { reason: 'new batch sent' }), 200);
    body(await place([{ sku: 'TEE-M', quantity: 1 }], { promo_codes: [unused.code] }), 201);
  });
});
