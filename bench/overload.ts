/**
 * The overload section (issue 9): each path of the peak path flooded with open-model arrivals at
 * several multiples of what it can do, with clients that do not honour Retry-After. Goodput is the
 * answers 200/201 per second, measured against the goodput of the same generator at 1×; the largest
 * flood of each path is followed by a load of half what the process can serve, to see full service
 * come back. Every run that places orders is audited like the others.
 */

import { cpuNote, type Metered } from './cpu.js';
import { closedLoad, type LoadFigures, type OpenLoadFigures, openLoad } from './load.js';
import { OrderLedger } from './orders.js';
import {
  availabilityArrivals,
  availabilityReads,
  backgroundOrderConnections,
  orderLoad,
  rate,
  type Session,
} from './session.js';

export type FloodedPath = 'reads' | 'orders' | 'reads beside orders';

export interface FloodRun {
  readonly path: FloodedPath;
  readonly multiple: number;
  /** The arrival rate asked of the generator: the multiple of the path's capacity. */
  readonly askedPerSecond: number;
  /** The path's capacity the multiple is of. */
  readonly capacityPerSecond: number;
  /** The goodput of this path at 1×, with the same generator: what the flood's goodput is over. */
  readonly referencePerSecond: number;
  readonly flood: Metered<OpenLoadFigures>;
  /** With a read flood: the orders placed beside it, at a fixed rate, on their own connections. */
  readonly ordersBeside?: OpenLoadFigures & { readonly ratePerSecond: number };
}

export interface OverloadFigures {
  /** Availability reads alone, saturated (closed): the reads' capacity. */
  readonly readCapacity: Metered<LoadFigures>;
  /** The saturated order rate of the store's order run: the orders' capacity. */
  readonly orderCapacityPerSecond: number;
  readonly runs: readonly FloodRun[];
}

/** Arrivals the generator put on a connection, per second of the run: what the server was offered. */
export const offeredPerSecond = (figures: OpenLoadFigures) => figures.sent / figures.durationSeconds;

function describe(run: FloodRun): string {
  const { flood } = run;
  const shed = flood.countByStatus['503'] ?? 0;
  const beside =
    run.ordersBeside === undefined
      ? ''
      : `; orders beside: ${rate(run.ordersBeside.okPerSecond)}/s of ${rate(run.ordersBeside.ratePerSecond)}/s offered, p99 ${run.ordersBeside.okLatencyMsP99.toFixed(1)} ms`;
  const recovery =
    flood.recovery === undefined
      ? ''
      : `; afterwards ${flood.recovery.ok} of ${flood.recovery.sent} served, full service after ${flood.recovery.fullServiceAfterSeconds.toFixed(2)} s`;
  return `${run.path} ${run.multiple}× (asked ${rate(run.askedPerSecond)}/s, offered ${rate(offeredPerSecond(flood))}/s, dropped by the generator ${rate(flood.dropped)}): ${rate(flood.okPerSecond)} served/s, admitted p99 ${flood.okLatencyMsP99.toFixed(1)} ms, ${rate(shed)} × 503 (p50 ${flood.shedLatencyMsP50.toFixed(1)} ms, p99 ${flood.shedLatencyMsP99.toFixed(1)} ms, ${flood.shedWithRetryAfter} with Retry-After), errors ${flood.errors}${beside}${recovery}; ${cpuNote(flood.cpu)}`;
}

interface Flood {
  readonly path: FloodedPath;
  readonly multiple: number;
  readonly capacityPerSecond: number;
  readonly referencePerSecond: number;
  /** The largest flood of its path: arrivals go on at the recovery rate after it. */
  readonly thenRecovery: boolean;
  /** Orders placed beside a read flood, per second. */
  readonly ordersBesidePerSecond?: number;
}

