/**
 * The runs on one store: a fresh store, its `affluence serve` processes (one on SQLite, two sharing
 * PostgreSQL), the shop set up through the API, then saturated orders, orders at a constant 70 %,
 * availability reads while orders are placed, the flash sale and the overload section; on
 * PostgreSQL last, saturated orders on 1, 2 and 3 processes. Every run that places orders is audited.
 */
import { caller, expectStatus } from './api.js';
import { auditRun, type RunAudit, type UnitsBySku } from './audit.js';
import { cpuNote, type Metered, metered } from './cpu.js';
import { closedLoad, type LoadFigures, openLoad } from './load.js';
import { flashOrderMaker, OrderLedger, orderMaker } from './orders.js';
import { type OverloadFigures, overloadRuns } from './overload.js';
import { type ServerProcess, startAffluence } from './processes.js';
import { type ClockWindow, monotonicNowUs } from './profile.js';
import {
  availabilityReads,
  backgroundOrderConnections,
  orderLoad,
  rate,
  type Session,
  type StoreRunContext,
  sleep,
} from './session.js';
import { channel, setUpShop, skuIndex, stockedLocations } from './shop.js';
import { type EngineName, freshStore } from './stores.js';

/** The admin key the bench gives its servers: the store is fresh and dropped afterwards. */
const adminKey = 'aff_bench_admin_key_not_a_secret';
/**
 * After a timed run is stopped, requests the client dropped may still be finishing on the server;
 * the audit waits this long so their orders are in the store before it counts.
 */
const settleAfterStopMs = 1_000;

export interface StoreFigures {
  readonly engine: EngineName;
  readonly processCount: number;
  readonly store: string;
  readonly setupSeconds: number;
  /** Orders, saturated at the bench's connections. */
  readonly sustained: Metered<LoadFigures>;
  /** When the measured saturated order run ran: the window the CPU profiles are read in. */
  readonly sustainedWindow: ClockWindow;
  /** Orders, saturated, right after, with a sale running on every SKU and without one. */
  readonly sale: AlternatedRuns;
  /** Orders, saturated, each naming a promo code, and without one. */
  readonly promoCode: AlternatedRuns;
  /** Orders sent at a constant fraction of the saturated rate. */
  readonly constantRate: Metered<LoadFigures & { readonly ratePerSecond: number; readonly sent: number }>;
  /** Availability reads, saturated, while `backgroundOrders` are placed at a constant rate. */
  readonly reads: Metered<LoadFigures>;
  readonly backgroundOrders: LoadFigures & { readonly ratePerSecond: number; readonly sent: number };
  readonly flashSale: Metered<FlashSaleFigures>;
  readonly overload: OverloadFigures;
  /** PostgreSQL: saturated orders on 1, 2, … server processes sharing the database. */
  readonly scaling: readonly ProcessesRun[];
  readonly audits: readonly RunAudit[];
  /** Where each server wrote its CPU profile, with `--cpu-prof`. */
  readonly cpuProfileDir: string | undefined;
}

/**
 * Saturated orders with something on the order path (a sale running, a promo code) and without it,
 * two runs each, in the order with, without, without, with.
 */
export interface AlternatedRuns {
  readonly during: readonly Metered<LoadFigures>[];
  readonly without: readonly Metered<LoadFigures>[];
}

export interface FlashSaleFigures {
  readonly units: number;
  readonly buyers: number;
  readonly durationMs: number;
  readonly countByStatus: Record<string, number>;
  /** Answers of 201. */
  readonly acknowledged: number;
  /** Units in orders of the hot SKU found through the API. */
  readonly soldThroughOrders: number;
  /** Units the stock API says are reserved for the hot SKU. */
  readonly reservedThroughStock: number;
  /** What the availability API answers for the hot SKU afterwards. */
  readonly availableAfter: number;
  readonly latencyMsP99: number;
}

/** Orders, saturated: a warm-up, then the measured run; `run` names it in keys and audits. */
async function saturatedOrders(
  session: Session,
  run = 'saturated orders',
  promoCodes?: readonly string[],
): Promise<Metered<LoadFigures> & { window: ClockWindow }> {
  const { settings } = session.context;
  const ledger = new OrderLedger(`${session.engine}-${run.replaceAll(' ', '-')}`);
  const sinceMs = Date.now();
  const { each, ...load } = orderLoad(session, ledger, session.orderRequests(ledger, 1, promoCodes));
  const options = { ...load, requests: each };
  session.say(
    `${run}: ${settings.warmupDurationSeconds} s warm-up, ${settings.loadDurationSeconds} s measured`,
  );
  await session.context.awaitQuiet();
  await closedLoad({ ...options, until: { durationSeconds: settings.warmupDurationSeconds } });
  const startUs = monotonicNowUs();
  const figures = await session.meter(() =>
    closedLoad({ ...options, until: { durationSeconds: settings.loadDurationSeconds } }),
  );
  const window = { startUs, endUs: monotonicNowUs() };
  session.say(
    `${rate(figures.okPerSecond)} orders/s, p50 ${figures.latencyMsP50} ms, p99 ${figures.latencyMsP99} ms, answers ${JSON.stringify(figures.countByStatus)}, errors ${figures.errors}; ${cpuNote(figures.cpu)}`,
  );
  if (figures.okPerSecond < 1)
    throw new Error(`no order was placed: ${JSON.stringify(figures.countByStatus)}`);
  await sleep(settleAfterStopMs);
  await session.audit(run, ledger, sinceMs);
  return { ...figures, window };
}

