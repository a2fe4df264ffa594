/**
 * The savings of choosing box and service, on the sample Colissimo card (2023 consumer prices incl.
 * VAT, FR_METRO) and a relay service priced lower: each order assessed, then the sums, the groups
 * counted apart and the default baseline service; and broken input refused.
 */
import { describe, expect, it } from 'vitest';
import type { CarrierService, LocalNow, RateBand } from './carrier-choice.js';
import type { Box, Item } from './packing.js';
import {
  assessOrder,
  largestBox,
  type OrderSavings,
  type SavingsQuestion,
  SavingsTally,
  shareBp,
} from './savings.js';

const zone = 'FR_METRO';
const card = (rows: readonly (readonly [number, number])[]): ReadonlyMap<string, readonly RateBand[]> =>
  new Map([[zone, rows.map(([maxWeightG, priceMinor]) => ({ maxWeightG, priceMinor }))]]);

/** rates.csv, Colissimo domicile_sans_signature 2023; limits.csv: 30 kg, 100 cm, L+l+h 150 cm. */
const colissimo: CarrierService = {
  carrier: 'Colissimo',
  code: 'domicile_sans_signature',
  bandsByZone: card([
    [250, 495],
    [500, 670],
    [750, 760],
    [1000, 825],
    [2000, 955],
    [5000, 1465],
    [10000, 2130],
    [15000, 2695],
    [30000, 3340],
  ]),
  maxWeightG: 30_000,
  maxLengthMm: 1_000,
  maxSizeMm: 1_500,
  sizeFormula: 'sum',
  transitDaysMin: 2,
  transitDaysMax: 2,
  cutoffMinutes: 15 * 60,
};

/** A relay service made up for the test: cheaper, but only up to 1 kg and a 300 mm side. */
const relay: CarrierService = {
  carrier: 'Relay',
  code: 'point',
  bandsByZone: card([[1000, 400]]),
  maxWeightG: 1_000,
  maxLengthMm: 300,
  maxSizeMm: null,
  sizeFormula: null,
  transitDaysMin: 3,
  transitDaysMax: 5,
  cutoffMinutes: 15 * 60,
};

const envelope: Box = {
  code: 'ENV',
  innerLengthMm: 260,
  innerWidthMm: 180,
  innerHeightMm: 40,
  maxWeightG: 1_000,
  ownWeightG: 30,
  costMinor: 35,
};
const boxM: Box = {
  code: 'BOX-M',
  innerLengthMm: 400,
  innerWidthMm: 300,
  innerHeightMm: 250,
  maxWeightG: 30_000,
  ownWeightG: 300,
  costMinor: 90,
};
const boxL: Box = {
  code: 'BOX-L',
  innerLengthMm: 600,
  innerWidthMm: 400,
  innerHeightMm: 400,
  maxWeightG: 40_000,
  ownWeightG: 700,
  costMinor: 180,
};

const book = (quantity = 1): Item => ({
  sku: 'BOOK',
  lengthMm: 240,
  widthMm: 170,
  heightMm: 30,
  weightG: 450,
  quantity,
});
const kettle: Item = {
  sku: 'KETTLE',
  lengthMm: 250,
  widthMm: 200,
  heightMm: 220,
  weightG: 1_400,
  quantity: 1,
};
const anvil: Item = {
  sku: 'ANVIL',
  lengthMm: 200,
  widthMm: 150,
  heightMm: 100,
  weightG: 29_500,
  quantity: 1,
};

const orderedAt: LocalNow = { localDate: '2024-06-12', localMinutes: 10 * 60 };

function question(items: readonly Item[], changes: Partial<SavingsQuestion> = {}): SavingsQuestion {
  return {
    items,
    zone,
    orderedAt,
    boxes: [envelope, boxM, boxL],
    services: [colissimo],
    currency: 'EUR',
    baselineBox: boxL,
    ...changes,
  };
}

