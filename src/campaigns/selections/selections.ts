/** Product selections as the back office writes and lists them; storefronts read them through `selection-reader.ts`. */
import { type AppContext, inTransaction, toIso } from '../../platform/context.js';
import { fail, ok, type Result } from '../../platform/core/errors.js';
import { limits } from '../../platform/core/limits.js';
import { segmentsNamed, skusNamed, validateSelection } from '../core/selections.js';
import type { Selection, SelectionEntry, SelectionInput } from './contract.js';
import type { SelectionRow } from './selection-repo.js';

/** A stored selection's entries: written only after `validateSelection`, so read back as they are. */
export function entriesOf(row: SelectionRow): SelectionEntry[] {
  return JSON.parse(row.entries) as SelectionEntry[];
}

function selectionView(row: SelectionRow): Selection {
  return {
    code: row.code,
    name: row.name,
    channel: row.channel_code,
    entries: entriesOf(row),
    created_at: toIso(row.created_at),
    updated_at: toIso(row.updated_at),
  };
}

export async function putSelection(
  ctx: AppContext,
  code: string,
  input: SelectionInput,
): Promise<Result<Selection>> {
  const valid = validateSelection(input);
  if (!valid.ok) return valid;
  return inTransaction(ctx, async (tx) => {
    const segments = segmentsNamed(input.entries);
    const skus = skusNamed(input.entries);
    const [channel, knownSegments, knownSkus, existing] = await Promise.all([
      tx.catalog.getChannel(input.channel),
      tx.selections.segmentsByCode(segments),
      tx.catalog.existingSkus(skus),
      tx.selections.getSelection(code),
    ]);
    if (channel === undefined)
      return fail('unknown_channel', `No channel ${input.channel}.`, { channels: [input.channel] });
    const unknownSegments = segments.filter((segment) => !knownSegments.has(segment));
    if (unknownSegments.length > 0)
      return fail('unknown_segment', 'Some entries are for segments that do not exist.', {
        segments: unknownSegments,
      });
    const unknownSkus = skus.filter((sku) => !knownSkus.has(sku));
    if (unknownSkus.length > 0)
      return fail('unknown_sku', 'Some hand-picked SKUs do not exist.', { skus: unknownSkus });
    if (existing === undefined && (await tx.selections.count('selections')) >= limits.selectionsMax)
      return fail('limit_reached', `A shop may have ${limits.selectionsMax} selections.`, {
        limit: limits.selectionsMax,
      });
    const now = ctx.clock.now();
    await tx.selections.upsertSelection(
      { code, name: input.name, channel_code: input.channel, entries: JSON.stringify(input.entries) },
      now,
    );
    await tx.events.append(
      [
        {
          type: existing === undefined ? 'selection.created' : 'selection.updated',
          entityType: 'selection',
          entityId: code,
          payload: { code, ...input },
        },
      ],
      now,
    );
    return ok(selectionView((await tx.selections.getSelection(code))!));
  });
}

export async function listSelections(ctx: AppContext): Promise<Selection[]> {
  return (await ctx.store.read.selections.listSelections()).map(selectionView);
}
