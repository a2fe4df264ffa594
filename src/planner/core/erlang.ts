/**
 * How many agents a queue of customer contacts asks for, pure: the Erlang formulas.
 *
 * - **Erlang C** (M/M/N): contacts arrive at random (Poisson), take an exponential handling time,
 *   and wait as long as it takes. Its probability of waiting is built on Erlang B's recursion, whose
 *   every step stays between 0 and 1: no factorial or power to overflow, for thousands of agents.
 * - **Erlang A** (M/M/N+M, Palm's model, as Garnett, Mandelbaum & Reiman 2002 present it): the
 *   same, but a caller not yet answered hangs up after an exponential patience of mean `patienceS`.
 *   As patience grows without bound it becomes Erlang C.
 *
 * The service level is, in both, the share of *all* contacts answered within the target wait: a
 * caller who hangs up is not answered, whether before the target or after. Some tools leave out
 * those who hang up early, which flatters the figure exactly when patience is short.
 *
 * With no contacts nobody waits, nobody hangs up and the service level is 1, whatever the agents.
 * Input that makes no sense (negative, NaN, fractional agents, no handling time) throws a
 * RangeError: the CLI and the routes validate what people type before it gets here.
 */
import { logPoissonWeight, upperGammaFraction } from './incomplete-gamma.js';

/** Contacts offered to a team over one interval. */
export interface Traffic {
  /** Contacts expected in the interval: an average, so not necessarily whole. */
  readonly arrivalsPerInterval: number;
  readonly intervalS: number;
  /** Average handling time: talk and wrap-up. */
  readonly handlingTimeS: number;
}

export interface Staffed extends Traffic {
  readonly agents: number;
}

export interface StaffedWithTarget extends Staffed {
  /** "Answered within": the 20 of "80 % within 20 seconds". */
  readonly targetWaitS: number;
}

export interface StaffingGoal extends Traffic {
  readonly targetWaitS: number;
  /** The share to answer within the target wait: the 0.8 of "80 % within 20 seconds". */
  readonly serviceLevelTarget: number;
  /** The most of their time agents may spend on contacts, when a cap is wanted (0.85 is usual). */
  readonly occupancyMax?: number;
}

/** The most agents the formulas take: Erlang B's recursion is a step per agent, and no team is larger. */
export const agentsMax = 1_000_000;
/**
 * Patience within a million times the handling time either way: beyond, Erlang A is Erlang C (nobody
 * hangs up) or Erlang B (whoever waits hangs up at once) to many digits, and its sums grow long.
 */
const patienceRatioMax = 1e6;
/** A sum stops when what is left of it is below this share of it. */
const convergedBelow = 1e-16;
/** Terms of a sum over waiting callers: about 9·√(agents × patience / handling time) are needed at most. */
const queueTermsMax = 10_000_000;

function assertFiniteAtLeast(name: string, value: number, least: number): void {
  if (!(Number.isFinite(value) && value >= least))
    throw new RangeError(`${name} must be a finite number of ${least} or more, not ${value}`);
}

function assertPositive(name: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0))
    throw new RangeError(`${name} must be a finite number above 0, not ${value}`);
}

function assertAgents(agents: number): void {
  if (!(Number.isSafeInteger(agents) && agents >= 0 && agents <= agentsMax))
    throw new RangeError(`agents must be a whole number from 0 to ${agentsMax}, not ${agents}`);
}

function assertGoal(goal: StaffingGoal): { occupancyMax: number } {
  assertFiniteAtLeast('targetWaitS', goal.targetWaitS, 0);
  const target = goal.serviceLevelTarget;
  // 1 is out of reach: someone always finds every agent busy, and a wait can outlast any target.
  if (!(target > 0 && target < 1))
    throw new RangeError(`serviceLevelTarget must be above 0 and below 1, not ${target}`);
  const occupancyMax = goal.occupancyMax ?? 1;
  if (!(occupancyMax > 0 && occupancyMax <= 1))
    throw new RangeError(`occupancyMax must be above 0 and at most 1, not ${goal.occupancyMax}`);
  return { occupancyMax };
}

function assertPatience(patienceS: number, handlingTimeS: number): void {
  assertPositive('patienceS', patienceS);
  const ratio = patienceS / handlingTimeS;
  if (!(ratio >= 1 / patienceRatioMax && ratio <= patienceRatioMax))
    throw new RangeError(
      `patienceS must be within ${patienceRatioMax} times the handling time either way, not ${patienceS} s for ${handlingTimeS} s`,
    );
}

