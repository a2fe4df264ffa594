/**
 * Shipments: a paid order sourced to its locations, each parcel boxed and given the cheapest service
 * that keeps the channel's delivery promise, with why; then moved along its process, its units
 * leaving on hand at hand-over and the order following its parcels.
 */

import { DateTime } from 'luxon';
import { checkNotAwaitingStock, moveReservations, shipParcel } from '../../inventory/index.js';
import { getOrder, moveOrderInTransaction, type OrderRow } from '../../orders/index.js';
import { type AppContext, type Caller, inTransaction, notFound, toIso } from '../../platform/context.js';
import { fail, ok, type Result } from '../../platform/core/errors.js';
import type { Repos } from '../../platform/store/store.js';
import { ratesCurrency } from '../carriers/carrier-files.js';
import { choosableServices, shopTimeZone } from '../carriers/carriers.js';
import { chooseService, serviceName } from '../core/carrier-choice.js';
import { carrierZoneOf } from '../core/destinations.js';
import { chooseBox, type Item } from '../core/packing.js';
import {
  checkShipmentMove,
  initialShipmentStatus,
  isShipmentStatus,
  orderStatusOfShipments,
  type ShipmentStatus,
} from '../core/shipment-process.js';
import { sourceOrder } from '../core/sourcing.js';
import { addWorkingDays } from '../core/working-days.js';
import { boxOf } from '../warehouse/warehouse.js';
import type { Shipment } from './contract.js';
import { type DocumentKind, renderDocument } from './documents.js';
import type { ShipmentItemRow, ShipmentRow } from './shipment-repo.js';

function shipmentView(row: ShipmentRow, items: readonly ShipmentItemRow[]): Shipment {
  return {
    id: row.id,
    order_id: row.order_id,
    location: row.location_code,
    status: row.status as ShipmentStatus,
    items: items.map((item) => ({ sku: item.sku, quantity: item.quantity })),
    package: { code: row.package_code, weight_g: row.weight_g },
    service: {
      carrier: row.carrier,
      code: row.service_code,
      name: serviceName({ carrier: row.carrier, code: row.service_code }),
    },
    price: row.price_minor,
    currency: row.currency,
    price_sample: row.price_sample === 1,
    promised_by: row.promised_by,
    why: row.why,
    tracking_number: row.tracking_number,
    handed_over_at: row.handed_over_at === null ? null : toIso(row.handed_over_at),
    created_at: toIso(row.created_at),
    updated_at: toIso(row.updated_at),
  };
}

/** A reason as a sentence of the whole `why`: ending with its full stop. */
function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

export async function viewsOf(repos: Repos, rows: readonly ShipmentRow[]): Promise<Shipment[]> {
  const items = await repos.shipments.itemsOf(rows.map((row) => row.id));
  return rows.map((row) => shipmentView(row, items.get(row.id) ?? []));
}

/** The services that sell sample counter prices, by `carrier\u0000code`: their prices are shown as such. */
async function sampleServices(tx: Repos): Promise<Set<string>> {
  const rows = await tx.carriers.listServices();
  return new Set(rows.filter((row) => row.sample === 1).map((row) => `${row.carrier}\u0000${row.code}`));
}

