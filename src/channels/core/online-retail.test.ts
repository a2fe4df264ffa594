/** The Online Retail history read as past orders: prices in pence, London's clock, lines' roles, cancellations matched. */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  countryCodeOf,
  HistoryReading,
  InvoiceGathering,
  type InvoiceLine,
  londonInstant,
  type OnlineRetailRecord,
  pastOrderOf,
  penceOf,
  readInvoiceLine,
  roleOf,
} from './online-retail.js';

function record(fields: Partial<OnlineRetailRecord> = {}): OnlineRetailRecord {
  return {
    InvoiceNo: '536365',
    StockCode: '85123A',
    Description: 'WHITE HANGING HEART T-LIGHT HOLDER',
    Quantity: '6',
    InvoiceDate: '2010-12-01 08:26:00',
    UnitPrice: '2.55',
    CustomerID: '17850.0',
    Country: 'United Kingdom',
    ...fields,
  };
}

function line(fields: Partial<OnlineRetailRecord> = {}): InvoiceLine {
  const read = readInvoiceLine(record(fields));
  if (!read.ok) throw new Error(read.message);
  return read.value;
}

describe('prices in pence', () => {
  it.each([
    ['2.55', 255],
    ['2.1', 210],
    ['110.0', 11_000],
    ['0', 0],
    ['0.00', 0],
    ['1.250', 125],
    ['-11062.06', -1_106_206],
  ])('%s pounds is %i pence', (text, pence) => {
    expect(penceOf(text)).toBe(pence);
  });

  it('tells a fraction of a penny apart, and refuses what is no amount', () => {
    expect(penceOf('0.001')).toBe('fraction');
    expect(penceOf('2.555')).toBe('fraction');
    for (const text of ['', 'abc', '1e3', '£2.55', '2,55', '.5', '99999999999999999.00'])
      expect(penceOf(text), text).toBeNull();
  });

  it('reads any amount of pounds and pence exactly, without a float', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 99 }),
        (pounds, pence) => {
          expect(penceOf(`${pounds}.${String(pence).padStart(2, '0')}`)).toBe(pounds * 100 + pence);
        },
      ),
    );
  });
});

describe("London's clock", () => {
  it('agrees with the time-zone database around every change of 1996–2030, and at noon every day of the file', () => {
    const instants: number[] = [];
    for (let year = 1996; year <= 2030; year++) {
      for (const month of [2, 9]) {
        // Each hour of the week holding the last Sunday of March and of October.
        const start = Date.UTC(year, month, 25);
        for (let at = start; at < start + 7 * 86_400_000; at += 3_600_000) instants.push(at);
      }
    }
    for (let at = Date.UTC(2010, 11, 1, 12); at < Date.UTC(2011, 11, 1); at += 86_400_000) instants.push(at);
    for (const at of instants) {
      const wall = DateTime.fromMillis(at, { zone: 'Europe/London' });
      const instant = londonInstant(wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second);
      // The second showing of the autumn hour maps to its first: the next test checks it.
      const secondShowing = wall.offset === 0 && wall.minus({ hours: 1 }).offset === 60;
      if (!secondShowing) expect(instant, wall.toISO()!).toBe(at);
    }
  });

  it('has no instant for the hour skipped in spring, and takes the first of the hour shown twice in autumn', () => {
    expect(londonInstant(2011, 3, 27, 0, 59, 0)).toBe(Date.parse('2011-03-27T00:59:00Z'));
    expect(londonInstant(2011, 3, 27, 1, 30, 0)).toBeNull();
    expect(londonInstant(2011, 3, 27, 2, 0, 0)).toBe(Date.parse('2011-03-27T01:00:00Z'));
    expect(londonInstant(2011, 10, 30, 1, 30, 0)).toBe(Date.parse('2011-10-30T00:30:00Z'));
    expect(londonInstant(2011, 10, 30, 2, 0, 0)).toBe(Date.parse('2011-10-30T02:00:00Z'));
  });
});

describe('a line read', () => {
  it('reads the fields of a sale, the customer without its ".0", the time as London’s', () => {
    expect(line()).toEqual({
      invoice: '536365',
      kind: 'sale',
      code: '85123A',
      description: 'WHITE HANGING HEART T-LIGHT HOLDER',
      quantity: 6,
      unitPriceMinor: 255,
      placedAtMs: Date.parse('2010-12-01T08:26:00Z'),
      customer: '17850',
      country: 'United Kingdom',
    });
    expect(line({ InvoiceDate: '2011-08-12 14:50:00' }).placedAtMs).toBe(Date.parse('2011-08-12T13:50:00Z'));
    expect(line({ CustomerID: '' }).customer).toBeNull();
    expect(line({ InvoiceNo: 'C536379' }).kind).toBe('cancellation');
    expect(line({ InvoiceNo: 'A563185' }).kind).toBe('adjustment');
  });

  it.each([
    ['InvoiceNo', { InvoiceNo: 'X536365' }],
    ['StockCode', { StockCode: ' ' }],
    ['StockCode', { StockCode: '85123 A' }],
    ['Quantity', { Quantity: '1.5' }],
    ['UnitPrice', { UnitPrice: '£2.55' }],
    ['InvoiceDate', { InvoiceDate: '12/1/2010 8:26' }],
    ['InvoiceDate', { InvoiceDate: '2011-02-29 10:00:00' }],
    ['InvoiceDate', { InvoiceDate: '2011-03-27 01:30:00' }],
    ['InvoiceDate', { InvoiceDate: '1990-06-01 10:00:00' }],
    ['CustomerID', { CustomerID: '17850.5' }],
  ] as const)('refuses a malformed %s: %j', (field, fields) => {
    const read = readInvoiceLine(record(fields));
    expect(read).toMatchObject({ ok: false, code: 'validation_failed', details: { field } });
  });

  it('takes a code with a space when it is no article: it is skipped, not a SKU', () => {
    expect(roleOf(line({ StockCode: 'BANK CHARGES', UnitPrice: '15.0' }))).toEqual({
      role: 'skipped',
      reason: 'non_product',
    });
  });
});

