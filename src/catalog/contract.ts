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
  delivery_days: Type.Union([Type.Integer(), Type.Null()], {
    description:
      'The promise checkout shows: delivered within this many working days of the order; null: none',
  }),
  auto_ship: Type.Boolean({ description: 'A paid order is sourced and its shipments created by themselves' }),
  split_order_total_min: Type.Integer({
    description: 'An order leaves in several parcels only from this total on, in minor units',
  }),
  created_at: Instant,
  updated_at: Instant,
});
export type Channel = Static<typeof Channel>;
export const LocationAddress = Type.Object({
  line1: Type.String(),
  line2: Type.Optional(Type.String()),
  city: Type.String(),
  postal_code: Type.String(),
  country: Type.String({ description: 'ISO 3166-1 alpha-2' }),
});
export type LocationAddress = Static<typeof LocationAddress>;
export const Location = Type.Object({
  code: Type.String(),
  name: Type.String(),
  channels: Type.Array(Type.String()),
  address: Type.Union([LocationAddress, Type.Null()], {
    description: 'Where its parcels leave from: the sender on their labels',
  }),
  created_at: Instant,
  updated_at: Instant,
});
export type Location = Static<typeof Location>;
export const Sku = Type.Object({
  sku: Type.String(),
  name: Type.String(),
  weight_g: Type.Union([Type.Integer(), Type.Null()]),
  length_mm: Type.Union([Type.Integer(), Type.Null()]),
  width_mm: Type.Union([Type.Integer(), Type.Null()]),
  height_mm: Type.Union([Type.Integer(), Type.Null()]),
  gtin: Type.Union([Type.String(), Type.Null()], { description: 'GTIN-13 (EAN-13): what the packer scans' }),
  category: Type.Union([Type.String(), Type.Null()], {
    description: 'What product selections pick by (`mugs`); null: none',
  }),
  tax_class: literals(taxClasses),
  perishable: Type.Boolean(),
  prices: Type.Record(Type.String(), Type.Integer(), {
    description: 'Channel code → unit price in minor units',
  }),
  created_at: Instant,
  updated_at: Instant,
});
export type Sku = Static<typeof Sku>;
