/**
 * The people a day of peak asks for, pure: pickers and packers for the day from the units and orders
 * to get out, customer-service agents hour by hour from the contacts expected (Erlang C, or Erlang A
 * when callers' patience is known), and how a day's orders spread over its hours.
 */
import { agentsFor, agentsForErlangA } from './erlang.js';

/** The hours of a day: the profile and the staffing curve have a value for each. */
export const hoursPerDay = 24;
const hourS = 3_600;
/**
 * Work that fills shifts exactly can divide to a hair above a whole number (3,690 units at 45 an hour
 * over 8.2 hours give 10.000000000000002 pickers): a billionth of a person is rounding, not a person.
 */
const wholePeopleTolerance = 1e-9;

function assertFiniteAtLeast(name: string, value: number, least: number): void {
  if (!(Number.isFinite(value) && value >= least))
    throw new RangeError(`${name} must be a finite number of ${least} or more, not ${value}`);
}

function assertPositive(name: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0))
    throw new RangeError(`${name} must be a finite number above 0, not ${value}`);
}

function peopleFor(work: number, perHour: number, shiftHours: number): number {
  if (!(shiftHours > 0 && shiftHours <= hoursPerDay))
    throw new RangeError(`shiftHours must be above 0 and at most ${hoursPerDay}, not ${shiftHours}`);
  const people = work / (perHour * shiftHours);
  return Math.ceil(people * (1 - wholePeopleTolerance));
}

/** Pickers on shift for a day's units: whole people, rounded up. */
export function pickersPerDay(load: {
  readonly unitsPerDay: number;
  readonly unitsPerHourPerPicker: number;
  readonly shiftHours: number;
}): number {
  assertFiniteAtLeast('unitsPerDay', load.unitsPerDay, 0);
  assertPositive('unitsPerHourPerPicker', load.unitsPerHourPerPicker);
  return peopleFor(load.unitsPerDay, load.unitsPerHourPerPicker, load.shiftHours);
}

/** Packers on shift for a day's orders: whole people, rounded up. */
export function packersPerDay(load: {
  readonly ordersPerDay: number;
  readonly ordersPerHourPerPacker: number;
  readonly shiftHours: number;
}): number {
  assertFiniteAtLeast('ordersPerDay', load.ordersPerDay, 0);
  assertPositive('ordersPerHourPerPacker', load.ordersPerHourPerPacker);
  return peopleFor(load.ordersPerDay, load.ordersPerHourPerPacker, load.shiftHours);
}

/** One hour of the staffing curve. */
export interface AgentHour {
  /** The hour of the day, 0 to 23. */
  readonly hour: number;
  readonly contacts: number;
  readonly agents: number;
  /** The share of the hour's contacts answered within the target wait, with those agents. */
  readonly serviceLevel: number;
  /** The share who hang up before an answer, under Erlang A; null under Erlang C, which has none. */
  readonly abandonProbability: number | null;
}

/**
 * The agents each hour of a day needs to answer `serviceLevelTarget` of its contacts within
 * `targetWaitS`: Erlang A when callers' mean patience is given, Erlang C otherwise. Each hour is
 * taken as steady on its own — the usual approximation, fair while a handling time is minutes and
 * the hour sixty of them; an hour with no contact needs nobody.
 */
export function agentsPerHour(input: {
  readonly contactsPerHour: readonly number[];
  readonly handlingTimeS: number;
  readonly targetWaitS: number;
  readonly serviceLevelTarget: number;
  readonly patienceS?: number;
}): AgentHour[] {
  if (input.contactsPerHour.length !== hoursPerDay)
    throw new RangeError(
      `contactsPerHour must have ${hoursPerDay} values, one an hour, not ${input.contactsPerHour.length}`,
    );
  return input.contactsPerHour.map((contacts, hour) => {
    assertFiniteAtLeast(`contactsPerHour[${hour}]`, contacts, 0);
    const goal = {
      arrivalsPerInterval: contacts,
      intervalS: hourS,
      handlingTimeS: input.handlingTimeS,
      targetWaitS: input.targetWaitS,
      serviceLevelTarget: input.serviceLevelTarget,
    };
    if (input.patienceS === undefined) {
      const found = agentsFor(goal);
      return {
        hour,
        contacts,
        agents: found.agents,
        serviceLevel: found.serviceLevel,
        abandonProbability: null,
      };
    }
    const found = agentsForErlangA({ ...goal, patienceS: input.patienceS });
    return {
      hour,
      contacts,
      agents: found.agents,
      serviceLevel: found.serviceLevel,
      abandonProbability: found.abandonProbability,
    };
  });
}

/**
 * Each hour's share of a day's orders, from counts by hour of day (0 to 23); the shares add up to 1.
 * Null when there is no order to learn from: an even spread would look like an answer while hiding
 * the peak hour, so the caller decides what to do instead, and says so.
 */
export function intradayProfile(ordersByHour: readonly number[]): number[] | null {
  if (ordersByHour.length !== hoursPerDay)
    throw new RangeError(
      `ordersByHour must have ${hoursPerDay} values, one an hour, not ${ordersByHour.length}`,
    );
  ordersByHour.forEach((count, hour) => {
    assertFiniteAtLeast(`ordersByHour[${hour}]`, count, 0);
  });
  const total = ordersByHour.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  return ordersByHour.map((count) => count / total);
}
