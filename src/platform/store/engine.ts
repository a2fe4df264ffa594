/** What differs between the two SQL engines, kept in one small record per adapter. */
export interface Engine {
  readonly name: 'sqlite' | 'postgres';
  /** PostgreSQL locks the stock rows a transaction reads (`FOR UPDATE`); SQLite has one writer already. */
  readonly lockRowsForUpdate: boolean;
  isUniqueViolation(error: unknown): boolean;
  /** Deadlocks and serialization failures: the transaction is safe to run again. */
  isRetryable(error: unknown): boolean;
  isCheckViolation(error: unknown): boolean;
  /**
   * The store could not be reached, or dropped the connection (a server restarting, refusing,
   * unreachable): nothing is known to be written, and the same request may be sent again later.
   */
  isUnavailable(error: unknown): boolean;
  /** The disk under the store is full: the write was rolled back, reads still work. */
  isStorageFull(error: unknown): boolean;
}

/** Why a request could not use the store, when it is the store's state and not the request. */
export type StoreFailure = 'unavailable' | 'full';

export function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/**
 * The error and, for an AggregateError, each attempt in it (a host name with several addresses fails
 * with one error per address). Causes are not followed: an error wrapping another is someone's
 * answer about it (a webhook's `fetch failed` over a refused connection is not the store's).
 */
export function errorAttempts(error: unknown): unknown[] {
  return error instanceof AggregateError ? [error, ...error.errors] : [error];
}
