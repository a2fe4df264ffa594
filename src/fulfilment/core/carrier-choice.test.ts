/**
 * The carrier choice on the sample cards of scenarios/carriers (2023 consumer prices incl.
 * VAT, zone FR_METRO), then its rules as properties over random services, parcels and promises.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CarrierChoice,
  type CarrierChoiceResult,
  type CarrierQuestion,
  type CarrierService,
  chooseService,
  departureDate,
  type LocalNow,
  type Parcel,
  parcelSizeMm,
  promisedDate,
  type RateBand,
  servicesMax,
} from './carrier-choice.js';
import { dateOfDayNumber, dayNumberOf } from './working-days.js';

const zone = 'FR_METRO';
const at = (hours: number, minutes = 0) => hours * 60 + minutes;
/** A card for FR_METRO from rates.csv rows: [max_weight_g, price in cents]. */
const card = (rows: readonly (readonly [number, number])[]): ReadonlyMap<string, readonly RateBand[]> =>
  new Map([[zone, rows.map(([maxWeightG, priceMinor]) => ({ maxWeightG, priceMinor }))]]);

/** The shop's carrier pick-up; not in the CSV. */
const cutoffMinutes = at(15);

/** rates.csv, Colissimo domicile_sans_signature 2023; limits.csv: 30 kg, 100 cm, L+l+h 150 cm, J+2. */
const colissimoHome: CarrierService = {
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
  cutoffMinutes,
};

/**
 * rates.csv, Colissimo point_retrait 2023 (priced to 5 kg); limits.csv (point_retrait_relais): 20 kg,
 * no size limit recorded, NO transit time: 3 to 5 days is ASSUMED here (Mondial Relay's relay figure),
 * so the pessimistic bound does not flatter it.
 */
const colissimoPickup: CarrierService = {
  carrier: 'Colissimo',
  code: 'point_retrait',
  bandsByZone: card([
    [250, 425],
    [500, 595],
    [750, 690],
    [1000, 755],
    [2000, 885],
    [5000, 1395],
  ]),
  maxWeightG: 20_000,
  maxLengthMm: null,
  maxSizeMm: null,
  sizeFormula: null,
  transitDaysMin: 3,
  transitDaysMax: 5,
  cutoffMinutes,
};

/** rates.csv, La Poste lettre_suivie 2023; limits.csv: 2 kg, 60 cm long, 3 cm thick, J+3. */
const lettreSuivie: CarrierService = {
  carrier: 'La Poste',
  code: 'lettre_suivie',
  bandsByZone: card([
    [20, 166],
    [100, 282],
    [250, 450],
    [500, 650],
    [1000, 775],
    [2000, 935],
  ]),
  maxWeightG: 2_000,
  maxLengthMm: 600,
  maxSizeMm: null,
  sizeFormula: null,
  maxThicknessMm: 30,
  transitDaysMin: 3,
  transitDaysMax: 3,
  cutoffMinutes,
};

/** limits.csv, Chronopost chrono_13: 30 kg, 150 cm, L+2h+2l 300 cm, next day; rates.csv has no price. */
const chrono13: CarrierService = {
  carrier: 'Chronopost',
  code: 'chrono_13',
  bandsByZone: new Map(),
  maxWeightG: 30_000,
  maxLengthMm: 1_500,
  maxSizeMm: 3_000,
  sizeFormula: 'girth',
  transitDaysMin: 1,
  transitDaysMax: 1,
  cutoffMinutes,
};

const shop = [colissimoHome, colissimoPickup, lettreSuivie, chrono13];
const mondayMorning: LocalNow = { localDate: '2026-11-30', localMinutes: at(10) };
const parcel = (weightG: number, lengthMm: number, widthMm: number, heightMm: number): Parcel => ({
  weightG,
  lengthMm,
  widthMm,
  heightMm,
});

function ask(more: Partial<CarrierQuestion> & Pick<CarrierQuestion, 'parcel'>): CarrierChoiceResult {
  return chooseService({
    services: shop,
    zone,
    now: mondayMorning,
    promise: null,
    currency: 'EUR',
    ...more,
  });
}

function chosen(result: CarrierChoiceResult): CarrierChoice {
  if (!result.ok) throw new Error(`expected a choice, got ${result.code}: ${result.message}`);
  return result.value;
}

