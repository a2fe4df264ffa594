/** The big figures of the wall: what is happening this minute, readable from across the room. */
import type { ComponentChildren } from 'preact';
import type { Overview } from '../../../../src/ops/contract.js';
import { figure, moneyByCurrency, percent } from '../../format.js';

type Tone = 'good' | 'warn' | 'bad' | 'plain';

// Colour cues only, for a glance from afar; what pages someone is the alert rules, not these.
const errorRateWarn = 0.005;
const errorRateBad = 0.02;
const refusalRateWarn = 0.02;
const refusalRateBad = 0.1;
const latencyP99WarnMs = 500;
const latencyP99BadMs = 1_000;
// Declined cards are normal in the few percent; a fifth failing is a provider or checkout problem.
const paymentFailuresWarn = 0.1;
const paymentFailuresBad = 0.2;
// A channel more than a second or two behind sells what is gone: the feeds aim under 2 s at p99.
const feedLagWarnMs = 1_000;
const feedLagBadMs = 2_000;

function toneOf(value: number | null, warn: number, bad: number): Tone {
  if (value === null) return 'plain';
  if (value >= bad) return 'bad';
  return value >= warn ? 'warn' : 'good';
}

function Tile(props: {
  label: string;
  value: string;
  tone?: Tone;
  /** Two figures in one tile take smaller digits to fit. */
  pair?: boolean;
  children?: ComponentChildren;
  id: string;
}) {
  return (
    <section
      class={`tile tone-${props.tone ?? 'plain'}`}
      aria-labelledby={`tile-${props.id}`}
      data-tile={props.id}
    >
      <h2 id={`tile-${props.id}`}>{props.label}</h2>
      <output class={`tile-value${props.pair === true ? ' pair' : ''}`}>{props.value}</output>
      <div class="tile-note">{props.children}</div>
    </section>
  );
}

/** "+12 %" against last week; "×40" past ten times, where a percentage stops meaning anything. */
function versus(now: number, before: number): string {
  if (before === 0) return now === 0 ? '±0 %' : 'new';
  if (now >= 10 * before) return `×${figure(now / before)}`;
  const change = ((now - before) / before) * 100;
  return `${change >= 0 ? '+' : '−'}${figure(Math.abs(change))} %`;
}

export function Tiles({ overview }: { overview: Overview }) {
  const now = overview.now;
  const room = overview.switches.waiting_room;
  const payments = overview.payments;
  const warehouse = overview.fulfilment;
  const feeds = overview.feeds;
  const paused = feeds.channels.filter((feed) => feed.paused).map((feed) => feed.channel);
  const failing = feeds.channels.filter((feed) => feed.failures > 0).map((feed) => feed.channel);
  return (
    <div class="tiles">
      <Tile id="orders" label="Orders / min" value={figure(now.orders_per_min)} tone="good">
        <span>
          last week {figure(now.orders_per_min_last_week)} ·{' '}
          <strong>{versus(now.orders_per_min, now.orders_per_min_last_week)}</strong>
        </span>
      </Tile>
      <Tile id="revenue" label="Revenue / min" value={moneyByCurrency(now.revenue_per_min_minor, true)}>
        <span>{moneyByCurrency(now.revenue_per_min_minor)}</span>
      </Tile>
      <Tile
        id="latency"
        label="Latency p50 / p99, ms"
        value={`${figure(now.latency_p50_ms)} / ${figure(now.latency_p99_ms)}`}
        pair
        tone={toneOf(now.latency_p99_ms, latencyP99WarnMs, latencyP99BadMs)}
      >
        <span>{figure(now.requests_per_s)} requests/s</span>
      </Tile>
      <Tile
        id="errors"
        label="Errors"
        value={percent(now.error_rate)}
        tone={toneOf(now.error_rate, errorRateWarn, errorRateBad)}
      >
        <span>
          {overview.switches.faults.error_rate > 0
            ? `drill: ${percent(overview.switches.faults.error_rate)} on purpose`
            : 'answers 5xx'}
        </span>
      </Tile>
      <Tile
        id="refusals"
        label="Refusals"
        value={percent(now.refusal_rate)}
        tone={toneOf(now.refusal_rate, refusalRateWarn, refusalRateBad)}
      >
        <span>answers 429 and 503</span>
      </Tile>
      <Tile
        id="payments"
        label="Payment failures"
        value={payments.failure_rate === null ? '–' : percent(payments.failure_rate)}
        tone={toneOf(payments.failure_rate, paymentFailuresWarn, paymentFailuresBad)}
      >
        <span>
          {figure(payments.failures)} of {figure(payments.attempts)} attempts, {payments.window_minutes} min
        </span>
      </Tile>
      <Tile
        id="fulfilment"
        label="To ship"
        value={figure(warehouse.backlog_total)}
        tone={
          warehouse.exceptions > 0 || warehouse.short_orders > 0 || warehouse.backlog.over_24h > 0
            ? 'warn'
            : 'plain'
        }
      >
        <span>
          {figure(warehouse.backlog.over_24h)} over 24 h · {figure(warehouse.packed_last_hour)} packed in the
          last hour · {figure(warehouse.exceptions)} in exception
        </span>
      </Tile>
      <Tile
        id="feeds"
        label="Channel feeds lag p99, ms"
        value={feeds.channels.length === 0 ? '–' : figure(feeds.lag_p99_ms ?? 0)}
        tone={
          failing.length > 0
            ? 'bad'
            : paused.length > 0
              ? 'warn'
              : toneOf(feeds.lag_p99_ms, feedLagWarnMs, feedLagBadMs)
        }
      >
        <span>
          {feeds.channels.length === 0
            ? 'no channel feed'
            : [
                `${figure(feeds.channels.length)} ${feeds.channels.length === 1 ? 'channel' : 'channels'}`,
                ...(paused.length > 0 ? [`paused: ${paused.join(', ')}`] : []),
                ...(failing.length > 0 ? [`failing: ${failing.join(', ')}`] : []),
              ].join(' · ')}
        </span>
      </Tile>
      <Tile id="reads" label="Availability reads / s" value={figure(now.availability_reads_per_s)}>
        <span>{figure(now.holds_active)} holds active</span>
      </Tile>
      <Tile id="queue" label="Intake queue" value={figure(now.intake_queue_length)}>
        <span>{figure(now.skus_sold_out)} SKUs sold out</span>
      </Tile>
      <Tile
        id="waiting"
        label="Waiting room"
        value={figure(now.waiting_room_waiting)}
        tone={room.enabled ? 'warn' : 'plain'}
      >
        <span>{room.enabled ? `open · admits ${figure(room.admission_rate_per_s)}/s` : 'closed'}</span>
      </Tile>
    </div>
  );
}
