/** The channel lag's matching: each order with the first push of each of its SKUs generated after it. */
import { describe, expect, it } from 'vitest';
import { feedLag } from './feed-lag.js';

describe('the channel lag of a rehearsal', () => {
  const push = (generatedAtMs: number, receivedAtMs: number, skus: string[]) => ({
    generatedAtMs,
    receivedAtMs,
    skus,
  });

  it('counts an order from its placement to the last of its SKUs arriving', () => {
    const measured = feedLag(
      [{ placedAtMs: 1_000, skus: ['A', 'B'] }],
      [push(900, 950, ['A', 'B']), push(1_200, 1_250, ['A']), push(1_400, 1_480, ['B'])],
    );
    // The push generated before the order does not carry it; A came at 1,250 and B at 1,480.
    expect(measured).toMatchObject({ unmatched: 0, lag: { count: 1, max_ms: 480 } });
  });

  it('leaves an order unmatched while a SKU of it has not come since', () => {
    const measured = feedLag(
      [
        { placedAtMs: 1_000, skus: ['A'] },
        { placedAtMs: 2_000, skus: ['A', 'C'] },
      ],
      [push(1_500, 1_600, ['A', 'C']), push(2_100, 2_300, ['A'])],
    );
    expect(measured.unmatched).toBe(1);
    expect(measured.lag).toMatchObject({ count: 1, max_ms: 600 });
  });
});