/** Offered load in erlangs: the agents the contacts would keep busy if nobody waited. */
export function offeredLoadErlangs(traffic: Traffic): number {
  assertFiniteAtLeast('arrivalsPerInterval', traffic.arrivalsPerInterval, 0);
  assertPositive('intervalS', traffic.intervalS);
  assertPositive('handlingTimeS', traffic.handlingTimeS);
  return (traffic.arrivalsPerInterval * traffic.handlingTimeS) / traffic.intervalS;
}

/** Erlang B for `agents` by its recursion B(n) = A·B(n−1) / (n + A·B(n−1)), from B(0) = 1. */
function blockingOf(load: number, agents: number): number {
  let blocking = 1;
  for (let n = 1; n <= agents; n += 1) blocking = (load * blocking) / (n + load * blocking);
  return blocking;
}

/** Erlang C from Erlang B: C = N·B / (N − A·(1 − B)); every contact waits when agents cannot keep up. */
function waitingOf(load: number, agents: number, blocking: number): number {
  if (load === 0) return 0;
  if (agents <= load) return 1;
  return (agents * blocking) / (agents - load * (1 - blocking));
}

/** Erlang B: the share of contacts lost when there is no queue and all `agents` are busy. */
export function erlangB(staffed: Staffed): number {
  const load = offeredLoadErlangs(staffed);
  assertAgents(staffed.agents);
  return load === 0 ? 0 : blockingOf(load, staffed.agents);
}

/** Erlang C: the probability that a contact waits at all. */
export function erlangC(staffed: Staffed): number {
  const load = offeredLoadErlangs(staffed);
  assertAgents(staffed.agents);
  return waitingOf(load, staffed.agents, blockingOf(load, staffed.agents));
}

export interface ErlangCFigures {
  readonly agents: number;
  readonly waitProbability: number;
  /** The share answered within the target wait: 1 − P(wait)·e^(−(N − A)·t / AHT). */
  readonly serviceLevel: number;
  /** The mean wait of all contacts, those answered at once included; Infinity when agents cannot keep up. */
  readonly averageSpeedOfAnswerS: number;
  /** The share of their time agents spend on contacts: A / N, at most 1. */
  readonly occupancy: number;
}

function erlangCFigures(
  load: number,
  handlingTimeS: number,
  targetWaitS: number,
  agents: number,
  blocking: number,
): ErlangCFigures {
  if (load === 0)
    return { agents, waitProbability: 0, serviceLevel: 1, averageSpeedOfAnswerS: 0, occupancy: 0 };
  const waitProbability = waitingOf(load, agents, blocking);
  // With no more agents than the load the queue grows without end: nobody is answered in time.
  if (agents <= load)
    return {
      agents,
      waitProbability,
      serviceLevel: 0,
      averageSpeedOfAnswerS: Number.POSITIVE_INFINITY,
      occupancy: 1,
    };
  const spare = agents - load;
  return {
    agents,
    waitProbability,
    serviceLevel: 1 - waitProbability * Math.exp((-spare * targetWaitS) / handlingTimeS),
    averageSpeedOfAnswerS: (waitProbability * handlingTimeS) / spare,
    occupancy: load / agents,
  };
}

function erlangCOf(staffed: StaffedWithTarget): ErlangCFigures {
  const load = offeredLoadErlangs(staffed);
  assertAgents(staffed.agents);
  assertFiniteAtLeast('targetWaitS', staffed.targetWaitS, 0);
  return erlangCFigures(
    load,
    staffed.handlingTimeS,
    staffed.targetWaitS,
    staffed.agents,
    blockingOf(load, staffed.agents),
  );
}

/** Erlang C: the share of contacts answered within `targetWaitS`. */
export function serviceLevel(staffed: StaffedWithTarget): number {
  return erlangCOf(staffed).serviceLevel;
}

/** Erlang C: the mean wait before an answer, over all contacts (ASA). */
export function averageSpeedOfAnswerS(staffed: Staffed): number {
  return erlangCOf({ ...staffed, targetWaitS: 0 }).averageSpeedOfAnswerS;
}

/** Erlang C: the share of their time agents spend on contacts. */
export function occupancy(staffed: Staffed): number {
  return erlangCOf({ ...staffed, targetWaitS: 0 }).occupancy;
}

/**
 * Erlang C: the fewest agents that answer `serviceLevelTarget` of the contacts within `targetWaitS`
 * (and keep occupancy within `occupancyMax`, when given), with their figures. Always more agents
 * than the load, without which the queue never empties; none when no contact comes.
 */
