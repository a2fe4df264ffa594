/**
 * Exports of orders, stock and the ledger as CSV or JSON Lines, streamed: read from the store a
 * page at a time by keyset and written out page by page, so that a file of any size never sits
 * whole in memory. Each page is read as committed at its moment: an export taken while the shop
 * trades is not one instant's snapshot.
 */
import type { TObject } from '@sinclair/typebox';
import { stringify } from 'csv-stringify/sync';
import { stockKey } from '../../inventory/core/stock-book.js';
import { reservingStatuses } from '../../orders/core/order-process.js';
import { type AppContext, toIso } from '../../platform/context.js';
import { fail, ok, type Result } from '../../platform/core/errors.js';
import { limits } from '../../platform/core/limits.js';
import type { Repos } from '../../platform/store/store.js';
import {
  type ExportFormat,
  type ExportKind,
  LedgerExport,
  OrderLineExport,
  StockExport,
} from './contract.js';

/** What an export may be narrowed to: orders by channel and placing time, the ledger by SKU and time. */
export interface ExportFilter {
  readonly channel?: string;
  /** Included. */
  readonly fromMs?: number;
  /** Excluded. */
  readonly toMs?: number;
  readonly sku?: string;
}

export interface OpenedExport {
  readonly filename: string;
  readonly contentType: string;
  /** The file, a page at a time. */
  readonly chunks: AsyncIterable<string>;
  /** Rows written so far: all of them once `chunks` is done. */
  rows(): number;
}

const contentTypes: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson',
};

const rowSchemas: Record<ExportKind, TObject> = {
  orders: OrderLineExport,
  stock: StockExport,
  ledger: LedgerExport,
};

const pageSize = limits.pageSizeMax;

/** Order lines, orders oldest first, a page of orders at a time. */
async function* orderPages(read: Repos, filter: ExportFilter): AsyncGenerator<OrderLineExport[]> {
  let after: { createdAt: number; id: string } | undefined;
  for (;;) {
    const orders = await read.orders.ordersPlacedIn({ ...filter, after, limit: pageSize });
    if (orders.length === 0) return;
    const lines = await read.orders.linesOf(orders.map((order) => order.id));
    yield orders.flatMap((order) =>
      (lines.get(order.id) ?? []).map((line) => ({
        order_id: order.id,
        order_number: order.number,
        external_id: order.external_id,
        channel: order.channel_code,
        status: order.status,
        placed_at: toIso(order.created_at),
        currency: order.currency,
        customer_email: order.customer_email,
        line_no: line.line_no,
        sku: line.sku,
        quantity: line.quantity,
        unit_price_minor: line.unit_price_minor,
        line_total_minor: line.total_minor,
        tax_rate_bp: line.tax_rate_bp,
        line_tax_minor: line.tax_minor,
        order_total_minor: order.total_minor,
        order_tax_total_minor: order.tax_total_minor,
      })),
    );
    if (orders.length < pageSize) return;
    const last = orders[orders.length - 1]!;
    after = { createdAt: last.created_at, id: last.id };
  }
}

/** The catalog's SKU codes, a page at a time in code order. */
async function* skuPages(read: Repos): AsyncGenerator<string[]> {
  let cursor: string | undefined;
  for (;;) {
    const skus = await read.catalog.listSkus({ cursor, limit: pageSize, terms: [] });
    if (skus.length > 0) yield skus.map((row) => row.sku);
    if (skus.length < pageSize) return;
    cursor = skus[skus.length - 1]!.sku;
  }
}

/** Stock rows by SKU, then location, a page of SKUs at a time. */
async function* stockPages(read: Repos): AsyncGenerator<StockExport[]> {
  const locations = (await read.catalog.listLocations()).map((location) => location.code);
  for await (const skus of skuPages(read)) {
    const rows = await read.stock.lockStock(skus, locations, false);
    // Inventory reads what open orders hold one SKU at a time: asked only of the SKUs holding
    // anything (most hold nothing), it costs a query per SKU on order, not per SKU.
    const allocated = new Map<string, number>();
    const holding = [...new Set(rows.filter((row) => row.reserved > 0).map((row) => row.sku))];
    await Promise.all(
      holding.map(async (sku) => {
        const owners = await read.stock.reservedByOwners(sku, reservingStatuses);
        for (const [location, units] of owners.orders) allocated.set(stockKey(sku, location), units);
      }),
    );
    yield rows.map((row) => ({
      sku: row.sku,
      location: row.locationCode,
      on_hand: row.onHand,
      reserved: row.reserved,
      allocated: allocated.get(stockKey(row.sku, row.locationCode)) ?? 0,
      available: row.onHand - row.reserved,
    }));
  }
}

