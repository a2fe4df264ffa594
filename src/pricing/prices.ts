/**
 * Prices as the history makes them: a SKU's history on a channel, past prices imported, and the
 * price a storefront shows now with its tax and, during a sale, the reference price to strike through.
 */
import { type AppContext, notFound, toIso } from '../platform/context.js';
import { fail, ok, type Result } from '../platform/core/errors.js';
import { limits } from '../platform/core/limits.js';
import { chunks } from '../platform/store/chunks.js';
import type { Repos } from '../platform/store/store.js';
import type { ImportError, ImportResult, PriceSegment, StorefrontPrice } from './contract.js';
import { discountBp } from './core/discount.js';
import {
  historyUntil,
  priceTimeline,
  referencePrice,
  type SaleKind,
  type PriceSegment as Segment,
  segmentAt,
} from './core/timeline.js';
import { excludingTax, type TaxClass, type TaxCountry, taxRateBp } from './core/vat.js';
import { loadTimelines, referenceContext } from './timelines.js';

export function segmentView(channel: string, segment: Segment): PriceSegment {
  return {
    channel,
    price: segment.amountMinor,
    from: toIso(segment.fromMs),
    to: segment.toMs === null ? null : toIso(segment.toMs),
    source: segment.source,
    sale_id: segment.saleId,
  };
}

export async function priceHistory(
  ctx: AppContext,
  sku: string,
  channel: string,
): Promise<Result<PriceSegment[]>> {
  const tx = ctx.store.read;
  const [skuRow, channels] = await Promise.all([tx.catalog.getSku(sku), tx.catalog.getChannels([channel])]);
  if (skuRow === undefined) return notFound('sku', sku);
  if (!channels.has(channel))
    return fail('unknown_channel', `No channel ${channel}.`, { channels: [channel] });
  const { facts } = await loadTimelines(tx, channel, [sku]);
  const { changes, windows } = facts.get(sku)!;
  return ok(
    historyUntil(priceTimeline(changes, windows), ctx.clock.now()).map((s) => segmentView(channel, s)),
  );
}

export interface ImportRow {
  readonly sku: string;
  readonly channel: string;
  readonly price: number;
  readonly effective_at: string;
}

export interface ImportOptions {
  readonly dryRun: boolean;
  /** Told as rows are checked, then written: a file of a million rows takes a while. */
  onProgress?(done: number, total: number, phase: 'check' | 'write'): void;
}

/** Rows written per statement, and between two progress reports. */
const importChunkRows = 1_000;

/**
 * Checks every row (all of them, so a file is fixed in one go) and writes them, in one transaction,
 * only if all are good. Errors name rows from 1, in the order given.
 */
export async function importPriceHistory(
  ctx: AppContext,
  rows: readonly ImportRow[],
  options: ImportOptions,
): Promise<ImportResult> {
  const now = ctx.clock.now();
  return ctx.store.transaction(async (tx) => {
    options.onProgress?.(0, rows.length, 'check');
    const errors = await importErrors(tx, rows, now);
    options.onProgress?.(rows.length, rows.length, 'check');
    if (errors.length > 0) return { imported: 0, errors };
    if (options.dryRun) return { imported: rows.length, errors };
    let written = 0;
    for (const chunk of chunks(rows, importChunkRows)) {
      await tx.pricing.insertChanges(
        chunk.map((row) => ({
          sku: row.sku,
          channel: row.channel,
          amountMinor: row.price,
          validFromMs: Date.parse(row.effective_at),
          source: 'import' as const,
        })),
        now,
      );
      written += chunk.length;
      options.onProgress?.(written, rows.length, 'write');
    }
    const keys = [...new Map(rows.map((row) => [`${row.sku} ${row.channel}`, row])).values()];
    await tx.pricing.deriveCurrentPrices(keys, now);
    await tx.events.append(
      [
        {
          type: 'prices.imported',
          entityType: 'price_history',
          entityId: String(now),
          payload: { rows: rows.length, skus: new Set(rows.map((row) => row.sku)).size },
        },
      ],
      now,
    );
    return { imported: rows.length, errors };
  });
}

