/** The alert rules one by one: what each condition reads, its messages, the hysteresis, and rules refused. */
import { describe, expect, it } from 'vitest';
import { limits } from '../../platform/core/limits.js';
import {
  type AlertCondition,
  type AlertInputs,
  type AlertRuleInput,
  type BackordersDelayedCondition,
  evaluateCondition,
  noStreak,
  type PaymentFailuresCondition,
  type PromoCodeSurgeCondition,
  type ReadingState,
  type Streak,
  stepAlert,
  type ThresholdCondition,
  validateRule,
} from './alerts.js';
import { bucketOf, emptyBuckets, type MinutePoint, minuteMs, quietMinute } from './figures.js';

const startMs = Date.parse('2026-11-27T19:00:00.000Z');

/** A whole minute with `requests` spread evenly over its seconds, all answered in `latencyMs`. */
function minute(index: number, fields: Partial<MinutePoint> & { latencyMs?: number } = {}): MinutePoint {
  const { latencyMs = 10, ...rest } = fields;
  const requests = rest.requests ?? 0;
  const latencyBuckets = emptyBuckets();
  latencyBuckets[bucketOf(latencyMs)] = requests;
  return { ...quietMinute(startMs + index * minuteMs), latencyBuckets, ...rest, requests };
}

function steady(minutes: number, fields: Partial<MinutePoint> & { latencyMs?: number }): MinutePoint[] {
  return Array.from({ length: minutes }, (_unused, index) => minute(index, fields));
}

function inputs(
  series: MinutePoint[],
  topSkus: AlertInputs['topSkus'] = [],
  failingSales: AlertInputs['failingSales'] = [],
  paymentMinutes: AlertInputs['paymentMinutes'] = [],
  promoCodeMinutes: AlertInputs['promoCodeMinutes'] = [],
  delayedBackorderLines = 0,
  contactMinutes: AlertInputs['contactMinutes'] = [],
): AlertInputs {
  const last = series.at(-1);
  return {
    nowMs: (last?.atMs ?? startMs) + (last?.coveredS ?? 60) * 1000,
    series,
    topSkus,
    failingSales,
    paymentMinutes,
    promoCodeMinutes,
    delayedBackorderLines,
    contactMinutes,
  };
}

const p99Above500: ThresholdCondition = {
  kind: 'threshold',
  metric: 'latency_p99_ms',
  op: 'above',
  value: 500,
  resolve_value: 300,
  window_minutes: 1,
};

