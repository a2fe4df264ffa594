/** Shared TypeBox schemas of the API: the contract clients validate against, and the OpenAPI document. */
import { type Static, type TSchema, type TUnsafe, Type } from '@sinclair/typebox';
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
export type ErrorBody = Static<typeof ErrorBody>;

/** A closed set of strings, from the `as const` list that the core keeps. */
export const literals = <T extends string>(values: readonly T[]) =>
  Type.Union(values.map((value) => Type.Literal(value)));
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export function page<T extends TSchema>(item: T) {
  return Type.Object({
    data: Type.Array(item),
    next_cursor: Type.Union([Type.String(), Type.Null()], {
      description: 'Pass back as `cursor`; null on the last page',
    }),
  });
}
/** A page as `page(Item)` sends it, by its item's Static type: `Page<Order>`. */
export type Page<Item> = Static<ReturnType<typeof page<TUnsafe<Item>>>>;

/** Error answers a route may give, by status, for its OpenAPI entry. */
export function errors(...statuses: number[]) {
  return Object.fromEntries(statuses.map((status) => [status, ErrorBody]));
}
