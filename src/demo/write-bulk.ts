/**
 * Writes the demo plan through the repos, a few hundred rows per transaction.
 *
 * Why not the use cases: one use case is one transaction with its own reads (~1.8 ms a SKU, ~4 ms an
 * order walked to delivery on SQLite here), so 13,000 SKUs and 18,000 orders would take ~2 minutes.
 * Here a transaction carries a slice of the history in time order and writes exactly the rows the
 * use cases would have written, in the same order: the same order numbers and event ids, the same
 * ledger movements, events stamped with the instant each step happened, and the order rows moved
 * one transition at a time by the conditional `moveOrder`. The plan was simulated with the
 * inventory core's `StockBook`, so the stock changes are the ones the use cases would have made;
 * they are summed per stock row and applied once per transaction through `applyDeltas`, whose
 * conditional updates and the CHECK constraints still refuse any oversell. The plan holds at every
 * instant, so it holds at each commit. `test/demo.test.ts` checks this writer against the
 * use-case writer on the same plan.
 */

import { searchTerms } from '../catalog/index.js';
import { requestHash } from '../intake/index.js';
import { type Allocation, stockKey } from '../inventory/core/stock-book.js';
import type { MovementInput } from '../inventory/index.js';
import { priceLines } from '../orders/core/order-process.js';
import {
  formatOrderNumber,
  type OrderLineRow,
  type PlacedOrderRows,
  placedOrderRows,
} from '../orders/index.js';
import type { AppContext } from '../platform/context.js';
import { limits } from '../platform/core/limits.js';
import type { NewEvent } from '../platform/outbox/event-repo.js';
import type { IdempotencyKeyTable } from '../platform/store/schema.js';
import type { Repos } from '../platform/store/store.js';
import type { LinePrice } from '../pricing/core/in-force.js';
import { taxRateBp } from '../pricing/core/vat.js';
import {
  type DemoAction,
  type DemoCatalog,
  type DemoHistory,
  type DemoSku,
  demoCaller,
  type ManualClock,
} from './plan.js';

/** What the writers share across phases: the id the store gave each planned order, and its number. */
export interface WrittenOrders {
  readonly ids: string[];
  readonly numbers: string[];
}

export function skuInput(sku: DemoSku) {
  return {
    name: sku.name,
    weight_g: sku.weight_g,
    length_mm: sku.length_mm,
    width_mm: sku.width_mm,
    height_mm: sku.height_mm,
    gtin: sku.gtin,
    prices: { ...sku.prices },
  };
}

export async function writeSkusInBulk(
  ctx: AppContext,
  skus: readonly DemoSku[],
  atMs: number,
  onProgress: (done: number) => void,
): Promise<void> {
  for (let first = 0; first < skus.length; first += limits.demoSkusPerTransactionMax) {
    const batch = skus.slice(first, first + limits.demoSkusPerTransactionMax);
    await ctx.store.transaction(async (tx) => {
      const events: NewEvent[] = [];
      for (const sku of batch) {
        const input = skuInput(sku);
        await tx.catalog.upsertSku(
          {
            sku: sku.sku,
            name: input.name,
            weight_g: input.weight_g,
            length_mm: input.length_mm,
            width_mm: input.width_mm,
            height_mm: input.height_mm,
            gtin: input.gtin,
            tax_class: 'standard',
            perishable: 0,
          },
          searchTerms(sku.sku, input.name),
          atMs,
        );
        for (const [channel, amountMinor] of Object.entries(input.prices)) {
          await tx.pricing.setBasePrice(sku.sku, channel, amountMinor, atMs);
        }
        events.push({
          type: 'sku.created',
          entityType: 'sku',
          entityId: sku.sku,
          payload: { sku: sku.sku, ...input },
        });
      }
      await tx.events.append(events, atMs);
    });
    onProgress(first + batch.length);
  }
}

type IdempotencyKeyRow = IdempotencyKeyTable;

interface MutableDelta {
  sku: string;
  locationCode: string;
  onHandDelta: number;
  reservedDelta: number;
}

