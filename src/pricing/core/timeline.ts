/**
 * The prices of one SKU on one channel over time, computed from their history: the base price's
 * changes and the sales that applied to it. Nothing here is flipped by a timer: the price in force
 * at an instant is read off the timeline, so a sale starts and ends on its second across restarts.
 *
 * And the reference price an announced reduction must show (EU Directive 2019/2161, Code de la
 * consommation L112-1-1): the lowest price applied on the channel in the 30 days before the
 * reduction started; for successive reductions (sales that follow each other without the base
 * price in between, or soldes sales of one soldes period), the 30 days before the first of them.
 * Perishable goods are exempt: their reference is the price before the reduction.
 */
import { discountedPrice, type RoundingRule } from './discount.js';

export const saleKinds = ['promotion', 'soldes', 'black_friday', 'clearance', 'flash'] as const;
export type SaleKind = (typeof saleKinds)[number];

/** A change of the base price; `amountMinor` null: the SKU stopped being sold on the channel. */
export interface BasePriceChange {
  readonly atMs: number;
  readonly amountMinor: number | null;
}

/** What a sale does to the base price of a SKU: a price of its own, or a percentage off. */
export type SaleRule =
  | { readonly kind: 'fixed'; readonly amountMinor: number }
  | { readonly kind: 'percent'; readonly discountBp: number; readonly rounding: RoundingRule };

/** A sale on this SKU and channel, as it applies: sales on one SKU and channel never overlap. */
export interface SaleWindow {
  readonly saleId: string;
  readonly kind: SaleKind;
  readonly startsAtMs: number;
  /** When it stops applying: its planned end, or the instant it was ended early. */
  readonly endsAtMs: number;
  readonly rule: SaleRule;
}

export interface PriceSegment {
  readonly fromMs: number;
  /** null: open-ended, the last price known. */
  readonly toMs: number | null;
  readonly amountMinor: number;
  readonly source: 'base' | 'sale';
  readonly saleId: string | null;
}

export function applySale(baseMinor: number, rule: SaleRule): number {
  return rule.kind === 'fixed'
    ? rule.amountMinor
    : discountedPrice(baseMinor, rule.discountBp, rule.rounding);
}

/** The base price at `atMs`: the last change at or before it (`changes` in time order). */
function baseAt(changes: readonly BasePriceChange[], atMs: number): number | null {
  let amount: number | null = null;
  for (const change of changes) {
    if (change.atMs > atMs) break;
    amount = change.amountMinor;
  }
  return amount;
}

function saleAt(windows: readonly SaleWindow[], atMs: number): SaleWindow | undefined {
  return windows.find((window) => window.startsAtMs <= atMs && atMs < window.endsAtMs);
}

/**
 * Every price applied, in time order, adjacent equal ones merged; a sale applies only while the
 * SKU has a base price. `changes` need not be sorted; neither need `windows`.
 */
export function priceTimeline(
  changes: readonly BasePriceChange[],
  windows: readonly SaleWindow[],
): PriceSegment[] {
  const sortedChanges = [...changes].sort((a, b) => a.atMs - b.atMs);
  const boundaries = [
    ...new Set([
      ...sortedChanges.map((change) => change.atMs),
      ...windows.flatMap((window) => [window.startsAtMs, window.endsAtMs]),
    ]),
  ].sort((a, b) => a - b);
  const segments: PriceSegment[] = [];
  boundaries.forEach((fromMs, index) => {
    const toMs = boundaries[index + 1] ?? null;
    const base = baseAt(sortedChanges, fromMs);
    if (base === null) return;
    const sale = saleAt(windows, fromMs);
    const amountMinor = sale === undefined ? base : applySale(base, sale.rule);
    const source = sale === undefined ? 'base' : 'sale';
    const saleId = sale?.saleId ?? null;
    const last = segments.at(-1);
    if (
      last !== undefined &&
      last.toMs === fromMs &&
      last.amountMinor === amountMinor &&
      last.source === source &&
      last.saleId === saleId
    )
      segments[segments.length - 1] = { ...last, toMs };
    else segments.push({ fromMs, toMs, amountMinor, source, saleId });
  });
  return segments;
}

/** The segment in force at `atMs`, if any price applied then. */
export function segmentAt(timeline: readonly PriceSegment[], atMs: number): PriceSegment | undefined {
  return timeline.find((segment) => segment.fromMs <= atMs && (segment.toMs === null || atMs < segment.toMs));
}

/**
 * What happened up to `nowMs`, as a history shows it: the segment in force has no end yet
 * (`toMs` null), and nothing later is shown.
 */
