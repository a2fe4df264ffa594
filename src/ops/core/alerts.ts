/**
 * The alert rules, pure: what a rule's condition reads off the minute figures and the best sellers,
 * whether it is breached, clear or in between, and the hysteresis that turns a run of readings into
 * an alert that fires once and resolves once. No clock but the one in the inputs, no I/O.
 */

import { fail, ok, type Result } from '../../platform/core/errors.js';
import { limits } from '../../platform/core/limits.js';
import { type ContactMinute, type ContactsSpikeCondition, readContactsSpike } from './contacts.js';
import { lastWindow, type MinutePoint, minuteMs, percentileMs, perSecond, shareOf } from './figures.js';

export const thresholdMetrics = [
  'latency_p50_ms',
  'latency_p99_ms',
  'error_rate',
  'refusal_rate',
  'requests_per_s',
  'orders_per_min',
  'intake_queue_length',
  'waiting_room_waiting',
  'skus_sold_out',
  'outbox_backlog',
] as const;
export type ThresholdMetric = (typeof thresholdMetrics)[number];

/** Shares of the requests, 0 to 1: a threshold past 1 could never be crossed. */
const shareMetrics: ReadonlySet<ThresholdMetric> = new Set(['error_rate', 'refusal_rate']);

export const alertSeverities = ['critical', 'warning', 'info'] as const;
export type AlertSeverity = (typeof alertSeverities)[number];

/** How an alert is posted to a webhook: plain JSON, or the blocks Slack shows. */
export const webhookFormats = ['json', 'slack'] as const;
export type WebhookFormat = (typeof webhookFormats)[number];

export const conditionKinds = [
  'threshold',
  'spike',
  'conversion_drop',
  'top_sku_out',
  'sale_check_failed',
  'payment_failures',
  'promo_code_surge',
  'backorders_delayed',
  'contacts_spike',
] as const;

export interface ThresholdCondition {
  readonly kind: 'threshold';
  readonly metric: ThresholdMetric;
  readonly op: 'above' | 'below';
  readonly value: number;
  /** Where the figure must be back to for the alert to resolve: the band between is hysteresis. */
  readonly resolve_value: number;
  readonly window_minutes: number;
}

export interface SpikeCondition {
  readonly kind: 'spike';
  readonly ratio: number;
  readonly window_minutes: number;
  readonly baseline_minutes: number;
  /** Below this rate a "spike" is a handful of requests, not an event. */
  readonly min_requests_per_s: number;
}

export interface ConversionDropCondition {
  readonly kind: 'conversion_drop';
  readonly drop_ratio: number;
  readonly traffic_ratio: number;
  readonly window_minutes: number;
  readonly baseline_minutes: number;
  readonly min_requests_per_s: number;
}

export interface TopSkuOutCondition {
  readonly kind: 'top_sku_out';
  readonly top_n: number;
}

/** A sale is running whose check found problems (a reference price, the soldes rules). */
export interface SaleCheckFailedCondition {
  readonly kind: 'sale_check_failed';
}

/**
 * Payments failing: of the attempts of the last `window_minutes` (failures, and payments that
 * secured money), more than `rate` failed; resolves at `resolve_rate`. Below `min_attempts` a few
 * declined cards make no trend.
 */
export interface PaymentFailuresCondition {
  readonly kind: 'payment_failures';
  readonly rate: number;
  readonly resolve_rate: number;
  readonly window_minutes: number;
  readonly min_attempts: number;
}

/**
 * A promo code's uses jump: over the last `window_minutes`, some code is used at least
 * `min_uses_per_minute` times a minute and `ratio` times its rate of the `baseline_minutes` before.
 * A code shared on a coupon site does this; so does a mailing going out, which the runbook tells apart.
 */
export interface PromoCodeSurgeCondition {
  readonly kind: 'promo_code_surge';
  readonly ratio: number;
  readonly window_minutes: number;
  readonly baseline_minutes: number;
  readonly min_uses_per_minute: number;
}

/**
 * Orders sold beyond stock are late: at least `min_lines` waiting order lines are behind the date
 * promised at the sale (a purchase order late or closed short). Resolves once none is: each late
 * line is a customer to tell, so the alert stays until the last of them is dealt with.
 */
