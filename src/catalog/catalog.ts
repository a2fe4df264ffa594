/** Catalog use cases: channels, locations, SKUs with their prices. */

import type { Selectable } from 'kysely';
import { type AppContext, inTransaction, notFound, pageOf, toIso } from '../platform/context.js';
import { fail, ok, type Result } from '../platform/core/errors.js';
import type { Page } from '../platform/http/schemas.js';
import type { LocationTable, SkuTable } from '../platform/store/schema.js';
import type { Repos } from '../platform/store/store.js';
import type { TaxClass, TaxCountry } from '../pricing/core/vat.js';
import type { Channel, Location, LocationAddress, Sku } from './contract.js';
import { isValidGtin13 } from './core/gtin.js';

function channelView(row: {
  code: string;
  name: string;
  currency: string;
  country: string;
  prices_include_tax: number;
  payment_timeout_minutes: number | null;
  delivery_days: number | null;
  auto_ship: number;
  split_min_order_minor: number;
  created_at: number;
  updated_at: number;
}): Channel {
  const { auto_ship, split_min_order_minor, ...rest } = row;
  return {
    ...rest,
    auto_ship: auto_ship === 1,
    split_order_total_min: split_min_order_minor,
    country: row.country as TaxCountry,
    prices_include_tax: row.prices_include_tax === 1,
    created_at: toIso(row.created_at),
    updated_at: toIso(row.updated_at),
  };
}

export interface ChannelInput {
  readonly name: string;
  readonly currency: string;
  /** Whose VAT applies (default FR). */
  readonly country?: TaxCountry;
  /** Whether its prices include VAT (default: yes, as consumers see them). */
  readonly prices_include_tax?: boolean;
  /** Minutes an order may stay unpaid before it is cancelled (default: no timeout). */
  readonly payment_timeout_minutes?: number | null;
  /** Delivered within this many working days, as checkout shows (default: no promise). */
  readonly delivery_days?: number | null;
  /** Paid orders ship by themselves (default: no). */
  readonly auto_ship?: boolean;
  /** Several parcels only from this order total on (default 0: whenever no location has it all). */
  readonly split_order_total_min?: number;
}

export async function putChannel(
  ctx: AppContext,
  code: string,
  input: ChannelInput,
): Promise<Result<Channel>> {
  return inTransaction(ctx, async (tx) => {
    const existing = await tx.catalog.getChannel(code);
    if (
      existing !== undefined &&
      existing.currency !== input.currency &&
      (await tx.pricing.channelHasPrices(code))
    ) {
      return fail(
        'channel_currency_locked',
        'A channel with prices keeps its currency; create another channel instead.',
        {
          channel: code,
          currency: existing.currency,
        },
      );
    }
    const now = ctx.clock.now();
    const terms = {
      country: input.country ?? 'FR',
      prices_include_tax: input.prices_include_tax ?? true,
      payment_timeout_minutes: input.payment_timeout_minutes ?? null,
      delivery_days: input.delivery_days ?? null,
      auto_ship: input.auto_ship ?? false,
      split_order_total_min: input.split_order_total_min ?? 0,
    };
    await tx.catalog.upsertChannel(
      {
        code,
        name: input.name,
        currency: input.currency,
        country: terms.country,
        prices_include_tax: terms.prices_include_tax ? 1 : 0,
        payment_timeout_minutes: terms.payment_timeout_minutes,
        delivery_days: terms.delivery_days,
        auto_ship: terms.auto_ship ? 1 : 0,
        split_min_order_minor: terms.split_order_total_min,
      },
      now,
    );
    const event = existing === undefined ? 'channel.created' : 'channel.updated';
    await tx.events.append(
      [{ type: event, entityType: 'channel', entityId: code, payload: { code, ...input, ...terms } }],
      now,
    );
    return ok(channelView((await tx.catalog.getChannel(code))!));
  });
}

export async function listChannels(ctx: AppContext): Promise<Channel[]> {
  return (await ctx.store.read.catalog.listChannels()).map(channelView);
}

async function unknownChannels(tx: Repos, codes: readonly string[]): Promise<string[]> {
  const existing = await tx.catalog.existingChannels(codes);
  return codes.filter((code) => !existing.has(code));
}

async function locationView(tx: Repos, code: string): Promise<Location | undefined> {
  const row = await tx.catalog.getLocation(code);
  if (row === undefined) return undefined;
  const channels = (await tx.catalog.channelsByLocation([code])).get(code) ?? [];
  return locationOf(row, channels);
}

function locationOf(row: Selectable<LocationTable>, channels: string[]): Location {
  return {
    ...row,
    channels,
    address: row.address === null ? null : (JSON.parse(row.address) as LocationAddress),
    created_at: toIso(row.created_at),
    updated_at: toIso(row.updated_at),
  };
}

export async function putLocation(
  ctx: AppContext,
  code: string,
  input: { name: string; channels: string[]; address?: LocationAddress },
): Promise<Result<Location>> {
  return inTransaction(ctx, async (tx) => {
    const channels = [...new Set(input.channels)];
    const unknown = await unknownChannels(tx, channels);
    if (unknown.length > 0)
      return fail('unknown_channel', 'Some channels do not exist.', { channels: unknown });
    const now = ctx.clock.now();
    const existed = (await tx.catalog.getLocation(code)) !== undefined;
    const address = input.address === undefined ? null : JSON.stringify(input.address);
    await tx.catalog.upsertLocation({ code, name: input.name, address }, channels, now);
    await tx.events.append(
      [
        {
          type: existed ? 'location.updated' : 'location.created',
          entityType: 'location',
          entityId: code,
          payload: { code, name: input.name, channels, address: input.address ?? null },
        },
      ],
      now,
    );
    return ok((await locationView(tx, code))!);
  });
}