const reasons = (choice: CarrierChoice) =>
  Object.fromEntries(choice.rejected.map((entry) => [entry.service.code, [entry.kind, entry.reason]]));

describe('the carrier for a parcel, on the sample cards', () => {
  it('sends 450 g in a 40 mm box with a promise five working days away at the cheapest, by relay', () => {
    const choice = chosen(
      ask({ parcel: parcel(450, 200, 150, 40), promise: { deliverByDate: '2026-12-07' } }),
    );
    expect(choice.service).toBe(colissimoPickup);
    expect(choice.priceMinor).toBe(595);
    expect(choice.promisedByDate).toBe('2026-12-07');
    expect(choice.why).toBe(
      'Colissimo point retrait, 5.95 EUR: the cheapest of 2 services that deliver by Mon 2026-12-07 ' +
        '(leaves today before 15:00, 3 to 5 working days, delivered by Mon 2026-12-07).',
    );
    expect(reasons(choice)).toEqual({
      domicile_sans_signature: ['dearer', 'costs 6.70 EUR, more than 5.95 EUR'],
      lettre_suivie: ['over_limit', '40 mm thick, over its 30 mm'],
      chrono_13: ['no_price', 'has no price card for FR_METRO'],
    });
  });

  it('pays for home delivery when the relay would be late, and says which cheaper ones were out', () => {
    const choice = chosen(
      ask({ parcel: parcel(450, 200, 150, 40), promise: { deliverByDate: '2026-12-03' } }),
    );
    expect(choice.service).toBe(colissimoHome);
    expect(choice.priceMinor).toBe(670);
    expect(choice.why).toBe(
      'Colissimo domicile sans signature, 6.70 EUR: the only service that delivers by Thu 2026-12-03 ' +
        '(leaves today before 15:00, 2 working days, delivered by Wed 2026-12-02); cheaper but out: ' +
        'Colissimo point retrait delivers by Mon 2026-12-07, after the promised Thu 2026-12-03; ' +
        'La Poste lettre suivie 40 mm thick, over its 30 mm.',
    );
  });

  it('sends a flat 1,450 g item as a tracked letter when it keeps the promise', () => {
    const choice = chosen(
      ask({ parcel: parcel(1_450, 300, 220, 25), promise: { deliverByDate: '2026-12-03' } }),
    );
    expect(choice.service).toBe(lettreSuivie);
    expect(choice.priceMinor).toBe(935);
    expect(reasons(choice).domicile_sans_signature).toEqual(['dearer', 'costs 9.55 EUR, more than 9.35 EUR']);
    expect(reasons(choice).point_retrait?.[0]).toBe('late');
  });

  it('takes the cheapest that can carry the parcel when no date was promised', () => {
    const choice = chosen(ask({ parcel: parcel(450, 200, 150, 40), promise: null }));
    expect(choice.service).toBe(colissimoPickup);
    expect(choice.why).toMatch(
      /^Colissimo point retrait, 5\.95 EUR: the cheapest of 2 services that can carry it /,
    );
  });

  it('refuses a next-day promise for 0.9 kg: only Chronopost is that fast, and it has no price card', () => {
    const result = ask({ parcel: parcel(900, 300, 200, 100), promise: { deliverByDate: '2026-12-01' } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe('no_service_keeps_promise');
    expect(result.message).toBe(
      'No service delivers by Tue 2026-12-01: the fastest, Colissimo domicile sans signature at 8.25 EUR, ' +
        'delivers by Wed 2026-12-02. Chronopost chrono 13 would, but has no price card for FR_METRO.',
    );
    expect(result.details?.fastest).toEqual({
      carrier: 'Colissimo',
      code: 'domicile_sans_signature',
      price_minor: 825,
      promised_by_date: '2026-12-02',
    });
  });

  it('chooses Chronopost for the next-day promise once it has a card (this card is invented: none was found)', () => {
    const priced = { ...chrono13, bandsByZone: card([[1_000, 1_990]]) };
    const choice = chosen(
      ask({
        services: [colissimoHome, priced],
        parcel: parcel(900, 300, 200, 100),
        promise: { deliverByDate: '2026-12-01' },
      }),
    );
    expect(choice.service).toBe(priced);
    expect(choice.why).toContain('the only service that delivers by Tue 2026-12-01');
  });

  it('refuses Colissimo a 120 cm parcel, with the reason; the relay, with no size limit on record, takes it', () => {
    const choice = chosen(ask({ parcel: parcel(3_000, 1_200, 300, 100) }));
    expect(reasons(choice)).toEqual({
      domicile_sans_signature: ['over_limit', 'longest side 1,200 mm, over its 1,000 mm'],
      lettre_suivie: ['over_limit', 'weighs 3,000 g, over its 2,000 g'],
      chrono_13: ['no_price', 'has no price card for FR_METRO'],
    });
    // limits.csv records no size limit for Colissimo pick-up (garbled in the source), so the data,
    // not the rule, lets a 120 cm parcel go to a relay point: the caller should fill that limit in.
    expect(choice.service).toBe(colissimoPickup);
  });

  it('fails with every reason when no service can carry the parcel', () => {
    const result = ask({ parcel: parcel(12_000, 1_200, 300, 100) });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe('no_service_fits');
    expect(result.message).toBe(
      'No service can carry a 12,000 g parcel of 1200×300×100 mm to FR_METRO: ' +
        'Colissimo domicile sans signature longest side 1,200 mm, over its 1,000 mm; ' +
        'Colissimo point retrait has no FR_METRO price past 5,000 g; ' +
        'La Poste lettre suivie weighs 12,000 g, over its 2,000 g; ' +
        'Chronopost chrono 13 has no price card for FR_METRO.',
    );
  });

  it('fails the same way for a zone no card covers, and when nothing is offered', () => {
    const abroad = ask({ parcel: parcel(450, 200, 150, 40), zone: 'DE' });
    expect(abroad.ok ? 'ok' : abroad.code).toBe('no_service_fits');
    const none = ask({ parcel: parcel(450, 200, 150, 40), services: [] });
    expect(none.ok ? 'ok' : none.message).toBe(
      'No service can carry a 450 g parcel of 200×150×40 mm to FR_METRO: none is offered.',
    );
  });

  it("measures Chronopost's size as length plus girth, not as the sum of the sides", () => {
    const wide = parcel(10_000, 1_200, 500, 450);
    expect(parcelSizeMm(wide, 'sum')).toBe(2_150);
    expect(parcelSizeMm(wide, 'girth')).toBe(3_100);
    // At 10 kg and 120 cm nothing on the sample cards fits: the refusal lists Chronopost's reason.
    const tooWide = ask({ parcel: wide });
    expect(tooWide.ok ? 'ok' : tooWide.message).toContain(
      'Chronopost chrono 13 L+2h+2l 3,100 mm, over its 3,000 mm',
    );
    const narrower = ask({ parcel: parcel(10_000, 1_200, 450, 400) });
    expect(narrower.ok ? 'ok' : narrower.message).toContain(
      'Chronopost chrono 13 has no price card for FR_METRO',
    );
  });

  it('breaks a tie on price by the earlier delivery, then fewer transit days, then carrier and code', () => {
    const base = { ...colissimoHome, bandsByZone: card([[30_000, 500]]) };
    const slow = { ...base, code: 'a_slow', transitDaysMin: 3, transitDaysMax: 3 };
    const fast = { ...base, code: 'b_fast' };
    const twin = { ...base, code: 'c_twin' };
    const choice = chosen(ask({ services: [twin, slow, fast], parcel: parcel(450, 200, 150, 40) }));
    expect(choice.service).toBe(fast);
    expect(reasons(choice)).toEqual({
      c_twin: ['dearer', 'costs the same 5.00 EUR but comes after it in carrier and service order'],
      a_slow: ['dearer', 'costs the same 5.00 EUR but delivers later, by Thu 2026-12-03'],
    });
  });
});

describe('the cut-off and the working days', () => {
  const friday = (localMinutes: number): LocalNow => ({ localDate: '2026-11-27', localMinutes });

  it('promises Tuesday before the Friday cut-off, Wednesday after it', () => {
    expect(promisedDate(colissimoHome, friday(at(14, 59)))).toBe('2026-12-01');
    expect(promisedDate(colissimoHome, friday(at(15, 0)))).toBe('2026-12-02');
    expect(promisedDate(colissimoHome, friday(at(15, 1)))).toBe('2026-12-02');
    expect(departureDate(colissimoHome, friday(at(15, 1)))).toBe('2026-11-30');
  });

  it('pushes the promise a day for a holiday in between (Easter Monday 2026)', () => {
    const easter = new Set(['2026-04-06']);
    const goodFriday = (localMinutes: number): LocalNow => ({ localDate: '2026-04-03', localMinutes });
    expect(promisedDate(colissimoHome, goodFriday(at(14, 59)), easter)).toBe('2026-04-08');
    expect(promisedDate(colissimoHome, goodFriday(at(15, 1)), easter)).toBe('2026-04-09');
  });

  it('sends nothing on a weekend or a holiday, and the why says so', () => {
    const saturday = { localDate: '2026-11-28', localMinutes: at(9) };
    expect(departureDate(colissimoHome, saturday)).toBe('2026-11-30');
    const holidays = new Set(['2026-05-01']);
    const thursdayEvening = { localDate: '2026-04-30', localMinutes: at(16) };
    const afterCutoff = chosen(
      ask({ services: [colissimoHome], parcel: parcel(450, 200, 150, 40), now: thursdayEvening, holidays }),
    );
    expect(afterCutoff.leavesOnDate).toBe('2026-05-04');
    expect(afterCutoff.promisedByDate).toBe('2026-05-06');
    expect(afterCutoff.why).toContain("leaves Mon 2026-05-04, past today's 15:00 cut-off");
    const onHoliday = chosen(
      ask({
        services: [colissimoHome],
        parcel: parcel(450, 200, 150, 40),
        now: { localDate: '2026-05-01', localMinutes: at(9) },
        holidays,
      }),
    );
    expect(onHoliday.why).toContain('leaves Mon 2026-05-04, today being closed');
  });
});

describe('broken input is a bug, thrown', () => {
  const good = { parcel: parcel(450, 200, 150, 40) };

  it.each([
    ['a fractional weight', { parcel: parcel(1.5, 200, 150, 40) }, /weight in g is 1.5/],
    ['a negative weight', { parcel: parcel(-1, 200, 150, 40) }, /weight in g is -1/],
    ['a zero weight (a missing measurement)', { parcel: parcel(0, 200, 150, 40) }, /weight in g is 0/],
    ['a fractional side', { parcel: parcel(450, 200.5, 150, 40) }, /length in mm/],
    ['a side in micrometres', { parcel: parcel(450, 200_000, 150, 40) }, /over 100000/],
    ['an impossible date', { ...good, now: { localDate: '2026-02-30', localMinutes: 0 } }, /civil date/],
    ['minutes past the day', { ...good, now: { localDate: '2026-11-30', localMinutes: 1440 } }, /0 to 1439/],
    ['a malformed promise', { ...good, promise: { deliverByDate: '2026-12-4' } }, /civil date/],
    ['a malformed holiday', { ...good, holidays: new Set(['2026-12-25 ']) }, /civil date/],
    ['a currency in lower case', { ...good, currency: 'eur' }, /ISO 4217/],
    ['a service offered twice', { ...good, services: [lettreSuivie, lettreSuivie] }, /offered twice/],
  ] as const)('refuses %s', (_name, more, message) => {
    expect(() => ask(more as Partial<CarrierQuestion> & Pick<CarrierQuestion, 'parcel'>)).toThrow(message);
  });

  it.each([
    [
      'unsorted bands',
      {
        bandsByZone: card([
          [500, 670],
          [250, 495],
        ]),
      },
      /not sorted by weight/,
    ],
    [
      'two bands at one weight',
      {
        bandsByZone: card([
          [250, 495],
          [250, 670],
        ]),
      },
      /not sorted by weight/,
    ],
    ['a card with no band', { bandsByZone: new Map([[zone, []]]) }, /no band/],
    ['a fractional price', { bandsByZone: card([[250, 4.95]]) }, /not a safe integer/],
    ['a negative price', { bandsByZone: card([[250, -495]]) }, /price of .* is -495/],
    ['a size limit without its formula', { sizeFormula: null }, /without its formula/],
    ['a transit range upside down', { transitDaysMin: 3, transitDaysMax: 2 }, /longest transit/],
    ['a cut-off past midnight', { cutoffMinutes: 1441 }, /cut-off/],
  ] as const)('refuses a service with %s', (_name, change, message) => {
    const broken = { ...colissimoHome, ...change } as CarrierService;
    expect(() => ask({ ...good, services: [broken] })).toThrow(message);
  });

  it('refuses more services than its maximum', () => {
    const many = Array.from({ length: servicesMax + 1 }, (_, index) => ({
      ...lettreSuivie,
      code: `s${index}`,
    }));
    expect(() => ask({ ...good, services: many })).toThrow(/over 100/);
  });
});

// ---------------------------------------------------------------- properties

/** A second opinion on the limits, written from the rules rather than from the module. */
function fitsOracle(service: CarrierService, box: Parcel): boolean {
  const [longest, middle, shortest] = [box.lengthMm, box.widthMm, box.heightMm].sort((a, b) => b - a) as [
    number,
    number,
    number,
  ];
  const size =
    service.sizeFormula === 'girth'
      ? longest + 2 * middle + 2 * shortest
      : service.sizeFormula === 'sum'
        ? longest + middle + shortest
        : 0;
  return (
    box.weightG <= service.maxWeightG &&
    (service.maxLengthMm === null || longest <= service.maxLengthMm) &&
    (service.maxThicknessMm == null || shortest <= service.maxThicknessMm) &&
    (service.maxSizeMm === null || size <= service.maxSizeMm)
  );
}

function priceOracle(service: CarrierService, weightG: number): number | null {
  return service.bandsByZone.get('Z')?.find((band) => band.maxWeightG >= weightG)?.priceMinor ?? null;
}

/** A second opinion on the promised date: a walk day by day with Date.parse. */
function promisedOracle(service: CarrierService, now: LocalNow, holidays: ReadonlySet<string>): string {
  const dayMs = 86_400_000;
  const open = (ms: number) => {
    const date = new Date(ms);
    return date.getUTCDay() % 6 !== 0 && !holidays.has(date.toISOString().slice(0, 10));
  };
  const nextOpen = (ms: number) => {
    let next = ms + dayMs;
    while (!open(next)) next += dayMs;
    return next;
  };
  let ms = Date.parse(`${now.localDate}T00:00:00Z`);
  if (!(open(ms) && now.localMinutes < service.cutoffMinutes)) ms = nextOpen(ms);
  for (let day = 0; day < service.transitDaysMax; day += 1) ms = nextOpen(ms);
  return new Date(ms).toISOString().slice(0, 10);
}

const dayOf2026 = fc.integer({ min: dayNumberOf('2026-01-01'), max: dayNumberOf('2026-12-31') });

const bands = fc
  .uniqueArray(fc.integer({ min: 1, max: 40_000 }), { minLength: 1, maxLength: 6 })
  .chain((weights) =>
    fc
      .array(fc.integer({ min: 0, max: 5_000 }), { minLength: weights.length, maxLength: weights.length })
      .map((prices) =>
        [...weights]
          .sort((a, b) => a - b)
          .map((maxWeightG, index) => ({ maxWeightG, priceMinor: prices[index]! })),
      ),
  );

const serviceShape = fc.record({
  carrier: fc.constantFrom('Alpha', 'Beta'),
  zoneBands: fc.option(bands, { nil: null }),
  maxWeightG: fc.integer({ min: 1, max: 40_000 }),
  maxLengthMm: fc.option(fc.integer({ min: 1, max: 2_000 }), { nil: null }),
  size: fc.option(
    fc.record({ maxSizeMm: fc.integer({ min: 1, max: 4_000 }), formula: fc.constantFrom('sum', 'girth') }),
    {
      nil: null,
    },
  ),
  maxThicknessMm: fc.option(fc.integer({ min: 1, max: 400 }), { nil: undefined }),
  transitDaysMin: fc.integer({ min: 0, max: 4 }),
  transitExtraDays: fc.integer({ min: 0, max: 4 }),
  cutoffMinutes: fc.integer({ min: 0, max: 1_440 }),
});

const question = fc
  .record({
    shapes: fc.array(serviceShape, { maxLength: 6 }),
    parcel: fc.record({
      // Parcels smaller than most limits, so that the choice, not only the refusal, is exercised.
      weightG: fc.integer({ min: 1, max: 8_000 }),
      lengthMm: fc.integer({ min: 1, max: 900 }),
      widthMm: fc.integer({ min: 1, max: 600 }),
      heightMm: fc.integer({ min: 1, max: 400 }),
    }),
    today: dayOf2026,
    localMinutes: fc.integer({ min: 0, max: 1_439 }),
    promiseOffsetDays: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }),
    holidayOffsets: fc.uniqueArray(fc.integer({ min: 0, max: 30 }), { maxLength: 6 }),
  })
  .map(
    ({ shapes, parcel: box, today, localMinutes, promiseOffsetDays, holidayOffsets }): CarrierQuestion => ({
      services: shapes.map(
        (shape, index): CarrierService => ({
          carrier: shape.carrier,
          code: `s${index}`,
          bandsByZone: shape.zoneBands === null ? new Map() : new Map([['Z', shape.zoneBands]]),
          maxWeightG: shape.maxWeightG,
          maxLengthMm: shape.maxLengthMm,
          maxSizeMm: shape.size?.maxSizeMm ?? null,
          sizeFormula: shape.size?.formula ?? null,
          maxThicknessMm: shape.maxThicknessMm,
          transitDaysMin: shape.transitDaysMin,
          transitDaysMax: shape.transitDaysMin + shape.transitExtraDays,
          cutoffMinutes: shape.cutoffMinutes,
        }),
      ),
      parcel: box,
      zone: 'Z',
      now: { localDate: dateOfDayNumber(today), localMinutes },
      promise:
        promiseOffsetDays === null ? null : { deliverByDate: dateOfDayNumber(today + promiseOffsetDays) },
      currency: 'EUR',
      holidays: new Set(holidayOffsets.map((offset) => dateOfDayNumber(today + offset))),
    }),
  );

