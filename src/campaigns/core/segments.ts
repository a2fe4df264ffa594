/** Customer segments, pure: conditions over a customer's order history, checked as data and matched against a summary. */
import { fail, ok, type Result } from '../../platform/core/errors.js';
import { limits } from '../../platform/core/limits.js';

const dayMs = 24 * 60 * 60 * 1000;

export const segmentConditionKinds = [
  'new',
  'returning',
  'orders',
  'spend',
  'channels',
  'ordered_within_days',
] as const;
export type SegmentConditionKind = (typeof segmentConditionKinds)[number];

/** No order yet (cancelled ones do not count): a first purchase to win. */
export interface NewCondition {
  readonly kind: 'new';
}

/** At least one order not cancelled. */
export interface ReturningCondition {
  readonly kind: 'returning';
}

/** Orders not cancelled, between `min` and `max` included (either may be left out). */
export interface OrdersCondition {
  readonly kind: 'orders';
  readonly min?: number;
  readonly max?: number;
}

/**
 * The totals of the orders not cancelled in one currency, in minor units, between the bounds
 * included: amounts of different currencies never add up.
 */
export interface SpendCondition {
  readonly kind: 'spend';
  readonly currency: string;
  readonly min_minor?: number;
  readonly max_minor?: number;
}

/** Has ordered (an order not cancelled) on at least one of these channels. */
export interface ChannelsCondition {
  readonly kind: 'channels';
  readonly channels: readonly string[];
}

/** The last order not cancelled is at most `days` days old. */
export interface OrderedWithinDaysCondition {
  readonly kind: 'ordered_within_days';
  readonly days: number;
}

export type SegmentCondition =
  | NewCondition
  | ReturningCondition
  | OrdersCondition
  | SpendCondition
  | ChannelsCondition
  | OrderedWithinDaysCondition;

/** A segment as the shop writes it: every condition must hold (a conjunction). */
export interface SegmentInput {
  readonly name: string;
  readonly conditions: readonly SegmentCondition[];
}

/** What a customer's orders add up to; cancelled orders count for nothing. */
export interface CustomerHistory {
  readonly orders: number;
  /** Currency → the sum of the orders' totals, minor units. */
  readonly spendMinor: ReadonlyMap<string, number>;
  readonly channels: ReadonlySet<string>;
  /** UTC epoch ms of the latest order; null without any. */
  readonly lastOrderAtMs: number | null;
}

/** One channel and currency of a customer's orders, as the store sums them. */
export interface HistoryRow {
  readonly channel: string;
  readonly currency: string;
  /** Orders not cancelled. */
  readonly orders: number;
  readonly spendMinor: number;
  readonly lastOrderAtMs: number | null;
}

export const noHistory: CustomerHistory = {
  orders: 0,
  spendMinor: new Map(),
  channels: new Set(),
  lastOrderAtMs: null,
};

/** Customers are known by their email, whatever its case and the spaces typed around it. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Folds a customer's rows per channel and currency into one history. */
export function historyOf(rows: readonly HistoryRow[]): CustomerHistory {
  let orders = 0;
  let lastOrderAtMs: number | null = null;
  const spendMinor = new Map<string, number>();
  const channels = new Set<string>();
  for (const row of rows) {
    if (row.orders <= 0) continue;
    orders += row.orders;
    spendMinor.set(row.currency, (spendMinor.get(row.currency) ?? 0) + row.spendMinor);
    channels.add(row.channel);
    if (row.lastOrderAtMs !== null && (lastOrderAtMs === null || row.lastOrderAtMs > lastOrderAtMs))
      lastOrderAtMs = row.lastOrderAtMs;
  }
  return { orders, spendMinor, channels, lastOrderAtMs };
}

function within(value: number, min: number | undefined, max: number | undefined): boolean {
  return (min === undefined || value >= min) && (max === undefined || value <= max);
}

function holds(condition: SegmentCondition, history: CustomerHistory, nowMs: number): boolean {
  switch (condition.kind) {
    case 'new':
      return history.orders === 0;
    case 'returning':
      return history.orders > 0;
    case 'orders':
      return within(history.orders, condition.min, condition.max);
    case 'spend':
      return within(
        history.spendMinor.get(condition.currency) ?? 0,
        condition.min_minor,
        condition.max_minor,
      );
    case 'channels':
      return condition.channels.some((channel) => history.channels.has(channel));
    case 'ordered_within_days':
      return history.lastOrderAtMs !== null && history.lastOrderAtMs >= nowMs - condition.days * dayMs;
  }
}