export function agentsFor(goal: StaffingGoal): ErlangCFigures {
  const load = offeredLoadErlangs(goal);
  const { occupancyMax } = assertGoal(goal);
  if (load === 0) return erlangCFigures(0, goal.handlingTimeS, goal.targetWaitS, 0, 1);
  let agents = Math.floor(load) + 1;
  let blocking = blockingOf(load, Math.min(agents, agentsMax));
  // Each agent added only raises the service level and lowers occupancy: the first that meets both is the fewest.
  for (;;) {
    if (agents > agentsMax)
      throw new RangeError(`no staffing of up to ${agentsMax} agents meets the target for ${load} erlangs`);
    const figures = erlangCFigures(load, goal.handlingTimeS, goal.targetWaitS, agents, blocking);
    if (figures.serviceLevel >= goal.serviceLevelTarget && figures.occupancy <= occupancyMax) return figures;
    agents += 1;
    blocking = (load * blocking) / (agents + load * blocking);
  }
}

export interface ErlangAInput extends StaffedWithTarget {
  /** Callers' mean patience: how long they wait, on average, before hanging up. */
  readonly patienceS: number;
}

export interface ErlangAFigures {
  /** The probability that a contact finds every agent busy and waits. */
  readonly waitProbability: number;
  /** The probability that a contact hangs up before an answer. */
  readonly abandonProbability: number;
  /** The share of all contacts answered within the target wait. */
  readonly serviceLevel: number;
  /** The share of their time agents spend on contacts: the load of those answered, per agent. */
  readonly occupancy: number;
}

interface QueueSums {
  /** ln Σⱼ tⱼ over j ≥ 0: Garnett, Mandelbaum & Reiman's A(x, z). */
  readonly logTotal: number;
  /** ln Σⱼ tⱼ over j ≥ 1. */
  readonly logTail: number;
  /** ln Σⱼ j·tⱼ. */
  readonly logWeighted: number;
}

/**
 * Sums over the callers waiting, in units of patience: with tⱼ = zʲ / ((x + 1)(x + 2)···(x + j)),
 * the chance of N + j in the system is the chance of N times tⱼ (x = N·μ/θ, z = λ/θ).
 */
function queueSums(x: number, z: number): QueueSums {
  const none = Number.NEGATIVE_INFINITY;
  if (z === 0) return { logTotal: 0, logTail: none, logWeighted: none };
  if (z < x + 1) {
    // Each term is at most `ratio` times the one before, a ratio that only falls: add until what is
    // left, bounded by a geometric series, cannot change the sums.
    let term = 1;
    let tail = 0;
    let weighted = 0;
    for (let j = 1; j <= queueTermsMax; j += 1) {
      term *= z / (x + j);
      tail += term;
      weighted += j * term;
      const ratio = z / (x + j + 1);
      const tailLeft = (term * ratio) / (1 - ratio);
      const weightedLeft = term * ((j * ratio) / (1 - ratio) + ratio / (1 - ratio) ** 2);
      if (tailLeft <= convergedBelow * tail && weightedLeft <= convergedBelow * weighted)
        return { logTotal: Math.log1p(tail), logTail: Math.log(tail), logWeighted: Math.log(weighted) };
    }
    throw new Error(`the sum over waiting callers for x = ${x}, z = ${z} did not converge`);
  }
  // Beyond x + 1 the terms first grow, up to e^z and more: the total in closed form, through the
  // incomplete gamma function, A(x, z) = P(x, z) / (e^(−z)·z^x / Γ(x + 1)), P = 1 − Q.
  const logWeight = logPoissonWeight(x, z);
  const upper = Math.exp(logWeight + Math.log(x * upperGammaFraction(x, z)));
  const logTotal = Math.log1p(-upper) - logWeight;
  // Here the total is at least 1 + z/(x + 1) ≥ 2, so taking away its first term loses nothing.
  const logTail = logTotal + Math.log1p(-Math.exp(-logTotal));
  // (x + j)·tⱼ = z·tⱼ₋₁, so summed: x·tail + weighted = z·total.
  const logWeighted = Math.log(z) + logTotal + Math.log1p(-(x / z) * Math.exp(logTail - logTotal));
  return { logTotal, logTail, logWeighted };
}

/**
 * Erlang A for `agents`, in the chain's own terms (λ arrivals, μ = 1/handling time, θ = 1/patience
 * per second; E Erlang B; x = N·μ/θ, y = λ/θ; sums as in `queueSums`):
 * - P(wait) = E·A(x, y) / (1 − E + E·A(x, y));
 * - P(hang up | wait) = Σ j·tⱼ / (y·A(x, y)): those hanging up, θ per caller waiting, over arrivals;
 * - answered after waiting longer than t = π_N·(x/y)·e^(−Nμt + y(1 − e^(−θt)))·(A(x, y·e^(−θt)) − 1),
 *   π_N = P(wait)/A(x, y). A caller finding j waiting moves up at Nμ + iθ = (x + i)·θ with i ahead,
 *   as if at the (j + 1)-th ring of x + j clocks of rate θ, and is answered if that comes before
 *   their own clock rings: summed over j, those binomial sums fold back into A. At t = 0 it is all
 *   who wait and are answered, P(wait) − P(hang up).
 * The service level is what is left: 1 − P(hang up) − answered after t.
 */
