/**
 * How many people a day's work asks for, pure. Pickers and packers: the day's load over what one
 * person does in a shift. Customer-service agents: queueing theory, per hour —
 * - **Erlang C** (M/M/N): callers wait as long as it takes. The probability of waiting comes from
 *   Erlang B's recursion, stable for thousands of agents where factorials overflow.
 * - **Erlang A** (M/M/N+M): callers hang up after an exponential patience. Solved exactly as the
 *   birth-death chain it is (truncated where its probabilities vanish); a caller's chance to be
 *   answered within the target is the chance to move up the queue to an agent before the target
 *   and before hanging up, computed by uniformisation. As patience grows it becomes Erlang C.
 */

function assertPositive(name: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) throw new RangeError(`${name} must be above 0, not ${value}`);
}

function assertAgents(agents: number): void {
  if (!(Number.isSafeInteger(agents) && agents >= 0))
    throw new RangeError(`agents are a whole number, not ${agents}`);
}

/** People for a load in a shift: 1,000 units at 60 an hour in 7.5 hours need 3. */
export function peoplePerShift(load: number, perHour: number, shiftHours: number): number {
  assertPositive('a rate per hour', perHour);
  assertPositive('a shift', shiftHours);
  if (!(Number.isFinite(load) && load >= 0)) throw new RangeError(`a load is 0 or more, not ${load}`);
  return Math.ceil(load / (perHour * shiftHours));
}

/** Each hour's share of the day's orders; null when no order has an hour (the caller decides). */
export function hourShares(ordersByHour: readonly number[]): number[] | null {
  if (ordersByHour.length !== 24) throw new RangeError(`a day has 24 hours, not ${ordersByHour.length}`);
  const total = ordersByHour.reduce((sum, count) => sum + count, 0);
  return total === 0 ? null : ordersByHour.map((count) => count / total);
}

export interface Traffic {
  /** Contacts arriving in the interval. */
  readonly contacts: number;
  readonly intervalS: number;
  /** Average handling time: talk and wrap-up. */
  readonly handlingTimeS: number;
}

/** Offered load in erlangs: contacts per second times handling time. */
export function erlangs(traffic: Traffic): number {
  assertPositive('an interval', traffic.intervalS);
  assertPositive('a handling time', traffic.handlingTimeS);
  if (!(Number.isFinite(traffic.contacts) && traffic.contacts >= 0))
    throw new RangeError(`contacts are 0 or more, not ${traffic.contacts}`);
  return (traffic.contacts / traffic.intervalS) * traffic.handlingTimeS;
}

/** Erlang B: the blocking probability of `agents` servers and no queue, by its recursion. */
export function erlangB(load: number, agents: number): number {
  assertAgents(agents);
  let blocking = 1;
  for (let n = 1; n <= agents; n += 1) blocking = (load * blocking) / (n + load * blocking);
  return blocking;
}

/** Erlang C: the probability a contact waits; 1 when the agents cannot keep up with the load. */
export function erlangC(load: number, agents: number): number {
  if (agents <= load) return 1;
  const blocking = erlangB(load, agents);
  return (agents * blocking) / (agents - load * (1 - blocking));
}

export interface Staffing {
  readonly agents: number;
  /** The share answered within the target wait. */
  readonly serviceLevel: number;
  /** The probability of waiting at all. */
  readonly waitProbability: number;
  /** The share who hang up before an answer: 0 under Erlang C. */
  readonly abandoned: number;
}

/** Erlang C's figures for `agents`: answered within `targetWaitS` is 1 − P(wait)·e^(−(N−A)·t/AHT). */
export function erlangCStaffing(traffic: Traffic, agents: number, targetWaitS: number): Staffing {
  const load = erlangs(traffic);
  assertAgents(agents);
  const waitProbability = erlangC(load, agents);
  const serviceLevel =
    agents <= load
      ? 0
      : 1 - waitProbability * Math.exp((-(agents - load) * targetWaitS) / traffic.handlingTimeS);
  return { agents, serviceLevel, waitProbability, abandoned: 0 };
}

/** The chain's states past which probabilities are below this are left out. */
const chainTailMin = 1e-14;
/** Poisson terms of the uniformisation added until what is left is below this. */
const uniformisationTailMin = 1e-12;

/**
 * Erlang A's figures for `agents` with callers' mean patience `patienceS`: the stationary chain
 * (arrivals λ; departures nμ plus θ per waiting caller), then, for a caller arriving to k waiting,
 * the chance to be answered within the target.
 */
