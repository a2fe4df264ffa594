/** The contract of orders: the TypeBox schemas of its answers, the one definition of their shape (routes validate and document with them; use cases, tests and the page use their Static types). */
import { type Static, Type } from '@sinclair/typebox';
import { limits } from '../platform/core/limits.js';
import { Instant, Name, Text } from '../platform/http/schemas.js';

export const Address = Type.Object(
  {
    name: Name,
    line1: Text(),
    line2: Type.Optional(Text(limits.nameLengthMax, 0)),
    city: Text(),
    postal_code: Text(20),
    country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' }),
  },
  { additionalProperties: false },
);
export const Order = Type.Object({
  id: Type.String(),
  number: Type.String(),
  status: Type.String(),
  channel: Type.String(),
  external_id: Type.Union([Type.String(), Type.Null()]),
  customer: Type.Object({ email: Type.String(), name: Type.Union([Type.String(), Type.Null()]) }),
  shipping_address: Type.Object({
    name: Type.String(),
    line1: Type.String(),
    line2: Type.Optional(Type.String()),
    city: Type.String(),
    postal_code: Type.String(),
    country: Type.String(),
  }),
  currency: Type.String(),
  total: Type.Integer({
    description:
      'What the customer pays, in minor units of `currency`: the lines’ totals, plus `tax_total` on a channel whose prices exclude tax',
  }),
  tax_total: Type.Integer({ description: 'The VAT the order holds, in minor units' }),
  taxes: Type.Array(
    Type.Object({
      rate_bp: Type.Integer(),
      base: Type.Integer({ description: 'The amount excluding tax at this rate' }),
      tax: Type.Integer(),
    }),
    { description: 'VAT per rate, highest first; rounded once per rate, half up' },
  ),
  lines: Type.Array(
    Type.Object({
      sku: Type.String(),
      quantity: Type.Integer(),
      unit_price: Type.Integer({ description: 'The price in force when the order was accepted' }),
      total: Type.Integer({ description: 'unit_price × quantity − discount' }),
      tax_rate_bp: Type.Integer(),
      tax: Type.Integer({ description: 'The line’s share of its rate’s tax' }),
      sale_id: Type.Union([Type.String(), Type.Null()], {
        description: 'The sale whose price the line paid',
      }),
      discount: Type.Integer({
        description: 'The line’s share of the promo codes’ discounts, already taken off `total`',
      }),
      backordered: Type.Integer({
        description:
          'Units sold beyond stock when the order was taken (a backorder or a pre-order), served as stock arrives; `GET /v1/backorders` shows what still waits',
      }),
      promised_on: Type.Union([Type.String({ format: 'date' }), Type.Null()], {
        description: 'The date promised for the backordered units, `YYYY-MM-DD`; null when none',
      }),
    }),
  ),
  hold_id: Type.Union([Type.String(), Type.Null()]),
  promo_codes: Type.Array(
    Type.Object({
      code: Type.String(),
      discount: Type.Integer({ description: 'What the code took off the order, in minor units' }),
    }),
    { description: 'The promo codes the order used, in the order they were applied' },
  ),
  discount_total: Type.Integer({ description: 'What the promo codes took off the order, in minor units' }),
  created_at: Instant,
  updated_at: Instant,
});
export type Order = Static<typeof Order>;
/** One event of an order's history. */
export const OrderEvent = Type.Object({
  id: Type.Integer(),
  type: Type.String(),
  payload: Type.Unknown(),
  created_at: Instant,
});
export type OrderEvent = Static<typeof OrderEvent>;
