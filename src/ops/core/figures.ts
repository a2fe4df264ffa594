/**
 * The operations room's figures, minute by minute: what one minute holds, how the rows of several
 * processes add up, and the rates and percentiles read off them. Pure: no clock, no I/O.
 */

/** Upper bounds (ms) of the latency buckets each minute counts requests in; the last is open-ended. */
export const latencyBucketBoundsMs = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000] as const;

/** What a process counts of one minute, as it happens. */
export interface MinuteCounters {
  readonly requests: number;
  /** Answers 5xx other than 503: something broke. */
  readonly errors: number;
  /** Answers 429 and 503: shed, queued in the waiting room, or refused by a switch. */
  readonly refusals: number;
  readonly ordersPlaced: number;
  readonly ordersRefused: number;
  readonly availabilityReads: number;
  /** Requests per latency bucket (`latencyBucketBoundsMs`, plus one past the last bound). */
  readonly latencyBuckets: readonly number[];
  /** Revenue of the orders placed, per currency, in minor units. */
  readonly revenueMinor: Readonly<Record<string, number>>;
  /** The longest the intake queue was seen. */
  readonly intakeQueueMax: number;
}

/** One minute of the whole shop (every process's row added up), with the shop's gauges. */
export interface MinutePoint extends MinuteCounters {
  /** The minute's start, UTC epoch ms. */
  readonly atMs: number;
  readonly waitingRoomWaiting: number;
  readonly holdsActive: number;
  readonly skusSoldOut: number;
  readonly outboxBacklog: number;
  /** Seconds of the minute that have passed: 60 for a whole minute, fewer for the current one. */
  readonly coveredS: number;
}

export function emptyBuckets(): number[] {
  return new Array(latencyBucketBoundsMs.length + 1).fill(0);
}

/** The bucket a request of `ms` is counted in. */
export function bucketOf(ms: number): number {
  const index = latencyBucketBoundsMs.findIndex((bound) => ms <= bound);
  return index === -1 ? latencyBucketBoundsMs.length : index;
}

/**
 * The latency under which `quantile` of the requests fell, as the upper bound of its bucket (the
 * open last bucket reads as twice the last bound). null without requests.
 */
export function percentileMs(buckets: readonly number[], quantile: number): number | null {
  if (!(quantile > 0 && quantile <= 1)) throw new Error(`quantile ${quantile} is not in (0, 1]`);
  const total = buckets.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  // Counts may be fractional (a window weighs its oldest minute), so the rank is not rounded.
  const rank = total * quantile;
  const openBoundMs = 2 * latencyBucketBoundsMs.at(-1)!;
  let seen = 0;
  for (let index = 0; index < buckets.length; index++) {
    seen += buckets[index]!;
    if (seen >= rank) return latencyBucketBoundsMs[index] ?? openBoundMs;
  }
  // Only rounding can leave the rank past the sum: it is in the last bucket.
  return openBoundMs;
}

function addRecords(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>) {
  const sum: Record<string, number> = { ...a };
  for (const [key, value] of Object.entries(b)) sum[key] = (sum[key] ?? 0) + value;
  return sum;
}

/** Nothing counted yet. */
export function noCounters(): MinuteCounters {
  return {
    requests: 0,
    errors: 0,
    refusals: 0,
    ordersPlaced: 0,
    ordersRefused: 0,
    availabilityReads: 0,
    latencyBuckets: emptyBuckets(),
    revenueMinor: {},
    intakeQueueMax: 0,
  };
}

/** Two counts of one minute as one: counters added, the queue's longest kept. */
export function addCounters(a: MinuteCounters, b: MinuteCounters): MinuteCounters {
  return {
    requests: a.requests + b.requests,
    errors: a.errors + b.errors,
    refusals: a.refusals + b.refusals,
    ordersPlaced: a.ordersPlaced + b.ordersPlaced,
    ordersRefused: a.ordersRefused + b.ordersRefused,
    availabilityReads: a.availabilityReads + b.availabilityReads,
    latencyBuckets: a.latencyBuckets.map((count, index) => count + (b.latencyBuckets[index] ?? 0)),
    revenueMinor: addRecords(a.revenueMinor, b.revenueMinor),
    intakeQueueMax: Math.max(a.intakeQueueMax, b.intakeQueueMax),
  };
}