function erlangAOf(
  load: number,
  arrivalsPerS: number,
  handlingTimeS: number,
  patienceS: number,
  agents: number,
  targetWaitS: number,
): ErlangAFigures {
  const y = arrivalsPerS * patienceS;
  if (load === 0 || y === 0)
    return { waitProbability: 0, abandonProbability: 0, serviceLevel: 1, occupancy: 0 };
  if (agents === 0) return { waitProbability: 1, abandonProbability: 1, serviceLevel: 0, occupancy: 1 };
  const x = (agents * patienceS) / handlingTimeS;
  const blocking = blockingOf(load, agents);
  const sums = queueSums(x, y);
  // In logarithms: E underflows to 0 with many spare agents, and A(x, y) overflows with few.
  const waitProbability = 1 / (1 + Math.exp(Math.log1p(-blocking) - Math.log(blocking) - sums.logTotal));
  const abandonProbability = waitProbability * Math.exp(sums.logWeighted - Math.log(y) - sums.logTotal);
  const later = queueSums(x, y * Math.exp(-targetWaitS / patienceS));
  const answeredLate = Math.exp(
    Math.log(waitProbability) -
      sums.logTotal +
      Math.log(x / y) -
      (agents * targetWaitS) / handlingTimeS -
      y * Math.expm1(-targetWaitS / patienceS) +
      later.logTail,
  );
  return {
    waitProbability,
    abandonProbability,
    // Rounding can take a difference of probabilities a hair outside [0, 1].
    serviceLevel: Math.min(1, Math.max(0, 1 - abandonProbability - answeredLate)),
    occupancy: Math.min(1, (load * (1 - abandonProbability)) / agents),
  };
}

/** Erlang A: the probabilities of waiting and of hanging up, the service level and occupancy. */
export function erlangA(input: ErlangAInput): ErlangAFigures {
  const load = offeredLoadErlangs(input);
  assertAgents(input.agents);
  assertFiniteAtLeast('targetWaitS', input.targetWaitS, 0);
  assertPatience(input.patienceS, input.handlingTimeS);
  return erlangAOf(
    load,
    input.arrivalsPerInterval / input.intervalS,
    input.handlingTimeS,
    input.patienceS,
    input.agents,
    input.targetWaitS,
  );
}

export interface ErlangAStaffing extends ErlangAFigures {
  readonly agents: number;
}

/**
 * Erlang A: the fewest agents that answer `serviceLevelTarget` of the contacts within `targetWaitS`
 * when callers hang up after `patienceS` on average (and keep occupancy within `occupancyMax`,
 * when given), with their figures; none when no contact comes. Unlike Erlang C it may staff below
 * the load: those who hang up take no agent's time.
 */
export function agentsForErlangA(goal: StaffingGoal & { readonly patienceS: number }): ErlangAStaffing {
  const load = offeredLoadErlangs(goal);
  const { occupancyMax } = assertGoal(goal);
  assertPatience(goal.patienceS, goal.handlingTimeS);
  const arrivalsPerS = goal.arrivalsPerInterval / goal.intervalS;
  const figuresOf = (agents: number): ErlangAStaffing => ({
    agents,
    ...erlangAOf(load, arrivalsPerS, goal.handlingTimeS, goal.patienceS, agents, goal.targetWaitS),
  });
  const meets = (figures: ErlangAStaffing) =>
    figures.serviceLevel >= goal.serviceLevelTarget && figures.occupancy <= occupancyMax;
  if (load === 0) return figuresOf(0);
  // The service level only rises and occupancy only falls with each agent added (a property the
  // tests check), so double until the target is met, then halve the gap: each try costs a chain.
  let failing = 0;
  let enough = figuresOf(Math.min(agentsMax, Math.max(1, Math.ceil(load))));
  while (!meets(enough)) {
    if (enough.agents === agentsMax)
      throw new RangeError(`no staffing of up to ${agentsMax} agents meets the target for ${load} erlangs`);
    failing = enough.agents;
    enough = figuresOf(Math.min(agentsMax, enough.agents * 2));
  }
  while (enough.agents - failing > 1) {
    const middle = figuresOf(Math.floor((failing + enough.agents) / 2));
    if (meets(middle)) enough = middle;
    else failing = middle.agents;
  }
  return enough;
}
