/**
 * A shop's order history in the UCI Online Retail format (a UK gift shop's invoice lines, one a
 * row), read as past orders, pure: each line parsed and given its role (goods sold, goods credited
 * by a cancellation, or skipped for a reason), the invoices' lines gathered however the file
 * interleaves them, cancellations matched to the invoice they credit in full, and an invoice made
 * an order's content. The use case (`channels/history`) reads the file twice and writes.
 *
 * Decisions (docs/channels.md tells them to the user):
 * - A stock code is a SKU upper-cased: the shop wrote some suffix letters in lower case (`85049a`
 *   beside `85049A`, the same article).
 * - A code without a digit is no article (POST, DOT, M, D, S, BANK CHARGES, AMAZONFEE, CRUK, PADS,
 *   B…), nor are carriage (C2) and gift vouchers (`gift_0001_20`: money, not goods): skipped, and
 *   counted by code.
 * - InvoiceDate is London's wall clock: GMT, or BST from the last Sunday of March to the last
 *   Sunday of October (the rule in force since 1996).
 * - A cancellation (`C` invoice) cancels the order of the most recent earlier invoice of the same
 *   customer whose goods it credits exactly, line for line. Most credit part of an invoice (a
 *   return, a short delivery) or one outside the file: those change no order and are counted.
 */
import { fail, ok, type Result } from '../../platform/core/errors.js';
import { limits } from '../../platform/core/limits.js';

export const onlineRetailColumns = [
  'InvoiceNo',
  'StockCode',
  'Description',
  'Quantity',
  'InvoiceDate',
  'UnitPrice',
  'CustomerID',
  'Country',
] as const;
export type OnlineRetailRecord = Readonly<Record<(typeof onlineRetailColumns)[number], string>>;

/** The history's prices are in pounds sterling: it goes only on a channel that sells in GBP. */
export const historyCurrency = 'GBP';

export type InvoiceKind = 'sale' | 'cancellation' | 'adjustment';

/** One line of the file, read. */
export interface InvoiceLine {
  /** As written: `536365`, `C536379` (a cancellation), `A563185` (a bad-debt adjustment). */
  readonly invoice: string;
  readonly kind: InvoiceKind;
  /** The stock code as written, trimmed. */
  readonly code: string;
  readonly description: string;
  readonly quantity: number;
  /** In pence; null when the price holds a fraction of a penny (`0.001`). */
  readonly unitPriceMinor: number | null;
  readonly placedAtMs: number;
  /** The shop's customer number; null for a guest. */
  readonly customer: string | null;
  /** As written: `United Kingdom`, `EIRE`. */
  readonly country: string;
}

export const skipReasons = [
  'adjustment',
  'non_product',
  'negative_quantity',
  'zero_price',
  'negative_price',
  'fraction_of_penny',
] as const;
export type SkipReason = (typeof skipReasons)[number];

/** What a line is to the import. */
export type LineRole =
  /** A sale's goods: an order line. */
  | {
      readonly role: 'goods';
      readonly sku: string;
      readonly quantity: number;
      readonly unitPriceMinor: number;
    }
  /** A cancellation's line: the goods it credits, or null for a fee, postage or a line of no price. */
  | { readonly role: 'credit'; readonly credited: { readonly sku: string; readonly quantity: number } | null }
  | { readonly role: 'skipped'; readonly reason: SkipReason };

