/**
 * `GET /v1/fulfilment/savings` and `affluence report shipping`: what choosing each parcel's box and
 * service saved over a period's orders, against always the same box and service. Each order is one
 * parcel; it is read page by page and assessed by the core, whose tally gives the totals.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { DateTime } from 'luxon';
import type { OrderStatus } from '../../orders/core/order-process.js';
import type { AppContext } from '../../platform/context.js';
import { fail, ok, type Result } from '../../platform/core/errors.js';
import { limits } from '../../platform/core/limits.js';
import type { Repos } from '../../platform/store/store.js';
import { isCivilDate, ratesCurrency } from '../carriers/carrier-files.js';
import { choosableServices, sampleNotice, shopTimeZone, shopToday } from '../carriers/carriers.js';
import { type CarrierService, type LocalNow, serviceName } from '../core/carrier-choice.js';
import { carrierZoneOf } from '../core/destinations.js';
import type { Item } from '../core/packing.js';
import { assessOrder, largestBox, type OrderSavings, SavingsTally, serviceKeyOf } from '../core/savings.js';
import { dateOfDayNumber, dayNumberOf } from '../core/working-days.js';
import { boxOf } from '../warehouse/warehouse.js';
import type { ShippingSavings } from './contract.js';

/** The default period: the 90 days up to today, today included. */
export const defaultPeriodDays = 90;

/** Orders are counted from the moment they are placed; a cancelled one never shipped. */
const leftOut: OrderStatus = 'cancelled';

export interface SavingsQuery {
  /** `YYYY-MM-DD` on the shop's clock; default: `defaultPeriodDays` days up to `until`. */
  readonly since?: string;
  /** `YYYY-MM-DD`, included; default: today. */
  readonly until?: string;
  /** One channel's orders; default: all. */
  readonly channel?: string;
  /** A packaging's code; default: the largest. */
  readonly baselineBox?: string;
  /** `Carrier/code`; default: the service that could carry the most orders in the baseline box. */
  readonly baselineService?: string;
}

/** Called after each page of orders: done of total. */
export type SavingsProgress = (done: number, total: number) => void;

function periodOf(
  query: SavingsQuery,
  today: string,
): Result<{ since: string; until: string; fromMs: number; toMs: number }> {
  for (const field of ['since', 'until'] as const) {
    const value = query[field];
    if (value !== undefined && !isCivilDate(value))
      return fail('validation_failed', `${field}: ${value} is not a date (YYYY-MM-DD).`, { field, value });
  }
  const until = query.until ?? today;
  const since = query.since ?? dateOfDayNumber(dayNumberOf(until) - (defaultPeriodDays - 1));
  if (since > until)
    return fail('validation_failed', `since (${since}) is after until (${until}).`, { since, until });
  const midnight = (date: string) => DateTime.fromISO(date, { zone: shopTimeZone }).startOf('day');
  return ok({
    since,
    until,
    fromMs: midnight(since).toMillis(),
    toMs: midnight(until).plus({ days: 1 }).toMillis(),
  });
}

/** An order's lines as packing items, merged by SKU; or the SKUs without a size or weight. */
function itemsOf(
  lines: readonly { sku: string; quantity: number }[],
  skus: Awaited<ReturnType<Repos['catalog']['skusByCode']>>,
): { items: Item[] } | { unmeasured: string[] } {
  const quantities = new Map<string, number>();
  for (const line of lines) quantities.set(line.sku, (quantities.get(line.sku) ?? 0) + line.quantity);
  const items: Item[] = [];
  const unmeasured: string[] = [];
  for (const [sku, quantity] of quantities) {
    const row = skus.get(sku);
    const { length_mm: lengthMm, width_mm: widthMm, height_mm: heightMm, weight_g: weightG } = row ?? {};
    if (lengthMm == null || widthMm == null || heightMm == null || weightG == null) unmeasured.push(sku);
    else items.push({ sku, lengthMm, widthMm, heightMm, weightG, quantity });
  }
  return unmeasured.length > 0 ? { unmeasured } : { items };
}

/**
 * The report over the orders created in the period (cancelled ones left out), each as one parcel:
 * the smallest box that fits and the cheapest service to its zone, with the cards in force on the
 * day it was placed, against the baseline box and service.
 */
