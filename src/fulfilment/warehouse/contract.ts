/** The contract of the warehouse's set-up: packaging and location zones (the one definition of their answers). */
import { type Static, Type } from '@sinclair/typebox';
import { Instant } from '../../platform/http/schemas.js';

export const Packaging = Type.Object({
  code: Type.String(),
  name: Type.String(),
  inner_length_mm: Type.Integer(),
  inner_width_mm: Type.Integer(),
  inner_height_mm: Type.Integer(),
  max_weight_g: Type.Integer({ description: 'What it may weigh full, itself included' }),
  own_weight_g: Type.Integer(),
  cost: Type.Integer({ description: 'What one costs the shop, in minor units of `currency`' }),
  currency: Type.String(),
  created_at: Instant,
  updated_at: Instant,
});
export type Packaging = Static<typeof Packaging>;

export const LocationZone = Type.Object({
  country: Type.String({ description: 'ISO 3166-1 alpha-2' }),
  postal_prefix: Type.String({ description: "The start of a postal code; '' for the whole country" }),
  rank: Type.Integer({ description: 'Lower is nearer: sourcing prefers the nearest location' }),
});
export type LocationZone = Static<typeof LocationZone>;

export const LocationZones = Type.Object({ location: Type.String(), zones: Type.Array(LocationZone) });
export type LocationZones = Static<typeof LocationZones>;
