/**
 * Sales, scheduled: created ahead with their channels and items, checked against the reference price
 * rule and the soldes rules, started and ended by the clock (the price timeline, never a timer), and
 * ended early by hand as a contingency switch.
 */
import { type Actor, recordSwitch } from '../platform/audit/audit.js';
import { type AppContext, inTransaction, notFound, pageOf, toIso } from '../platform/context.js';
import { fail, ok, type Result } from '../platform/core/errors.js';
import type { Page } from '../platform/http/schemas.js';
import type { Repos } from '../platform/store/store.js';
import type { Compliance, ComplianceRow, Sale, SaleCheck, SaleStatus, SaleSummary } from './contract.js';
import { discountBp, type RoundingRule } from './core/discount.js';
import { type PricedItemFacts, type SoldesItemFacts, saleProblems } from './core/sale-check.js';
import { usesSoldesWord } from './core/soldes.js';
import { priceTimeline, referencePrice, type SaleKind, type SaleWindow, segmentAt } from './core/timeline.js';
import { segmentView } from './prices.js';
import { type SaleItemRow, type SaleRow, saleRule } from './pricing-repo.js';
import { soldesPeriodAt } from './soldes-periods.js';
import { loadTimelines, referenceContext } from './timelines.js';
import { defaultTimeZone, instantOf, isTimeZone, localText, monthsBefore } from './zoned-time.js';

export interface SaleInput {
  readonly name: string;
  readonly kind: SaleKind;
  readonly channels: readonly string[];
  readonly starts_at: string;
  readonly ends_at: string;
  readonly time_zone?: string;
  readonly discount_bp?: number;
  readonly rounding?: RoundingRule;
  readonly items: readonly { sku: string; price?: number; discount_bp?: number }[];
}

export function saleStatus(row: Pick<SaleRow, 'starts_at' | 'stops_at'>, now: number): SaleStatus {
  if (now < row.starts_at) return 'scheduled';
  return now < row.stops_at ? 'running' : 'ended';
}

function summaryView(row: SaleRow, channels: readonly string[], itemCount: number, now: number): SaleSummary {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as SaleKind,
    status: saleStatus(row, now),
    channels: [...channels],
    time_zone: row.time_zone,
    starts_at: toIso(row.starts_at),
    ends_at: toIso(row.ends_at),
    starts_local: localText(row.starts_at, row.time_zone),
    ends_local: localText(row.ends_at, row.time_zone),
    discount_bp: row.discount_bp,
    rounding: row.rounding as RoundingRule,
    item_count: itemCount,
    ended_at: row.ended_at === null ? null : toIso(row.ended_at),
    end_reason: row.end_reason,
    check: JSON.parse(row.check_result) as SaleCheck,
    created_at: toIso(row.created_at),
    updated_at: toIso(row.updated_at),
  };
}

function saleView(
  row: SaleRow,
  channels: readonly string[],
  items: readonly SaleItemRow[],
  now: number,
): Sale {
  return {
    ...summaryView(row, channels, items.length, now),
    items: items.map((item) => ({ sku: item.sku, price: item.priceMinor, discount_bp: item.discountBp })),
  };
}

/** The instants of a sale, read on its time zone's wall clock unless written with an offset. */
function saleWindowOf(
  input: SaleInput,
  now: number,
): Result<{ zone: string; startsAt: number; endsAt: number }> {
  const zone = input.time_zone ?? defaultTimeZone;
  if (!isTimeZone(zone)) return fail('validation_failed', `No time zone ${zone}.`, { field: 'time_zone' });
  const startsAt = instantOf(input.starts_at, zone, 'starts_at');
  if (!startsAt.ok) return startsAt;
  const endsAt = instantOf(input.ends_at, zone, 'ends_at');
  if (!endsAt.ok) return endsAt;
  if (endsAt.value <= startsAt.value)
    return fail('validation_failed', 'A sale ends after it starts.', { field: 'ends_at' });
  if (startsAt.value < now)
    return fail(
      'validation_failed',
      'A sale cannot start in the past: the prices applied then are history.',
      {
        field: 'starts_at',
        now: toIso(now),
      },
    );
  return ok({ zone, startsAt: startsAt.value, endsAt: endsAt.value });
}

