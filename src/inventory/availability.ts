/**
 * Available to promise, read exactly and cheaply under load. Requests that arrive in the same turn
 * of the event loop share one read per channel: the read starts after every one of them arrived, so
 * each answer still reflects every reservation committed before its request (read-your-writes),
 * while a thousand concurrent storefront calls cost one query instead of a thousand. A channel
 * whose availability is frozen is shown at most what it was shown when frozen.
 */

import { frozenAvailable } from '../ops/core/switches.js';
import type { AppContext } from '../platform/context.js';
import { fail, ok, type Result } from '../platform/core/errors.js';
import { limits } from '../platform/core/limits.js';
import { shopDate } from '../platform/shop-date.js';
import type { Availability } from './contract.js';
import {
  type BackorderTerms,
  backorderAllowance,
  byExpectedDate,
  type IncomingLine,
} from './core/backorders.js';
import { availableFromFree } from './core/stock-book.js';
import { termsOf } from './incoming/incoming-repo.js';

export type AvailabilityAnswer = Result<Omit<Availability, 'channel'>[]>;

/**
 * What a channel may sell of each SKU beyond its stock, and what is on its way to it: from the terms
 * of the SKUs on every channel (units waiting anywhere wait ahead) and the open purchase orders to
 * the channel's locations.
 */
function beyondStock(
  channel: string,
  terms: readonly BackorderTerms[],
  incoming: readonly IncomingLine[],
  today: string,
): Map<string, Pick<Availability, 'backorder' | 'incoming'>> {
  const result = new Map<string, Pick<Availability, 'backorder' | 'incoming'>>();
  const skus = new Set([...terms.map((row) => row.sku), ...incoming.map((line) => line.sku)]);
  for (const sku of skus) {
    const arriving = byExpectedDate(incoming.filter((line) => line.sku === sku));
    const own = terms.find((row) => row.sku === sku && row.channelCode === channel);
    const waiting = terms.filter((row) => row.sku === sku).reduce((total, row) => total + row.waiting, 0);
    const allowance = backorderAllowance(own, waiting, arriving, today);
    const byDate = new Map<string, number>();
    for (const line of arriving)
      byDate.set(line.expectedOn, (byDate.get(line.expectedOn) ?? 0) + line.remaining);
    result.set(sku, {
      backorder:
        own === undefined
          ? null
          : {
              mode: own.mode,
              available: allowance.units,
              promised_on: allowance.units > 0 ? allowance.promisedOn(1) : null,
            },
      incoming: [...byDate].map(([expected_on, quantity]) => ({ expected_on, quantity })),
    });
  }
  return result;
}

interface Waiter {
  readonly skus: readonly string[];
  resolve(answer: AvailabilityAnswer): void;
  reject(error: unknown): void;
}

/**
 * A channel's availability freeze: a contingency switch of the operations room, given to the reader
 * by the composition root so that inventory depends on no part above it.
 */
export interface AvailabilityFreezes {
  /** From the process's cached switches: only a channel that may be frozen costs a read of the store. */
  mayBeFrozen(channel: string): Promise<boolean>;
  /** The channel's snapshot of these SKUs if the store says it is frozen now; undefined if it is not. */
  snapshotOf(channel: string, chunks: readonly string[][]): Promise<Map<string, number> | undefined>;
}

/** No channel is ever frozen: for a reader outside a server, as the demo's and the tests' are. */
export const noFreezes: AvailabilityFreezes = {
  mayBeFrozen: async () => false,
  snapshotOf: async () => undefined,
};

export class AvailabilityReader {
  private pending = new Map<string, Waiter[]>();
  private scheduled = false;
  private reads = 0;
  private requests = 0;

  constructor(
    private readonly ctx: AppContext,
    private readonly freezes: AvailabilityFreezes = noFreezes,
  ) {}

  read(channel: string, skus: readonly string[]): Promise<AvailabilityAnswer> {
    return new Promise((resolve, reject) => {
      const waiters = this.pending.get(channel) ?? [];
      waiters.push({ skus, resolve, reject });
      this.pending.set(channel, waiters);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Requests answered, and the reads that answered them: their ratio is the coalescing won. */
  stats(): { requests: number; reads: number } {
    return { requests: this.requests, reads: this.reads };
  }

  private flush(): void {
    const pending = this.pending;
    this.pending = new Map();
    this.scheduled = false;
    for (const [channel, waiters] of pending) {
      this.answer(channel, waiters).catch((error: unknown) => {
        for (const waiter of waiters) waiter.reject(error);
      });
    }
  }

  private async answer(channel: string, waiters: readonly Waiter[]): Promise<void> {
    const read = this.ctx.store.read;
    const skus = [...new Set(waiters.flatMap((waiter) => waiter.skus))];
    const chunks: string[][] = [];
    for (let first = 0; first < skus.length; first += limits.availabilitySkusPerReadMax) {
      chunks.push(skus.slice(first, first + limits.availabilitySkusPerReadMax));
    }
    const mayBeFrozen = await this.freezes.mayBeFrozen(channel);
    const [frozen, channelRow, found] = await Promise.all([
      mayBeFrozen ? this.freezes.snapshotOf(channel, chunks) : undefined,
      read.catalog.getChannel(channel),
      Promise.all(
        chunks.map(async (chunk) => {
          const [existing, free, terms, incoming] = await Promise.all([
            read.catalog.existingSkus(chunk),
            read.stock.freeStockForChannel(channel, chunk),
            read.incoming.termsOf(chunk, false),
            read.incoming.incomingForChannel(channel, chunk),
          ]);
          return { existing, free, terms, incoming };
        }),
      ),
    ]);
    this.reads++;
    this.requests += waiters.length;
    if (channelRow === undefined) {
      for (const waiter of waiters)
        waiter.resolve(fail('unknown_channel', `No channel ${channel}.`, { channels: [channel] }));
      return;
    }
    const existing = new Set<string>();
    const free = new Map<string, { free: number; buffer: number }>();
    const terms: BackorderTerms[] = [];
    const incoming: IncomingLine[] = [];
    for (const read of found) {
      for (const sku of read.existing) existing.add(sku);
      for (const [sku, stock] of read.free) free.set(sku, stock);
      terms.push(...read.terms.map(termsOf));
      incoming.push(...read.incoming);
    }
    const beyond = beyondStock(channel, terms, incoming, shopDate(this.ctx.clock.now()));
    for (const waiter of waiters) {
      const unknown = waiter.skus.filter((sku) => !existing.has(sku));
      waiter.resolve(
        unknown.length > 0
          ? fail('unknown_sku', 'Some SKUs do not exist.', { skus: unknown })
          : ok(
              waiter.skus.map((sku) => {
                const stock = free.get(sku)!;
                const available = availableFromFree(stock.free, stock.buffer);
                // A frozen channel is shown no more than when it froze: nothing beyond stock either.
                return frozen === undefined
                  ? { sku, available, ...(beyond.get(sku) ?? { backorder: null, incoming: [] }) }
                  : {
                      sku,
                      available: frozenAvailable(available, frozen.get(sku)),
                      backorder: null,
                      incoming: [],
                    };
              }),
            ),
      );
    }
  }
}
