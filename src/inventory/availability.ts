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
import { availableFromFree } from './core/stock-book.js';

export type AvailabilityAnswer = Result<{ sku: string; available: number }[]>;

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
    const [frozen, [channelRow, ...found]] = await Promise.all([
      mayBeFrozen ? this.freezes.snapshotOf(channel, chunks) : undefined,
      Promise.all([
        read.catalog.getChannel(channel),
        ...chunks.flatMap((chunk) => [
          read.catalog.existingSkus(chunk),
          read.stock.freeStockForChannel(channel, chunk),
        ]),
      ]),
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
    for (let index = 0; index < found.length; index += 2) {
      for (const sku of found[index] as Set<string>) existing.add(sku);
      for (const [sku, stock] of found[index + 1] as Map<string, { free: number; buffer: number }>)
        free.set(sku, stock);
    }
    for (const waiter of waiters) {
      const unknown = waiter.skus.filter((sku) => !existing.has(sku));
      waiter.resolve(
        unknown.length > 0
          ? fail('unknown_sku', 'Some SKUs do not exist.', { skus: unknown })
          : ok(
              waiter.skus.map((sku) => {
                const stock = free.get(sku)!;
                const available = availableFromFree(stock.free, stock.buffer);
                return {
                  sku,
                  available: frozen === undefined ? available : frozenAvailable(available, frozen.get(sku)),
                };
              }),
            ),
      );
    }
  }
}
