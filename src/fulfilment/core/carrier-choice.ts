/**
 * The carrier service one parcel ships with, pure: among the services a shop offers (plain data:
 * limits, transit times, a cut-off and a price card per zone), the cheapest that can carry the parcel
 * to its zone and, when checkout showed a delivery date, still delivers by it on the pessimistic
 * transit bound. The answer says why in one sentence, and why each other service was passed over.
 */
import { type Failure, fail, ok, type Result } from '../../platform/core/errors.js';
import { assertAmountMinor, isCurrencyCode } from '../../platform/core/money.js';
import {
  addWorkingDays,
  dayNumberOf,
  formatDay,
  isWorkingDay,
  nextWorkingDay,
  workingDaysToAddMax,
} from './working-days.js';

/** A shop offers a handful of services; 100 covers a marketplace hub and keeps the answer readable. */
export const servicesMax = 100;

/**
 * 100 m: no parcel carrier takes a side past 3 m, so a larger figure is a unit mistake (µm for mm);
 * it also keeps L + 2h + 2l an exact integer.
 */
export const parcelSideMmMax = 100_000;

/** Cheaper services the `why` names as passed over; the rest are in `rejected`. */
export const whyCheaperNamedMax = 3;

const minutesPerDay = 24 * 60;

/** One weight band of a price card: a parcel of weight w uses the first band with `maxWeightG >= w`. */
export interface RateBand {
  readonly maxWeightG: number;
  readonly priceMinor: number;
}

/** `sum`: L + l + h; `girth`: L + 2h + 2l, the longest side plus twice the two others (Chronopost). */
export type SizeFormula = 'sum' | 'girth';

export interface CarrierService {
  /** e.g. `Colissimo`. */
  readonly carrier: string;
  /** e.g. `domicile_sans_signature`; carrier and code name a service once. */
  readonly code: string;
  /**
   * Zone → bands sorted by `maxWeightG`, the card in force at the shipping date (choosing it by its
   * valid-from date is the caller's job). A zone absent here cannot be priced, so not chosen.
   */
  readonly bandsByZone: ReadonlyMap<string, readonly RateBand[]>;
  readonly maxWeightG: number;
  /** The longest side; null: no limit known. */
  readonly maxLengthMm: number | null;
  /** What `sizeFormula` may reach; both null, or both set. */
  readonly maxSizeMm: number | null;
  readonly sizeFormula: SizeFormula | null;
  /** The smallest side, for letter services (Lettre suivie: 30 mm). */
  readonly maxThicknessMm?: number | null;
  /** Working days from departure; `3-5` on a card gives 3 and 5. */
  readonly transitDaysMin: number;
  readonly transitDaysMax: number;
  /** Local minutes since midnight from which a parcel leaves the next working day (15:00 = 900). */
  readonly cutoffMinutes: number;
}

export interface Parcel {
  readonly weightG: number;
  readonly lengthMm: number;
  readonly widthMm: number;
  readonly heightMm: number;
}

/** The latest delivery date checkout showed the customer, a local civil date. */
export interface DeliveryPromise {
  readonly deliverByDate: string;
}

/** The present in the shop's time zone; the caller converts the instant (with luxon, outside the core). */
export interface LocalNow {
  /** `YYYY-MM-DD`. */
  readonly localDate: string;
  /** Minutes since local midnight, 0 to 1439. */
  readonly localMinutes: number;
}

export interface CarrierQuestion {
  readonly services: readonly CarrierService[];
  readonly parcel: Parcel;
  readonly zone: string;
  readonly now: LocalNow;
  /** null: no date was shown, so the cheapest service able to carry the parcel wins. */
  readonly promise: DeliveryPromise | null;
  /** The currency of every price card, for the `why`. */
  readonly currency: string;
  /** Closed days besides weekends, `YYYY-MM-DD`. */
  readonly holidays?: ReadonlySet<string>;
}

/**
 * Why a service was not chosen: over one of its limits, no price for this zone or weight, delivering
 * after the promise, or simply dearer than the one chosen (or as dear, and losing the tie).
 */
export type RejectionKind = 'over_limit' | 'no_price' | 'late' | 'dearer';

