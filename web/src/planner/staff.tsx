/**
 * The people the window asks for: pickers and packers per day for the upper 80 % bound, and the
 * busiest day's customer-service curve, agents per hour against the contacts they answer.
 */
import { useMemo } from 'preact/hooks';
import uPlot from 'uplot';
import type { StaffPlan } from '../../../src/planner/contract.js';
import { civilDate, figure, percent } from '../format.js';
import { axis, chartColors, type LegendItem, PlanChart } from './plan-chart.js';

const agentsColor = chartColors.history;
const contactsColor = chartColors.actual;

function hourLabel(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}

function Assumptions({ staff }: { staff: StaffPlan }) {
  const given = staff.assumptions;
  return (
    <p class="muted plan-note" data-assumptions>
      A picker picks {figure(given.units_per_picker_hour)} units an hour and a packer packs{' '}
      {figure(given.orders_per_packer_hour)} orders an hour, on {figure(given.shift_hours)}-hour shifts. An
      order brings {figure(given.contacts_per_order)} customer contacts (
      {given.contacts_per_order_measured ? 'measured from those recorded' : 'assumed'}), each handled in{' '}
      {figure(given.handling_time_s / 60)} min; the target is {percent(given.service_level_target)} answered
      within {figure(given.answer_within_s)} s (
      {given.patience_s === null
        ? 'Erlang C'
        : `Erlang A, callers waiting ${figure(given.patience_s)} s on average`}
      ).
    </p>
  );
}

function Days({ staff }: { staff: StaffPlan }) {
  const busiest = staff.busiest_day?.date;
  return (
    <table class="rows plan-staff-days">
      <caption>People on a shift, day by day, for the upper 80 % bound of orders and units</caption>
      <thead>
        <tr>
          <th scope="col">Date</th>
          <th scope="col" class="num">
            Orders
          </th>
          <th scope="col" class="num">
            Units
          </th>
          <th scope="col" class="num">
            Pickers
          </th>
          <th scope="col" class="num">
            Packers
          </th>
          <th scope="col" class="num">
            Contacts
          </th>
          <th scope="col" class="num">
            Agents at the busiest hour
          </th>
        </tr>
      </thead>
      <tbody>
        {staff.days.map((day) => (
          <tr key={day.date} data-staff-day={day.date} class={day.date === busiest ? 'plan-busiest' : ''}>
            <th scope="row">{civilDate(day.date)}</th>
            <td class="num">{figure(day.orders)}</td>
            <td class="num">{figure(day.units)}</td>
            <td class="num strong">{figure(day.pickers)}</td>
            <td class="num strong">{figure(day.packers)}</td>
            <td class="num">{figure(day.contacts)}</td>
            <td class="num strong">{figure(day.agents_max)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Curve({ busiest }: { busiest: NonNullable<StaffPlan['busiest_day']> }) {
  const data = useMemo<uPlot.AlignedData>(
    () => [
      busiest.hours.map((hour) => hour.hour),
      busiest.hours.map((hour) => hour.agents),
      busiest.hours.map((hour) => hour.contacts),
    ],
    [busiest],
  );
  const peak = busiest.hours.reduce<(typeof busiest.hours)[number] | null>(
    (best, hour) => (best === null || hour.agents > best.agents ? hour : best),
    null,
  );
  const options: Omit<uPlot.Options, 'width' | 'height'> = {
    cursor: { show: false },
    scales: {
      x: { time: false, range: [-0.5, 23.5] },
      agents: { range: (_chart, _min, max) => [0, Math.max(1, Math.ceil(max * 1.1))] },
      contacts: { range: (_chart, _min, max) => [0, Math.max(1, max * 1.1)] },
    },
    axes: [
      axis({
        splits: () => [0, 3, 6, 9, 12, 15, 18, 21],
        values: (_chart, ticks) => ticks.map((tick) => hourLabel(tick)),
        grid: { show: false },
      }),
      axis({ scale: 'agents', size: 48, values: (_chart, ticks) => ticks.map((tick) => figure(tick)) }),
      axis({
        scale: 'contacts',
        side: 1,
        size: 56,
        grid: { show: false },
        values: (_chart, ticks) => ticks.map((tick) => figure(tick)),
      }),
    ],
    series: [
      {},
      {
        label: 'Agents',
        scale: 'agents',
        stroke: agentsColor,
        fill: `${agentsColor}aa`,
        width: 1,
        paths: uPlot.paths.bars!({ size: [0.7, 40] }),
        points: { show: false },
      },
      {
        label: 'Contacts',
        scale: 'contacts',
        stroke: contactsColor,
        width: 2.5,
        points: { show: false },
      },
    ],
  };
  const legend: LegendItem[] = [
    { label: 'Agents (left)', color: agentsColor, mark: 'area' },
    { label: 'Contacts an hour (right)', color: contactsColor, mark: 'line' },
  ];
  const description =
    peak === null
      ? 'no hour'
      : `most agents at ${hourLabel(peak.hour)}: ${peak.agents} agents for ${figure(peak.contacts)} contacts, ${percent(peak.service_level)} answered in time`;
  return (
    <PlanChart
      title={`Agents per hour on ${civilDate(busiest.date)}, the day with the most contacts`}
      description={description}
      legend={legend}
      data={data}
      options={options}
      heightPx={220}
    />
  );
}

export function Staff({ staff }: { staff: StaffPlan }) {
  return (
    <section class="plan-section" aria-labelledby="plan-staff">
      <h2 id="plan-staff">Staff</h2>
      {staff.days.length === 0 ? (
        <p class="empty">No open day in the window: nobody to plan for.</p>
      ) : (
        <>
          {staff.busiest_day !== null && <Curve busiest={staff.busiest_day} />}
          <div class="card">
            <Days staff={staff} />
            <Assumptions staff={staff} />
          </div>
        </>
      )}
    </section>
  );
}
