/** Peak plans kept in the store: written once, read whole, the newest first. */
import type { Kysely, Selectable } from 'kysely';
import type { Database, PlanTable } from '../platform/store/schema.js';

export class PlanRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: Selectable<PlanTable>): Promise<void> {
    await this.db.insertInto('plans').values(row).execute();
  }

  get(id: string): Promise<Selectable<PlanTable> | undefined> {
    return this.db.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst();
  }

  latest(): Promise<Selectable<PlanTable> | undefined> {
    return this.db
      .selectFrom('plans')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /** The newest `limit` plans, without their bodies. */
  list(limit: number) {
    return this.db
      .selectFrom('plans')
      .select(['id', 'created_at', 'window_from', 'window_to'])
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }
}

declare module '../platform/store/store.js' {
  /** This part's repository in every transaction's bundle. */
  interface Repos {
    readonly plans: PlanRepo;
  }
}