export async function listLocations(ctx: AppContext): Promise<Location[]> {
  const rows = await ctx.store.read.catalog.listLocations();
  const channels = await ctx.store.read.catalog.channelsByLocation(rows.map((row) => row.code));
  return rows.map((row) => locationOf(row, channels.get(row.code) ?? []));
}

/** Lower-cased words of a SKU's code and name, each searchable by prefix. */
export function searchTerms(sku: string, name: string): string[] {
  const words = `${sku} ${name}`.toLowerCase().split(/[^\p{L}\p{N}]+/u);
  return [...new Set([sku.toLowerCase(), ...words].filter((word) => word.length > 0))];
}

async function skuViews(tx: Repos, rows: Selectable<SkuTable>[]) {
  const prices = await tx.pricing.pricesOfSkus(rows.map((row) => row.sku));
  return rows.map(
    (row): Sku => ({
      ...row,
      tax_class: row.tax_class as TaxClass,
      perishable: row.perishable === 1,
      prices: Object.fromEntries(prices.get(row.sku) ?? []),
      created_at: toIso(row.created_at),
      updated_at: toIso(row.updated_at),
    }),
  );
}

export interface SkuInput {
  readonly name: string;
  readonly weight_g?: number;
  /** Its outer size, all three or none: what a shipment's box is chosen on. */
  readonly length_mm?: number;
  readonly width_mm?: number;
  readonly height_mm?: number;
  /** GTIN-13 (EAN-13), checked by its check digit: what the packer scans. */
  readonly gtin?: string;
  /** What product selections pick by; absent: none. */
  readonly category?: string;
  readonly prices: Record<string, number>;
  /** Its VAT class (default `standard`). */
  readonly tax_class?: TaxClass;
  /** Perishable goods are exempt from the reference price rule (default false). */
  readonly perishable?: boolean;
}

/** What the schema cannot say of a SKU: a size is whole or absent, a barcode's check digit holds. */
function skuProblems(input: SkuInput): Result<null> {
  const sides = [input.length_mm, input.width_mm, input.height_mm];
  const given = sides.filter((side) => side !== undefined).length;
  if (given !== 0 && given !== 3) {
    return fail('validation_failed', 'A size is length_mm, width_mm and height_mm together, or none.', {
      in: 'body',
      errors: [{ path: '/length_mm', message: 'must come with width_mm and height_mm' }],
    });
  }
  if (input.gtin !== undefined && !isValidGtin13(input.gtin)) {
    return fail('validation_failed', `The GTIN ${input.gtin} fails its check digit: a digit is mistyped.`, {
      in: 'body',
      errors: [{ path: '/gtin', message: 'must be a GTIN-13 whose last digit checks the first 12' }],
    });
  }
  return ok(null);
}

export async function putSku(ctx: AppContext, sku: string, input: SkuInput): Promise<Result<Sku>> {
  const valid = skuProblems(input);
  if (!valid.ok) return valid;
  return inTransaction(ctx, async (tx) => {
    const channels = Object.keys(input.prices);
    const unknown = await unknownChannels(tx, channels);
    if (unknown.length > 0)
      return fail('unknown_channel', 'Prices name channels that do not exist.', { channels: unknown });
    const now = ctx.clock.now();
    const existed = (await tx.catalog.getSku(sku)) !== undefined;
    await tx.catalog.upsertSku(
      {
        sku,
        name: input.name,
        weight_g: input.weight_g ?? null,
        length_mm: input.length_mm ?? null,
        width_mm: input.width_mm ?? null,
        height_mm: input.height_mm ?? null,
        gtin: input.gtin ?? null,
        category: input.category ?? null,
        tax_class: input.tax_class ?? 'standard',
        perishable: input.perishable === true ? 1 : 0,
      },
      searchTerms(sku, input.name),
      now,
    );
    // PUT replaces the SKU whole: a channel left out of `prices` no longer sells it.
    await tx.pricing.withdrawBasePricesExcept(sku, channels, now);
    for (const channel of channels) await tx.pricing.setBasePrice(sku, channel, input.prices[channel]!, now);
    await tx.events.append(
      [
        {
          type: existed ? 'sku.updated' : 'sku.created',
          entityType: 'sku',
          entityId: sku,
          payload: { sku, ...input },
        },
      ],
      now,
    );
    const [view] = await skuViews(tx, [(await tx.catalog.getSku(sku))!]);
    return ok(view!);
  });
}

export async function getSku(ctx: AppContext, sku: string): Promise<Result<Sku>> {
  const row = await ctx.store.read.catalog.getSku(sku);
  if (row === undefined) return notFound('sku', sku);
  const [view] = await skuViews(ctx.store.read, [row]);
  return ok(view!);
}

export async function listSkus(
  ctx: AppContext,
  query: { cursor?: string; limit: number; q?: string },
): Promise<Page<Sku>> {
  const terms = query.q === undefined ? [] : searchTerms('', query.q);
  // A search with no word in it (punctuation only) can match nothing.
  if (query.q !== undefined && terms.length === 0) return { data: [], next_cursor: null };
  const found = await ctx.store.read.catalog.listSkus({
    cursor: query.cursor,
    limit: query.limit + 1,
    terms,
  });
  const { rows, next_cursor } = pageOf(found, query.limit, (row) => row.sku);
  return { data: await skuViews(ctx.store.read, rows), next_cursor };
}
