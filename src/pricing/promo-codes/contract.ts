/** The contract of promo codes: the TypeBox schemas of their requests and answers, the one definition of their shape. */
import { type Static, Type } from '@sinclair/typebox';
import { limits } from '../../platform/core/limits.js';
import { AmountMinor, Code, Instant, literals, Nullable, Text } from '../../platform/http/schemas.js';
import { promoCodeKinds, promoCodeStatuses } from '../core/promo-codes.js';

/** A code as a buyer types it: compared without regard to case or surrounding spaces. */
export const PromoCode = Type.String({
  pattern: '^\\s*[A-Za-z0-9][A-Za-z0-9_-]*\\s*$',
  minLength: 1,
  maxLength: limits.promoCodeLengthMax,
  description: 'Letters, digits, dash and underscore; case does not matter',
});

/** What an order names: each code at most once, whatever its case. */
export const OrderPromoCodes = Type.Array(PromoCode, {
  minItems: 1,
  maxItems: limits.promoCodesPerOrderMax,
  description:
    'Promo codes to apply, in this order, each to what the ones before it left. An order a code cannot be used for is refused, never placed at full price.',
});

export const PromoCodeInput = Type.Object(
  {
    code: PromoCode,
    kind: literals(promoCodeKinds),
    value: Type.Integer({
      minimum: 1,
      maximum: Number.MAX_SAFE_INTEGER,
      description: '`amount`: minor units of the channels’ currency; `percent`: a whole percentage, 1 to 100',
    }),
    min_basket: Type.Optional(
      Nullable({ ...AmountMinor, description: 'The lines’ total before any code, in the channel’s prices' }),
    ),
    channels: Type.Array(Code, { minItems: 1, maxItems: limits.channelsMax, uniqueItems: true }),
    starts_at: Type.Optional(Nullable(Instant)),
    ends_at: Type.Optional(Nullable(Instant)),
    usage_limit: Type.Optional(
      Nullable(
        Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'Uses by orders not cancelled' }),
      ),
    ),
    per_customer_limit: Type.Optional(
      Nullable(
        Type.Integer({
          minimum: 1,
          maximum: 2_147_483_647,
          description: 'Uses per customer, by email (case, spaces and `+tag` ignored)',
        }),
      ),
    ),
    stacks_with_sales: Type.Boolean({
      description: 'Whether it also applies to lines sold at a sale price; if not, it takes nothing off them',
    }),
  },
  { additionalProperties: false },
);
export type PromoCodeInput = Static<typeof PromoCodeInput>;

export const PromoCodeView = Type.Object({
  code: Type.String(),
  kind: literals(promoCodeKinds),
  value: Type.Integer(),
  min_basket: Nullable(Type.Integer()),
  channels: Type.Array(Type.String()),
  starts_at: Nullable(Instant),
  ends_at: Nullable(Instant),
  usage_limit: Nullable(Type.Integer()),
  per_customer_limit: Nullable(Type.Integer()),
  stacks_with_sales: Type.Boolean(),
  used: Type.Integer({ description: 'Uses by orders not cancelled' }),
  remaining: Nullable(Type.Integer({ description: 'Uses left; null without a usage limit' })),
  status: {
    ...literals(promoCodeStatuses),
    description:
      'Now: `disabled` by the kill switch, else `not_started` or `ended` by its period, else `used_up` (a template: every code of its batch used), else `active`',
  },
  batch_of: Nullable(Type.String({ description: 'The template this single-use code was made from' })),
  batch: Nullable(
    Type.Object(
      { made: Type.Integer(), used: Type.Integer() },
      { description: 'Its single-use codes, for a template: how many were made and used' },
    ),
  ),
  disabled: Nullable(
    Type.Object(
      { at: Instant, by: Type.String(), reason: Type.String() },
      { description: 'Set by the kill switch: no order may use it' },
    ),
  ),
  created_at: Instant,
  updated_at: Instant,
});
export type PromoCodeView = Static<typeof PromoCodeView>;

/** One use of a code by an order, as the per-customer limit counts it. */
export const PromoCodeUse = Type.Object({
  code: Type.String(),
  order_id: Type.String(),
  customer: Type.String({
    description: 'The customer as the per-customer limit knows them: lower case, `+tag` dropped',
  }),
  discount: Type.Integer({ description: 'What the code took off the order, in minor units' }),
  created_at: Instant,
  released_at: Nullable({ ...Instant, description: 'When the order was cancelled and the use given back' }),
});
export type PromoCodeUse = Static<typeof PromoCodeUse>;

export const BatchInput = Type.Object(
  { count: Type.Integer({ minimum: 1, maximum: limits.promoCodeBatchMax }) },
  { additionalProperties: false },
);

/** Why the kill switch was flipped: required, the audit log is only as good as its reasons. */
export const KillSwitchInput = Type.Object({ reason: Text() }, { additionalProperties: false });