export interface BackordersDelayedCondition {
  readonly kind: 'backorders_delayed';
  readonly min_lines: number;
}

export type { ContactsSpikeCondition } from './contacts.js';

export type AlertCondition =
  | PromoCodeSurgeCondition
  | BackordersDelayedCondition
  | ContactsSpikeCondition
  | ThresholdCondition
  | SpikeCondition
  | ConversionDropCondition
  | TopSkuOutCondition
  | SaleCheckFailedCondition
  | PaymentFailuresCondition;

/** A rule as the shop writes it (its id is the key it is stored under). */
export interface AlertRuleInput {
  readonly name: string;
  readonly severity: AlertSeverity;
  readonly enabled: boolean;
  readonly condition: AlertCondition;
  readonly runbook: string | null;
}

/** What one evaluation of every rule looks at. */
export interface AlertInputs {
  readonly nowMs: number;
  /** One point per minute, oldest first; the last may be the current, partial minute. */
  readonly series: readonly MinutePoint[];
  /** Best sellers of the last `sellersWindowMinutes`, per channel, best first. */
  readonly topSkus: readonly {
    readonly channel: string;
    readonly sku: string;
    readonly units: number;
    readonly available: number;
  }[];
  /** The sales running now whose check found problems, with how many. */
  readonly failingSales: readonly { readonly id: string; readonly name: string; readonly problems: number }[];
  /** Payment attempts per minute (minutes with any), oldest first: see `PaymentMinute`. */
  readonly paymentMinutes: readonly PaymentMinute[];
  /** Uses of each promo code per minute (minutes with any), oldest first. */
  readonly promoCodeMinutes: readonly PromoCodeMinute[];
  /** Order lines waiting for stock that a late or short purchase order left behind their promise. */
  readonly delayedBackorderLines: number;
  /** Customer contacts per minute and channel (minutes with any), oldest first. */
  readonly contactMinutes: readonly ContactMinute[];
}

export interface PromoCodeMinute {
  readonly code: string;
  /** The minute's start, UTC epoch ms. */
  readonly atMs: number;
  readonly uses: number;
}

/**
 * One minute's payment attempts: the failures, and the payments that secured money (an
 * authorisation, or a capture no authorisation came before: one per successful payment).
 */
export interface PaymentMinute {
  /** The minute's start, UTC epoch ms. */
  readonly atMs: number;
  readonly failures: number;
  readonly secured: number;
}

/**
 * `breached`: the condition holds. `clear`: it does not (for a threshold: the figure is back past
 * `resolve_value`). `between`: a threshold's figure is in its hysteresis band, neither.
 */
export type ReadingState = 'breached' | 'clear' | 'between';

export interface Reading {
  readonly state: ReadingState;
  /** The figure the rule looked at; null when there was nothing to measure (no requests). */
  readonly value: number | null;
  /** What a person on call understands at a glance. */
  readonly message: string;
}

const metricLabels: Record<ThresholdMetric, { label: string; unit: string }> = {
  latency_p50_ms: { label: 'p50 latency', unit: ' ms' },
  latency_p99_ms: { label: 'p99 latency', unit: ' ms' },
  error_rate: { label: 'error rate', unit: ' %' },
  refusal_rate: { label: 'refusal rate', unit: ' %' },
  requests_per_s: { label: 'traffic', unit: ' req/s' },
  orders_per_min: { label: 'orders', unit: '/min' },
  intake_queue_length: { label: 'intake queue', unit: ' orders' },
  waiting_room_waiting: { label: 'waiting room', unit: ' waiting' },
  skus_sold_out: { label: 'SKUs sold out', unit: '' },
  outbox_backlog: { label: 'outbox backlog', unit: ' events' },
};

/** Rates keep one decimal below 10 so that "0.4 req/s" does not read as zero; the rest are whole. */
function round(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) < 10 ? String(Math.round(value * 10) / 10) : String(Math.round(value));
}