/** The services that can carry the parcel, have a price, and (with a promise) keep it, per the oracles. */
function keepingOracle(q: CarrierQuestion) {
  const holidays = q.holidays ?? new Set<string>();
  const able = q.services.filter(
    (service) => fitsOracle(service, q.parcel) && priceOracle(service, q.parcel.weightG) !== null,
  );
  const keeping = able.filter(
    (service) => q.promise === null || promisedOracle(service, q.now, holidays) <= q.promise.deliverByDate,
  );
  return { able, keeping };
}

describe('carrier choice properties', () => {
  it('never chooses a service over a limit or without a price, and charges its band', () => {
    fc.assert(
      fc.property(question, (q) => {
        const result = chooseService(q);
        if (!result.ok) return;
        expect(fitsOracle(result.value.service, q.parcel)).toBe(true);
        expect(result.value.priceMinor).toBe(priceOracle(result.value.service, q.parcel.weightG));
      }),
      { numRuns: 300 },
    );
  });

  it('never promises a date after the promise, and promises what the calendar gives', () => {
    fc.assert(
      fc.property(question, (q) => {
        const result = chooseService(q);
        if (!result.ok) return;
        const expected = promisedOracle(result.value.service, q.now, q.holidays ?? new Set());
        expect(result.value.promisedByDate).toBe(expected);
        if (q.promise !== null) expect(result.value.promisedByDate <= q.promise.deliverByDate).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves no cheaper service that could carry the parcel and keep the promise', () => {
    fc.assert(
      fc.property(question, (q) => {
        const result = chooseService(q);
        const { able, keeping } = keepingOracle(q);
        if (!result.ok) {
          expect(result.code).toBe(able.length === 0 ? 'no_service_fits' : 'no_service_keeps_promise');
          expect(keeping).toEqual([]);
          return;
        }
        for (const service of keeping) {
          expect(priceOracle(service, q.parcel.weightG)!).toBeGreaterThanOrEqual(result.value.priceMinor);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('accounts for every other service once, with a reason', () => {
    fc.assert(
      fc.property(question, (q) => {
        const result = chooseService(q);
        if (!result.ok) return;
        const others = result.value.rejected.map((entry) => entry.service);
        expect(new Set([result.value.service, ...others]).size).toBe(q.services.length);
        for (const entry of result.value.rejected) {
          expect(entry.reason).not.toBe('');
          expect(entry.kind === 'over_limit').toBe(!fitsOracle(entry.service, q.parcel));
        }
      }),
      { numRuns: 300 },
    );
  });
});
