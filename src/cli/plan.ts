/**
 * `affluence plan (--history FILE | --store) --window FROM..TO --out DIR`: the peak plan from the
 * shop's order history — the forecast, stock to order, staff, headroom — written as `plan.json`,
 * `report.md` and `report.html`, with progress bars while it reads the history and fits the models.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import { Command, InvalidArgumentError, Option } from 'commander';
import { type PeakPlan, planDefaults, type StaffingRequest, staffDefaults } from '../planner/contract.js';
import { datesFrom, parseDate } from '../planner/core/calendar.js';
import type { PlannerEvent } from '../planner/core/series.js';
import { createContext } from '../platform/context.js';
import type { Result } from '../platform/core/errors.js';
import { limits } from '../platform/core/limits.js';
import { shopDate } from '../platform/shop-date.js';

function date(value: string): string {
  const parsed = parseDate(value);
  if (parsed === null) throw new InvalidArgumentError('a date, YYYY-MM-DD');
  return parsed;
}

function range(value: string): { from: string; to: string } {
  const [from, to, ...rest] = value.split('..');
  if (from === undefined || rest.length > 0) throw new InvalidArgumentError('FROM..TO, two dates');
  const span = { from: date(from), to: date(to ?? from) };
  if (span.to < span.from) throw new InvalidArgumentError(`${span.to} is before ${span.from}`);
  return span;
}

function ratio(min: number, max: number) {
  return (value: string) => {
    const parsed = Number(value);
    if (!(parsed > min && parsed < max)) throw new InvalidArgumentError(`a number between ${min} and ${max}`);
    return parsed;
  };
}

function whole(min: number, max: number) {
  return (value: string) => {
    const parsed = Number(value);
    if (!(Number.isSafeInteger(parsed) && parsed >= min && parsed <= max))
      throw new InvalidArgumentError(`a whole number from ${min} to ${max}`);
    return parsed;
  };
}

function positive(value: string): number {
  const parsed = Number(value);
  if (!(Number.isFinite(parsed) && parsed > 0)) throw new InvalidArgumentError('a number above 0');
  return parsed;
}

/** `Black Friday:2011-11-25..2011-11-28:1.8`: a name, its days, and its uplift when known. */
function event(value: string, previous: PlannerEvent[] = []): PlannerEvent[] {
  const match = /^(.+?):(\d{4}-\d{2}-\d{2}(?:\.\.\d{4}-\d{2}-\d{2})?)(?::([\d.]+))?$/.exec(value);
  if (match === null)
    throw new InvalidArgumentError('NAME:FROM..TO or NAME:FROM..TO:UPLIFT (1.8 sells 80 % more)');
  const span = range(match[2]!);
  const uplift = match[3] === undefined ? null : positive(match[3]);
  return [...previous, { name: match[1]!.trim(), ...span, uplift }];
}

function closed(value: string, previous: string[] = []): string[] {
  const span = range(value);
  return [...previous, ...datesFrom(span.from, span.to)];
}

function weekdays(value: string): Set<number> {
  const days = value.split(',').map((day) => whole(1, 7)(day.trim()));
  return new Set(days);
}

/** What a rehearsal sustained, from its `report.json`: the capacity the plan weighs the peak against. */
function rehearsalCapacity(path: string): { ordersPerS: number; source: string } {
  const report = JSON.parse(readFileSync(path, 'utf8')) as {
    capacity?: { sustained_rate_per_s?: number | null };
  };
  const rate = report.capacity?.sustained_rate_per_s;
  if (typeof rate !== 'number')
    throw new Error(`${path} holds no capacity: its rehearsal found no step that held its target.`);
  return { ordersPerS: rate, source: path };
}

interface PlanFlags {
  history?: string;
  store?: boolean;
  db: string;
  window: { from: string; to: string };
  out: string;
  trainUntil?: string;
  top: number;
  serviceLevel: number;
  leadTimeDays: number;
  event?: PlannerEvent[];
  closed?: string[];
  openWeekdays?: Set<number>;
  capacity?: number;
  rehearsal?: string;
  unitsPerPickerHour?: number;
  ordersPerPackerHour?: number;
  shiftHours?: number;
  contactsPerOrder?: number;
  handlingTimeS?: number;
  answerWithinS?: number;
  answerTarget?: number;
  patienceS?: number;
}

