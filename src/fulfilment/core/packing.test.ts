/** Box choice: every packing returned is checked here, independently, unit by unit; then examples a person checks by eye. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Failure } from '../../platform/core/errors.js';
import {
  type Box,
  chooseBox,
  type Item,
  type PackingResult,
  type Placement,
  packInto,
  shipmentUnitsMax,
} from './packing.js';

function box(
  code: string,
  lengthMm: number,
  widthMm: number,
  heightMm: number,
  more: Partial<Box> = {},
): Box {
  return {
    code,
    innerLengthMm: lengthMm,
    innerWidthMm: widthMm,
    innerHeightMm: heightMm,
    maxWeightG: 30_000,
    ownWeightG: 200,
    costMinor: 100,
    ...more,
  };
}

function item(
  sku: string,
  lengthMm: number,
  widthMm: number,
  heightMm: number,
  quantity = 1,
  weightG = 100,
): Item {
  return { sku, lengthMm, widthMm, heightMm, weightG, quantity };
}

function sorted(sides: readonly number[]): number[] {
  return [...sides].sort((a, b) => a - b);
}

/** The promise, checked without the module's help: the reason a packing is wrong, or null. */
function flaw(target: Box, items: readonly Item[], placements: readonly Placement[]): string | null {
  const bySku = new Map(items.map((line) => [line.sku, line]));
  const placedBySku = new Map<string, number>();
  for (const p of placements) {
    const line = bySku.get(p.sku);
    if (line === undefined) return `${p.sku} was never asked for`;
    placedBySku.set(p.sku, (placedBySku.get(p.sku) ?? 0) + 1);
    const turned = sorted([p.lengthMm, p.widthMm, p.heightMm]);
    if (turned.join() !== sorted([line.lengthMm, line.widthMm, line.heightMm]).join())
      return `${p.sku} placed as ${turned.join('×')}, not a turn of its own size`;
    const inside =
      [p.xMm, p.yMm, p.zMm].every((at) => Number.isInteger(at) && at >= 0) &&
      p.xMm + p.lengthMm <= target.innerLengthMm &&
      p.yMm + p.widthMm <= target.innerWidthMm &&
      p.zMm + p.heightMm <= target.innerHeightMm;
    if (!inside) return `${p.sku} at ${p.xMm},${p.yMm},${p.zMm} sticks out of ${target.code}`;
  }
  for (const line of items) {
    if (placedBySku.get(line.sku) !== line.quantity)
      return `${line.sku}: ${placedBySku.get(line.sku) ?? 0} placed of ${line.quantity}`;
  }
  for (const [i, a] of placements.entries()) {
    for (const b of placements.slice(i + 1)) {
      const apart =
        a.xMm >= b.xMm + b.lengthMm ||
        b.xMm >= a.xMm + a.lengthMm ||
        a.yMm >= b.yMm + b.widthMm ||
        b.yMm >= a.yMm + a.widthMm ||
        a.zMm >= b.zMm + b.heightMm ||
        b.zMm >= a.zMm + a.heightMm;
      if (!apart) return `${a.sku} and ${b.sku} overlap`;
    }
  }
  const weightG = items.reduce((total, line) => total + line.weightG * line.quantity, target.ownWeightG);
  if (weightG > target.maxWeightG) return `${weightG} g in a box that takes ${target.maxWeightG} g`;
  return null;
}

function volume(target: Box): number {
  return target.innerLengthMm * target.innerWidthMm * target.innerHeightMm;
}

/** Smallest first, as the module promises, computed here on its own. */
function inOrder(boxes: readonly Box[]): Box[] {
  return [...boxes].sort(
    (a, b) => volume(a) - volume(b) || a.costMinor - b.costMinor || a.code.localeCompare(b.code),
  );
}

function failure(result: PackingResult): Failure {
  if (result.ok) throw new Error(`expected a refusal, got box ${result.value.box.code}`);
  return result;
}

