/** The audit log: who did which admin action, when (and why, where the act gives a reason), newest first. */
import type { Insertable, Kysely } from 'kysely';
import type { AuditLogTable, Database } from '../store/schema.js';

export class AuditRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async append(row: Insertable<AuditLogTable>): Promise<void> {
    await this.db.insertInto('audit_log').values(row).execute();
  }

  /** Newest first; `beforeId` is the cursor, the id of the last row of the previous page. */
  list(beforeId: number | undefined, limit: number) {
    let query = this.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit);
    if (beforeId !== undefined) query = query.where('id', '<', beforeId);
    return query.execute();
  }
}