/** A sale starts this long after it is scheduled: a sale cannot start in the past. */
const saleLeadMs = 1_500;

/** Schedules a sale of 20 % off every SKU of the channel, and waits for it to start. */
async function startSale(session: Session): Promise<string> {
  const startsAtMs = Date.now() + saleLeadMs;
  const sale = await expectStatus<{ id: string }>(
    session.admin('POST', '/v1/sales', {
      name: 'Bench sale',
      kind: 'promotion',
      channels: [channel],
      starts_at: new Date(startsAtMs).toISOString(),
      ends_at: new Date(startsAtMs + 3_600_000).toISOString(),
      discount_bp: 2_000,
      items: session.shop.skus.map((sku) => ({ sku })),
    }),
    201,
    'scheduling the bench sale',
  );
  await sleep(Math.max(0, startsAtMs - Date.now()));
  return sale.id;
}

async function endSale(session: Session, id: string): Promise<void> {
  await expectStatus(
    session.admin('POST', `/v1/sales/${id}/end`, { reason: 'the bench run is over' }),
    200,
    'ending the bench sale',
  );
}

/**
 * Saturated orders with a sale running on every SKU of the channel (20 % off), so that each order
 * pays a price computed from the sale in its batch, against the same runs without one, in the
 * order with, without, without, with: each run finds the store larger than the one before, and on
 * SQLite that alone takes more off a run than the sale does (a second run without any sale came
 * 10-20 % under the first); in that order the growth weighs on both sides alike.
 */
async function ordersDuringSale(session: Session): Promise<AlternatedRuns> {
  const run = async (name: string) => {
    const { window: _window, ...figures } = await saturatedOrders(session, name);
    return figures;
  };
  let sale = await startSale(session);
  const duringFirst = await run('saturated orders during a sale');
  await endSale(session, sale);
  const afterFirst = await run('saturated orders after a sale');
  const afterSecond = await run('saturated orders after a sale, again');
  sale = await startSale(session);
  const duringSecond = await run('saturated orders during a sale, again');
  await endSale(session, sale);
  return { during: [duringFirst, duringSecond], without: [afterFirst, afterSecond] };
}

/**
 * Saturated orders each naming one promo code, the peak's worst case: one code row that every
 * batch locks, with a usage limit and a per-customer limit to check, and
 * a discount spread over the lines; against the same runs without a code, in the order with,
 * without, without, with, for the reason `ordersDuringSale` gives.
 */
async function ordersWithPromoCode(session: Session): Promise<AlternatedRuns> {
  await expectStatus(
    session.admin('POST', '/v1/promo-codes', {
      code: 'BENCH10',
      kind: 'percent',
      value: 10,
      channels: [channel],
      usage_limit: 100_000_000,
      // Checked on every order; each run's buyers are named from 1 again, so a limit of 1 would
      // refuse the second run's buyers the code their namesakes used in the first.
      per_customer_limit: 1_000,
      stacks_with_sales: true,
    }),
    201,
    'creating the bench promo code',
  );
  const run = async (name: string, promoCodes?: readonly string[]) => {
    const { window: _window, ...figures } = await saturatedOrders(session, name, promoCodes);
    return figures;
  };
  const withFirst = await run('saturated orders with a promo code', ['BENCH10']);
  const withoutFirst = await run('saturated orders without a promo code');
  const withoutSecond = await run('saturated orders without a promo code, again');
  const withSecond = await run('saturated orders with a promo code, again', ['BENCH10']);
  return { during: [withFirst, withSecond], without: [withoutFirst, withoutSecond] };
}