describe('the role of a line', () => {
  it.each([
    ['an adjustment', { InvoiceNo: 'A563185', StockCode: 'B', UnitPrice: '11062.06' }, 'adjustment'],
    ['postage', { StockCode: 'POST', UnitPrice: '18.0' }, 'non_product'],
    ['a manual line in lower case', { StockCode: 'm', UnitPrice: '2.5' }, 'non_product'],
    ['carriage', { StockCode: 'C2', UnitPrice: '50.0' }, 'non_product'],
    ['a gift voucher', { StockCode: 'gift_0001_20', UnitPrice: '17.02' }, 'non_product'],
    ['stock taken back', { Quantity: '-12', UnitPrice: '0.0' }, 'negative_quantity'],
    ['a free article', { UnitPrice: '0.0' }, 'zero_price'],
    ['a negative price', { UnitPrice: '-1.00' }, 'negative_price'],
    ['a price below a penny', { UnitPrice: '0.001' }, 'fraction_of_penny'],
  ] as const)('%s is skipped as %s', (_name, fields, reason) => {
    expect(roleOf(line(fields))).toEqual({ role: 'skipped', reason });
  });

  it('makes goods a SKU in upper case, and a cancellation credit them', () => {
    expect(roleOf(line({ StockCode: '85049a', Quantity: '12', UnitPrice: '1.25' }))).toEqual({
      role: 'goods',
      sku: '85049A',
      quantity: 12,
      unitPriceMinor: 125,
    });
    expect(roleOf(line({ InvoiceNo: 'C536379', Quantity: '-6' }))).toEqual({
      role: 'credit',
      credited: { sku: '85123A', quantity: 6 },
    });
    expect(roleOf(line({ InvoiceNo: 'C536379', StockCode: 'D', Quantity: '-1' }))).toEqual({
      role: 'credit',
      credited: null,
    });
  });
});

/** Lines of one invoice: `[code, quantity]` pairs at one instant for one customer. */
function invoice(number: string, customer: string, at: string, goods: [string, number][]): InvoiceLine[] {
  return goods.map(([code, quantity]) =>
    line({
      InvoiceNo: number,
      StockCode: code,
      Quantity: String(quantity),
      InvoiceDate: at,
      CustomerID: customer,
      Description: `ITEM ${code}`,
    }),
  );
}

function plan(lines: readonly InvoiceLine[]) {
  const reading = new HistoryReading();
  for (const each of lines) reading.add(each);
  return reading.plan();
}

