/**
 * The packing station: the packer scans the order's barcode (its number, on the packing slip) to
 * open the parcel of that order at the station's location, then each item, then the parcel's label;
 * the last scan makes the shipment `packed`. Every refusal is answered at once and changes nothing.
 * Pick lists gather what to fetch from the shelves for the next parcels.
 */

import { type AppContext, inTransaction, notFound, toIso } from '../../platform/context.js';
import { fail, ok, type Result } from '../../platform/core/errors.js';
import type { Repos } from '../../platform/store/store.js';
import { type ParcelToPack, type Scanned, scanCode, stepOf } from '../core/packing-scan.js';
import type { ShipmentRow } from '../shipments/shipment-repo.js';
import { moveShipmentInTransaction } from '../shipments/shipments.js';
import type { PackingSession, PickList, ScanResult } from './contract.js';
import type { PackingSessionRow } from './packing-repo.js';

/** What the parcel holds, and the codes its label may carry, as the scan rule takes them. */
async function parcelOf(repos: Repos, shipment: ShipmentRow): Promise<ParcelToPack> {
  const items = (await repos.shipments.itemsOf([shipment.id])).get(shipment.id) ?? [];
  const skus = await repos.catalog.skusByCode(items.map((item) => item.sku));
  return {
    shipmentId: shipment.id,
    labelCodes: [shipment.id, ...(shipment.tracking_number === null ? [] : [shipment.tracking_number])],
    items: items.map((item) => ({
      sku: item.sku,
      name: skus.get(item.sku)?.name ?? item.sku,
      gtin: skus.get(item.sku)?.gtin ?? null,
      quantity: item.quantity,
    })),
  };
}

/** The session as the station shows it; `known` saves reading again what the caller already read. */
async function sessionView(
  repos: Repos,
  session: PackingSessionRow,
  known?: { shipment: ShipmentRow; parcel: ParcelToPack },
): Promise<PackingSession> {
  const shipment = known?.shipment ?? (await repos.shipments.getShipment(session.shipment_id))!;
  const order = (await repos.orders.getOrder(shipment.order_id))!;
  const parcel = known?.parcel ?? (await parcelOf(repos, shipment));
  const scanned = JSON.parse(session.scanned) as Scanned;
  return {
    id: session.id,
    shipment_id: shipment.id,
    order_number: order.number,
    location: shipment.location_code,
    step: stepOf(parcel, scanned, session.status === 'done'),
    items: parcel.items.map((item) => ({ ...item, scanned: scanned[item.sku] ?? 0 })),
    created_at: toIso(session.created_at),
    updated_at: toIso(session.updated_at),
  };
}

/**
 * `POST /v1/packing/sessions {location, order_code}`: opens the parcel of the scanned order at this
 * location, or resumes the one already open (201 opened, 200 resumed).
 */
export async function startPacking(
  ctx: AppContext,
  location: string,
  orderCode: string,
): Promise<Result<{ session: PackingSession; opened: boolean }>> {
  return inTransaction<{ session: PackingSession; opened: boolean }>(ctx, async (tx) => {
    const number = orderCode.trim().toUpperCase();
    const order = await tx.orders.getOrderByNumber(number);
    if (order === undefined) return notFound('order', number);
    const parcels = (await tx.shipments.shipmentsOfOrder(order.id)).filter(
      (row) => row.location_code === location,
    );
    const toPack = parcels.find((row) => row.status === 'label_created');
    if (toPack === undefined) {
      return parcels.length === 0
        ? fail('scan_refused', `Order ${number} has no parcel to pack at ${location}.`, {
            reason: 'no_parcel_here',
            order: number,
          })
        : fail('scan_refused', `Order ${number} is packed already at ${location}.`, {
            reason: 'parcel_done',
            order: number,
          });
    }
    const open = await tx.packing.openSessionOf(toPack.id);
    if (open !== undefined) return ok({ session: await sessionView(tx, open), opened: false });
    const now = ctx.clock.now();
    const session: PackingSessionRow = {
      id: ctx.newId('pack'),
      shipment_id: toPack.id,
      scanned: '{}',
      status: 'open',
      created_at: now,
      updated_at: now,
    };
    await tx.packing.insertSession(session);
    return ok({ session: await sessionView(tx, session), opened: true });
  });
}

