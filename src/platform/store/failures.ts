/**
 * Tells a failure of the store itself (away, or out of disk) from any other error, whichever engine
 * raised it: each adapter knows its own codes, and their codes never overlap. And keeps such
 * failures from flooding the log while they last.
 */
import { limits } from '../core/limits.js';
import type { StoreFailure } from './engine.js';
import { postgresEngine } from './postgres.js';
import { sqliteEngine } from './sqlite.js';

const engines = [postgresEngine, sqliteEngine];

export function storeFailureOf(error: unknown): StoreFailure | undefined {
  if (engines.some((engine) => engine.isStorageFull(error))) return 'full';
  if (engines.some((engine) => engine.isUnavailable(error))) return 'unavailable';
  return undefined;
}

/**
 * Says whether an error is worth a log line. While the store is away or full, every request and
 * every background tick fails the same way: the first such failure is told, then one per
 * `intervalMs` (default `limits.storeFailureLogIntervalMs`), so an outage of minutes reads as a few
 * lines, not thousands. Any other error is always told. `recovered` lets the next failure be told
 * at once, for a loop that knows its last run went through.
 */
export function storeFailureLogGate(
  intervalMs: number = limits.storeFailureLogIntervalMs,
  nowMs: () => number = Date.now,
): { shouldLog(error: unknown): boolean; recovered(): void } {
  let loggedAtMs = Number.NEGATIVE_INFINITY;
  return {
    shouldLog(error) {
      if (storeFailureOf(error) === undefined) return true;
      const now = nowMs();
      if (now - loggedAtMs < intervalMs) return false;
      loggedAtMs = now;
      return true;
    },
    recovered() {
      loggedAtMs = Number.NEGATIVE_INFINITY;
    },
  };
}

/** `report`, told of a store failure at most once per interval (see `storeFailureLogGate`). */
export function quietDuringStoreFailures(report: (error: unknown) => void): (error: unknown) => void {
  const gate = storeFailureLogGate();
  return (error) => {
    if (gate.shouldLog(error)) report(error);
  };
}