function formatMetric(metric: ThresholdMetric, value: number): string {
  const { unit } = metricLabels[metric];
  return shareMetrics.has(metric) ? `${round(value * 100)}${unit}` : `${round(value)}${unit}`;
}

/** Points after `nowMs` come from a process whose clock runs ahead: that minute has not started here. */
function seriesUpTo(inputs: AlertInputs): readonly MinutePoint[] {
  const last = inputs.series.at(-1);
  return last === undefined || last.atMs <= inputs.nowMs
    ? inputs.series
    : inputs.series.filter((point) => point.atMs <= inputs.nowMs);
}

/** The `baseline` minutes just before the last `window` ones, as a rate source: requests and orders. */
function baselineOf(series: readonly MinutePoint[], window: number, baseline: number) {
  const recent = lastWindow(series, window);
  const both = lastWindow(series, window + baseline);
  return {
    recent,
    seconds: both.seconds - recent.seconds,
    requests: both.requests - recent.requests,
    ordersPlaced: both.ordersPlaced - recent.ordersPlaced,
  };
}

/** A threshold's figure over its window; gauges read the latest point (a queue's length now is what matters). */
function thresholdFigure(condition: ThresholdCondition, series: readonly MinutePoint[]): number | null {
  const latest = series.at(-1);
  const window = lastWindow(series, condition.window_minutes);
  switch (condition.metric) {
    case 'latency_p50_ms':
      return percentileMs(window.latencyBuckets, 0.5);
    case 'latency_p99_ms':
      return percentileMs(window.latencyBuckets, 0.99);
    case 'error_rate':
      return shareOf(window.errors, window);
    case 'refusal_rate':
      return shareOf(window.refusals, window);
    case 'requests_per_s':
      return perSecond(window.requests, window);
    case 'orders_per_min':
      return 60 * perSecond(window.ordersPlaced, window);
    case 'intake_queue_length':
      return latest?.intakeQueueMax ?? 0;
    case 'waiting_room_waiting':
      return latest?.waitingRoomWaiting ?? 0;
    case 'skus_sold_out':
      return latest?.skusSoldOut ?? 0;
    case 'outbox_backlog':
      return latest?.outboxBacklog ?? 0;
  }
}

function readThreshold(condition: ThresholdCondition, series: readonly MinutePoint[]): Reading {
  const { label } = metricLabels[condition.metric];
  const value = thresholdFigure(condition, series);
  if (value === null) {
    // Without requests there is no latency to be slow: nothing to alert on.
    return { state: 'clear', value, message: `${label}: no requests in ${condition.window_minutes} min` };
  }
  const shown = formatMetric(condition.metric, value);
  const limit = formatMetric(condition.metric, condition.value);
  const resolve = formatMetric(condition.metric, condition.resolve_value);
  const above = condition.op === 'above';
  if (above ? value > condition.value : value < condition.value) {
    return { state: 'breached', value, message: `${label} ${shown} ${above ? '>' : '<'} ${limit}` };
  }
  // Back at resolve_value counts as back: with resolve_value equal to value, there is no band.
  if (above ? value <= condition.resolve_value : value >= condition.resolve_value) {
    return {
      state: 'clear',
      value,
      message: `${label} ${shown}, ${above ? 'within' : 'at least'} ${resolve}`,
    };
  }
  return {
    state: 'between',
    value,
    message: `${label} ${shown}: not past ${limit}, not yet back to ${resolve}`,
  };
}

/**
 * The baseline's rate, never zero: a baseline without a single request reads as one request over
 * its span, so that the ratio stays a finite number a person and a JSON body can hold.
 */
function baselineRate(count: number, seconds: number): number {
  return Math.max(count, 1) / seconds;
}