const invoicePattern = /^([CA]?)(\d+)$/;
const quantityPattern = /^-?\d+$/;
const pricePattern = /^(-?)(\d+)(?:\.(\d+))?$/;
const datePattern = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})(?::(\d{2}))?$/;
/** Written as a float by the export the file comes from: `17850.0`. */
const customerPattern = /^(\d+)(?:\.0+)?$/;
/** What the API accepts as a SKU code (`Code` in the HTTP schemas). */
const skuPattern = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** The first year of the summer-time rule `londonInstant` applies (the EU's, since 1996). */
const summerTimeRuleFromYear = 1996;
const hourMs = 3_600_000;

function invalid(field: string, message: string): Result<never> {
  return fail('validation_failed', message, { field });
}

/** `2.55` → 255 pence, without a float; `fraction` when more than two decimals are not zeros. */
export function penceOf(text: string): number | 'fraction' | null {
  const match = pricePattern.exec(text);
  if (match === null) return null;
  const [, sign, pounds, decimals = ''] = match;
  if (!/^0*$/.test(decimals.slice(2))) return 'fraction';
  const minor = Number(pounds) * 100 + Number(decimals.slice(0, 2).padEnd(2, '0'));
  if (!Number.isSafeInteger(minor)) return null;
  // `|| 0` keeps `-0.00` from becoming -0.
  return (sign === '-' ? -minor : minor) || 0;
}

/** The last Sunday of `month` (1–12) of `year`, as a day of the month. */
function lastSunday(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month, 0));
  return lastDay.getUTCDate() - lastDay.getUTCDay();
}

/**
 * The instant London's wall clock shows this time: BST (UTC+1) from 01:00 UTC on the last Sunday of
 * March to 01:00 UTC on the last Sunday of October, GMT otherwise. A time the clocks skip (01:00 to
 * 02:00 on the spring day) is null; one they show twice (01:00 to 02:00 on the autumn day) is taken
 * at its first showing, in BST.
 */
export function londonInstant(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): number | null {
  const wallClockMs = Date.UTC(year, month - 1, day, hour, minute, second);
  const summerFromMs = Date.UTC(year, 2, lastSunday(year, 3), 1);
  const summerUntilMs = Date.UTC(year, 9, lastSunday(year, 10), 1);
  const inSummer = (instantMs: number) => instantMs >= summerFromMs && instantMs < summerUntilMs;
  if (inSummer(wallClockMs - hourMs)) return wallClockMs - hourMs;
  return inSummer(wallClockMs) ? null : wallClockMs;
}

function instantOf(text: string): Result<number> {
  const match = datePattern.exec(text);
  const message = 'InvoiceDate must be YYYY-MM-DD HH:MM:SS, London time';
  if (match === null) return invalid('InvoiceDate', `${message}, not "${text}".`);
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  const exists = calendar.getUTCMonth() === month - 1 && calendar.getUTCDate() === day;
  if (!exists || hour > 23 || minute > 59 || second > 59)
    return invalid('InvoiceDate', `${message}: "${text}" is no such time.`);
  if (year < summerTimeRuleFromYear)
    return invalid('InvoiceDate', `London's summer time is known here from ${summerTimeRuleFromYear} on.`);
  const instant = londonInstant(year, month, day, hour, minute, second);
  if (instant === null)
    return invalid('InvoiceDate', `"${text}" falls in the hour London's clocks skip in spring.`);
  return ok(instant);
}

/** Reads one row; a malformed field is refused with its column named, as is an article's code the API could not name. */
export function readInvoiceLine(record: OnlineRetailRecord): Result<InvoiceLine> {
  const invoice = invoicePattern.exec(record.InvoiceNo.trim());
  if (invoice === null)
    return invalid('InvoiceNo', 'InvoiceNo is digits, after a C (a cancellation) or an A (an adjustment).');
  const code = record.StockCode.trim();
  if (code.length === 0) return invalid('StockCode', 'StockCode is empty.');
  if (isProductCode(code) && !(skuPattern.test(code) && code.length <= limits.codeLengthMax))
    return invalid(
      'StockCode',
      `StockCode ${code} cannot be a SKU: letters, digits, dot, dash or underscore, at most ${limits.codeLengthMax}.`,
    );
  const quantityText = record.Quantity.trim();
  const quantity = Number(quantityText);
  if (!quantityPattern.test(quantityText) || !Number.isSafeInteger(quantity))
    return invalid('Quantity', 'Quantity is a whole number of units (negative on a cancellation).');
  const unitPrice = penceOf(record.UnitPrice.trim());
  if (unitPrice === null) return invalid('UnitPrice', 'UnitPrice is an amount of pounds: 2.55.');
  const placedAt = instantOf(record.InvoiceDate.trim());
  if (!placedAt.ok) return placedAt;
  const customerText = record.CustomerID.trim();
  const customer = customerPattern.exec(customerText);
  if (customerText !== '' && customer === null)
    return invalid('CustomerID', 'CustomerID is a customer number (17850 or 17850.0), or empty for a guest.');
  const kindByPrefix = { '': 'sale', C: 'cancellation', A: 'adjustment' } as const;
  return ok({
    invoice: invoice[0],
    kind: kindByPrefix[invoice[1] as keyof typeof kindByPrefix],
    code,
    description: record.Description.trim(),
    quantity,
    unitPriceMinor: unitPrice === 'fraction' ? null : unitPrice,
    placedAtMs: placedAt.value,
    customer: customer === null ? null : customer[1]!,
    country: record.Country.trim(),
  });
}

