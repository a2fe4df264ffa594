/**
 * Product selections, pure: per segment (or for everyone) a rule or a hand-picked list of SKUs,
 * checked as data, and turned into the SKUs a customer can actually buy, in order, up to a limit.
 */
import { fail, ok, type Result } from '../../platform/core/errors.js';
import { limits } from '../../platform/core/limits.js';

/**
 * A rule: the SKUs that pass every criterion given. With `best_sellers`, those sold on the
 * selection's channel in the last `days` days, most units first; otherwise in SKU code order.
 */
export interface RuleEntry {
  /** The segment this entry is for; absent: the default entry, for everyone else. */
  readonly segment?: string;
  readonly best_sellers?: { readonly days: number };
  readonly category?: string;
  /** Only SKUs with more than this many units available on the channel. */
  readonly in_stock_above?: number;
  readonly limit?: number;
}

/** A hand-picked list, answered in its own order. */
export interface ListEntry {
  readonly segment?: string;
  readonly skus: readonly string[];
  readonly limit?: number;
}

export type SelectionEntry = RuleEntry | ListEntry;

export interface SelectionInput {
  readonly name: string;
  readonly channel: string;
  readonly entries: readonly SelectionEntry[];
}

/** What is known of a candidate SKU on the selection's channel, now. */
export interface SkuFacts {
  readonly sku: string;
  /** Units sold on the channel over the entry's period (0 without `best_sellers`). */
  readonly unitsSold: number;
  readonly category: string | null;
  /** Available to promise on the channel, buffers and freezes applied. */
  readonly available: number;
  /** Whether it has a price in force on the channel. */
  readonly priced: boolean;
}

export function isListEntry(entry: SelectionEntry): entry is ListEntry {
  return 'skus' in entry;
}

/** A customer can buy it: at least a unit available to them and a price to pay. */
export function isBuyable(facts: SkuFacts): boolean {
  return facts.priced && facts.available >= 1;
}

/** How many SKUs an entry answers at most: its limit, or a list's length, or the default. */
export function entryLimit(entry: SelectionEntry): number {
  if (entry.limit !== undefined) return entry.limit;
  return isListEntry(entry) ? entry.skus.length : limits.selectionSkusDefault;
}

function passesRule(entry: RuleEntry, facts: SkuFacts): boolean {
  if (entry.category !== undefined && facts.category !== entry.category) return false;
  if (entry.in_stock_above !== undefined && facts.available <= entry.in_stock_above) return false;
  if (entry.best_sellers !== undefined && facts.unitsSold <= 0) return false;
  return true;
}

/** Best sellers by units, most first; otherwise (and between equals) by SKU code. */
function ruleOrder(entry: RuleEntry) {
  return (a: SkuFacts, b: SkuFacts): number => {
    if (entry.best_sellers !== undefined && a.unitsSold !== b.unitsSold) return b.unitsSold - a.unitsSold;
    return a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0;
  };
}

/**
 * The SKUs an entry answers, in order, never more than `limitMax` nor the entry's own limit, and
 * only those a customer can buy: a SKU without facts is taken as not buyable.
 */
export function selectSkus(
  entry: SelectionEntry,
  candidates: readonly SkuFacts[],
  limitMax: number = Number.POSITIVE_INFINITY,
): string[] {
  const limit = Math.max(0, Math.min(entryLimit(entry), limitMax));
  const bySku = new Map(candidates.map((facts) => [facts.sku, facts]));
  if (isListEntry(entry)) {
    const picked = [...new Set(entry.skus)].filter((sku) => {
      const facts = bySku.get(sku);
      return facts !== undefined && isBuyable(facts);
    });
    return picked.slice(0, limit);
  }
  return [...bySku.values()]
    .filter((facts) => isBuyable(facts) && passesRule(entry, facts))
    .sort(ruleOrder(entry))
    .slice(0, limit)
    .map((facts) => facts.sku);
}

/**
 * The entry to answer: the first whose segment `belongsTo` says the customer is in, else the
 * default entry; undefined when neither exists.
 */