/** `POST /v1/packing/sessions/{id}/scans {code}`: one scan into the open parcel. */
export async function scanIntoParcel(
  ctx: AppContext,
  sessionId: string,
  code: string,
): Promise<Result<ScanResult>> {
  return inTransaction<ScanResult>(ctx, async (tx) => {
    const session = await tx.packing.lockSession(sessionId);
    if (session === undefined) return notFound('packing session', sessionId);
    const shipment = (await tx.shipments.getShipment(session.shipment_id))!;
    const parcel = await parcelOf(tx, shipment);
    const scanned = scanCode(parcel, JSON.parse(session.scanned) as Scanned, session.status === 'done', code);
    if (!scanned.ok) {
      if (scanned.details?.reason !== 'wrong_label') return scanned;
      // Another parcel's label is the mix-up this station is there to stop: name whose it is.
      const other = await tx.shipments.shipmentOfLabel(code.trim());
      const owner = other === undefined ? undefined : await tx.orders.getOrder(other.order_id);
      return owner === undefined
        ? scanned
        : fail(
            'scan_refused',
            `This is the label of order ${owner.number}, not of this parcel. Do not stick it.`,
            {
              ...scanned.details,
              order: owner.number,
            },
          );
    }
    const now = ctx.clock.now();
    const { outcome } = scanned.value;
    if (outcome.kind === 'label') {
      const moved = await moveShipmentInTransaction(tx, ctx, shipment.id, 'packed', undefined);
      if (!moved.ok) return moved;
    }
    const change = {
      scanned: JSON.stringify(scanned.value.scanned),
      status: outcome.kind === 'label' ? 'done' : 'open',
    };
    await tx.packing.updateSession(sessionId, change, now);
    // The parcel's items do not change with a scan: only what was scanned, and the step.
    const view = await sessionView(tx, { ...session, ...change, updated_at: now }, { shipment, parcel });
    const message =
      outcome.kind === 'label'
        ? `Packed: parcel of order ${view.order_number} is ready to hand over.`
        : `${outcome.name}: ${outcome.left === 0 ? 'all in' : `${outcome.left} more to scan`}.`;
    return ok({ ...view, scan: { kind: outcome.kind, message } });
  });
}

export async function getPackingSession(ctx: AppContext, id: string): Promise<Result<PackingSession>> {
  const session = await ctx.store.read.packing.getSession(id);
  if (session === undefined) return notFound('packing session', id);
  return ok(await sessionView(ctx.store.read, session));
}

/**
 * `GET /v1/pick-lists?location&limit`: the next parcels to pack at a location, oldest first, and
 * what to fetch for them, SKU by SKU.
 */
export async function pickList(ctx: AppContext, location: string, limit: number): Promise<Result<PickList>> {
  const read = ctx.store.read;
  if ((await read.catalog.getLocation(location)) === undefined) return notFound('location', location);
  const shipments = await read.shipments.shipmentsAt(location, 'label_created', limit);
  const [items, orders] = await Promise.all([
    read.shipments.itemsOf(shipments.map((row) => row.id)),
    Promise.all(shipments.map((row) => read.orders.getOrder(row.order_id))),
  ]);
  const bySku = new Map<string, { quantity: number; shipments: { id: string; quantity: number }[] }>();
  for (const shipment of shipments) {
    for (const item of items.get(shipment.id) ?? []) {
      const line = bySku.get(item.sku) ?? { quantity: 0, shipments: [] };
      line.quantity += item.quantity;
      line.shipments.push({ id: shipment.id, quantity: item.quantity });
      bySku.set(item.sku, line);
    }
  }
  const skus = await read.catalog.skusByCode([...bySku.keys()]);
  return ok({
    location,
    shipments: shipments.map((row, index) => ({
      id: row.id,
      order_number: orders[index]!.number,
      created_at: toIso(row.created_at),
    })),
    lines: [...bySku]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([sku, line]) => ({
        sku,
        name: skus.get(sku)?.name ?? sku,
        gtin: skus.get(sku)?.gtin ?? null,
        ...line,
      })),
  });
}
