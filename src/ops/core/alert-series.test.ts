/**
 * The rules on whole evenings of figures, replayed as the evaluator sees them: every 5 seconds, the
 * minutes so far and the current one partly covered. Each evening is generated from a seed (the same
 * every run) with the noise of real traffic: a spike must fire and then resolve, a slow drift must
 * not look like a spike, noise around a threshold must not flap, and a broken checkout must show.
 */
import { describe, expect, it } from 'vitest';
import { limits } from '../../platform/core/limits.js';
import { seededRandom } from '../../platform/core/seeded-random.js';
import {
  type AlertCondition,
  evaluateCondition,
  noStreak,
  type Reading,
  type Streak,
  stepAlert,
} from './alerts.js';
import { latencyBucketBoundsMs, type MinutePoint, minuteMs, percentileMs, quietMinute } from './figures.js';

const eveningMs = Date.parse('2026-11-27T17:00:00.000Z');

/** What one minute of the evening is like; the generator adds the noise. */
interface Shape {
  readonly requestsPerS: number;
  /** Orders per request. */
  readonly conversion: number;
  readonly errorShare: number;
  /** Latency is log-normal around this median, with a tail that gives a p99 about 6× higher. */
  readonly latencyMedianMs: number;
  readonly intakeQueue?: number;
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 for erf), good to 1e-7: plenty for bucket shares. */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

const latencySigma = 0.8;

function latencyBuckets(requests: number, medianMs: number): number[] {
  const cdf = (ms: number) => normalCdf((Math.log(ms) - Math.log(medianMs)) / latencySigma);
  let below = 0;
  const buckets = latencyBucketBoundsMs.map((bound) => {
    const upTo = cdf(bound);
    const count = Math.round(requests * (upTo - below));
    below = upTo;
    return count;
  });
  buckets.push(Math.round(requests * (1 - below)));
  return buckets;
}

/** An evening of whole minutes from `shapeAt(minute)`, with seeded noise on every figure. */
function evening(seed: number, minutes: number, shapeAt: (minute: number) => Shape): MinutePoint[] {
  const random = seededRandom(seed);
  // Box–Muller: a normal draw from two uniform ones.
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const around = (mean: number, relative: number) => Math.max(0, mean * (1 + relative * normal()));
  return Array.from({ length: minutes }, (_unused, minute) => {
    const shape = shapeAt(minute);
    const requests = Math.round(around(shape.requestsPerS * 60, 0.08));
    return {
      ...quietMinute(eveningMs + minute * minuteMs),
      requests,
      errors: Math.round(requests * around(shape.errorShare, 0.2)),
      ordersPlaced: Math.round(requests * around(shape.conversion, 0.1)),
      availabilityReads: Math.round(requests * 0.7),
      latencyBuckets: latencyBuckets(requests, around(shape.latencyMedianMs, 0.05)),
      intakeQueueMax: Math.round(around(shape.intakeQueue ?? 5, 0.15)),
    };
  });
}

/** The current minute `coveredS` seconds in: its counters so far, as its row holds them then. */
function partial(point: MinutePoint, coveredS: number): MinutePoint {
  const share = coveredS / 60;
  const part = (count: number) => Math.round(count * share);
  return {
    ...point,
    requests: part(point.requests),
    errors: part(point.errors),
    refusals: part(point.refusals),
    ordersPlaced: part(point.ordersPlaced),
    ordersRefused: part(point.ordersRefused),
    availabilityReads: part(point.availabilityReads),
    latencyBuckets: point.latencyBuckets.map(part),
    coveredS,
  };
}

interface Replayed {
  readonly fired: { atMs: number; reading: Reading }[];
  readonly resolved: { atMs: number; reading: Reading }[];
}

const evaluationsPerMinute = minuteMs / limits.alertEvaluationIntervalMs;

