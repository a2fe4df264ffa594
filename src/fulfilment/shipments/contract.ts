/** The contract of shipments: the one definition of their answers. */
import { type Static, Type } from '@sinclair/typebox';
import { Instant, literals, Nullable } from '../../platform/http/schemas.js';
import { shipmentStatuses } from '../core/shipment-process.js';

export const Shipment = Type.Object({
  id: Type.String(),
  order_id: Type.String(),
  location: Type.String({ description: 'Where it leaves from' }),
  status: literals(shipmentStatuses),
  items: Type.Array(Type.Object({ sku: Type.String(), quantity: Type.Integer() })),
  package: Type.Object({
    code: Type.String({ description: 'The packaging it is packed in' }),
    weight_g: Type.Integer({ description: 'Its items and the packaging' }),
  }),
  service: Type.Object({ carrier: Type.String(), code: Type.String(), name: Type.String() }),
  price: Type.Integer({ description: "The service's price for this parcel, in minor units of `currency`" }),
  currency: Type.String(),
  price_sample: Type.Boolean({
    description: 'Priced from a sample card (public counter prices), not a contract rate',
  }),
  promised_by: Type.String({ format: 'date', description: 'The local date the customer was promised' }),
  why: Type.String({ description: 'Why this location, this packaging and this service' }),
  tracking_number: Nullable(Type.String()),
  handed_over_at: Nullable(Instant),
  created_at: Instant,
  updated_at: Instant,
});
export type Shipment = Static<typeof Shipment>;

export const OrderShipments = Type.Object({ data: Type.Array(Shipment) });
export type OrderShipments = Static<typeof OrderShipments>;
