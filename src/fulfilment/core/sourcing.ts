/**
 * Sourcing, pure: once an order is paid, decides which location(s) ship it and how its reservations
 * move there. The rules, in this order:
 * 1. one location that can ship every line (its free units plus those this order holds there) beats
 *    a split;
 * 2. among those, the nearest to the destination by its zone table (longest postal prefix wins, then
 *    the country's default; no rule at all is farthest);
 * 3. then the most units of the order's SKUs there (free plus this order's own), then the location
 *    code, so the same input always gives the same answer;
 * 4. when no single location can, a split, only when the order is worth at least the split minimum
 *    (below it the order waits, with the reason). The split is greedy, one shipment at a time: the
 *    location covering the most of the units still to place, ties broken by rules 2 and 3; it ships
 *    everything it can of what remains. Taking the biggest bite first keeps the count of parcels low
 *    (a near location holding one unit does not add a parcel the order did not need);
 * 5. when all locations together are short, the order is not sourceable, with the short lines.
 * The moves returned (release where the order's units will not ship from, reserve where they will)
 * touch each stock row at most once and never reserve more than is free there, so applied in any
 * order they keep `0 ≤ reserved ≤ on hand` on every row.
 */

import {
  type Allocation,
  requestedBySku,
  type ShortLine,
  stockKey,
} from '../../inventory/core/stock-book.js';
import { fail, ok, type Result } from '../../platform/core/errors.js';
import { limits } from '../../platform/core/limits.js';
import { assertAmountMinor, isCurrencyCode, type Money } from '../../platform/core/money.js';

export interface SourcingLine {
  readonly sku: string;
  readonly quantity: number;
}

/** One stock row; `reserved` includes the units this order holds there. */
export interface LocationStock {
  readonly locationCode: string;
  readonly sku: string;
  readonly onHand: number;
  readonly reserved: number;
}

/** How near a location is to destinations: lower rank is nearer. An empty prefix is the whole country. */
export interface ZoneRule {
  readonly locationCode: string;
  readonly country: string;
  readonly postalPrefix: string;
  readonly rank: number;
}

export interface Destination {
  readonly country: string;
  readonly postalCode: string;
}

export interface SourcingInput {
  readonly lines: readonly SourcingLine[];
  /** This order's reservations now, per SKU and location. */
  readonly currentAllocations: readonly Allocation[];
  /** The rows of the order's SKUs; a missing row is a location that never had the SKU. */
  readonly stock: readonly LocationStock[];
  /** The locations that ship for the order's channel. */
  readonly locations: readonly string[];
  readonly zones: readonly ZoneRule[];
  readonly destination: Destination;
  readonly orderValue: Money;
  /** The least an order must be worth to leave in several parcels; same currency as the order. */
  readonly splitOrderValueMin: Money;
}

export interface ShipmentItem {
  readonly sku: string;
  readonly quantity: number;
}

export interface Shipment {
  readonly locationCode: string;
  /** The location's zone for the destination; null when it has no rule for it (farthest). */
  readonly zoneRank: number | null;
  readonly items: readonly ShipmentItem[];
}

/** What the store applies: each stock row appears at most once, in one list or the other. */
export interface SourcingMoves {
  readonly release: readonly Allocation[];
  readonly reserve: readonly Allocation[];
}

export interface SourcingPlan {
  readonly kind: 'whole' | 'split';
  readonly shipments: readonly Shipment[];
  /** The order's reservations once the moves are applied: exactly the shipments' items. */
  readonly allocations: readonly Allocation[];
  readonly moves: SourcingMoves;
  /** One plain sentence for the warehouse lead. */
  readonly why: string;
}

/** A plan, or why there is none: `order_not_sourceable` or `split_below_minimum`. */
export type SourcingResult = Result<SourcingPlan>;

