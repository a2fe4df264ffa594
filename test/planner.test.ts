/**
 * The peak planner on real history: the back-test of the forecast on the UCI Online Retail shop's
 * days (scenarios/online-retail/daily.csv), trained to 15 September 2011 and scored on the weeks to
 * 31 October; and `affluence plan` run as a planner runs it, on a history file.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Forecast, PeakPlan } from '../src/planner/contract.js';
import { addDays, weekdayOf } from '../src/planner/core/calendar.js';
import { DemandHistory } from '../src/planner/core/demand.js';
import { type ForecastRequest, forecastWindow } from '../src/planner/forecast/forecast.js';
import { syntheticHistory } from './support/planner-history.js';

const run = promisify(execFile);
const daily = fileURLToPath(new URL('../scenarios/online-retail/daily.csv', import.meta.url));
const sample = fileURLToPath(new URL('../scenarios/online-retail/sample.csv', import.meta.url));

/** The shop's days as orders: each day's first order carries its units and revenue, so every figure is the day's own. */
function realHistory(): DemandHistory {
  const demand = new DemandHistory();
  for (const row of readFileSync(daily, 'utf8').trim().split('\n').slice(1)) {
    const [date, orders, units, revenue] = row.split(',') as [string, string, string, string];
    for (let order = 0; order < Number(orders); order += 1)
      demand.add({
        date,
        minuteOfDay: 600,
        lines: [
          order === 0
            ? { sku: 'ALL', quantity: Number(units), amountMinor: Number(revenue) }
            : { sku: 'ALL', quantity: 0, amountMinor: 0 },
        ],
      });
  }
  return demand;
}

/** The real shop's forecast of `window`, learning from its whole history unless told otherwise. */
function forecastOf(window: { from: string; to: string }, overrides: Partial<ForecastRequest> = {}) {
  return forecastWindow({
    demand: realHistory(),
    currency: 'GBP',
    window,
    trainUntil: null,
    openWeekdays: null,
    closedDates: new Set(),
    events: [],
    skusTop: 1,
    serviceLevel: 0.95,
    ...overrides,
  });
}

