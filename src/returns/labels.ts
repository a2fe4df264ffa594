/**
 * A return's label, drawn by the fulfilment part's label code as a parcel going the other way: from
 * the customer (the order's shipping address) to the return's location. Its Code 128 carries the
 * return's id, which the warehouse scans to find the return at receipt; its date is the day the goods
 * should be sent back by.
 */
import { labelPdf, labelZpl, type ShipmentDocument } from '../fulfilment/index.js';
import type { Order } from '../orders/contract.js';
import type { AppContext, Caller } from '../platform/context.js';
import { canSee, notFound } from '../platform/context.js';
import { fail, ok, type Result } from '../platform/core/errors.js';
import { sum } from '../platform/core/money.js';
import { shopDate } from '../platform/shop-date.js';
import type { Repos } from '../platform/store/store.js';
import type { ReturnRow } from './return-repo.js';

export const returnLabelKinds = ['label.pdf', 'label.zpl'] as const;
export type ReturnLabelKind = (typeof returnLabelKinds)[number];

interface Address {
  line1: string;
  line2?: string;
  city: string;
  postal_code: string;
  country: string;
}

async function documentOf(
  tx: Repos,
  row: ReturnRow,
  order: { shipping_address: string },
): Promise<Result<ShipmentDocument>> {
  if (row.location_code === null) {
    return fail(
      'return_location_unset',
      'This return names no location to go back to, and its channel’s return terms name none either.',
      { return_id: row.id, channel: row.channel_code },
    );
  }
  const [location, lines] = await Promise.all([
    tx.catalog.getLocation(row.location_code),
    tx.returns.linesOf([row.id]),
  ]);
  if (location?.address == null) {
    return fail(
      'location_unaddressed',
      `Location ${row.location_code} has no address to receive returns at.`,
      {
        location: row.location_code,
      },
    );
  }
  const items = lines.get(row.id) ?? [];
  const skus = await tx.catalog.skusByCode(items.map((line) => line.sku));
  const unmeasured = items.filter((line) => skus.get(line.sku)?.weight_g == null).map((line) => line.sku);
  if (unmeasured.length > 0) {
    return fail('sku_unmeasured', 'A label says what the parcel weighs: some SKUs have no weight.', {
      skus: unmeasured,
    });
  }
  const to = JSON.parse(location.address) as Address;
  const from = JSON.parse(order.shipping_address) as Order['shipping_address'];
  return ok({
    shipmentId: row.id,
    orderNumber: row.order_number,
    trackingNumber: null,
    carrierName: 'Return',
    serviceName: `Return of order ${row.order_number}`,
    packageCode: 'RETURN',
    weightGrams: sum(items.map((line) => skus.get(line.sku)!.weight_g! * line.quantity)),
    sender: {
      shopName: from.name,
      address: {
        line1: from.line1,
        line2: from.line2 ?? null,
        city: from.city,
        postalCode: from.postal_code,
        countryCode: from.country,
      },
    },
    recipient: {
      name: location.name,
      line1: to.line1,
      line2: to.line2 ?? null,
      city: to.city,
      postalCode: to.postal_code,
      countryCode: to.country,
    },
    items: items.map((line) => ({
      sku: line.sku,
      name: skus.get(line.sku)?.name ?? line.sku,
      quantity: line.quantity,
      gtin13: skus.get(line.sku)?.gtin ?? null,
    })),
    promisedDeliveryDate: shopDate(row.send_back_by),
    createdAtMs: row.created_at,
  });
}

/** `GET /v1/returns/{id}/label.pdf` and `.zpl`; a storefront key prints the labels of the orders it placed. */
export async function returnLabel(
  ctx: AppContext,
  id: string,
  kind: ReturnLabelKind,
  caller: Caller,
): Promise<Result<{ body: Buffer | string; contentType: string; filename: string }>> {
  const read = ctx.store.read;
  const row = await read.returns.getReturn(id);
  const order = row === undefined ? undefined : await read.orders.getOrder(row.order_id);
  if (row === undefined || order === undefined || !canSee(caller, order.api_key_id))
    return notFound('return', id);
  const document = await documentOf(read, row, order);
  if (!document.ok) return document;
  const filename = `${id}-${kind}`;
  return kind === 'label.pdf'
    ? ok({ body: await labelPdf(document.value), contentType: 'application/pdf', filename })
    : ok({ body: labelZpl(document.value), contentType: 'text/plain; charset=utf-8', filename });
}