/** Orders sent at a constant rate, latency counted from when each was due. */
async function constantRateOrders(session: Session, ratePerSecond: number) {
  const { settings } = session.context;
  const ledger = new OrderLedger(`${session.engine}-constant`);
  const sinceMs = Date.now();
  session.say(`orders at a constant ${rate(ratePerSecond)}/s for ${settings.loadDurationSeconds} s`);
  await session.context.awaitQuiet();
  const { each, ...load } = orderLoad(session, ledger, session.orderRequests(ledger, 2));
  const figures = await session.meter(() =>
    openLoad({
      ...load,
      ...each,
      connections: settings.openConnections,
      ratePerSecond,
      durationSeconds: settings.loadDurationSeconds,
    }),
  );
  session.say(
    `constant rate: p50 ${figures.latencyMsP50.toFixed(1)} ms, p99 ${figures.latencyMsP99.toFixed(1)} ms, answers ${JSON.stringify(figures.countByStatus)}, dropped by the generator ${figures.dropped}; ${cpuNote(figures.cpu)}`,
  );
  await session.audit('constant-rate orders', ledger, sinceMs);
  return { ...figures, ratePerSecond };
}

/** Availability reads, saturated, while orders are placed at a constant rate on other connections. */
async function readsWhileOrdering(session: Session, orderRatePerSecond: number) {
  const { settings } = session.context;
  const ledger = new OrderLedger(`${session.engine}-background`);
  const sinceMs = Date.now();
  session.say(
    `availability reads, saturated, while ${rate(orderRatePerSecond)} orders/s are placed: ${settings.warmupDurationSeconds} s warm-up, ${settings.loadDurationSeconds} s measured`,
  );
  await session.context.awaitQuiet();
  const { each, ...load } = orderLoad(session, ledger, session.orderRequests(ledger, 3));
  const background = openLoad({
    ...load,
    ...each,
    connections: backgroundOrderConnections,
    ratePerSecond: orderRatePerSecond,
    // The orders start before the reads and end after them.
    durationSeconds: settings.warmupDurationSeconds + settings.loadDurationSeconds + 1,
  });
  const readOptions = availabilityReads(session);
  await closedLoad({ ...readOptions, until: { durationSeconds: settings.warmupDurationSeconds } });
  const reads = await session.meter(() =>
    closedLoad({ ...readOptions, until: { durationSeconds: settings.loadDurationSeconds } }),
  );
  const orders = await background;
  session.say(
    `${rate(reads.okPerSecond)} reads/s, p50 ${reads.latencyMsP50} ms, p99 ${reads.latencyMsP99} ms; background orders: ${rate(orders.okPerSecond)}/s, p99 ${orders.latencyMsP99.toFixed(1)} ms; ${cpuNote(reads.cpu)}`,
  );
  await session.audit('orders during reads', ledger, sinceMs);
  return { reads, backgroundOrders: { ...orders, ratePerSecond: orderRatePerSecond } };
}

/** Every buyer wants one unit of the hot SKU, far more buyers than units; then what sold, through the API. */
async function flashSale(session: Session): Promise<Metered<FlashSaleFigures>> {
  const { settings } = session.context;
  const { flashSku } = session.shop;
  const ledger = new OrderLedger(`${session.engine}-flash`);
  const sinceMs = Date.now();
  const nextOrder = flashOrderMaker(ledger, flashSku);
  session.say(
    `flash sale: ${settings.flashSaleUnits} units of ${flashSku}, ${settings.flashSaleBuyers.toLocaleString('en-US')} buyers over ${settings.connections} connections`,
  );
  await session.context.awaitQuiet();
  const { each, ...load } = orderLoad(session, ledger, () => {
    const order = nextOrder();
    return { method: 'POST', path: '/v1/orders', body: order.body, key: order.key };
  });
  const figures = await session.meter(() =>
    closedLoad({
      ...load,
      requests: each,
      until: { requestCount: settings.flashSaleBuyers },
    }),
  );
  const audit = await session.audit('flash sale', ledger, sinceMs);
  const stock = await expectStatus<{ reserved: number }>(
    session.admin('GET', `/v1/stock/${flashSku}`),
    200,
    'flash stock',
  );
  const storefront = caller(session.urls[session.urls.length - 1]!, session.shop.storefrontKey);
  const available = await expectStatus<{ available: number }>(
    storefront('GET', `/v1/availability/${flashSku}?channel=${channel}`),
    200,
    'flash availability',
  );
  const sale: Metered<FlashSaleFigures> = {
    units: settings.flashSaleUnits,
    buyers: settings.flashSaleBuyers,
    durationMs: figures.durationSeconds * 1_000,
    countByStatus: figures.countByStatus,
    acknowledged: audit.acknowledged,
    soldThroughOrders: session.unitsBySku.get(flashSku) ?? 0,
    reservedThroughStock: stock.reserved,
    availableAfter: available.available,
    latencyMsP99: figures.latencyMsP99,
    cpu: figures.cpu,
  };
  session.say(
    `flash sale done in ${Math.round(sale.durationMs)} ms: answers ${JSON.stringify(sale.countByStatus)}, ${sale.soldThroughOrders} sold, ${sale.availableAfter} available after; ${cpuNote(sale.cpu)}`,
  );
  return sale;
}

export interface ProcessesRun {
  readonly processCount: number;
  readonly sustained: Metered<LoadFigures>;
}

