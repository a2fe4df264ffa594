/** Shared TypeBox schemas of the API: the contract clients validate against, and the OpenAPI document. */
import { type TSchema, Type } from '@sinclair/typebox';
import { limits } from '../core/limits.js';

export const Code = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$',
  minLength: 1,
  maxLength: limits.codeLengthMax,
  description: 'An identifier: letters, digits, dot, dash, underscore',
});
/**
 * Free text as people type it: any character but NUL and lone surrogate halves, which databases
 * store differently or refuse (PostgreSQL rejects NUL in text).
 */
export function Text(maxLength: number = limits.nameLengthMax, minLength = 1) {
  return Type.String({ minLength, maxLength, pattern: '^[^\\u0000\\uD800-\\uDFFF]*$' });
}
export const Name = Text();
/** The ids Affluence hands out: a type prefix and a ULID. */
export const Id = Type.String({ pattern: '^[A-Za-z0-9_-]+$', minLength: 1, maxLength: limits.codeLengthMax });
/** A position in a feed or ledger: an integer id. */
export const Position = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
export const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code' });
export const AmountMinor = Type.Integer({
  minimum: 0,
  maximum: limits.unitPriceMinorMax,
  description: 'Amount in minor units of the currency (cents for EUR)',
});
export const Quantity = Type.Integer({ minimum: 1, maximum: limits.lineQuantityMax });
export const Instant = Type.String({ format: 'date-time', description: 'UTC, ISO 8601' });
export const Limit = Type.Integer({
  minimum: 1,
  maximum: limits.pageSizeMax,
  default: limits.pageSizeDefault,
});

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      details: Type.Optional(Type.Unknown()),
    }),
  },
  { $id: 'Error', description: 'Every error: a code from the catalog, a sentence, and details' },
);

export function page<T extends TSchema>(item: T) {
  return Type.Object({
    data: Type.Array(item),
    next_cursor: Type.Union([Type.String(), Type.Null()], {
      description: 'Pass back as `cursor`; null on the last page',
    }),
  });
}

export const Channel = Type.Object({
  code: Type.String(),
  name: Type.String(),
  currency: Type.String(),
  created_at: Instant,
  updated_at: Instant,
});
export const Location = Type.Object({
  code: Type.String(),
  name: Type.String(),
  channels: Type.Array(Type.String()),
  created_at: Instant,
  updated_at: Instant,
});
export const Sku = Type.Object({
  sku: Type.String(),
  name: Type.String(),
  weight_g: Type.Union([Type.Integer(), Type.Null()]),
  prices: Type.Record(Type.String(), Type.Integer(), {
    description: 'Channel code → unit price in minor units',
  }),
  created_at: Instant,
  updated_at: Instant,
});
export const Stock = Type.Object({
  sku: Type.String(),
  on_hand: Type.Integer(),
  reserved: Type.Integer(),
  available: Type.Integer(),
  locations: Type.Array(
    Type.Object({
      location: Type.String(),
      on_hand: Type.Integer(),
      reserved: Type.Integer(),
      available: Type.Integer(),
    }),
  ),
});
export const Movement = Type.Object({
  id: Type.Integer(),
  sku: Type.String(),
  location: Type.String(),
  kind: Type.String(),
  quantity: Type.Integer(),
  reference: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  created_at: Instant,
});
export const LineInput = Type.Object({ sku: Code, quantity: Quantity }, { additionalProperties: false });
export const Lines = Type.Array(LineInput, { minItems: 1, maxItems: limits.orderLinesMax });
export const Hold = Type.Object({
  id: Type.String(),
  channel: Type.String(),
  status: Type.String(),
  expires_at: Instant,
  lines: Type.Array(Type.Object({ sku: Type.String(), location: Type.String(), quantity: Type.Integer() })),
});
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
  total: Type.Integer({ description: 'Minor units of `currency`' }),
  lines: Type.Array(
    Type.Object({
      sku: Type.String(),
      quantity: Type.Integer(),
      unit_price: Type.Integer(),
      total: Type.Integer(),
    }),
  ),
  hold_id: Type.Union([Type.String(), Type.Null()]),
  created_at: Instant,
  updated_at: Instant,
});
export const Event = Type.Object({
  id: Type.Integer(),
  type: Type.String(),
  entity_type: Type.String(),
  entity_id: Type.String(),
  payload: Type.Unknown(),
  created_at: Instant,
});
export const ApiKey = Type.Object({
  id: Type.String(),
  name: Type.String(),
  scopes: Type.Array(Type.String()),
  prefix: Type.String({ description: 'The first characters of the key, to recognise it' }),
  created_at: Instant,
  revoked_at: Type.Union([Instant, Type.Null()]),
});

/** Error answers a route may give, by status, for its OpenAPI entry. */
export function errors(...statuses: number[]) {
  return Object.fromEntries(statuses.map((status) => [status, ErrorBody]));
}