export interface Rejection {
  readonly service: CarrierService;
  readonly kind: RejectionKind;
  /** A clause to follow the service's name: `longest side 1,200 mm, over its 1,000 mm`. */
  readonly reason: string;
  /** Its price for this parcel and zone; null when its card has none. */
  readonly priceMinor: number | null;
  /** The day it would deliver at the latest, had it been chosen. */
  readonly promisedByDate: string;
}

export interface CarrierChoice {
  readonly service: CarrierService;
  readonly priceMinor: number;
  readonly currency: string;
  /** The day the parcel leaves: today before the cut-off on a working day, else the next working day. */
  readonly leavesOnDate: string;
  /** The day it delivers at the latest, counted with `transitDaysMax`. */
  readonly promisedByDate: string;
  /** One sentence for a warehouse lead. */
  readonly why: string;
  /** Every other service offered, in the order given, with its reason. */
  readonly rejected: readonly Rejection[];
}

/** A service chosen, or why none is: `no_service_fits` or `no_service_keeps_promise`. */
export type CarrierChoiceResult = Result<CarrierChoice>;

const noHolidays: ReadonlySet<string> = new Set();

// ---------------------------------------------------------------- dates

/** The day a parcel leaves: today if it is a working day and the cut-off has not passed, else the next working day. */
export function departureDate(
  service: Pick<CarrierService, 'cutoffMinutes'>,
  now: LocalNow,
  holidays: ReadonlySet<string> = noHolidays,
): string {
  assertNow(now);
  assertCutoff(service.cutoffMinutes, 'a service');
  return isWorkingDay(now.localDate, holidays) && now.localMinutes < service.cutoffMinutes
    ? now.localDate
    : nextWorkingDay(now.localDate, holidays);
}

/** The day a service delivers at the latest: its departure plus `transitDaysMax` working days. */
export function promisedDate(
  service: Pick<CarrierService, 'cutoffMinutes' | 'transitDaysMax'>,
  now: LocalNow,
  holidays: ReadonlySet<string> = noHolidays,
): string {
  return addWorkingDays(departureDate(service, now, holidays), service.transitDaysMax, holidays);
}

// ---------------------------------------------------------------- sizes and prices

function sidesDescending(parcel: Parcel): [number, number, number] {
  const [longest, middle, shortest] = [parcel.lengthMm, parcel.widthMm, parcel.heightMm].sort(
    (a, b) => b - a,
  );
  return [longest!, middle!, shortest!];
}

/** The figure a size formula limits: L + l + h, or the longest side plus twice the two others. */
export function parcelSizeMm(parcel: Parcel, formula: SizeFormula): number {
  const [longest, middle, shortest] = sidesDescending(parcel);
  return formula === 'sum' ? longest + middle + shortest : longest + 2 * (middle + shortest);
}

const formulaLabels: Record<SizeFormula, string> = { sum: 'L+l+h', girth: 'L+2h+2l' };

/** The first limit of `service` the parcel breaks, as a clause; null when it fits. */
function limitBroken(service: CarrierService, parcel: Parcel): string | null {
  const [longest, , shortest] = sidesDescending(parcel);
  if (parcel.weightG > service.maxWeightG)
    return `weighs ${grams(parcel.weightG)}, over its ${grams(service.maxWeightG)}`;
  if (service.maxLengthMm !== null && longest > service.maxLengthMm)
    return `longest side ${millimetres(longest)}, over its ${millimetres(service.maxLengthMm)}`;
  const maxThicknessMm = service.maxThicknessMm ?? null;
  if (maxThicknessMm !== null && shortest > maxThicknessMm)
    return `${millimetres(shortest)} thick, over its ${millimetres(maxThicknessMm)}`;
  if (service.maxSizeMm !== null && service.sizeFormula !== null) {
    const sizeMm = parcelSizeMm(parcel, service.sizeFormula);
    if (sizeMm > service.maxSizeMm)
      return `${formulaLabels[service.sizeFormula]} ${millimetres(sizeMm)}, over its ${millimetres(service.maxSizeMm)}`;
  }
  return null;
}