/**
 * Movements by SKU, then in the order they were recorded, gathered into pages of a page's worth of
 * rows. Inventory reads its ledger by SKU (along `stock_movements_sku`), so the period is applied
 * to the rows read: a narrow period over a whole shop still reads its whole ledger once.
 */
async function* ledgerPages(read: Repos, filter: ExportFilter): AsyncGenerator<LedgerExport[]> {
  const inPeriod = (atMs: number) =>
    (filter.fromMs === undefined || atMs >= filter.fromMs) &&
    (filter.toMs === undefined || atMs < filter.toMs);
  let page: LedgerExport[] = [];
  const skus = filter.sku === undefined ? skuPages(read) : [[filter.sku]];
  for await (const codes of skus) {
    for (const sku of codes) {
      let afterId: number | undefined;
      for (;;) {
        const movements = await read.stock.listMovements(sku, afterId, pageSize);
        for (const movement of movements) {
          if (!inPeriod(movement.created_at)) continue;
          page.push({
            id: movement.id,
            sku: movement.sku,
            location: movement.location_code,
            kind: movement.kind,
            quantity: movement.quantity,
            reference: movement.reference,
            reason: movement.reason,
            created_at: toIso(movement.created_at),
          });
        }
        if (page.length >= pageSize) {
          yield page;
          page = [];
        }
        if (movements.length < pageSize) break;
        afterId = movements[movements.length - 1]!.id;
      }
    }
  }
  if (page.length > 0) yield page;
}

/** The pages as the format writes them: CSV with its header line (even when empty), or a JSON object a line. */
async function* formatted(
  pages: AsyncIterable<readonly object[]>,
  format: ExportFormat,
  schema: TObject,
  counted: (rows: number) => void,
): AsyncGenerator<string> {
  const columns = Object.keys(schema.properties);
  let headerDue = format === 'csv';
  for await (const rows of pages) {
    if (rows.length === 0) continue;
    counted(rows.length);
    if (format === 'jsonl') {
      yield rows.map((row) => `${JSON.stringify(row)}\n`).join('');
      continue;
    }
    yield stringify(rows as Record<string, unknown>[], { header: headerDue, columns });
    headerDue = false;
  }
  if (headerDue) yield stringify([], { header: true, columns });
}

/**
 * Checks the filter, then opens the export: nothing is read until `chunks` is. An unknown channel
 * or SKU, or a period that ends before it starts, is refused before the first byte.
 */
export async function openExport(
  ctx: AppContext,
  kind: ExportKind,
  format: ExportFormat,
  filter: ExportFilter,
): Promise<Result<OpenedExport>> {
  const read = ctx.store.read;
  if (filter.fromMs !== undefined && filter.toMs !== undefined && filter.toMs <= filter.fromMs)
    return fail('validation_failed', 'The period ends before it starts: `to` must come after `from`.', {
      in: 'querystring',
      errors: [{ path: '/to', message: 'must be after from' }],
    });
  if (filter.channel !== undefined && (await read.catalog.getChannel(filter.channel)) === undefined)
    return fail('unknown_channel', `No channel ${filter.channel}.`, { channel: filter.channel });
  if (filter.sku !== undefined && (await read.catalog.getSku(filter.sku)) === undefined)
    return fail('unknown_sku', `No SKU ${filter.sku}.`, { sku: filter.sku });
  const pages =
    kind === 'orders'
      ? orderPages(read, filter)
      : kind === 'stock'
        ? stockPages(read)
        : ledgerPages(read, filter);
  let rows = 0;
  const day = toIso(ctx.clock.now()).slice(0, 10);
  return ok({
    filename: `affluence-${kind}-${day}.${format}`,
    contentType: contentTypes[format],
    chunks: formatted(pages, format, rowSchemas[kind], (count) => {
      rows += count;
    }),
    rows: () => rows,
  });
}
