/** What the rehearsal measures: every answer, by operation, step and time, into HDR latency histograms. */
import { build, type Histogram } from 'hdr-histogram-js';
import { rehearsalLimits as limits } from '../platform/core/limits.js';

/**
 * Operations as measured: the arrivals' own, and the follow-ups and retries they lead to. An advent
 * opening from two devices counts twice as `advent_open`; a player's later try is `advent_reopen`, and
 * ordering with the code given `order_with_code`.
 */
export const measuredOperations = [
  'availability_read',
  'availability_batch',
  'hold',
  'hold_release',
  'order',
  'order_from_hold',
  'order_retry',
  'cancel',
  'advent_open',
  'advent_reopen',
  'order_with_code',
] as const;
export type MeasuredOperation = (typeof measuredOperations)[number];

/**
 * ok: 2xx. rejected: 409, a business refusal (out of stock, hold no longer active). shed: 503/429,
 * the server declining load. timeout: no answer within the client's timeout. error: anything else
 * (other 4xx, 5xx, a broken connection).
 */
export type Outcome = 'ok' | 'rejected' | 'shed' | 'timeout' | 'error';
export const outcomes: readonly Outcome[] = ['ok', 'rejected', 'shed', 'timeout', 'error'];

export function outcomeOf(status: number | 'timeout' | 'network'): Outcome {
  if (status === 'timeout') return 'timeout';
  if (status === 'network') return 'error';
  if (status >= 200 && status < 300) return 'ok';
  if (status === 409) return 'rejected';
  if (status === 503 || status === 429) return 'shed';
  return 'error';
}

export function newHistogram(): Histogram {
  return build({
    bitBucketSize: 'packed',
    lowestDiscernibleValue: 1,
    highestTrackableValue: limits.latencyMicrosMax,
    numberOfSignificantValueDigits: 3,
    autoResize: false,
    useWebAssembly: false,
  });
}

export function recordMicros(histogram: Histogram, micros: number): void {
  histogram.recordValue(Math.min(limits.latencyMicrosMax, Math.max(1, Math.round(micros))));
}

export type OutcomeCounts = Record<Outcome, number>;
const zeroCounts = (): OutcomeCounts => ({ ok: 0, rejected: 0, shed: 0, timeout: 0, error: 0 });

/** Answers of one kind: counts by outcome and by status, and latency of the admitted ones (not shed). */
export class Cell {
  readonly counts = zeroCounts();
  readonly statuses = new Map<string, number>();
  readonly latency = newHistogram();
  readonly shedLatency = newHistogram();

  add(status: string, outcome: Outcome, micros: number): void {
    this.counts[outcome]++;
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    recordMicros(outcome === 'shed' ? this.shedLatency : this.latency, micros);
  }

  get total(): number {
    return outcomes.reduce((sum, outcome) => sum + this.counts[outcome], 0);
  }
}

export class Stats {
  readonly byOperation = new Map<MeasuredOperation, Cell>();
  /** [step][operation] */
  readonly byStep: Map<MeasuredOperation, Cell>[];
  readonly stepTotals: Cell[];
  /** Answers by the time they came, in buckets of `bucketMs`. */
  readonly timeline: Cell[] = [];
  /** How late the driver sent arrivals behind their schedule: its own limit, reported beside the server's. */
  readonly sendLag = newHistogram();
  /** Arrivals not sent because `inFlightMax` requests were already waiting: the driver's overload. */
  dropped = 0;
  /** The same, per step: a step whose arrivals the driver could not send was not sustained. */
  readonly droppedByStep: number[];
  /** The current progress window, reset by whoever reports progress. */
  window = new Cell();

  constructor(
    steps: number,
    readonly bucketMs: number,
  ) {
    this.byStep = Array.from({ length: steps }, () => new Map());
    this.stepTotals = Array.from({ length: steps }, () => new Cell());
    this.droppedByStep = Array.from({ length: steps }, () => 0);
  }

  record(
    operation: MeasuredOperation,
    step: number,
    answeredAtMs: number,
    latencyMs: number,
    status: number | 'timeout' | 'network',
  ): Outcome {
    const outcome = outcomeOf(status);
    const label = String(status);
    const micros = latencyMs * 1000;
    cellOf(this.byOperation, operation).add(label, outcome, micros);
    cellOf(this.byStep[step]!, operation).add(label, outcome, micros);
    this.stepTotals[step]!.add(label, outcome, micros);
    const bucket = Math.max(0, Math.floor(answeredAtMs / this.bucketMs));
    while (this.timeline.length <= bucket) this.timeline.push(new Cell());
    this.timeline[bucket]!.add(label, outcome, micros);
    this.window.add(label, outcome, micros);
    return outcome;
  }

  totals(): OutcomeCounts {
    const counts = zeroCounts();
    for (const cell of this.byOperation.values())
      for (const outcome of outcomes) counts[outcome] += cell.counts[outcome];
    return counts;
  }
}

function cellOf(map: Map<MeasuredOperation, Cell>, operation: MeasuredOperation): Cell {
  let cell = map.get(operation);
  if (cell === undefined) {
    cell = new Cell();
    map.set(operation, cell);
  }
  return cell;
}

export interface LatencySummary {
  count: number;
  p50_ms: number;
  p90_ms: number;
  p99_ms: number;
  max_ms: number;
}

const ms = (micros: number) => Math.round(micros) / 1000;

export function summarise(histogram: Histogram): LatencySummary {
  if (histogram.totalCount === 0) return { count: 0, p50_ms: 0, p90_ms: 0, p99_ms: 0, max_ms: 0 };
  return {
    count: histogram.totalCount,
    p50_ms: ms(histogram.getValueAtPercentile(50)),
    p90_ms: ms(histogram.getValueAtPercentile(90)),
    p99_ms: ms(histogram.getValueAtPercentile(99)),
    max_ms: ms(histogram.maxValue),
  };
}