/**
 * Saturated orders on 1, 2, … of the store's processes, one more started for the largest count: how
 * the order rate grows with processes on one database (on this machine they share its 2 cores).
 */
async function processScaling(
  session: Session,
  servers: ServerProcess[],
  location: string,
): Promise<ProcessesRun[]> {
  const { scalingProcessCounts } = session.context.settings;
  const runs: ProcessesRun[] = [];
  for (const processCount of scalingProcessCounts) {
    while (servers.length < processCount)
      servers.push(await startAffluence(location, adminKey, session.context.cpuProfileDir));
    const urls = servers.slice(0, processCount).map((server) => server.url);
    const sustained = await saturatedOrders(
      { ...session, urls },
      `saturated orders on ${processCount} process${processCount === 1 ? '' : 'es'}`,
    );
    runs.push({ processCount, sustained });
  }
  return runs;
}

export async function benchStore(engine: EngineName, context: StoreRunContext): Promise<StoreFigures> {
  const { settings, progress, cpuProfileDir } = context;
  const say = (line: string) => progress(`${engine}: ${line}`);
  const store = await freshStore(engine);
  const servers: ServerProcess[] = [];
  try {
    const processCount = engine === 'postgres' ? 2 : 1;
    // One after the other: each migrates at start, and the second must find the schema done.
    for (let i = 0; i < processCount; i++)
      servers.push(await startAffluence(store.location, adminKey, cpuProfileDir));
    const urls = servers.map((server) => server.url);
    say(`${processCount} × affluence serve (pid ${servers.map((s) => s.pid).join(', ')}) on ${store.shown}`);
    const admin = caller(urls[0]!, adminKey);

    const setupStartMs = performance.now();
    const shop = await setUpShop(
      urls.map((url) => caller(url, adminKey)),
      settings,
    );
    const setupSeconds = (performance.now() - setupStartMs) / 1_000;
    say(`shop set up through the API in ${setupSeconds.toFixed(1)} s (${shop.skus.length} SKUs)`);

    const unitsBySku: UnitsBySku = new Map();
    const receivedUnits = (sku: string) =>
      sku === shop.flashSku
        ? settings.flashSaleUnits
        : settings.stockPerLocation * stockedLocations(skuIndex(sku)).length;
    const audits: RunAudit[] = [];
    const session: Session = {
      engine,
      context,
      urls,
      admin,
      shop,
      storefrontHeaders: {
        authorization: `Bearer ${shop.storefrontKey}`,
        'content-type': 'application/json',
      },
      unitsBySku,
      audits,
      say,
      meter: (work) =>
        metered(async () => [...servers.map((server) => server.pid), ...(await store.backendPids())], work),
      orderRequests(ledger, seed, promoCodes) {
        const next = orderMaker(ledger, shop.skus, seed, promoCodes);
        return () => {
          const order = next();
          return { method: 'POST', path: '/v1/orders', body: order.body, key: order.key };
        };
      },
      async audit(run, ledger, sinceMs) {
        const result = await auditRun(`${engine} ${run}`, admin, ledger, sinceMs, unitsBySku, receivedUnits);
        audits.push(result);
        say(
          `audit of ${run}: ${result.ok ? 'ok' : 'FAILED'} (${result.acknowledged} × 201, ${result.ordersFound} orders found, ${result.unansweredStored} of ${result.unanswered} unanswered stored, ${result.skusChecked} SKUs reconciled)`,
        );
        return result;
      },
    };

    const { window: sustainedWindow, ...sustained } = await saturatedOrders(session);
    const sale = await ordersDuringSale(session);
    const promoCode = await ordersWithPromoCode(session);
    const constantRate = await constantRateOrders(
      session,
      sustained.okPerSecond * settings.constantRateFraction,
    );
    const { reads, backgroundOrders } = await readsWhileOrdering(
      session,
      sustained.okPerSecond * settings.backgroundOrderFraction,
    );
    const flash = await flashSale(session);
    const overload = await overloadRuns(session, sustained.okPerSecond);
    const scaling = engine === 'postgres' ? await processScaling(session, servers, store.location) : [];
    return {
      engine,
      processCount,
      store: store.shown,
      setupSeconds,
      sustained,
      sustainedWindow,
      sale,
      promoCode,
      constantRate,
      reads,
      backgroundOrders,
      flashSale: flash,
      overload,
      scaling,
      audits,
      cpuProfileDir,
    };
  } catch (error) {
    const tails = servers
      .map((server) => `--- affluence serve pid ${server.pid}:\n${server.output()}`)
      .join('\n');
    throw new Error(`${engine}: ${error instanceof Error ? error.message : String(error)}\n${tails}`, {
      cause: error,
    });
  } finally {
    for (const server of servers) await server.stop();
    await store.drop();
  }
}
