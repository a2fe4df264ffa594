/** The contract of shortfalls: a location found short, and what it did to the reservations there. */
import { type Static, Type } from '@sinclair/typebox';
import { literals } from '../../platform/http/schemas.js';

export const Shortfall = Type.Object({
  sku: Type.String(),
  location: Type.String(),
  quantity: Type.Integer({ description: 'Units lost' }),
  on_hand: Type.Integer({ description: 'At the location, after' }),
  reserved: Type.Integer({ description: 'At the location, after' }),
  resourced: Type.Array(
    Type.Object({
      order_id: Type.String(),
      to: Type.Array(Type.Object({ location: Type.String(), quantity: Type.Integer() })),
    }),
    { description: 'Orders whose lost units were reserved again at another location' },
  ),
  short: Type.Array(
    Type.Object({
      kind: literals(['hold', 'order', 'parcel'] as const),
      id: Type.String(),
      quantity: Type.Integer(),
    }),
    { description: 'What could not be reserved again: a hold, an order, or a parcel already made there' },
  ),
});
export type Shortfall = Static<typeof Shortfall>;