describe('a history read', () => {
  it('cancels the latest earlier sale a cancellation credits in full, whatever the lines’ order', () => {
    const history = [
      ...invoice('500001', '12', '2011-01-03 10:00:00', [
        ['10001', 2],
        ['10002', 1],
      ]),
      ...invoice('500002', '12', '2011-01-03 11:00:00', [
        ['10001', 2],
        ['10002', 1],
      ]),
      ...invoice('C500003', '12', '2011-01-03 12:00:00', [
        ['10002', -1],
        ['10001', -2],
      ]),
      ...invoice('C500004', '12', '2011-01-03 12:30:00', [
        ['10002', -1],
        ['10001', -2],
      ]),
      ...invoice('C500005', '12', '2011-01-03 13:00:00', [
        ['10002', -1],
        ['10001', -2],
      ]),
    ];
    const read = plan(history);
    expect([...read.cancelled]).toEqual([
      ['500002', { invoice: 'C500003', atMs: Date.parse('2011-01-03T12:00:00Z') }],
      ['500001', { invoice: 'C500004', atMs: Date.parse('2011-01-03T12:30:00Z') }],
    ]);
    expect(read.cancellations).toEqual({ matched: 2, unmatched: 1 });
  });

  it('leaves a partial credit, another customer’s, a guest’s and one of fees only unmatched', () => {
    const history = [
      ...invoice('500001', '12', '2011-01-03 10:00:00', [
        ['10001', 2],
        ['10002', 1],
      ]),
      ...invoice('C500002', '12', '2011-01-03 11:00:00', [['10001', -2]]),
      ...invoice('C500003', '13', '2011-01-03 11:00:00', [
        ['10001', -2],
        ['10002', -1],
      ]),
      ...invoice('C500004', '', '2011-01-03 11:00:00', [
        ['10001', -2],
        ['10002', -1],
      ]),
      ...invoice('C500005', '12', '2011-01-03 11:00:00', [['POST', -1]]),
    ];
    const read = plan(history);
    expect(read.cancelled.size).toBe(0);
    expect(read.cancellations).toEqual({ matched: 0, unmatched: 4 });
  });

  it('counts every line once: goods, on cancellations, or skipped by reason and by code', () => {
    const history = [
      ...invoice('500001', '12', '2011-01-03 10:00:00', [
        ['10001', 2],
        ['10001', 3],
        ['post', 1],
        ['POST', 1],
        ['10003', -4],
      ]),
      ...invoice('500002', '', '2011-01-03 10:05:00', [['DOT', 1]]),
      ...invoice('C500003', '12', '2011-01-03 11:00:00', [['10009', -1]]),
      line({ InvoiceNo: 'A500004', StockCode: 'B', Quantity: '1', UnitPrice: '100.0' }),
    ];
    const read = plan(history);
    expect(read.invoices).toEqual({ sale: 2, cancellation: 1, adjustment: 1 });
    expect(read.salesWithGoods).toBe(1);
    expect(read.lines.read).toBe(8);
    expect(read.lines.goods).toBe(2);
    expect(read.lines.onCancellations).toBe(1);
    expect(read.lines.skipped).toEqual({
      adjustment: 1,
      non_product: 3,
      negative_quantity: 1,
      zero_price: 0,
      negative_price: 0,
      fraction_of_penny: 0,
    });
    expect([...read.lines.skippedByCode]).toEqual([
      ['POST', 2],
      ['DOT', 1],
      ['B', 1],
    ]);
    expect([...read.lineCounts]).toEqual([
      ['500001', 5],
      ['500002', 1],
      ['C500003', 1],
      ['A500004', 1],
    ]);
    expect([...read.skuNames]).toEqual([['10001', 'ITEM 10001']]);
  });
});

describe('invoices gathered, and made orders', () => {
  it('hands an invoice over once its last line is in, however interleaved', () => {
    const first = invoice('500001', '12', '2011-01-03 10:00:00', [
      ['10001', 1],
      ['10002', 1],
    ]);
    const second = invoice('500002', '13', '2011-01-03 10:00:00', [['10003', 1]]);
    const gathering = new InvoiceGathering(
      new Map([
        ['500001', 2],
        ['500002', 1],
      ]),
    );
    expect(gathering.add(first[0]!)).toBeNull();
    expect(gathering.add(second[0]!)).toEqual(second);
    expect(gathering.unfinished()).toEqual(['500001']);
    expect(gathering.add(first[1]!)).toEqual(first);
    expect(gathering.unfinished()).toEqual([]);
    expect(() => gathering.add(line({ InvoiceNo: '599999' }))).toThrow(/not in the first reading/);
  });

  it('makes a sale an order of its goods, delivered, or cancelled at its cancellation', () => {
    const lines = [
      ...invoice('500001', '12', '2011-03-27 10:00:00', [
        ['10001', 2],
        ['POST', 1],
        ['10002a', 3],
      ]),
    ].map((each) => ({ ...each, country: 'EIRE' }));
    const order = pastOrderOf(lines);
    expect(order).toEqual({
      externalId: '500001',
      status: 'delivered',
      placedAtMs: Date.parse('2011-03-27T09:00:00Z'),
      updatedAtMs: Date.parse('2011-03-27T09:00:00Z'),
      customerEmail: '12@history.invalid',
      shippingAddress: { name: 'Customer 12', line1: '', city: '', postal_code: '', country: 'IE' },
      lines: [
        { sku: '10001', quantity: 2, unitPriceMinor: 255 },
        { sku: '10002A', quantity: 3, unitPriceMinor: 255 },
      ],
    });
    const atMs = Date.parse('2011-03-28T10:00:00Z');
    expect(pastOrderOf(lines, { invoice: 'C500002', atMs })).toMatchObject({
      status: 'cancelled',
      updatedAtMs: atMs,
    });
  });

  it('makes no order of a sale of fees only, of a cancellation, or for a guest’s unknown country', () => {
    expect(pastOrderOf(invoice('500001', '12', '2011-01-03 10:00:00', [['POST', 1]]))).toBeNull();
    expect(pastOrderOf(invoice('C500001', '12', '2011-01-03 10:00:00', [['10001', -1]]))).toBeNull();
    const guest = pastOrderOf(
      invoice('500002', '', '2011-01-03 10:00:00', [['10001', 1]]).map((each) => ({
        ...each,
        country: 'Unspecified',
      })),
    );
    expect(guest).toMatchObject({
      customerEmail: 'guest@history.invalid',
      shippingAddress: { name: 'Guest', country: 'ZZ' },
    });
    expect(countryCodeOf('Channel Islands')).toBe('ZZ');
    expect(countryCodeOf('United Kingdom')).toBe('GB');
  });
});