describe('threshold', () => {
  it('fires above its value, says so in the contract’s words, and reads a p99 off the buckets', () => {
    const reading = evaluateCondition(p99Above500, inputs(steady(3, { requests: 600, latencyMs: 900 })));
    expect(reading).toEqual({ state: 'breached', value: 1000, message: 'p99 latency 1000 ms > 500 ms' });
  });

  it('is in between inside its band and clear once back at resolve_value or under', () => {
    expect(evaluateCondition(p99Above500, inputs(steady(3, { requests: 600, latencyMs: 400 }))).state).toBe(
      'between',
    );
    const clear = evaluateCondition(p99Above500, inputs(steady(3, { requests: 600, latencyMs: 150 })));
    expect(clear).toEqual({ state: 'clear', value: 200, message: 'p99 latency 200 ms, within 300 ms' });
    const noBand = { ...p99Above500, resolve_value: 500 };
    expect(evaluateCondition(noBand, inputs(steady(3, { requests: 600, latencyMs: 400 }))).state).toBe(
      'clear',
    );
  });

  it('reads a minute without requests as nothing to alert on', () => {
    const reading = evaluateCondition(p99Above500, inputs(steady(3, { requests: 0 })));
    expect(reading.state).toBe('clear');
    expect(reading.value).toBeNull();
  });

  it('shows shares as percentages and fires below its value for an op below', () => {
    const errors: ThresholdCondition = {
      kind: 'threshold',
      metric: 'error_rate',
      op: 'above',
      value: 0.02,
      resolve_value: 0.005,
      window_minutes: 5,
    };
    const reading = evaluateCondition(errors, inputs(steady(10, { requests: 1000, errors: 35 })));
    expect(reading).toEqual({ state: 'breached', value: 0.035, message: 'error rate 3.5 % > 2 %' });

    const fewOrders: ThresholdCondition = {
      kind: 'threshold',
      metric: 'orders_per_min',
      op: 'below',
      value: 10,
      resolve_value: 20,
      window_minutes: 5,
    };
    expect(evaluateCondition(fewOrders, inputs(steady(10, { requests: 900, ordersPlaced: 4 })))).toEqual({
      state: 'breached',
      value: 4,
      message: 'orders 4/min < 10/min',
    });
    expect(evaluateCondition(fewOrders, inputs(steady(10, { requests: 900, ordersPlaced: 15 }))).state).toBe(
      'between',
    );
    expect(evaluateCondition(fewOrders, inputs(steady(10, { requests: 900, ordersPlaced: 20 }))).state).toBe(
      'clear',
    );
  });

  it('averages a rate over its window, the current partial minute included, without a jump as it starts', () => {
    const traffic: ThresholdCondition = {
      kind: 'threshold',
      metric: 'requests_per_s',
      op: 'above',
      value: 100,
      resolve_value: 80,
      window_minutes: 1,
    };
    const whole = steady(5, { requests: 60 * 90 });
    // Five seconds into a minute at the same pace: still 90 req/s, not 5 seconds' worth over a minute.
    const partial = [...whole, minute(5, { requests: 5 * 90, coveredS: 5 })];
    expect(evaluateCondition(traffic, inputs(partial)).value).toBeCloseTo(90, 6);
    expect(evaluateCondition(traffic, inputs(whole)).value).toBeCloseTo(90, 6);
  });

  it('reads gauges at the latest point', () => {
    const queue: ThresholdCondition = {
      kind: 'threshold',
      metric: 'intake_queue_length',
      op: 'above',
      value: 2000,
      resolve_value: 500,
      window_minutes: 5,
    };
    const series = [...steady(4, { intakeQueueMax: 4000 }), minute(4, { intakeQueueMax: 300 })];
    expect(evaluateCondition(queue, inputs(series))).toEqual({
      state: 'clear',
      value: 300,
      message: 'intake queue 300 orders, within 500 orders',
    });
  });

  it('ignores a minute written by a process whose clock runs ahead', () => {
    const series = steady(3, { requests: 600, latencyMs: 100 });
    const ahead = minute(3, { requests: 600, latencyMs: 4000 });
    const reading = evaluateCondition(p99Above500, {
      nowMs: startMs + 3 * minuteMs - 1,
      series: [...series, ahead],
      topSkus: [],
      failingSales: [],
      paymentMinutes: [],
      promoCodeMinutes: [],
      delayedBackorderLines: 0,
      contactMinutes: [],
    });
    expect(reading.value).toBe(100);
  });
});

describe('spike', () => {
  const spike: AlertCondition = {
    kind: 'spike',
    ratio: 3,
    window_minutes: 5,
    baseline_minutes: 30,
    min_requests_per_s: 5,
  };

  it('fires when the window reaches ratio × the baseline, with a message that says frenzy or attack', () => {
    const series = [...steady(30, { requests: 62 * 60 }), ...steady(5, { requests: 212 * 60 })].map(
      (point, index) => ({ ...point, atMs: startMs + index * minuteMs }),
    );
    const reading = evaluateCondition(spike, inputs(series));
    expect(reading.state).toBe('breached');
    expect(reading.value).toBeCloseTo(212 / 62, 6);
    expect(reading.message).toBe(
      'Traffic ×3.4 in 5 minutes (212 req/s against 62): spike — frenzy or attack?',
    );
  });

  it('stays clear under the ratio, under min_requests_per_s, or without any baseline', () => {
    const grow = (now: number, before = 62) =>
      [...steady(30, { requests: before * 60 }), ...steady(5, { requests: now * 60 })].map(
        (point, index) => ({
          ...point,
          atMs: startMs + index * minuteMs,
        }),
      );
    expect(evaluateCondition(spike, inputs(grow(150))).state).toBe('clear');
    // ×4, but from 1 to 4 req/s: a handful of requests, not an event.
    expect(evaluateCondition(spike, inputs(grow(4, 1))).state).toBe('clear');
    expect(evaluateCondition(spike, inputs([])).message).toBe('Traffic: no baseline yet');
  });

  it('keeps a finite ratio against a silent baseline', () => {
    const series = [...steady(30, { requests: 0 }), ...steady(5, { requests: 600 })].map((point, index) => ({
      ...point,
      atMs: startMs + index * minuteMs,
    }));
    const reading = evaluateCondition(spike, inputs(series));
    expect(reading.state).toBe('breached');
    expect(Number.isFinite(reading.value)).toBe(true);
    expect(reading.message).toContain('over ×100 in 5 minutes (10 req/s against under 0.1)');
  });
});