describe('the forecast, back-tested on a real shop', () => {
  let forecast: Forecast;

  beforeAll(() => {
    const made = forecastOf({ from: '2011-09-16', to: '2011-10-31' }, { trainUntil: '2011-09-15' });
    if (!made.ok) throw new Error(made.message);
    forecast = made.value;
  });

  it('learns the shop never trades on Saturdays, and took its Christmas closure and bank holidays for closures', () => {
    expect(forecast.open_weekdays).toEqual([1, 2, 3, 4, 5, 7]);
    const saturdays = forecast.daily.filter((day) => weekdayOf(day.date) === 6);
    expect(saturdays.length).toBe(7);
    expect(saturdays.every((day) => !day.open && day.orders === 0 && day.orders_high95 === 0)).toBe(true);
    // Closed 2010-12-24 to 2011-01-03: its open weekdays are filled, not learnt as days of no sale.
    expect(forecast.filled_dates).toEqual(
      expect.arrayContaining([
        '2010-12-24',
        '2010-12-27',
        '2010-12-31',
        '2011-01-03',
        '2011-04-22',
        '2011-08-29',
      ]),
    );
  });

  it('forecasts with the model that back-tested best, and prints every candidate’s score', () => {
    for (const choice of forecast.models) {
      expect(choice.backtest.map((score) => score.model)).toEqual(['seasonal_naive', 'ets', 'mstl']);
      expect(choice.horizon_days).toBe(39);
      const best = Math.min(...choice.backtest.map((score) => score.mase ?? Infinity));
      expect(choice.backtest.find((score) => score.model === choice.chosen)?.mase).toBe(best);
      expect(choice.backtest.every((score) => score.origins === 4)).toBe(true);
    }
    // On this shop's orders the weekly pattern with a smoothed trend beats "the same as last week".
    const orders = forecast.models.find((choice) => choice.figure === 'orders')!;
    expect(orders.chosen).not.toBe('seasonal_naive');
  });

  it('scores the weeks to 31 October against what the shop sold, as a reader would recompute them', () => {
    const days = forecast.daily.filter((day) => day.actual_orders !== null);
    expect(days).toHaveLength(39);
    const orders = forecast.held_out.find((score) => score.figure === 'orders')!;
    expect(orders.days).toBe(39);
    const errors = days.reduce((sum, day) => sum + Math.abs(day.actual_orders! - day.orders), 0);
    const sold = days.reduce((sum, day) => sum + day.actual_orders!, 0);
    // The days show rounded forecasts; the score is of the unrounded ones.
    expect(orders.wape).toBeCloseTo(errors / sold, 2);
    // The autumn's rise is not in a history that starts in December: about a fifth off, day by day.
    expect(orders.wape).toBeLessThan(0.3);
    expect(orders.seasonal_naive_wape).not.toBeNull();
    for (const day of days) {
      expect(day.orders_low95).toBeLessThanOrEqual(day.orders_low80);
      expect(day.orders_low80).toBeLessThanOrEqual(day.orders);
      expect(day.orders).toBeLessThanOrEqual(day.orders_high80);
      expect(day.orders_high80).toBeLessThanOrEqual(day.orders_high95);
    }
  });

  it('lifts the days of a known event by its uplift, and says when it knows none', () => {
    const made = forecastOf(
      { from: '2011-11-21', to: '2011-11-27' },
      {
        closedDates: new Set(['2011-11-24']),
        events: [
          { name: 'Black Friday', from: '2011-11-25', to: '2011-11-25', uplift: 2 },
          { name: 'Launch', from: '2011-11-21', to: '2011-11-21', uplift: null },
        ],
      },
    );
    if (!made.ok) throw new Error(made.message);
    const day = (date: string) => made.value.daily.find((each) => each.date === date)!;
    expect(day('2011-11-24')).toMatchObject({ open: false, orders: 0 });
    expect(day('2011-11-25').event).toBe('Black Friday');
    // Friday against the Friday before the week: the model is the same, the uplift doubles it.
    const plain = forecastOf(
      { from: '2011-11-25', to: '2011-11-25' },
      { closedDates: new Set(['2011-11-24']) },
    );
    if (!plain.ok) throw new Error(plain.message);
    expect(day('2011-11-25').orders).toBeCloseTo(2 * plain.value.daily[0]!.orders, -1);
    expect(made.value.events.find((event) => event.name === 'Launch')).toMatchObject({
      uplift: null,
      measured_on: [],
    });
  });

  it('refuses a window that starts inside the history it learns from, and a history too short', () => {
    const overlap = forecastOf({ from: '2011-10-01', to: '2011-10-31' });
    expect(overlap).toMatchObject({ ok: false, code: 'validation_failed' });
    const short = new DemandHistory();
    short.add({ date: '2011-10-03', minuteOfDay: 0, lines: [{ sku: 'A', quantity: 1, amountMinor: 1 }] });
    const tooShort = forecastOf({ from: '2011-11-01', to: '2011-11-30' }, { demand: short });
    expect(tooShort).toMatchObject({ ok: false, code: 'history_too_short' });
  });
});