function readSpike(condition: SpikeCondition, series: readonly MinutePoint[]): Reading {
  const { recent, seconds, requests } = baselineOf(
    series,
    condition.window_minutes,
    condition.baseline_minutes,
  );
  if (seconds <= 0) return { state: 'clear', value: null, message: 'Traffic: no baseline yet' };
  const nowRate = perSecond(recent.requests, recent);
  const usualRate = requests / seconds;
  const ratio = nowRate / baselineRate(requests, seconds);
  // Out of a quiet baseline the ratio is huge and its digits mean nothing: say so in words.
  const usual = usualRate < 0.1 ? 'under 0.1' : round(usualRate);
  const figures = `${round(nowRate)} req/s against ${usual}`;
  const times = ratio >= 100 ? 'over ×100' : `×${round(ratio)}`;
  if (nowRate >= condition.min_requests_per_s && ratio >= condition.ratio) {
    return {
      state: 'breached',
      value: ratio,
      message: `Traffic ${times} in ${condition.window_minutes} minutes (${figures}): spike — frenzy or attack?`,
    };
  }
  return { state: 'clear', value: ratio, message: `Traffic ${times} (${figures})` };
}

function percent(share: number): string {
  return `${round(share * 100)} %`;
}

function readConversionDrop(condition: ConversionDropCondition, series: readonly MinutePoint[]): Reading {
  const { recent, seconds, requests, ordersPlaced } = baselineOf(
    series,
    condition.window_minutes,
    condition.baseline_minutes,
  );
  if (seconds <= 0 || requests === 0 || ordersPlaced === 0) {
    // A shop that took no order in its baseline has no conversion to lose.
    return { state: 'clear', value: null, message: 'Conversion: no baseline yet' };
  }
  const nowRate = perSecond(recent.requests, recent);
  const trafficRatio = nowRate / (requests / seconds);
  const usualConversion = ordersPlaced / requests;
  const nowConversion = shareOf(recent.ordersPlaced, recent);
  const ratio = nowConversion / usualConversion;
  const figures = `${percent(nowConversion)} of requests end in an order against ${percent(usualConversion)}`;
  if (
    nowRate >= condition.min_requests_per_s &&
    trafficRatio >= condition.traffic_ratio &&
    ratio <= condition.drop_ratio
  ) {
    return {
      state: 'breached',
      value: ratio,
      message: `Conversion ×${round(ratio)} in ${condition.window_minutes} minutes (${figures}) while traffic holds at ×${round(trafficRatio)}: is checkout broken?`,
    };
  }
  return { state: 'clear', value: ratio, message: `Conversion ×${round(ratio)} (${figures})` };
}

function readTopSkuOut(condition: TopSkuOutCondition, inputs: AlertInputs): Reading {
  const byChannel = new Map<string, AlertInputs['topSkus'][number][]>();
  for (const seller of inputs.topSkus) {
    if (seller.units <= 0) continue;
    const list = byChannel.get(seller.channel) ?? [];
    list.push(seller);
    byChannel.set(seller.channel, list);
  }
  const out: { channel: string; sku: string; rank: number }[] = [];
  for (const [channel, sellers] of byChannel) {
    // Stable sort: equal sellers keep the order they came in.
    const ranked = [...sellers].sort((a, b) => b.units - a.units).slice(0, condition.top_n);
    ranked.forEach((seller, index) => {
      if (seller.available <= 0) out.push({ channel, sku: seller.sku, rank: index + 1 });
    });
  }
  const top = `a top-${condition.top_n} seller`;
  const first = out.sort((a, b) => a.rank - b.rank)[0];
  if (first === undefined) {
    return { state: 'clear', value: 0, message: `Every top-${condition.top_n} seller is in stock` };
  }
  const more = out.length > 1 ? ` (and ${out.length - 1} more)` : '';
  return {
    state: 'breached',
    value: out.length,
    message: `${first.sku} sold out on ${first.channel}: ${top}${more}`,
  };
}

function readSaleCheckFailed(inputs: AlertInputs): Reading {
  const [first, ...others] = inputs.failingSales;
  if (first === undefined)
    return { state: 'clear', value: 0, message: 'Every running sale passed its check' };
  const more = others.length > 0 ? ` (and ${others.length} more sale${others.length === 1 ? '' : 's'})` : '';
  return {
    state: 'breached',
    value: inputs.failingSales.length,
    message: `Sale “${first.name}” is running with ${first.problems} problem${first.problems === 1 ? '' : 's'} in its check${more}`,
  };
}

/**
 * Failures over attempts in the minutes that started within the last `windowMinutes` before
 * `nowMs` (the current one included); null without attempts.
 */