/**
 * One transaction's writes, gathered: events and movements per instant (one insert each), new
 * orders until one of them moves (their rows must exist for `moveOrder`), stock deltas to the end.
 */
class SliceWriter {
  private readonly deltas = new Map<string, MutableDelta>();
  private events: NewEvent[] = [];
  private movements: MovementInput[] = [];
  private atMs: number | undefined;
  private orders: PlacedOrderRows['order'][] = [];
  private lines: OrderLineRow[] = [];
  private keys: IdempotencyKeyRow[] = [];
  private allocations: { ownerId: string; allocations: readonly Allocation[] }[] = [];
  private readonly pendingOrderIds = new Set<string>();

  constructor(private readonly tx: Repos) {}

  async at(atMs: number): Promise<void> {
    if (this.atMs !== atMs) await this.flushInstant();
    this.atMs = atMs;
  }

  event(event: NewEvent): void {
    this.events.push(event);
  }

  movement(movement: MovementInput): void {
    this.movements.push(movement);
  }

  delta(sku: string, locationCode: string, onHandDelta: number, reservedDelta: number): void {
    const key = stockKey(sku, locationCode);
    const delta = this.deltas.get(key) ?? { sku, locationCode, onHandDelta: 0, reservedDelta: 0 };
    delta.onHandDelta += onHandDelta;
    delta.reservedDelta += reservedDelta;
    this.deltas.set(key, delta);
  }

  order(rows: PlacedOrderRows): void {
    this.orders.push(rows.order);
    this.lines.push(...rows.lines);
    this.keys.push(rows.idempotencyKey);
    this.allocations.push(rows.allocations);
    this.pendingOrderIds.add(rows.order.id);
  }

  /** Makes sure the order's row is written, before it is moved. */
  async written(orderId: string): Promise<void> {
    if (this.pendingOrderIds.has(orderId)) await this.flushOrders();
  }

  async finish(): Promise<void> {
    await this.flushInstant();
    await this.flushOrders();
    await this.tx.stock.applyDeltas([...this.deltas.values()]);
  }

  private async flushOrders(): Promise<void> {
    await this.tx.orders.insertOrders(this.orders, this.lines);
    await this.tx.stock.insertAllocations('order_allocations', this.allocations);
    await this.tx.orders.insertIdempotencyKeys(this.keys);
    this.orders = [];
    this.lines = [];
    this.keys = [];
    this.allocations = [];
    this.pendingOrderIds.clear();
  }

  private async flushInstant(): Promise<void> {
    if (this.atMs === undefined) return;
    await this.tx.stock.addMovements(this.movements, this.atMs);
    await this.tx.events.append(this.events, this.atMs);
    this.movements = [];
    this.events = [];
  }
}