export function pickEntry(
  entries: readonly SelectionEntry[],
  belongsTo: (segment: string) => boolean,
): SelectionEntry | undefined {
  return (
    entries.find((entry) => entry.segment !== undefined && belongsTo(entry.segment)) ??
    entries.find((entry) => entry.segment === undefined)
  );
}

interface Problem {
  readonly path: string;
  readonly message: string;
}

const isWhole = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max;

function ruleProblems(entry: RuleEntry, path: string, problems: Problem[]): void {
  if (entry.best_sellers === undefined && entry.category === undefined && entry.in_stock_above === undefined)
    problems.push({ path, message: 'needs skus, or at least one of best_sellers, category, in_stock_above' });
  if (entry.best_sellers !== undefined && !isWhole(entry.best_sellers.days, 1, limits.selectionDaysMax))
    problems.push({
      path: `${path}/best_sellers/days`,
      message: `must be a whole number of days from 1 to ${limits.selectionDaysMax}`,
    });
  if (entry.category !== undefined && (typeof entry.category !== 'string' || entry.category.trim() === ''))
    problems.push({ path: `${path}/category`, message: 'must not be empty' });
  if (entry.in_stock_above !== undefined && !isWhole(entry.in_stock_above, 0, Number.MAX_SAFE_INTEGER))
    problems.push({ path: `${path}/in_stock_above`, message: 'must be a whole number, 0 or more' });
}

function listProblems(entry: ListEntry, path: string, problems: Problem[]): void {
  if (!Array.isArray(entry.skus) || entry.skus.length === 0 || entry.skus.length > limits.selectionSkusMax)
    problems.push({ path: `${path}/skus`, message: `must list 1 to ${limits.selectionSkusMax} SKUs` });
  else if (new Set(entry.skus).size !== entry.skus.length)
    problems.push({ path: `${path}/skus`, message: 'lists a SKU twice' });
}

/**
 * What the schema cannot say of a selection: each entry a rule with a criterion or a list without
 * repeats, one entry per segment, one default at most. Checked again here so the core holds on
 * both sides of the boundary.
 */
export function validateSelection(input: SelectionInput): Result<SelectionInput> {
  const problems: Problem[] = [];
  if (typeof input.name !== 'string' || input.name.trim().length === 0)
    problems.push({ path: '/name', message: 'must not be empty' });
  const entries = Array.isArray(input.entries) ? input.entries : [];
  if (entries.length === 0 || entries.length > limits.selectionEntriesMax)
    problems.push({ path: '/entries', message: `must hold 1 to ${limits.selectionEntriesMax} entries` });
  const segments = new Set<string | undefined>();
  entries.forEach((entry, index) => {
    const path = `/entries/${index}`;
    if (isListEntry(entry)) listProblems(entry, path, problems);
    else ruleProblems(entry, path, problems);
    if (entry.limit !== undefined && !isWhole(entry.limit, 1, limits.selectionSkusMax))
      problems.push({ path: `${path}/limit`, message: `must be from 1 to ${limits.selectionSkusMax}` });
    if (segments.has(entry.segment))
      problems.push({
        path: `${path}/segment`,
        message:
          entry.segment === undefined ? 'a second default entry' : `a second entry for ${entry.segment}`,
      });
    segments.add(entry.segment);
  });
  if (problems.length === 0) return ok(input);
  return fail(
    'validation_failed',
    `The selection is not valid: ${problems[0]!.path} ${problems[0]!.message}.`,
    { in: 'body', errors: problems },
  );
}

/** The segments a selection's entries are for, for the caller to check they exist. */
export function segmentsNamed(entries: readonly SelectionEntry[]): string[] {
  return [...new Set(entries.flatMap((entry) => (entry.segment === undefined ? [] : [entry.segment])))];
}

/** The SKUs its hand-picked lists name, for the caller to check they exist. */
export function skusNamed(entries: readonly SelectionEntry[]): string[] {
  return [...new Set(entries.flatMap((entry) => (isListEntry(entry) ? entry.skus : [])))];
}
