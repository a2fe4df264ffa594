/** Delivery rules: event patterns, the backoff's growth, cap and jitter, and secrets. */
import { describe, expect, it } from 'vitest';
import { appendAttempt, retryDelayMs, secretProblem, takesEvent } from './delivery.js';

describe('webhook delivery rules', () => {
  const policy = { attemptsMax: 10, backoffMs: 1_000, backoffMaxMs: 60_000 };

  it('doubles the wait after each failure, within half and all of its step', () => {
    const low = [1, 2, 3, 4].map((failed) => retryDelayMs(failed, policy, () => 0));
    const high = [1, 2, 3, 4].map((failed) => retryDelayMs(failed, policy, () => 1));
    expect(low).toEqual([500, 1_000, 2_000, 4_000]);
    expect(high).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it('never waits past its cap, however many failures', () => {
    expect(retryDelayMs(40, policy, () => 1)).toBe(60_000);
    expect(retryDelayMs(40, policy, () => 0)).toBe(30_000);
  });

  it('takes events by exact type, by family and all', () => {
    expect(takesEvent(['order.placed'], 'order.placed')).toBe(true);
    expect(takesEvent(['order.placed'], 'order.cancelled')).toBe(false);
    expect(takesEvent(['order.*'], 'order.cancelled')).toBe(true);
    expect(takesEvent(['order.*'], 'orders_export.done')).toBe(false);
    expect(takesEvent(['stock.*', 'order.*'], 'payment.captured')).toBe(false);
    expect(takesEvent(['*'], 'payment.captured')).toBe(true);
  });

  it('accepts a Standard Webhooks secret and says what is wrong with others', () => {
    expect(secretProblem(`whsec_${Buffer.alloc(32, 7).toString('base64')}`)).toBeUndefined();
    expect(secretProblem(Buffer.alloc(32).toString('base64'))).toMatch(/whsec_/);
    expect(secretProblem('whsec_not base64!')).toMatch(/base64/);
    expect(secretProblem(`whsec_${Buffer.alloc(8).toString('base64')}`)).toMatch(/24 to 64 bytes, not 8/);
  });

  it('keeps the latest attempts only', () => {
    const log = [1, 2, 3].map((at) => ({ at, status: 500, error: 'answered 500', duration_ms: 3 }));
    const next = appendAttempt(log, { at: 4, status: 200, error: null, duration_ms: 2 }, 3);
    expect(next.map((attempt) => attempt.at)).toEqual([2, 3, 4]);
  });
});
