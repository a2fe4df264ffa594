/**
 * Which box one shipment goes in: the smallest box (least inner volume, then lower cost, then code)
 * in which a deterministic 3-D packing heuristic places every unit, and one sentence saying why.
 *
 * The heuristic is "extreme points, first fit decreasing", after the extreme-point idea of Crainic,
 * Perboli & Tadei ("Extreme Point-Based Heuristics for Three-Dimensional Bin Packing", INFORMS
 * Journal on Computing, 2008). Units are taken largest first (volume, then longest side). Each goes
 * at the first candidate point, lowest first (height, then width, then length axis), in the first of
 * its axis-aligned turns, flattest first, that stays inside the walls and overlaps no unit already
 * placed. The candidates start as the box's inner corner; each placed unit adds its three far corners
 * and those corners pushed back along the other axes until they meet a unit or a wall (the extreme
 * points proper), which reaches the holes that plain corners leave behind. Ties are broken by SKU
 * and box code, so the answer does not depend on the order the items or boxes come in.
 *
 * Its limit: it never backtracks, so it may say "does not fit" for items a person could arrange
 * (tight puzzles, a gap it does not look at); never the other way round, since every position it
 * returns was checked against the walls and against every unit placed before it. It ignores how much
 * a unit can bear on top, fragility and balance. Sizes are whole millimetres and weights whole grams.
 * Input is asserted: a broken size, weight or quantity, a SKU listed twice, or a shipment with no
 * items at all is a caller's bug and throws.
 */
import { fail, ok, type Result } from '../../platform/core/errors.js';

/**
 * Units one box is chosen for: far past a parcel's content. The heuristic's work grows about as the
 * cube of it; 500 distinct units take under a second per box tried on the 2-core machine.
 */
export const shipmentUnitsMax = 500;
/** Box sizes compared per shipment: a warehouse stocks a dozen or two, and each may cost one packing. */
export const boxSizesMax = 50;
/** 10 m: past any box or pallet, and 500 units of it keep their volume below 2^53 mm³, exact. */
export const sideMmMax = 10_000;
/** One tonne per unit or box: past any parcel, and 500 units of it keep their weight exact. */
export const weightGMax = 1_000_000;

export interface Item {
  readonly sku: string;
  readonly lengthMm: number;
  readonly widthMm: number;
  readonly heightMm: number;
  readonly weightG: number;
  readonly quantity: number;
}

export interface Box {
  readonly code: string;
  readonly innerLengthMm: number;
  readonly innerWidthMm: number;
  readonly innerHeightMm: number;
  /** What the filled box may weigh: contents and the box itself. */
  readonly maxWeightG: number;
  readonly ownWeightG: number;
  readonly costMinor: number;
}

/** One unit's position from the box's inner corner, and its size along the box's axes once turned. */
export interface Placement {
  readonly sku: string;
  readonly xMm: number;
  readonly yMm: number;
  readonly zMm: number;
  readonly lengthMm: number;
  readonly widthMm: number;
  readonly heightMm: number;
}

export interface PackedBox {
  readonly box: Box;
  readonly placements: readonly Placement[];
  /** Contents and the box itself. */
  readonly grossWeightG: number;
  /** Volume of the contents over the box's inner volume, from 0 to 1. */
  readonly fillRatio: number;
  readonly why: string;
}

/** A box chosen, or why none is: `no_box_fits` or `too_many_units`. */
export type PackingResult = Result<PackedBox>;

type Triple = readonly [number, number, number];
type Axis = 0 | 1 | 2;
const axes: readonly Axis[] = [0, 1, 2];

interface Spot {
  readonly sku: string;
  readonly at: Triple;
  readonly size: Triple;
}

interface Shipment {
  readonly unitCount: number;
  readonly weightG: number;
  readonly volumeMm3: number;
  readonly largestFirst: readonly Item[];
}

/** A box's placements, or the reason (a clause of the `why`) it is refused. */
type Attempt = readonly Placement[] | string;

/**
 * Places every unit in `box`, or returns null when the box is too small or too weak or the heuristic
 * finds no arrangement. More than `shipmentUnitsMax` units is a bug here (`chooseBox` refuses them).
 */
export function packInto(box: Box, items: readonly Item[]): readonly Placement[] | null {
  assertBox(box);
  const shipment = shipmentOf(items);
  if (shipment.unitCount > shipmentUnitsMax)
    throw new Error(`packing input broken: ${shipment.unitCount} units, past ${shipmentUnitsMax}`);
  const attempt = attemptBox(box, shipment);
  return typeof attempt === 'string' ? null : attempt;
}