/** An article, not a fee, a charge, carriage or a voucher (see the module's decisions). */
export function isProductCode(code: string): boolean {
  return /\d/.test(code) && code.toUpperCase() !== 'C2' && !/^gift_/i.test(code);
}

export function skuOf(code: string): string {
  return code.toUpperCase();
}

export function roleOf(line: InvoiceLine): LineRole {
  if (line.kind === 'adjustment') return { role: 'skipped', reason: 'adjustment' };
  const product = isProductCode(line.code);
  const price = line.unitPriceMinor;
  if (line.kind === 'cancellation') {
    const goods = product && line.quantity < 0 && price !== null && price > 0;
    return { role: 'credit', credited: goods ? { sku: skuOf(line.code), quantity: -line.quantity } : null };
  }
  if (!product) return { role: 'skipped', reason: 'non_product' };
  if (line.quantity <= 0) return { role: 'skipped', reason: 'negative_quantity' };
  if (price === null) return { role: 'skipped', reason: 'fraction_of_penny' };
  if (price === 0) return { role: 'skipped', reason: 'zero_price' };
  if (price < 0) return { role: 'skipped', reason: 'negative_price' };
  return { role: 'goods', sku: skuOf(line.code), quantity: line.quantity, unitPriceMinor: price };
}

/** The cancellation that credited a sale's goods in full: the sale's order ends cancelled. */
export interface Cancellation {
  readonly invoice: string;
  readonly atMs: number;
}

/** What the first reading of a file found: the figures, and what the second reading needs. */
export interface HistoryPlan {
  readonly invoices: Readonly<Record<InvoiceKind, number>>;
  /** Sales with goods: each is an order. */
  readonly salesWithGoods: number;
  readonly lines: {
    readonly read: number;
    readonly goods: number;
    readonly onCancellations: number;
    readonly skipped: Readonly<Record<SkipReason, number>>;
    /** Skipped as no article, or on an adjustment, by code upper-cased. */
    readonly skippedByCode: ReadonlyMap<string, number>;
  };
  readonly cancellations: {
    /** Matched to the sale whose goods they credit in full. */
    readonly matched: number;
    /** Of part of an invoice, of one outside the file, of a guest, or of fees only. */
    readonly unmatched: number;
  };
  /** Sale invoice → the cancellation that credited it in full. */
  readonly cancelled: ReadonlyMap<string, Cancellation>;
  /** Lines per invoice, to know when the second reading has all of one. */
  readonly lineCounts: ReadonlyMap<string, number>;
  /** A name for each SKU: the description on its first line of goods. */
  readonly skuNames: ReadonlyMap<string, string>;
}

interface InvoiceSeen {
  readonly kind: InvoiceKind;
  readonly customer: string | null;
  readonly placedAtMs: number;
  lines: number;
  /** `SKU quantity` of each line of goods (sold or credited), in the file's order. */
  readonly goods: string[];
}

function zeroCounts<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
}

/**
 * The first reading: every line given to `add`, in the file's order, then `plan`. It keeps a few
 * words per line of goods (to match cancellations), not the lines.
 */
