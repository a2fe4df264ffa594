/**
 * Webhook endpoints, their positions in the outbox, and their deliveries: enqueued from the outbox,
 * claimed by one process at a time, each entity's in the order of its events.
 */
import { type Insertable, type Kysely, type Selectable, sql, type Updateable } from 'kysely';
import type { Engine } from '../../platform/store/engine.js';
import type { Database, WebhookDeliveryTable, WebhookTable } from '../../platform/store/schema.js';

type Db = Kysely<Database>;

export type WebhookRow = Selectable<WebhookTable>;
export type DeliveryRow = Selectable<WebhookDeliveryTable>;

/** How one attempt ended, as the process that made it writes it back. */
export interface DeliveryOutcome {
  readonly webhookId: string;
  readonly eventId: number;
  readonly claimedBy: string;
  readonly status: 'pending' | 'delivered' | 'dead';
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly at: number;
  readonly attemptLog: string;
  readonly httpStatus: number | null;
  readonly error: string | null;
}

declare module '../../platform/store/store.js' {
  interface Repos {
    readonly webhooks: WebhookRepo;
  }
}

export class WebhookRepo {
  constructor(
    private readonly db: Db,
    private readonly engine: Engine,
  ) {}

  async insert(row: Insertable<WebhookTable>): Promise<void> {
    await this.db.insertInto('webhooks').values(row).execute();
  }

  get(id: string, kind: string): Promise<WebhookRow | undefined> {
    return this.db
      .selectFrom('webhooks')
      .selectAll()
      .where('id', '=', id)
      .where('kind', '=', kind)
      .executeTakeFirst();
  }