function progressBar(format: string) {
  return new cliProgress.SingleBar(
    { format, noTTYOutput: true, notTTYSchedule: 5_000 },
    cliProgress.Presets.shades_classic,
  );
}

async function plan(flags: PlanFlags): Promise<void> {
  // Loaded on use: every other command's start, and `--help`, need not load the models.
  const { demandFromFile, makePlan, planHtml, planMarkdown, planOnStore, staffAssumptions } = await import(
    '../planner/index.js'
  );
  if ((flags.history === undefined) === (flags.store !== true))
    throw new Error('Plan from one history: --history FILE, or --store.');
  if (flags.capacity !== undefined && flags.rehearsal !== undefined)
    throw new Error('Give the capacity once: --capacity or --rehearsal.');
  const capacity =
    flags.rehearsal !== undefined
      ? rehearsalCapacity(flags.rehearsal)
      : flags.capacity === undefined
        ? null
        : { ordersPerS: flags.capacity, source: 'given' };
  const reading = progressBar(' reading     [{bar}] {percentage}% | {value}/{total} {unit}');
  const fitting = progressBar(' forecasting [{bar}] {percentage}% | {value}/{total} fits');
  const started = new Set<cliProgress.SingleBar>();
  const progress = (bar: cliProgress.SingleBar, unit: string) => (done: number, total: number) => {
    if (!started.has(bar)) bar.start(total, 0, { unit });
    started.add(bar);
    bar.update(done);
  };
  const staffing: StaffingRequest = {
    units_per_picker_hour: flags.unitsPerPickerHour,
    orders_per_packer_hour: flags.ordersPerPackerHour,
    shift_hours: flags.shiftHours,
    contacts_per_order: flags.contactsPerOrder,
    handling_time_s: flags.handlingTimeS,
    answer_within_s: flags.answerWithinS,
    service_level_target: flags.answerTarget,
    patience_s: flags.patienceS,
  };
  const store = flags.store === true ? await (await import('../server/index.js')).openStore(flags.db) : null;
  try {
    let made: Result<PeakPlan>;
    if (store !== null) {
      // On the store, the plan is kept: the back office shows it (`GET /v1/plans/latest`).
      made = await planOnStore(
        createContext(store),
        {
          window: flags.window,
          train_until: flags.trainUntil,
          events: flags.event,
          closed_dates: flags.closed,
          open_weekdays: flags.openWeekdays === undefined ? undefined : [...flags.openWeekdays],
          top: flags.top,
          service_level: flags.serviceLevel,
          lead_time_days: flags.leadTimeDays,
          capacity_orders_per_s: capacity?.ordersPerS,
          staffing,
        },
        { reading: progress(reading, 'orders'), fitting: progress(fitting, 'fits') },
      );
    } else {
      const read = await demandFromFile(flags.history!, progress(reading, 'bytes'));
      reading.stop();
      if (!read.ok) {
        const errors = (read.details?.errors ?? []) as { line: number; field: string; message: string }[];
        for (const error of errors)
          process.stderr.write(`${flags.history}:${error.line}: ${error.field}: ${error.message}\n`);
        throw new Error(read.message);
      }
      const now = new Date();
      made = await makePlan(read.value, {
        window: flags.window,
        trainUntil: flags.trainUntil ?? null,
        openWeekdays: flags.openWeekdays ?? null,
        closedDates: new Set(flags.closed ?? []),
        events: flags.event ?? [],
        skusTop: flags.top,
        serviceLevel: flags.serviceLevel,
        leadTimeDays: flags.leadTimeDays,
        stock: null,
        capacity,
        staff: staffAssumptions(staffing),
        today: shopDate(now.getTime()),
        generatedAt: now.toISOString(),
        onProgress: progress(fitting, 'fits'),
      });
    }
    reading.stop();
    fitting.stop();
    if (!made.ok) throw new Error(made.message);
    // Made before anything is written: a missing page build fails with no half-written folder.
    const html = planHtml(made.value);
    mkdirSync(flags.out, { recursive: true });
    const files = {
      json: join(flags.out, 'plan.json'),
      markdown: join(flags.out, 'report.md'),
      html: join(flags.out, 'report.html'),
    };
    writeFileSync(files.json, `${JSON.stringify(made.value, null, 2)}\n`);
    writeFileSync(files.markdown, planMarkdown(made.value));
    writeFileSync(files.html, html);
    const { forecast } = made.value;
    const orders = forecast.daily.reduce((sum, day) => sum + day.orders, 0);
    process.stdout.write(
      [
        `Plan for ${forecast.window.from} to ${forecast.window.to}: ${orders.toLocaleString('en-GB')} orders forecast (${forecast.models.find((model) => model.figure === 'orders')?.chosen}).`,
        ...made.value.warnings.map((warning) => `Warning: ${warning}`),
        `Wrote ${files.json}, ${files.markdown} and ${files.html}.`,
        '',
      ].join('\n'),
    );
  } finally {
    reading.stop();
    fitting.stop();
    await store?.close();
  }
}