describe('conversion drop', () => {
  const drop: AlertCondition = {
    kind: 'conversion_drop',
    drop_ratio: 0.5,
    traffic_ratio: 0.8,
    window_minutes: 10,
    baseline_minutes: 60,
    min_requests_per_s: 2,
  };
  const series = (now: { requests: number; orders: number }) =>
    [
      ...steady(60, { requests: 6000, ordersPlaced: 180 }),
      ...steady(10, { requests: now.requests, ordersPlaced: now.orders }),
    ].map((point, index) => ({ ...point, atMs: startMs + index * minuteMs }));

  it('fires when orders per request fall to drop_ratio × their usual while traffic holds', () => {
    const reading = evaluateCondition(drop, inputs(series({ requests: 6000, orders: 30 })));
    expect(reading.state).toBe('breached');
    expect(reading.value).toBeCloseTo(1 / 6, 6);
    expect(reading.message).toBe(
      'Conversion ×0.2 in 10 minutes (0.5 % of requests end in an order against 3 %) while traffic holds at ×1: is checkout broken?',
    );
  });

  it('stays clear when traffic fell with the orders, or conversion held', () => {
    expect(evaluateCondition(drop, inputs(series({ requests: 1500, orders: 5 }))).state).toBe('clear');
    expect(evaluateCondition(drop, inputs(series({ requests: 6000, orders: 170 }))).state).toBe('clear');
  });
});

describe('a sale running with a failing check', () => {
  const condition: AlertCondition = { kind: 'sale_check_failed' };

  it('names the first sale running with problems, counts the others, and clears when none is', () => {
    const sales = [
      { id: 'sale_1', name: 'Black Friday', problems: 3 },
      { id: 'sale_2', name: 'Flash', problems: 1 },
    ];
    expect(evaluateCondition(condition, inputs(steady(1, {}), [], sales))).toEqual({
      state: 'breached',
      value: 2,
      message: 'Sale “Black Friday” is running with 3 problems in its check (and 1 more sale)',
    });
    expect(evaluateCondition(condition, inputs(steady(1, {}), [], []))).toMatchObject({
      state: 'clear',
      value: 0,
    });
  });
});

describe('payments failing', () => {
  const condition: AlertCondition = {
    kind: 'payment_failures',
    rate: 0.2,
    resolve_rate: 0.1,
    window_minutes: 15,
    min_attempts: 20,
  };
  /** The last `minutes` minutes, each with these attempts; the evaluation is at the end of the last. */
  const payments = (minutes: number, failures: number, secured: number) =>
    inputs(
      steady(minutes, {}),
      [],
      [],
      Array.from({ length: minutes }, (_unused, index) => ({
        atMs: startMs + index * minuteMs,
        failures,
        secured,
      })),
    );

  it('fires past the rate over its window, and says how many attempts failed', () => {
    expect(evaluateCondition(condition, payments(15, 1, 3))).toEqual({
      state: 'breached',
      value: 0.25,
      message: 'Payments failing: 25 % (15 of 60 payment attempts failed in 15 min)',
    });
  });

  it('stays quiet below its minimum of attempts, and in its band between resolve_rate and rate', () => {
    expect(evaluateCondition(condition, payments(3, 1, 2))).toMatchObject({ state: 'clear', value: 1 / 3 });
    expect(evaluateCondition(condition, payments(15, 3, 17)).state).toBe('between');
    expect(evaluateCondition(condition, payments(15, 1, 9)).state).toBe('clear');
    expect(evaluateCondition(condition, payments(15, 0, 0))).toMatchObject({ state: 'clear', value: null });
  });

  it('reads only the minutes of its window', () => {
    // 30 minutes: failures in the 15 oldest only, the 15 newest all good.
    const minutes = Array.from({ length: 30 }, (_unused, index) => ({
      atMs: startMs + index * minuteMs,
      failures: index < 15 ? 10 : 0,
      secured: 5,
    }));
    expect(evaluateCondition(condition, inputs(steady(30, {}), [], [], minutes))).toMatchObject({
      state: 'clear',
      value: 0,
    });
  });

  it('refuses a rule that could never fire or never resolve', () => {
    const rule = (change: Partial<typeof condition>) =>
      validateRule({
        name: 'Payments',
        severity: 'warning',
        enabled: true,
        runbook: null,
        condition: { ...(condition as PaymentFailuresCondition), ...change },
      });
    expect(rule({}).ok).toBe(true);
    expect(rule({ rate: 1 }).ok).toBe(false);
    expect(rule({ resolve_rate: 0.3 }).ok).toBe(false);
    expect(rule({ min_attempts: 0 }).ok).toBe(false);
    expect(rule({ window_minutes: 0 }).ok).toBe(false);
  });
});

