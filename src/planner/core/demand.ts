/**
 * Past demand gathered for the planner, pure: orders added one at a time (from a history file or
 * from the store, in any order) become daily totals, each SKU's units by day, the orders' hours of
 * the day and each day's busiest minute. Only demand reaches here: the readers leave out orders
 * cancelled in full (they never shipped), fees, postage and other lines that are no goods.
 */

export interface PastDemand {
  /** The shop's civil date, `YYYY-MM-DD`. */
  readonly date: string;
  /** The wall clock's minute of the day in the shop's time zone, 0–1439. */
  readonly minuteOfDay: number;
  readonly lines: readonly {
    readonly sku: string;
    readonly quantity: number;
    /** The line's total, in the plan's currency; null when the order is in another currency. */
    readonly amountMinor: number | null;
  }[];
}

export interface DayDemand {
  readonly date: string;
  readonly orders: number;
  readonly units: number;
  readonly revenueMinor: number;
}

interface DayTotals {
  orders: number;
  units: number;
  revenueMinor: number;
  readonly ordersByMinute: Map<number, number>;
}

export class DemandHistory {
  private readonly byDay = new Map<string, DayTotals>();
  private readonly unitsBySku = new Map<string, Map<string, number>>();
  private readonly ordersByHour = new Array<number>(24).fill(0);
  /** Orders whose revenue is in another currency: counted in orders and units only. */
  private otherCurrency = 0;

  add(order: PastDemand): void {
    if (order.lines.length === 0) return;
    let day = this.byDay.get(order.date);
    if (day === undefined) {
      day = { orders: 0, units: 0, revenueMinor: 0, ordersByMinute: new Map() };
      this.byDay.set(order.date, day);
    }
    day.orders += 1;
    day.ordersByMinute.set(order.minuteOfDay, (day.ordersByMinute.get(order.minuteOfDay) ?? 0) + 1);
    this.ordersByHour[Math.floor(order.minuteOfDay / 60)]! += 1;
    if (order.lines.some((line) => line.amountMinor === null)) this.otherCurrency += 1;
    for (const line of order.lines) {
      day.units += line.quantity;
      day.revenueMinor += line.amountMinor ?? 0;
      let units = this.unitsBySku.get(line.sku);
      if (units === undefined) {
        units = new Map();
        this.unitsBySku.set(line.sku, units);
      }
      units.set(order.date, (units.get(order.date) ?? 0) + line.quantity);
    }
  }

  /** The days with orders, oldest first. */
  days(): DayDemand[] {
    return [...this.byDay.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([date, day]) => ({ date, orders: day.orders, units: day.units, revenueMinor: day.revenueMinor }));
  }

  /** Units of `sku` on each date it sold. */
  skuUnits(sku: string): ReadonlyMap<string, number> {
    return this.unitsBySku.get(sku) ?? new Map();
  }

  /** The `count` SKUs that sold the most units from `since` to `until`, most first (ties by code). */
  topSkus(count: number, since: string, until: string): string[] {
    const totals = [...this.unitsBySku.entries()].map(([sku, units]) => {
      let total = 0;
      for (const [date, quantity] of units) if (date >= since && date <= until) total += quantity;
      return [sku, total] as const;
    });
    return totals
      .filter(([, total]) => total > 0)
      .sort(([skuA, a], [skuB, b]) => b - a || (skuA < skuB ? -1 : 1))
      .slice(0, count)
      .map(([sku]) => sku);
  }

  /** Orders per hour of the day, 0–23, over the whole history. */
  hourCounts(): readonly number[] {
    return this.ordersByHour;
  }

  ordersInOtherCurrencies(): number {
    return this.otherCurrency;
  }

  /**
   * The busiest minute's share of its day's orders, on the shop's busiest days: the highest share
   * among the tenth of days with the most orders (at least one). A quiet day's lone order is all of
   * its day and says nothing of a peak; a busy day's busiest minute does.
   */
  busiestMinuteShare(): number | null {
    const days = [...this.byDay.values()].sort((a, b) => b.orders - a.orders);
    const busy = days.slice(0, Math.max(1, Math.ceil(days.length / 10)));
    if (busy.length === 0) return null;
    return Math.max(...busy.map((day) => Math.max(...day.ordersByMinute.values()) / day.orders));
  }
}
