/**
 * Seeds the demo shop into an empty store: 3 channels, 2 warehouses with their zones, an envelope
 * and 3 boxes, the sample carrier cards, ~13,000 SKUs with sizes and barcodes, a few months of
 * orders, generated from a seed (same seed and same clock → same shop), the season's advent
 * calendar with its players so far, today's promo codes, segments, selection and campaigns, and
 * the purchase orders and backorder terms of its best sellers; once per store.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { putChannel, putLocation } from '../catalog/index.js';
import {
  defaultCutoffMinutes,
  importCarriers,
  limitsFile,
  putPackaging,
  putZones,
  ratesFile,
} from '../fulfilment/index.js';
import { putBuffer } from '../inventory/index.js';
import { type OrderStatus, orderStatuses } from '../orders/core/order-process.js';
import { type AppContext, createContext, toIso } from '../platform/context.js';
import type { Repos } from '../platform/store/store.js';
import { planAdvent } from './advent.js';
import { generateCatalog } from './generate-catalog.js';
import { generateHistory } from './generate-history.js';
import { seedIncoming } from './incoming.js';
import { seedMarketing } from './marketing.js';
import { type DemoCatalog, type DemoHistory, ManualClock } from './plan.js';
import { type WrittenOrders, writeActionsInBulk, writeSkusInBulk } from './write-bulk.js';
import { expectOk, writeActionsWithUseCases, writeSkusWithUseCases } from './write-use-cases.js';

export type DemoPhase = 'plan' | 'catalog' | 'stock' | 'history';

export interface SeedDemoOptions {
  /** Called after each step of work, for a progress bar per phase. */
  onProgress?: (done: number, total: number, phase: DemoPhase) => void;
  skuCount?: number;
  historyDays?: number;
  ordersPerMonth?: number;
  seed?: number;
  /**
   * `bulk` (the default) writes through the repos a few hundred rows per transaction;
   * `use-cases` calls the use cases one step at a time: ~6× slower, the reference `bulk` is tested against.
   */
  writer?: 'bulk' | 'use-cases';
}

export interface DemoSummary {
  seed: number;
  channels: number;
  locations: number;
  products: number;
  skus: number;
  buffers: number;
  /** Receipts in the stock ledger: the opening stock and the restocks since. */
  receipts: number;
  /** Lines of discontinued stock written off at the last stock count. */
  adjustments: number;
  orders: number;
  orderLines: number;
  ordersByStatus: Record<OrderStatus, number>;
  historyDays: number;
  historyFrom: string;
  historyTo: string;
  /** True when the store held the demo already and nothing was written. */
  alreadyPresent: boolean;
}

/** A typical mid-size shop: 13,000 SKUs and 6,000 orders a month, three months of them. */
export const demoDefaults = {
  skuCount: 13_000,
  historyDays: 90,
  ordersPerMonth: 6_000,
  seed: 20_251_128,
} as const;

/**
 * Outbox events of the demo: `demo.seeding` claims an empty store for one seed, `demo.seeded`
 * (with the summary) says it finished.
 */
const markerEntityType = 'demo';
const markerEntityId = 'demo-shop';
const seedingType = 'demo.seeding';
const seededType = 'demo.seeded';

function markers(repos: Repos) {
  return repos.events.eventsOf(markerEntityType, markerEntityId);
}

async function readSummary(ctx: AppContext): Promise<DemoSummary | undefined> {
  const row = (await markers(ctx.store.read)).find((event) => event.type === seededType);
  return row === undefined ? undefined : (JSON.parse(row.payload) as DemoSummary);
}

/** True when the demo shop was seeded into this store (a restart then leaves it as it is). */
export async function hasDemo(ctx: AppContext): Promise<boolean> {
  return (await readSummary(ctx)) !== undefined;
}

/**
 * Claims an empty store for this seed. The claim is appended before looking for others: the event
 * counter's row stays locked until commit, so of two processes seeding at once the second sees the
 * first's claim and gives up, and neither writes the shop twice.
 */