/** Decides where a paid order ships from; see the module comment for the rules. */
export function sourceOrder(input: SourcingInput): SourcingResult {
  const requested = assertLines(input.lines);
  assertMoney(input.orderValue, input.splitOrderValueMin);
  const locations = assertLocations(input.locations);
  const rows = indexStock(input.stock, 'invariant');
  const held = indexAllocations(input.currentAllocations, rows);
  const zones = indexZones(input.zones);
  const destination = normaliseDestination(input.destination);

  const candidates = locations.map((locationCode): Candidate => {
    const capacity = new Map<string, number>();
    let stockUnits = 0;
    for (const sku of requested.keys()) {
      const key = stockKey(sku, locationCode);
      const row = rows.get(key);
      const units = (row === undefined ? 0 : row.onHand - row.reserved) + (held.get(key)?.quantity ?? 0);
      capacity.set(sku, units);
      stockUnits += units;
    }
    return { locationCode, zoneRank: zoneRank(zones, locationCode, destination), capacity, stockUnits };
  });

  const whole = candidates
    .filter((candidate) =>
      [...requested].every(([sku, quantity]) => candidate.capacity.get(sku)! >= quantity),
    )
    .sort(compareCandidates);
  if (whole.length > 0) {
    const best = whole[0]!;
    const items = [...requested].map(([sku, quantity]) => ({ sku, quantity }));
    return ok(
      plan('whole', [{ locationCode: best.locationCode, zoneRank: best.zoneRank, items }], held, rows, () =>
        wholeWhy(best, whole[1], destination),
      ),
    );
  }

  const short: ShortLine[] = [];
  for (const [sku, quantity] of requested) {
    let available = 0;
    for (const candidate of candidates) available += candidate.capacity.get(sku)!;
    if (available < quantity) short.push({ sku, requested: quantity, available });
  }
  if (short.length > 0) {
    const skus = short.map((line) => line.sku).join(', ');
    return fail(
      'order_not_sourceable',
      `Not sourceable: the locations that ship this order hold too few units of ${skus}, even all together.`,
      { lines: short },
    );
  }

  const noWhole = noWholeReason(requested, candidates);
  const value = input.orderValue;
  const minimum = input.splitOrderValueMin;
  if (value.amountMinor < minimum.amountMinor) {
    return fail(
      'split_below_minimum',
      `Waits for stock: ${noWhole}, and the order's ${formatMoney(value)} is under the split minimum of ${formatMoney(minimum)}.`,
      {
        order_value_minor: value.amountMinor,
        split_order_value_min_minor: minimum.amountMinor,
        currency: value.currency,
      },
    );
  }

  const shipments = greedySplit(requested, candidates);
  return ok(
    plan('split', shipments, held, rows, () => {
      const from = shipments.map((shipment) => shipment.locationCode).join(', ');
      return `Split in ${shipments.length} (${from}): ${noWhole}; order ${formatMoney(value)} ≥ split minimum ${formatMoney(minimum)}`;
    }),
  );
}

/** An order's allocation and the units of it its location can no longer cover. */
export interface UncoveredAllocation<T extends Allocation> {
  readonly allocation: T;
  readonly uncoveredQuantity: number;
}

/**
 * After an adjustment left less on hand than reserved at some rows, which of these allocations those
 * rows can no longer cover (the use case re-sources their orders or flags them). `allocations` come
 * in priority order: the first listed keep their units and the shortfall falls on the last listed.
 * Units reserved at a row by anything not listed are assumed to keep theirs, so an order checked
 * alone gets the worst case. Pass owner ids on the allocations: they come back untouched.
 */
export function uncoveredAllocations<T extends Allocation>(
  allocations: readonly T[],
  stock: readonly LocationStock[],
): UncoveredAllocation<T>[] {
  const rows = indexStock(stock, 'may-be-short');
  indexAllocations(allocations, rows);
  const shortfall = new Map<string, number>();
  for (const [key, row] of rows) shortfall.set(key, Math.max(0, row.reserved - row.onHand));
  const uncovered: UncoveredAllocation<T>[] = [];
  for (let index = allocations.length - 1; index >= 0; index -= 1) {
    const allocation = allocations[index]!;
    const key = stockKey(allocation.sku, allocation.locationCode);
    const take = Math.min(shortfall.get(key)!, allocation.quantity);
    if (take === 0) continue;
    shortfall.set(key, shortfall.get(key)! - take);
    uncovered.push({ allocation, uncoveredQuantity: take });
  }
  return uncovered.reverse();
}

// ---- Ranking ----

interface Candidate {
  readonly locationCode: string;
  readonly zoneRank: number | null;
  /** Units of each requested SKU this order could take there: free plus its own. */
  readonly capacity: ReadonlyMap<string, number>;
  readonly stockUnits: number;
}

