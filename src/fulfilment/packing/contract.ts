/** The contract of the packing station: sessions, scans and pick lists (the one definition of their answers). */
import { type Static, Type } from '@sinclair/typebox';
import { Instant, literals, Nullable } from '../../platform/http/schemas.js';

export const PackingSession = Type.Object({
  id: Type.String(),
  shipment_id: Type.String(),
  order_number: Type.String(),
  location: Type.String(),
  step: literals(['scanning_items', 'scanning_label', 'done'] as const),
  items: Type.Array(
    Type.Object({
      sku: Type.String(),
      name: Type.String(),
      gtin: Nullable(Type.String()),
      quantity: Type.Integer(),
      scanned: Type.Integer(),
    }),
  ),
  created_at: Instant,
  updated_at: Instant,
});
export type PackingSession = Static<typeof PackingSession>;

export const ScanResult = Type.Composite([
  PackingSession,
  Type.Object({
    scan: Type.Object({
      kind: literals(['item', 'label'] as const),
      message: Type.String({ description: 'What the station shows the packer' }),
    }),
  }),
]);
export type ScanResult = Static<typeof ScanResult>;

export const PickList = Type.Object({
  location: Type.String(),
  shipments: Type.Array(Type.Object({ id: Type.String(), order_number: Type.String(), created_at: Instant })),
  lines: Type.Array(
    Type.Object({
      sku: Type.String(),
      name: Type.String(),
      gtin: Nullable(Type.String()),
      quantity: Type.Integer({ description: 'Units to pick for all the shipments listed' }),
      shipments: Type.Array(Type.Object({ id: Type.String(), quantity: Type.Integer() })),
    }),
  ),
});
export type PickList = Static<typeof PickList>;
