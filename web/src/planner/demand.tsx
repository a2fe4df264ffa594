/** The demand the window will bring: the chart, the totals, day by day, and how far to trust the forecast. */
import type { Forecast, ForecastDay } from '../../../src/planner/contract.js';
import { civilDate, figure, money, percent } from '../format.js';
import { weekdayNames } from './days.js';
import { DemandChart } from './demand-chart.js';
import { decimal, figureNames, modelName, range } from './marks.js';

function sumOf(days: readonly ForecastDay[], pick: (day: ForecastDay) => number): number {
  return days.reduce((total, day) => total + pick(day), 0);
}

/** One total of the window: its figure, and the sum of the days' 80 % bounds under it. */
function Tile({
  kind,
  label,
  value,
  low,
  high,
}: {
  kind: string;
  label: string;
  value: string;
  low: string;
  high: string;
}) {
  return (
    <div class="tile" data-total={kind}>
      <span class="plan-tile-label">{label}</span>
      <span class="tile-value">{value}</span>
      <span class="tile-note">
        80 %: {low}–{high}
      </span>
    </div>
  );
}

function Totals({ forecast }: { forecast: Forecast }) {
  const open = forecast.daily.filter((day) => day.open);
  const closed = forecast.daily.length - open.length;
  const count = (pick: (day: ForecastDay) => number) => figure(sumOf(open, pick));
  const revenue = (pick: (day: ForecastDay) => number) => money(sumOf(open, pick), forecast.currency);
  return (
    <div class="tiles plan-totals">
      <Tile
        kind="orders"
        label="Orders"
        value={count((day) => day.orders)}
        low={count((day) => day.orders_low80)}
        high={count((day) => day.orders_high80)}
      />
      <Tile
        kind="units"
        label="Units"
        value={count((day) => day.units)}
        low={count((day) => day.units_low80)}
        high={count((day) => day.units_high80)}
      />
      <Tile
        kind="revenue"
        label="Revenue"
        value={revenue((day) => day.revenue_minor)}
        low={revenue((day) => day.revenue_low80_minor)}
        high={revenue((day) => day.revenue_high80_minor)}
      />
      <div class="tile" data-total="days">
        <span class="plan-tile-label">Open days</span>
        <span class="tile-value">{open.length}</span>
        <span class="tile-note">
          of {forecast.daily.length}
          {closed > 0 ? `, ${closed} closed` : ''}
        </span>
      </div>
    </div>
  );
}

function Days({ forecast }: { forecast: Forecast }) {
  const withActuals = forecast.daily.some((day) => day.actual_orders !== null);
  const columns = withActuals ? 8 : 7;
  return (
    <table class="rows plan-days">
      <caption>Day by day: orders with their 80 % and 95 % intervals, units and revenue</caption>
      <thead>
        <tr>
          <th scope="col">Date</th>
          <th scope="col" class="num">
            Orders
          </th>
          <th scope="col" class="num">
            80 %
          </th>
          <th scope="col" class="num">
            95 %
          </th>
          {withActuals && (
            <th scope="col" class="num">
              Sold
            </th>
          )}
          <th scope="col" class="num">
            Units
          </th>
          <th scope="col" class="num">
            Revenue
          </th>
          <th scope="col">Event</th>
        </tr>
      </thead>
      <tbody>
        {forecast.daily.map((day) =>
          day.open ? (
            <tr key={day.date} data-day={day.date} class={day.event === null ? '' : 'plan-event-day'}>
              <th scope="row">{civilDate(day.date)}</th>
              <td class="num strong">{figure(day.orders)}</td>
              <td class="num">{range(day.orders_low80, day.orders_high80)}</td>
              <td class="num muted">{range(day.orders_low95, day.orders_high95)}</td>
              {withActuals && <td class="num">{figure(day.actual_orders)}</td>}
              <td class="num">{figure(day.units)}</td>
              <td class="num">{money(day.revenue_minor, forecast.currency)}</td>
              <td>{day.event === null ? '' : <span class="badge plan-event">{day.event}</span>}</td>
            </tr>
          ) : (
            <tr key={day.date} data-day={day.date} class="plan-closed-day">
              <th scope="row">{civilDate(day.date)}</th>
              <td colSpan={columns - 1} class="muted">
                Closed
              </td>
            </tr>
          ),
        )}
      </tbody>
    </table>
  );
}

