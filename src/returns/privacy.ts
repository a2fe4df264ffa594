/**
 * A customer's returns, for their data rights (src/privacy). What a return holds of its customer is
 * their own words on its lines (`note`); the units, reasons, amounts and dates stay through an
 * erasure, so return rates and refunds add up as before.
 */
import { rewriteEventPayloads } from '../platform/outbox/events.js';
import type { Repos } from '../platform/store/store.js';
import type { Return } from './contract.js';
import { returnView } from './returns.js';

/** The returns of these orders as `GET /v1/returns/{id}` shows them, oldest first. */
export async function returnsOfOrders(tx: Repos, orderIds: readonly string[]): Promise<Return[]> {
  const rows = await tx.returns.returnsOfOrders(orderIds);
  const lines = await tx.returns.linesOf(rows.map((row) => row.id));
  return rows.map((row) => returnView(row, lines.get(row.id) ?? []));
}

/** A return's view, as its events carry it, with the customer's words replaced by `note`. */
function withNotes(payload: unknown, note: string): unknown {
  if (typeof payload !== 'object' || payload === null) return payload;
  const { lines } = payload as { lines?: unknown };
  if (!Array.isArray(lines)) return payload;
  return {
    ...payload,
    lines: lines.map((line: unknown) =>
      typeof line === 'object' && line !== null && typeof (line as { note?: unknown }).note === 'string'
        ? { ...line, note }
        : line,
    ),
  };
}

/**
 * Replaces the customer's words on the returns of these orders, and in the events that copied them,
 * in the caller's transaction. Returns how many returns the orders have, and the events rewritten.
 */
export async function eraseReturnNotes(
  tx: Repos,
  orderIds: readonly string[],
  note: string,
): Promise<{ returns: number; eventIds: number[] }> {
  const ids = (await tx.returns.returnsOfOrders(orderIds)).map((row) => row.id);
  await tx.returns.replaceNotes(ids, note);
  const events = await tx.events.eventsOfEntities('return', ids);
  return {
    returns: ids.length,
    eventIds: await rewriteEventPayloads(tx, events, (payload) => withNotes(payload, note)),
  };
}
