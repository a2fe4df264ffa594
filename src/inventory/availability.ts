/**
 * Available to promise, read exactly and cheaply under load. Requests that arrive in the same turn
 * of the event loop share one read per channel: the read starts after every one of them arrived, so
 * each answer still reflects every reservation committed before its request (read-your-writes),
 * while a thousand concurrent storefront calls cost one query instead of a thousand. A channel
 * whose availability is frozen is shown at most what it was shown when frozen.
 */

import { channelSwitch, frozenAvailable } from '../ops/core/switches.js';
import { readSwitches, SwitchReader } from '../ops/switches/switches.js';
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

export class AvailabilityReader {
  private pending = new Map<string, Waiter[]>();
  private scheduled = false;
  private reads = 0;
  private requests = 0;

  /** `switches` is the process's reader, so that a freeze made through this process applies here at once. */
  constructor(
    private readonly ctx: AppContext,
    private readonly switches: SwitchReader = new SwitchReader(ctx),
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
    const mayBeFrozen = channelSwitch(await this.switches.current(), channel).availabilityFrozen;
    const [frozen, [channelRow, ...found]] = await Promise.all([
      mayBeFrozen ? this.frozenSnapshot(channel, chunks) : undefined,
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

  /**
   * The channel's snapshot, when the store says it is frozen. The switches are read afresh here:
   * a channel thawed elsewhere has no snapshot left, and must not read 0 until this process's
   * cache expires. Only what the channel is shown is capped: orders are taken on the true stock.
   */
  private async frozenSnapshot(
    channel: string,
    chunks: readonly string[][],
  ): Promise<Map<string, number> | undefined> {
    const read = this.ctx.store.read;
    const [state, ...snapshots] = await Promise.all([
      readSwitches(read),
      ...chunks.map((chunk) => read.switches.snapshotOf(channel, chunk)),
    ]);
    if (!channelSwitch(state, channel).availabilityFrozen) return undefined;
    return new Map(snapshots.flatMap((snapshot) => [...snapshot]));
  }
}
