/** The writer's block of order numbers: taken from the counter only when short, never twice. */
import { describe, expect, it } from 'vitest';
import type { AppContext } from '../platform/context.js';
import { OrderNumberBlocks } from './order-numbers.js';

/** A context whose store is only a counter, advanced in its own transaction as the store would. */
function counterContext() {
  const counter = { value: 41, transactions: 0 };
  const ctx = {
    store: {
      transaction: async <T>(work: (tx: unknown) => Promise<T>) => {
        counter.transactions++;
        return work({
          events: {
            advanceCounter: async (_name: string, count: number) => {
              counter.value += count;
              return counter.value;
            },
          },
        });
      },
    },
  } as unknown as AppContext;
  return { ctx, counter };
}

describe('the order numbers of a writer', () => {
  it('takes a block from the counter when short, then hands it out in order without touching the counter', async () => {
    const { ctx, counter } = counterContext();
    const numbers = new OrderNumberBlocks(10);
    expect(numbers.take(1)).toBeUndefined();
    await numbers.reserve(ctx, 3);
    expect(counter).toEqual({ value: 51, transactions: 1 });
    expect(numbers.take(3)).toBe(42);
    await numbers.reserve(ctx, 4);
    expect(numbers.take(4)).toBe(45);
    expect(counter.transactions).toBe(1);
    // Three left (49 to 51): a batch of five takes a new block, and the three are skipped.
    await numbers.reserve(ctx, 5);
    expect(numbers.take(5)).toBe(52);
    expect(counter).toEqual({ value: 61, transactions: 2 });
  });

  it('takes a block as large as a batch that needs more than a block', async () => {
    const { ctx, counter } = counterContext();
    const numbers = new OrderNumberBlocks(10);
    await numbers.reserve(ctx, 25);
    expect(numbers.take(25)).toBe(42);
    expect(numbers.take(1)).toBeUndefined();
    expect(counter.value).toBe(66);
  });
});