export async function shippingSavings(
  ctx: AppContext,
  query: SavingsQuery,
  onProgress: SavingsProgress = () => {},
): Promise<Result<ShippingSavings>> {
  const period = periodOf(query, shopToday(ctx.clock.now()));
  if (!period.ok) return period;
  const { since, until, fromMs, toMs } = period.value;
  const read = ctx.store.read;
  const { channel } = query;
  if (channel !== undefined && (await read.catalog.getChannel(channel)) === undefined)
    return fail('unknown_channel', `No channel ${channel}.`, { channel });

  const packagings = await read.warehouse.listPackagings();
  const boxes = packagings.map(boxOf);
  const baselineBox =
    query.baselineBox === undefined ? largestBox(boxes) : boxes.find((box) => box.code === query.baselineBox);
  if (baselineBox === undefined) {
    return query.baselineBox === undefined
      ? fail('no_box_fits', 'No packaging is set up: add them with PUT /v1/packagings/{code}.')
      : fail('unknown_packaging', `No packaging ${query.baselineBox} to compare with.`, {
          baseline_box: query.baselineBox,
          packagings: boxes.map((box) => box.code),
        });
  }
  const serviceRows = await read.carriers.listServices();
  const offered = serviceRows.filter((row) => row.transit_days_max !== null);
  const offeredKeys = offered.map(serviceKeyOf);
  if (offered.length === 0) {
    return fail(
      'no_service_fits',
      'No carrier service with a transit time is set up: import the carriers’ cards first.',
    );
  }
  if (query.baselineService !== undefined && !offeredKeys.includes(query.baselineService)) {
    const known = serviceRows.some((row) => serviceKeyOf(row) === query.baselineService);
    return fail(
      'unknown_service',
      known
        ? `${query.baselineService} has no transit time, so no parcel is sent with it: compare with another service.`
        : `No carrier service ${query.baselineService} to compare with (Carrier/code).`,
      { baseline_service: query.baselineService, services: offeredKeys },
    );
  }
  // Every card is imported in the rate files' currency: the boxes must cost in it too, to be added.
  const currency = ratesCurrency;
  const otherCurrency = packagings.find((row) => row.currency !== currency);
  if (otherCurrency !== undefined) {
    return fail(
      'currency_mismatch',
      `Packaging ${otherCurrency.code} costs in ${otherCurrency.currency} and the carriers' cards are in ${currency}: the two cannot be added.`,
      { packaging: otherCurrency.code, currency: otherCurrency.currency, cards_currency: currency },
    );
  }

  const range = { fromMs, toMs, channel, statusNot: leftOut };
  const total = await read.orders.countOrdersCreatedIn(range);
  if (total > limits.savingsOrdersMax) {
    return fail(
      'limit_reached',
      `The period holds ${total} orders, more than the ${limits.savingsOrdersMax} one report reads: ask for a shorter period.`,
      { orders: total, orders_max: limits.savingsOrdersMax },
    );
  }
  const tally = new SavingsTally(baselineBox, offeredKeys, query.baselineService ?? null);
  // Orders come oldest first, so their local dates never go back: one day's services at a time.
  let day: { localDate: string; services: CarrierService[] } | undefined;
  let done = 0;
  let after: { createdAt: number; id: string } | undefined;
  onProgress(done, total);
  // Orders placed after the count are left to the next report: the progress never passes its total.
  while (done < total) {
    const orders = await read.orders.ordersCreatedIn({
      ...range,
      after,
      limit: Math.min(limits.savingsOrdersPageMax, total - done),
    });
    if (orders.length === 0) break;
    const lines = await read.orders.linesOf(orders.map((order) => order.id));
    const skus = await read.catalog.skusByCode([...lines.values()].flat().map((line) => line.sku));
    for (const order of orders) {
      const placed = DateTime.fromMillis(order.created_at, { zone: shopTimeZone });
      const orderedAt: LocalNow = {
        localDate: placed.toFormat('yyyy-LL-dd'),
        localMinutes: placed.hour * 60 + placed.minute,
      };
      if (day?.localDate !== orderedAt.localDate) {
        // A service with no card in force that day carries nothing: leaving it out spares each
        // choice its dates (most of its work), and changes no choice.
        const services = await choosableServices(read, orderedAt.localDate);
        day = {
          localDate: orderedAt.localDate,
          services: services.filter((service) => service.bandsByZone.size > 0),
        };
      }
      const measured = itemsOf(lines.get(order.id) ?? [], skus);
      const address = JSON.parse(order.shipping_address) as { country: string; postal_code: string };
      const assessed: OrderSavings =
        'unmeasured' in measured
          ? { kind: 'unmeasured', skus: measured.unmeasured }
          : assessOrder({
              items: measured.items,
              zone: carrierZoneOf(address.country, address.postal_code),
              orderedAt,
              boxes,
              services: day.services,
              currency,
              baselineBox,
            });
      tally.add(assessed);
    }
    done += orders.length;
    const last = orders.at(-1)!;
    after = { createdAt: last.created_at, id: last.id };
    onProgress(done, total);
    // On SQLite every query answers at once, without a turn of the event loop: yield one between
    // pages, so that requests arriving meanwhile wait one page at most, not the whole report.
    await yieldToEventLoop();
  }

  const totals = tally.totals();
  const names = new Map(packagings.map((row) => [row.code, row.name]));
  const services = new Map(offered.map((row) => [serviceKeyOf(row), row]));
  const serviceOf = (key: string) => {
    const row = services.get(key)!;
    return { carrier: row.carrier, code: row.code, name: serviceName(row) };
  };
  const comparison = (entry: (typeof totals)['compared']) => ({
    orders: entry.orders,
    smart: { box: entry.smart.boxMinor, shipping: entry.smart.shippingMinor, total: entry.smart.totalMinor },
    baseline: {
      box: entry.baseline.boxMinor,
      shipping: entry.baseline.shippingMinor,
      total: entry.baseline.totalMinor,
    },
    saved: entry.savedMinor,
    saved_bp: entry.savedBp,
  });
  return ok({
    since,
    until,
    channel: channel ?? null,
    currency,
    notice: offered.some((row) => row.sample === 1) ? sampleNotice : null,
    baseline: {
      box: {
        code: baselineBox.code,
        name: names.get(baselineBox.code)!,
        default: query.baselineBox === undefined,
      },
      service: { ...serviceOf(totals.baselineServiceKey), default: totals.baselineServiceByDefault },
    },
    orders: {
      read: totals.ordersRead,
      compared: totals.compared.orders,
      unmeasured: totals.unmeasured,
      no_box: totals.noBox,
      no_service: totals.noService,
      baseline_impossible: totals.baselineImpossible,
    },
    unmeasured_skus: [...totals.unmeasuredSkus],
    totals: comparison(totals.compared),
    by_service: totals.byService.map((row) => ({ ...serviceOf(row.serviceKey), ...comparison(row) })),
    by_box: totals.byBox.map((row) => ({
      code: row.boxCode,
      name: names.get(row.boxCode)!,
      ...comparison(row),
    })),
  });
}
