/** The wall's three charts: orders against last week, latency, and traffic with what went wrong. */
import { useMemo } from 'preact/hooks';
import type { Overview, SeriesPoint } from '../../../../src/ops/contract.js';
import { Chart } from '../../components/chart.js';
import { figure, milliseconds } from '../../format.js';

const weekS = 7 * 24 * 60 * 60;
const colors = { now: '#3ddc97', before: '#7d8da1', p50: '#4aa3ff', p99: '#ffb020', errors: '#ff5c5c' };

const epochS = (instant: string) => Date.parse(instant) / 1000;

/** A minute still running counts per second over the seconds it has had, so it does not dip. */
function perSecond(point: SeriesPoint, count: number): number | null {
  return point.covered_s > 0 ? count / point.covered_s : null;
}

function ordersData(overview: Overview) {
  const thisHour = overview.orders_per_min.this_hour;
  // Last week's minutes are drawn at this week's instants, one line over the other.
  const before = new Map(
    overview.orders_per_min.same_hour_last_week.map((point) => [epochS(point.at) + weekS, point.value]),
  );
  const x = thisHour.map((point) => epochS(point.at));
  return [x, thisHour.map((point) => point.value), x.map((at) => before.get(at) ?? null)] as [
    number[],
    number[],
    (number | null)[],
  ];
}

export function Charts({ overview }: { overview: Overview }) {
  const orders = useMemo(() => ordersData(overview), [overview]);
  const series = overview.series;
  const latency = useMemo(
    () =>
      [
        series.map((point) => epochS(point.at)),
        series.map((point) => point.latency_p50_ms),
        series.map((point) => point.latency_p99_ms),
      ] as [number[], (number | null)[], (number | null)[]],
    [series],
  );
  const traffic = useMemo(
    () =>
      [
        series.map((point) => epochS(point.at)),
        series.map((point) => perSecond(point, point.requests)),
        series.map((point) => perSecond(point, point.errors + point.refusals)),
      ] as [number[], (number | null)[], (number | null)[]],
    [series],
  );
  const now = overview.now;
  const lastMinute = orders[1].at(-1) ?? 0;
  const lastMinuteBefore = orders[2].at(-1) ?? 0;
  return (
    <div class="charts">
      <Chart
        title="Orders per minute, this hour"
        data={orders}
        lines={[
          { label: 'This week', color: colors.now, fill: true, latest: figure(lastMinute) },
          { label: 'Last week', color: colors.before, dash: [6, 6], latest: figure(lastMinuteBefore) },
        ]}
      />
      <Chart
        title="Latency, last 60 minutes"
        data={latency}
        logScale="y"
        units={{ y: (value) => milliseconds(value) }}
        lines={[
          { label: 'p50', color: colors.p50, latest: milliseconds(now.latency_p50_ms) },
          { label: 'p99', color: colors.p99, latest: milliseconds(now.latency_p99_ms) },
        ]}
      />
      <Chart
        title="Traffic per second"
        data={traffic}
        units={{ y: (value) => figure(value), bad: (value) => figure(value) }}
        lines={[
          { label: 'Requests', color: colors.p50, fill: true, latest: `${figure(now.requests_per_s)}/s` },
          {
            label: 'Errors + refusals',
            color: colors.errors,
            scale: 'bad',
            bars: true,
            latest: `${figure(now.requests_per_s * (now.error_rate + now.refusal_rate))}/s`,
          },
        ]}
      />
    </div>
  );
}
