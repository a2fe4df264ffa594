/** The contract of the operations room: the TypeBox schemas of its answers, the one definition of their shape (routes validate and document with them; use cases, tests and the page use their Static types). */
import { type Static, Type } from '@sinclair/typebox';
import { AdventParticipation } from '../campaigns/advent/contract.js';
import { WaitingLine } from '../inventory/incoming/contract.js';
import { Instant, Position } from '../platform/http/schemas.js';
import { ReturnsRoom } from '../returns/contract.js';
import { Alert } from './alerts/contract.js';
import { ContactsRoom } from './contacts/contract.js';
import { Incident } from './incidents/contract.js';
import { Switches } from './switches/contract.js';
export const Count = Type.Integer({ minimum: 0 });
export const Ms = Type.Union([Type.Number(), Type.Null()], { description: 'ms; null without requests' });
export const PerCurrency = Type.Record(Type.String(), Type.Integer(), {
  description: 'ISO 4217 currency → amount in minor units',
});

export const SeriesPoint = Type.Object({
  at: Instant,
  requests: Count,
  errors: Type.Integer({ description: 'Answers 5xx other than 503' }),
  refusals: Type.Integer({ description: 'Answers 429 and 503: shed, waiting room, switches' }),
  orders_placed: Count,
  orders_refused: Count,
  availability_reads: Count,
  latency_p50_ms: Ms,
  latency_p99_ms: Ms,
  revenue_minor: PerCurrency,
  intake_queue_max: Count,
  waiting_room_waiting: Count,
  holds_active: Count,
  skus_sold_out: Count,
  outbox_backlog: Count,
  covered_s: Type.Number({ description: '60 for a whole minute, fewer for the current one' }),
});
export type SeriesPoint = Static<typeof SeriesPoint>;

export const Sku = {
  channel: Type.String(),
  sku: Type.String(),
  name: Type.String(),
};

export const PerMinute = Type.Array(Type.Object({ at: Instant, value: Count }));
export type PerMinute = Static<typeof PerMinute>;
/** A best seller of the last minutes, on its channel. */
export const TopSku = Type.Object({ ...Sku, units: Count, orders: Count });
export type TopSku = Static<typeof TopSku>;
/** A SKU that runs out soon at the rate it sold lately. */
export const Stockout = Type.Object({
  ...Sku,
  available: Count,
  units_per_hour: Count,
  minutes_to_stockout: Count,
});
export type Stockout = Static<typeof Stockout>;

/** The overview: figures of its own, and the alerts, incidents and switches as their own routes show them. */
export const Overview = Type.Object({
  at: Instant,
  now: Type.Object({
    orders_per_min: Type.Number(),
    orders_per_min_last_week: Count,
    revenue_per_min_minor: PerCurrency,
    requests_per_s: Type.Number(),
    availability_reads_per_s: Type.Number(),
    latency_p50_ms: Ms,
    latency_p99_ms: Ms,
    error_rate: Type.Number({ minimum: 0, maximum: 1 }),
    refusal_rate: Type.Number({ minimum: 0, maximum: 1 }),
    intake_queue_length: Count,
    waiting_room_waiting: Count,
    holds_active: Count,
    skus_sold_out: Count,
    outbox_backlog: Count,
  }),
  orders_per_min: Type.Object({
    this_hour: PerMinute,
    same_hour_last_week: Type.Array(Type.Object({ at: Instant, value: Count }), {
      description: 'At their own instants, one week earlier',
    }),
  }),
  series: Type.Array(SeriesPoint),
  payments: Type.Object(
    {
      failure_rate: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], {
        description: 'Failures over attempts; null without attempts',
      }),
      failures: Count,
      attempts: Type.Integer({
        minimum: 0,
        description:
          'Failures, and payments that secured money (an authorisation, or a capture none came before)',
      }),
      window_minutes: Type.Integer({ minimum: 1 }),
    },
    { description: 'Payment attempts of the last minutes' },
  ),
  fulfilment: Type.Object(
    {
      backlog: Type.Object(
        { under_1h: Count, from_1h_to_4h: Count, from_4h_to_24h: Count, over_24h: Count },
        { description: 'Orders paid and not yet shipped, by the time since they were placed' },
      ),
      backlog_total: Count,
      packed_last_hour: Count,
      exceptions: Type.Integer({ minimum: 0, description: 'Parcels in exception (lost, damaged, refused)' }),
      exception_shipments: Type.Array(
        Type.Object({ id: Type.String(), order_id: Type.String(), location: Type.String(), since: Instant }),
        { description: 'The newest parcels in exception, up to 10' },
      ),
      short_orders: Type.Integer({
        minimum: 0,
        description: 'Open orders short of units a location lost and no other could take back',
      }),
      short_order_list: Type.Array(
        Type.Object({
          id: Type.String(),
          number: Type.String(),
          short_units: Type.Integer(),
          since: Instant,
        }),
        { description: 'The newest short orders, up to 10' },
      ),
    },
    { description: 'What the warehouse has to do' },
  ),
  feeds: Type.Object(
    {
      lag_p99_ms: Type.Union([Type.Integer(), Type.Null()], {
        description:
          'The slowest feed’s p99 over 5 minutes, from a change committed to the channel acknowledging it',
      }),
      channels: Type.Array(
        Type.Object({
          channel: Type.String(),
          paused: Type.Boolean(),
          lag_p99_ms: Type.Union([Type.Integer(), Type.Null()]),
          lag_max_ms: Type.Union([Type.Integer(), Type.Null()]),
          changes: Type.Integer({ minimum: 0 }),
          backlog: Type.Integer({ minimum: 0, description: 'Outbox events not yet looked at for it' }),
          failures: Type.Integer({ minimum: 0, description: 'Pushes failed in a row' }),
          last_error: Type.Union([Type.String(), Type.Null()]),
        }),
      ),
    },
    { description: 'The channels’ availability feeds: how far behind the truth each channel is' },
  ),
  top_skus: Type.Array(TopSku),
  stockouts: Type.Array(Stockout),
  alerts: Type.Array(Alert),
  incidents: Type.Array(Incident),
  switches: Switches,
  advent: Type.Union([AdventParticipation, Type.Null()], {
    description: 'The advent calendar in season: who opened each day’s door; null out of season',
  }),
  backorders: Type.Object(
    {
      waiting_lines: Type.Integer({
        minimum: 0,
        description: 'Order lines sold beyond stock and waiting for it',
      }),
      delayed_lines: Type.Integer({
        minimum: 0,
        description: 'Of them, those a late or short purchase order left behind the date promised',
      }),
      delayed_line_list: Type.Array(WaitingLine, {
        description:
          'The delayed lines that have waited longest, up to 10, as `GET /v1/backorders?delayed=true`',
      }),
    },
    { description: 'Orders sold beyond stock: the customers waiting, and those to tell of a new date' },
  ),
  returns: {
    ...ReturnsRoom,
    description:
      'Returns: those awaiting their parcel and their refund, the rate of the last 8 ISO weeks (this one last) and the SKUs and reasons most returned over them; read again every minute',
  },
  contacts: ContactsRoom,
});
export type Overview = Static<typeof Overview>;

export const Cursor = Type.Object({ name: Type.String(), position: Position, updated_at: Instant });
export type Cursor = Static<typeof Cursor>;