async function flood(session: Session, plan: Flood, seed: number): Promise<FloodRun> {
  const { settings } = session.context;
  const askedPerSecond = plan.capacityPerSecond * plan.multiple;
  // After the flood the whole load falls to `recoveryFraction` of what the process can serve: beside
  // orders (which take their share of it), the reads fall to that fraction of the rest.
  const besideShare = plan.ordersBesidePerSecond === undefined ? 0 : settings.ordersBesideReadFloodFraction;
  const recovery = plan.thenRecovery
    ? {
        ratePerSecond: plan.capacityPerSecond * settings.recoveryFraction * (1 - besideShare),
        durationSeconds: settings.recoveryDurationSeconds,
      }
    : undefined;
  const timing = {
    ratePerSecond: askedPerSecond,
    durationSeconds: settings.overloadDurationSeconds,
    ...(recovery === undefined ? {} : { recovery }),
  };
  const ledger = new OrderLedger(`${session.engine}-overload-${seed}`);
  const sinceMs = Date.now();
  await session.context.awaitQuiet();
  const run = async (): Promise<{ figures: OpenLoadFigures; beside?: OpenLoadFigures }> => {
    const orders = orderLoad(session, ledger, session.orderRequests(ledger, seed));
    if (plan.path === 'orders') {
      const figures = await openLoad({
        ...orders,
        ...orders.each,
        ...timing,
        connections: settings.openConnections,
      });
      return { figures };
    }
    const reads = openLoad({
      urls: session.urls,
      connections: settings.openConnections,
      headers: { authorization: session.storefrontHeaders.authorization! },
      okStatus: 200,
      nextRequest: availabilityArrivals(session, seed),
      ...timing,
    });
    const besidePerSecond = plan.ordersBesidePerSecond;
    if (besidePerSecond === undefined) return { figures: await reads };
    // The orders keep their rate through the flood, and fall with the reads after it.
    const beside = openLoad({
      ...orders,
      ...orders.each,
      connections: backgroundOrderConnections,
      ratePerSecond: besidePerSecond,
      durationSeconds: settings.overloadDurationSeconds,
      ...(recovery === undefined
        ? {}
        : {
            recovery: {
              ratePerSecond: besidePerSecond * settings.recoveryFraction,
              durationSeconds: recovery.durationSeconds,
            },
          }),
    });
    const [figures, besideFigures] = await Promise.all([reads, beside]);
    return { figures, beside: besideFigures };
  };
  const { cpu, figures, beside } = await session.meter(run);
  const result: FloodRun = {
    path: plan.path,
    multiple: plan.multiple,
    askedPerSecond,
    capacityPerSecond: plan.capacityPerSecond,
    referencePerSecond: plan.referencePerSecond,
    flood: { ...figures, cpu },
    ...(beside === undefined || plan.ordersBesidePerSecond === undefined
      ? {}
      : { ordersBeside: { ...beside, ratePerSecond: plan.ordersBesidePerSecond } }),
  };
  session.say(`overload: ${describe(result)}`);
  if (plan.path !== 'reads') await session.audit(`overload, ${plan.path} ${plan.multiple}×`, ledger, sinceMs);
  return result;
}

/**
 * Reads, then orders, each at every multiple of its capacity (1× first: the reference); then reads
 * beside orders at every multiple above 1.
 */
export async function overloadRuns(
  session: Session,
  orderCapacityPerSecond: number,
): Promise<OverloadFigures> {
  const { settings } = session.context;
  session.say(
    `overload: availability reads alone, saturated, to find their capacity: ${settings.warmupDurationSeconds} s warm-up, ${settings.loadDurationSeconds} s measured`,
  );
  await session.context.awaitQuiet();
  const reads = availabilityReads(session);
  await closedLoad({ ...reads, until: { durationSeconds: settings.warmupDurationSeconds } });
  const readCapacity = await session.meter(() =>
    closedLoad({ ...reads, until: { durationSeconds: settings.loadDurationSeconds } }),
  );
  session.say(`overload: ${rate(readCapacity.okPerSecond)} reads/s alone; ${cpuNote(readCapacity.cpu)}`);

  const multiples = [...settings.overloadMultiples].sort((a, b) => a - b);
  const largest = multiples[multiples.length - 1]!;
  const runs: FloodRun[] = [];
  let seed = 100;
  const floodEach = async (path: 'reads' | 'orders', capacityPerSecond: number) => {
    let referencePerSecond = capacityPerSecond;
    for (const multiple of multiples) {
      const run = await flood(
        session,
        { path, multiple, capacityPerSecond, referencePerSecond, thenRecovery: multiple === largest },
        seed++,
      );
      if (multiple === 1) referencePerSecond = run.flood.okPerSecond;
      runs.push({ ...run, referencePerSecond });
    }
    return referencePerSecond;
  };
  const readReference = await floodEach('reads', readCapacity.okPerSecond);
  await floodEach('orders', orderCapacityPerSecond);
  for (const multiple of multiples.filter((each) => each > 1)) {
    runs.push(
      await flood(
        session,
        {
          path: 'reads beside orders',
          multiple,
          capacityPerSecond: readCapacity.okPerSecond,
          referencePerSecond: readReference,
          thenRecovery: multiple === largest,
          ordersBesidePerSecond: orderCapacityPerSecond * settings.ordersBesideReadFloodFraction,
        },
        seed++,
      ),
    );
  }
  return { readCapacity, orderCapacityPerSecond, runs };
}
