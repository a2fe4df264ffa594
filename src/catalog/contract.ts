/** The contract of the catalog: the TypeBox schemas of its answers, the one definition of their shape (routes validate and document with them; use cases, tests and the page use their Static types). */
import { type Static, Type } from '@sinclair/typebox';
import { Instant, literals } from '../platform/http/schemas.js';
import { taxClasses, taxCountries } from '../pricing/core/vat.js';

export const Channel = Type.Object({
  code: Type.String(),
  name: Type.String(),
  currency: Type.String(),
  country: literals(taxCountries),
  prices_include_tax: Type.Boolean(),
  payment_timeout_minutes: Type.Union([Type.Integer(), Type.Null()], {
    description:
      'Minutes an order may stay placed, unpaid, before it is cancelled and its stock returns; null: no timeout',
  }),
  created_at: Instant,
  updated_at: Instant,
});
export type Channel = Static<typeof Channel>;
export const Location = Type.Object({
  code: Type.String(),
  name: Type.String(),
  channels: Type.Array(Type.String()),
  created_at: Instant,
  updated_at: Instant,
});
export type Location = Static<typeof Location>;
export const Sku = Type.Object({
  sku: Type.String(),
  name: Type.String(),
  weight_g: Type.Union([Type.Integer(), Type.Null()]),
  tax_class: literals(taxClasses),
  perishable: Type.Boolean(),
  prices: Type.Record(Type.String(), Type.Integer(), {
    description: 'Channel code → unit price in minor units',
  }),
  created_at: Instant,
  updated_at: Instant,
});
export type Sku = Static<typeof Sku>;
