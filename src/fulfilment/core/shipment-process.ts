/**
 * The shipment process as data: its states, the moves between them, what each move does to stock,
 * and what a shipment's moves make of its order. A parcel is labelled, packed (scanned item by item),
 * handed over to the carrier (its units leave on hand then), in transit, delivered; or in
 * `exception` (lost, damaged, refused), from which it may still travel on or be delivered.
 */

import { fail, ok, type Result } from '../../platform/core/errors.js';
import { assertAllReachable } from '../../platform/core/state-table.js';

export const shipmentStatuses = [
  'label_created',
  'packed',
  'handed_over',
  'in_transit',
  'delivered',
  'exception',
] as const;
export type ShipmentStatus = (typeof shipmentStatuses)[number];

export const initialShipmentStatus: ShipmentStatus = 'label_created';

export const shipmentTransitions = {
  label_created: ['packed', 'exception'],
  packed: ['handed_over', 'exception'],
  handed_over: ['in_transit', 'delivered', 'exception'],
  in_transit: ['delivered', 'exception'],
  delivered: [],
  exception: ['in_transit', 'delivered'],
} as const satisfies Record<ShipmentStatus, readonly ShipmentStatus[]>;

/** The statuses a shipment is in once it left the building: its units are no longer on hand. */
const leftStatuses: ReadonlySet<ShipmentStatus> = new Set(['handed_over', 'in_transit', 'delivered']);

export function isShipmentStatus(value: string): value is ShipmentStatus {
  return (shipmentStatuses as readonly string[]).includes(value);
}

/**
 * Whether `from → to` is allowed, and whether it takes the units out of on hand: the move that hands
 * the parcel over does, once (an exception before hand-over leaves them in the building).
 */
export function checkShipmentMove(
  from: ShipmentStatus,
  to: ShipmentStatus,
  handedOver: boolean,
): Result<{ shipsStock: boolean }> {
  const allowed: readonly ShipmentStatus[] = shipmentTransitions[from];
  if (!allowed.includes(to)) {
    return fail('invalid_transition', `A shipment cannot go from ${from} to ${to}.`, { from, to, allowed });
  }
  return ok({ shipsStock: !handedOver && leftStatuses.has(to) });
}

/**
 * What the order's shipments make of it: `shipped` once every one has left the building (handed
 * over, whatever happened to it since), `delivered` once every one is delivered; null while some are
 * still inside.
 */
export function orderStatusOfShipments(
  shipments: readonly { readonly status: ShipmentStatus; readonly handedOver: boolean }[],
): 'shipped' | 'delivered' | null {
  if (shipments.length === 0) return null;
  if (shipments.every((shipment) => shipment.status === 'delivered')) return 'delivered';
  return shipments.every((shipment) => shipment.handedOver) ? 'shipped' : null;
}

// A state no shipment can reach is a broken table: the module refuses to load.
assertAllReachable('shipment', shipmentStatuses, shipmentTransitions, initialShipmentStatus);