describe('a promo code surging', () => {
  const condition: PromoCodeSurgeCondition = {
    kind: 'promo_code_surge',
    ratio: 5,
    window_minutes: 5,
    baseline_minutes: 60,
    min_uses_per_minute: 10,
  };
  /** An hour at `usual` uses a minute, then five minutes at `now`, of one code; the evaluation is in the last. */
  const uses = (code: string, usual: number, now: number) =>
    Array.from({ length: 65 }, (_unused, index) => ({
      code,
      atMs: startMs + index * minuteMs,
      uses: index < 60 ? usual : now,
    }));
  const at = (minutes: AlertInputs['promoCodeMinutes']) => inputs(steady(65, {}), [], [], [], minutes);

  it('fires on the code whose rate jumped the most, naming it', () => {
    const reading = evaluateCondition(condition, at([...uses('WELCOME', 4, 24), ...uses('LEAKED', 2, 40)]));
    expect(reading).toEqual({
      state: 'breached',
      value: 20,
      message: 'Promo code LEAKED used 40 times a minute, ×20 (usual 2): leaked, or a mailing just went out?',
    });
  });

  it('fires on a code unused before once it reaches its floor, and not below it', () => {
    expect(evaluateCondition(condition, at(uses('NEW', 0, 12)))).toMatchObject({ state: 'breached' });
    expect(evaluateCondition(condition, at(uses('NEW', 0, 9))).state).toBe('clear');
  });

  it('stays quiet for a busy code at its usual rate', () => {
    expect(evaluateCondition(condition, at(uses('BF10', 30, 40)))).toMatchObject({
      state: 'clear',
      value: 0,
    });
  });

  it('refuses a rule that could never fire', () => {
    const rule = (change: Partial<PromoCodeSurgeCondition>) =>
      validateRule({
        name: 'Leak',
        severity: 'warning',
        enabled: true,
        runbook: null,
        condition: { ...condition, ...change },
      });
    expect(rule({}).ok).toBe(true);
    expect(rule({ ratio: 1 }).ok).toBe(false);
    expect(rule({ min_uses_per_minute: 0 }).ok).toBe(false);
    expect(rule({ baseline_minutes: 5 }).ok).toBe(false);
  });
});

describe('orders sold beyond stock running late', () => {
  const condition: BackordersDelayedCondition = { kind: 'backorders_delayed', min_lines: 3 };
  const late = (lines: number) => inputs(steady(5, {}), [], [], [], [], lines);

  it('fires from min_lines late order lines, saying how many', () => {
    expect(evaluateCondition(condition, late(4))).toEqual({
      state: 'breached',
      value: 4,
      message:
        '4 order lines sold beyond stock will miss their promised date: a purchase order is late or closed short',
    });
    expect(evaluateCondition({ ...condition, min_lines: 1 }, late(1)).message).toBe(
      '1 order line sold beyond stock will miss its promised date: a purchase order is late or closed short',
    );
  });

  it('clears only once no line is late; fewer than min_lines neither fire nor resolve', () => {
    expect(evaluateCondition(condition, late(0))).toEqual({
      state: 'clear',
      value: 0,
      message: 'No order line sold beyond stock will miss its promised date',
    });
    expect(evaluateCondition(condition, late(2))).toEqual({
      state: 'between',
      value: 2,
      message: '2 order lines sold beyond stock will miss their promised date, fewer than 3',
    });
  });

  it('stays firing while the last late lines wait, and resolves once they are dealt with', () => {
    let streak: Streak = noStreak;
    let firing = false;
    const transitions = [5, 5, 2, 1, 1, 0, 0, 0].map((lines) => {
      const step = stepAlert(streak, evaluateCondition(condition, late(lines)).state, firing);
      streak = step.streak;
      if (step.transition !== null) firing = step.transition === 'fire';
      return step.transition;
    });
    expect(transitions).toEqual([null, 'fire', null, null, null, null, null, 'resolve']);
  });

  it('refuses a rule that could never fire, or that counts lines in parts', () => {
    const rule = (min_lines: number) =>
      validateRule({
        name: 'Late backorders',
        severity: 'warning',
        enabled: true,
        runbook: null,
        condition: { kind: 'backorders_delayed', min_lines },
      });
    expect(rule(1).ok).toBe(true);
    for (const min_lines of [0, 1.5, -1, limits.alertFigureMax + 1]) {
      const refused = rule(min_lines);
      if (refused.ok) throw new Error(`min_lines ${min_lines} was taken`);
      expect(refused.details?.errors).toEqual([
        { path: '/condition/min_lines', message: expect.any(String) },
      ]);
    }
  });
});

