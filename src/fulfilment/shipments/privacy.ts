/**
 * A customer's shipments, for their data rights (src/privacy). A shipment keeps no address (its
 * label and packing slip read the order's), but its reasons name the destination it was sourced for
 * (`zone 1 for FR 75002`): an erasure writes the erased postal code there, in the shipment and in
 * its `shipment.created` event. Its route, box, service, price and status stay as they were.
 */
import { rewriteEventPayloads } from '../../platform/outbox/events.js';
import type { Repos } from '../../platform/store/store.js';
import { destinationText } from '../core/sourcing.js';
import type { Shipment } from './contract.js';
import { viewsOf } from './shipments.js';

/** An order's destination, and the postal code that replaces its own. */
export interface ErasedDestination {
  readonly orderId: string;
  readonly country: string;
  readonly postalCode: string;
  readonly erasedPostalCode: string;
}

/** The shipments of these orders as `GET /v1/shipments/{id}` shows them, by id. */
export async function shipmentsOfOrders(tx: Repos, orderIds: readonly string[]): Promise<Shipment[]> {
  return viewsOf(tx, await tx.shipments.shipmentsOfOrders(orderIds));
}

/** The reasons with the destination's postal code replaced, wherever they name it. */
function erasedWhy(why: string, destination: ErasedDestination): string {
  const from = destinationText(destination.country, destination.postalCode);
  // A postal code of blanks names nothing; the country alone is kept, as the order keeps it.
  if (from === destinationText(destination.country, '')) return why;
  return why.split(from).join(destinationText(destination.country, destination.erasedPostalCode));
}

/**
 * Erases the postal codes the shipments of these orders name, in the caller's transaction. Returns
 * how many shipments the orders have, and the events rewritten.
 */
export async function eraseShipmentDestinations(
  tx: Repos,
  destinations: readonly ErasedDestination[],
): Promise<{ shipments: number; eventIds: number[] }> {
  const byOrder = new Map(destinations.map((destination) => [destination.orderId, destination]));
  const rows = await tx.shipments.shipmentsOfOrders([...byOrder.keys()]);
  for (const row of rows) {
    const why = erasedWhy(row.why, byOrder.get(row.order_id)!);
    if (why !== row.why) await tx.shipments.replaceWhy(row.id, why);
  }
  const events = await tx.events.eventsOfEntities('order', [...byOrder.keys()]);
  const eventIds = await rewriteEventPayloads(
    tx,
    events.filter((row) => row.type === 'shipment.created'),
    (payload, row) => {
      const { why } = payload as { why?: unknown };
      return typeof why === 'string'
        ? { ...(payload as object), why: erasedWhy(why, byOrder.get(row.entity_id)!) }
        : payload;
    },
  );
  return { shipments: rows.length, eventIds };
}
