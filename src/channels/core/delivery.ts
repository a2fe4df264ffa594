/**
 * The rules of webhook delivery, pure: which events an endpoint takes, how long to wait before the
 * next attempt, and what a secret looks like.
 */

/** How an endpoint's deliveries are retried. */
export interface RetryPolicy {
  /** Attempts before a delivery goes to the dead-letter list. */
  readonly attemptsMax: number;
  /** The wait after the first failure; it doubles after each further one, up to `backoffMaxMs`. */
  readonly backoffMs: number;
  readonly backoffMaxMs: number;
}

/**
 * The wait before attempt `failed + 1`, after `failed` failures: exponential, capped, with "equal
 * jitter" — half the step fixed, half random — so that endpoints failing together (a receiver down
 * for everyone) do not all come back at the same instant, and no wait falls to nothing.
 */
export function retryDelayMs(failed: number, policy: RetryPolicy, random: () => number): number {
  const step = Math.min(policy.backoffMaxMs, policy.backoffMs * 2 ** Math.max(0, failed - 1));
  return Math.round(step / 2 + (random() * step) / 2);
}

/** An event type (`order.placed`) or a pattern: `order.*` takes every type under `order.`, `*` every type. */
const eventTypePattern = /^(\*|[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*(\.\*)?)$/;

export function isEventTypePattern(text: string): boolean {
  return eventTypePattern.test(text);
}

/** Whether an endpoint subscribed to `patterns` takes an event of `type`. */
export function takesEvent(patterns: readonly string[], type: string): boolean {
  return patterns.some(
    (pattern) =>
      pattern === '*' ||
      pattern === type ||
      (pattern.endsWith('.*') && type.startsWith(pattern.slice(0, -1))),
  );
}

/** Standard Webhooks' secrets: `whsec_` then base64 of 24 to 64 random bytes. */
export const secretPrefix = 'whsec_';
const secretBody = /^[A-Za-z0-9+/]+={0,2}$/;

/** Why `secret` cannot sign, or undefined when it can. */
export function secretProblem(secret: string): string | undefined {
  if (!secret.startsWith(secretPrefix)) return `must start with ${secretPrefix}`;
  const body = secret.slice(secretPrefix.length);
  if (!secretBody.test(body) || body.length % 4 !== 0) return `must be ${secretPrefix} followed by base64`;
  const bytes = (body.length / 4) * 3 - (body.endsWith('==') ? 2 : body.endsWith('=') ? 1 : 0);
  if (bytes < 24 || bytes > 64) return `must hold 24 to 64 bytes, not ${bytes}`;
  return undefined;
}

/** One try at sending a delivery, as the endpoint's log keeps it. */
export interface AttemptRecord {
  readonly at: number;
  /** The HTTP status answered; null when none came (refused, timed out). */
  readonly status: number | null;
  readonly error: string | null;
  readonly duration_ms: number;
}

/** The log keeps the latest attempts only: a dead endpoint's tries are many and alike. */
export function appendAttempt(
  log: readonly AttemptRecord[],
  attempt: AttemptRecord,
  kept: number,
): AttemptRecord[] {
  return [...log, attempt].slice(-kept);
}
