/** What every use case is given: the store, a clock and an id source. Wired by the CLI, never global. */
import { encodeTime, monotonicFactory } from 'ulidx';
import { type Failure, fail, type Result } from './core/errors.js';
import type { Repos, Store } from './store/store.js';

export interface Clock {
  /** UTC epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

// The caller and its visibility rule live in the pure kernel, so cores decide with them too.
export { type Caller, canSee } from './core/caller.js';

export interface AppContext {
  readonly store: Store;
  readonly clock: Clock;
  /** A new id with a type prefix, sortable by creation time. */
  newId(prefix: string): string;
}

export function createContext(store: Store, clock: Clock = systemClock): AppContext {
  const ulid = monotonicFactory();
  return { store, clock, newId: (prefix) => `${prefix}_${ulid(clock.now())}` };
}

/**
 * An id above every id of this prefix minted at or before `epochMs` (ids sort by the instant they
 * were minted): a bound that lets a query on an index of ids read only the older ones.
 */
export function idBoundAfter(prefix: string, epochMs: number): string {
  return `${prefix}_${encodeTime(epochMs + 1, 10)}`;
}

class RollbackForFailure extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}

/** Runs a use case in one transaction: committed when it succeeds, rolled back whole when it fails. */
export async function inTransaction<T>(
  ctx: AppContext,
  work: (tx: Repos) => Promise<Result<T>>,
): Promise<Result<T>> {
  try {
    return await ctx.store.transaction(async (tx) => {
      const result = await work(tx);
      if (!result.ok) throw new RollbackForFailure(result);
      return result;
    });
  } catch (error) {
    if (error instanceof RollbackForFailure) return error.failure;
    throw error;
  }
}

/**
 * One page of a list read with one row more than asked: that extra row, never shown, says whether
 * another page follows, so `next_cursor` is null exactly on the last page.
 */
export function pageOf<Row>(
  rows: readonly Row[],
  limit: number,
  cursorOf: (row: Row) => string,
): { rows: Row[]; next_cursor: string | null } {
  const shown = rows.slice(0, limit);
  return { rows: shown, next_cursor: rows.length > limit ? cursorOf(shown[shown.length - 1]!) : null };
}

export function toIso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

export function notFound(what: string, id: string): Failure {
  return fail('not_found', `No ${what} ${id}.`, { [what]: id });
}