async function claimStore(ctx: AppContext, payload: object): Promise<void> {
  await ctx.store.transaction(async (tx) => {
    if ((await markers(tx)).some((event) => event.type === seedingType)) {
      throw new Error(
        'An earlier seed of the demo shop into this store did not finish, or another process is seeding it. Start from a new database.',
      );
    }
    const [channels, locations, skus, orders] = await Promise.all([
      tx.catalog.listChannels(),
      tx.catalog.listLocations(),
      tx.catalog.listSkus({ limit: 1, terms: [] }),
      tx.orders.listOrders({ limit: 1 }),
    ]);
    if (channels.length + locations.length + skus.length + orders.length > 0) {
      throw new Error(
        'The demo shop is seeded into an empty store only, and this one already has channels, locations, SKUs or orders. Start from a new database.',
      );
    }
    await tx.events.append(
      [{ type: seedingType, entityType: markerEntityType, entityId: markerEntityId, payload }],
      ctx.clock.now(),
    );
    const claims = (await markers(tx)).filter((event) => event.type === seedingType);
    if (claims.length > 1) throw new Error('Another process is seeding the demo shop into this store.');
  });
}

function summarize(
  seed: number,
  historyDays: number,
  catalog: DemoCatalog,
  history: DemoHistory,
): DemoSummary {
  const ordersByStatus = Object.fromEntries(orderStatuses.map((status) => [status, 0])) as Record<
    OrderStatus,
    number
  >;
  for (const status of history.finalStatuses) ordersByStatus[status] += 1;
  return {
    seed,
    channels: catalog.channels.length,
    locations: catalog.locations.length,
    products: catalog.products,
    skus: catalog.skus.length,
    buffers: catalog.buffers.length,
    receipts:
      history.openingStock.length + history.actions.filter((action) => action.kind === 'receive').length,
    adjustments: history.actions.filter((action) => action.kind === 'adjust').length,
    orders: history.orders.length,
    orderLines: history.orders.reduce((total, order) => total + order.input.lines.length, 0),
    ordersByStatus,
    historyDays,
    historyFrom: toIso(history.startMs),
    historyTo: toIso(history.endMs),
    alreadyPresent: false,
  };
}

/** The advent calendar's players: the web shop's customers, in the order they first bought. */
function adventPlayers(history: DemoHistory): string[] {
  const web = history.orders.filter((order) => order.input.channel === 'web');
  return [...new Set(web.map((order) => order.input.customer.email))];
}

/** The sample carrier cards shipped with the package (scenarios/carriers, from src/ or dist/). */
const carriersDir = fileURLToPath(new URL('../../scenarios/carriers/', import.meta.url));

/** Imports the sample cards, labelled as sample prices, with the shop's default pick-up time. */
async function importDemoCarriers(ctx: AppContext): Promise<void> {
  const [ratesCsv, limitsCsv] = await Promise.all([
    readFile(join(carriersDir, ratesFile), 'utf8'),
    readFile(join(carriersDir, limitsFile), 'utf8'),
  ]);
  const imported = await importCarriers(
    ctx,
    { ratesCsv, limitsCsv },
    { dryRun: false, sample: true, cutoffMinutes: defaultCutoffMinutes },
  );
  // The files are ours and checked by the tests: a refusal is a bug. Their warnings name rows left out.
  if (!imported.ok)
    throw new Error(`demo carriers refused: ${imported.errors.map((error) => error.message).join('; ')}`);
}

/**
 * Seeds the demo shop, or returns the summary of the one already there. The history ends at
 * `ctx.clock.now()`; every step is stamped at the past instant it happened.
 */
