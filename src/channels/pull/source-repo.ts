/** Order sources: their settings, cursors and claims, and how their last run went. */
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database, OrderSourceTable } from '../../platform/store/schema.js';

export type OrderSourceRow = Selectable<OrderSourceTable>;

declare module '../../platform/store/store.js' {
  interface Repos {
    readonly orderSources: OrderSourceRepo;
  }
}

export class OrderSourceRepo {
  constructor(private readonly db: Kysely<Database>) {}

  get(name: string): Promise<OrderSourceRow | undefined> {
    return this.db.selectFrom('order_sources').selectAll().where('name', '=', name).executeTakeFirst();
  }

  list(): Promise<OrderSourceRow[]> {
    return this.db.selectFrom('order_sources').selectAll().orderBy('name').execute();
  }

  async put(row: Insertable<OrderSourceTable>): Promise<void> {
    const { name: _name, created_at: _created, cursor: _cursor, ...changes } = row;
    await this.db
      .insertInto('order_sources')
      .values(row)
      .onConflict((conflict) => conflict.column('name').doUpdateSet(changes))
      .execute();
  }

  async delete(name: string): Promise<boolean> {
    const result = await this.db.deleteFrom('order_sources').where('name', '=', name).executeTakeFirst();
    return result.numDeletedRows === 1n;
  }

  /** Takes the source for one process until `until`; false while another holds it. */
  async claim(name: string, by: string, now: number, until: number): Promise<boolean> {
    const result = await this.db
      .updateTable('order_sources')
      .set({ claimed_by: by, claimed_until: until })
      .where('name', '=', name)
      .where((eb) =>
        eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now), eb('claimed_by', '=', by)]),
      )
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /** Writes a run back and lets the source go. */
  async finish(name: string, by: string, changes: Updateable<OrderSourceTable>): Promise<void> {
    await this.db
      .updateTable('order_sources')
      .set({ ...changes, claimed_by: null, claimed_until: null })
      .where('name', '=', name)
      .where('claimed_by', '=', by)
      .execute();
  }

  /** Moves the cursor after a page whose orders are all placed (or refused for good). */
  async moveCursor(name: string, cursor: string): Promise<void> {
    await this.db.updateTable('order_sources').set({ cursor }).where('name', '=', name).execute();
  }
}