async function writeAction(
  tx: Repos,
  slice: SliceWriter,
  action: DemoAction,
  context: {
    history: DemoHistory;
    written: WrittenOrders;
    prices: ReadonlyMap<string, ReadonlyMap<string, LinePrice>>;
    currencies: ReadonlyMap<string, string>;
    takeNumber: () => string;
  },
): Promise<void> {
  const at = action.atMs;
  await slice.at(at);
  switch (action.kind) {
    case 'receive': {
      const { sku, location, quantity, reference } = action.input;
      slice.delta(sku, location, quantity, 0);
      slice.movement({ sku, locationCode: location, kind: 'receipt', quantity, reference, reason: null });
      slice.event({ type: 'stock.received', entityType: 'sku', entityId: sku, payload: action.input });
      return;
    }
    case 'adjust': {
      const { sku, location, delta, reason } = action.input;
      slice.delta(sku, location, delta, 0);
      slice.movement({
        sku,
        locationCode: location,
        kind: 'adjustment',
        quantity: delta,
        reference: null,
        reason,
      });
      slice.event({ type: 'stock.adjusted', entityType: 'sku', entityId: sku, payload: action.input });
      return;
    }
    case 'place': {
      const plan = context.history.orders[action.order]!;
      const input = plan.input;
      const id = context.written.ids[action.order]!;
      // The demo's channels take the defaults: French VAT, prices including it.
      const priced = priceLines(input.lines, context.prices.get(input.channel) ?? new Map(), true);
      if (!priced.ok) throw new Error(`demo plan broken: ${priced.message}`);
      const rows = placedOrderRows({
        id,
        number: context.takeNumber(),
        input,
        currency: context.currencies.get(input.channel)!,
        priced: priced.value,
        allocations: plan.allocations,
        waiting: [],
        apiKeyId: demoCaller.apiKeyId,
        idempotencyKey: plan.idempotencyKey,
        requestHash: requestHash(input),
        atMs: at,
      });
      slice.order(rows);
      for (const allocation of plan.allocations)
        slice.delta(allocation.sku, allocation.locationCode, 0, allocation.quantity);
      context.written.numbers[action.order] = rows.order.number;
      slice.event(rows.event);
      return;
    }
    case 'move': {
      const id = context.written.ids[action.order]!;
      await slice.written(id);
      if (!(await tx.orders.moveOrder(id, action.from, action.to, at))) {
        throw new Error(`demo plan broken: order ${id} is not ${action.from}`);
      }
      const allocations = context.history.orders[action.order]!.allocations;
      if (action.to === 'cancelled') {
        for (const allocation of allocations)
          slice.delta(allocation.sku, allocation.locationCode, 0, -allocation.quantity);
      }
      if (action.to === 'shipped') {
        for (const allocation of allocations) {
          slice.delta(allocation.sku, allocation.locationCode, -allocation.quantity, -allocation.quantity);
          slice.movement({
            sku: allocation.sku,
            locationCode: allocation.locationCode,
            kind: 'shipment',
            quantity: -allocation.quantity,
            reference: context.written.numbers[action.order]!,
            reason: null,
          });
        }
      }
      slice.event({
        type: `order.${action.to}`,
        entityType: 'order',
        entityId: id,
        payload: { from: action.from, to: action.to },
      });
      return;
    }
  }
}

/**
 * Writes `actions` (in time order) in transactions of a slice each. Order ids are taken before a
 * slice's transaction, so a transaction the store runs again writes the same rows.
 */
export async function writeActionsInBulk(
  ctx: AppContext,
  clock: ManualClock,
  catalog: DemoCatalog,
  history: DemoHistory,
  actions: readonly DemoAction[],
  written: WrittenOrders,
  onProgress: (done: number) => void,
): Promise<void> {
  const prices = new Map<string, Map<string, LinePrice>>(
    catalog.channels.map((channel) => [channel.code, new Map()]),
  );
  // Every demo SKU is of the standard VAT class, on channels in France.
  const taxRate = taxRateBp('FR', 'standard');
  for (const sku of catalog.skus) {
    for (const [channel, unitPriceMinor] of Object.entries(sku.prices))
      prices.get(channel)?.set(sku.sku, { unitPriceMinor, taxRateBp: taxRate, saleId: null });
  }
  const currencies = new Map(catalog.channels.map((channel) => [channel.code, channel.currency]));
  for (let first = 0; first < actions.length; first += limits.demoActionsPerTransactionMax) {
    const batch = actions.slice(first, first + limits.demoActionsPerTransactionMax);
    let placements = 0;
    for (const action of batch) {
      if (action.kind !== 'place') continue;
      placements += 1;
      clock.set(action.atMs);
      written.ids[action.order] = ctx.newId('ord');
    }
    await ctx.store.transaction(async (tx) => {
      // Numbers are taken from the store's counter in one step, then handed out in placing order.
      let next =
        placements === 0 ? 0 : (await tx.events.advanceCounter('order_number', placements)) - placements + 1;
      const takeNumber = () => formatOrderNumber(next++);
      const slice = new SliceWriter(tx);
      for (const action of batch) {
        await writeAction(tx, slice, action, { history, written, prices, currencies, takeNumber });
      }
      await slice.finish();
    });
    onProgress(first + batch.length);
  }
}