/** The price of a parcel of `weightG` to `zone`, or the clause saying why the card has none. */
function priceFor(
  service: CarrierService,
  zone: string,
  weightG: number,
): { readonly priceMinor: number } | { readonly problem: string } {
  const bands = service.bandsByZone.get(zone);
  if (bands === undefined) return { problem: `has no price card for ${zone}` };
  const band = bands.find((candidate) => candidate.maxWeightG >= weightG);
  if (band === undefined) {
    return { problem: `has no ${zone} price past ${grams(bands[bands.length - 1]!.maxWeightG)}` };
  }
  return { priceMinor: band.priceMinor };
}

// ---------------------------------------------------------------- the choice

interface Assessment {
  readonly service: CarrierService;
  readonly limitProblem: string | null;
  readonly priceMinor: number | null;
  readonly priceProblem: string | null;
  readonly leavesOnDate: string;
  readonly promisedByDate: string;
  readonly promisedByDay: number;
}

function assess(
  question: CarrierQuestion,
  service: CarrierService,
  holidays: ReadonlySet<string>,
): Assessment {
  const price = priceFor(service, question.zone, question.parcel.weightG);
  const leavesOnDate = departureDate(service, question.now, holidays);
  const promisedByDate = addWorkingDays(leavesOnDate, service.transitDaysMax, holidays);
  return {
    service,
    limitProblem: limitBroken(service, question.parcel),
    priceMinor: 'priceMinor' in price ? price.priceMinor : null,
    priceProblem: 'problem' in price ? price.problem : null,
    leavesOnDate,
    promisedByDate,
    promisedByDay: dayNumberOf(promisedByDate),
  };
}

/** Carrier then code, by code unit: the same order on every machine, whatever its locale. */
function byName(a: CarrierService, b: CarrierService): number {
  if (a.carrier !== b.carrier) return a.carrier < b.carrier ? -1 : 1;
  if (a.code !== b.code) return a.code < b.code ? -1 : 1;
  return 0;
}

/** Cheapest first; at one price the earlier delivery, then fewer transit days, then by name. */
function byPriceThenSpeed(a: Assessment, b: Assessment): number {
  return (
    a.priceMinor! - b.priceMinor! ||
    a.promisedByDay - b.promisedByDay ||
    a.service.transitDaysMax - b.service.transitDaysMax ||
    byName(a.service, b.service)
  );
}

/** Earliest delivery first; at one date the cheaper, then by name. */
function bySpeedThenPrice(a: Assessment, b: Assessment): number {
  return a.promisedByDay - b.promisedByDay || a.priceMinor! - b.priceMinor! || byName(a.service, b.service);
}

/**
 * Chooses the service for one parcel: out when over its weight, longest side, thickness or size
 * limit, when its card has no price for the zone and weight, or (with a promise) when it delivers
 * after the promised date counting its longest transit; the cheapest of the rest wins.
 */
export function chooseService(question: CarrierQuestion): CarrierChoiceResult {
  assertQuestion(question);
  const holidays = question.holidays ?? noHolidays;
  const { promise, currency } = question;
  const assessed = question.services.map((service) => assess(question, service, holidays));
  const able = assessed.filter((entry) => entry.limitProblem === null && entry.priceMinor !== null);
  if (able.length === 0) return noServiceFits(question, assessed);

  const promiseDay = promise === null ? null : dayNumberOf(promise.deliverByDate);
  const keeping = able.filter((entry) => promiseDay === null || entry.promisedByDay <= promiseDay);
  if (keeping.length === 0) return noServiceKeepsPromise(question, assessed, able, promise!);

  const chosen = [...keeping].sort(byPriceThenSpeed)[0]!;
  const rejected = assessed
    .filter((entry) => entry !== chosen)
    .map((entry) => rejection(entry, chosen, promise, currency));
  return ok({
    service: chosen.service,
    priceMinor: chosen.priceMinor!,
    currency,
    leavesOnDate: chosen.leavesOnDate,
    promisedByDate: chosen.promisedByDate,
    why: why(question, chosen, keeping.length, rejected),
    rejected,
  });
}

