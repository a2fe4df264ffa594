/** The contract of the peak planner: the TypeBox schemas of a plan, the one definition of `plan.json`, the API's answers and the page's types. */
import { type Static, Type } from '@sinclair/typebox';
import { Nullable } from '../platform/http/schemas.js';

const LocalDate = (description: string) => Type.String({ format: 'date', description });
const Count = (description: string) => Type.Integer({ minimum: 0, description });
const Minor = (description: string) =>
  Type.Integer({ minimum: 0, description: `${description}, in minor units of the plan's currency` });
const Ratio = (description: string) => Nullable(Type.Number({ minimum: 0, description }));

// Kept with the contract: the CLI's help names them without loading the planner.
/** What a plan assumes unless told otherwise. */
export const planDefaults = {
  /** Top sellers forecast and stocked: a shop's twenty best make most of a peak's picking. */
  skusTop: 20,
  serviceLevel: 0.95,
  /** Three weeks from order to goods in: a European supplier's usual. */
  leadTimeDays: 21,
} as const;

/** What a plan assumes of the shop's people unless told otherwise: replace them with the shop's own. */
export const staffDefaults = {
  /** A picker walking a small warehouse with a list: about a unit a minute. */
  unitsPerPickerHour: 60,
  ordersPerPackerHour: 30,
  shiftHours: 7.5,
  /** One contact in ten orders, until the contacts recorded (`POST /v1/contacts`) measure it. */
  contactsPerOrder: 0.1,
  handlingTimeS: 360,
  /** The usual call-centre target: 80 % answered within 20 seconds. */
  answerWithinS: 20,
  serviceLevelTarget: 0.8,
} as const;

export const forecastFigures = ['orders', 'units', 'revenue'] as const;
const Figure = Type.Union(forecastFigures.map((figure) => Type.Literal(figure)));

export const ModelScore = Type.Object({
  model: Type.String({
    description: '`seasonal_naive` (the yardstick), `ets` (AutoETS) or `mstl` (MSTL with AutoETS)',
  }),
  wape: Ratio(
    'Absolute errors over what sold, over every origin: 0.25 = 25 %; null when the model could not be fitted',
  ),
  mase: Ratio('Mean absolute error over the seasonal-naive in-sample error: under 1 beats last week'),
  origins: Count('Rolling origins it was scored at'),
});
export type ModelScore = Static<typeof ModelScore>;

export const ModelChoice = Type.Object({
  figure: Figure,
  chosen: Type.String({ description: 'The model with the lowest MASE, which made the forecast' }),
  horizon_days: Count('Open days forecast ahead, the horizon of each back-test origin'),
  backtest: Type.Array(ModelScore),
});
export type ModelChoice = Static<typeof ModelChoice>;

export const ForecastDay = Type.Object({
  date: LocalDate('A day of the window'),
  open: Type.Boolean({ description: 'The shop trades that day; a closed day forecasts 0' }),
  event: Nullable(Type.String({ description: 'The known event of that day, its uplift applied' })),
  orders: Count('Orders forecast'),
  orders_low80: Count('80 % prediction interval, lower bound'),
  orders_high80: Count('80 % prediction interval, upper bound'),
  orders_low95: Count('95 % prediction interval, lower bound'),
  orders_high95: Count('95 % prediction interval, upper bound'),
  units: Count('Units forecast'),
  units_low80: Count('80 % prediction interval, lower bound'),
  units_high80: Count('80 % prediction interval, upper bound'),
  revenue_minor: Minor('Revenue forecast'),
  revenue_low80_minor: Minor('80 % prediction interval, lower bound'),
  revenue_high80_minor: Minor('80 % prediction interval, upper bound'),
  actual_orders: Nullable(Count('Orders that day in a history held out with `--train-until`; else null')),
});
export type ForecastDay = Static<typeof ForecastDay>;

export const ForecastSku = Type.Object({
  sku: Type.String(),
  name: Nullable(Type.String()),
  units: Count('Units forecast over the window'),
  units_low80: Count('80 % prediction interval of the window’s units, lower bound'),
  units_high80: Count('80 % prediction interval, upper bound'),
  units_low95: Count('95 % prediction interval, lower bound'),
  units_high95: Count('95 % prediction interval, upper bound'),
  units_at_service_level: Count('Units the window sells with the probability of the service level, at most'),
  units_before_window: Count('Units forecast between the history’s end and the window (point forecast)'),
  intermittent: Type.Boolean({
    description: 'Sells on fewer than one open day in 1.32: forecast by the week',
  }),
  model: Type.String(),
});
export type ForecastSku = Static<typeof ForecastSku>;

export const PastDay = Type.Object({
  date: LocalDate('A day the shop had orders'),
  orders: Count('Orders'),
  units: Count('Units'),
  revenue_minor: Minor('Revenue'),
});
export type PastDay = Static<typeof PastDay>;

