/**
 * Plans the demo shop's past: opening stock, then every order of the last days walked through the
 * order process, restocks, and a stock count. It simulates the stock with the inventory core's own
 * `StockBook`, so every order it plans is one the use cases accept, with the same allocations.
 */
import { base, en, Faker, fr } from '@faker-js/faker';
import { type Allocation, type LineRequest, StockBook, stockKey } from '../inventory/core/stock-book.js';
import type { OrderStatus } from '../orders/core/order-process.js';
import { limits } from '../platform/core/limits.js';
import { Agenda } from './agenda.js';
import {
  bankReconciliations,
  carrierPickups,
  consumerHourWeights,
  consumerWeekdayFactors,
  nextSlot,
  pickWaves,
  trackingSyncs,
  tradeHourWeights,
  tradeWeekdayFactors,
  type WeeklySlots,
} from './calendar.js';
import { Customers } from './customers.js';
import {
  type DemoAction,
  type DemoCatalog,
  type DemoHistory,
  type DemoOrder,
  dayMs,
  hourMs,
  minuteMs,
  startOfUtcDay,
} from './plan.js';

export interface HistoryOptions {
  readonly seed: number;
  readonly historyDays: number;
  readonly ordersPerMonth: number;
  /** The present: the history ends here, and nothing after it happens. */
  readonly endMs: number;
}

/** Share of orders per channel, in basis points. */
const channelShareBasisPoints: Readonly<Record<string, number>> = {
  web: 6_200,
  marketplace: 3_000,
  b2b: 800,
};
/** Out of 10,000 SKUs: sold out at one location at the end, and sold out at both. */
const soldOutAtOneBasisPoints = 300;
const soldOutAtBothBasisPoints = 60;
/** Popularity follows a long tail: weight 1 / (rank + offset)^exponent. */
const popularityOffset = 30;
const popularityExponent = 0.85;
/** Stock targets in days of expected demand, and the level under which a location reorders. */
const coverDaysByLocation: Readonly<Record<string, number>> = { paris: 14, lyon: 9 };
const reorderDays = 4;
/** Supplier deliveries arrive on Monday and Thursday mornings. */
const restockDeliveries: WeeklySlots = [[], [6], [], [], [6], [], []];
/** A search for another SKU when the one drawn cannot be sold: buyers pick something else. */
const skuDrawAttemptsMax = 12;

/** An index drawn in proportion to `weights`; a weight of 0 is never drawn. */
function weightedIndex(faker: Faker, weights: readonly number[]): number {
  let total = 0;
  for (const weight of weights) total += weight;
  let target = faker.number.float({ min: 0, max: total });
  for (const [index, weight] of weights.entries()) {
    if (weight > 0 && target < weight) return index;
    target -= weight;
  }
  return weights.findLastIndex((weight) => weight > 0);
}