export function paymentFailureRate(
  minutes: readonly PaymentMinute[],
  windowMinutes: number,
  nowMs: number,
): { failures: number; attempts: number; rate: number | null } {
  const fromMs = nowMs - windowMinutes * minuteMs;
  let failures = 0;
  let attempts = 0;
  for (const minute of minutes) {
    if (minute.atMs < fromMs || minute.atMs > nowMs) continue;
    failures += minute.failures;
    attempts += minute.failures + minute.secured;
  }
  return { failures, attempts, rate: attempts === 0 ? null : failures / attempts };
}

function readPaymentFailures(condition: PaymentFailuresCondition, inputs: AlertInputs): Reading {
  const { failures, attempts, rate } = paymentFailureRate(
    inputs.paymentMinutes,
    condition.window_minutes,
    inputs.nowMs,
  );
  const figures = `${failures} of ${attempts} payment attempts failed in ${condition.window_minutes} min`;
  if (rate === null)
    return { state: 'clear', value: null, message: `No payment attempts in ${condition.window_minutes} min` };
  if (attempts >= condition.min_attempts && rate > condition.rate) {
    return { state: 'breached', value: rate, message: `Payments failing: ${percent(rate)} (${figures})` };
  }
  // Too few attempts to judge reads as clear: a quiet night's two declined cards resolve the alert.
  if (attempts < condition.min_attempts || rate <= condition.resolve_rate) {
    return { state: 'clear', value: rate, message: `Payment failures ${percent(rate)} (${figures})` };
  }
  return {
    state: 'between',
    value: rate,
    message: `Payment failures ${percent(rate)}: not past ${percent(condition.rate)}, not yet back to ${percent(condition.resolve_rate)}`,
  };
}

/**
 * Each code's uses a minute over the minutes of the window (as `paymentFailureRate` reads them)
 * against the baseline before it: the code whose rate jumped the most.
 */
function readPromoCodeSurge(condition: PromoCodeSurgeCondition, inputs: AlertInputs): Reading {
  const windowFromMs = inputs.nowMs - condition.window_minutes * minuteMs;
  const baselineFromMs = windowFromMs - condition.baseline_minutes * minuteMs;
  const byCode = new Map<string, { recent: number; before: number }>();
  for (const minute of inputs.promoCodeMinutes) {
    if (minute.atMs < baselineFromMs || minute.atMs > inputs.nowMs) continue;
    const counts = byCode.get(minute.code) ?? { recent: 0, before: 0 };
    if (minute.atMs >= windowFromMs) counts.recent += minute.uses;
    else counts.before += minute.uses;
    byCode.set(minute.code, counts);
  }
  let worst: { code: string; rate: number; usual: number; ratio: number } | undefined;
  for (const [code, counts] of byCode) {
    const rate = counts.recent / condition.window_minutes;
    const usual = counts.before / condition.baseline_minutes;
    if (rate < condition.min_uses_per_minute) continue;
    // A code unused before has no rate to multiply: reaching the floor is the jump.
    const ratio = usual === 0 ? Number.POSITIVE_INFINITY : rate / usual;
    if (ratio >= condition.ratio && (worst === undefined || ratio > worst.ratio))
      worst = { code, rate, usual, ratio };
  }
  if (worst === undefined)
    return {
      state: 'clear',
      value: 0,
      message: `No promo code's use jumped in ${condition.window_minutes} min`,
    };
  const times = Number.isFinite(worst.ratio) ? `×${round(worst.ratio)}` : 'from nothing';
  return {
    state: 'breached',
    value: Number.isFinite(worst.ratio) ? worst.ratio : condition.ratio,
    message: `Promo code ${worst.code} used ${round(worst.rate)} times a minute, ${times} (usual ${round(worst.usual)}): leaked, or a mailing just went out?`,
  };
}

/**
 * Late lines from `min_lines` on breach; none left clears. In between the alert neither fires nor
 * resolves: a shop that asks to hear of five late lines has still not dealt with the two left.
 */
