/** Alert rules and the alerts they raised (the webhooks alerts go to are the channels' endpoints). */
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { AlertRuleTable, AlertTable, Database } from '../../platform/store/schema.js';

export type AlertRuleRow = Selectable<AlertRuleTable>;
export type AlertRow = Selectable<AlertTable>;

export class AlertRepo {
  constructor(private readonly db: Kysely<Database>) {}

  listRules(): Promise<AlertRuleRow[]> {
    return this.db.selectFrom('alert_rules').selectAll().orderBy('id').execute();
  }

  getRule(id: string): Promise<AlertRuleRow | undefined> {
    return this.db.selectFrom('alert_rules').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async countRules(): Promise<number> {
    const row = await this.db
      .selectFrom('alert_rules')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /** Creates the rule or replaces all of it but its creation instant. */
  async putRule(row: Insertable<AlertRuleTable>): Promise<void> {
    const { id: _id, created_at: _createdAt, ...replaced } = row;
    await this.db
      .insertInto('alert_rules')
      .values(row)
      .onConflict((conflict) => conflict.column('id').doUpdateSet(replaced))
      .execute();
  }

  async deleteRule(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('alert_rules').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows === 1n;
  }

  firingAlerts(): Promise<AlertRow[]> {
    return this.db.selectFrom('alerts').selectAll().where('status', '=', 'firing').execute();
  }

  firingAlertOf(ruleId: string): Promise<AlertRow | undefined> {
    return this.db
      .selectFrom('alerts')
      .selectAll()
      .where('rule_id', '=', ruleId)
      .where('status', '=', 'firing')
      .executeTakeFirst();
  }

  /** Throws a unique violation when the rule fires already: one firing alert per rule, whoever inserts first. */
  async insertFiring(row: Omit<Insertable<AlertTable>, 'status' | 'resolved_at'>): Promise<void> {
    await this.db
      .insertInto('alerts')
      .values({ ...row, status: 'firing', resolved_at: null })
      .execute();
  }

  /** Resolves a firing alert; false when it was resolved already (by another process). */
  async resolve(id: string, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('alerts')
      .set({ status: 'resolved', resolved_at: now })
      .where('id', '=', id)
      .where('status', '=', 'firing')
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  getAlert(id: string): Promise<AlertRow | undefined> {
    return this.db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Newest first. */
  listAlerts(query: { status?: string; limit: number }): Promise<AlertRow[]> {
    let select = this.db.selectFrom('alerts').selectAll();
    if (query.status !== undefined) select = select.where('status', '=', query.status);
    return select.orderBy('fired_at', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
  }
}

declare module '../../platform/store/store.js' {
  /** This part's repository in every transaction's bundle. */
  interface Repos {
    readonly alerts: AlertRepo;
  }
}