function compareCodes(a: string, b: string): number {
  // Code units, not localeCompare: the order must not depend on the machine's locale.
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Rules 2 and 3: nearer zone, then more stock, then location code. */
function compareCandidates(a: Candidate, b: Candidate): number {
  return (
    (a.zoneRank ?? Number.POSITIVE_INFINITY) - (b.zoneRank ?? Number.POSITIVE_INFINITY) ||
    b.stockUnits - a.stockUnits ||
    compareCodes(a.locationCode, b.locationCode)
  );
}

/**
 * Rule 4: while units remain, the location covering the most of them ships all it can of them;
 * ties go to the better location by rules 2 and 3.
 */
function greedySplit(requested: ReadonlyMap<string, number>, candidates: readonly Candidate[]): Shipment[] {
  const remaining = new Map(requested);
  const pool = [...candidates];
  const shipments: Shipment[] = [];
  const covers = (candidate: Candidate): number => {
    let units = 0;
    for (const [sku, quantity] of remaining) units += Math.min(quantity, candidate.capacity.get(sku)!);
    return units;
  };
  while ([...remaining.values()].some((quantity) => quantity > 0)) {
    let best: { candidate: Candidate; units: number; index: number } | undefined;
    pool.forEach((candidate, index) => {
      const units = covers(candidate);
      if (
        best === undefined ||
        units > best.units ||
        (units === best.units && compareCandidates(candidate, best.candidate) < 0)
      )
        best = { candidate, units, index };
    });
    if (best === undefined || best.units === 0)
      throw new Error('sourcing invariant broken: the split ran out of stock after checking the totals');
    pool.splice(best.index, 1);
    const items: ShipmentItem[] = [];
    for (const [sku, quantity] of remaining) {
      const take = Math.min(quantity, best.candidate.capacity.get(sku)!);
      if (take === 0) continue;
      items.push({ sku, quantity: take });
      remaining.set(sku, quantity - take);
    }
    shipments.push({ locationCode: best.candidate.locationCode, zoneRank: best.candidate.zoneRank, items });
  }
  return shipments;
}

// ---- Zones ----

type ZoneIndex = ReadonlyMap<string, readonly ZoneRule[]>;

function normaliseCountry(country: string): string {
  return country.trim().toUpperCase();
}

/** Spaces and case do not matter in a postal code: `sw1a 1aa` is `SW1A1AA`. */
function normalisePostal(postal: string): string {
  return postal.replace(/\s+/g, '').toUpperCase();
}

/** A destination as a shipment's reasons name it (`FR 75002`): what an erasure looks for in them. */
export function destinationText(country: string, postalCode: string): string {
  return `${normaliseCountry(country)} ${normalisePostal(postalCode)}`.trim();
}

function normaliseDestination(destination: Destination): Destination {
  const country = normaliseCountry(destination.country);
  if (country === '') throw new Error('sourcing input broken: the destination has no country');
  return { country, postalCode: normalisePostal(destination.postalCode) };
}

function indexZones(zones: readonly ZoneRule[]): ZoneIndex {
  const byLocation = new Map<string, ZoneRule[]>();
  const seen = new Set<string>();
  for (const zone of zones) {
    if (!(Number.isSafeInteger(zone.rank) && zone.rank >= 0))
      throw new Error(
        `sourcing input broken: zone rank ${zone.rank} for ${zone.locationCode} is not a natural`,
      );
    const rule = {
      ...zone,
      country: normaliseCountry(zone.country),
      postalPrefix: normalisePostal(zone.postalPrefix),
    };
    const key = `${rule.locationCode}\u0000${rule.country}\u0000${rule.postalPrefix}`;
    if (seen.has(key)) {
      throw new Error(
        `sourcing input broken: two zone rules for ${rule.locationCode}, ${rule.country} '${rule.postalPrefix}'`,
      );
    }
    seen.add(key);
    const list = byLocation.get(rule.locationCode) ?? [];
    list.push(rule);
    byLocation.set(rule.locationCode, list);
  }
  return byLocation;
}

/** The rank of the longest prefix of the postal code among the location's rules for the country. */
function zoneRank(zones: ZoneIndex, locationCode: string, destination: Destination): number | null {
  let best: ZoneRule | undefined;
  for (const rule of zones.get(locationCode) ?? []) {
    if (rule.country !== destination.country || !destination.postalCode.startsWith(rule.postalPrefix))
      continue;
    if (best === undefined || rule.postalPrefix.length > best.postalPrefix.length) best = rule;
  }
  return best?.rank ?? null;
}

// ---- Plan and moves ----

function plan(
  kind: SourcingPlan['kind'],
  shipments: Shipment[],
  held: ReadonlyMap<string, Allocation>,
  rows: ReadonlyMap<string, LocationStock>,
  why: () => string,
): SourcingPlan {
  const allocations = shipments.flatMap((shipment) =>
    shipment.items.map((item) => ({
      sku: item.sku,
      locationCode: shipment.locationCode,
      quantity: item.quantity,
    })),
  );
  const target = new Map(
    allocations.map((allocation) => [stockKey(allocation.sku, allocation.locationCode), allocation]),
  );
  const release: Allocation[] = [];
  const reserve: Allocation[] = [];
  for (const [key, allocation] of held) {
    const surplus = allocation.quantity - (target.get(key)?.quantity ?? 0);
    if (surplus > 0) release.push({ ...allocation, quantity: surplus });
  }
  for (const [key, allocation] of target) {
    const missing = allocation.quantity - (held.get(key)?.quantity ?? 0);
    if (missing > 0) reserve.push({ ...allocation, quantity: missing });
  }
  const moves = { release: release.sort(compareAllocations), reserve: reserve.sort(compareAllocations) };
  assertMovesKeepStock(rows, moves);
  return { kind, shipments, allocations, moves, why: why() };
}

/** Sorted by SKU then location: the order in which the store locks rows. */
function compareAllocations(a: Allocation, b: Allocation): number {
  return compareCodes(a.sku, b.sku) || compareCodes(a.locationCode, b.locationCode);
}

/** The decision asserts its own promise before the store's CHECK constraints do. */
function assertMovesKeepStock(rows: ReadonlyMap<string, LocationStock>, moves: SourcingMoves): void {
  const touched = new Set<string>();
  const check = (allocation: Allocation, reservedDelta: number) => {
    const key = stockKey(allocation.sku, allocation.locationCode);
    if (touched.has(key))
      throw new Error(
        `sourcing invariant broken: ${allocation.sku} at ${allocation.locationCode} moved twice`,
      );
    touched.add(key);
    const row = rows.get(key);
    const reserved = (row?.reserved ?? 0) + reservedDelta;
    if (allocation.quantity <= 0 || reserved < 0 || reserved > (row?.onHand ?? 0)) {
      throw new Error(
        `sourcing invariant broken for ${allocation.sku} at ${allocation.locationCode}: reserved would be ${reserved} of ${row?.onHand ?? 0} on hand`,
      );
    }
  };
  for (const allocation of moves.release) check(allocation, -allocation.quantity);
  for (const allocation of moves.reserve) check(allocation, allocation.quantity);
}

// ---- Reasons ----

function zoneText(rank: number | null): string {
  return rank === null ? 'no zone rule' : `zone ${rank}`;
}

function wholeWhy(best: Candidate, runnerUp: Candidate | undefined, destination: Destination): string {
  const where = destinationText(destination.country, destination.postalCode);
  const head = `Ships whole from ${best.locationCode} (${zoneText(best.zoneRank)} for ${where})`;
  if (runnerUp === undefined) return `${head}, the only location that can ship it whole`;
  if (best.zoneRank !== runnerUp.zoneRank)
    return `${head}, nearer than ${runnerUp.locationCode} (${zoneText(runnerUp.zoneRank)})`;
  if (best.stockUnits !== runnerUp.stockUnits) {
    return `${head}, as near as ${runnerUp.locationCode} but with more stock (${best.stockUnits} units against ${runnerUp.stockUnits})`;
  }
  return `${head}, as near as ${runnerUp.locationCode} with as much stock, and first by location code`;
}

function noWholeReason(requested: ReadonlyMap<string, number>, candidates: readonly Candidate[]): string {
  if (requested.size === 1) {
    const [sku, quantity] = [...requested][0]!;
    return `no location holds ${quantity} units of ${sku}`;
  }
  const someHoldsEverySku = candidates.some((candidate) =>
    [...requested.keys()].every((sku) => candidate.capacity.get(sku)! > 0),
  );
  return someHoldsEverySku
    ? `no location holds enough of all ${requested.size} SKUs`
    : `no location holds all ${requested.size} SKUs`;
}

/** ISO 4217 currencies whose minor unit is not the hundredth; every other has two decimals. */
const minorDigitsByCurrency: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
};