  list(kind: string): Promise<WebhookRow[]> {
    return this.db
      .selectFrom('webhooks')
      .selectAll()
      .where('kind', '=', kind)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  enabled(): Promise<WebhookRow[]> {
    return this.db.selectFrom('webhooks').selectAll().where('enabled', '=', 1).orderBy('id').execute();
  }

  async count(kind: string): Promise<number> {
    const row = await this.db
      .selectFrom('webhooks')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('kind', '=', kind)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async update(id: string, changes: Updateable<WebhookTable>): Promise<void> {
    await this.db.updateTable('webhooks').set(changes).where('id', '=', id).execute();
  }

  /** Removes an endpoint and its deliveries; false when there was none of that kind. */
  async delete(id: string, kind: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('webhooks')
      .where('id', '=', id)
      .where('kind', '=', kind)
      .executeTakeFirst();
    if (result.numDeletedRows !== 1n) return false;
    await this.db.deleteFrom('webhook_deliveries').where('webhook_id', '=', id).execute();
    return true;
  }

  /**
   * Moves an endpoint's position from `from` to `to`; false when another process moved it first,
   * in which case that process enqueued these events and this one must not.
   */
  async advance(id: string, from: number, to: number): Promise<boolean> {
    const result = await this.db
      .updateTable('webhooks')
      .set({ position: to })
      .where('id', '=', id)
      .where('position', '=', from)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  async enqueue(rows: readonly Insertable<WebhookDeliveryTable>[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db
      .insertInto('webhook_deliveries')
      .values(rows)
      .onConflict((conflict) => conflict.columns(['webhook_id', 'event_id']).doNothing())
      .execute();
  }

  /** Whether any delivery of the endpoint is due and unclaimed: read first, so that an idle endpoint takes no write. */
  async hasDue(webhookId: string, now: number): Promise<boolean> {
    const row = await this.db
      .selectFrom('webhook_deliveries')
      .select('event_id')
      .where('webhook_id', '=', webhookId)
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * Claims up to `limit` deliveries of an endpoint due at `now`, until `until`: of each entity only
   * the earliest not yet delivered, so its events leave in order whichever process sends them. A
   * delivery claimed and not written back by `until` (its process died) is due again.
   */
  async claim(
    webhookId: string,
    by: string,
    now: number,
    until: number,
    limit: number,
  ): Promise<DeliveryRow[]> {
    // PostgreSQL: rows another process is claiming this instant are skipped, not waited for.
    const lock = this.engine.lockRowsForUpdate ? sql`for update skip locked` : sql``;
    const claimed = await sql<DeliveryRow>`
      update webhook_deliveries set claimed_by = ${by}, claimed_until = ${until}
      where webhook_id = ${webhookId} and event_id in (
        select d.event_id from webhook_deliveries d
        where d.webhook_id = ${webhookId} and d.status = 'pending' and d.next_attempt_at <= ${now}
          and (d.claimed_until is null or d.claimed_until < ${now})
          and not exists (
            select 1 from webhook_deliveries e
            where e.webhook_id = d.webhook_id and e.entity_type = d.entity_type
              and e.entity_id = d.entity_id and e.event_id < d.event_id and e.status = 'pending')
        order by d.event_id
        limit ${limit}
        ${lock})
      returning *`.execute(this.db);
    return claimed.rows
      .map((row) => ({ ...row, event_id: Number(row.event_id) }))
      .sort((a, b) => a.event_id - b.event_id);
  }

  /** Writes back attempts; one whose claim was lost meanwhile (replayed, or re-claimed after its lease) is left as it is. */
  async record(outcomes: readonly DeliveryOutcome[]): Promise<void> {
    // Each endpoint shows its latest attempt: written once per endpoint, not once per delivery.
    const latest = new Map<string, DeliveryOutcome>();
    for (const outcome of outcomes) {
      const result = await this.db
        .updateTable('webhook_deliveries')
        .set({
          status: outcome.status,
          attempts: outcome.attempts,
          next_attempt_at: outcome.nextAttemptAt,
          claimed_by: null,
          claimed_until: null,
          delivered_at: outcome.status === 'delivered' ? outcome.at : null,
          attempt_log: outcome.attemptLog,
        })
        .where('webhook_id', '=', outcome.webhookId)
        .where('event_id', '=', outcome.eventId)
        .where('claimed_by', '=', outcome.claimedBy)
        .executeTakeFirst();
      if (result.numUpdatedRows !== 1n) continue;
      const known = latest.get(outcome.webhookId);
      if (known === undefined || known.at <= outcome.at) latest.set(outcome.webhookId, outcome);
    }
    for (const outcome of latest.values()) {
      await this.db
        .updateTable('webhooks')
        .set({ last_attempt_at: outcome.at, last_status: outcome.httpStatus, last_error: outcome.error })
        .where('id', '=', outcome.webhookId)
        .where((eb) => eb.or([eb('last_attempt_at', 'is', null), eb('last_attempt_at', '<=', outcome.at)]))
        .execute();
    }
  }

  /** When the soonest delivery still to send to an enabled endpoint falls due; undefined when none is left. */
  async nextRetryAt(): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('webhook_deliveries')
      .innerJoin('webhooks', 'webhooks.id', 'webhook_deliveries.webhook_id')
      .select((eb) => eb.fn.min('webhook_deliveries.next_attempt_at').as('next'))
      .where('webhook_deliveries.status', '=', 'pending')
      .where('webhooks.enabled', '=', 1)
      .executeTakeFirst();
    return row?.next === null || row?.next === undefined ? undefined : Number(row.next);
  }

  /** An endpoint's deliveries, newest first, of one status or all. */
  async deliveries(
    webhookId: string,
    query: { status?: string; beforeEvent?: number; limit: number },
  ): Promise<DeliveryRow[]> {
    let select = this.db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', webhookId);
    if (query.status !== undefined) select = select.where('status', '=', query.status);
    if (query.beforeEvent !== undefined) select = select.where('event_id', '<', query.beforeEvent);
    const rows = await select.orderBy('event_id', 'desc').limit(query.limit).execute();
    return rows.map((row) => ({ ...row, event_id: Number(row.event_id) }));
  }

  /** Deliveries waiting and dead, per endpoint. */
  async backlog(webhookIds: readonly string[]): Promise<Map<string, { pending: number; dead: number }>> {
    const counts = new Map(webhookIds.map((id) => [id, { pending: 0, dead: 0 }]));
    if (webhookIds.length === 0) return counts;
    const rows = await this.db
      .selectFrom('webhook_deliveries')
      .select(['webhook_id', 'status', (eb) => eb.fn.countAll<number>().as('count')])
      .where('webhook_id', 'in', webhookIds)
      .where('status', 'in', ['pending', 'dead'])
      .groupBy(['webhook_id', 'status'])
      .execute();
    for (const row of rows) {
      const entry = counts.get(row.webhook_id);
      if (entry !== undefined) entry[row.status as 'pending' | 'dead'] = Number(row.count);
    }
    return counts;
  }

  /**
   * Sends again from `fromEvent`: the endpoint's deliveries from there are due at once with their
   * attempts counted afresh (their log kept), and its position moves back so that events it had
   * not taken then (another type, while disabled) are looked at again.
   */
  async replay(webhookId: string, fromEvent: number, now: number): Promise<number> {
    const reset = await this.db
      .updateTable('webhook_deliveries')
      .set({
        status: 'pending',
        attempts: 0,
        next_attempt_at: now,
        claimed_by: null,
        claimed_until: null,
        delivered_at: null,
      })
      .where('webhook_id', '=', webhookId)
      .where('event_id', '>=', fromEvent)
      .executeTakeFirst();
    await this.db
      .updateTable('webhooks')
      .set({ position: sql`case when position < ${fromEvent - 1} then position else ${fromEvent - 1} end` })
      .where('id', '=', webhookId)
      .execute();
    return Number(reset.numUpdatedRows);
  }

  /** Forgets deliveries delivered before `before`: the log of a busy endpoint is not kept for ever. */
  async prune(before: number): Promise<number> {
    const result = await this.db
      .deleteFrom('webhook_deliveries')
      .where('status', '=', 'delivered')
      .where('delivered_at', '<', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
