/** The contract of inventory: the TypeBox schemas of its answers, the one definition of their shape (routes validate and document with them; use cases, tests and the page use their Static types). */
import { type Static, Type } from '@sinclair/typebox';
import { limits } from '../platform/core/limits.js';
import { Code, Instant, Quantity } from '../platform/http/schemas.js';
import { Incoming } from './incoming/contract.js';

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
  incoming: Type.Array(Incoming, {
    description: 'What open purchase orders still bring, earliest first',
  }),
  waiting: Type.Integer({ description: 'Units sold beyond stock, waiting for it on every channel' }),
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
  backorder: Type.Union(
    [
      Type.Object({
        mode: Type.String({ description: '`backorder` or `preorder`' }),
        available: Type.Integer({
          minimum: 0,
          description: 'Units that may still be sold beyond `available`',
        }),
        promised_on: Type.Union([Type.String({ format: 'date' }), Type.Null()], {
          description: 'The date promised for the next unit sold beyond stock',
        }),
      }),
      Type.Null(),
    ],
    { description: 'Selling beyond stock, when the channel’s terms allow it for the SKU; null otherwise' },
  ),
  incoming: Type.Array(
    Type.Object({ expected_on: Type.String({ format: 'date' }), quantity: Type.Integer() }),
    {
      description:
        'Units on their way to the locations that ship for the channel, by expected date, earliest first',
    },
  ),
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
