/**
 * Tells a failure of the store itself (away, or out of disk) from any other error, whichever engine
 * raised it: each adapter knows its own codes, and their codes never overlap.
 */
import type { StoreFailure } from './engine.js';
import { postgresEngine } from './postgres.js';
import { sqliteEngine } from './sqlite.js';

const engines = [postgresEngine, sqliteEngine];

export function storeFailureOf(error: unknown): StoreFailure | undefined {
  if (engines.some((engine) => engine.isStorageFull(error))) return 'full';
  if (engines.some((engine) => engine.isUnavailable(error))) return 'unavailable';
  return undefined;
}