function Models({ forecast }: { forecast: Forecast }) {
  const horizonDays = forecast.models[0]?.horizon_days ?? 0;
  const origins = forecast.models[0]?.backtest[0]?.origins ?? 0;
  return (
    <table class="rows plan-models">
      <caption>
        How the forecast was chosen: each model forecast {horizonDays} open days ahead from {origins} rolling
        origins of the history; the lowest MASE made the forecast (under 1 beats “the same as last week”).
      </caption>
      <thead>
        <tr>
          <th scope="col">Figure</th>
          <th scope="col">Model</th>
          <th scope="col" class="num">
            WAPE
          </th>
          <th scope="col" class="num">
            MASE
          </th>
          <th scope="col" class="num">
            Origins
          </th>
          <th scope="col">Chosen</th>
        </tr>
      </thead>
      {forecast.models.map((choice) => (
        <tbody key={choice.figure}>
          {choice.backtest.map((score, index) => {
            const chosen = score.model === choice.chosen;
            return (
              <tr
                key={score.model}
                class={chosen ? 'plan-chosen' : ''}
                data-model={`${choice.figure}:${score.model}`}
              >
                {index === 0 && (
                  <th scope="rowgroup" rowSpan={choice.backtest.length}>
                    {figureNames[choice.figure]}
                  </th>
                )}
                <td>{modelName(score.model)}</td>
                <td class="num">{percent(score.wape)}</td>
                <td class="num">{decimal(score.mase)}</td>
                <td class="num">{score.origins}</td>
                <td>{chosen ? <span class="badge plan-chosen-badge">chosen</span> : ''}</td>
              </tr>
            );
          })}
        </tbody>
      ))}
    </table>
  );
}

function HeldOut({ forecast }: { forecast: Forecast }) {
  return (
    <table class="rows plan-held-out">
      <caption>
        Against the history held out after {civilDate(forecast.trained_until)}: the forecast’s errors next to
        those of “the same as last week”
      </caption>
      <thead>
        <tr>
          <th scope="col">Figure</th>
          <th scope="col" class="num">
            Days
          </th>
          <th scope="col" class="num">
            WAPE
          </th>
          <th scope="col" class="num">
            MASE
          </th>
          <th scope="col" class="num">
            Seasonal naive WAPE
          </th>
          <th scope="col" class="num">
            Seasonal naive MASE
          </th>
        </tr>
      </thead>
      <tbody>
        {forecast.held_out.map((score) => (
          <tr key={score.figure} data-held-out={score.figure}>
            <th scope="row">{figureNames[score.figure]}</th>
            <td class="num">{score.days}</td>
            <td class="num strong">{percent(score.wape)}</td>
            <td class="num">{decimal(score.mase)}</td>
            <td class="num">{percent(score.seasonal_naive_wape)}</td>
            <td class="num">{decimal(score.seasonal_naive_mase)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Events({ forecast }: { forecast: Forecast }) {
  return (
    <table class="rows plan-events">
      <caption>Events: the uplift applied to their days</caption>
      <thead>
        <tr>
          <th scope="col">Event</th>
          <th scope="col">From</th>
          <th scope="col">To</th>
          <th scope="col" class="num">
            Uplift
          </th>
          <th scope="col">Known from</th>
        </tr>
      </thead>
      <tbody>
        {forecast.events.map((event) => (
          <tr key={`${event.name}-${event.from}`} data-event={event.name}>
            <th scope="row">{event.name}</th>
            <td>{civilDate(event.from)}</td>
            <td>{civilDate(event.to)}</td>
            <td class="num">{event.uplift === null ? 'unknown' : `×${event.uplift.toFixed(2)}`}</td>
            <td>
              {event.measured_on.length > 0
                ? `measured on ${event.measured_on.length} days of history`
                : event.uplift === null
                  ? 'not applied: never seen, none given'
                  : 'given'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Demand({ forecast }: { forecast: Forecast }) {
  return (
    <section class="plan-section" aria-labelledby="plan-demand">
      <h2 id="plan-demand">Demand</h2>
      <DemandChart forecast={forecast} />
      <Totals forecast={forecast} />
      <p class="muted plan-note">
        The shop trades on {weekdayNames(forecast.open_weekdays)}.{' '}
        {forecast.filled_dates.length > 0 &&
          `${forecast.filled_dates.length} open ${forecast.filled_dates.length === 1 ? 'day' : 'days'} of history without orders ${forecast.filled_dates.length === 1 ? 'was' : 'were'} taken as closures and filled from the weeks around. `}
        Totals add up each open day’s bounds, which is wider than the window’s own interval.
      </p>
      <div class="card">
        <Days forecast={forecast} />
      </div>
      {forecast.events.length > 0 && (
        <div class="card">
          <Events forecast={forecast} />
        </div>
      )}
      <div class="card">
        <Models forecast={forecast} />
        {forecast.held_out.length > 0 && <HeldOut forecast={forecast} />}
      </div>
    </section>
  );
}