/** Two readings of the same minute (two processes): counters add up, the shop's gauges keep the highest. */
export function mergeMinutes(a: MinutePoint, b: MinutePoint): MinutePoint {
  if (a.atMs !== b.atMs) throw new Error(`merging minutes ${a.atMs} and ${b.atMs}`);
  return {
    ...addCounters(a, b),
    atMs: a.atMs,
    waitingRoomWaiting: Math.max(a.waitingRoomWaiting, b.waitingRoomWaiting),
    holdsActive: Math.max(a.holdsActive, b.holdsActive),
    skusSoldOut: Math.max(a.skusSoldOut, b.skusSoldOut),
    outboxBacklog: Math.max(a.outboxBacklog, b.outboxBacklog),
    coveredS: Math.max(a.coveredS, b.coveredS),
  };
}

/** A minute nobody recorded: no traffic, gauges unknown and read as 0. */
export function quietMinute(atMs: number): MinutePoint {
  return {
    ...noCounters(),
    atMs,
    waitingRoomWaiting: 0,
    holdsActive: 0,
    skusSoldOut: 0,
    outboxBacklog: 0,
    coveredS: 60,
  };
}

export const minuteMs = 60_000;

export function minuteStart(epochMs: number): number {
  return epochMs - (epochMs % minuteMs);
}

/**
 * The rows of several processes merged into one point per minute, from `fromMs` to `toMs`
 * (minute starts, inclusive), quiet minutes filled in: a chart and a rule see every minute.
 */
export function minuteSeries(rows: readonly MinutePoint[], fromMs: number, toMs: number): MinutePoint[] {
  const byMinute = new Map<number, MinutePoint>();
  for (const row of rows) {
    const known = byMinute.get(row.atMs);
    byMinute.set(row.atMs, known === undefined ? row : mergeMinutes(known, row));
  }
  const series: MinutePoint[] = [];
  for (let at = minuteStart(fromMs); at <= toMs; at += minuteMs) {
    series.push(byMinute.get(at) ?? quietMinute(at));
  }
  return series;
}

/** The last `seconds` of a series as one window: counters summed, gauges at their latest. */
export interface Window {
  readonly seconds: number;
  readonly requests: number;
  readonly errors: number;
  readonly refusals: number;
  readonly ordersPlaced: number;
  readonly ordersRefused: number;
  readonly availabilityReads: number;
  readonly latencyBuckets: readonly number[];
  readonly revenueMinor: Readonly<Record<string, number>>;
}

/**
 * Sums the minutes that cover the last `minutes` minutes of `series` (oldest first; the last point
 * may be the current, partial minute). The oldest whole minute counts only for the share the
 * current minute has not covered yet, so that a window always spans `minutes` minutes: a rate read
 * off it does not jump when a new minute starts.
 */
export function lastWindow(series: readonly MinutePoint[], minutes: number): Window {
  if (!Number.isInteger(minutes) || minutes < 1) throw new Error(`a window of ${minutes} minutes`);
  const last = series.at(-1);
  const partial = last !== undefined && last.coveredS < 60;
  const taken = series.slice(-(minutes + (partial ? 1 : 0)));
  const weights = taken.map((_point, index) =>
    partial && index === 0 && taken.length > minutes ? (60 - last!.coveredS) / 60 : 1,
  );
  let seconds = 0;
  let requests = 0;
  let errors = 0;
  let refusals = 0;
  let ordersPlaced = 0;
  let ordersRefused = 0;
  let availabilityReads = 0;
  const latencyBuckets = emptyBuckets();
  let revenueMinor: Record<string, number> = {};
  taken.forEach((point, index) => {
    const weight = weights[index]!;
    seconds += weight * point.coveredS;
    requests += weight * point.requests;
    errors += weight * point.errors;
    refusals += weight * point.refusals;
    ordersPlaced += weight * point.ordersPlaced;
    ordersRefused += weight * point.ordersRefused;
    availabilityReads += weight * point.availabilityReads;
    point.latencyBuckets.forEach((count, bucket) => {
      latencyBuckets[bucket] = latencyBuckets[bucket]! + weight * count;
    });
    const scaled: Record<string, number> = {};
    for (const [currency, amount] of Object.entries(point.revenueMinor)) {
      scaled[currency] = Math.round(weight * amount);
    }
    revenueMinor = addRecords(revenueMinor, scaled);
  });
  return {
    seconds,
    requests,
    errors,
    refusals,
    ordersPlaced,
    ordersRefused,
    availabilityReads,
    latencyBuckets,
    revenueMinor,
  };
}

/** Events per second over a window; 0 over an empty one. */
export function perSecond(count: number, window: Window): number {
  return window.seconds === 0 ? 0 : count / window.seconds;
}

/** A share of the requests (errors, refusals), 0 to 1; 0 without requests. */
export function shareOf(count: number, window: Window): number {
  return window.requests === 0 ? 0 : count / window.requests;
}