const skus = ['SKU-1', 'SKU-2', 'SKU-3', 'SKU-4', 'SKU-5', 'SKU-6'];
const itemsArb = fc.uniqueArray(
  fc.record({
    sku: fc.constantFrom(...skus),
    lengthMm: fc.integer({ min: 1, max: 250 }),
    widthMm: fc.integer({ min: 1, max: 250 }),
    heightMm: fc.integer({ min: 1, max: 120 }),
    weightG: fc.integer({ min: 1, max: 4_000 }),
    quantity: fc.integer({ min: 1, max: 6 }),
  }),
  { minLength: 1, maxLength: 5, selector: (line) => line.sku },
);
const boxArb = fc.record({
  code: fc.constantFrom('XS', 'S', 'M', 'L', 'XL', 'XXL'),
  innerLengthMm: fc.integer({ min: 20, max: 600 }),
  innerWidthMm: fc.integer({ min: 20, max: 600 }),
  innerHeightMm: fc.integer({ min: 20, max: 400 }),
  maxWeightG: fc.integer({ min: 1_000, max: 40_000 }),
  ownWeightG: fc.integer({ min: 0, max: 1_000 }),
  costMinor: fc.integer({ min: 0, max: 3 }),
});
const boxesArb = fc.uniqueArray(boxArb, { minLength: 1, maxLength: 6, selector: (b) => b.code });

