import { describe, expect, it } from 'vitest';
import { addDays, datesFrom, openDates, parseDate, tradedWeekdays, weekdayOf } from './calendar.js';
import { DemandHistory } from './demand.js';
import { eventUplifts, isIntermittent, trainingSeries, upliftOn, weeklyTotals } from './series.js';

/** A shop closed on Saturdays: Monday 2011-10-03 to Sunday 2011-10-30. */
const calendar = { openWeekdays: new Set([1, 2, 3, 4, 5, 7]), closedDates: new Set<string>() };
const axis = openDates(calendar, '2011-10-03', '2011-10-30');

describe('the trading calendar', () => {
  it('reads dates, counts across months and names weekdays', () => {
    expect(parseDate('2011-02-29')).toBeNull();
    expect(parseDate('2012-02-29')).toBe('2012-02-29');
    expect(addDays('2011-11-30', 1)).toBe('2011-12-01');
    expect(weekdayOf('2011-11-25')).toBe(5);
    expect(datesFrom('2011-10-30', '2011-11-01')).toEqual(['2011-10-30', '2011-10-31', '2011-11-01']);
  });

  it('leaves out the weekdays without an order in eight weeks, and the closed dates', () => {
    expect(axis).toHaveLength(24);
    expect(axis.some((date) => weekdayOf(date) === 6)).toBe(false);
    const withHoliday = { ...calendar, closedDates: new Set(['2011-10-04']) };
    expect(openDates(withHoliday, '2011-10-03', '2011-10-05')).toEqual(['2011-10-03', '2011-10-05']);
    // Saturdays last sold on 2011-08-06: more than eight weeks before the end.
    const days = [
      ...datesFrom('2011-08-01', '2011-10-30').filter((date) => weekdayOf(date) !== 6),
      '2011-08-06',
    ].sort();
    expect([...tradedWeekdays(days)].sort()).toEqual([1, 2, 3, 4, 5, 7]);
  });
});

describe('the training series', () => {
  const orders = new Map(axis.map((date) => [date, weekdayOf(date) === 7 ? 40 : 100]));

  it('fills a day the shop was shut from the same weekday of the weeks around, keeping the weekly phase', () => {
    const shut = new Map(orders);
    shut.delete('2011-10-12');
    const series = trainingSeries(shut, axis, (date) => !shut.has(date), []);
    expect(series.values).toHaveLength(24);
    expect(series.filledDates).toEqual(['2011-10-12']);
    expect(series.values[axis.indexOf('2011-10-12')]).toBe(100);
  });

  it('counts a SKU’s day without a sale as none sold, not as a closure', () => {
    const sku = new Map([['2011-10-03', 5]]);
    const series = trainingSeries(sku, axis, () => false, []);
    expect(series.values.filter((value) => value > 0)).toEqual([5]);
  });

  it('puts an event’s days back to their baseline, and measures its uplift there', () => {
    const sale = { name: 'Autumn sale', from: '2011-10-17', to: '2011-10-18', uplift: null };
    const busy = new Map(orders);
    busy.set('2011-10-17', 180);
    busy.set('2011-10-18', 150);
    const series = trainingSeries(busy, axis, (date) => !busy.has(date), [sale]);
    expect(series.values[axis.indexOf('2011-10-17')]).toBe(100);
    const uplifts = eventUplifts([sale], busy);
    expect(uplifts.get('Autumn sale')).toEqual({ uplift: 1.65, measuredOn: ['2011-10-17', '2011-10-18'] });
    // The same sale next month sells the uplift measured; a day outside it, the model's forecast.
    const next = { ...sale, from: '2011-11-14', to: '2011-11-15' };
    const again = eventUplifts([sale, next], busy);
    expect(upliftOn('2011-11-14', [sale, next], again)).toBe(1.65);
    expect(upliftOn('2011-11-16', [sale, next], again)).toBe(1);
  });

  it('takes an uplift given over one measured, and knows none for an event never seen', () => {
    const blackFriday = { name: 'Black Friday', from: '2011-11-25', to: '2011-11-28', uplift: 1.8 };
    const launch = { name: 'Launch', from: '2011-11-10', to: '2011-11-10', uplift: null };
    const uplifts = eventUplifts([blackFriday, launch], orders);
    expect(uplifts.get('Black Friday')?.uplift).toBe(1.8);
    expect(uplifts.get('Launch')?.uplift).toBeNull();
    expect(upliftOn('2011-11-10', [launch], uplifts)).toBe(1);
  });

  it('sums weeks back from the last day, and tells intermittent demand', () => {
    expect(weeklyTotals([1, 1, 2, 2, 3, 3, 4], 2)).toEqual([3, 5, 7]);
    expect(isIntermittent([0, 0, 3, 0, 0, 1])).toBe(true);
    expect(isIntermittent([2, 1, 3, 0, 4, 1])).toBe(false);
    expect(isIntermittent([0, 0])).toBe(true);
  });
});

describe('past demand', () => {
  it('adds orders up by day and SKU, and ranks the top sellers of a period', () => {
    const demand = new DemandHistory();
    demand.add({
      date: '2011-10-03',
      minuteOfDay: 600,
      lines: [{ sku: 'A', quantity: 2, amountMinor: 500 }],
    });
    demand.add({
      date: '2011-10-03',
      minuteOfDay: 600,
      lines: [
        { sku: 'B', quantity: 5, amountMinor: 100 },
        { sku: 'A', quantity: 1, amountMinor: 250 },
      ],
    });
    demand.add({
      date: '2011-10-04',
      minuteOfDay: 61,
      lines: [{ sku: 'C', quantity: 9, amountMinor: null }],
    });
    demand.add({ date: '2011-10-04', minuteOfDay: 62, lines: [] });
    expect(demand.days()).toEqual([
      { date: '2011-10-03', orders: 2, units: 8, revenueMinor: 850 },
      { date: '2011-10-04', orders: 1, units: 9, revenueMinor: 0 },
    ]);
    expect(demand.ordersInOtherCurrencies()).toBe(1);
    expect(demand.topSkus(2, '2011-10-03', '2011-10-04')).toEqual(['C', 'B']);
    expect(demand.topSkus(5, '2011-10-03', '2011-10-03')).toEqual(['B', 'A']);
    expect(demand.skuUnits('A').get('2011-10-03')).toBe(3);
    expect(demand.hourCounts()[10]).toBe(2);
    expect(demand.hourCounts()[1]).toBe(1);
    // The busiest day's busiest minute held both its orders.
    expect(demand.busiestMinuteShare()).toBe(1);
  });
});
