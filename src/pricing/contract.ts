/** The contract of pricing: the TypeBox schemas of its answers, the one definition of their shape (routes validate and document with them; use cases, tests and the page use their Static types). */
import { type Static, Type } from '@sinclair/typebox';
import { Instant, literals, Nullable } from '../platform/http/schemas.js';
import { roundingRules } from './core/discount.js';
import { soldesSeasons } from './core/soldes.js';
import { saleKinds } from './core/timeline.js';

const Minor = (description: string) => Type.Integer({ description: `${description}, in minor units` });

export const PriceSegment = Type.Object({
  channel: Type.String(),
  price: Minor('The unit price applied'),
  from: Instant,
  to: Nullable(Instant),
  source: literals(['base', 'sale'] as const),
  sale_id: Nullable(Type.String()),
});
export type PriceSegment = Static<typeof PriceSegment>;

export const PriceHistory = Type.Object({ data: Type.Array(PriceSegment) });
export type PriceHistory = Static<typeof PriceHistory>;

export const ImportError = Type.Object({
  row: Type.Integer({ description: 'The row, from 1 (in a file: its line, the header being line 1)' }),
  field: Type.String(),
  message: Type.String(),
});
export type ImportError = Static<typeof ImportError>;

export const ImportResult = Type.Object({
  imported: Type.Integer({ description: 'Rows written; with `dry_run`, rows that would be' }),
  errors: Type.Array(ImportError),
});
export type ImportResult = Static<typeof ImportResult>;

export const SaleProblem = Type.Object({
  code: Type.String(),
  message: Type.String(),
  sku: Type.Optional(Type.String()),
  channel: Type.Optional(Type.String()),
});
export type SaleProblem = Static<typeof SaleProblem>;

export const SaleCheck = Type.Object({ ok: Type.Boolean(), problems: Type.Array(SaleProblem) });
export type SaleCheck = Static<typeof SaleCheck>;

export const saleStatuses = ['scheduled', 'running', 'ended'] as const;
export type SaleStatus = (typeof saleStatuses)[number];

export const SaleSummary = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: literals(saleKinds),
  status: literals(saleStatuses),
  channels: Type.Array(Type.String()),
  time_zone: Type.String(),
  starts_at: Instant,
  ends_at: Instant,
  starts_local: Type.String({ description: 'The start on the wall clock of `time_zone`' }),
  ends_local: Type.String(),
  discount_bp: Nullable(Type.Integer()),
  rounding: literals(roundingRules),
  item_count: Type.Integer(),
  ended_at: Nullable(Instant),
  end_reason: Nullable(Type.String()),
  check: SaleCheck,
  created_at: Instant,
  updated_at: Instant,
});
export type SaleSummary = Static<typeof SaleSummary>;

export const SaleItem = Type.Object({
  sku: Type.String(),
  price: Nullable(Type.Integer()),
  discount_bp: Nullable(Type.Integer()),
});
export const Sale = Type.Composite([SaleSummary, Type.Object({ items: Type.Array(SaleItem) })]);
export type Sale = Static<typeof Sale>;

export const StorefrontPrice = Type.Object({
  sku: Type.String(),
  channel: Type.String(),
  currency: Type.String(),
  price: Minor('The price in force now, as the channel shows prices (including tax or not)'),
  price_excluding_tax: Type.Integer(),
  tax_rate_bp: Type.Integer(),
  reference_price: Nullable(
    Type.Integer({
      description:
        'During a sale: the lowest price of the 30 days before the reduction began (EU Directive 2019/2161), to show struck through; null otherwise',
    }),
  ),
  discount_bp: Nullable(Type.Integer({ description: 'The reduction from `reference_price`, rounded down' })),
  sale: Nullable(
    Type.Object({ id: Type.String(), name: Type.String(), kind: literals(saleKinds), ends_at: Instant }),
  ),
});
export type StorefrontPrice = Static<typeof StorefrontPrice>;

export const ComplianceRow = Type.Object({
  sku: Type.String(),
  channel: Type.String(),
  currency: Type.String({ description: 'The channel’s: every price of the row is in its minor units' }),
  sale_price: Nullable(
    Type.Integer({ description: 'The sale price at its start; null if the SKU had no price then' }),
  ),
  reference_price: Nullable(Type.Integer()),
  rule: literals(['lowest_in_30_days', 'perishable_prior_price', 'no_prior_price'] as const),
  reduction_started_at: Instant,
  window_from: Instant,
  applied: Type.Array(PriceSegment, {
    description: 'The prices applied in the window the reference rests on',
  }),
  discount_bp: Nullable(Type.Integer()),
  naive_reference_price: Nullable(Type.Integer({ description: 'The price just before the sale' })),
  naive_discount_bp: Nullable(Type.Integer()),
  raises: Type.Array(Type.Object({ at: Instant, from_price: Type.Integer(), to_price: Type.Integer() })),
});
export type ComplianceRow = Static<typeof ComplianceRow>;
export const Compliance = Type.Object({ sale_id: Type.String(), data: Type.Array(ComplianceRow) });
export type Compliance = Static<typeof Compliance>;

export const SoldesPeriod = Type.Object({
  year: Type.Integer(),
  season: literals(soldesSeasons),
  starts_at: Instant,
  ends_at: Instant,
  starts_local: Type.String({ description: 'On France’s wall clock' }),
  ends_local: Type.String({ description: 'The first instant after the period, on France’s wall clock' }),
  source: literals(['rule', 'override'] as const),
  reason: Nullable(Type.String()),
});
export type SoldesPeriod = Static<typeof SoldesPeriod>;
