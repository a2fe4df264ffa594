/** The contract of inventory: the TypeBox schemas of its answers, the one definition of their shape (routes validate and document with them; use cases, tests and the page use their Static types). */
import { type Static, Type } from '@sinclair/typebox';
import { limits } from '../platform/core/limits.js';
import { Code, Instant, Quantity } from '../platform/http/schemas.js';

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
export type Stock = Static<typeof Stock>;
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
export type Movement = Static<typeof Movement>;
/** The stock audit of a SKU: per location, on hand against its ledger and reserved against its owners. */
export const Reconciliation = Type.Object({
  sku: Type.String(),
  balanced: Type.Boolean(),
  locations: Type.Array(
    Type.Object({
      location: Type.String(),
      on_hand: Type.Integer(),
      ledger_total: Type.Integer(),
      reserved: Type.Integer(),
      reserved_by_orders: Type.Integer(),
      reserved_by_holds: Type.Integer(),
    }),
  ),
});
export type Reconciliation = Static<typeof Reconciliation>;
export const LineInput = Type.Object({ sku: Code, quantity: Quantity }, { additionalProperties: false });
export const Lines = Type.Array(LineInput, { minItems: 1, maxItems: limits.orderLinesMax });
export const Hold = Type.Object({
  id: Type.String(),
  channel: Type.String(),
  status: Type.String(),
  expires_at: Instant,
  lines: Type.Array(Type.Object({ sku: Type.String(), location: Type.String(), quantity: Type.Integer() })),
});
export type Hold = Static<typeof Hold>;
export const Availability = Type.Object({
  sku: Type.String(),
  channel: Type.String(),
  available: Type.Integer({ minimum: 0 }),
});
export type Availability = Static<typeof Availability>;
/** A channel's buffer of one SKU, as set. */
export const ChannelBuffer = Type.Object({
  channel: Type.String(),
  sku: Type.String(),
  quantity: Type.Integer(),
});
export type ChannelBuffer = Static<typeof ChannelBuffer>;
/** A buffer in the listing of a channel's buffers. */
export const SkuBuffer = Type.Object({ sku: Type.String(), quantity: Type.Integer(), updated_at: Instant });
export type SkuBuffer = Static<typeof SkuBuffer>;
