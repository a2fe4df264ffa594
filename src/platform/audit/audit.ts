/**
 * The audit log: the contingency switches (who flipped what, when and why, also told on every open
 * incident's timeline) and every other admin action (`admin-actions.ts`).
 */

import { type AppContext, pageOf, toIso } from '../context.js';
import type { Page } from '../http/schemas.js';
import type { Repos } from '../store/store.js';
import type { AuditEntry } from './contract.js';

/** The API key acting, by id and by the name people gave it. */
export interface Actor {
  readonly keyId: string;
  readonly name: string;
}

/** Names the key of an authenticated request: the audit log and timelines say who, not which hash. */
export async function actorOf(ctx: AppContext, apiKeyId: string): Promise<Actor> {
  const key = await ctx.store.read.keys.get(apiKeyId);
  if (key === undefined) throw new Error(`an authenticated API key ${apiKeyId} is missing from the store`);
  return { keyId: key.id, name: key.name };
}

export interface SwitchRecord {
  readonly at: number;
  readonly actor: Actor;
  /** What was done (`switches.read_only`, `waiting_room.change`, …) and to what. */
  readonly action: string;
  readonly target: string;
  readonly reason: string;
  /** What was set, as asked. */
  readonly details: Record<string, unknown>;
  /** The line written on the timeline of every incident still open. */
  readonly timelineText: string;
}

/** Writes the audit row and the open incidents' `switch` entries, in the caller's transaction. */
export async function recordSwitch(tx: Repos, record: SwitchRecord): Promise<void> {
  await tx.audit.append({
    at: record.at,
    actor_key_id: record.actor.keyId,
    actor_name: record.actor.name,
    action: record.action,
    target: record.target,
    reason: record.reason,
    details: JSON.stringify(record.details),
  });
  await tx.incidents.addEntryToActive({
    at: record.at,
    kind: 'switch',
    text: record.timelineText,
    by: record.actor.name,
  });
}

export async function listAuditLog(
  ctx: AppContext,
  query: { limit: number; cursor?: number },
): Promise<Page<AuditEntry>> {
  const found = await ctx.store.read.audit.list(query.cursor, query.limit + 1);
  const { rows, next_cursor } = pageOf(found, query.limit, (row) => String(row.id));
  return {
    data: rows.map((row) => ({
      id: row.id,
      at: toIso(row.at),
      actor_key_id: row.actor_key_id,
      actor_name: row.actor_name,
      action: row.action,
      target: row.target,
      reason: row.reason,
      details: JSON.parse(row.details) as Record<string, unknown>,
    })),
    next_cursor,
  };
}