async function importErrors(tx: Repos, rows: readonly ImportRow[], now: number): Promise<ImportError[]> {
  const skus = [...new Set(rows.map((row) => row.sku))];
  const existing = new Set<string>();
  for (const chunk of chunks(skus, limits.availabilitySkusMax))
    for (const sku of await tx.catalog.existingSkus(chunk)) existing.add(sku);
  const channels = await tx.catalog.getChannels([...new Set(rows.map((row) => row.channel))]);
  const recorded = await tx.pricing.recordedInstants(skus);
  const seen = new Set<string>();
  const errors: ImportError[] = [];
  rows.forEach((row, index) => {
    const at = (field: string, message: string) => errors.push({ row: index + 1, field, message });
    if (!existing.has(row.sku)) at('sku', `No SKU ${row.sku}.`);
    if (!channels.has(row.channel)) at('channel', `No channel ${row.channel}.`);
    if (!Number.isSafeInteger(row.price) || row.price < 0 || row.price > limits.unitPriceMinorMax)
      at('price', `A price is a whole number of minor units from 0 to ${limits.unitPriceMinorMax}.`);
    const effectiveAt = Date.parse(row.effective_at);
    if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(row.effective_at) || Number.isNaN(effectiveAt)) {
      at('effective_at', 'An instant in ISO 8601 with its offset, such as 2026-11-27T00:00:00+01:00.');
      return;
    }
    if (effectiveAt >= now)
      at('effective_at', 'Only past prices are imported: the price from now on is set on the SKU.');
    const key = `${row.sku} ${row.channel} ${effectiveAt}`;
    if (seen.has(key)) at('effective_at', 'Another row sets this SKU and channel at the same instant.');
    else if (recorded.has(key))
      at('effective_at', 'A price is already recorded for this SKU and channel at this instant.');
    seen.add(key);
  });
  return errors;
}

/** The prices a storefront shows now for SKUs of one channel. */
export async function storefrontPrices(
  ctx: AppContext,
  channel: string,
  skus: readonly string[],
): Promise<Result<StorefrontPrice[]>> {
  const tx = ctx.store.read;
  const now = ctx.clock.now();
  const [channels, taxTerms] = await Promise.all([
    tx.catalog.getChannels([channel]),
    tx.catalog.taxTermsOfSkus(skus),
  ]);
  const terms = channels.get(channel);
  if (terms === undefined) return fail('unknown_channel', `No channel ${channel}.`, { channels: [channel] });
  const unknown = skus.filter((sku) => !taxTerms.has(sku));
  if (unknown.length > 0) return fail('unknown_sku', 'Some SKUs do not exist.', { skus: unknown });
  const { facts, sales } = await loadTimelines(tx, channel, skus);
  const answers: StorefrontPrice[] = [];
  const unpriced: string[] = [];
  for (const sku of skus) {
    const { changes, windows } = facts.get(sku)!;
    const segment = segmentAt(priceTimeline(changes, windows), now);
    if (segment === undefined) {
      unpriced.push(sku);
      continue;
    }
    const { taxClass, perishable } = taxTerms.get(sku)!;
    const rateBp = taxRateBp(terms.country as TaxCountry, taxClass as TaxClass);
    const sale = sales.find((row) => row.sku === sku && row.saleId === segment.saleId);
    let reference: number | null = null;
    if (sale !== undefined) {
      const context = await referenceContext(tx, sale.timeZone, windows);
      reference = referencePrice({
        changes,
        windows,
        saleId: sale.saleId,
        perishable,
        ...context,
      }).referenceMinor;
    }
    answers.push({
      sku,
      channel,
      currency: terms.currency,
      price: segment.amountMinor,
      price_excluding_tax:
        terms.prices_include_tax === 1 ? excludingTax(segment.amountMinor, rateBp) : segment.amountMinor,
      tax_rate_bp: rateBp,
      reference_price: reference,
      discount_bp: reference === null ? null : discountBp(reference, segment.amountMinor),
      sale:
        sale === undefined
          ? null
          : { id: sale.saleId, name: sale.name, kind: sale.kind as SaleKind, ends_at: toIso(sale.stopsAtMs) },
    });
  }
  if (unpriced.length > 0)
    return fail('price_missing', `Some SKUs have no price on ${channel}.`, { skus: unpriced, channel });
  return ok(answers);
}
