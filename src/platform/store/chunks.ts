/** Multi-row statements stay under both engines' bound-parameter limits by going in chunks. */
import { limits } from '../core/limits.js';

/** Rows of `columns` parameters each that fit one statement. */
export function rowsPerStatement(columns: number): number {
  return Math.max(1, Math.floor(limits.sqlParametersMax / columns));
}

export function chunks<T>(rows: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let first = 0; first < rows.length; first += size) result.push(rows.slice(first, first + size));
  return result;
}
