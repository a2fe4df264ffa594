/** The contract of the intake: the body of an order, the one definition the API and the order sources check against. */
import { type Static, Type } from '@sinclair/typebox';
import { Lines } from '../inventory/contract.js';
import { Address } from '../orders/contract.js';
import { limits } from '../platform/core/limits.js';
import { Code, Id, Name, Text } from '../platform/http/schemas.js';
import { OrderPromoCodes } from '../pricing/promo-codes/contract.js';

export const PlaceOrderBody = Type.Object(
  {
    channel: Code,
    external_id: Type.Optional(Text()),
    customer: Type.Object(
      {
        email: Type.String({ format: 'email', maxLength: limits.nameLengthMax }),
        name: Type.Optional(Name),
      },
      { additionalProperties: false },
    ),
    shipping_address: Address,
    lines: Lines,
    hold_id: Type.Optional(Id),
    promo_codes: Type.Optional(OrderPromoCodes),
  },
  { additionalProperties: false },
);
export type PlaceOrderBody = Static<typeof PlaceOrderBody>;
