/**
 * A location going short (`POST /v1/stock/shortfalls`): units found broken or missing, reserved or
 * not. The reservations the loss takes are released (holds first, then the newest orders not yet
 * shipped, then parcels made there), orders are re-sourced at another location of their channel
 * where one has the units free, and what cannot be is flagged: the order's `short_units`, shown in
 * the operations room, and an `order.stock_short` event.
 */

import type { Allocation } from '../../inventory/core/stock-book.js';
import { reservingStatuses } from '../../orders/core/order-process.js';
import { type AppContext, inTransaction } from '../../platform/context.js';
import { fail, ok, type Result } from '../../platform/core/errors.js';
import type { Repos } from '../../platform/store/store.js';
import { planShortfall } from '../core/shortfall.js';
import type { Shortfall } from './contract.js';

export interface ShortfallInput {
  readonly sku: string;
  readonly location: string;
  readonly quantity: number;
  readonly reason: string;
}

/** Orders first, by id, then the stock rows: the order every transaction on them follows. */
async function lockClaimants(tx: Repos, sku: string, location: string): Promise<void> {
  const claims = await tx.stock.claimsAt(sku, location, reservingStatuses);
  const orders = [
    ...new Set(claims.filter((claim) => claim.kind === 'order').map((claim) => claim.owner_id)),
  ].sort();
  for (const id of orders) await tx.orders.lockOrder(id);
}

/** What an owner holds after losing `taken` units of `sku` at `location` and gaining `moved`. */
function heldAfter(
  held: readonly Allocation[],
  sku: string,
  location: string,
  taken: number,
  moved: readonly Allocation[],
): Allocation[] {
  let left = taken;
  const kept: Allocation[] = [];
  for (const allocation of held) {
    if (allocation.sku === sku && allocation.locationCode === location && left > 0) {
      const units = Math.min(left, allocation.quantity);
      left -= units;
      if (allocation.quantity > units) kept.push({ ...allocation, quantity: allocation.quantity - units });
    } else kept.push(allocation);
  }
  return [...kept, ...moved];
}

export async function recordShortfall(ctx: AppContext, input: ShortfallInput): Promise<Result<Shortfall>> {
  return inTransaction<Shortfall>(ctx, async (tx) => {
    const { sku, location, quantity } = input;
    if ((await tx.catalog.getSku(sku)) === undefined) return fail('unknown_sku', `No SKU ${sku}.`, { sku });
    if ((await tx.catalog.getLocation(location)) === undefined)
      return fail('unknown_location', `No location ${location}.`, { location });
    await lockClaimants(tx, sku, location);
    const locations = (await tx.catalog.listLocations()).map((row) => row.code);
    const rows = await tx.stock.lockStock([sku], locations);
    const claims = await tx.stock.claimsAt(sku, location, reservingStatuses);
    const channels = [...new Set(claims.map((claim) => claim.channel_code))];
    const plan = planShortfall({
      sku,
      location,
      quantity,
      rows,
      claims: claims.map((claim) => ({
        kind: claim.kind,
        ownerId: claim.owner_id,
        quantity: claim.quantity,
        channel: claim.channel_code,
        status: claim.status,
        createdAtMs: claim.created_at,
      })),
      locationsByChannel: await tx.catalog.locationsByChannel(channels),
    });
    if (!plan.ok) return plan;
    const now = ctx.clock.now();
    await tx.stock.applyDeltas(plan.value.deltas);
    await tx.stock.addMovements(
      [
        {
          sku,
          locationCode: location,
          kind: 'adjustment',
          quantity: -quantity,
          reference: null,
          reason: input.reason,
        },
      ],
      now,
    );
    const moved = new Map(plan.value.moved.map((entry) => [entry.ownerId, entry.allocations]));
    for (const taken of plan.value.taken) {
      const table = taken.kind === 'hold' ? 'hold_allocations' : 'order_allocations';
      const held = (await tx.stock.allocationsOf(table, [taken.ownerId])).get(taken.ownerId) ?? [];
      await tx.stock.replaceAllocations(
        table,
        taken.ownerId,
        heldAfter(held, sku, location, taken.quantity, moved.get(taken.ownerId) ?? []),
      );
    }
    const shortOrders = plan.value.short.filter((entry) => entry.kind !== 'hold');
    for (const entry of shortOrders) await tx.orders.addShortUnits(entry.ownerId, entry.quantity, now);
    await tx.events.append(
      [
        {
          type: 'stock.adjusted',
          entityType: 'sku',
          entityId: sku,
          payload: { sku, location, delta: -quantity, reason: input.reason },
        },
        ...plan.value.moved.map((entry) => ({
          type: 'order.resourced',
          entityType: 'order',
          entityId: entry.ownerId,
          payload: {
            sku,
            from: location,
            to: entry.allocations.map((a) => ({ location: a.locationCode, quantity: a.quantity })),
          },
        })),
        ...shortOrders.map((entry) => ({
          type: 'order.stock_short',
          entityType: 'order',
          entityId: entry.ownerId,
          payload: { sku, location, quantity: entry.quantity, parcel_made: entry.kind === 'parcel' },
        })),
      ],
      now,
    );
    const row = (await tx.stock.lockStock([sku], [location]))[0];
    return ok({
      sku,
      location,
      quantity,
      on_hand: row?.onHand ?? 0,
      reserved: row?.reserved ?? 0,
      resourced: plan.value.moved.map((entry) => ({
        order_id: entry.ownerId,
        to: entry.allocations.map((a) => ({ location: a.locationCode, quantity: a.quantity })),
      })),
      short: plan.value.short.map((entry) => ({
        kind: entry.kind,
        id: entry.ownerId,
        quantity: entry.quantity,
      })),
    });
  });
}