function readBackordersDelayed(condition: BackordersDelayedCondition, inputs: AlertInputs): Reading {
  const delayed = inputs.delayedBackorderLines;
  if (delayed === 0)
    return {
      state: 'clear',
      value: 0,
      message: 'No order line sold beyond stock will miss its promised date',
    };
  const figures =
    delayed === 1
      ? '1 order line sold beyond stock will miss its promised date'
      : `${delayed} order lines sold beyond stock will miss their promised date`;
  if (delayed >= condition.min_lines)
    return {
      state: 'breached',
      value: delayed,
      message: `${figures}: a purchase order is late or closed short`,
    };
  return { state: 'between', value: delayed, message: `${figures}, fewer than ${condition.min_lines}` };
}

/** One condition read against the inputs of one evaluation. */
export function evaluateCondition(condition: AlertCondition, inputs: AlertInputs): Reading {
  const series = seriesUpTo(inputs);
  switch (condition.kind) {
    case 'threshold':
      return readThreshold(condition, series);
    case 'spike':
      return readSpike(condition, series);
    case 'conversion_drop':
      return readConversionDrop(condition, series);
    case 'top_sku_out':
      return readTopSkuOut(condition, inputs);
    case 'sale_check_failed':
      return readSaleCheckFailed(inputs);
    case 'payment_failures':
      return readPaymentFailures(condition, inputs);
    case 'promo_code_surge':
      return readPromoCodeSurge(condition, inputs);
    case 'backorders_delayed':
      return readBackordersDelayed(condition, inputs);
    case 'contacts_spike':
      return readContactsSpike(condition, inputs.contactMinutes, inputs.nowMs);
  }
}

/** Evaluations in a row a rule was breached, and clear; a reading in between breaks both runs. */
export interface Streak {
  readonly breached: number;
  readonly clear: number;
}

export const noStreak: Streak = { breached: 0, clear: 0 };

export type Transition = 'fire' | 'resolve' | null;

export interface Hysteresis {
  readonly fireAfterEvaluations: number;
  readonly resolveAfterEvaluations: number;
}

export const defaultHysteresis: Hysteresis = {
  fireAfterEvaluations: limits.alertFireAfterEvaluations,
  resolveAfterEvaluations: limits.alertResolveAfterEvaluations,
};

/**
 * One evaluation's step: the new runs, and whether the rule's alert fires (not firing, breached
 * long enough) or resolves (firing, clear long enough). Runs stop counting at what they need, so a
 * rule breached all night keeps a small number.
 */
export function stepAlert(
  streak: Streak,
  state: ReadingState,
  firing: boolean,
  hysteresis: Hysteresis = defaultHysteresis,
): { streak: Streak; transition: Transition } {
  const next: Streak = {
    breached: state === 'breached' ? Math.min(streak.breached + 1, hysteresis.fireAfterEvaluations) : 0,
    clear: state === 'clear' ? Math.min(streak.clear + 1, hysteresis.resolveAfterEvaluations) : 0,
  };
  if (!firing && next.breached >= hysteresis.fireAfterEvaluations)
    return { streak: next, transition: 'fire' };
  if (firing && next.clear >= hysteresis.resolveAfterEvaluations)
    return { streak: next, transition: 'resolve' };
  return { streak: next, transition: null };
}

interface Problem {
  readonly path: string;
  readonly message: string;
}

function isNumberIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
}

function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return Number.isSafeInteger(value) && isNumberIn(value, min, max);
}

function checkWindows(
  condition: { window_minutes: unknown; baseline_minutes?: unknown },
  problems: Problem[],
): void {
  const window = condition.window_minutes;
  if (!isIntegerIn(window, 1, limits.alertWindowMinutesMax)) {
    problems.push({
      path: '/condition/window_minutes',
      message: `must be a whole number of minutes from 1 to ${limits.alertWindowMinutesMax}`,
    });
  }
  if (!('baseline_minutes' in condition)) return;
  const baseline = condition.baseline_minutes;
  // Each evaluation reads `alertSeriesMinutes` points, the last one partial: window and baseline fit in the rest.
  const spanMax = limits.alertSeriesMinutes - 1;
  if (!isIntegerIn(baseline, 1, spanMax)) {
    problems.push({ path: '/condition/baseline_minutes', message: `must be a whole number of minutes` });
  } else if (typeof window === 'number' && baseline <= window) {
    problems.push({
      path: '/condition/baseline_minutes',
      message: `must be longer than the window (${window} minutes): the usual is measured over more time than the now`,
    });
  } else if (typeof window === 'number' && window + baseline > spanMax) {
    problems.push({
      path: '/condition/baseline_minutes',
      message: `window and baseline together may span ${spanMax} minutes at most`,
    });
  }
}