describe('top SKU out', () => {
  const condition: AlertCondition = { kind: 'top_sku_out', top_n: 10 };
  const seller = (channel: string, sku: string, units: number, available: number) => ({
    channel,
    sku,
    units,
    available,
  });

  it('names the sold-out best seller and its channel', () => {
    const reading = evaluateCondition(
      condition,
      inputs(
        [],
        [
          seller('web', 'AF-00002-L', 400, 12),
          seller('web', 'AF-00001-M', 310, 0),
          seller('marketplace', 'AF-00001-M', 90, 3),
        ],
      ),
    );
    expect(reading).toEqual({
      state: 'breached',
      value: 1,
      message: 'AF-00001-M sold out on web: a top-10 seller',
    });
  });

  it('counts only the top_n of each channel, and says how many more are out', () => {
    const web = Array.from({ length: 10 }, (_unused, index) => seller('web', `SKU-${index}`, 100 - index, 5));
    const top3: AlertCondition = { kind: 'top_sku_out', top_n: 3 };
    const fourthOut = web.map((row, index) => (index === 3 ? { ...row, available: 0 } : row));
    expect(evaluateCondition(top3, inputs([], fourthOut)).state).toBe('clear');
    const twoOut = web.map((row, index) => (index === 0 || index === 2 ? { ...row, available: 0 } : row));
    expect(evaluateCondition(top3, inputs([], twoOut)).message).toBe(
      'SKU-0 sold out on web: a top-3 seller (and 1 more)',
    );
  });
});

describe('hysteresis', () => {
  function run(states: ReadingState[], firing = false) {
    let streak: Streak = noStreak;
    let isFiring = firing;
    const transitions: string[] = [];
    for (const state of states) {
      const step = stepAlert(streak, state, isFiring);
      streak = step.streak;
      if (step.transition === 'fire') isFiring = true;
      if (step.transition === 'resolve') isFiring = false;
      transitions.push(step.transition ?? '-');
    }
    return transitions.join(' ');
  }

  it(`fires after ${limits.alertFireAfterEvaluations} breached evaluations in a row, never on one`, () => {
    expect(run(['breached', 'clear', 'breached', 'between', 'breached'])).toBe('- - - - -');
    expect(run(['breached', 'breached', 'breached'])).toBe('- fire -');
  });

  it(`resolves after ${limits.alertResolveAfterEvaluations} clear evaluations in a row; the band keeps it firing`, () => {
    expect(run(['clear', 'clear', 'between', 'clear', 'clear', 'between', 'between'], true)).toBe(
      '- - - - - - -',
    );
    expect(run(['clear', 'clear', 'clear', 'clear'], true)).toBe('- - resolve -');
  });

  it('keeps its counts small however long a rule is breached', () => {
    let streak = noStreak;
    for (let index = 0; index < 10_000; index++) streak = stepAlert(streak, 'breached', true).streak;
    expect(streak).toEqual({ breached: limits.alertFireAfterEvaluations, clear: 0 });
  });
});