export const PlannerEventView = Type.Object({
  name: Type.String(),
  from: LocalDate('First day'),
  to: LocalDate('Last day'),
  uplift: Ratio('Demand over an ordinary day; null: unknown, so not applied'),
  measured_on: Type.Array(LocalDate('A day of history the uplift was measured on'), {
    description: 'Empty when the uplift was given',
  }),
});

export const HeldOutAccuracy = Type.Object({
  figure: Figure,
  days: Count('Open days of the window with actuals'),
  wape: Ratio('Of the forecast against the held-out actuals'),
  mase: Ratio('Of the forecast against the held-out actuals'),
  seasonal_naive_wape: Ratio('Of the seasonal-naive forecast over the same days'),
  seasonal_naive_mase: Ratio('Of the seasonal-naive forecast over the same days'),
});
export type HeldOutAccuracy = Static<typeof HeldOutAccuracy>;

export const Forecast = Type.Object({
  window: Type.Object({ from: LocalDate('First day'), to: LocalDate('Last day') }),
  trained_until: LocalDate('The last day of history the models learnt from'),
  history_from: LocalDate('The first day of history'),
  currency: Type.String({ description: 'The currency of revenue' }),
  open_weekdays: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), {
    description: 'ISO weekdays the shop trades on: those with orders in the last eight weeks, or as given',
  }),
  closed_dates: Type.Array(LocalDate('A day the shop is closed although its weekday is open')),
  filled_dates: Type.Array(LocalDate('A day of history without orders on an open weekday'), {
    description: 'Taken as closures and filled from the same weekday of the weeks around',
  }),
  models: Type.Array(ModelChoice),
  daily: Type.Array(ForecastDay),
  skus: Type.Array(ForecastSku),
  events: Type.Array(PlannerEventView),
  history: Type.Array(PastDay, { description: 'The days with orders the forecast learnt from' }),
  held_out: Type.Array(HeldOutAccuracy, {
    description: 'Empty unless history after the training was held out',
  }),
});
export type Forecast = Static<typeof Forecast>;

export const StockLine = Type.Object({
  sku: Type.String(),
  name: Nullable(Type.String()),
  units_before_window: Count('Forecast to sell before the window opens'),
  units_at_service_level: Count('The window’s units at the service level'),
  need: Count('What the SKU must hold from now to the window’s end: the two above'),
  available: Nullable(
    Type.Integer({
      description: 'On hand less reserved and less units sold beyond stock; null when unknown',
    }),
  ),
  on_order: Nullable(Count('On open purchase orders expected by the window’s end; null when unknown')),
  lead_time_days: Count('The supplier’s lead time'),
  to_order: Count('Units to order: the need less what is available and on order'),
  order_by: Nullable(LocalDate('The last day to order for the goods to arrive before the window opens')),
  late: Type.Boolean({ description: 'Ordering now, the goods arrive after the window opens' }),
});
export type StockLine = Static<typeof StockLine>;

export const StockPlan = Type.Object({
  service_level: Type.Number({
    minimum: 0.5,
    maximum: 1,
    description: 'The chance a SKU does not run out in the window',
  }),
  stock_known: Type.Boolean({
    description: 'Stock came from the store or a stock file; else every need is to order',
  }),
  lines: Type.Array(StockLine),
});
export type StockPlan = Static<typeof StockPlan>;

export const CapacityPlan = Type.Object({
  busiest_day: Nullable(LocalDate('The window’s day with the most orders at the upper 95 % bound')),
  busiest_day_orders_high95: Count('Its orders, upper 95 % bound'),
  busiest_minute_share: Type.Number({
    minimum: 0,
    maximum: 1,
    description: 'The busiest minute’s share of a busy day’s orders, in the history',
  }),
  peak_orders_per_s: Type.Number({
    minimum: 0,
    description: 'The forecast’s busiest minute, in orders per second',
  }),
  capacity_orders_per_s: Nullable(
    Type.Number({ minimum: 0, description: 'What a rehearsal sustained; null when none was given' }),
  ),
  capacity_source: Nullable(Type.String({ description: 'The rehearsal report or figure it came from' })),
  headroom: Ratio('Capacity over the peak: under 3 is a warning'),
  enough: Nullable(Type.Boolean({ description: 'Headroom of 3 or more' })),
});
export type CapacityPlan = Static<typeof CapacityPlan>;

export const AgentHour = Type.Object({
  hour: Type.Integer({ minimum: 0, maximum: 23, description: 'The hour of the day, shop time' }),
  contacts: Type.Number({ minimum: 0, description: 'Customer contacts expected in the hour' }),
  agents: Count('Agents on the line to meet the service-level target'),
  service_level: Type.Number({
    minimum: 0,
    maximum: 1,
    description: 'Share answered within the target wait, with those agents',
  }),
  abandoned: Ratio(
    'Share of callers who hang up first (Erlang A, when patience is given); null with Erlang C',
  ),
});
export type AgentHour = Static<typeof AgentHour>;

