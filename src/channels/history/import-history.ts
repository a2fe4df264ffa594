/**
 * A shop's order history in the UCI Online Retail format brought in as past orders on one channel
 * (`affluence import history`), so that the operations room and the planner work on real history.
 * The file is read twice, streamed: first every line is checked and counted and the cancellations
 * matched (nothing is written if a line is malformed); then the invoices are written a step at a
 * time, each step in one transaction. An invoice already on the channel (its number is the order's
 * external id) is left as it is, so a second import of a file creates nothing. Past orders touch no
 * stock (see `recordPastOrders`).
 */
import { decideSkuPatches, writeSkuPatches } from '../../catalog/index.js';
import { cancelPastOrders, type PastOrder, recordPastOrders } from '../../orders/index.js';
import { type AppContext, createContext } from '../../platform/context.js';
import { fail, ok, type Result } from '../../platform/core/errors.js';
import { limits } from '../../platform/core/limits.js';
import type { Repos } from '../../platform/store/store.js';
import {
  type HistoryPlan,
  HistoryReading,
  historyCurrency,
  InvoiceGathering,
  type PastOrderContent,
  pastOrderOf,
  readInvoiceLine,
} from '../core/online-retail.js';
import { fileBytes, HistoryFileError, historyRows } from './history-file.js';

/**
 * Order lines written per transaction. Each step looks its invoices up among the channel's orders by
 * external id, which no index holds: a scan of the channel's orders, so few, large steps. A step's
 * statements are chunked under the parameter limits whatever its size.
 */
const stepLinesMax = 10_000;

export interface HistoryProgress {
  /** `check`: the first reading; `write`: the second. */
  readonly phase: 'check' | 'write';
  readonly bytesRead: number;
  readonly bytesTotal: number;
  /** Sales with goods (each an order) handed to the store so far, in the second reading. */
  readonly invoices: number;
}

export interface HistoryOptions {
  /** The channel's code; by default the shop's first channel (the earliest made). */
  readonly channel?: string;
  /** Read and count everything, look up what exists, write nothing. */
  readonly dryRun: boolean;
  readonly onProgress?: (progress: HistoryProgress) => void;
}

/** A line the import refused, where it is. */
export interface HistoryLineError {
  readonly line: number;
  readonly field: string;
  readonly message: string;
}

export interface HistoryReport {
  readonly channel: string;
  readonly dryRun: boolean;
  /** What the file holds, whatever the store. */
  readonly file: Omit<HistoryPlan, 'cancelled' | 'lineCounts' | 'skuNames'>;
  readonly orders: {
    /** New orders (a dry run: that would be), of which `cancelled` ended cancelled. */
    readonly created: number;
    readonly cancelled: number;
    /** Sales whose order the channel has already. */
    readonly alreadyImported: number;
    /** Sales of fees, postage or skipped lines only: no order. */
    readonly withoutGoods: number;
  };
  readonly cancellations: {
    /** Orders made or moved cancelled by this import. */
    readonly applied: number;
    /** Orders found cancelled already: an earlier import applied them. */
    readonly alreadyApplied: number;
    /** Matching no invoice of the file in full (see the core): no order changes. */
    readonly withoutOrder: number;
  };
  readonly skusCreated: number;
}

/** The channel the history goes on: named, or the shop's first; refused unless it sells in GBP. */
async function historyChannel(ctx: AppContext, code: string | undefined): Promise<Result<string>> {
  const channels = await ctx.store.read.catalog.listChannels();
  const channel =
    code === undefined
      ? [...channels].sort((a, b) => a.created_at - b.created_at || a.code.localeCompare(b.code))[0]
      : channels.find((each) => each.code === code);
  if (channel === undefined)
    return code === undefined
      ? fail(
          'unknown_channel',
          `The shop has no channel yet: make one that sells in ${historyCurrency} first.`,
        )
      : fail('unknown_channel', `No channel ${code}.`, { channel: code });
  if (channel.currency !== historyCurrency)
    return fail(
      'currency_mismatch',
      `The history is in ${historyCurrency} and channel ${channel.code} sells in ${channel.currency}: amounts in two currencies would be mixed. Import it on a channel that sells in ${historyCurrency} (--channel), made first if need be (PUT /v1/channels/{code} with "currency": "${historyCurrency}").`,
      { channel: channel.code, currency: channel.currency, history_currency: historyCurrency },
    );
  return ok(channel.code);
}