/** The parcels a paid order leaves in: sourced, boxed and given a service, inside the caller's transaction. */
async function planShipments(
  tx: Repos,
  ctx: AppContext,
  order: OrderRow,
): Promise<Result<{ rows: ShipmentRow[]; items: ShipmentItemRow[] }>> {
  const [lines, held, channel] = await Promise.all([
    tx.orders.linesOf([order.id]),
    tx.stock.allocationsOf('order_allocations', [order.id]),
    tx.catalog.getChannel(order.channel_code),
  ]);
  const orderLines = lines.get(order.id) ?? [];
  const skus = orderLines.map((line) => line.sku);
  const locations = (await tx.catalog.locationsByChannel([order.channel_code])).get(order.channel_code) ?? [];
  const [stock, zones] = await Promise.all([
    tx.stock.lockStock(skus, locations),
    tx.warehouse.zonesOf(locations),
  ]);
  const address = JSON.parse(order.shipping_address) as { country: string; postal_code: string };
  const plan = sourceOrder({
    lines: orderLines.map((line) => ({ sku: line.sku, quantity: line.quantity })),
    currentAllocations: held.get(order.id) ?? [],
    stock: stock.map((row) => ({ ...row })),
    locations,
    zones: zones.map((zone) => ({
      locationCode: zone.location_code,
      country: zone.country,
      postalPrefix: zone.postal_prefix,
      rank: zone.rank,
    })),
    destination: { country: address.country, postalCode: address.postal_code },
    orderValue: { amountMinor: order.total_minor, currency: order.currency },
    splitOrderValueMin: { amountMinor: channel?.split_min_order_minor ?? 0, currency: order.currency },
  });
  if (!plan.ok) return plan;

  const skuRows = await tx.catalog.skusByCode(skus);
  const unmeasured = skus.filter((sku) => {
    const row = skuRows.get(sku);
    return row?.length_mm == null || row.width_mm == null || row.height_mm == null || row.weight_g == null;
  });
  if (unmeasured.length > 0) {
    return fail('sku_unmeasured', 'Some SKUs have no size or weight: no box can be chosen for them.', {
      skus: unmeasured,
    });
  }
  const boxes = (await tx.warehouse.listPackagings()).map(boxOf);
  const now = ctx.clock.now();
  const local = DateTime.fromMillis(now, { zone: shopTimeZone });
  const localNow = { localDate: local.toFormat('yyyy-LL-dd'), localMinutes: local.hour * 60 + local.minute };
  const orderedOn = DateTime.fromMillis(order.created_at, { zone: shopTimeZone }).toFormat('yyyy-LL-dd');
  const promise =
    channel?.delivery_days == null
      ? null
      : { deliverByDate: addWorkingDays(orderedOn, channel.delivery_days) };
  const [services, sample] = await Promise.all([
    choosableServices(tx, localNow.localDate),
    sampleServices(tx),
  ]);
  // Every card is imported in one currency.
  const currency = ratesCurrency;
  const zone = carrierZoneOf(address.country, address.postal_code);

  const rows: ShipmentRow[] = [];
  const items: ShipmentItemRow[] = [];
  for (const planned of plan.value.shipments) {
    const packed = chooseBox(
      boxes,
      planned.items.map((item): Item => {
        const row = skuRows.get(item.sku)!;
        return {
          sku: item.sku,
          lengthMm: row.length_mm!,
          widthMm: row.width_mm!,
          heightMm: row.height_mm!,
          weightG: row.weight_g!,
          quantity: item.quantity,
        };
      }),
    );
    if (!packed.ok) return packed;
    const { box } = packed.value;
    // The parcel's outer size is taken as the box's inner one: the walls are a few mm at most.
    const chosen = chooseService({
      services,
      parcel: {
        weightG: packed.value.grossWeightG,
        lengthMm: box.innerLengthMm,
        widthMm: box.innerWidthMm,
        heightMm: box.innerHeightMm,
      },
      zone,
      now: localNow,
      promise,
      currency,
    });
    if (!chosen.ok) return chosen;
    const { service } = chosen.value;
    const id = ctx.newId('shp');
    rows.push({
      id,
      order_id: order.id,
      location_code: planned.locationCode,
      status: initialShipmentStatus,
      package_code: box.code,
      carrier: service.carrier,
      service_code: service.code,
      price_minor: chosen.value.priceMinor,
      currency,
      price_sample: sample.has(`${service.carrier}\u0000${service.code}`) ? 1 : 0,
      weight_g: packed.value.grossWeightG,
      promised_by: chosen.value.promisedByDate,
      why: [plan.value.why, packed.value.why, chosen.value.why].map(sentence).join(' '),
      tracking_number: null,
      handed_over_at: null,
      packed_at: null,
      created_at: now,
      updated_at: now,
    });
    for (const item of planned.items) items.push({ shipment_id: id, sku: item.sku, quantity: item.quantity });
  }
  await moveReservations(tx, order.id, plan.value.moves, plan.value.allocations);
  return ok({ rows, items });
}

/**
 * `POST /v1/orders/{id}/shipments`: sources a paid order and creates its shipments, which the order
 * then follows (`fulfilling`). Asked again, it answers the shipments made the first time.
 */
export async function createShipments(
  ctx: AppContext,
  orderId: string,
): Promise<Result<{ shipments: Shipment[]; created: boolean }>> {
  return inTransaction<{ shipments: Shipment[]; created: boolean }>(ctx, async (tx) => {
    const order = await tx.orders.lockOrder(orderId);
    if (order === undefined) return notFound('order', orderId);
    const existing = await tx.shipments.shipmentsOfOrder(orderId);
    if (existing.length > 0) return ok({ shipments: await viewsOf(tx, existing), created: false });
    if (order.status !== 'paid') {
      return fail('invalid_transition', `Only a paid order is shipped; this one is ${order.status}.`, {
        from: order.status,
        to: 'fulfilling',
      });
    }
    const complete = await checkNotAwaitingStock(tx, order);
    if (!complete.ok) return complete;
    const planned = await planShipments(tx, ctx, order);
    if (!planned.ok) return planned;
    // Sourced whole again: whatever a location going short took from it is back.
    await tx.orders.clearShortUnits(orderId);
    const now = ctx.clock.now();
    await tx.shipments.insertShipments(planned.value.rows, planned.value.items);
    const moved = await moveOrderInTransaction(tx, order, 'fulfilling', now, {
      shipments: planned.value.rows.map((row) => row.id),
    });
    if (!moved.ok) throw new Error(`order ${orderId} could not start fulfilling: ${moved.message}`);
    const shipments = await viewsOf(tx, planned.value.rows);
    await tx.events.append(
      shipments.map((shipment) => ({
        type: 'shipment.created',
        entityType: 'order',
        entityId: orderId,
        payload: shipment,
      })),
      now,
    );
    return ok({ shipments, created: true });
  });
}