describe('one order against the baseline', () => {
  it('puts a 450 g book in the envelope at the 500 g band; the large box’s own weight takes it to the 2 kg band', () => {
    expect(assessOrder(question([book()]))).toEqual({
      kind: 'shippable',
      // 450 + 30 g = 480 g: 6.70 EUR, and the envelope 0.35 EUR.
      smart: {
        boxCode: 'ENV',
        boxMinor: 35,
        serviceKey: 'Colissimo/domicile_sans_signature',
        serviceMinor: 670,
      },
      // 450 + 700 g = 1,150 g: 9.55 EUR, plus the box's 1.80 EUR.
      baselinePrices: new Map([['Colissimo/domicile_sans_signature', 955]]),
    });
  });

  it('prices every service that could carry the baseline parcel, and none that cannot', () => {
    const assessed = assessOrder(question([book()], { services: [colissimo, relay], baselineBox: boxM }));
    // The relay takes the envelope (480 g, 260 mm) at 4.00 EUR but not BOX-M (400 mm long), which
    // Colissimo takes at 450 + 300 g = 750 g: 7.60 EUR.
    expect(assessed).toMatchObject({
      smart: { boxCode: 'ENV', serviceKey: 'Relay/point', serviceMinor: 400 },
    });
    expect(assessed.kind === 'shippable' && [...assessed.baselinePrices]).toEqual([
      ['Colissimo/domicile_sans_signature', 760],
    ]);
  });

  it('has no baseline price when the baseline box cannot hold the items, or no service can carry it', () => {
    // The kettle does not fit in the envelope.
    expect(assessOrder(question([kettle], { baselineBox: envelope }))).toMatchObject({
      kind: 'shippable',
      baselinePrices: new Map(),
    });
    // 29,500 g: BOX-M weighs 29,800 g (33.40 EUR); BOX-L 30,200 g, past Colissimo's 30 kg.
    expect(assessOrder(question([anvil]))).toEqual({
      kind: 'shippable',
      smart: {
        boxCode: 'BOX-M',
        boxMinor: 90,
        serviceKey: 'Colissimo/domicile_sans_signature',
        serviceMinor: 3340,
      },
      baselinePrices: new Map(),
    });
  });

  it('tells when no box holds the order, or no service carries its parcel', () => {
    const pole: Item = { sku: 'POLE', lengthMm: 1_200, widthMm: 50, heightMm: 50, weightG: 900, quantity: 1 };
    expect(assessOrder(question([pole]))).toEqual({ kind: 'no_box' });
    expect(assessOrder(question([book()], { zone: 'US' }))).toEqual({ kind: 'no_service' });
  });
});