/** The first reading: every line checked and counted, cancellations matched. */
async function readPlan(
  path: string,
  onBytes: (bytesRead: number) => void,
): Promise<{ plan: HistoryPlan; errors: HistoryLineError[]; errorCount: number }> {
  const reading = new HistoryReading();
  const errors: HistoryLineError[] = [];
  let errorCount = 0;
  for await (const row of historyRows(path, onBytes)) {
    const read = readInvoiceLine(row.record);
    if (read.ok) {
      reading.add(read.value);
      continue;
    }
    errorCount += 1;
    if (errors.length < limits.importErrorsListedMax)
      errors.push({ line: row.line, field: String(read.details?.field), message: read.message });
  }
  return { plan: reading.plan(), errors, errorCount };
}

interface StepOutcome {
  readonly created: number;
  readonly createdCancelled: number;
  readonly alreadyImported: number;
  readonly moved: number;
  readonly alreadyCancelled: number;
  readonly skusCreated: readonly string[];
}

/** One step's invoices: what the channel has already is left as it is, the rest written (unless `write` is false). */
async function importStep(
  repos: Repos,
  step: {
    readonly channel: string;
    readonly contents: readonly PastOrderContent[];
    readonly plan: HistoryPlan;
  },
  options: {
    readonly write: boolean;
    readonly skusMade: ReadonlySet<string>;
    readonly nowMs: number;
    readonly pastOrder: (content: PastOrderContent) => PastOrder;
  },
): Promise<StepOutcome> {
  const { contents, plan } = step;
  const existing = await repos.orders.ordersByExternalId(
    step.channel,
    contents.map((content) => content.externalId),
  );
  const fresh = contents.filter((content) => !existing.has(content.externalId));
  // An order an earlier file brought without its cancellation is cancelled now.
  const toCancel = contents.flatMap((content) => {
    const found = existing.get(content.externalId);
    const cancellation = plan.cancelled.get(content.externalId);
    return found?.status === 'delivered' && cancellation !== undefined
      ? [{ id: found.id, reference: cancellation.invoice, atMs: cancellation.atMs }]
      : [];
  });
  const alreadyCancelled = contents.filter(
    (content) => content.status === 'cancelled' && existing.get(content.externalId)?.status === 'cancelled',
  ).length;
  const wanted = [...new Set(fresh.flatMap((content) => content.lines.map((line) => line.sku)))].filter(
    (sku) => !options.skusMade.has(sku),
  );
  const known = await repos.catalog.existingSkus(wanted);
  const missing = wanted.filter((sku) => !known.has(sku));
  let moved = toCancel.length;
  if (options.write) {
    // No weight, size or price: the history does not know them (docs/channels.md says what to set).
    const decisions = await decideSkuPatches(
      repos,
      missing.map((sku) => ({ sku, name: plan.skuNames.get(sku) ?? sku })),
    );
    await writeSkuPatches(
      repos,
      decisions.map((decision) => {
        if (!decision.ok) throw new Error(`a new SKU without prices was refused: ${decision.message}`);
        return decision.value;
      }),
      options.nowMs,
    );
    await recordPastOrders(repos, fresh.map(options.pastOrder), options.nowMs);
    moved = await cancelPastOrders(repos, toCancel, options.nowMs);
  }
  return {
    created: fresh.length,
    createdCancelled: fresh.filter((content) => content.status === 'cancelled').length,
    alreadyImported: contents.length - fresh.length,
    moved,
    alreadyCancelled,
    skusCreated: missing,
  };
}