/** Whether a customer with this history belongs to the segment at `nowMs`. */
export function matchesSegment(
  conditions: readonly SegmentCondition[],
  history: CustomerHistory,
  nowMs: number,
): boolean {
  return conditions.every((condition) => holds(condition, history, nowMs));
}

interface Problem {
  readonly path: string;
  readonly message: string;
}

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

function boundsProblems(
  path: string,
  min: number | undefined,
  max: number | undefined,
  names: readonly [string, string],
  problems: Problem[],
): void {
  if (min !== undefined && !isCount(min))
    problems.push({ path: `${path}/${names[0]}`, message: 'must be a whole number, 0 or more' });
  if (max !== undefined && !isCount(max))
    problems.push({ path: `${path}/${names[1]}`, message: 'must be a whole number, 0 or more' });
  if (min === undefined && max === undefined)
    problems.push({ path, message: `needs ${names[0]}, ${names[1]} or both` });
  if (isCount(min) && isCount(max) && min > max)
    problems.push({ path: `${path}/${names[1]}`, message: `must be at least ${names[0]} (${min})` });
}

function conditionProblems(condition: SegmentCondition, path: string, problems: Problem[]): void {
  switch (condition.kind) {
    case 'new':
    case 'returning':
      return;
    case 'orders':
      boundsProblems(path, condition.min, condition.max, ['min', 'max'], problems);
      return;
    case 'spend':
      if (typeof condition.currency !== 'string' || !/^[A-Z]{3}$/.test(condition.currency))
        problems.push({ path: `${path}/currency`, message: 'must be an ISO 4217 code' });
      boundsProblems(path, condition.min_minor, condition.max_minor, ['min_minor', 'max_minor'], problems);
      return;
    case 'channels':
      if (!Array.isArray(condition.channels) || condition.channels.length === 0)
        problems.push({ path: `${path}/channels`, message: 'must name at least one channel' });
      else if (new Set(condition.channels).size !== condition.channels.length)
        problems.push({ path: `${path}/channels`, message: 'names a channel twice' });
      return;
    case 'ordered_within_days':
      if (!isCount(condition.days) || condition.days < 1 || condition.days > limits.segmentWithinDaysMax)
        problems.push({
          path: `${path}/days`,
          message: `must be a whole number of days from 1 to ${limits.segmentWithinDaysMax}`,
        });
      return;
    default:
      problems.push({ path: `${path}/kind`, message: `must be one of ${segmentConditionKinds.join(', ')}` });
  }
}

/** The key a condition may appear once under: spend once per currency, every other kind once. */
function onceKey(condition: SegmentCondition): string {
  return condition.kind === 'spend' ? `spend:${condition.currency}` : condition.kind;
}

/**
 * What the schema cannot say of a segment: bounds in order, each kind once, no pair that no one
 * could ever match. Checked again here so the core holds on both sides of the boundary.
 */
export function validateSegment(input: SegmentInput): Result<SegmentInput> {
  const problems: Problem[] = [];
  if (typeof input.name !== 'string' || input.name.trim().length === 0)
    problems.push({ path: '/name', message: 'must not be empty' });
  const conditions = Array.isArray(input.conditions) ? input.conditions : [];
  if (conditions.length === 0 || conditions.length > limits.segmentConditionsMax)
    problems.push({
      path: '/conditions',
      message: `must hold 1 to ${limits.segmentConditionsMax} conditions`,
    });
  const seen = new Set<string>();
  conditions.forEach((condition, index) => {
    const path = `/conditions/${index}`;
    conditionProblems(condition, path, problems);
    const key = onceKey(condition);
    if (seen.has(key)) problems.push({ path, message: `repeats a condition of kind ${condition.kind}` });
    seen.add(key);
  });
  if (seen.has('new') && seen.has('returning'))
    problems.push({ path: '/conditions', message: 'new and returning together match no one' });
  if (problems.length === 0) return ok(input);
  return fail(
    'validation_failed',
    `The segment is not valid: ${problems[0]!.path} ${problems[0]!.message}.`,
    {
      in: 'body',
      errors: problems,
    },
  );
}

/** The channels a segment's conditions name, for the caller to check they exist. */
export function channelsNamed(conditions: readonly SegmentCondition[]): string[] {
  return [
    ...new Set(conditions.flatMap((condition) => (condition.kind === 'channels' ? condition.channels : []))),
  ];
}