export const StaffDay = Type.Object({
  date: LocalDate('A day of the window'),
  orders: Count('Orders planned for: the upper 80 % bound'),
  units: Count('Units planned for: the upper 80 % bound'),
  pickers: Count('Pickers on a shift'),
  packers: Count('Packers on a shift'),
  contacts: Type.Number({ minimum: 0, description: 'Customer contacts expected' }),
  agents_max: Count('Customer-service agents at the day’s busiest hour'),
});
export type StaffDay = Static<typeof StaffDay>;

export const StaffPlan = Type.Object({
  assumptions: Type.Object({
    units_per_picker_hour: Type.Number({ exclusiveMinimum: 0 }),
    orders_per_packer_hour: Type.Number({ exclusiveMinimum: 0 }),
    shift_hours: Type.Number({ exclusiveMinimum: 0 }),
    contacts_per_order: Type.Number({ minimum: 0 }),
    contacts_per_order_measured: Type.Boolean({
      description: 'Measured from the contacts recorded; else given',
    }),
    handling_time_s: Type.Number({ exclusiveMinimum: 0 }),
    answer_within_s: Type.Number({ minimum: 0 }),
    service_level_target: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 }),
    patience_s: Nullable(
      Type.Number({ exclusiveMinimum: 0, description: 'Mean patience: Erlang A when given' }),
    ),
  }),
  days: Type.Array(StaffDay, { description: 'The window’s open days' }),
  busiest_day: Nullable(
    Type.Object({
      date: LocalDate('The day with the most contacts'),
      hours: Type.Array(AgentHour, { description: 'The staffing curve: every hour of the day' }),
    }),
  ),
});
export type StaffPlan = Static<typeof StaffPlan>;

/** A plan as `affluence plan` writes it to `plan.json`. */
export const PeakPlan = Type.Object({
  generated_at: Type.String({ format: 'date-time' }),
  source: Type.String({ description: 'The history file, or the store' }),
  forecast: Forecast,
  stock: StockPlan,
  staff: StaffPlan,
  capacity: CapacityPlan,
  warnings: Type.Array(Type.String()),
});
export type PeakPlan = Static<typeof PeakPlan>;

export const StoredPlan = Type.Composite([
  Type.Object({
    id: Type.String(),
    created_at: Type.String({ format: 'date-time' }),
  }),
  PeakPlan,
]);
export type StoredPlan = Static<typeof StoredPlan>;

export const PlanSummary = Type.Object({
  id: Type.String(),
  created_at: Type.String({ format: 'date-time' }),
  window: Type.Object({ from: LocalDate('First day'), to: LocalDate('Last day') }),
});
export type PlanSummary = Static<typeof PlanSummary>;

/** The shop's own figures of its people, each replacing the plan's assumption. */
export const StaffingRequest = Type.Object(
  {
    units_per_picker_hour: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 10_000 })),
    orders_per_packer_hour: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 10_000 })),
    shift_hours: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 24 })),
    contacts_per_order: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 10,
        description: 'Default: measured from the contacts of the last year, else 0.1',
      }),
    ),
    handling_time_s: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 86_400 })),
    answer_within_s: Type.Optional(Type.Number({ minimum: 0, maximum: 3_600 })),
    service_level_target: Type.Optional(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 })),
    patience_s: Type.Optional(
      Type.Number({
        minimum: 1,
        maximum: 86_400,
        description: 'Callers’ mean patience: Erlang A instead of C',
      }),
    ),
  },
  { additionalProperties: false },
);
export type StaffingRequest = Static<typeof StaffingRequest>;

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'A local date, YYYY-MM-DD' });

/** What a plan on the store is asked with: the window, and what the shop knows that its history does not. */
export const PlanRequest = Type.Object(
  {
    window: Type.Object({ from: Day, to: Day }, { additionalProperties: false }),
    train_until: Type.Optional(Day),
    events: Type.Optional(
      Type.Array(
        Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100 }),
            from: Day,
            to: Day,
            uplift: Type.Optional(Nullable(Type.Number({ exclusiveMinimum: 0, maximum: 100 }))),
          },
          { additionalProperties: false },
        ),
        { maxItems: 50 },
      ),
    ),
    closed_dates: Type.Optional(Type.Array(Day, { maxItems: 366 })),
    open_weekdays: Type.Optional(
      Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { minItems: 1, maxItems: 7, uniqueItems: true }),
    ),
    top: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 200, description: 'Top sellers to forecast, 20 by default' }),
    ),
    service_level: Type.Optional(Type.Number({ exclusiveMinimum: 0.5, exclusiveMaximum: 1 })),
    lead_time_days: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })),
    capacity_orders_per_s: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    staffing: Type.Optional(StaffingRequest),
  },
  { additionalProperties: false },
);
export type PlanRequest = Static<typeof PlanRequest>;
