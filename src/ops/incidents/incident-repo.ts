/** Incidents and their timelines, and the alert rows and runbooks they are opened from. */
import { type Insertable, type Kysely, type Selectable, sql, type Updateable } from 'kysely';
import type { Database, IncidentEntryTable, IncidentTable } from '../../platform/store/schema.js';

export type IncidentRow = Selectable<IncidentTable>;
export type IncidentEntryRow = Selectable<IncidentEntryTable>;

/** Statuses of incidents still being handled; a resolved one is closed. */
const activeStatuses = ['open', 'investigating', 'mitigated'];

export class IncidentRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: Insertable<IncidentTable>): Promise<void> {
    await this.db.insertInto('incidents').values(row).execute();
  }

  get(id: string) {
    return this.db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Newest first (ids are time-ordered); `open` is every status before resolved. */
  list(query: { status?: 'open' | 'closed'; limit: number }) {
    let select = this.db.selectFrom('incidents').selectAll().orderBy('id', 'desc').limit(query.limit);
    if (query.status === 'open') select = select.where('status', 'in', activeStatuses);
    if (query.status === 'closed') select = select.where('status', '=', 'resolved');
    return select.execute();
  }

  /** Changes an incident still in status `from`; false when another request moved it meanwhile. */
  async update(id: string, from: string, set: Updateable<IncidentTable>): Promise<boolean> {
    const result = await this.db
      .updateTable('incidents')
      .set(set)
      .where('id', '=', id)
      .where('status', '=', from)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /** Marks the incident as changed now, whatever its status (a note on a resolved one is a post-mortem's). */
  async touch(id: string, now: number): Promise<void> {
    await this.db.updateTable('incidents').set({ updated_at: now }).where('id', '=', id).execute();
  }

  async addEntries(entries: readonly Insertable<IncidentEntryTable>[]): Promise<IncidentEntryRow[]> {
    if (entries.length === 0) return [];
    return this.db
      .insertInto('incident_entries')
      .values([...entries])
      .returningAll()
      .execute();
  }

  /**
   * One entry on the timeline of every incident not yet resolved (of those opened for `ruleId`'s
   * alerts only, when given), in one statement.
   */
  async addEntryToActive(
    entry: { at: number; kind: string; text: string; by: string },
    ruleId?: string,
  ): Promise<void> {
    await this.db
      .insertInto('incident_entries')
      .columns(['incident_id', 'at', 'kind', 'text', 'by'])
      .expression((eb) =>
        eb
          .selectFrom('incidents')
          // Typed casts: PostgreSQL would read bare parameters in a select list as text.
          .select([
            'id',
            sql<number>`CAST(${entry.at} AS bigint)`.as('at'),
            sql<string>`CAST(${entry.kind} AS text)`.as('kind'),
            sql<string>`CAST(${entry.text} AS text)`.as('text'),
            sql<string>`CAST(${entry.by} AS text)`.as('by'),
          ])
          .where('status', 'in', activeStatuses)
          .$if(ruleId !== undefined, (query) => query.where('rule_id', '=', ruleId!)),
      )
      .execute();
  }

  entriesOf(incidentId: string) {
    return this.db
      .selectFrom('incident_entries')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .orderBy('id')
      .execute();
  }

  getAlert(id: string) {
    return this.db
      .selectFrom('alerts')
      .select(['id', 'rule_id', 'rule_name', 'severity', 'message', 'incident_id'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Points an alert at its incident, unless it points at one already; false then. */
  async linkAlert(alertId: string, incidentId: string): Promise<boolean> {
    const result = await this.db
      .updateTable('alerts')
      .set({ incident_id: incidentId })
      .where('id', '=', alertId)
      .where('incident_id', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  async runbookOf(ruleId: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('alert_rules')
      .select('runbook')
      .where('id', '=', ruleId)
      .executeTakeFirst();
    return row?.runbook ?? null;
  }
}

declare module '../../platform/store/store.js' {
  /** This part's repository in every transaction's bundle. */
  interface Repos {
    readonly incidents: IncidentRepo;
  }
}