/** `18200 EUR` → `182.00 EUR`, exactly (string arithmetic, no float). */
function formatMoney(value: Money): string {
  const digits = minorDigitsByCurrency[value.currency] ?? 2;
  const sign = value.amountMinor < 0 ? '-' : '';
  const text = String(Math.abs(value.amountMinor)).padStart(digits + 1, '0');
  const whole = text.slice(0, text.length - digits);
  return digits === 0
    ? `${sign}${whole} ${value.currency}`
    : `${sign}${whole}.${text.slice(text.length - digits)} ${value.currency}`;
}

// ---- Input assertions: a breach is a bug in the caller, not a business outcome ----

function assertNatural(value: number, what: string): void {
  if (!(Number.isSafeInteger(value) && value >= 0))
    throw new Error(`sourcing input broken: ${what} is ${value}, not a whole number ≥ 0`);
}

function assertLines(lines: readonly SourcingLine[]): Map<string, number> {
  if (lines.length === 0) throw new Error('sourcing input broken: an order without lines');
  if (lines.length > limits.orderLinesMax)
    throw new Error(`sourcing input broken: ${lines.length} lines, more than ${limits.orderLinesMax}`);
  for (const line of lines) {
    if (line.sku === '') throw new Error('sourcing input broken: a line without a SKU');
    if (
      !(Number.isSafeInteger(line.quantity) && line.quantity > 0 && line.quantity <= limits.lineQuantityMax)
    ) {
      throw new Error(
        `sourcing input broken: line ${line.sku} has a quantity of ${line.quantity}, not between 1 and ${limits.lineQuantityMax}`,
      );
    }
  }
  return requestedBySku(lines);
}