function rejection(
  entry: Assessment,
  chosen: Assessment,
  promise: DeliveryPromise | null,
  currency: string,
): Rejection {
  const base = { service: entry.service, priceMinor: entry.priceMinor, promisedByDate: entry.promisedByDate };
  if (entry.limitProblem !== null) return { ...base, kind: 'over_limit', reason: entry.limitProblem };
  if (entry.priceProblem !== null) return { ...base, kind: 'no_price', reason: entry.priceProblem };
  if (promise !== null && entry.promisedByDay > dayNumberOf(promise.deliverByDate)) {
    return {
      ...base,
      kind: 'late',
      reason: `delivers by ${formatDay(entry.promisedByDate)}, after the promised ${formatDay(promise.deliverByDate)}`,
    };
  }
  const priceMinor = entry.priceMinor!;
  if (priceMinor > chosen.priceMinor!) {
    return {
      ...base,
      kind: 'dearer',
      reason: `costs ${formatMoney(priceMinor, currency)}, more than ${formatMoney(chosen.priceMinor!, currency)}`,
    };
  }
  const tieLost =
    entry.promisedByDay > chosen.promisedByDay
      ? `delivers later, by ${formatDay(entry.promisedByDate)}`
      : entry.service.transitDaysMax > chosen.service.transitDaysMax
        ? `takes up to ${workingDays(entry.service.transitDaysMax)}`
        : 'comes after it in carrier and service order';
  return {
    ...base,
    kind: 'dearer',
    reason: `costs the same ${formatMoney(priceMinor, currency)} but ${tieLost}`,
  };
}

function why(
  question: CarrierQuestion,
  chosen: Assessment,
  keepingCount: number,
  rejected: readonly Rejection[],
): string {
  const { promise, currency } = question;
  const among =
    promise === null
      ? keepingCount === 1
        ? 'the only service that can carry it'
        : `the cheapest of ${keepingCount} services that can carry it`
      : keepingCount === 1
        ? `the only service that delivers by ${formatDay(promise.deliverByDate)}`
        : `the cheapest of ${keepingCount} services that deliver by ${formatDay(promise.deliverByDate)}`;
  const timing = `${leaving(question, chosen)}, ${transit(chosen.service)}, delivered by ${formatDay(chosen.promisedByDate)}`;
  const cheaper = rejected.filter(
    (entry) => entry.priceMinor !== null && entry.priceMinor < chosen.priceMinor!,
  );
  const named = cheaper
    .slice(0, whyCheaperNamedMax)
    .map((entry) => `${serviceName(entry.service)} ${entry.reason}`);
  if (cheaper.length > whyCheaperNamedMax) named.push(`${cheaper.length - whyCheaperNamedMax} more`);
  const passedOver = named.length === 0 ? '' : `; cheaper but out: ${named.join('; ')}`;
  return `${serviceName(chosen.service)}, ${formatMoney(chosen.priceMinor!, currency)}: ${among} (${timing})${passedOver}.`;
}

function leaving(question: CarrierQuestion, entry: Assessment): string {
  const { now } = question;
  const cutoff = clock(entry.service.cutoffMinutes);
  if (entry.leavesOnDate === now.localDate) return `leaves today before ${cutoff}`;
  const closedToday = !isWorkingDay(now.localDate, question.holidays ?? noHolidays);
  return `leaves ${formatDay(entry.leavesOnDate)}, ${closedToday ? 'today being closed' : `past today's ${cutoff} cut-off`}`;
}

function noServiceFits(question: CarrierQuestion, assessed: readonly Assessment[]): Failure {
  const { parcel, zone } = question;
  const reasons = assessed.map(
    (entry) => `${serviceName(entry.service)} ${entry.limitProblem ?? entry.priceProblem ?? ''}`,
  );
  const parcelText = `${grams(parcel.weightG)} parcel of ${parcel.lengthMm}×${parcel.widthMm}×${parcel.heightMm} mm`;
  return fail(
    'no_service_fits',
    `No service can carry a ${parcelText} to ${zone}: ${reasons.length === 0 ? 'none is offered' : reasons.join('; ')}.`,
    {
      zone,
      weight_g: parcel.weightG,
      length_mm: parcel.lengthMm,
      width_mm: parcel.widthMm,
      height_mm: parcel.heightMm,
      rejected: assessed.map((entry) => ({
        carrier: entry.service.carrier,
        code: entry.service.code,
        kind: entry.limitProblem === null ? 'no_price' : 'over_limit',
        reason: entry.limitProblem ?? entry.priceProblem,
      })),
    },
  );
}