/**
 * The first box, smallest first, that the heuristic packs. `no_box_fits` says why the largest could
 * not (or that no box is set up); `too_many_units` refuses a shipment past `shipmentUnitsMax`.
 */
export function chooseBox(boxes: readonly Box[], items: readonly Item[]): PackingResult {
  if (boxes.length > boxSizesMax)
    throw new Error(`packing input broken: ${boxes.length} box sizes, past ${boxSizesMax}`);
  for (const box of boxes) assertBox(box);
  const shipment = shipmentOf(items);
  if (shipment.unitCount > shipmentUnitsMax) {
    return fail(
      'too_many_units',
      `${shipment.unitCount} units are more than the ${shipmentUnitsMax} one box is chosen for; split the shipment.`,
      { units: shipment.unitCount, units_max: shipmentUnitsMax },
    );
  }
  const refusals: { box: string; reason: string }[] = [];
  for (const box of bySize(boxes)) {
    const attempt = attemptBox(box, shipment);
    if (typeof attempt === 'string') {
      refusals.push({ box: box.code, reason: attempt });
      continue;
    }
    const grossWeightG = shipment.weightG + box.ownWeightG;
    const offered = boxes.length === 1 ? 'the only box' : `the smallest of ${boxes.length}`;
    const smaller = refusals.at(-1);
    return ok({
      box,
      placements: attempt,
      grossWeightG,
      fillRatio: shipment.volumeMm3 / volumeOf(innerOf(box)),
      why:
        `Box ${box.code} (${sizeText(innerOf(box))}): ${offered} that holds ${shipment.unitCount} item${shipment.unitCount === 1 ? '' : 's'} ` +
        `(${weightText(grossWeightG)} of ${weightText(box.maxWeightG)})` +
        `${smaller === undefined ? '' : `; ${smaller.reason}`}.`,
    });
  }
  const largest = refusals.at(-1);
  return fail(
    'no_box_fits',
    largest === undefined
      ? 'No box sizes are set up.'
      : `No box holds ${shipment.unitCount === 1 ? 'this item' : `these ${shipment.unitCount} items`}: ${largest.reason}.`,
    { units: shipment.unitCount, weight_g: shipment.weightG, refusals },
  );
}

