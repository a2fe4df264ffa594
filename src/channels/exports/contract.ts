/**
 * The contract of exports: one row of each export, the one definition of its CSV columns (in this
 * order) and of the fields of each JSON Lines line.
 */
import { type Static, Type } from '@sinclair/typebox';
import { Movement } from '../../inventory/contract.js';
import { Instant, Nullable } from '../../platform/http/schemas.js';

/** What can be exported, and how. */
export const exportKinds = ['orders', 'stock', 'ledger'] as const;
export type ExportKind = (typeof exportKinds)[number];
export const exportFormats = ['csv', 'jsonl'] as const;
export type ExportFormat = (typeof exportFormats)[number];

const Minor = (description: string) =>
  Type.Integer({ description: `${description}, in minor units of \`currency\`` });

/**
 * One order line a row, its order's identity and totals repeated on each: what an accountant loads
 * into a spreadsheet, where a pivot sums the lines by order, day, channel or SKU without a join,
 * and takes an order's total once per order number. Amounts stay exact integers in minor units, as
 * everywhere in the API (never a float); VAT per line, so that a VAT return sums it.
 */
export const OrderLineExport = Type.Object({
  order_id: Type.String(),
  order_number: Type.String(),
  external_id: Nullable(Type.String({ description: "The channel's own reference (an invoice number)" })),
  channel: Type.String(),
  status: Type.String(),
  placed_at: Instant,
  currency: Type.String(),
  customer_email: Type.String(),
  line_no: Type.Integer(),
  sku: Type.String(),
  quantity: Type.Integer(),
  unit_price_minor: Minor('The unit price paid'),
  line_total_minor: Minor('Quantity × unit price'),
  tax_rate_bp: Type.Integer({ description: 'The line’s VAT rate in basis points (2000: 20 %)' }),
  line_tax_minor: Minor('The line’s share of its rate’s VAT'),
  order_total_minor: Minor('What the customer paid for the whole order'),
  order_tax_total_minor: Minor('The whole order’s VAT'),
});
export type OrderLineExport = Static<typeof OrderLineExport>;

/** Stock of one SKU at one location. */
export const StockExport = Type.Object({
  sku: Type.String(),
  location: Type.String(),
  on_hand: Type.Integer(),
  reserved: Type.Integer({ description: 'Held for open orders and for checkout holds' }),
  allocated: Type.Integer({
    description:
      'Of `reserved`, the units open orders hold (placed, paid or being fulfilled); the rest is held by checkout holds',
  }),
  available: Type.Integer({ description: 'on_hand − reserved' }),
});
export type StockExport = Static<typeof StockExport>;

/** A movement of the stock ledger, as `GET /v1/stock/{sku}/movements` gives it. */
export const LedgerExport = Movement;
export type LedgerExport = Static<typeof LedgerExport>;
