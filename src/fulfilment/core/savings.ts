/**
 * What choosing each parcel's box and service saves, pure: one order as one parcel shipped the smart
 * way (the smallest box that fits by `chooseBox`, then the cheapest service by `chooseService`) against
 * a baseline that always uses the same box and the same service; and the sums over many orders, the
 * baseline's service being, unless named, the one that could carry the most of them.
 */
import { limits } from '../../platform/core/limits.js';
import { assertAmountMinor } from '../../platform/core/money.js';
import { type CarrierService, chooseService, type LocalNow, type Parcel } from './carrier-choice.js';
import { type Box, chooseBox, type Item, packInto } from './packing.js';

/** A service as the report and the API name it: `Colissimo/domicile_sans_signature`. */
export function serviceKeyOf(service: Pick<CarrierService, 'carrier' | 'code'>): string {
  return `${service.carrier}/${service.code}`;
}

export interface SavingsQuestion {
  readonly items: readonly Item[];
  /** The destination's zone, as the cards name it (`carrierZoneOf`). */
  readonly zone: string;
  /** When the order was placed, on the shop's clock: the services carry the cards in force that day. */
  readonly orderedAt: LocalNow;
  readonly boxes: readonly Box[];
  readonly services: readonly CarrierService[];
  readonly currency: string;
  readonly baselineBox: Box;
}

/** How one parcel ships: its box and service, and what each costs, in minor units. */
export interface Shipping {
  readonly boxCode: string;
  readonly boxMinor: number;
  readonly serviceKey: string;
  readonly serviceMinor: number;
}

/** One order assessed: not shippable the smart way, or its smart cost and what every service would charge in the baseline box. */
export type OrderSavings =
  | { readonly kind: 'unmeasured'; readonly skus: readonly string[] }
  | { readonly kind: 'no_box' }
  | { readonly kind: 'no_service' }
  | {
      readonly kind: 'shippable';
      readonly smart: Shipping;
      /** Service key → its price for the parcel in the baseline box; a service that cannot carry it is absent. */
      readonly baselinePrices: ReadonlyMap<string, number>;
    };

/** The parcel a box makes: its inner size stands for the outer one (walls are a few mm), as shipments do. */
function parcelOf(box: Box, grossWeightG: number): Parcel {
  return {
    weightG: grossWeightG,
    lengthMm: box.innerLengthMm,
    widthMm: box.innerWidthMm,
    heightMm: box.innerHeightMm,
  };
}

/**
 * Assesses one order. No promise is kept: the report compares costs, and a past order's promise was
 * kept or broken already.
 */
export function assessOrder(question: SavingsQuestion): OrderSavings {
  const { boxes, items, services, zone, orderedAt, currency, baselineBox } = question;
  const packed = chooseBox(boxes, items);
  if (!packed.ok) return { kind: 'no_box' };
  const { box, grossWeightG } = packed.value;
  const ask = (parcel: Parcel) =>
    chooseService({ services, parcel, zone, now: orderedAt, promise: null, currency });
  const smart = ask(parcelOf(box, grossWeightG));
  if (!smart.ok) return { kind: 'no_service' };

  const baselinePrices = new Map<string, number>();
  // `chooseBox` took every unit, so the baseline box is asked about no more than it may be.
  if (packInto(baselineBox, items) !== null) {
    const contentsG = items.reduce((total, item) => total + item.weightG * item.quantity, 0);
    const baseline = ask(parcelOf(baselineBox, contentsG + baselineBox.ownWeightG));
    if (baseline.ok) {
      baselinePrices.set(serviceKeyOf(baseline.value.service), baseline.value.priceMinor);
      // Without a promise, a service passed over as dearer (or as dear) is one that could carry it.
      for (const other of baseline.value.rejected)
        if (other.kind === 'dearer') baselinePrices.set(serviceKeyOf(other.service), other.priceMinor!);
    }
  }
  return {
    kind: 'shippable',
    smart: {
      boxCode: box.code,
      boxMinor: box.costMinor,
      serviceKey: serviceKeyOf(smart.value.service),
      serviceMinor: smart.value.priceMinor,
    },
    baselinePrices,
  };
}

/** Box and service costs summed over some orders, in minor units. */
export interface Costs {
  readonly boxMinor: number;
  readonly shippingMinor: number;
  readonly totalMinor: number;
}

/** The same orders shipped both ways. */
export interface Comparison {
  readonly orders: number;
  readonly smart: Costs;
  readonly baseline: Costs;
  /** Baseline total less smart total: negative when the smart choice cost more. */
  readonly savedMinor: number;
  /** `savedMinor` over the baseline total, in basis points, rounded half away from zero; 0 with no cost. */
  readonly savedBp: number;
}

