/** A shipment's printed documents: its label (PDF and ZPL) and its packing slip, from what the store holds. */

import { fail, ok, type Result } from '../../platform/core/errors.js';
import type { Repos } from '../../platform/store/store.js';
import { labelPdf, labelZpl, type ShipmentDocument } from '../labels.js';
import { packingSlipPdf } from '../packing-slip.js';
import type { ShipmentRow } from './shipment-repo.js';

export const documentKinds = ['label.pdf', 'label.zpl', 'packing-slip.pdf'] as const;
export type DocumentKind = (typeof documentKinds)[number];

interface Address {
  line1: string;
  line2?: string;
  city: string;
  postal_code: string;
  country: string;
}

/** `domicile_sans_signature` as a label prints it: `Domicile sans signature`. */
function serviceLabel(code: string): string {
  const words = code.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

async function documentOf(tx: Repos, shipment: ShipmentRow): Promise<Result<ShipmentDocument>> {
  const [order, location, items] = await Promise.all([
    tx.orders.getOrder(shipment.order_id),
    tx.catalog.getLocation(shipment.location_code),
    tx.shipments.itemsOf([shipment.id]),
  ]);
  if (location?.address == null) {
    return fail(
      'location_unaddressed',
      `Location ${shipment.location_code} has no address to send its parcels from.`,
      {
        location: shipment.location_code,
      },
    );
  }
  const from = JSON.parse(location.address) as Address;
  const to = JSON.parse(order!.shipping_address) as Address & { name: string };
  const lines = items.get(shipment.id) ?? [];
  const skus = await tx.catalog.skusByCode(lines.map((line) => line.sku));
  return ok({
    shipmentId: shipment.id,
    orderNumber: order!.number,
    trackingNumber: shipment.tracking_number,
    carrierName: shipment.carrier,
    serviceName: serviceLabel(shipment.service_code),
    packageCode: shipment.package_code,
    weightGrams: shipment.weight_g,
    sender: {
      shopName: location.name,
      address: {
        line1: from.line1,
        line2: from.line2 ?? null,
        city: from.city,
        postalCode: from.postal_code,
        countryCode: from.country,
      },
    },
    recipient: {
      name: to.name,
      line1: to.line1,
      line2: to.line2 ?? null,
      city: to.city,
      postalCode: to.postal_code,
      countryCode: to.country,
    },
    items: lines.map((line) => ({
      sku: line.sku,
      name: skus.get(line.sku)?.name ?? line.sku,
      quantity: line.quantity,
      gtin13: skus.get(line.sku)?.gtin ?? null,
    })),
    promisedDeliveryDate: shipment.promised_by,
    createdAtMs: shipment.created_at,
  });
}

/** The document of `kind` for a shipment: its bytes and content type. */
export async function renderDocument(
  tx: Repos,
  shipment: ShipmentRow,
  kind: DocumentKind,
): Promise<Result<{ body: Buffer | string; contentType: string }>> {
  const document = await documentOf(tx, shipment);
  if (!document.ok) return document;
  switch (kind) {
    case 'label.pdf':
      return ok({ body: await labelPdf(document.value), contentType: 'application/pdf' });
    case 'packing-slip.pdf':
      return ok({ body: await packingSlipPdf(document.value), contentType: 'application/pdf' });
    case 'label.zpl':
      // ZPL is text for the printer: sent raw to port 9100, or dropped on its web page.
      return ok({ body: labelZpl(document.value), contentType: 'text/plain; charset=utf-8' });
  }
}