/** Every evaluation of one rule over the evening, from `fromMinute` on (earlier minutes are history). */
function replay(condition: AlertCondition, minutes: readonly MinutePoint[], fromMinute: number): Replayed {
  const fired: Replayed['fired'] = [];
  const resolved: Replayed['resolved'] = [];
  let streak: Streak = noStreak;
  let firing = false;
  for (let minute = fromMinute; minute < minutes.length; minute++) {
    const history = minutes.slice(Math.max(0, minute - limits.alertSeriesMinutes + 1), minute);
    for (let evaluation = 1; evaluation <= evaluationsPerMinute; evaluation++) {
      const coveredS = (evaluation * limits.alertEvaluationIntervalMs) / 1000;
      const current = partial(minutes[minute]!, coveredS);
      const nowMs = current.atMs + coveredS * 1000;
      const reading = evaluateCondition(condition, {
        nowMs,
        series: [...history, current],
        topSkus: [],
        failingSales: [],
        paymentMinutes: [],
        promoCodeMinutes: [],
        delayedBackorderLines: 0,
        contactMinutes: [],
      });
      const step = stepAlert(streak, reading.state, firing);
      streak = step.streak;
      if (step.transition === 'fire') {
        firing = true;
        fired.push({ atMs: nowMs, reading });
      }
      if (step.transition === 'resolve') {
        firing = false;
        resolved.push({ atMs: nowMs, reading });
      }
    }
  }
  return { fired, resolved };
}

const at = (minute: number) => eveningMs + minute * minuteMs;
const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);

/** Black Friday evening traffic: 40 req/s at 17:00 rising to 120 at 21:00, easing to 80 by 23:00. */
function eveningTraffic(minute: number): number {
  return minute < 240 ? 40 + (80 * minute) / 240 : 120 - (40 * (minute - 240)) / 120;
}

const usual = { conversion: 0.025, errorShare: 0.001, latencyMedianMs: 15 };

const spike: AlertCondition = {
  kind: 'spike',
  ratio: 3,
  window_minutes: 5,
  baseline_minutes: 30,
  min_requests_per_s: 5,
};

describe('a traffic spike at 20:00', () => {
  // A TV spot at 20:00: four times the traffic for seven minutes, then back to the evening's curve.
  const spikeStart = 180;
  const spikeEnd = spikeStart + 7;
  const minutes = evening(1127, 240, (minute) => ({
    ...usual,
    requestsPerS: eveningTraffic(minute) * (minute >= spikeStart && minute < spikeEnd ? 4 : 1),
  }));
  const result = replay(spike, minutes, 60);

  it('fires once, within the minutes the window needs to see it, saying frenzy or attack', () => {
    expect(result.fired.map((event) => clock(event.atMs))).toHaveLength(1);
    const fired = result.fired[0]!;
    expect(fired.atMs).toBeGreaterThan(at(spikeStart + 2));
    expect(fired.atMs).toBeLessThan(at(spikeStart + 5));
    expect(fired.reading.message).toMatch(
      /^Traffic ×3\.\d in 5 minutes \(\d+ req\/s against \d+\): spike — frenzy or attack\?$/,
    );
  });

  it('resolves once, after the spike has passed', () => {
    expect(result.resolved).toHaveLength(1);
    expect(result.resolved[0]!.atMs).toBeGreaterThan(at(spikeEnd));
    expect(result.resolved[0]!.atMs).toBeLessThan(at(spikeEnd + 5));
  });
});

describe('a slow drift: the evening ramps up and the server slows with it', () => {
  // From 17:00 to 20:00 traffic grows fivefold and latency with it: load, not a spike.
  const minutes = evening(2611, 180, (minute) => ({
    ...usual,
    requestsPerS: 40 + (160 * minute) / 180,
    latencyMedianMs: 15 + (105 * minute) / 180,
  }));
  const p99Above500: AlertCondition = {
    kind: 'threshold',
    metric: 'latency_p99_ms',
    op: 'above',
    value: 500,
    resolve_value: 300,
    window_minutes: 1,
  };

  it('never fires the spike rule', () => {
    expect(replay(spike, minutes, 40).fired).toEqual([]);
  });

  it('fires the p99 threshold once, only after the figures crossed 500 ms', () => {
    const result = replay(p99Above500, minutes, 40);
    expect(result.fired).toHaveLength(1);
    expect(result.resolved).toEqual([]);
    const firstSlowMinute = minutes.findIndex(
      (point) => (percentileMs(point.latencyBuckets, 0.99) ?? 0) > 500,
    );
    expect(firstSlowMinute).toBeGreaterThan(40);
    expect(result.fired[0]!.atMs).toBeGreaterThan(at(firstSlowMinute));
    expect(result.fired[0]!.reading.message).toBe('p99 latency 1000 ms > 500 ms');
  });
});