/** Imports the history at `path` (`.csv` or `.csv.gz`); a malformed line refuses the whole file. */
export async function importHistory(
  ctx: AppContext,
  path: string,
  options: HistoryOptions,
): Promise<Result<HistoryReport>> {
  const channel = await historyChannel(ctx, options.channel);
  if (!channel.ok) return channel;
  const bytesTotal = await fileBytes(path);
  const progress = (phase: HistoryProgress['phase'], bytesRead: number, invoices: number) =>
    options.onProgress?.({ phase, bytesRead, bytesTotal, invoices });

  let first: Awaited<ReturnType<typeof readPlan>>;
  try {
    first = await readPlan(path, (bytesRead) => progress('check', bytesRead, 0));
  } catch (error) {
    if (!(error instanceof HistoryFileError)) throw error;
    return refused(path, [{ line: error.line, field: error.field, message: error.message }], 1);
  }
  if (first.errorCount > 0) return refused(path, first.errors, first.errorCount);
  const { plan } = first;

  // Ids carry the instant each order was placed, as an order taken then would have: lists by id
  // keep the history before the orders taken since.
  let placedAtMs = 0;
  const pastIds = createContext(ctx.store, { now: () => placedAtMs });
  const gathering = new InvoiceGathering(plan.lineCounts);
  const skusMade = new Set<string>();
  const totals = { created: 0, createdCancelled: 0, alreadyImported: 0, moved: 0, alreadyCancelled: 0 };
  let invoicesDone = 0;
  let bytesRead = 0;
  let step: PastOrderContent[] = [];
  let stepLines = 0;

  const pastOrder = (content: PastOrderContent): PastOrder => {
    placedAtMs = content.placedAtMs;
    return {
      id: pastIds.newId('ord'),
      channel: channel.value,
      externalId: content.externalId,
      status: content.status,
      currency: historyCurrency,
      customerEmail: content.customerEmail,
      shippingAddress: content.shippingAddress,
      lines: content.lines,
      placedAtMs: content.placedAtMs,
      updatedAtMs: content.updatedAtMs,
    };
  };

  const flush = async () => {
    if (step.length === 0) return;
    const stepInput = { channel: channel.value, contents: step, plan };
    const settings = { write: !options.dryRun, skusMade, nowMs: ctx.clock.now(), pastOrder };
    const outcome = options.dryRun
      ? await importStep(ctx.store.read, stepInput, settings)
      : await ctx.store.transaction((tx) => importStep(tx, stepInput, settings));
    // Counted once committed: a transaction the store runs again counts once.
    totals.created += outcome.created;
    totals.createdCancelled += outcome.createdCancelled;
    totals.alreadyImported += outcome.alreadyImported;
    totals.moved += outcome.moved;
    totals.alreadyCancelled += outcome.alreadyCancelled;
    for (const sku of outcome.skusCreated) skusMade.add(sku);
    invoicesDone += step.length;
    progress('write', bytesRead, invoicesDone);
    step = [];
    stepLines = 0;
  };

  for await (const row of historyRows(path, (read) => {
    bytesRead = read;
    progress('write', read, invoicesDone);
  })) {
    const read = readInvoiceLine(row.record);
    if (!read.ok)
      throw new Error(`${path} changed while it was imported: line ${row.line} reads differently`);
    const lines = gathering.add(read.value);
    if (lines === null) continue;
    const content = pastOrderOf(lines, plan.cancelled.get(read.value.invoice));
    if (content === null) continue;
    step.push(content);
    stepLines += content.lines.length;
    if (stepLines >= stepLinesMax) await flush();
  }
  await flush();
  const unfinished = gathering.unfinished();
  if (unfinished.length > 0)
    throw new Error(`${path} changed while it was imported: invoice ${unfinished[0]} lacks lines`);

  const { cancelled: _cancelled, lineCounts: _lineCounts, skuNames: _skuNames, ...file } = plan;
  return ok({
    channel: channel.value,
    dryRun: options.dryRun,
    file,
    orders: {
      created: totals.created,
      cancelled: totals.createdCancelled,
      alreadyImported: totals.alreadyImported,
      withoutGoods: plan.invoices.sale - plan.salesWithGoods,
    },
    cancellations: {
      applied: totals.createdCancelled + totals.moved,
      alreadyApplied: totals.alreadyCancelled,
      withoutOrder: plan.cancellations.unmatched,
    },
    skusCreated: skusMade.size,
  });
}

function refused(path: string, errors: readonly HistoryLineError[], count: number): Result<never> {
  return fail('validation_failed', `Nothing imported: ${count} error(s) in ${path}.`, { errors, count });
}