/** The items as stored: each with its own price or discount, or the sale's discount. */
function itemsOf(input: SaleInput): Result<SaleItemRow[]> {
  const seen = new Set<string>();
  const items: SaleItemRow[] = [];
  for (const [index, item] of input.items.entries()) {
    if (seen.has(item.sku))
      return fail('validation_failed', `${item.sku} is listed twice.`, { field: `/items/${index}/sku` });
    seen.add(item.sku);
    if (item.price !== undefined && item.discount_bp !== undefined)
      return fail('validation_failed', `${item.sku} has both a price and a discount: give one.`, {
        field: `/items/${index}`,
      });
    const discount = item.price === undefined ? (item.discount_bp ?? input.discount_bp) : undefined;
    if (item.price === undefined && discount === undefined)
      return fail('validation_failed', `${item.sku} has no price and the sale no discount_bp.`, {
        field: `/items/${index}`,
      });
    items.push({ sku: item.sku, priceMinor: item.price ?? null, discountBp: item.discount_bp ?? null });
  }
  return ok(items);
}

export async function createSale(ctx: AppContext, input: SaleInput): Promise<Result<Sale>> {
  if (input.kind !== 'soldes' && usesSoldesWord(input.name))
    return fail(
      'soldes_word_reserved',
      'Only a soldes sale may use the word “soldes” or its derivatives in its name (Code de commerce L310-3).',
      { name: input.name, kind: input.kind },
    );
  const now = ctx.clock.now();
  const window = saleWindowOf(input, now);
  if (!window.ok) return window;
  const items = itemsOf(input);
  if (!items.ok) return items;
  const channels = [...new Set(input.channels)].sort();
  const skus = items.value.map((item) => item.sku);
  return inTransaction(ctx, async (tx) => {
    await tx.pricing.lockChannels(channels);
    const refused = await refusal(tx, input, channels, skus, window.value);
    if (refused !== undefined) return refused;
    const id = ctx.newId('sale');
    const draft: SaleRow = {
      id,
      name: input.name,
      kind: input.kind,
      time_zone: window.value.zone,
      starts_at: window.value.startsAt,
      ends_at: window.value.endsAt,
      stops_at: window.value.endsAt,
      ended_at: null,
      end_reason: null,
      discount_bp: input.discount_bp ?? null,
      rounding: input.rounding ?? 'cent',
      check_result: '',
      created_at: now,
      updated_at: now,
    };
    const withDraft = { row: draft, items: items.value };
    const check = await checkSale(tx, withDraft, channels);
    const row = { ...draft, check_result: JSON.stringify(check) };
    await tx.pricing.insertSale(row, channels, items.value);
    const view = saleView(row, channels, items.value, now);
    await tx.events.append(
      [{ type: 'sale.scheduled', entityType: 'sale', entityId: id, payload: { ...view, items: undefined } }],
      now,
    );
    return ok(view);
  });
}

/** Why a sale cannot be created, if it cannot: unknown names, missing prices, soldes dates, overlaps. */
async function refusal(
  tx: Repos,
  input: SaleInput,
  channels: readonly string[],
  skus: readonly string[],
  window: { startsAt: number; endsAt: number },
) {
  const known = await tx.catalog.getChannels(channels);
  const unknownChannels = channels.filter((code) => !known.has(code));
  if (unknownChannels.length > 0)
    return fail('unknown_channel', 'The sale names channels that do not exist.', {
      channels: unknownChannels,
    });
  const existing = await tx.catalog.existingSkus(skus);
  const unknownSkus = skus.filter((sku) => !existing.has(sku));
  if (unknownSkus.length > 0)
    return fail('unknown_sku', 'The sale names SKUs that do not exist.', { skus: unknownSkus });
  const currencies = new Set(channels.map((code) => known.get(code)!.currency));
  if (currencies.size > 1 && input.items.some((item) => item.price !== undefined))
    return fail('validation_failed', 'A price of its own is in one currency: its channels must share it.', {
      field: '/items',
      currencies: [...currencies],
    });
  const prices = await tx.pricing.basePrices(channels, skus);
  const unpriced = channels.flatMap((channel) =>
    skus.filter((sku) => !prices.get(channel)!.has(sku)).map((sku) => ({ sku, channel })),
  );
  if (unpriced.length > 0)
    return fail(
      'price_missing',
      'Some SKUs have no price on a channel of the sale: there is nothing to reduce.',
      {
        items: unpriced,
      },
    );
  if (input.kind === 'soldes') {
    const period = await soldesPeriodAt(tx, window.startsAt);
    if (period === undefined || window.endsAt > period.endsAtMs)
      return fail(
        'soldes_outside_period',
        'A soldes sale must start and end within a national soldes period.',
        {
          starts_at: toIso(window.startsAt),
          ends_at: toIso(window.endsAt),
          period:
            period === undefined
              ? null
              : { starts_at: toIso(period.startsAtMs), ends_at: toIso(period.endsAtMs) },
        },
      );
  }
  const overlapping = await tx.pricing.salesOverlapping(channels, skus, window.startsAt, window.endsAt);
  if (overlapping.length > 0) {
    const other = overlapping[0]!;
    const clashes = overlapping.filter((sale) => sale.saleId === other.saleId);
    return fail(
      'sale_overlap',
      `This sale overlaps the sale “${other.name}” (${other.saleId}) on ${clashes.length} SKU and channel pair(s): a SKU is in one sale at a time on a channel.`,
      {
        sale: { name: input.name, starts_at: toIso(window.startsAt), ends_at: toIso(window.endsAt) },
        overlaps: {
          id: other.saleId,
          name: other.name,
          starts_at: toIso(other.startsAtMs),
          ends_at: toIso(other.stopsAtMs),
        },
        items: clashes.slice(0, 20).map((sale) => ({ sku: sale.sku, channel: sale.channel })),
      },
    );
  }
  return undefined;
}