function noServiceKeepsPromise(
  question: CarrierQuestion,
  assessed: readonly Assessment[],
  able: readonly Assessment[],
  promise: DeliveryPromise,
): Failure {
  const { currency } = question;
  const fastest = [...able].sort(bySpeedThenPrice)[0]!;
  const promiseDay = dayNumberOf(promise.deliverByDate);
  // Services fast enough that only their missing price keeps out: the refusal names them.
  const unpriced = assessed.filter(
    (entry) =>
      entry.limitProblem === null && entry.priceProblem !== null && entry.promisedByDay <= promiseDay,
  );
  const wouldHave = unpriced.map(
    (entry) => ` ${serviceName(entry.service)} would, but ${entry.priceProblem}.`,
  );
  return fail(
    'no_service_keeps_promise',
    `No service delivers by ${formatDay(promise.deliverByDate)}: the fastest, ${serviceName(fastest.service)} ` +
      `at ${formatMoney(fastest.priceMinor!, currency)}, delivers by ${formatDay(fastest.promisedByDate)}.${wouldHave.join('')}`,
    {
      deliver_by_date: promise.deliverByDate,
      fastest: {
        carrier: fastest.service.carrier,
        code: fastest.service.code,
        price_minor: fastest.priceMinor,
        promised_by_date: fastest.promisedByDate,
      },
      rejected: assessed.map((entry) => ({
        carrier: entry.service.carrier,
        code: entry.service.code,
        kind: entry.limitProblem !== null ? 'over_limit' : entry.priceProblem !== null ? 'no_price' : 'late',
        reason:
          entry.limitProblem ??
          entry.priceProblem ??
          `delivers by ${formatDay(entry.promisedByDate)}, after the promised ${formatDay(promise.deliverByDate)}`,
        promised_by_date: entry.promisedByDate,
      })),
    },
  );
}

// ---------------------------------------------------------------- words and figures

/** `Colissimo domicile sans signature` from carrier `Colissimo` and code `domicile_sans_signature`. */
export function serviceName(service: Pick<CarrierService, 'carrier' | 'code'>): string {
  return `${service.carrier} ${service.code.replaceAll('_', ' ')}`;
}

