/**
 * Return rates: units returned against units delivered, by ISO week (a bar each), by SKU and by
 * reason, over a range of weeks and one channel or all. The range is in the address, so a reload or
 * a shared link shows the same report.
 */
import { useState } from 'preact/hooks';
import type { Channel } from '../../../src/catalog/contract.js';
import type { limits as serverLimits } from '../../../src/platform/core/limits.js';
import type { ReturnsAnalytics, WeekFigures } from '../../../src/returns/contract.js';
import { api, query } from '../api.js';
import { ErrorNote, Field, inputValue } from '../components/forms.js';
import { Link } from '../components/link.js';
import { useLoad } from '../components/load.js';
import { civilDate, figure } from '../format.js';
import { navigate } from '../router.js';
import { rate, reasonLabels } from './marks.js';
import { ReturnsTabs } from './tabs.js';

type Figures = ReturnsAnalytics['totals'];
type ServerLimits = typeof serverLimits;
const reportWeeksDefault: ServerLimits['returnsReportWeeksDefault'] = 13;
const reportWeeksMax: ServerLimits['returnsReportWeeksMax'] = 53;

function rangeOf(search: URLSearchParams) {
  return {
    from: search.get('from') ?? '',
    to: search.get('to') ?? '',
    channel: search.get('channel') ?? '',
  };
}

function FigureCells({ figures }: { figures: Figures }) {
  return (
    <>
      <td class="num">{figure(figures.delivered)}</td>
      <td class="num">{figure(figures.returned)}</td>
      <td class="num">{figure(figures.received)}</td>
      <td class="num strong">{rate(figures.rate_bp)}</td>
    </>
  );
}

function FigureHeads() {
  return (
    <>
      <th scope="col" class="num">
        Delivered
      </th>
      <th scope="col" class="num">
        Returned
      </th>
      <th scope="col" class="num">
        Back so far
      </th>
      <th scope="col" class="num">
        Rate
      </th>
    </>
  );
}

/** What a week's bar says to a screen reader and on hover. */
function weekText(week: WeekFigures): string {
  return `${week.week} (from ${civilDate(week.starts_on)}): ${rate(week.rate_bp)}, ${week.returned} returned of ${week.delivered} delivered`;
}

/**
 * A bar per week, its height the week's rate against the highest of the range. After a peak the rate
 * swells as deliveries fall while the peak's returns come in: it may pass 100 %, the scale follows.
 */
function WeekBars({ weeks }: { weeks: readonly WeekFigures[] }) {
  const highestBp = Math.max(0, ...weeks.map((week) => week.rate_bp ?? 0));
  return (
    <div class="returns-chart">
      <div class="returns-chart-peak">{highestBp > 0 ? rate(highestBp) : 'no return'}</div>
      <ol class="returns-weeks" aria-label="Return rate by week">
        {weeks.map((week) => (
          <li
            key={week.week}
            class={`returns-week${week.rate_bp === null ? ' returns-no-delivery' : ''}`}
            data-week={week.week}
            title={weekText(week)}
          >
            <span class="visually-hidden">{weekText(week)}</span>
            <span class="returns-week-track" aria-hidden="true">
              <span
                class="returns-week-bar"
                style={{
                  height: `${highestBp === 0 ? 0 : ((week.rate_bp ?? 0) / highestBp) * 100}%`,
                }}
              />
            </span>
            <span class="returns-week-label" aria-hidden="true">
              {week.week.slice(5)}
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}

function Report({ report }: { report: ReturnsAnalytics }) {
  const { totals } = report;
  return (
    <>
      <p class="returns-period" data-period>
        From {civilDate(report.from)} to {civilDate(report.to)} ({report.channel ?? 'every channel'}):{' '}
        <strong>{rate(totals.rate_bp)}</strong> returned ({figure(totals.returned)} of{' '}
        {figure(totals.delivered)} units delivered, {figure(totals.received)} back so far).{' '}
        <span class="muted">Weeks of {report.time_zone}.</span>
      </p>
      <div class="card">
        <h2>By week</h2>
        <WeekBars weeks={report.by_week} />
        <p class="muted">
          A unit returned counts in the week its return was authorised, a unit delivered in the week it was
          delivered.
        </p>
      </div>
      <div class="columns">
        <div class="card">
          <h2>By SKU</h2>
          {report.by_sku.length === 0 ? (
            <p class="empty">No SKU returned in the period.</p>
          ) : (
            <table class="rows" aria-label="Return rate by SKU">
              <thead>
                <tr>
                  <th scope="col">SKU</th>
                  <FigureHeads />
                </tr>
              </thead>
              <tbody>
                {report.by_sku.map((row) => (
                  <tr key={row.sku} data-rate-sku={row.sku}>
                    <td>
                      <Link to={`/stock/${encodeURIComponent(row.sku)}`}>{row.sku}</Link>
                      <div class="muted">{row.name}</div>
                    </td>
                    <FigureCells figures={row} />
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {report.skus_more > 0 && <p class="muted">And {report.skus_more} more SKUs returned less.</p>}
        </div>
        <div class="card">
          <h2>By reason</h2>
          <table class="rows" aria-label="Return rate by reason">
            <thead>
              <tr>
                <th scope="col">Reason</th>
                <FigureHeads />
              </tr>
            </thead>
            <tbody>
              {report.by_reason.map((row) => (
                <tr key={row.reason} data-rate-reason={row.reason}>
                  <td>{reasonLabels[row.reason]}</td>
                  <FigureCells figures={row} />
                </tr>
              ))}
            </tbody>
          </table>
          <p class="muted">Each reason against all the period’s deliveries.</p>
        </div>
      </div>
    </>
  );
}

export function ReturnRatesPage({ search }: { search: URLSearchParams }) {
  const range = rangeOf(search);
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
  const channels = useLoad(() => api<{ data: Channel[] }>('GET', '/v1/channels'), []);
  const report = useLoad(
    () => api<ReturnsAnalytics>('GET', `/v1/returns/analytics${query(range)}`),
    [range.from, range.to, range.channel],
  );
  const show = (change: Partial<ReturnType<typeof rangeOf>>) =>
    navigate(`/returns/rates${query({ ...range, ...change })}`);
  return (
    <section>
      <h1>Return rates</h1>
      <ReturnsTabs current="/returns/rates" />
      <form
        class="toolbar"
        onSubmit={(event) => {
          event.preventDefault();
          show({ from, to });
        }}
      >
        <Field label="From">
          <input type="date" value={from} onInput={(event) => setFrom(inputValue(event))} />
        </Field>
        <Field label="To">
          <input type="date" value={to} onInput={(event) => setTo(inputValue(event))} />
        </Field>
        <Field label="Channel">
          <select value={range.channel} onChange={(event) => show({ channel: inputValue(event) })}>
            <option value="">all</option>
            {channels.data?.data.map((channel) => (
              <option key={channel.code} value={channel.code}>
                {channel.name}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" class="primary">
          Show
        </button>
      </form>
      <p class="muted">
        Whole weeks, Monday to Sunday, from the week of the first day to that of the last. Left empty, the{' '}
        {reportWeeksDefault} weeks up to this one; {reportWeeksMax} weeks at most.
      </p>
      <ErrorNote error={report.error ?? channels.error} />
      {report.data !== undefined && <Report report={report.data} />}
    </section>
  );
}