interface SaleFacts {
  readonly row: SaleRow;
  readonly items: readonly SaleItemRow[];
}

/** The reference price of each item on each channel, with the price the sale gives at its start. */
async function pricedFacts(tx: Repos, sale: SaleFacts, channels: readonly string[]) {
  const skus = sale.items.map((item) => item.sku);
  const taxTerms = await tx.catalog.taxTermsOfSkus(skus);
  const facts: PricedItemFacts[] = [];
  for (const channel of channels) {
    const { facts: timelines } = await loadTimelines(tx, channel, skus);
    // Each item's windows: the other sales of its SKU, and this sale as it is to apply.
    const windowsOf = new Map(
      sale.items.map((item) => {
        const own: SaleWindow = {
          saleId: sale.row.id,
          kind: sale.row.kind as SaleKind,
          startsAtMs: sale.row.starts_at,
          endsAtMs: sale.row.stops_at,
          rule: saleRule({
            priceMinor: item.priceMinor,
            discountBp: item.discountBp ?? sale.row.discount_bp,
            rounding: sale.row.rounding,
          }),
        };
        const others = timelines.get(item.sku)!.windows.filter((window) => window.saleId !== sale.row.id);
        return [item.sku, [...others, own]];
      }),
    );
    const context = await referenceContext(tx, sale.row.time_zone, [...windowsOf.values()].flat());
    for (const item of sale.items) {
      const { changes } = timelines.get(item.sku)!;
      const windows = windowsOf.get(item.sku)!;
      const reference = referencePrice({
        changes,
        windows,
        saleId: sale.row.id,
        perishable: taxTerms.get(item.sku)?.perishable ?? false,
        ...context,
      });
      const salePriceMinor =
        segmentAt(priceTimeline(changes, windows), sale.row.starts_at)?.amountMinor ?? null;
      facts.push({ sku: item.sku, channel, salePriceMinor, reference });
    }
  }
  return facts;
}

/** For soldes: whether each SKU was offered on every channel and in stock a month before the start. */
async function soldesFacts(
  tx: Repos,
  sale: SaleFacts,
  channels: readonly string[],
): Promise<SoldesItemFacts[]> {
  const startMs = sale.row.starts_at;
  const monthBeforeMs = monthsBefore(startMs, 1, sale.row.time_zone);
  const skus = sale.items.map((item) => item.sku);
  const onHand = await tx.stock.onHandAt(skus, monthBeforeMs);
  const notOffered = new Map<string, string[]>(skus.map((sku) => [sku, []]));
  for (const channel of channels) {
    const changes = await tx.pricing.changesOfSkus(channel, skus);
    for (const sku of skus) {
      const history = changes.get(sku) ?? [];
      const priced = history.filter((change) => change.atMs <= monthBeforeMs).at(-1)?.amountMinor;
      const withdrawn = history.some(
        (change) => change.amountMinor === null && change.atMs > monthBeforeMs && change.atMs < startMs,
      );
      if (priced === undefined || priced === null || withdrawn) notOffered.get(sku)!.push(channel);
    }
  }
  return skus.map((sku) => ({
    sku,
    channelsNotOffered: notOffered.get(sku)!,
    onHandMonthBefore: onHand.get(sku) ?? 0,
  }));
}

async function checkSale(tx: Repos, sale: SaleFacts, channels: readonly string[]): Promise<SaleCheck> {
  const priced = await pricedFacts(tx, sale, channels);
  const soldes = sale.row.kind === 'soldes' ? await soldesFacts(tx, sale, channels) : undefined;
  const problems = saleProblems(priced, soldes);
  return { ok: problems.length === 0, problems };
}

async function loadSale(
  tx: Repos,
  id: string,
): Promise<{ row: SaleRow; channels: string[]; items: SaleItemRow[] } | undefined> {
  const row = await tx.pricing.getSale(id);
  if (row === undefined) return undefined;
  const [channels, items] = await Promise.all([tx.pricing.channelsOfSales([id]), tx.pricing.itemsOfSale(id)]);
  return { row, channels: channels.get(id) ?? [], items };
}

