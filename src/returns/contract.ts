/** The contract of returns: the TypeBox schemas of its answers, the one definition of their shape (routes validate and document with them; use cases, tests and the page use their Static types). */
import { type Static, Type } from '@sinclair/typebox';
import { Instant, literals, Nullable } from '../platform/http/schemas.js';
import { returnReasons, returnStatuses } from './core/return-process.js';

const Minor = (description: string) =>
  Type.Integer({ minimum: 0, description: `${description}, in minor units of the order's currency` });
const Units = (description: string) => Type.Integer({ minimum: 0, description });
const LocalDate = (description: string) => Type.String({ format: 'date', description });

export const ReturnLine = Type.Object({
  sku: Type.String(),
  quantity: Units('Units authorised'),
  reason: literals(returnReasons),
  note: Nullable(Type.String({ description: "The customer's words" })),
  received: Units('Units received back so far'),
  resellable: Units('Of those, put back in stock'),
  damaged: Units('Of those, written off'),
  damage_reason: Nullable(Type.String({ description: 'Why the damaged units were written off' })),
  refunded: Units('Units refunded'),
  refund: Minor('What their refund gave back, VAT included'),
  refund_tax: Minor('The VAT inside `refund`'),
});
export type ReturnLine = Static<typeof ReturnLine>;

export const Return = Type.Object({
  id: Type.String(),
  order_id: Type.String(),
  order_number: Type.String(),
  channel: Type.String(),
  status: literals(returnStatuses),
  location: Nullable(Type.String({ description: 'Where the parcel goes back to: the label’s recipient' })),
  send_back_by: LocalDate('The day the goods should be sent back by, in the shop’s time zone'),
  currency: Type.String(),
  lines: Type.Array(ReturnLine),
  refund: Type.Object(
    {
      total: Minor('What the refund gave back: the lines’ refunds and the shipping'),
      tax: Minor('The VAT inside the lines’ refunds'),
      shipping: Minor('The shipping refunded'),
      payment_id: Nullable(
        Type.String({ description: 'The `refund` payment recorded on the order; null before the refund' }),
      ),
    },
    { description: 'All 0 until the return is refunded' },
  ),
  created_at: Instant,
  updated_at: Instant,
  received_at: Nullable({ ...Instant, description: 'The first receipt' }),
  refunded_at: Nullable(Instant),
});
export type Return = Static<typeof Return>;

export const RefundPreview = Type.Object({
  return_id: Type.String(),
  refunded: Type.Boolean({
    description: 'The return is refunded already: these are the figures of the refund made',
  }),
  currency: Type.String(),
  total: Minor('What refunding now gives back: the lines’ refunds and the shipping'),
  tax: Minor('The VAT inside the lines’ refunds'),
  shipping: Minor('The shipping refunded'),
  lines: Type.Array(
    Type.Object({
      sku: Type.String(),
      units: Units('Units refunded: those received'),
      amount: Minor('What they give back, VAT included'),
      tax: Minor('The VAT inside `amount`'),
    }),
    { description: 'One per SKU of the return with units received' },
  ),
});
export type RefundPreview = Static<typeof RefundPreview>;

export const OrderReturns = Type.Object({
  order_id: Type.String(),
  order_status: Type.String(),
  delivered_at: Nullable(Instant),
  window_closes_at: Nullable({ ...Instant, description: 'The first instant a return is refused' }),
  window_open: Type.Boolean(),
  lines: Type.Array(
    Type.Object({
      sku: Type.String(),
      delivered: Units('Units delivered'),
      held: Units("Units the order's returns hold: authorised in open ones, received in refunded ones"),
      returnable: Units('Units that may still be returned'),
    }),
  ),
  returns: Type.Array(Return, { description: "The order's returns, oldest first" }),
});
export type OrderReturns = Static<typeof OrderReturns>;

export const ReturnPolicy = Type.Object({
  channel: Type.String(),
  window_days: Type.Integer({ minimum: 0 }),
  refund_shipping: Type.Object({
    whole_order: Type.Boolean({ description: 'Refund the shipping when every unit of the order comes back' }),
    shop_fault: Type.Boolean({
      description:
        "Refund the shipping when a reason is the shop's fault: defective, damaged_in_transit, wrong_item, not_as_described",
    }),
  }),
  location: Nullable(
    Type.String({ description: "Where the channel's returns go back to; null: named per return" }),
  ),
  default: Type.Boolean({ description: 'The channel set no terms: these are the defaults' }),
  updated_at: Nullable(Instant),
});
export type ReturnPolicy = Static<typeof ReturnPolicy>;

const Figures = {
  delivered: Units('Units delivered'),
  returned: Units('Units returned: authorised, cancelled returns left out'),
  received: Units('Of those, received back so far'),
  rate_bp: Nullable(
    Type.Integer({
      minimum: 0,
      description: '`returned / delivered` in basis points, rounded half up; null when nothing was delivered',
    }),
  ),
};

export const WeekFigures = Type.Object({
  week: Type.String({ description: 'The ISO week, `2025-W48`' }),
  starts_on: LocalDate('Its Monday'),
  ...Figures,
});
export type WeekFigures = Static<typeof WeekFigures>;

const SkuFigures = Type.Object({ sku: Type.String(), name: Type.String(), ...Figures });
const ReasonFigures = Type.Object({ reason: literals(returnReasons), ...Figures });

export const ReturnsAnalytics = Type.Object({
  from: LocalDate('The Monday of the first week'),
  to: LocalDate('The Sunday of the last week'),
  time_zone: Type.String({ description: 'Whose weeks and dates these are' }),
  channel: Nullable(Type.String()),
  totals: Type.Object(Figures),
  by_week: Type.Array(WeekFigures),
  by_sku: Type.Array(SkuFigures, { description: 'Most returned first' }),
  skus_more: Units('SKUs with returns left out of `by_sku`'),
  by_reason: Type.Array(ReasonFigures, {
    description: "Every reason, each against the period's deliveries",
  }),
});
export type ReturnsAnalytics = Static<typeof ReturnsAnalytics>;

/** What the operations room shows of returns. */
export const ReturnsRoom = Type.Object({
  awaiting_receipt: Units('Returns authorised, nothing received yet'),
  awaiting_refund: Units('Returns received, not yet refunded'),
  totals: Type.Object(Figures, { description: 'The weeks taken together' }),
  weeks: Type.Array(WeekFigures, { description: 'The last weeks, this one last' }),
  top_skus: Type.Array(SkuFigures, {
    description: 'The SKUs most returned over those weeks, each against its own deliveries, up to 5',
  }),
  top_reasons: Type.Array(ReasonFigures, {
    description:
      "The reasons given over those weeks, most given first, up to 5, each against the weeks' deliveries",
  }),
});
export type ReturnsRoom = Static<typeof ReturnsRoom>;