function checkMinRequests(value: unknown, problems: Problem[]): void {
  if (!isNumberIn(value, 0, limits.alertFigureMax)) {
    problems.push({
      path: '/condition/min_requests_per_s',
      message: 'must be a rate of at least 0 per second',
    });
  }
}

function thresholdProblems(condition: ThresholdCondition, problems: Problem[]): void {
  if (!thresholdMetrics.includes(condition.metric)) {
    problems.push({ path: '/condition/metric', message: `must be one of ${thresholdMetrics.join(', ')}` });
  }
  if (condition.op !== 'above' && condition.op !== 'below') {
    problems.push({ path: '/condition/op', message: 'must be above or below' });
  }
  const max = shareMetrics.has(condition.metric) ? 1 : limits.alertFigureMax;
  const range = max === 1 ? 'a share from 0 to 1 (0.02 is 2 %)' : `a figure from 0 to ${max}`;
  const valueOk = isNumberIn(condition.value, 0, max);
  const resolveOk = isNumberIn(condition.resolve_value, 0, max);
  if (!valueOk) problems.push({ path: '/condition/value', message: `must be ${range}` });
  if (!resolveOk) problems.push({ path: '/condition/resolve_value', message: `must be ${range}` });
  if (valueOk && resolveOk) {
    if (condition.op === 'above' && condition.resolve_value > condition.value) {
      problems.push({
        path: '/condition/resolve_value',
        message: `must be at most value (${condition.value}): an alert on a figure above ${condition.value} resolves once it is back down`,
      });
    }
    if (condition.op === 'below' && condition.resolve_value < condition.value) {
      problems.push({
        path: '/condition/resolve_value',
        message: `must be at least value (${condition.value}): an alert on a figure below ${condition.value} resolves once it is back up`,
      });
    }
  }
  checkWindows(condition, problems);
}

function paymentFailuresProblems(condition: PaymentFailuresCondition, problems: Problem[]): void {
  const rateOk = isNumberIn(condition.rate, 0, 1) && condition.rate < 1;
  if (!rateOk) {
    problems.push({
      path: '/condition/rate',
      message: 'must be a share from 0 to 1, exclusive of 1 (0.2 is 20 %)',
    });
  }
  if (!isNumberIn(condition.resolve_rate, 0, 1)) {
    problems.push({ path: '/condition/resolve_rate', message: 'must be a share from 0 to 1' });
  } else if (rateOk && condition.resolve_rate > condition.rate) {
    problems.push({
      path: '/condition/resolve_rate',
      message: `must be at most rate (${condition.rate}): the alert resolves once failures are back down`,
    });
  }
  if (!isIntegerIn(condition.min_attempts, 1, limits.alertFigureMax)) {
    problems.push({
      path: '/condition/min_attempts',
      message: 'must be a whole number of attempts, at least 1',
    });
  }
  checkWindows(condition, problems);
}

