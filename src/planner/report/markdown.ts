/** The readiness report in Markdown: what the peak will ask, in the order a shop acts on it. */
import type { ModelChoice, PeakPlan } from '../contract.js';

function count(value: number): string {
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Minor units as `12,345.67`: every currency the shop sells in has two decimals. */
function money(amountMinor: number): string {
  const units = Math.trunc(amountMinor / 100);
  return `${count(units)}.${String(Math.abs(amountMinor % 100)).padStart(2, '0')}`;
}

function percent(ratio: number | null): string {
  return ratio === null ? '—' : `${(ratio * 100).toFixed(1)} %`;
}

function decimal(value: number | null, digits = 2): string {
  return value === null ? '—' : value.toFixed(digits);
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
}

const figureNames: Record<ModelChoice['figure'], string> = {
  orders: 'Orders',
  units: 'Units',
  revenue: 'Revenue',
};

function staffIntro(plan: PeakPlan): string {
  const given = plan.staff.assumptions;
  const model =
    given.patience_s === null
      ? 'Erlang C'
      : `Erlang A (callers hang up after ${given.patience_s} s on average)`;
  const rate = given.contacts_per_order_measured ? 'measured from the contacts recorded' : 'assumed';
  return `Planned for each open day's upper 80 % bound. Pickers at ${given.units_per_picker_hour} units an hour and packers at ${given.orders_per_packer_hour} orders an hour, over ${given.shift_hours}-hour shifts. Agents by ${model}: ${given.contacts_per_order} contacts per order (${rate}), ${given.handling_time_s} s each, ${percent(given.service_level_target)} answered within ${given.answer_within_s} s.`;
}

export function planMarkdown(plan: PeakPlan): string {
  const { forecast, stock, capacity } = plan;
  const open = forecast.daily.filter((day) => day.open);
  const sum = (pick: (day: (typeof open)[number]) => number) =>
    open.reduce((total, day) => total + pick(day), 0);
  const lines: string[] = [
    `# Peak readiness: ${forecast.window.from} to ${forecast.window.to}`,
    '',
    `Planned ${plan.generated_at.slice(0, 10)} from ${plan.source}: history ${forecast.history_from} to ${forecast.trained_until}, revenue in ${forecast.currency}.`,
    '',
  ];
  if (plan.warnings.length > 0)
    lines.push('## Warnings', '', ...plan.warnings.map((warning) => `- ${warning}`), '');

  lines.push(
    '## Demand',
    '',
    `${open.length} open days. Forecast: **${count(sum((day) => day.orders))} orders** (daily 80 % bounds add up to ${count(sum((day) => day.orders_low80))}–${count(sum((day) => day.orders_high80))}), ${count(sum((day) => day.units))} units, ${money(sum((day) => day.revenue_minor))} ${forecast.currency}.`,
    '',
    ...table(
      ['Date', 'Orders', '80 %', '95 %', 'Units', 'Revenue', 'Event'],
      forecast.daily.map((day) =>
        day.open
          ? [
              day.date,
              count(day.orders),
              `${count(day.orders_low80)}–${count(day.orders_high80)}`,
              `${count(day.orders_low95)}–${count(day.orders_high95)}`,
              count(day.units),
              money(day.revenue_minor),
              day.event ?? '',
            ]
          : [day.date, 'closed', '', '', '', '', ''],
      ),
    ),
    '',
    '### How the forecast was chosen',
    '',
    `Each model forecast ${forecast.models[0]?.horizon_days ?? 0} open days ahead from rolling origins of the history; the lowest MASE (under 1 beats "the same as last week") made the forecast.`,
    '',
    ...table(
      ['Figure', 'Model', 'WAPE', 'MASE', 'Origins', 'Chosen'],
      forecast.models.flatMap((choice) =>
        choice.backtest.map((score) => [
          figureNames[choice.figure],
          score.model,
          percent(score.wape),
          decimal(score.mase),
          String(score.origins),
          score.model === choice.chosen ? '✔' : '',
        ]),
      ),
    ),
    '',
  );
  if (forecast.held_out.length > 0)
    lines.push(
      '### Against the held-out history',
      '',
      ...table(
        ['Figure', 'Days', 'WAPE', 'MASE', 'Seasonal naive WAPE', 'Seasonal naive MASE'],
        forecast.held_out.map((score) => [
          figureNames[score.figure],
          String(score.days),
          percent(score.wape),
          decimal(score.mase),
          percent(score.seasonal_naive_wape),
          decimal(score.seasonal_naive_mase),
        ]),
      ),
      '',
    );
  if (forecast.events.length > 0)
    lines.push(
      '### Events',
      '',
      ...table(
        ['Event', 'From', 'To', 'Uplift', 'From'],
        forecast.events.map((event) => [
          event.name,
          event.from,
          event.to,
          event.uplift === null ? 'unknown' : `×${event.uplift.toFixed(2)}`,
          event.measured_on.length > 0
            ? `measured on ${event.measured_on.length} days`
            : event.uplift === null
              ? ''
              : 'given',
        ]),
      ),
      '',
    );

  lines.push(
    '## Stock to order',
    '',
    `Each top seller must hold what it sells before the window and, with a ${percent(stock.service_level)} chance, all the window sells.`,
    '',
    ...table(
      ['SKU', 'Name', 'Need', 'Available', 'On order', 'To order', 'Order by'],
      stock.lines.map((line) => [
        line.sku,
        line.name ?? '',
        count(line.need),
        line.available === null ? '—' : count(line.available),
        line.on_order === null ? '—' : count(line.on_order),
        count(line.to_order),
        line.order_by === null ? '' : `${line.order_by}${line.late ? ' (late)' : ''}`,
      ]),
    ),
    '',
    '## Staff',
    '',
    staffIntro(plan),
    '',
    ...table(
      ['Date', 'Orders (80 %)', 'Units (80 %)', 'Pickers', 'Packers', 'Contacts', 'Agents at peak hour'],
      plan.staff.days.map((day) => [
        day.date,
        count(day.orders),
        count(day.units),
        String(day.pickers),
        String(day.packers),
        count(day.contacts),
        String(day.agents_max),
      ]),
    ),
    '',
    ...(plan.staff.busiest_day === null
      ? []
      : [
          `Busiest day for the help desk, ${plan.staff.busiest_day.date}, hour by hour:`,
          '',
          ...table(
            [
              'Hour',
              'Contacts',
              'Agents',
              'Answered in time',
              ...(plan.staff.assumptions.patience_s === null ? [] : ['Hang up']),
            ],
            plan.staff.busiest_day.hours
              .filter((hour) => hour.contacts > 0)
              .map((hour) => [
                `${String(hour.hour).padStart(2, '0')}:00`,
                decimal(hour.contacts, 1),
                String(hour.agents),
                percent(hour.service_level),
                ...(hour.abandoned === null ? [] : [percent(hour.abandoned)]),
              ]),
          ),
          '',
        ]),
    '## Capacity',
    '',
    capacity.busiest_day === null
      ? 'No open day in the window.'
      : `Busiest day ${capacity.busiest_day}: up to ${count(capacity.busiest_day_orders_high95)} orders (95 %); its busiest minute, at ${percent(capacity.busiest_minute_share)} of a busy day, is **${capacity.peak_orders_per_s.toFixed(3)} orders/s**.`,
    '',
    capacity.capacity_orders_per_s === null
      ? 'No measured capacity: run `affluence rehearse` and plan again with its report.'
      : `Measured capacity ${decimal(capacity.capacity_orders_per_s, 1)} orders/s (${capacity.capacity_source}): headroom **${capacity.headroom === null ? '—' : `${capacity.headroom.toFixed(0)}×`}**${capacity.enough === false ? ', under the 3× the plan asks for' : ''}.`,
    '',
  );
  return lines.join('\n');
}