describe('packing, whatever the boxes and items', () => {
  it('never returns a placement that does not fit: each unit once, inside, apart, turned, under the weight limit', () => {
    let packed = 0;
    fc.assert(
      fc.property(boxArb, itemsArb, (target, items) => {
        const placements = packInto(target, items);
        if (placements === null) return;
        packed += 1;
        expect(flaw(target, items, placements)).toBeNull();
      }),
      { numRuns: 400 },
    );
    expect(packed).toBeGreaterThan(40); // the property above was not vacuous
  });

  it('chooses a box whose packing checks out, with its gross weight and fill ratio', () => {
    fc.assert(
      fc.property(boxesArb, itemsArb, (boxes, items) => {
        const result = chooseBox(boxes, items);
        if (!result.ok) return;
        const { box: chosen, placements, grossWeightG, fillRatio } = result.value;
        expect(boxes).toContain(chosen);
        expect(flaw(chosen, items, placements)).toBeNull();
        const itemsWeightG = items.reduce((total, line) => total + line.weightG * line.quantity, 0);
        expect(grossWeightG).toBe(itemsWeightG + chosen.ownWeightG);
        expect(fillRatio).toBeGreaterThan(0);
        expect(fillRatio).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });

  it('finds a single item whenever one of its six turns fits the box', () => {
    fc.assert(
      fc.property(
        fc.tuple(
          fc.integer({ min: 1, max: 400 }),
          fc.integer({ min: 1, max: 400 }),
          fc.integer({ min: 1, max: 400 }),
        ),
        fc.tuple(
          fc.integer({ min: 1, max: 400 }),
          fc.integer({ min: 1, max: 400 }),
          fc.integer({ min: 1, max: 400 }),
        ),
        ([l, w, h], [boxL, boxW, boxH]) => {
          const turns = [
            [l, w, h],
            [l, h, w],
            [w, l, h],
            [w, h, l],
            [h, l, w],
            [h, w, l],
          ];
          const fitsAlone = turns.some(([a, b, c]) => a! <= boxL && b! <= boxW && c! <= boxH);
          const placements = packInto(box('B', boxL, boxW, boxH), [item('ONE', l, w, h)]);
          expect(placements !== null).toBe(fitsAlone);
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('returns the first box, smallest first, that the heuristic packs, and never a larger one', () => {
    fc.assert(
      fc.property(boxesArb, itemsArb, (boxes, items) => {
        const expected = inOrder(boxes).find((candidate) => packInto(candidate, items) !== null);
        const result = chooseBox(boxes, items);
        if (expected === undefined) expect(failure(result).code).toBe('no_box_fits');
        else expect(result.ok && result.value.box).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same answer whatever order the items and boxes come in', () => {
    const shuffledArb = <T>(values: T[]) =>
      fc.shuffledSubarray(values, { minLength: values.length, maxLength: values.length });
    fc.assert(
      fc.property(
        boxesArb.chain((boxes) => fc.tuple(fc.constant(boxes), shuffledArb(boxes))),
        itemsArb.chain((items) => fc.tuple(fc.constant(items), shuffledArb(items))),
        ([boxes, boxesShuffled], [items, itemsShuffled]) => {
          expect(chooseBox(boxesShuffled, itemsShuffled)).toEqual(chooseBox(boxes, items));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('packing, by eye', () => {
  it('puts 8 cubes of 100 mm into a 200 mm cube, one per corner, filling it', () => {
    const cubes = [item('CUBE', 100, 100, 100, 8)];
    const result = chooseBox([box('BIG', 300, 300, 300), box('CUBE-200', 200, 200, 200)], cubes);
    if (!result.ok) throw new Error(result.message);
    expect(result.value.box.code).toBe('CUBE-200');
    expect(result.value.fillRatio).toBe(1);
    const corners = result.value.placements.map((p) => `${p.xMm},${p.yMm},${p.zMm}`).sort();
    expect(corners).toEqual([
      '0,0,0',
      '0,0,100',
      '0,100,0',
      '0,100,100',
      '100,0,0',
      '100,0,100',
      '100,100,0',
      '100,100,100',
    ]);
    expect(result.value.why).toBe(
      'Box CUBE-200 (200×200×200 mm): the smallest of 2 that holds 8 items (1 kg of 30 kg).',
    );
  });

  it('refuses a 320 mm item in a 300 mm cube, whichever way it is turned', () => {
    const long = [item('LONG-1', 320, 50, 40)];
    expect(packInto(box('C300', 300, 300, 300), long)).toBeNull();
    const refused = failure(chooseBox([box('C300', 300, 300, 300)], long));
    expect(refused.code).toBe('no_box_fits');
    expect(refused.message).toBe('No box holds this item: C300 is too short for LONG-1 (320 mm long).');
  });

  it('turns a flat 300×200×10 item on its edge to fit a 10×300×200 box', () => {
    expect(packInto(box('SLOT', 10, 300, 200), [item('FLAT', 300, 200, 10)])).toEqual([
      { sku: 'FLAT', xMm: 0, yMm: 0, zMm: 0, lengthMm: 10, widthMm: 300, heightMm: 200 },
    ]);
  });

  it('passes over a box too weak for the weight, and says so', () => {
    const heavy = [item('IRON', 100, 100, 100, 2, 3_000)];
    const boxes = [
      box('S', 300, 300, 300, { maxWeightG: 5_000 }),
      box('M', 400, 400, 400, { maxWeightG: 20_000 }),
    ];
    expect(packInto(boxes[0]!, heavy)).toBeNull();
    const result = chooseBox(boxes, heavy);
    expect(result.ok && result.value.why).toBe(
      'Box M (400×400×400 mm): the smallest of 2 that holds 2 items (6.2 kg of 20 kg); ' +
        'S takes at most 5 kg and would weigh 6.2 kg.',
    );
  });

  it('says when items fit one by one but not together, or take more room than the box has', () => {
    const twoCubes = [item('CUBE-60', 60, 60, 60, 2)];
    const result = chooseBox([box('S', 100, 100, 100), box('M', 150, 100, 100)], twoCubes);
    expect(result.ok && result.value.why).toBe(
      'Box M (150×100×100 mm): the smallest of 2 that holds 2 items (400 g of 30 kg); ' +
        'the items do not fit together in S.',
    );
    const refused = failure(chooseBox([box('S', 100, 100, 100)], [item('BLOCK', 100, 100, 60, 2)]));
    expect(refused.message).toBe('No box holds these 2 items: the items take 1.2 L and S holds 1 L.');
    const wide = failure(chooseBox([box('S', 300, 100, 100)], [item('PLATE', 200, 200, 10)]));
    expect(wide.message).toBe(
      'No box holds this item: S cannot take PLATE (200×200×10 mm) whichever way it is turned.',
    );
  });

  it('breaks a tie in volume by the lower cost, then by code', () => {
    const small = [item('PEN', 10, 10, 100)];
    const cheap = chooseBox([box('B', 200, 100, 100, { costMinor: 90 }), box('A', 100, 200, 100)], small);
    expect(cheap.ok && cheap.value.box.code).toBe('B');
    const sameCost = chooseBox([box('B', 200, 100, 100), box('A', 100, 200, 100)], small);
    expect(sameCost.ok && sameCost.value.box.code).toBe('A');
  });

  it(`packs ${shipmentUnitsMax} units, and refuses one more without trying`, () => {
    const pallet = box('PALLET', 100, 100, 50, { maxWeightG: 1_000_000 });
    const dice = [item('DIE', 10, 10, 10, shipmentUnitsMax, 10)];
    const placements = packInto(pallet, dice);
    expect(placements && flaw(pallet, dice, placements)).toBeNull();
    expect(placements).toHaveLength(shipmentUnitsMax);
    const refused = failure(chooseBox([pallet], [...dice, item('ONE', 1, 1, 1)]));
    expect(refused.code).toBe('too_many_units');
    expect(refused.details).toEqual({ units: shipmentUnitsMax + 1, units_max: shipmentUnitsMax });
  });

  it('refuses when no box sizes are set up', () => {
    expect(failure(chooseBox([], [item('PEN', 10, 10, 100)])).message).toBe('No box sizes are set up.');
  });
});

describe('packing input is asserted', () => {
  const target = box('S', 100, 100, 100);

  it('treats a shipment with no items as a bug: there is nothing to pack', () => {
    expect(() => chooseBox([target], [])).toThrow(/no items/);
    expect(() => packInto(target, [])).toThrow(/no items/);
  });

  it.each([
    ['a zero length', [item('A', 0, 10, 10)], /length of A/],
    ['a fractional width', [item('A', 10, 10.5, 10)], /width of A/],
    ['a negative height', [item('A', 10, 10, -1)], /height of A/],
    ['a weight of NaN', [item('A', 10, 10, 10, 1, Number.NaN)], /weight of A/],
    ['a zero weight', [item('A', 10, 10, 10, 1, 0)], /weight of A/],
    ['a zero quantity', [item('A', 10, 10, 10, 0)], /quantity of A/],
    ['a fractional quantity', [item('A', 10, 10, 10, 1.5)], /quantity of A/],
    ['a SKU listed twice', [item('A', 10, 10, 10), item('A', 20, 20, 20)], /A is listed twice/],
    ['an empty SKU', [item('', 10, 10, 10)], /no SKU/],
  ] as const)('throws on %s', (_, items, message) => {
    expect(() => chooseBox([target], items)).toThrow(message);
    expect(() => packInto(target, items)).toThrow(message);
  });

  it.each([
    ['a zero inner length', box('X', 0, 10, 10), /inner length of box X/],
    ['a fractional inner height', box('X', 10, 10, 10.2), /inner height of box X/],
    ['a zero weight limit', box('X', 10, 10, 10, { maxWeightG: 0 }), /weight limit of box X/],
    ['a negative own weight', box('X', 10, 10, 10, { ownWeightG: -5 }), /weight of box X/],
    ['a fractional cost', box('X', 10, 10, 10, { costMinor: 1.5 }), /cost of box X/],
  ] as const)('throws on a box with %s', (_, broken, message) => {
    expect(() => chooseBox([target, broken], [item('A', 1, 1, 1)])).toThrow(message);
    expect(() => packInto(broken, [item('A', 1, 1, 1)])).toThrow(message);
  });
});
