/**
 * Past demand made a series a model can read, pure. The series runs over the shop's open days only,
 * so a week is `period` steps long whatever days it closes on. A day it should have been open but
 * sold nothing is taken as a closure (a bank holiday, the Christmas week): filled with what the same
 * weekday sold in the weeks around it, so that the weekly pattern keeps its phase. Days of a known
 * event (Black Friday, a sale) are put back to their baseline before training, and the event's
 * uplift, measured on those days or given, is put on the days it comes again.
 */
import { addDays } from './calendar.js';

export interface PlannerEvent {
  readonly name: string;
  readonly from: string;
  readonly to: string;
  /** Demand on its days over an ordinary day's: 1.6 sells 60 % more. Null: measured from history. */
  readonly uplift: number | null;
}

/** The weeks either side a closed or event day borrows its baseline from. */
const baselineWeeks = 4;

/** The mean of the same weekday's values in the weeks around `date`; `usableValue` is undefined where unusable. */
function baselineOf(date: string, usableValue: (date: string) => number | undefined): number | null {
  const around: number[] = [];
  for (let week = 1; week <= baselineWeeks; week += 1)
    for (const other of [addDays(date, -7 * week), addDays(date, 7 * week)]) {
      const value = usableValue(other);
      if (value !== undefined) around.push(value);
    }
  return around.length === 0 ? null : around.reduce((sum, value) => sum + value, 0) / around.length;
}

export interface TrainingSeries {
  /** The open days of the training, oldest first, and the value of each. */
  readonly dates: readonly string[];
  readonly values: readonly number[];
  /** Days the shop was shut although its calendar says open, filled from their neighbours. */
  readonly filledDates: readonly string[];
}

function inEvent(events: readonly PlannerEvent[], date: string): PlannerEvent | undefined {
  return events.find((event) => date >= event.from && date <= event.to);
}

/**
 * The training series of one figure over `dates` (the open days, oldest first): `byDate` holds the
 * days it has a value; a day `isClosure` says the shop was shut is filled from its neighbours, any
 * other day without a value sold none.
 */
export function trainingSeries(
  byDate: ReadonlyMap<string, number>,
  dates: readonly string[],
  isClosure: (date: string) => boolean,
  events: readonly PlannerEvent[],
): TrainingSeries {
  const onAxis = new Set(dates);
  const usable = (date: string) =>
    onAxis.has(date) && !isClosure(date) && inEvent(events, date) === undefined
      ? (byDate.get(date) ?? 0)
      : undefined;
  const filledDates: string[] = [];
  const values = dates.map((date) => {
    const closed = isClosure(date);
    if (!closed && inEvent(events, date) === undefined) return byDate.get(date) ?? 0;
    if (closed) filledDates.push(date);
    return baselineOf(date, usable) ?? byDate.get(date) ?? 0;
  });
  return { dates, values, filledDates };
}

/**
 * Each event's uplift by name: the one given (an event may come twice, given once), else what its
 * days in history sold over their baselines (the same weekdays in the weeks around), else null: an
 * event never seen and given no figure, which the plan says it could not weigh.
 */
export function eventUplifts(
  events: readonly PlannerEvent[],
  byDate: ReadonlyMap<string, number>,
): Map<string, { uplift: number | null; measuredOn: string[] }> {
  const uplifts = new Map<string, { uplift: number | null; measuredOn: string[] }>();
  const usable = (date: string) => (inEvent(events, date) === undefined ? byDate.get(date) : undefined);
  for (const name of new Set(events.map((event) => event.name))) {
    const occurrences = events.filter((event) => event.name === name);
    const given = occurrences.find((event) => event.uplift !== null);
    if (given !== undefined) {
      uplifts.set(name, { uplift: given.uplift, measuredOn: [] });
      continue;
    }
    let actual = 0;
    let baseline = 0;
    const measuredOn: string[] = [];
    for (const event of occurrences)
      for (let date = event.from; date <= event.to; date = addDays(date, 1)) {
        const value = byDate.get(date);
        const usual = baselineOf(date, usable);
        if (value === undefined || usual === null) continue;
        actual += value;
        baseline += usual;
        measuredOn.push(date);
      }
    uplifts.set(name, { uplift: baseline > 0 ? actual / baseline : null, measuredOn });
  }
  return uplifts;
}

/** The event on `date` and its uplift, if any is known. */
export function upliftOn(
  date: string,
  events: readonly PlannerEvent[],
  uplifts: ReadonlyMap<string, { uplift: number | null }>,
): number {
  const event = inEvent(events, date);
  return event === undefined ? 1 : (uplifts.get(event.name)?.uplift ?? 1);
}

/** Sums consecutive runs of `period` values ending with the last: weeks of open days. */
export function weeklyTotals(values: readonly number[], period: number): number[] {
  const weeks: number[] = [];
  for (let end = values.length; end - period >= 0; end -= period)
    weeks.unshift(values.slice(end - period, end).reduce((sum, value) => sum + value, 0));
  return weeks;
}

/**
 * Intermittent demand: sold on fewer than one open day in 1.32 on average (the average demand
 * interval cut-off of Syntetos & Boylan, 2005). Such a SKU is forecast by the week, not the day.
 */
export function isIntermittent(values: readonly number[]): boolean {
  const selling = values.filter((value) => value > 0).length;
  return selling === 0 || values.length / selling > 1.32;
}