export async function seedDemo(ctx: AppContext, options: SeedDemoOptions = {}): Promise<DemoSummary> {
  const existing = await readSummary(ctx);
  if (existing !== undefined) return { ...existing, alreadyPresent: true };
  const seed = options.seed ?? demoDefaults.seed;
  const skuCount = options.skuCount ?? demoDefaults.skuCount;
  const historyDays = options.historyDays ?? demoDefaults.historyDays;
  const ordersPerMonth = options.ordersPerMonth ?? demoDefaults.ordersPerMonth;
  const report = options.onProgress ?? (() => {});

  report(0, 1, 'plan');
  const catalog = generateCatalog({ seed, skuCount });
  const history = generateHistory(catalog, {
    seed,
    historyDays,
    ordersPerMonth,
    endMs: ctx.clock.now(),
  });
  report(1, 1, 'plan');
  await claimStore(ctx, { seed, skuCount, historyDays, ordersPerMonth });

  // The demo's own context: its clock walks through the past, so ids and stamps fall where they happened.
  const clock = new ManualClock(history.catalogAtMs);
  const demo = createContext(ctx.store, clock);
  const bulk = options.writer !== 'use-cases';
  const written: WrittenOrders = { ids: [], numbers: [] };

  // The set-up before the SKUs: channels, locations with their zones, packaging, and the carriers.
  const setUpSteps = catalog.channels.length + catalog.locations.length + catalog.packagings.length + 1;
  const catalogTotal = setUpSteps + catalog.skus.length;
  report(0, catalogTotal, 'catalog');
  for (const channel of catalog.channels) {
    const { name, currency, delivery_days } = channel;
    expectOk(await putChannel(demo, channel.code, { name, currency, delivery_days }), 'channel');
  }
  for (const location of catalog.locations) {
    const { name, channels, address, zones } = location;
    expectOk(await putLocation(demo, location.code, { name, channels: [...channels], address }), 'location');
    expectOk(await putZones(demo, location.code, zones), 'location zones');
  }
  for (const { code, ...packaging } of catalog.packagings)
    expectOk(await putPackaging(demo, code, packaging), 'packaging');
  await importDemoCarriers(demo);
  const skusDone = (done: number) => report(setUpSteps + done, catalogTotal, 'catalog');
  if (bulk) await writeSkusInBulk(demo, catalog.skus, history.catalogAtMs, skusDone);
  else await writeSkusWithUseCases(demo, catalog.skus, skusDone);

  const stockTotal = history.openingStock.length + catalog.buffers.length;
  report(0, stockTotal, 'stock');
  const stockDone = (done: number) => report(done, stockTotal, 'stock');
  if (bulk) {
    await writeActionsInBulk(demo, clock, catalog, history, history.openingStock, written, stockDone);
  } else {
    await writeActionsWithUseCases(demo, clock, history, history.openingStock, written, stockDone);
  }
  clock.set(history.buffersAtMs);
  for (const [index, buffer] of catalog.buffers.entries()) {
    expectOk(await putBuffer(demo, buffer.channel, buffer.sku, buffer.quantity), 'buffer');
    stockDone(history.openingStock.length + index + 1);
  }

  const historyTotal = history.actions.length;
  report(0, historyTotal, 'history');
  let historyWritten = 0;
  /** Writes the history's actions up to `untilMs` (all of them without), where the last write stopped. */
  const writeHistory = async (untilMs = Number.POSITIVE_INFINITY) => {
    const from = historyWritten;
    let to = from;
    while (to < history.actions.length && history.actions[to]!.atMs <= untilMs) to += 1;
    if (to === from) return;
    const actions = history.actions.slice(from, to);
    const done = (count: number) => report(from + count, historyTotal, 'history');
    if (bulk) await writeActionsInBulk(demo, clock, catalog, history, actions, written, done);
    else await writeActionsWithUseCases(demo, clock, history, actions, written, done);
    historyWritten = to;
  };
  // The advent season's steps happen among the orders: each is written at its place in time.
  for (const step of planAdvent(history.startMs, history.endMs, adventPlayers(history))) {
    await writeHistory(step.atMs);
    clock.set(step.atMs);
    await step.run(demo);
  }
  await writeHistory();

  // Today's marketing, on the real clock: its campaigns and codes run around now, past the history.
  const bestSellers = catalog.skus.slice(0, 3).map((sku) => sku.sku);
  await seedMarketing(ctx, bestSellers);
  await seedIncoming(ctx, bestSellers);
  const summary = summarize(seed, historyDays, catalog, history);
  await ctx.store.transaction((tx) =>
    tx.events.append(
      [{ type: seededType, entityType: markerEntityType, entityId: markerEntityId, payload: summary }],
      ctx.clock.now(),
    ),
  );
  return summary;
}