export class HistoryReading {
  private readonly seen = new Map<string, InvoiceSeen>();
  private readonly skuNames = new Map<string, string>();
  private readonly skipped = zeroCounts(skipReasons);
  private readonly skippedByCode = new Map<string, number>();
  private linesRead = 0;
  private goodsLines = 0;
  private creditLines = 0;

  add(line: InvoiceLine): void {
    this.linesRead += 1;
    let invoice = this.seen.get(line.invoice);
    if (invoice === undefined) {
      // An invoice's customer and instant are its first line's (a long one may run into the next minute).
      invoice = {
        kind: line.kind,
        customer: line.customer,
        placedAtMs: line.placedAtMs,
        lines: 0,
        goods: [],
      };
      this.seen.set(line.invoice, invoice);
    }
    invoice.lines += 1;
    const role = roleOf(line);
    switch (role.role) {
      case 'goods':
        this.goodsLines += 1;
        invoice.goods.push(`${role.sku} ${role.quantity}`);
        if (!this.skuNames.has(role.sku))
          this.skuNames.set(role.sku, line.description.slice(0, limits.nameLengthMax) || role.sku);
        return;
      case 'credit':
        this.creditLines += 1;
        if (role.credited !== null) invoice.goods.push(`${role.credited.sku} ${role.credited.quantity}`);
        return;
      case 'skipped': {
        this.skipped[role.reason] += 1;
        if (role.reason === 'non_product' || role.reason === 'adjustment') {
          const code = line.code.toUpperCase();
          this.skippedByCode.set(code, (this.skippedByCode.get(code) ?? 0) + 1);
        }
        return;
      }
    }
  }

  plan(): HistoryPlan {
    const invoices = zeroCounts<InvoiceKind>(['sale', 'cancellation', 'adjustment']);
    // Customer → goods as a sorted list → sales not yet cancelled, oldest first.
    const open = new Map<string, Map<string, string[]>>();
    const cancelled = new Map<string, Cancellation>();
    const lineCounts = new Map<string, number>();
    let salesWithGoods = 0;
    let unmatched = 0;
    // Invoices in the order they first appear: the file is in time order, so earlier comes first.
    for (const [number, invoice] of this.seen) {
      invoices[invoice.kind] += 1;
      lineCounts.set(number, invoice.lines);
      if (invoice.kind === 'adjustment') continue;
      if (invoice.kind === 'sale' && invoice.goods.length > 0) salesWithGoods += 1;
      const goods = [...invoice.goods].sort().join('|');
      if (invoice.kind === 'sale') {
        if (invoice.customer === null || goods === '') continue;
        const sales = open.get(invoice.customer) ?? new Map<string, string[]>();
        open.set(invoice.customer, sales);
        sales.set(goods, [...(sales.get(goods) ?? []), number]);
        continue;
      }
      const candidates =
        invoice.customer === null || goods === '' ? undefined : open.get(invoice.customer)?.get(goods);
      const sale = candidates?.pop();
      if (sale === undefined) unmatched += 1;
      else cancelled.set(sale, { invoice: number, atMs: invoice.placedAtMs });
    }
    return {
      invoices,
      salesWithGoods,
      lines: {
        read: this.linesRead,
        goods: this.goodsLines,
        onCancellations: this.creditLines,
        skipped: { ...this.skipped },
        skippedByCode: new Map([...this.skippedByCode].sort(([, a], [, b]) => b - a)),
      },
      cancellations: { matched: cancelled.size, unmatched },
      cancelled,
      lineCounts,
      skuNames: new Map(this.skuNames),
    };
  }
}

/**
 * The second reading's lines gathered by invoice: an invoice is handed over once its last line is
 * in, by the count the first reading made, however the file interleaves invoices.
 */
export class InvoiceGathering {
  private readonly open = new Map<string, InvoiceLine[]>();

  constructor(private readonly lineCounts: ReadonlyMap<string, number>) {}

  /** The invoice's lines when `line` completes it, else null. */
  add(line: InvoiceLine): InvoiceLine[] | null {
    const expected = this.lineCounts.get(line.invoice);
    if (expected === undefined) throw new Error(`invoice ${line.invoice} was not in the first reading`);
    const lines = this.open.get(line.invoice) ?? [];
    lines.push(line);
    if (lines.length < expected) {
      this.open.set(line.invoice, lines);
      return null;
    }
    this.open.delete(line.invoice);
    return lines;
  }