/** Plans the history; `catalog` must be the one the store holds when the history is written. */
export function generateHistory(catalog: DemoCatalog, options: HistoryOptions): DemoHistory {
  if (
    !(
      Number.isSafeInteger(options.historyDays) &&
      options.historyDays >= 1 &&
      options.historyDays <= limits.demoHistoryDaysMax
    )
  ) {
    throw new Error(
      `the demo plans 1 to ${limits.demoHistoryDaysMax} days of history, not ${options.historyDays}`,
    );
  }
  if (!(options.ordersPerMonth >= 0)) throw new Error('the demo needs a non-negative order rate');
  // Another stream than the catalog's, so the catalog does not depend on the history's length.
  const faker = new Faker({ locale: [fr, en, base], seed: options.seed * 7 + 1 });
  const { endMs } = options;
  const startMs = startOfUtcDay(endMs) - options.historyDays * dayMs;
  const catalogAtMs = startMs - dayMs + 8 * hourMs;
  const openingAtMs = catalogAtMs + 2 * hourMs;
  const buffersAtMs = catalogAtMs + 3 * hourMs;
  const ordersPerDay = options.ordersPerMonth / 30;
  const skus = catalog.skus;

  // Popularity: a random rank per SKU on a long tail, drawn from by binary search on the cumulative weights.
  const ranks = faker.helpers.shuffle(skus.map((_, index) => index));
  const weights = ranks.map((rank) => 1 / (rank + popularityOffset) ** popularityExponent);
  const cumulative: number[] = [];
  let weightTotal = 0;
  for (const weight of weights) {
    weightTotal += weight;
    cumulative.push(weightTotal);
  }
  const drawSku = (): string => {
    const target = faker.number.float({ min: 0, max: weightTotal });
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle]! < target) low = middle + 1;
      else high = middle;
    }
    return skus[low]!.sku;
  };

  // Expected units per day: consumers buy ~1.2 units a line, trade ~7, over ~1.5 lines an order.
  const unitsPerDay =
    ordersPerDay *
    1.5 *
    ((1.2 * (10_000 - channelShareBasisPoints.b2b!)) / 10_000 + (7 * channelShareBasisPoints.b2b!) / 10_000);
  const locationCodes = catalog.locations.map((location) => location.code);
  const soldOut = new Set<string>();
  const targets = new Map<string, { target: number; reorderAt: number }>();
  const openingStock: DemoAction[] = [];
  const locationsByChannel = new Map<string, string[]>(
    catalog.channels.map((channel) => [
      channel.code,
      catalog.locations
        .filter((location) => location.channels.includes(channel.code))
        .map((location) => location.code),
    ]),
  );
  const book = new StockBook(
    [],
    locationsByChannel,
    new Map(catalog.buffers.map((buffer) => [stockKey(buffer.sku, buffer.channel), buffer.quantity])),
  );
  skus.forEach(({ sku }, index) => {
    // The README's examples order the first SKU: it is never among the discontinued lines.
    const draw = index === 0 ? 9_999 : faker.number.int({ min: 0, max: 9_999 });
    const soldOutAt =
      draw < soldOutAtBothBasisPoints
        ? locationCodes
        : draw < soldOutAtBothBasisPoints + soldOutAtOneBasisPoints
          ? [faker.helpers.arrayElement(locationCodes)]
          : [];
    const dailyUnits = (unitsPerDay * weights[index]!) / weightTotal;
    for (const location of locationCodes) {
      const key = stockKey(sku, location);
      let quantity: number;
      if (soldOutAt.includes(location)) {
        soldOut.add(key);
        quantity = faker.number.int({ min: 2, max: 6 });
      } else {
        const cover = coverDaysByLocation[location] ?? 7;
        const target = Math.ceil(dailyUnits * cover) + faker.number.int({ min: 3, max: 12 });
        targets.set(key, { target, reorderAt: Math.ceil(dailyUnits * reorderDays) + 2 });
        quantity = target;
      }
      book.receive(sku, location, quantity);
      openingStock.push({
        kind: 'receive',
        atMs: openingAtMs,
        input: { sku, location, quantity, reference: `OPENING-${location.toUpperCase()}` },
      });
    }
  });

  const agenda = new Agenda();
  const actions: DemoAction[] = [];
  const orders: DemoOrder[] = [];
  const statuses: OrderStatus[] = [];

  const customers = new Customers(faker);

  const pickLines = (channel: string): LineRequest[] => {
    const lineCount = weightedIndex(faker, [0, 60, 28, 12]);
    const lines: LineRequest[] = [];
    for (let line = 0; line < lineCount; line++) {
      for (let attempt = 0; attempt < skuDrawAttemptsMax; attempt++) {
        const sku = drawSku();
        if (lines.some((taken) => taken.sku === sku)) continue;
        const wanted =
          channel === 'b2b' ? faker.number.int({ min: 2, max: 12 }) : weightedIndex(faker, [0, 85, 12, 3]);
        const available = book.available(channel, sku);
        // A trade buyer takes what is left; a consumer who cannot have the quantity looks elsewhere.
        if (available <= 0 || (channel !== 'b2b' && available < wanted)) continue;
        lines.push({ sku, quantity: Math.min(wanted, available) });
        break;
      }
    }
    return lines;
  };

  const move = (order: number, from: OrderStatus, to: OrderStatus, atMs: number): void => {
    agenda.push(atMs, (at) => {
      // Several futures are scheduled (paid then shipped, or cancelled): the first one to happen wins.
      if (statuses[order] !== from) return;
      const allocations = orders[order]!.allocations;
      if (to === 'cancelled') book.release(allocations);
      if (to === 'shipped') book.ship(allocations);
      statuses[order] = to;
      actions.push({ kind: 'move', atMs: at, order, from, to });
      afterEntering(order, to, at);
    });
  };

  const afterEntering = (order: number, status: OrderStatus, atMs: number): void => {
    const channel = orders[order]!.input.channel;
    switch (status) {
      case 'placed':
        if (channel === 'marketplace') {
          // The marketplace collects the payment: its orders arrive paid.
          move(order, 'placed', 'paid', atMs);
        } else if (channel === 'b2b') {
          if (faker.number.int({ min: 0, max: 99 }) < 4) {
            move(order, 'placed', 'cancelled', atMs + faker.number.int({ min: 3, max: 10 }) * dayMs);
          } else {
            const transferAt = atMs + faker.number.int({ min: 1, max: 6 }) * dayMs;
            move(order, 'placed', 'paid', nextSlot(transferAt, bankReconciliations));
          }
        } else if (faker.number.int({ min: 0, max: 999 }) < 25) {
          // Payment abandoned: the storefront cancels the order after half an hour.
          move(order, 'placed', 'cancelled', atMs + 30 * minuteMs);
        } else {
          move(order, 'placed', 'paid', atMs + faker.number.int({ min: 15, max: 180 }) * 1_000);
        }
        return;
      case 'paid':
        if (channel !== 'b2b' && faker.number.int({ min: 0, max: 999 }) < 15) {
          move(order, 'paid', 'cancelled', atMs + faker.number.int({ min: 5, max: 120 }) * minuteMs);
        }
        move(order, 'paid', 'fulfilling', nextSlot(atMs + 20 * minuteMs, pickWaves));
        return;
      case 'fulfilling':
        move(order, 'fulfilling', 'shipped', nextSlot(atMs + 90 * minuteMs, carrierPickups));
        return;
      case 'shipped': {
        const transitDays = weightedIndex(faker, [0, 70, 25, 5]);
        move(
          order,
          'shipped',
          'delivered',
          nextSlot(startOfUtcDay(atMs) + transitDays * dayMs, trackingSyncs),
        );
        return;
      }
      default:
        return;
    }
  };

  const arrive = (channel: string, atMs: number): void => {
    const buyer = customers.for(channel);
    const lines = pickLines(channel);
    if (lines.length === 0) return;
    const reserved = book.reserve(channel, lines);
    if (!reserved.ok) throw new Error(`demo plan broken: ${reserved.message}`);
    const externalId =
      channel === 'marketplace'
        ? `MKP-${faker.string.numeric(10)}`
        : channel === 'b2b'
          ? `PO-${faker.string.numeric(6)}`
          : undefined;
    const index = orders.length;
    const allocations: Allocation[] = reserved.value;
    orders.push({
      input: {
        channel,
        ...(externalId === undefined ? {} : { external_id: externalId }),
        customer: buyer.customer,
        shipping_address: buyer.address,
        lines,
      },
      idempotencyKey: `demo-order-${String(index + 1).padStart(6, '0')}`,
      allocations,
    });
    statuses.push('placed');
    actions.push({ kind: 'place', atMs, order: index });
    afterEntering(index, 'placed', atMs);
  };

  for (let day = 0; day <= options.historyDays; day++) {
    const dayStart = startMs + day * dayMs;
    const weekday = new Date(dayStart).getUTCDay();
    for (const channel of catalog.channels) {
      const trade = channel.code === 'b2b';
      const factor = (trade ? tradeWeekdayFactors : consumerWeekdayFactors)[weekday]!;
      const share = (channelShareBasisPoints[channel.code] ?? 0) / 10_000;
      const count = Math.round(ordersPerDay * share * factor * faker.number.float({ min: 0.85, max: 1.15 }));
      for (let order = 0; order < count; order++) {
        const hour = weightedIndex(faker, trade ? tradeHourWeights : consumerHourWeights);
        const atMs = dayStart + hour * hourMs + faker.number.int({ min: 0, max: hourMs - 1 });
        if (atMs <= endMs) agenda.push(atMs, (at) => arrive(channel.code, at));
      }
    }
  }

  const restock = (atMs: number): void => {
    const reference = `RCPT-${new Date(atMs).toISOString().slice(0, 10)}`;
    for (const { sku } of skus) {
      for (const location of locationCodes) {
        const plan = targets.get(stockKey(sku, location));
        if (plan === undefined) continue;
        const row = book.row(sku, location);
        const free = row.onHand - row.reserved;
        if (free >= plan.reorderAt) continue;
        const quantity = plan.target - free;
        book.receive(sku, location, quantity);
        actions.push({ kind: 'receive', atMs, input: { sku, location, quantity, reference } });
      }
    }
    agenda.push(nextSlot(atMs + hourMs, restockDeliveries), restock);
  };
  agenda.push(nextSlot(startMs, restockDeliveries), restock);

  // The last stock count writes off what is left of the lines that are being discontinued.
  const stockCountAtMs = Math.max(startOfUtcDay(endMs - 2 * dayMs) + 5 * hourMs, startMs);
  agenda.push(stockCountAtMs, (atMs) => {
    for (const key of soldOut) {
      const [sku, location] = key.split('\u0000') as [string, string];
      const row = book.row(sku, location);
      const free = row.onHand - row.reserved;
      if (free === 0) continue;
      const adjusted = book.adjust(sku, location, -free);
      if (!adjusted.ok) throw new Error(`demo plan broken: ${adjusted.message}`);
      actions.push({
        kind: 'adjust',
        atMs,
        input: {
          sku,
          location,
          delta: -free,
          reason: 'discontinued: damaged units written off at stock count',
        },
      });
    }
  });

  for (let next = agenda.peekAtMs(); next !== undefined && next <= endMs; next = agenda.peekAtMs()) {
    const item = agenda.pop()!;
    item.run(item.atMs);
  }
  return {
    catalogAtMs,
    startMs,
    endMs,
    openingStock,
    buffersAtMs,
    actions,
    orders,
    finalStatuses: statuses,
  };
}