/** `1,450` from 1450: thousands grouped, whatever the machine's locale. */
function grouped(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function grams(weightG: number): string {
  return `${grouped(weightG)} g`;
}

function millimetres(lengthMm: number): string {
  return `${grouped(lengthMm)} mm`;
}

/** `9.55 EUR` from 955 minor units, in integers: these cards are in currencies of 100 minor units. */
export function formatMoney(amountMinor: number, currency: string): string {
  const cents = String(amountMinor % 100).padStart(2, '0');
  return `${grouped(Math.trunc(amountMinor / 100))}.${cents} ${currency}`;
}

function clock(minutes: number): string {
  return `${String(Math.trunc(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function workingDays(count: number): string {
  return count === 1 ? '1 working day' : `${count} working days`;
}

function transit(service: CarrierService): string {
  return service.transitDaysMin === service.transitDaysMax
    ? workingDays(service.transitDaysMax)
    : `${service.transitDaysMin} to ${workingDays(service.transitDaysMax)}`;
}

// ---------------------------------------------------------------- assertions: broken input is a bug

function assertCount(value: number, what: string, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new Error(
      `carrier choice invariant broken: ${what} is ${value}, not an integer of at least ${min}`,
    );
  }
}

/** 0: never leaves the same day; 1440: leaves the same day whenever it is a working day. */
function assertCutoff(cutoffMinutes: number, name: string): void {
  if (!Number.isSafeInteger(cutoffMinutes) || cutoffMinutes < 0 || cutoffMinutes > minutesPerDay) {
    throw new Error(
      `carrier choice invariant broken: the cut-off of ${name} is ${cutoffMinutes}, not 0 to 1440 minutes`,
    );
  }
}

function assertNow(now: LocalNow): void {
  dayNumberOf(now.localDate);
  if (!Number.isSafeInteger(now.localMinutes) || now.localMinutes < 0 || now.localMinutes >= minutesPerDay) {
    throw new Error(`carrier choice invariant broken: local minutes ${now.localMinutes} are not 0 to 1439`);
  }
}

function assertParcel(parcel: Parcel): void {
  // Zero is asserted too: a missing measurement defaulted to 0 would pick the cheapest letter.
  assertCount(parcel.weightG, 'the parcel weight in g', 1);
  for (const [what, sideMm] of [
    ['length', parcel.lengthMm],
    ['width', parcel.widthMm],
    ['height', parcel.heightMm],
  ] as const) {
    assertCount(sideMm, `the parcel ${what} in mm`, 1);
    if (sideMm > parcelSideMmMax) {
      throw new Error(
        `carrier choice invariant broken: a parcel ${what} of ${sideMm} mm, over ${parcelSideMmMax}`,
      );
    }
  }
}

function assertBands(service: CarrierService, zone: string, bands: readonly RateBand[]): void {
  const name = `${serviceName(service)} to ${zone}`;
  if (bands.length === 0) throw new Error(`carrier choice invariant broken: ${name} has a card with no band`);
  let previousG = 0;
  for (const band of bands) {
    assertCount(band.maxWeightG, `a band limit of ${name}`, 1);
    if (band.maxWeightG <= previousG) {
      throw new Error(
        `carrier choice invariant broken: the bands of ${name} are not sorted by weight (${band.maxWeightG} g after ${previousG} g)`,
      );
    }
    assertAmountMinor(band.priceMinor);
    assertCount(band.priceMinor, `a price of ${name}`, 0);
    previousG = band.maxWeightG;
  }
}

function assertLimit(value: number | null | undefined, what: string): void {
  if (value !== null && value !== undefined) assertCount(value, what, 1);
}

function assertService(service: CarrierService): void {
  const name = serviceName(service);
  if (service.carrier === '' || service.code === '') {
    throw new Error(`carrier choice invariant broken: a service without a carrier or a code (${name})`);
  }
  assertCount(service.maxWeightG, `the weight limit of ${name}`, 1);
  assertLimit(service.maxLengthMm, `the length limit of ${name}`);
  assertLimit(service.maxSizeMm, `the size limit of ${name}`);
  assertLimit(service.maxThicknessMm, `the thickness limit of ${name}`);
  if ((service.maxSizeMm === null) !== (service.sizeFormula === null)) {
    throw new Error(
      `carrier choice invariant broken: ${name} has a size limit without its formula, or the reverse`,
    );
  }
  assertCount(service.transitDaysMin, `the shortest transit of ${name}`, 0);
  assertCount(service.transitDaysMax, `the longest transit of ${name}`, service.transitDaysMin);
  if (service.transitDaysMax > workingDaysToAddMax) {
    throw new Error(`carrier choice invariant broken: ${name} takes ${service.transitDaysMax} working days`);
  }
  assertCutoff(service.cutoffMinutes, name);
  for (const [zone, bands] of service.bandsByZone) assertBands(service, zone, bands);
}

function assertQuestion(question: CarrierQuestion): void {
  const { services } = question;
  if (services.length > servicesMax) {
    throw new Error(`carrier choice invariant broken: ${services.length} services, over ${servicesMax}`);
  }
  if (!isCurrencyCode(question.currency)) {
    throw new Error(`carrier choice invariant broken: ${question.currency} is not an ISO 4217 code`);
  }
  if (question.zone === '') throw new Error('carrier choice invariant broken: an empty zone');
  assertParcel(question.parcel);
  assertNow(question.now);
  if (question.promise !== null) dayNumberOf(question.promise.deliverByDate);
  const names = new Set<string>();
  for (const service of services) {
    assertService(service);
    const key = `${service.carrier}\u0000${service.code}`;
    if (names.has(key)) {
      throw new Error(`carrier choice invariant broken: ${serviceName(service)} is offered twice`);
    }
    names.add(key);
  }
  for (const holiday of question.holidays ?? noHolidays) dayNumberOf(holiday);
}