export async function getSale(ctx: AppContext, id: string): Promise<Result<Sale>> {
  const sale = await loadSale(ctx.store.read, id);
  if (sale === undefined) return notFound('sale', id);
  return ok(saleView(sale.row, sale.channels, sale.items, ctx.clock.now()));
}

/** Sales by start, the latest first; the cursor is the last one's `starts_at` and id. */
export async function listSales(
  ctx: AppContext,
  query: { limit: number; cursor?: string },
): Promise<Result<Page<SaleSummary>>> {
  let beforeStart: { startsAtMs: number; id: string } | undefined;
  if (query.cursor !== undefined) {
    const [startsAt, id] = query.cursor.split('~');
    const startsAtMs = Number(startsAt);
    if (!Number.isSafeInteger(startsAtMs) || id === undefined || id.length === 0)
      return fail('validation_failed', 'This cursor was not given by this list.', { field: 'cursor' });
    beforeStart = { startsAtMs, id };
  }
  const tx = ctx.store.read;
  const found = await tx.pricing.listSales({ limit: query.limit + 1, beforeStart });
  const { rows, next_cursor } = pageOf(found, query.limit, (row) => `${row.starts_at}~${row.id}`);
  const ids = rows.map((row) => row.id);
  const [channels, counts] = await Promise.all([tx.pricing.channelsOfSales(ids), tx.pricing.countItems(ids)]);
  const now = ctx.clock.now();
  return ok({
    data: rows.map((row) => summaryView(row, channels.get(row.id) ?? [], counts.get(row.id) ?? 0, now)),
    next_cursor,
  });
}

/** Ends a sale now, whatever its end was to be: a contingency switch, audited. */
export async function endSale(
  ctx: AppContext,
  id: string,
  reason: string,
  actor: Actor,
): Promise<Result<Sale>> {
  return inTransaction(ctx, async (tx) => {
    const sale = await loadSale(tx, id);
    if (sale === undefined) return notFound('sale', id);
    const now = ctx.clock.now();
    if (!(await tx.pricing.endSale(id, reason, now)))
      return fail('invalid_transition', 'This sale has already ended.', { sale: id, status: 'ended' });
    const ended = { ...sale.row, stops_at: now, ended_at: now, end_reason: reason, updated_at: now };
    const was = saleStatus(sale.row, now);
    await recordSwitch(tx, {
      at: now,
      actor,
      action: 'sales.end',
      target: id,
      reason,
      details: { name: sale.row.name, was },
      timelineText: `Sale “${sale.row.name}” ended by hand${was === 'scheduled' ? ' before it started' : ''}`,
    });
    await tx.events.append(
      [
        {
          type: 'sale.ended',
          entityType: 'sale',
          entityId: id,
          payload: { id, reason, ended_at: toIso(now), was },
        },
      ],
      now,
    );
    return ok(saleView(ended, sale.channels, sale.items, now));
  });
}

/** Each item's reference price on each channel, what it rests on, and what a naive reference would have shown. */
export async function saleCompliance(ctx: AppContext, id: string): Promise<Result<Compliance>> {
  const tx = ctx.store.read;
  const sale = await loadSale(tx, id);
  if (sale === undefined) return notFound('sale', id);
  const [facts, channels] = await Promise.all([
    pricedFacts(tx, sale, sale.channels),
    tx.catalog.getChannels(sale.channels),
  ]);
  return ok({
    sale_id: id,
    data: facts.map(
      ({ sku, channel, salePriceMinor, reference }): ComplianceRow => ({
        sku,
        channel,
        currency: channels.get(channel)!.currency,
        sale_price: salePriceMinor,
        reference_price: reference.referenceMinor,
        rule: reference.rule,
        reduction_started_at: toIso(reference.reductionStartedAtMs),
        window_from: toIso(reference.windowFromMs),
        applied: reference.applied.map((segment) => segmentView(channel, segment)),
        discount_bp:
          reference.referenceMinor === null || salePriceMinor === null
            ? null
            : discountBp(reference.referenceMinor, salePriceMinor),
        naive_reference_price: reference.naiveMinor,
        naive_discount_bp:
          reference.naiveMinor === null || salePriceMinor === null
            ? null
            : discountBp(reference.naiveMinor, salePriceMinor),
        raises: reference.raises.map((raise) => ({
          at: toIso(raise.atMs),
          from_price: raise.fromMinor,
          to_price: raise.toMinor,
        })),
      }),
    ),
  });
}
