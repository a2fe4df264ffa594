/**
 * Past demand read from the store: every order but those cancelled, oldest first, a page at a
 * time, its day and minute in the shop's time zone. Revenue is counted in the currency most orders
 * were paid in; orders in another count in orders and units only, and the plan says how many.
 */
import { DateTime } from 'luxon';
import type { AppContext } from '../../platform/context.js';
import { limits } from '../../platform/core/limits.js';
import { shopTimeZone } from '../../platform/shop-date.js';
import { DemandHistory } from '../core/demand.js';
import type { DemandSource } from './file-demand.js';

interface StoredOrder {
  readonly date: string;
  readonly minuteOfDay: number;
  readonly currency: string;
  readonly lines: readonly { sku: string; quantity: number; totalMinor: number }[];
}

export async function demandFromStore(
  ctx: AppContext,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<DemandSource> {
  const read = ctx.store.read;
  const range = { fromMs: 0, toMs: ctx.clock.now(), statusNot: 'cancelled' };
  const total = await read.orders.countOrdersCreatedIn(range);
  const orders: StoredOrder[] = [];
  let after: { createdAt: number; id: string } | undefined;
  onProgress(0, total);
  while (orders.length < total) {
    const page = await read.orders.ordersCreatedIn({
      ...range,
      after,
      limit: Math.min(limits.plannerOrdersPageMax, total - orders.length),
    });
    if (page.length === 0) break;
    const lines = await read.orders.linesOf(page.map((order) => order.id));
    for (const order of page) {
      const placed = DateTime.fromMillis(order.created_at, { zone: shopTimeZone });
      orders.push({
        date: placed.toISODate()!,
        minuteOfDay: placed.hour * 60 + placed.minute,
        currency: order.currency,
        lines: (lines.get(order.id) ?? []).map((line) => ({
          sku: line.sku,
          quantity: line.quantity,
          totalMinor: line.total_minor,
        })),
      });
    }
    const last = page.at(-1)!;
    after = { createdAt: last.created_at, id: last.id };
    onProgress(orders.length, total);
  }
  const byCurrency = new Map<string, number>();
  for (const order of orders) byCurrency.set(order.currency, (byCurrency.get(order.currency) ?? 0) + 1);
  const currency = [...byCurrency.entries()].sort(([, a], [, b]) => b - a)[0]?.[0] ?? 'EUR';
  const demand = new DemandHistory();
  for (const order of orders)
    demand.add({
      date: order.date,
      minuteOfDay: order.minuteOfDay,
      lines: order.lines.map((line) => ({
        sku: line.sku,
        quantity: line.quantity,
        amountMinor: order.currency === currency ? line.totalMinor : null,
      })),
    });
  return {
    demand,
    nameSkus: async (skus) => {
      const rows = await read.catalog.skusByCode(skus);
      return new Map([...rows.values()].map((row) => [row.sku, row.name]));
    },
    currency,
    source: 'the store',
  };
}