export function erlangAStaffing(
  traffic: Traffic,
  agents: number,
  targetWaitS: number,
  patienceS: number,
): Staffing {
  erlangs(traffic);
  assertAgents(agents);
  assertPositive('a patience', patienceS);
  const arrivalRate = traffic.contacts / traffic.intervalS;
  const serviceRate = 1 / traffic.handlingTimeS;
  const hangUpRate = 1 / patienceS;
  if (arrivalRate === 0) return { agents, serviceLevel: 1, waitProbability: 0, abandoned: 0 };
  if (agents === 0) return { agents, serviceLevel: 0, waitProbability: 1, abandoned: 1 };
  const departureRate = (state: number) =>
    state <= agents ? state * serviceRate : agents * serviceRate + (state - agents) * hangUpRate;
  // Unnormalised stationary weights in logs, so that a large load cannot overflow them.
  const logWeights = [0];
  let peak = 0;
  for (let state = 1; ; state += 1) {
    const log = logWeights[state - 1]! + Math.log(arrivalRate) - Math.log(departureRate(state));
    logWeights.push(log);
    peak = Math.max(peak, log);
    // Past the agents, departures grow with every caller waiting: the tail always falls away.
    if (state > agents && log - peak < Math.log(chainTailMin)) break;
  }
  const weights = logWeights.map((log) => Math.exp(log - peak));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const stationary = weights.map((weight) => weight / total);

  // A caller arriving to `agents + j` in the system is j-th in line (j = 0: first in line) and is
  // answered after j + 1 departures ahead of them, if they do not hang up first. Position i (callers
  // ahead of them and being served) moves on at nμ + iθ and ends in hanging up at θ.
  const positions = Math.max(0, stationary.length - agents);
  const advance = (ahead: number) => agents * serviceRate + ahead * hangUpRate;
  const uniformRate = advance(positions) + hangUpRate;
  // answered[i]: the chance, from i ahead, to be answered within the jumps taken so far; the
  // Poisson weights of the jumps in time t, in logs so that a busy centre cannot underflow them.
  let answered = new Float64Array(positions);
  const withinTarget = new Float64Array(positions);
  const jumpsExpected = uniformRate * targetWaitS;
  let logPoisson = -jumpsExpected;
  let weightLeft = 1 - Math.exp(logPoisson);
  for (let jump = 1; jump <= jumpsExpected || weightLeft > uniformisationTailMin; jump += 1) {
    const next = new Float64Array(positions);
    for (let ahead = 0; ahead < positions; ahead += 1) {
      const forward = advance(ahead) / uniformRate;
      const stay = 1 - (advance(ahead) + hangUpRate) / uniformRate;
      next[ahead] = forward * (ahead === 0 ? 1 : answered[ahead - 1]!) + stay * answered[ahead]!;
    }
    answered = next;
    logPoisson += Math.log(jumpsExpected) - Math.log(jump);
    const weight = Math.exp(logPoisson);
    weightLeft -= weight;
    for (let ahead = 0; ahead < positions; ahead += 1) withinTarget[ahead]! += weight * answered[ahead]!;
  }
  let waitProbability = 0;
  let abandoned = 0;
  let answeredInTime = 0;
  for (let j = 0; j < positions; j += 1) {
    const arriving = stationary[agents + j]!;
    waitProbability += arriving;
    // Answered at all: each of the j + 1 moves up comes before hanging up.
    let servedEventually = 1;
    for (let ahead = 0; ahead <= j; ahead += 1)
      servedEventually *= advance(ahead) / (advance(ahead) + hangUpRate);
    abandoned += arriving * (1 - servedEventually);
    answeredInTime += arriving * withinTarget[j]!;
  }
  // Answered within the target, of every caller: those who never waited and those answered in time.
  return { agents, serviceLevel: 1 - waitProbability + answeredInTime, waitProbability, abandoned };
}

export interface HourStaffing {
  readonly contacts: number;
  readonly agents: number;
  readonly serviceLevel: number;
  /** The share who hang up first under Erlang A; null under Erlang C. */
  readonly abandoned: number | null;
}

/** The most agents tried for one hour before the search gives up: a call centre of thousands. */
const agentsSearchMax = 100_000;

/**
 * The fewest agents for an hour's contacts to be answered within `targetWaitS` at `serviceLevelTarget`:
 * Erlang C, or Erlang A when `patienceS` is given.
 */
export function agentsFor(
  traffic: Traffic,
  targetWaitS: number,
  serviceLevelTarget: number,
  patienceS?: number,
): Staffing {
  if (!(serviceLevelTarget > 0 && serviceLevelTarget < 1))
    throw new RangeError(`a service-level target is between 0 and 1, not ${serviceLevelTarget}`);
  const load = erlangs(traffic);
  const staffing = (agents: number) =>
    patienceS === undefined
      ? erlangCStaffing(traffic, agents, targetWaitS)
      : erlangAStaffing(traffic, agents, targetWaitS, patienceS);
  // No contact, nobody needed, nobody kept waiting.
  if (traffic.contacts === 0) return { agents: 0, serviceLevel: 1, waitProbability: 0, abandoned: 0 };
  // Erlang C needs more agents than the load, and the service level only grows with each one.
  let enough = Math.floor(load) + 1;
  while (erlangCStaffing(traffic, enough, targetWaitS).serviceLevel < serviceLevelTarget) {
    enough += 1;
    if (enough > agentsSearchMax)
      throw new RangeError(`no staffing of up to ${agentsSearchMax} agents meets the target`);
  }
  if (patienceS === undefined) return staffing(enough);
  // Callers who hang up shorten the queue: Erlang A needs no more than Erlang C, perhaps fewer,
  // found by halving (its service level grows with each agent too); each try solves a chain.
  let fewest = 1;
  let most = enough;
  while (staffing(most).serviceLevel < serviceLevelTarget) most += 1;
  while (fewest < most) {
    const middle = Math.floor((fewest + most) / 2);
    if (staffing(middle).serviceLevel >= serviceLevelTarget) most = middle;
    else fewest = middle + 1;
  }
  return staffing(most);
}

/** Agents for each hour of a day's contacts. */
export function agentsPerHour(input: {
  readonly contactsPerHour: readonly number[];
  readonly handlingTimeS: number;
  readonly targetWaitS: number;
  readonly serviceLevelTarget: number;
  readonly patienceS?: number;
}): HourStaffing[] {
  return input.contactsPerHour.map((contacts) => {
    const found = agentsFor(
      { contacts, intervalS: 3_600, handlingTimeS: input.handlingTimeS },
      input.targetWaitS,
      input.serviceLevelTarget,
      input.patienceS,
    );
    return {
      contacts,
      agents: found.agents,
      serviceLevel: found.serviceLevel,
      abandoned: input.patienceS === undefined ? null : found.abandoned,
    };
  });
}