  /** Invoices still waiting for lines: none, unless the file changed between the readings. */
  unfinished(): string[] {
    return [...this.open.keys()];
  }
}

/** UCI's country names as ISO 3166-1 alpha-2; `ZZ` (unknown) for a name that is no one country. */
const countryCodes: Readonly<Record<string, string>> = {
  Australia: 'AU',
  Austria: 'AT',
  Bahrain: 'BH',
  Belgium: 'BE',
  Brazil: 'BR',
  Canada: 'CA',
  'Channel Islands': 'ZZ',
  Cyprus: 'CY',
  'Czech Republic': 'CZ',
  Denmark: 'DK',
  EIRE: 'IE',
  'European Community': 'EU',
  Finland: 'FI',
  France: 'FR',
  Germany: 'DE',
  Greece: 'GR',
  'Hong Kong': 'HK',
  Iceland: 'IS',
  Israel: 'IL',
  Italy: 'IT',
  Japan: 'JP',
  Lebanon: 'LB',
  Lithuania: 'LT',
  Malta: 'MT',
  Netherlands: 'NL',
  Norway: 'NO',
  Poland: 'PL',
  Portugal: 'PT',
  RSA: 'ZA',
  'Saudi Arabia': 'SA',
  Singapore: 'SG',
  Spain: 'ES',
  Sweden: 'SE',
  Switzerland: 'CH',
  'United Arab Emirates': 'AE',
  'United Kingdom': 'GB',
  Unspecified: 'ZZ',
  USA: 'US',
};

export function countryCodeOf(country: string): string {
  return countryCodes[country] ?? 'ZZ';
}

/**
 * The customer of a past order. The file knows a customer by number and country only: the email
 * is made under `.invalid` (RFC 2606: no mail can ever reach it), so orders of one customer are
 * found together (`GET /v1/orders?q=17850@history.invalid`) and nobody is written to by mistake.
 */
export function historyCustomer(customer: string | null, country: string) {
  return {
    email: customer === null ? 'guest@history.invalid' : `${customer}@history.invalid`,
    shippingAddress: {
      name: customer === null ? 'Guest' : `Customer ${customer}`,
      line1: '',
      city: '',
      postal_code: '',
      country: countryCodeOf(country),
    },
  };
}

/** An invoice as a past order: what it sold, to whom, when, and how it ended. */
export interface PastOrderContent {
  readonly externalId: string;
  readonly status: 'delivered' | 'cancelled';
  readonly placedAtMs: number;
  /** When it reached its status: its cancellation's instant, else its own. */
  readonly updatedAtMs: number;
  readonly customerEmail: string;
  readonly shippingAddress: ReturnType<typeof historyCustomer>['shippingAddress'];
  readonly lines: readonly {
    readonly sku: string;
    readonly quantity: number;
    readonly unitPriceMinor: number;
  }[];
}

/** The order a sale invoice makes, or null when it sold no goods (fees, postage, skipped lines only). */
export function pastOrderOf(
  lines: readonly InvoiceLine[],
  cancellation?: Cancellation,
): PastOrderContent | null {
  const first = lines[0];
  if (first === undefined || first.kind !== 'sale') return null;
  const goods = lines.flatMap((line) => {
    const role = roleOf(line);
    return role.role === 'goods'
      ? [{ sku: role.sku, quantity: role.quantity, unitPriceMinor: role.unitPriceMinor }]
      : [];
  });
  if (goods.length === 0) return null;
  const customer = historyCustomer(first.customer, first.country);
  return {
    externalId: first.invoice,
    status: cancellation === undefined ? 'delivered' : 'cancelled',
    placedAtMs: first.placedAtMs,
    updatedAtMs: cancellation?.atMs ?? first.placedAtMs,
    customerEmail: customer.email,
    shippingAddress: customer.shippingAddress,
    lines: goods,
  };
}