export async function getShipment(ctx: AppContext, id: string): Promise<Result<Shipment>> {
  const row = await ctx.store.read.shipments.getShipment(id);
  if (row === undefined) return notFound('shipment', id);
  return ok((await viewsOf(ctx.store.read, [row]))[0]!);
}

/** `GET /v1/shipments/{id}/label.pdf|label.zpl|packing-slip.pdf`. */
export async function shipmentDocument(
  ctx: AppContext,
  id: string,
  kind: DocumentKind,
): Promise<Result<{ body: Buffer | string; contentType: string; filename: string }>> {
  const shipment = await ctx.store.read.shipments.getShipment(id);
  if (shipment === undefined) return notFound('shipment', id);
  const rendered = await renderDocument(ctx.store.read, shipment, kind);
  return rendered.ok ? ok({ ...rendered.value, filename: `${id}-${kind}` }) : rendered;
}

export async function orderShipments(
  ctx: AppContext,
  orderId: string,
  caller: Caller,
): Promise<Result<Shipment[]>> {
  const order = await getOrder(ctx, orderId, caller);
  if (!order.ok) return order;
  return ok(await viewsOf(ctx.store.read, await ctx.store.read.shipments.shipmentsOfOrder(orderId)));
}

/**
 * `POST /v1/shipments/{id}/transitions`: moves a shipment along its process. At hand-over its units
 * leave on hand (once); the order becomes `shipped` once all its parcels left, `delivered` once all
 * arrived.
 */
export async function moveShipment(
  ctx: AppContext,
  id: string,
  to: ShipmentStatus,
  trackingNumber: string | undefined,
): Promise<Result<Shipment>> {
  return inTransaction(ctx, (tx) => moveShipmentInTransaction(tx, ctx, id, to, trackingNumber));
}

/** Moves a shipment inside the caller's transaction (the packing station's last scan does). */
export async function moveShipmentInTransaction(
  tx: Repos,
  ctx: AppContext,
  id: string,
  to: ShipmentStatus,
  trackingNumber: string | undefined,
): Promise<Result<Shipment>> {
  const found = await tx.shipments.getShipment(id);
  if (found === undefined) return notFound('shipment', id);
  // The order first, then the shipment: the order every transaction on them follows.
  const order = (await tx.orders.lockOrder(found.order_id))!;
  const shipment = (await tx.shipments.lockShipment(id))!;
  if (!isShipmentStatus(shipment.status))
    throw new Error(`shipment ${id} has an unknown status ${shipment.status}`);
  const check = checkShipmentMove(shipment.status, to, shipment.handed_over_at !== null);
  if (!check.ok) return check;
  const now = ctx.clock.now();
  const change = {
    status: to,
    ...(trackingNumber === undefined ? {} : { tracking_number: trackingNumber }),
    ...(check.value.shipsStock ? { handed_over_at: now } : {}),
    ...(to === 'packed' ? { packed_at: now } : {}),
  };
  await tx.shipments.moveShipment(id, shipment.status, change, now);
  if (check.value.shipsStock) {
    const items = (await tx.shipments.itemsOf([id])).get(id) ?? [];
    await shipParcel(
      tx,
      order.id,
      items.map((item) => ({
        sku: item.sku,
        locationCode: shipment.location_code,
        quantity: item.quantity,
      })),
      order.number,
      now,
    );
  }
  await tx.events.append(
    [
      {
        type: `shipment.${to}`,
        entityType: 'order',
        entityId: order.id,
        payload: { shipment_id: id, from: shipment.status, to },
      },
    ],
    now,
  );
  const siblings = await tx.shipments.shipmentsOfOrder(order.id);
  const follows = orderStatusOfShipments(
    siblings.map((row) => ({
      status: row.status as ShipmentStatus,
      handedOver: row.handed_over_at !== null,
    })),
  );
  // The order follows its parcels forward, one step at a time (shipped, then delivered).
  for (const next of follows === 'delivered'
    ? (['shipped', 'delivered'] as const)
    : follows === 'shipped'
      ? (['shipped'] as const)
      : []) {
    const current = (await tx.orders.getOrder(order.id))!;
    if (current.status === next || (next === 'shipped' && current.status === 'delivered')) continue;
    const moved = await moveOrderInTransaction(tx, current, next, now, { shipment_id: id });
    if (!moved.ok)
      throw new Error(`order ${order.id} could not follow its shipments to ${next}: ${moved.message}`);
  }
  return ok((await viewsOf(tx, [(await tx.shipments.getShipment(id))!]))[0]!);
}