export function historyUntil(timeline: readonly PriceSegment[], nowMs: number): PriceSegment[] {
  return timeline
    .filter((segment) => segment.fromMs <= nowMs)
    .map((segment) => (segment.toMs === null || segment.toMs > nowMs ? { ...segment, toMs: null } : segment));
}

export type ReferenceRule = 'lowest_in_30_days' | 'perishable_prior_price' | 'no_prior_price';

export interface ReferencePrice {
  /** null when no price applied before the reduction: no reduction can be announced. */
  readonly referenceMinor: number | null;
  readonly rule: ReferenceRule;
  /** The start of the first of successive reductions: the 30 days run up to it. */
  readonly reductionStartedAtMs: number;
  readonly windowFromMs: number;
  /** The prices applied in the window, clipped to it: the lowest of them is the reference. */
  readonly applied: readonly PriceSegment[];
  /** What a naive "price just before the sale" reference would have shown. */
  readonly naiveMinor: number | null;
  /** Base price raises in the 30 days before this sale: the classic fake discount. */
  readonly raises: readonly { readonly atMs: number; readonly fromMinor: number; readonly toMinor: number }[];
}

export interface ReferenceQuestion {
  readonly changes: readonly BasePriceChange[];
  /** Every sale on the SKU and channel, the one asked about among them. */
  readonly windows: readonly SaleWindow[];
  readonly saleId: string;
  readonly perishable: boolean;
  /** 30 days before an instant, on the shop's calendar (a day across a DST change is 23 or 25 h). */
  thirtyDaysBefore(atMs: number): number;
  /** Whether two soldes sales fall in the same national soldes period. */
  sameSoldesPeriod(earlier: SaleWindow, later: SaleWindow): boolean;
}

/** The first of the successive reductions that end with `sale`. */
function firstReduction(question: ReferenceQuestion, sale: SaleWindow): SaleWindow {
  let current = sale;
  for (;;) {
    const before = question.windows
      .filter(
        (window) =>
          window.saleId !== current.saleId &&
          window.startsAtMs < current.startsAtMs &&
          (window.endsAtMs === current.startsAtMs ||
            (window.kind === 'soldes' &&
              current.kind === 'soldes' &&
              question.sameSoldesPeriod(window, current))),
      )
      .sort((a, b) => b.startsAtMs - a.startsAtMs)[0];
    if (before === undefined) return current;
    current = before;
  }
}

export function referencePrice(question: ReferenceQuestion): ReferencePrice {
  const sale = question.windows.find((window) => window.saleId === question.saleId);
  if (sale === undefined) throw new Error(`sale ${question.saleId} is not among the windows asked about`);
  const timeline = priceTimeline(question.changes, question.windows);
  const startedAtMs = firstReduction(question, sale).startsAtMs;
  const windowFromMs = question.thirtyDaysBefore(startedAtMs);
  const applied = timeline
    .filter(
      (segment) => segment.fromMs < startedAtMs && (segment.toMs === null || segment.toMs > windowFromMs),
    )
    .map((segment) => ({
      ...segment,
      fromMs: Math.max(segment.fromMs, windowFromMs),
      toMs: segment.toMs === null ? startedAtMs : Math.min(segment.toMs, startedAtMs),
    }));
  const naiveMinor = segmentAt(timeline, sale.startsAtMs - 1)?.amountMinor ?? null;
  const priorMinor = segmentAt(timeline, startedAtMs - 1)?.amountMinor ?? null;
  const lowest = applied.length === 0 ? null : Math.min(...applied.map((segment) => segment.amountMinor));
  const [referenceMinor, rule]: [number | null, ReferenceRule] = question.perishable
    ? [priorMinor, priorMinor === null ? 'no_prior_price' : 'perishable_prior_price']
    : [lowest, lowest === null ? 'no_prior_price' : 'lowest_in_30_days'];
  return {
    referenceMinor,
    rule,
    reductionStartedAtMs: startedAtMs,
    windowFromMs,
    applied,
    naiveMinor,
    raises: baseRaises(question.changes, question.thirtyDaysBefore(sale.startsAtMs), sale.startsAtMs),
  };
}

function baseRaises(
  changes: readonly BasePriceChange[],
  fromMs: number,
  toMs: number,
): ReferencePrice['raises'] {
  const sorted = [...changes].sort((a, b) => a.atMs - b.atMs);
  return sorted.flatMap((change, index) => {
    const previous = sorted[index - 1]?.amountMinor ?? null;
    const raised =
      change.atMs >= fromMs &&
      change.atMs < toMs &&
      previous !== null &&
      change.amountMinor !== null &&
      change.amountMinor > previous;
    return raised ? [{ atMs: change.atMs, fromMinor: previous, toMinor: change.amountMinor }] : [];
  });
}
