/**
 * The open-model arrival schedule: when each buyer arrives and what they do, decided up front from
 * the scenario and its seed alone. Nothing here sees an answer, so a slow server cannot slow the
 * arrivals down (no coordinated omission).
 */
import { rehearsalLimits as limits } from '../platform/core/limits.js';
import { seededRandom } from '../platform/core/seeded-random.js';
import type { Scenario } from './scenario.js';

export const operations = [
  'availability_read',
  'availability_batch',
  'hold',
  'order',
  'advent_open',
] as const;
export type Operation = (typeof operations)[number];

/** How a customer types their email: the server must take every spelling for the same player. */
export const spellings = ['plain', 'capitals', 'tagged'] as const;
export type Spelling = (typeof spellings)[number];

/** An opening of the advent calendar's door: who, from how many devices, and what they do next. */
export interface AdventOpening {
  /** Index among the scenario's players, 0-based. */
  readonly player: number;
  /** The spelling of each device's request: one, or two sent at the same instant. */
  readonly devices: readonly Spelling[];
  /** The spelling when the customer comes back later to open it again; null when they do not. */
  readonly reopen: Spelling | null;
  /** Whether the player, given a code, orders with it (the arrival's SKUs and quantities). */
  readonly buys: boolean;
}

/** What becomes of a hold or an order after its answer: decided at arrival, carried out if it succeeded. */
export type FollowUp = 'none' | 'cancel' | 'convert' | 'release';

export interface Arrival {
  /** 0, 1, 2… in arrival order; also names the arrival's Idempotency-Key. */
  readonly index: number;
  /** Milliseconds from the start of the run at which the request is due. */
  readonly atMs: number;
  readonly step: number;
  readonly operation: Operation;
  /** Indices into the rehearsal's SKU list, distinct within the arrival. */
  readonly skus: readonly number[];
  /** Units per SKU for holds and orders (same length as skus); empty for reads. */
  readonly quantities: readonly number[];
  readonly followUp: FollowUp;
  /** The client never sees its first answer and retries with the same Idempotency-Key. */
  readonly lostAnswer: boolean;
  /** For `advent_open`, the opening; null for every other operation. */
  readonly advent: AdventOpening | null;
}

function between(random: () => number, range: { min: number; max: number }): number {
  return range.min + Math.floor(random() * (range.max - range.min + 1));
}

/** Distinct SKU indices: hot_share of picks among the hot SKUs, the rest anywhere in the catalogue. */
function pickSkus(random: () => number, scenario: Scenario, count: number): number[] {
  const total = scenario.shop.skus;
  const hot = scenario.popularity.hot_skus;
  const picked = new Set<number>();
  // Bounded: a pick that collides is retried a few times, then the first free index is taken.
  for (let attempt = 0; picked.size < count && attempt < count * 8; attempt++) {
    const index =
      random() < scenario.popularity.hot_share ? Math.floor(random() * hot) : Math.floor(random() * total);
    picked.add(index);
  }
  for (let index = 0; picked.size < count && index < total; index++) picked.add(index);
  return [...picked];
}

const weightOf = (scenario: Scenario, operation: Operation) => scenario.mix[operation] ?? 0;

function pickOperation(random: () => number, scenario: Scenario): Operation {
  const weights = operations.map((operation) => weightOf(scenario, operation));
  let roll = random() * weights.reduce((sum, weight) => sum + weight, 0);
  for (let i = 0; i < operations.length; i++) {
    roll -= weights[i]!;
    if (roll < 0) return operations[i]!;
  }
  return operations.findLast((operation) => weightOf(scenario, operation) > 0)!;
}

const pickSpelling = (random: () => number) => spellings[Math.floor(random() * spellings.length)]!;

/**
 * A player picked evenly among the scenario's, so some come back as the run goes on; a second device
 * spells the email another way than the first.
 */
function describeOpening(random: () => number, advent: NonNullable<Scenario['advent']>): AdventOpening {
  const player = Math.floor(random() * advent.players);
  const first = pickSpelling(random);
  const devices =
    random() < advent.second_device_share
      ? [first, spellings[(spellings.indexOf(first) + 1 + Math.floor(random() * 2)) % spellings.length]!]
      : [first];
  const reopen = random() < advent.reopen_share ? pickSpelling(random) : null;
  return { player, devices, reopen, buys: random() < advent.buy_share };
}

function describe(
  random: () => number,
  scenario: Scenario,
  index: number,
  atMs: number,
  step: number,
): Arrival {
  const operation = pickOperation(random, scenario);
  let skus: number[] = [];
  let quantities: number[] = [];
  let followUp: FollowUp = 'none';
  let lostAnswer = false;
  let advent: AdventOpening | null = null;
  if (operation === 'advent_open') {
    advent = describeOpening(random, scenario.advent!);
    if (advent.buys) {
      skus = pickSkus(random, scenario, between(random, scenario.order.lines));
      quantities = skus.map(() => between(random, scenario.order.quantity));
    }
  } else if (operation === 'availability_read') {
    skus = pickSkus(random, scenario, 1);
  } else if (operation === 'availability_batch') {
    skus = pickSkus(random, scenario, between(random, scenario.availability_batch_skus));
  } else if (operation === 'hold') {
    skus = pickSkus(random, scenario, between(random, scenario.hold.lines));
    quantities = skus.map(() => between(random, scenario.hold.quantity));
    const roll = random();
    followUp =
      roll < scenario.hold.convert_share
        ? 'convert'
        : roll < scenario.hold.convert_share + scenario.hold.release_share
          ? 'release'
          : 'none';
  } else {
    skus = pickSkus(random, scenario, between(random, scenario.order.lines));
    quantities = skus.map(() => between(random, scenario.order.quantity));
    followUp = random() < scenario.order.cancel_share ? 'cancel' : 'none';
  }
  if (operation === 'order' || followUp === 'convert' || advent?.buys === true)
    lostAnswer = random() < scenario.client.lost_answer_share;
  return { index, atMs, step, operation, skus, quantities, followUp, lostAnswer, advent };
}

/**
 * Every arrival of the scenario in time order, lazily (a soak plans millions). Poisson arrivals draw
 * exponential gaps around each step's rate; uniform ones are evenly spaced. Bounded by
 * `arrivalsMax` and by the end of the last step.
 */
export function* arrivals(scenario: Scenario): Generator<Arrival> {
  const random = seededRandom(scenario.seed);
  let index = 0;
  let stepStartMs = 0;
  for (let step = 0; step < scenario.steps.length; step++) {
    const { rate_per_s: rate, duration_s: durationS } = scenario.steps[step]!;
    const stepEndMs = stepStartMs + durationS * 1000;
    if (rate > 0) {
      const meanGapMs = 1000 / rate;
      let atMs = stepStartMs + (scenario.arrivals === 'uniform' ? meanGapMs / 2 : 0);
      while (index < limits.arrivalsMax) {
        if (scenario.arrivals === 'poisson') atMs += -Math.log(1 - random()) * meanGapMs;
        if (atMs >= stepEndMs) break;
        yield describe(random, scenario, index, atMs, step);
        index++;
        if (scenario.arrivals === 'uniform') atMs += meanGapMs;
      }
    }
    stepStartMs = stepEndMs;
  }
}

/** Start and end (ms from the start of the run) of each step. */
export function stepBounds(scenario: Scenario): { startMs: number; endMs: number }[] {
  let startMs = 0;
  return scenario.steps.map((step) => {
    const bounds = { startMs, endMs: startMs + step.duration_s * 1000 };
    startMs = bounds.endMs;
    return bounds;
  });
}