describe('the tally', () => {
  const offered = ['Colissimo/domicile_sans_signature', 'Relay/point'];
  const orders: OrderSavings[] = [
    assessOrder(question([book()])),
    assessOrder(question([kettle])),
    assessOrder(question([book(2)])),
    assessOrder(question([anvil])),
    { kind: 'unmeasured', skus: ['MUG'] },
    { kind: 'unmeasured', skus: ['MUG', 'TEE'] },
    { kind: 'no_box' },
    { kind: 'no_service' },
  ];

  it('sums the orders shipped both ways, by chosen service and box, and counts the others apart', () => {
    const tally = new SavingsTally(boxL, offered, 'Colissimo/domicile_sans_signature');
    for (const order of orders) tally.add(order);
    const totals = tally.totals();
    expect(totals).toMatchObject({
      baselineServiceKey: 'Colissimo/domicile_sans_signature',
      baselineServiceByDefault: false,
      ordersRead: 8,
      unmeasured: 2,
      unmeasuredSkus: [
        { sku: 'MUG', orders: 2 },
        { sku: 'TEE', orders: 1 },
      ],
      noBox: 1,
      noService: 1,
      baselineImpossible: 1,
    });
    // Book: 35 + 670 against 180 + 955. Kettle, BOX-M at 1,700 g: 90 + 955 against 2,100 g: 180 + 1,465.
    // Two books stack past the envelope's 40 mm: BOX-M at 1,200 g, 90 + 955 against 180 + 955.
    expect(totals.compared).toEqual({
      orders: 3,
      smart: { boxMinor: 35 + 90 + 90, shippingMinor: 670 + 955 + 955, totalMinor: 2_795 },
      baseline: { boxMinor: 3 * 180, shippingMinor: 955 + 1_465 + 955, totalMinor: 3_915 },
      savedMinor: 1_120,
      savedBp: 2_861,
    });
    expect(totals.byService.map((row) => [row.serviceKey, row.orders, row.savedMinor])).toEqual([
      ['Colissimo/domicile_sans_signature', 3, 1_120],
    ]);
    expect(
      totals.byBox.map((row) => [row.boxCode, row.orders, row.smart.totalMinor, row.savedMinor]),
    ).toEqual([
      ['BOX-M', 2, 2_090, 690],
      ['ENV', 1, 705, 430],
    ]);
  });

  it('takes by default the service that could carry the most orders in the baseline box', () => {
    const tally = new SavingsTally(boxM, offered, null);
    // The relay carries only parcels up to 300 mm: never BOX-M, so Colissimo carries the most.
    for (const order of [book(), kettle].map((item) =>
      assessOrder(question([item], { services: [colissimo, relay], baselineBox: boxM })),
    ))
      tally.add(order);
    expect(tally.totals()).toMatchObject({
      baselineServiceKey: 'Colissimo/domicile_sans_signature',
      baselineServiceByDefault: true,
      baselineImpossible: 0,
    });
    const small = new SavingsTally(envelope, offered, null);
    // In the envelope both could carry the book; the relay is cheaper.
    small.add(assessOrder(question([book()], { services: [colissimo, relay], baselineBox: envelope })));
    expect(small.totals()).toMatchObject({ baselineServiceKey: 'Relay/point', compared: { orders: 1 } });
  });

  it('with no order to compare, takes the first service offered by name, and sums nothing', () => {
    const tally = new SavingsTally(boxL, ['Relay/point', 'Colissimo/domicile_sans_signature'], null);
    tally.add({ kind: 'no_box' });
    expect(tally.totals()).toMatchObject({
      baselineServiceKey: 'Colissimo/domicile_sans_signature',
      ordersRead: 1,
      compared: { orders: 0, savedMinor: 0, savedBp: 0 },
      byService: [],
      byBox: [],
    });
  });

  it('refuses a baseline service that is not offered, or no service at all', () => {
    expect(() => new SavingsTally(boxL, offered, 'Nobody/nothing')).toThrow(/not offered/);
    expect(() => new SavingsTally(boxL, [], null)).toThrow(/no service/);
  });
});

describe('shares and sizes', () => {
  it('rounds a share in basis points half away from zero, exactly past 2^53', () => {
    expect(shareBp(1_120, 3_915)).toBe(2_861);
    expect(shareBp(1, 20_000)).toBe(1);
    expect(shareBp(-1, 20_000)).toBe(-1);
    expect(shareBp(-90, 1_000)).toBe(-900);
    expect(shareBp(5, 0)).toBe(0);
    expect(shareBp(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)).toBe(10_000);
  });

  it('finds the largest box by volume, then weight limit, then code', () => {
    expect(largestBox([envelope, boxL, boxM])?.code).toBe('BOX-L');
    expect(
      largestBox([
        { ...boxM, code: 'B' },
        { ...boxM, code: 'A' },
      ])?.code,
    ).toBe('A');
    expect(largestBox([boxM, { ...boxM, code: 'STRONG', maxWeightG: 35_000 }])?.code).toBe('STRONG');
    expect(largestBox([])).toBeUndefined();
  });

  it('refuses broken input as a bug', () => {
    expect(() => assessOrder(question([]))).toThrow(/no items/);
    expect(() => assessOrder(question([{ ...book(), weightG: 0 }]))).toThrow(/weight/);
  });
});