function assertMoney(orderValue: Money, minimum: Money): void {
  for (const value of [orderValue, minimum]) {
    assertAmountMinor(value.amountMinor);
    assertNatural(value.amountMinor, `an amount of ${value.currency}`);
    if (!isCurrencyCode(value.currency))
      throw new Error(`sourcing input broken: ${value.currency} is not an ISO 4217 code`);
  }
  if (orderValue.currency !== minimum.currency) {
    throw new Error(
      `sourcing input broken: an order in ${orderValue.currency} against a split minimum in ${minimum.currency}`,
    );
  }
}

function assertLocations(locations: readonly string[]): string[] {
  if (new Set(locations).size !== locations.length)
    throw new Error(`sourcing input broken: a location listed twice in ${locations.join(', ')}`);
  return [...locations];
}

/**
 * `invariant`: every row must hold `0 ≤ reserved ≤ on hand`; `may-be-short`: an adjustment may have
 * left on hand under reserved, which is what `uncoveredAllocations` is asked about.
 */
function indexStock(
  stock: readonly LocationStock[],
  mode: 'invariant' | 'may-be-short',
): Map<string, LocationStock> {
  const rows = new Map<string, LocationStock>();
  for (const row of stock) {
    const where = `${row.sku} at ${row.locationCode}`;
    assertNatural(row.onHand, `on hand of ${where}`);
    assertNatural(row.reserved, `reserved of ${where}`);
    if (mode === 'invariant' && row.reserved > row.onHand) {
      throw new Error(`stock invariant broken for ${where}: on hand ${row.onHand}, reserved ${row.reserved}`);
    }
    const key = stockKey(row.sku, row.locationCode);
    if (rows.has(key)) throw new Error(`sourcing input broken: two stock rows for ${where}`);
    rows.set(key, row);
  }
  return rows;
}

/** Sums allocations per row; each row must reserve at least what the allocations claim there. */
function indexAllocations(
  allocations: readonly Allocation[],
  rows: ReadonlyMap<string, LocationStock>,
): Map<string, Allocation> {
  const held = new Map<string, Allocation>();
  for (const allocation of allocations) {
    if (!(Number.isSafeInteger(allocation.quantity) && allocation.quantity > 0)) {
      throw new Error(
        `sourcing input broken: an allocation of ${allocation.quantity} ${allocation.sku} at ${allocation.locationCode}`,
      );
    }
    const key = stockKey(allocation.sku, allocation.locationCode);
    const quantity = (held.get(key)?.quantity ?? 0) + allocation.quantity;
    const reserved = rows.get(key)?.reserved ?? 0;
    if (quantity > reserved) {
      throw new Error(
        `sourcing input broken: ${quantity} ${allocation.sku} allocated at ${allocation.locationCode}, where only ${reserved} are reserved`,
      );
    }
    held.set(key, { sku: allocation.sku, locationCode: allocation.locationCode, quantity });
  }
  return held;
}
