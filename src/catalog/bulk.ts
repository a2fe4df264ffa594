/**
 * Many SKUs at once, for a bulk import: each patch decided against the SKU as stored (created,
 * updated or unchanged, or refused), then the changes written in a few statements per chunk with
 * their events, in the caller's transaction. What `putSku` writes for one SKU, a patch writes for
 * thousands, except that a field it leaves undefined stays as stored.
 */
import { fail, ok, type Result } from '../platform/core/errors.js';
import type { NewEvent } from '../platform/outbox/event-repo.js';
import { chunks, rowsPerStatement } from '../platform/store/chunks.js';
import type { Repos } from '../platform/store/store.js';
import { searchTerms } from './catalog.js';
import type { SkuPatch } from './core/sku-patch.js';

/** The SKU a patch makes, whole, as its event tells it. */
export interface SkuAfter {
  readonly sku: string;
  readonly name: string;
  readonly weight_g: number | null;
  readonly length_mm: number | null;
  readonly width_mm: number | null;
  readonly height_mm: number | null;
  readonly gtin: string | null;
  readonly tax_class: string;
  readonly perishable: boolean;
  readonly prices: Record<string, number>;
}

export interface SkuDecision {
  readonly outcome: 'created' | 'updated' | 'unchanged';
  readonly after: SkuAfter;
  readonly renamed: boolean;
  readonly priceChanges: readonly { channel: string; amountMinor: number | null }[];
}

const fieldsCompared = [
  'name',
  'weight_g',
  'length_mm',
  'width_mm',
  'height_mm',
  'gtin',
  'tax_class',
] as const;

/**
 * Decides each patch against the store as `repos` sees it: refused when its prices name a channel
 * that does not exist. Reads a few statements per call; give it a step of rows at a time.
 */
export async function decideSkuPatches(
  repos: Repos,
  patches: readonly SkuPatch[],
): Promise<Result<SkuDecision>[]> {
  const skus = patches.map((patch) => patch.sku);
  const channels = [...new Set(patches.flatMap((patch) => Object.keys(patch.prices ?? {})))];
  const [stored, prices, existingChannels] = await Promise.all([
    repos.catalog.skusByCode(skus),
    repos.pricing.pricesOfSkus(skus),
    repos.catalog.existingChannels(channels),
  ]);
  return patches.map((patch): Result<SkuDecision> => {
    const named = Object.keys(patch.prices ?? {});
    const unknown = named.filter((channel) => !existingChannels.has(channel));
    if (unknown.length > 0)
      return fail('unknown_channel', `No channel ${unknown.join(', ')}.`, { channels: unknown });
    const row = stored.get(patch.sku);
    const keep = <T>(given: T | undefined, current: T) => (given === undefined ? current : given);
    const after: SkuAfter = {
      sku: patch.sku,
      name: patch.name,
      weight_g: keep(patch.weight_g, row?.weight_g ?? null),
      length_mm: keep(patch.length_mm, row?.length_mm ?? null),
      width_mm: keep(patch.width_mm, row?.width_mm ?? null),
      height_mm: keep(patch.height_mm, row?.height_mm ?? null),
      gtin: keep(patch.gtin, row?.gtin ?? null),
      tax_class: keep(patch.tax_class, row?.tax_class ?? 'standard'),
      perishable: keep(patch.perishable, row === undefined ? false : row.perishable === 1),
      prices: Object.fromEntries(prices.get(patch.sku) ?? []),
    };
    const priceChanges: { channel: string; amountMinor: number | null }[] = [];
    for (const [channel, amountMinor] of Object.entries(patch.prices ?? {})) {
      if ((after.prices[channel] ?? null) === amountMinor) continue;
      priceChanges.push({ channel, amountMinor });
      if (amountMinor === null) delete after.prices[channel];
      else after.prices[channel] = amountMinor;
    }
    if (row === undefined) return ok({ outcome: 'created', after, renamed: true, priceChanges });
    const same =
      fieldsCompared.every((field) => row[field] === after[field]) &&
      (row.perishable === 1) === after.perishable &&
      priceChanges.length === 0;
    return ok({
      outcome: same ? 'unchanged' : 'updated',
      after,
      renamed: row.name !== after.name,
      priceChanges,
    });
  });
}

/** Writes what `decideSkuPatches` decided (unchanged SKUs write nothing), with a `sku.created` or `sku.updated` event each. */
export async function writeSkuPatches(
  tx: Repos,
  decisions: readonly SkuDecision[],
  now: number,
): Promise<void> {
  const changed = decisions.filter((decision) => decision.outcome !== 'unchanged');
  if (changed.length === 0) return;
  await tx.catalog.upsertSkus(
    changed.map(({ after }) => ({
      sku: after.sku,
      name: after.name,
      weight_g: after.weight_g,
      length_mm: after.length_mm,
      width_mm: after.width_mm,
      height_mm: after.height_mm,
      gtin: after.gtin,
      tax_class: after.tax_class,
      perishable: after.perishable ? 1 : 0,
    })),
    now,
  );
  await tx.catalog.replaceSearchTerms(
    new Map(
      changed
        .filter((decision) => decision.renamed)
        .map(({ after }) => [after.sku, searchTerms(after.sku, after.name)]),
    ),
  );
  await tx.pricing.setBasePrices(
    changed.flatMap(({ after, priceChanges }) =>
      priceChanges.map((change) => ({ sku: after.sku, ...change })),
    ),
    now,
    'import',
  );
  const events: NewEvent[] = changed.map(({ outcome, after }) => ({
    type: outcome === 'created' ? 'sku.created' : 'sku.updated',
    entityType: 'sku',
    entityId: after.sku,
    payload: after,
  }));
  for (const chunk of chunks(events, rowsPerStatement(6))) await tx.events.append(chunk, now);
}