function conditionProblems(condition: AlertCondition, problems: Problem[]): void {
  switch (condition.kind) {
    case 'threshold':
      thresholdProblems(condition, problems);
      return;
    case 'spike':
      if (!isNumberIn(condition.ratio, 1, limits.alertRatioMax) || condition.ratio === 1) {
        problems.push({
          path: '/condition/ratio',
          message: `must be more than 1 (×1 is the usual traffic) and at most ${limits.alertRatioMax}`,
        });
      }
      checkWindows(condition, problems);
      checkMinRequests(condition.min_requests_per_s, problems);
      return;
    case 'conversion_drop':
      if (
        !isNumberIn(condition.drop_ratio, 0, 1) ||
        condition.drop_ratio === 0 ||
        condition.drop_ratio === 1
      ) {
        problems.push({
          path: '/condition/drop_ratio',
          message: 'must be between 0 and 1, exclusive: 0.5 fires when conversion halves',
        });
      }
      if (!isNumberIn(condition.traffic_ratio, 0, limits.alertRatioMax) || condition.traffic_ratio === 0) {
        problems.push({
          path: '/condition/traffic_ratio',
          message: `must be more than 0 and at most ${limits.alertRatioMax}: 0.8 needs traffic at 80 % of its usual`,
        });
      }
      checkWindows(condition, problems);
      checkMinRequests(condition.min_requests_per_s, problems);
      return;
    case 'top_sku_out':
      if (!isIntegerIn(condition.top_n, 1, limits.topSkusPerChannelMax)) {
        problems.push({
          path: '/condition/top_n',
          message: `must be a whole number from 1 to ${limits.topSkusPerChannelMax} (the best sellers known per channel)`,
        });
      }
      return;
    case 'sale_check_failed':
      return;
    case 'payment_failures':
      paymentFailuresProblems(condition, problems);
      return;
    case 'promo_code_surge':
      if (!isNumberIn(condition.ratio, 1, limits.alertRatioMax) || condition.ratio === 1) {
        problems.push({
          path: '/condition/ratio',
          message: `must be more than 1 (×1 is the code's usual rate) and at most ${limits.alertRatioMax}`,
        });
      }
      checkWindows(condition, problems);
      if (
        !isNumberIn(condition.min_uses_per_minute, 0, limits.alertFigureMax) ||
        condition.min_uses_per_minute === 0
      ) {
        problems.push({
          path: '/condition/min_uses_per_minute',
          message: `must be more than 0 and at most ${limits.alertFigureMax}: below it a jump is a handful of orders`,
        });
      }
      return;
    case 'backorders_delayed':
      if (!isIntegerIn(condition.min_lines, 1, limits.alertFigureMax)) {
        problems.push({
          path: '/condition/min_lines',
          message: `must be a whole number of order lines from 1 to ${limits.alertFigureMax}`,
        });
      }
      return;
    case 'contacts_spike':
      if (!isNumberIn(condition.ratio, 1, limits.alertRatioMax) || condition.ratio === 1) {
        problems.push({
          path: '/condition/ratio',
          message: `must be more than 1 (×1 is the usual rate of contacts) and at most ${limits.alertRatioMax}`,
        });
      }
      checkWindows(condition, problems);
      if (!isIntegerIn(condition.min_contacts, 1, limits.alertFigureMax)) {
        problems.push({
          path: '/condition/min_contacts',
          message: `must be a whole number of contacts from 1 to ${limits.alertFigureMax}: below it a jump is a few calls to a quiet shop`,
        });
      }
      return;
    default:
      problems.push({
        path: '/condition/kind',
        message: `must be one of ${conditionKinds.join(', ')}`,
      });
  }
}

/**
 * The rule's own sense, beyond its schema's types: the fields agree with each other (a threshold
 * resolves on the side it came from, a baseline is longer than its window) and stay in range.
 * Checked here too so that a rule written by code (the defaults) is held to the same contract.
 */
export function validateRule(rule: AlertRuleInput): Result<AlertRuleInput> {
  const problems: Problem[] = [];
  if (typeof rule.name !== 'string' || rule.name.trim() === '') {
    problems.push({ path: '/name', message: 'must be a name a person reads' });
  }
  if (!alertSeverities.includes(rule.severity)) {
    problems.push({ path: '/severity', message: `must be one of ${alertSeverities.join(', ')}` });
  }
  if (rule.runbook !== null && rule.runbook.length > limits.runbookLengthMax) {
    problems.push({ path: '/runbook', message: `must be at most ${limits.runbookLengthMax} characters` });
  }
  conditionProblems(rule.condition, problems);
  if (problems.length === 0) return ok(rule);
  return fail(
    'validation_failed',
    `The alert rule is not valid: ${problems[0]!.path} ${problems[0]!.message}.`,
    {
      in: 'body',
      errors: problems,
    },
  );
}