function bySize(boxes: readonly Box[]): Box[] {
  return [...boxes].sort(
    (a, b) =>
      volumeOf(innerOf(a)) - volumeOf(innerOf(b)) ||
      a.costMinor - b.costMinor ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}

/** The quick refusals first (an item too big, too heavy, too little room), then the heuristic. */
function attemptBox(box: Box, shipment: Shipment): Attempt {
  const inner = descending(innerOf(box));
  for (const item of shipment.largestFirst) {
    const sides = descending(sidesOf(item));
    if (sides[0] > inner[0]) return `${box.code} is too short for ${item.sku} (${sides[0]} mm long)`;
    if (sides[1] > inner[1] || sides[2] > inner[2])
      return `${box.code} cannot take ${item.sku} (${sizeText(sidesOf(item))}) whichever way it is turned`;
  }
  const grossWeightG = shipment.weightG + box.ownWeightG;
  if (grossWeightG > box.maxWeightG)
    return `${box.code} takes at most ${weightText(box.maxWeightG)} and would weigh ${weightText(grossWeightG)}`;
  const boxVolumeMm3 = volumeOf(innerOf(box));
  if (shipment.volumeMm3 > boxVolumeMm3) {
    // In litres rounded outwards (contents up, box down), so the two figures never look equal.
    const neededL = Math.ceil(shipment.volumeMm3 / 1_000) / 1_000;
    return `the items take ${neededL} L and ${box.code} holds ${Math.floor(boxVolumeMm3 / 1_000) / 1_000} L`;
  }
  const spots = arrange(box, shipment.largestFirst);
  if (spots === null) return `the items do not fit together in ${box.code}`;
  return spots.map(({ sku, at: [xMm, yMm, zMm], size: [lengthMm, widthMm, heightMm] }) => {
    return { sku, xMm, yMm, zMm, lengthMm, widthMm, heightMm };
  });
}

/** Extreme points, first fit decreasing (see the module comment); null when a unit finds no place. */
function arrange(box: Box, largestFirst: readonly Item[]): Spot[] | null {
  const walls = innerOf(box);
  // The shortest side of the units still to place only grows, and the box only fills up: a point
  // with no room for a cube of that side is dead for good, and is dropped.
  const shortestSidesLeft = largestFirst.map((_, index) =>
    Math.min(...largestFirst.slice(index).map((item) => descending(sidesOf(item))[2])),
  );
  const placed: Spot[] = [];
  let points: Triple[] = [[0, 0, 0]];
  for (const [index, item] of largestFirst.entries()) {
    const turns = turnsOf(sidesOf(item));
    const side = shortestSidesLeft[index]!;
    const cube: Triple = [side, side, side];
    // A point with no room for one unit of this item has none for the next either.
    const refused = new Set<Triple>();
    for (let unit = 0; unit < item.quantity; unit += 1) {
      const live: Triple[] = [];
      let spot: Spot | null = null;
      for (const at of points) {
        if (spot === null && !refused.has(at)) {
          spot = fitAt(item.sku, at, turns, placed, walls);
          if (spot === null) {
            refused.add(at);
            if (!hasRoom({ sku: item.sku, at, size: cube }, placed, walls)) continue;
          }
        }
        live.push(at);
      }
      if (spot === null) return null;
      placed.push(spot);
      points = nextPoints(live, spot, placed, walls);
    }
  }
  return placed;
}

/** The unit at `at` in the first of its turns that has room there, or null. */
function fitAt(sku: string, at: Triple, turns: readonly Triple[], placed: readonly Spot[], walls: Triple) {
  const size = turns.find((turn) => hasRoom({ sku, at, size: turn }, placed, walls));
  return size === undefined ? null : { sku, at, size };
}

/** Inside the walls and clear of every placed unit, the newest first (the likeliest neighbours). */
function hasRoom(spot: Spot, placed: readonly Spot[], walls: Triple): boolean {
  const { at, size } = spot;
  if (at[0] + size[0] > walls[0] || at[1] + size[1] > walls[1] || at[2] + size[2] > walls[2]) return false;
  for (let index = placed.length - 1; index >= 0; index -= 1)
    if (overlaps(spot, placed[index]!)) return false;
  return true;
}

/** The candidates once `spot` is placed: the old ones it does not cover, its corners and their projections. */
function nextPoints(points: readonly Triple[], spot: Spot, placed: readonly Spot[], walls: Triple): Triple[] {
  const [x, y, z] = spot.at;
  const alongX: Triple = [x + spot.size[0], y, z];
  const alongY: Triple = [x, y + spot.size[1], z];
  const alongZ: Triple = [x, y, z + spot.size[2]];
  const fresh = [alongX, alongY, alongZ];
  fresh.push(pushBack(alongX, 1, placed), pushBack(alongX, 2, placed));
  fresh.push(pushBack(alongY, 0, placed), pushBack(alongY, 2, placed));
  fresh.push(pushBack(alongZ, 0, placed), pushBack(alongZ, 1, placed));
  const next = points.filter((point) => !covers(spot, point));
  const seen = new Set(next.map((point) => point.join(',')));
  for (const point of fresh) {
    const key = point.join(',');
    if (seen.has(key) || point[0] >= walls[0] || point[1] >= walls[1] || point[2] >= walls[2]) continue;
    if (placed.some((other) => covers(other, point))) continue;
    seen.add(key);
    next.push(point);
  }
  return next.sort((a, b) => a[2] - b[2] || a[1] - b[1] || a[0] - b[0]);
}

/** Moves `point` towards 0 along `axis` until it meets the far face of a placed unit, or the wall. */
function pushBack(point: Triple, axis: Axis, placed: readonly Spot[]): Triple {
  let stop = 0;
  for (const other of placed) {
    const face = other.at[axis] + other.size[axis];
    if (face > stop && face <= point[axis] && spans(other, point, axis)) stop = face;
  }
  const moved: [number, number, number] = [point[0], point[1], point[2]];
  moved[axis] = stop;
  return moved;
}

/** Whether `spot` lies across `point` on every axis but `skipped` (half-open, as a unit occupies [start, end)). */
function spans(spot: Spot, point: Triple, skipped: Axis | null): boolean {
  return axes.every(
    (axis) =>
      axis === skipped || (point[axis] >= spot.at[axis] && point[axis] < spot.at[axis] + spot.size[axis]),
  );
}

function covers(spot: Spot, point: Triple): boolean {
  return spans(spot, point, null);
}

// Written out axis by axis: this is the inner loop of the heuristic.
function overlaps(a: Spot, b: Spot): boolean {
  return (
    a.at[0] < b.at[0] + b.size[0] &&
    b.at[0] < a.at[0] + a.size[0] &&
    a.at[1] < b.at[1] + b.size[1] &&
    b.at[1] < a.at[1] + a.size[1] &&
    a.at[2] < b.at[2] + b.size[2] &&
    b.at[2] < a.at[2] + a.size[2]
  );
}

/** The distinct axis-aligned turns of a unit, flattest first, then longest along the box's length. */
function turnsOf([a, b, c]: Triple): Triple[] {
  const all: Triple[] = [
    [a, b, c],
    [a, c, b],
    [b, a, c],
    [b, c, a],
    [c, a, b],
    [c, b, a],
  ];
  const distinct = [...new Map(all.map((turn) => [turn.join(','), turn])).values()];
  return distinct.sort((p, q) => p[2] - q[2] || q[0] - p[0]);
}

function shipmentOf(items: readonly Item[]): Shipment {
  if (items.length === 0)
    throw new Error('packing input broken: a shipment with no items has nothing to pack');
  const skus = new Set<string>();
  let unitCount = 0;
  let weightG = 0;
  let volumeMm3 = 0;
  for (const item of items) {
    if (typeof item.sku !== 'string' || item.sku === '')
      throw new Error('packing input broken: an item has no SKU');
    if (skus.has(item.sku))
      throw new Error(`packing input broken: ${item.sku} is listed twice; merge its lines`);
    skus.add(item.sku);
    assertWhole(item.lengthMm, 1, sideMmMax, `the length of ${item.sku} in mm`);
    assertWhole(item.widthMm, 1, sideMmMax, `the width of ${item.sku} in mm`);
    assertWhole(item.heightMm, 1, sideMmMax, `the height of ${item.sku} in mm`);
    assertWhole(item.weightG, 1, weightGMax, `the weight of ${item.sku} in g`);
    assertWhole(item.quantity, 1, Number.MAX_SAFE_INTEGER, `the quantity of ${item.sku}`);
    unitCount += item.quantity;
    // Past the maximum the caller is refused before these totals are used, so they need not stay exact.
    weightG += item.weightG * item.quantity;
    volumeMm3 += volumeOf(sidesOf(item)) * item.quantity;
  }
  // Largest first, as the heuristic takes them; the SKU last, so the input's order changes nothing.
  const largestFirst = [...items].sort(
    (a, b) =>
      volumeOf(sidesOf(b)) - volumeOf(sidesOf(a)) ||
      compareSides(descending(sidesOf(b)), descending(sidesOf(a))) ||
      (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0),
  );
  return { unitCount, weightG, volumeMm3, largestFirst };
}

function assertBox(box: Box): void {
  if (typeof box.code !== 'string' || box.code === '')
    throw new Error('packing input broken: a box has no code');
  assertWhole(box.innerLengthMm, 1, sideMmMax, `the inner length of box ${box.code} in mm`);
  assertWhole(box.innerWidthMm, 1, sideMmMax, `the inner width of box ${box.code} in mm`);
  assertWhole(box.innerHeightMm, 1, sideMmMax, `the inner height of box ${box.code} in mm`);
  assertWhole(box.maxWeightG, 1, weightGMax, `the weight limit of box ${box.code} in g`);
  assertWhole(box.ownWeightG, 0, weightGMax, `the weight of box ${box.code} in g`);
  assertWhole(box.costMinor, 0, Number.MAX_SAFE_INTEGER, `the cost of box ${box.code} in minor units`);
}

function assertWhole(value: number, min: number, max: number, what: string): void {
  if (!(Number.isSafeInteger(value) && value >= min && value <= max))
    throw new Error(`packing input broken: ${what} is ${value}, not a whole number from ${min} to ${max}`);
}

function sidesOf(item: Item): Triple {
  return [item.lengthMm, item.widthMm, item.heightMm];
}

function descending(sides: Triple): Triple {
  const [a, b, c] = [...sides].sort((p, q) => q - p);
  return [a!, b!, c!];
}

function compareSides(a: Triple, b: Triple): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

function innerOf(box: Box): Triple {
  return [box.innerLengthMm, box.innerWidthMm, box.innerHeightMm];
}

function volumeOf([length, width, height]: Triple): number {
  return length * width * height;
}

function sizeText(sides: Triple): string {
  return `${sides.join('×')} mm`;
}

/** Exact: whole grams have at most three decimals in kilograms. */
function weightText(weightG: number): string {
  return weightG < 1_000 ? `${weightG} g` : `${weightG / 1_000} kg`;
}