describe('affluence plan', () => {
  const directory = mkdtempSync(join(tmpdir(), 'affluence-plan-'));
  const history = join(directory, 'history.csv');

  function affluence(...args: string[]) {
    return run(process.execPath, ['dist/cli/main.js', 'plan', ...args], { timeout: 60_000 }).then(
      (done) => ({ code: 0, ...done }),
      (failed: { code: number; stdout: string; stderr: string }) => failed,
    );
  }

  beforeAll(() => writeFileSync(history, syntheticHistory()));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('writes plan.json and report.md for a window, from a history file', async () => {
    const out = join(directory, 'plan');
    const done = await affluence(
      '--history',
      history,
      '--window',
      '2011-10-24..2011-11-06',
      '--out',
      out,
      '--event',
      'Autumn sale:2011-11-02..2011-11-03:1.5',
      '--capacity',
      '0.01',
      '--lead-time-days',
      '7',
    );
    expect(done.stderr).not.toMatch(/Error/);
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/Plan for 2011-10-24 to 2011-11-06: [\d,]+ orders forecast/);
    const plan = JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8')) as PeakPlan;
    expect(plan.forecast.daily).toHaveLength(14);
    expect(plan.forecast.daily[0]).toEqual(
      expect.objectContaining({
        date: '2011-10-24',
        orders: expect.any(Number),
        orders_low80: expect.any(Number),
        orders_high80: expect.any(Number),
        units: expect.any(Number),
        revenue_minor: expect.any(Number),
      }),
    );
    // Monday's orders are about the 20 of every Monday of the history; Saturdays closed.
    expect(plan.forecast.daily[0]!.orders).toBeGreaterThanOrEqual(17);
    expect(plan.forecast.daily[0]!.orders).toBeLessThanOrEqual(23);
    expect(plan.forecast.daily.find((day) => day.date === '2011-10-29')).toMatchObject({
      open: false,
      orders: 0,
    });
    // Postage is no product: the two SKUs are the top sellers, named from the file.
    expect(plan.forecast.skus.map((sku) => [sku.sku, sku.name])).toEqual([
      ['85123A', 'WHITE HANGING HEART T-LIGHT HOLDER'],
      ['22423', 'REGENCY CAKESTAND 3 TIER'],
    ]);
    // The window opens the day after the history: a week's lead time is already missed.
    const [heart] = plan.stock.lines;
    expect(heart).toMatchObject({
      sku: '85123A',
      available: null,
      on_order: null,
      lead_time_days: 7,
      late: true,
    });
    expect(heart!.to_order).toBe(heart!.need);
    expect(heart!.order_by).toBe(addDays('2011-10-24', -7));
    expect(plan.warnings.join(' ')).toMatch(/2 SKUs should have been ordered already/);
    expect(plan.capacity.enough).toBe(false);
    expect(plan.warnings.join(' ')).toMatch(/under 3×/);
    // Staff for every open day, by the assumptions the plan states; agents by Erlang C.
    expect(plan.staff.days).toHaveLength(12);
    expect(plan.staff.assumptions).toMatchObject({
      contacts_per_order: 0.1,
      contacts_per_order_measured: false,
      patience_s: null,
    });
    for (const day of plan.staff.days) expect(day.pickers).toBe(Math.ceil(day.units / (60 * 7.5)));
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toContain('## Staff');
    expect(report).toContain('Agents by Erlang C');
    expect(report).toContain('# Peak readiness: 2011-10-24 to 2011-11-06');
    expect(report).toContain('| 2011-10-29 | closed |');
    expect(report).toContain('Autumn sale');
    // The page opens from disk: the plan is inside it (test/plan-report.test.ts reads it in Chromium).
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('id="plan"');
  });

  it('refuses a history too short to learn a week from, writing nothing', async () => {
    const out = join(directory, 'short');
    const done = await affluence('--history', sample, '--window', '2011-11-01..2011-11-30', '--out', out);
    expect(done.code).toBe(1);
    expect(done.stderr).toMatch(/at least 9 weeks of trading/);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses bad options before reading anything', async () => {
    const out = join(directory, 'bad');
    const reversed = await affluence(
      '--history',
      history,
      '--window',
      '2011-11-30..2011-11-01',
      '--out',
      out,
    );
    expect(reversed.code).toBe(1);
    expect(reversed.stderr).toMatch(/2011-11-01 is before 2011-11-30/);
    const both = await affluence(
      '--history',
      history,
      '--store',
      '--window',
      '2011-11-01..2011-11-30',
      '--out',
      out,
    );
    expect(both.stderr).toMatch(/--history FILE, or --store/);
    expect(existsSync(out)).toBe(false);
  });
});
