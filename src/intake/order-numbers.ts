/**
 * Order numbers, handed to the intake's writer of each process in blocks. Taken one batch at a time
 * from the store's counter, a number locked the counter's row until the batch committed: with two
 * processes on PostgreSQL every batch waited for the other's (15 ms a batch in the bench), so the
 * processes took orders one after the other. A block is taken in a short transaction of its own,
 * before a batch opens; the batch takes its numbers from it without touching the counter.
 *
 * Numbers stay unique (the counter hands each block once; `orders.number` is unique) and grow in
 * the order each process takes its orders; they are no longer in commit order across processes,
 * and the rest of a block is skipped when its process stops.
 */
import type { AppContext } from '../platform/context.js';
import { limits } from '../platform/core/limits.js';

export class OrderNumberBlocks {
  /** The next number of the block, and its last: none left while `next > last`. */
  private next = 1;
  private last = 0;

  constructor(private readonly blockSize: number = limits.orderNumberBlockSize) {}

  /** Outside any transaction: makes sure `count` numbers can be taken, taking a new block if needed. */
  async reserve(ctx: AppContext, count: number): Promise<void> {
    if (this.last - this.next + 1 >= count) return;
    const size = Math.max(this.blockSize, count);
    const last = await ctx.store.transaction((tx) => tx.events.advanceCounter('order_number', size));
    this.next = last - size + 1;
    this.last = last;
  }

  /** The first of `count` consecutive numbers, now taken; undefined when fewer are left. */
  take(count: number): number | undefined {
    if (this.last - this.next + 1 < count) return undefined;
    const first = this.next;
    this.next += count;
    return first;
  }
}
