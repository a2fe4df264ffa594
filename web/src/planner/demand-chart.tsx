/**
 * Orders per day: the last weeks of history, then the window's forecast with its 80 % and 95 %
 * intervals as filled bands, what the held-out days sold when the plan was back-tested, and a shade
 * on each event day and closed day.
 */
import { useMemo } from 'preact/hooks';
import uPlot from 'uplot';
import type { Forecast, ForecastDay } from '../../../src/planner/contract.js';
import { civilDate, figure } from '../format.js';
import { addDays, daySeconds, daysFrom } from './days.js';
import { range } from './marks.js';
import { axis, chartColors, type LegendItem, PlanChart } from './plan-chart.js';

/** History shown before its last day: enough for the weekly pattern and the trend into the window. */
const historyShownWeeks = 12;
const halfDayS = 43_200;

const tickDay = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });

interface DayShade {
  readonly x: number;
  readonly color: string;
}

/** Shades whole days behind the lines: drawn after the canvas is cleared, before the grid and series. */
function shadeDays(shades: readonly DayShade[]): uPlot.Plugin {
  return {
    hooks: {
      drawClear: (chart: uPlot) => {
        const { left, top, width, height } = chart.bbox;
        const context = chart.ctx;
        context.save();
        for (const shade of shades) {
          const from = Math.max(left, chart.valToPos(shade.x - halfDayS, 'x', true));
          const to = Math.min(left + width, chart.valToPos(shade.x + halfDayS, 'x', true));
          if (to <= from) continue;
          context.fillStyle = shade.color;
          context.fillRect(from, top, to - from, height);
        }
        context.restore();
      },
    },
  };
}

function later(a: string, b: string): string {
  return a > b ? a : b;
}

function earlier(a: string, b: string): string {
  return a < b ? a : b;
}

/** The chart's days, figures and shades, from the plan alone. */
function demandFigures(forecast: Forecast) {
  const shownFrom = earlier(
    later(forecast.history_from, addDays(forecast.trained_until, -(7 * historyShownWeeks - 1))),
    forecast.window.from,
  );
  const days = daysFrom(shownFrom, forecast.window.to);
  const pastOrders = new Map(forecast.history.map((day) => [day.date, day.orders]));
  const windowDays = new Map(forecast.daily.map((day) => [day.date, day]));
  const inWindow = (pick: (day: ForecastDay) => number | null) =>
    days.map((date) => {
      const day = windowDays.get(date);
      return day === undefined ? null : pick(day);
    });
  // A day of history without orders sold none: the shop was closed.
  const history = days.map((date) =>
    date < forecast.history_from || date > forecast.trained_until ? null : (pastOrders.get(date) ?? 0),
  );
  const withActuals = forecast.daily.some((day) => day.actual_orders !== null);
  const data: uPlot.AlignedData = [
    days.map(daySeconds),
    history,
    inWindow((day) => day.orders_high95),
    inWindow((day) => day.orders_low95),
    inWindow((day) => day.orders_high80),
    inWindow((day) => day.orders_low80),
    inWindow((day) => day.orders),
    ...(withActuals ? [inWindow((day) => day.actual_orders)] : []),
  ];
  const shades: DayShade[] = forecast.daily.flatMap((day) =>
    day.event !== null
      ? [{ x: daySeconds(day.date), color: `${chartColors.event}33` }]
      : !day.open
        ? [{ x: daySeconds(day.date), color: `${chartColors.closed}1f` }]
        : [],
  );
  return { shownFrom, data, shades, withActuals };
}

/** The chart in words, for whoever cannot see it. */
function describe(forecast: Forecast, shownFrom: string): string {
  const open = forecast.daily.filter((day) => day.open);
  const total = open.reduce((sum, day) => sum + day.orders, 0);
  const busiest = open.reduce<ForecastDay | null>(
    (best, day) => (best === null || day.orders > best.orders ? day : best),
    null,
  );
  const events = [...new Set(forecast.daily.flatMap((day) => (day.event === null ? [] : [day.event])))];
  return [
    `history from ${civilDate(shownFrom)} to ${civilDate(forecast.trained_until)}`,
    `forecast of ${figure(total)} orders from ${civilDate(forecast.window.from)} to ${civilDate(forecast.window.to)}`,
    busiest === null
      ? 'no open day'
      : `busiest ${civilDate(busiest.date)} with ${figure(busiest.orders)} orders (95 %: ${range(busiest.orders_low95, busiest.orders_high95)})`,
    ...(events.length > 0 ? [`event days: ${events.join(', ')}`] : []),
  ].join('; ');
}

function line(label: string, color: string, extra: uPlot.Series = {}): uPlot.Series {
  return { label, stroke: color, width: 2, points: { show: false }, ...extra };
}

/** An edge of a band: drawn only as the band's fill. */
function bandEdge(label: string): uPlot.Series {
  return { label, stroke: 'transparent', width: 0, points: { show: false } };
}

export function DemandChart({ forecast }: { forecast: Forecast }) {
  const figures = useMemo(() => demandFigures(forecast), [forecast]);
  const options: Omit<uPlot.Options, 'width' | 'height'> = {
    tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC'),
    cursor: { show: false },
    scales: {
      x: { time: true },
      y: { range: (_chart, _min, max) => [0, Math.max(1, max * 1.05)] },
    },
    axes: [
      // Room for "28 Sept" between ticks: uPlot's default spacing lets dates run into each other.
      axis({ space: 70, values: (_chart, ticks) => ticks.map((tick) => tickDay.format(tick * 1000)) }),
      axis({ size: 56, values: (_chart, ticks) => ticks.map((tick) => figure(tick)) }),
    ],
    series: [
      {},
      line('History', chartColors.history, { spanGaps: false }),
      bandEdge('95 % high'),
      bandEdge('95 % low'),
      bandEdge('80 % high'),
      bandEdge('80 % low'),
      line('Forecast', chartColors.forecast, { width: 2.5 }),
      ...(figures.withActuals
        ? [line('Sold', chartColors.actual, { dash: [6, 4], points: { show: true, size: 5 } })]
        : []),
    ],
    bands: [
      { series: [2, 3], fill: `${chartColors.forecast}26` },
      { series: [4, 5], fill: `${chartColors.forecast}4d` },
    ],
    plugins: [shadeDays(figures.shades)],
  };
  const legend: LegendItem[] = [
    { label: 'History', color: chartColors.history, mark: 'line' },
    { label: 'Forecast', color: chartColors.forecast, mark: 'line' },
    { label: '80 %', color: `${chartColors.forecast}99`, mark: 'area' },
    { label: '95 %', color: `${chartColors.forecast}4d`, mark: 'area' },
    ...(figures.withActuals ? [{ label: 'Sold', color: chartColors.actual, mark: 'line' } as const] : []),
    ...(forecast.daily.some((day) => day.event !== null)
      ? [{ label: 'Event day', color: `${chartColors.event}66`, mark: 'shade' } as const]
      : []),
    ...(forecast.daily.some((day) => !day.open)
      ? [{ label: 'Closed', color: `${chartColors.closed}55`, mark: 'shade' } as const]
      : []),
  ];
  return (
    <PlanChart
      title="Orders per day"
      description={describe(forecast, figures.shownFrom)}
      legend={legend}
      data={figures.data}
      options={options}
    />
  );
}
