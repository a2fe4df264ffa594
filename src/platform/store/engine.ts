/** What differs between the two SQL engines, kept in one small record per adapter. */
export interface Engine {
  readonly name: 'sqlite' | 'postgres';
  /** PostgreSQL locks the stock rows a transaction reads (`FOR UPDATE`); SQLite has one writer already. */
  readonly lockRowsForUpdate: boolean;
  isUniqueViolation(error: unknown): boolean;
  /** Deadlocks and serialization failures: the transaction is safe to run again. */
  isRetryable(error: unknown): boolean;
  isCheckViolation(error: unknown): boolean;
}

export function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}