describe('validating a rule', () => {
  const rule = (condition: unknown): AlertRuleInput => ({
    name: 'Checkout is slow',
    severity: 'critical',
    enabled: true,
    condition: condition as AlertCondition,
    runbook: null,
  });
  const problemsOf = (condition: unknown) => {
    const result = validateRule(rule(condition));
    if (result.ok) return [];
    expect(result.code).toBe('validation_failed');
    return (result.details?.errors as { path: string; message: string }[]).map((problem) => problem.path);
  };

  it('accepts the contract’s example', () => {
    expect(validateRule(rule(p99Above500))).toEqual({ ok: true, value: rule(p99Above500) });
  });

  it('refuses a resolve_value on the wrong side of value, for either op', () => {
    expect(problemsOf({ ...p99Above500, resolve_value: 600 })).toEqual(['/condition/resolve_value']);
    const below = { ...p99Above500, metric: 'orders_per_min', op: 'below', value: 10, resolve_value: 5 };
    expect(problemsOf(below)).toEqual(['/condition/resolve_value']);
    const result = validateRule(rule({ ...p99Above500, resolve_value: 600 }));
    expect(!result.ok && result.message).toContain('resolve_value must be at most value (500)');
  });

  it('refuses unknown metrics, ops and kinds', () => {
    expect(problemsOf({ ...p99Above500, metric: 'happiness' })).toEqual(['/condition/metric']);
    expect(problemsOf({ ...p99Above500, op: 'around' })).toEqual(['/condition/op']);
    expect(problemsOf({ kind: 'vibes' })).toEqual(['/condition/kind']);
  });

  it('refuses a share past 1, a negative figure, and windows out of range', () => {
    const errors = { ...p99Above500, metric: 'error_rate', value: 2, resolve_value: 0.5 };
    expect(problemsOf(errors)).toEqual(['/condition/value']);
    expect(problemsOf({ ...p99Above500, value: -1, resolve_value: -2 })).toEqual([
      '/condition/value',
      '/condition/resolve_value',
    ]);
    expect(problemsOf({ ...p99Above500, window_minutes: 0 })).toEqual(['/condition/window_minutes']);
    expect(problemsOf({ ...p99Above500, window_minutes: 61 })).toEqual(['/condition/window_minutes']);
    expect(problemsOf({ ...p99Above500, window_minutes: 1.5 })).toEqual(['/condition/window_minutes']);
  });

  it('refuses a baseline no longer than its window, or one past the series an evaluation reads', () => {
    const spike = { kind: 'spike', ratio: 3, window_minutes: 5, baseline_minutes: 30, min_requests_per_s: 5 };
    expect(problemsOf(spike)).toEqual([]);
    expect(problemsOf({ ...spike, baseline_minutes: 5 })).toEqual(['/condition/baseline_minutes']);
    expect(
      problemsOf({ ...spike, window_minutes: 60, baseline_minutes: limits.alertSeriesMinutes - 60 }),
    ).toEqual(['/condition/baseline_minutes']);
    expect(problemsOf({ ...spike, ratio: 1 })).toEqual(['/condition/ratio']);
    expect(problemsOf({ ...spike, min_requests_per_s: -1 })).toEqual(['/condition/min_requests_per_s']);
  });

  it('refuses a conversion drop that could never fire or always would', () => {
    const drop = {
      kind: 'conversion_drop',
      drop_ratio: 0.5,
      traffic_ratio: 0.8,
      window_minutes: 10,
      baseline_minutes: 60,
      min_requests_per_s: 2,
    };
    expect(problemsOf(drop)).toEqual([]);
    expect(problemsOf({ ...drop, drop_ratio: 1 })).toEqual(['/condition/drop_ratio']);
    expect(problemsOf({ ...drop, traffic_ratio: 0 })).toEqual(['/condition/traffic_ratio']);
  });

  it('refuses a top_n beyond the best sellers known, a blank name, a bad severity, a runbook too long', () => {
    expect(problemsOf({ kind: 'top_sku_out', top_n: limits.topSkusPerChannelMax + 1 })).toEqual([
      '/condition/top_n',
    ]);
    const bad = validateRule({
      ...rule(p99Above500),
      name: '  ',
      severity: 'meh' as 'critical',
      runbook: 'x'.repeat(limits.runbookLengthMax + 1),
    });
    expect(!bad.ok && (bad.details?.errors as { path: string }[]).map((problem) => problem.path)).toEqual([
      '/name',
      '/severity',
      '/runbook',
    ]);
  });
});