export interface SavingsTotals {
  /** The baseline's service, as a key. */
  readonly baselineServiceKey: string;
  readonly baselineServiceByDefault: boolean;
  /** Orders read, cancelled ones excluded by the caller. */
  readonly ordersRead: number;
  readonly unmeasured: number;
  /** SKUs without a size or weight, the most frequent first, at most `savingsUnmeasuredSkusShownMax`. */
  readonly unmeasuredSkus: readonly { readonly sku: string; readonly orders: number }[];
  readonly noBox: number;
  readonly noService: number;
  /** Shippable the smart way, but not in the baseline box with the baseline service. */
  readonly baselineImpossible: number;
  readonly compared: Comparison;
  /** By the service the smart choice took, the most orders first. */
  readonly byService: readonly (Comparison & { readonly serviceKey: string })[];
  /** By the box the smart choice took, the most orders first. */
  readonly byBox: readonly (Comparison & { readonly boxCode: string })[];
}

interface Sums {
  orders: number;
  smartBoxMinor: number;
  smartShippingMinor: number;
  baselineBoxMinor: number;
  baselineShippingMinor: number;
}

const noSums = (): Sums => ({
  orders: 0,
  smartBoxMinor: 0,
  smartShippingMinor: 0,
  baselineBoxMinor: 0,
  baselineShippingMinor: 0,
});

/** Sums against one candidate baseline service: in all, by smart service, by smart box. */
interface Candidate {
  readonly all: Sums;
  readonly byService: Map<string, Sums>;
  readonly byBox: Map<string, Sums>;
}

function addTo(sums: Sums, smart: Shipping, baselineBoxMinor: number, baselineShippingMinor: number): void {
  sums.orders += 1;
  sums.smartBoxMinor = assertAmountMinor(sums.smartBoxMinor + smart.boxMinor);
  sums.smartShippingMinor = assertAmountMinor(sums.smartShippingMinor + smart.serviceMinor);
  sums.baselineBoxMinor = assertAmountMinor(sums.baselineBoxMinor + baselineBoxMinor);
  sums.baselineShippingMinor = assertAmountMinor(sums.baselineShippingMinor + baselineShippingMinor);
}

/** `part / whole` in basis points, rounded half away from zero, exact past 2^53 (BigInt). */
export function shareBp(partMinor: number, wholeMinor: number): number {
  if (wholeMinor === 0) return 0;
  const sign = partMinor < 0 !== wholeMinor < 0 ? -1n : 1n;
  const part = BigInt(Math.abs(partMinor)) * 10_000n;
  const whole = BigInt(Math.abs(wholeMinor));
  return Number(sign * ((part * 2n + whole) / (whole * 2n)));
}