describe('noise around a threshold', () => {
  // An hour of errors hovering around 2 %, some minutes above, some below; then the fix.
  const noisyMinutes = 60;
  const minutes = evening(4242, noisyMinutes + 20, (minute) => ({
    ...usual,
    requestsPerS: 90,
    errorShare: minute < noisyMinutes ? 0.02 : 0.001,
    intakeQueue: minute < noisyMinutes ? 2000 : 20,
  }));
  const errorRate = (resolveValue: number): AlertCondition => ({
    kind: 'threshold',
    metric: 'error_rate',
    op: 'above',
    value: 0.02,
    resolve_value: resolveValue,
    window_minutes: 1,
  });

  it('raises at most one alert while the figure hovers, and resolves it once after the fix', () => {
    const result = replay(errorRate(0.005), minutes, 0);
    expect(result.fired).toHaveLength(1);
    expect(result.fired[0]!.atMs).toBeLessThan(at(noisyMinutes));
    expect(result.resolved).toHaveLength(1);
    expect(result.resolved[0]!.atMs).toBeGreaterThan(at(noisyMinutes));
  });

  it('would flap on the same noise without a band between value and resolve_value', () => {
    expect(replay(errorRate(0.02), minutes, 0).fired.length).toBeGreaterThan(3);
  });

  it('keeps a gauge hovering around its threshold to one alert too', () => {
    const queue: AlertCondition = {
      kind: 'threshold',
      metric: 'intake_queue_length',
      op: 'above',
      value: 2000,
      resolve_value: 500,
      window_minutes: 1,
    };
    const result = replay(queue, minutes, 0);
    expect(result.fired).toHaveLength(1);
    expect(result.resolved).toHaveLength(1);
    expect(result.resolved[0]!.atMs).toBeGreaterThan(at(noisyMinutes));
  });
});

describe('a conversion drop', () => {
  const conversionDrop: AlertCondition = {
    kind: 'conversion_drop',
    drop_ratio: 0.5,
    traffic_ratio: 0.8,
    window_minutes: 10,
    baseline_minutes: 60,
    min_requests_per_s: 2,
  };

  it('fires when checkout breaks at 21:00 while traffic holds, and resolves after the fix', () => {
    // The payment provider fails for twenty minutes: buyers keep coming, and retrying, but few orders go through.
    const brokenFrom = 240;
    const brokenTo = brokenFrom + 20;
    const minutes = evening(2100, 300, (minute) => {
      const broken = minute >= brokenFrom && minute < brokenTo;
      return {
        ...usual,
        requestsPerS: eveningTraffic(minute) * (broken ? 1.1 : 1),
        conversion: broken ? 0.003 : usual.conversion,
      };
    });
    const result = replay(conversionDrop, minutes, 120);
    expect(result.fired).toHaveLength(1);
    expect(result.fired[0]!.atMs).toBeGreaterThan(at(brokenFrom + 3));
    expect(result.fired[0]!.atMs).toBeLessThan(at(brokenFrom + 10));
    expect(result.fired[0]!.reading.message).toMatch(/while traffic holds at ×1\.\d: is checkout broken\?$/);
    expect(result.resolved).toHaveLength(1);
    expect(result.resolved[0]!.atMs).toBeGreaterThan(at(brokenTo));
  });

  it('stays quiet late at night, when orders fall because the buyers leave', () => {
    // From 23:00 traffic and orders fall together to a third: fewer buyers, not a broken checkout.
    const minutes = evening(2300, 240, (minute) => ({
      ...usual,
      requestsPerS: minute < 120 ? 80 : 80 - (54 * (minute - 120)) / 120,
    }));
    expect(replay(conversionDrop, minutes, 60).fired).toEqual([]);
  });
});