/** The `plan` command, its store option given by the command line's root. */
export function planCommand(dbOption: Option): Command {
  return new Command('plan')
    .description(
      'forecast a peak window from the order history and plan for it: stock to order, staff, headroom; writes plan.json, report.md and report.html',
    )
    .option('--history <file>', 'an order history in the UCI Online Retail format (.csv or .csv.gz)')
    .option('--store', 'the store’s own orders as the history, its stock and purchase orders as the stock')
    .addOption(dbOption)
    .requiredOption('--window <from..to>', 'the peak window, YYYY-MM-DD..YYYY-MM-DD', range)
    .requiredOption(
      '--out <dir>',
      'the folder to write plan.json, report.md and report.html (opens from disk) into',
    )
    .option(
      '--train-until <date>',
      'learn from the history up to this day only, and score the forecast against the rest (a back-test)',
      date,
    )
    .addOption(
      new Option('--top <count>', 'top sellers to forecast and stock')
        .default(planDefaults.skusTop)
        .argParser(whole(1, limits.plannerSkusMax)),
    )
    .addOption(
      new Option('--service-level <ratio>', 'the chance a SKU does not run out in the window')
        .default(planDefaults.serviceLevel)
        .argParser(ratio(0.5, 1)),
    )
    .addOption(
      new Option('--lead-time-days <days>', 'the suppliers’ lead time, ordering to goods in')
        .default(planDefaults.leadTimeDays)
        .argParser(whole(0, 365)),
    )
    .option(
      '--event <name:from..to[:uplift]>',
      'a known event, repeatable (uplift 1.8: sells 80 % more)',
      event,
    )
    .option('--closed <from..to>', 'days the shop is closed, repeatable', closed)
    .option(
      '--open-weekdays <list>',
      'ISO weekdays the shop trades on, 1 Monday to 7 Sunday (default: from history)',
      weekdays,
    )
    .option('--capacity <orders-per-s>', 'the orders per second the site sustains', positive)
    .option('--rehearsal <report.json>', 'the report of `affluence rehearse`, whose capacity to use')
    .option(
      '--units-per-picker-hour <units>',
      `what a picker picks in an hour (default ${staffDefaults.unitsPerPickerHour})`,
      positive,
    )
    .option(
      '--orders-per-packer-hour <orders>',
      `what a packer packs in an hour (default ${staffDefaults.ordersPerPackerHour})`,
      positive,
    )
    .option(
      '--shift-hours <hours>',
      `a shift's working hours (default ${staffDefaults.shiftHours})`,
      positive,
    )
    .option(
      '--contacts-per-order <ratio>',
      `customer contacts per order (default: measured from the store's contacts, else ${staffDefaults.contactsPerOrder})`,
      ratio(0, 10),
    )
    .option(
      '--handling-time-s <seconds>',
      `a contact's average handling time (default ${staffDefaults.handlingTimeS})`,
      positive,
    )
    .option(
      '--answer-within-s <seconds>',
      `the target wait (default ${staffDefaults.answerWithinS})`,
      positive,
    )
    .option(
      '--answer-target <ratio>',
      `the share answered within the target wait (default ${staffDefaults.serviceLevelTarget})`,
      ratio(0, 1),
    )
    .option(
      '--patience-s <seconds>',
      'callers’ mean patience before hanging up: staffs by Erlang A instead of C',
      positive,
    )
    .action((flags: PlanFlags) => plan(flags));
}