function comparisonOf(sums: Sums): Comparison {
  const smartTotalMinor = assertAmountMinor(sums.smartBoxMinor + sums.smartShippingMinor);
  const baselineTotalMinor = assertAmountMinor(sums.baselineBoxMinor + sums.baselineShippingMinor);
  const savedMinor = baselineTotalMinor - smartTotalMinor;
  return {
    orders: sums.orders,
    smart: {
      boxMinor: sums.smartBoxMinor,
      shippingMinor: sums.smartShippingMinor,
      totalMinor: smartTotalMinor,
    },
    baseline: {
      boxMinor: sums.baselineBoxMinor,
      shippingMinor: sums.baselineShippingMinor,
      totalMinor: baselineTotalMinor,
    },
    savedMinor,
    savedBp: shareBp(savedMinor, baselineTotalMinor),
  };
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The most orders first, then by name: the same order on every machine. */
function rows<K extends string>(sums: ReadonlyMap<string, Sums>, name: K) {
  return [...sums.entries()]
    .sort(([aKey, a], [bKey, b]) => b.orders - a.orders || byCodeUnit(aKey, bKey))
    .map(([key, value]) => ({ ...comparisonOf(value), [name]: key }) as Comparison & Record<K, string>);
}

/**
 * Sums orders as they are assessed, in one pass. Without a named baseline service it keeps the sums
 * against every service that could carry some order in the baseline box (a shop offers a handful,
 * `servicesMax` at most), and picks at the end the one that carried the most orders.
 */
export class SavingsTally {
  private ordersRead = 0;
  private unmeasured = 0;
  private noBox = 0;
  private noService = 0;
  private shippable = 0;
  private readonly unmeasuredBySku = new Map<string, number>();
  private readonly candidates = new Map<string, Candidate>();

  /**
   * `offered`: every service key the orders may be shipped with, for the default when no order
   * could go in the baseline box; `baselineServiceKey`: the service named, or null for the default.
   */
  constructor(
    private readonly baselineBox: Box,
    private readonly offered: readonly string[],
    private readonly baselineServiceKey: string | null,
  ) {
    if (offered.length === 0) throw new Error('savings invariant broken: no service is offered');
    if (baselineServiceKey !== null && !offered.includes(baselineServiceKey))
      throw new Error(`savings invariant broken: the baseline ${baselineServiceKey} is not offered`);
  }

  add(order: OrderSavings): void {
    this.ordersRead += 1;
    switch (order.kind) {
      case 'unmeasured':
        this.unmeasured += 1;
        for (const sku of order.skus) this.unmeasuredBySku.set(sku, (this.unmeasuredBySku.get(sku) ?? 0) + 1);
        return;
      case 'no_box':
        this.noBox += 1;
        return;
      case 'no_service':
        this.noService += 1;
        return;
      case 'shippable':
        this.shippable += 1;
        for (const [key, priceMinor] of order.baselinePrices) {
          if (this.baselineServiceKey !== null && key !== this.baselineServiceKey) continue;
          let candidate = this.candidates.get(key);
          if (candidate === undefined) {
            candidate = { all: noSums(), byService: new Map(), byBox: new Map() };
            this.candidates.set(key, candidate);
          }
          const { smart } = order;
          const boxMinor = this.baselineBox.costMinor;
          addTo(candidate.all, smart, boxMinor, priceMinor);
          const byService = candidate.byService.get(smart.serviceKey) ?? noSums();
          addTo(byService, smart, boxMinor, priceMinor);
          candidate.byService.set(smart.serviceKey, byService);
          const byBox = candidate.byBox.get(smart.boxCode) ?? noSums();
          addTo(byBox, smart, boxMinor, priceMinor);
          candidate.byBox.set(smart.boxCode, byBox);
        }
        return;
    }
  }

  /**
   * The default service: the one that could carry the most orders in the baseline box; at equal
   * count the cheaper baseline total, then by name; with no order it could carry, the first offered by name.
   */
  private defaultService(): string {
    let best: [string, Sums] | undefined;
    for (const [key, candidate] of this.candidates) {
      const sums = candidate.all;
      if (best === undefined) {
        best = [key, sums];
        continue;
      }
      const [bestKey, bestSums] = best;
      const total = sums.baselineBoxMinor + sums.baselineShippingMinor;
      const bestTotal = bestSums.baselineBoxMinor + bestSums.baselineShippingMinor;
      if (
        sums.orders > bestSums.orders ||
        (sums.orders === bestSums.orders &&
          (total < bestTotal || (total === bestTotal && byCodeUnit(key, bestKey) < 0)))
      )
        best = [key, sums];
    }
    return best?.[0] ?? [...this.offered].sort(byCodeUnit)[0]!;
  }

  totals(): SavingsTotals {
    const serviceKey = this.baselineServiceKey ?? this.defaultService();
    const candidate = this.candidates.get(serviceKey) ?? {
      all: noSums(),
      byService: new Map(),
      byBox: new Map(),
    };
    const unmeasuredSkus = [...this.unmeasuredBySku.entries()]
      .sort(([aSku, a], [bSku, b]) => b - a || byCodeUnit(aSku, bSku))
      .slice(0, limits.savingsUnmeasuredSkusShownMax)
      .map(([sku, orders]) => ({ sku, orders }));
    return {
      baselineServiceKey: serviceKey,
      baselineServiceByDefault: this.baselineServiceKey === null,
      ordersRead: this.ordersRead,
      unmeasured: this.unmeasured,
      unmeasuredSkus,
      noBox: this.noBox,
      noService: this.noService,
      baselineImpossible: this.shippable - candidate.all.orders,
      compared: comparisonOf(candidate.all),
      byService: rows(candidate.byService, 'serviceKey'),
      byBox: rows(candidate.byBox, 'boxCode'),
    };
  }
}

/** The largest box: the most inner volume, then the most weight it takes, then by code. */
export function largestBox(boxes: readonly Box[]): Box | undefined {
  const volumeMm3 = (box: Box) => box.innerLengthMm * box.innerWidthMm * box.innerHeightMm;
  return [...boxes].sort(
    (a, b) => volumeMm3(b) - volumeMm3(a) || b.maxWeightG - a.maxWeightG || byCodeUnit(a.code, b.code),
  )[0];
}
