/** The warehouse's set-up: the packaging shipments are boxed in, and how near each location is to a destination. */

import { type AppContext, inTransaction, notFound, toIso } from '../../platform/context.js';
import { fail, ok, type Result } from '../../platform/core/errors.js';
import { limits } from '../../platform/core/limits.js';
import type { Box } from '../core/packing.js';
import type { LocationZone, LocationZones, Packaging } from './contract.js';
import type { PackagingRow } from './warehouse-repo.js';

export interface PackagingInput {
  readonly name: string;
  readonly inner_length_mm: number;
  readonly inner_width_mm: number;
  readonly inner_height_mm: number;
  readonly max_weight_g: number;
  readonly own_weight_g: number;
  readonly cost: number;
  readonly currency: string;
}

/** A packaging as the packing rule takes it. */
export function boxOf(row: PackagingRow): Box {
  return {
    code: row.code,
    innerLengthMm: row.inner_length_mm,
    innerWidthMm: row.inner_width_mm,
    innerHeightMm: row.inner_height_mm,
    maxWeightG: row.max_weight_g,
    ownWeightG: row.own_weight_g,
    costMinor: row.cost_minor,
  };
}

function packagingView(row: PackagingRow): Packaging {
  const { cost_minor, created_at, updated_at, ...rest } = row;
  return { ...rest, cost: cost_minor, created_at: toIso(created_at), updated_at: toIso(updated_at) };
}

/** `PUT /v1/packagings/{code}`: creates or replaces a box or envelope. */
export async function putPackaging(
  ctx: AppContext,
  code: string,
  input: PackagingInput,
): Promise<Result<Packaging>> {
  if (input.own_weight_g >= input.max_weight_g) {
    return fail('validation_failed', 'A packaging must hold more than its own weight.', {
      in: 'body',
      errors: [{ path: '/own_weight_g', message: `must be under max_weight_g (${input.max_weight_g})` }],
    });
  }
  return inTransaction(ctx, async (tx) => {
    const existing = await tx.warehouse.getPackaging(code);
    if (existing === undefined && (await tx.warehouse.listPackagings()).length >= limits.packagingsMax) {
      return fail('limit_reached', `A shop has at most ${limits.packagingsMax} packagings.`, {
        packagings_max: limits.packagingsMax,
      });
    }
    const now = ctx.clock.now();
    const { cost, ...sizes } = input;
    await tx.warehouse.putPackaging({ code, ...sizes, cost_minor: cost }, now);
    await tx.events.append(
      [
        {
          type: existing === undefined ? 'packaging.created' : 'packaging.updated',
          entityType: 'packaging',
          entityId: code,
          payload: { code, ...input },
        },
      ],
      now,
    );
    return ok(packagingView((await tx.warehouse.getPackaging(code))!));
  });
}

export async function listPackagings(ctx: AppContext): Promise<Packaging[]> {
  return (await ctx.store.read.warehouse.listPackagings()).map(packagingView);
}

/** `DELETE /v1/packagings/{code}`: no shipment is boxed in it from now on. */
export async function deletePackaging(ctx: AppContext, code: string): Promise<Result<null>> {
  return inTransaction(ctx, async (tx) => {
    if (!(await tx.warehouse.deletePackaging(code))) return notFound('packaging', code);
    await tx.events.append(
      [{ type: 'packaging.deleted', entityType: 'packaging', entityId: code, payload: { code } }],
      ctx.clock.now(),
    );
    return ok(null);
  });
}

/** `PUT /v1/locations/{code}/zones`: replaces the location's zone table whole. */
export async function putZones(
  ctx: AppContext,
  location: string,
  zones: readonly LocationZone[],
): Promise<Result<LocationZones>> {
  const seen = new Set<string>();
  for (const [index, zone] of zones.entries()) {
    const key = `${zone.country}\u0000${zone.postal_prefix}`;
    if (seen.has(key)) {
      return fail(
        'validation_failed',
        `Zone ${index} repeats ${zone.country} ${zone.postal_prefix || '(whole country)'}.`,
        {
          in: 'body',
          errors: [{ path: `/zones/${index}`, message: 'names a country and prefix already given' }],
        },
      );
    }
    seen.add(key);
  }
  return inTransaction(ctx, async (tx) => {
    if ((await tx.catalog.getLocation(location)) === undefined) {
      return fail('unknown_location', `No location ${location}.`, { location });
    }
    await tx.warehouse.replaceZones(location, zones);
    await tx.events.append(
      [
        {
          type: 'location.zones_updated',
          entityType: 'location',
          entityId: location,
          payload: { location, zones },
        },
      ],
      ctx.clock.now(),
    );
    return ok({ location, zones: [...zones] });
  });
}

export async function getZones(ctx: AppContext, location: string): Promise<Result<LocationZones>> {
  if ((await ctx.store.read.catalog.getLocation(location)) === undefined)
    return notFound('location', location);
  const rows = await ctx.store.read.warehouse.zonesOf([location]);
  return ok({
    location,
    zones: rows.map(({ country, postal_prefix, rank }) => ({ country, postal_prefix, rank })),
  });
}
