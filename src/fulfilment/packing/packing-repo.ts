/** Packing sessions: what was scanned into each parcel at the packing station. */
import type { Kysely, Selectable } from 'kysely';
import type { Engine } from '../../platform/store/engine.js';
import type { Database, PackingSessionTable } from '../../platform/store/schema.js';

export type PackingSessionRow = Selectable<PackingSessionTable>;

declare module '../../platform/store/store.js' {
  interface Repos {
    readonly packing: PackingRepo;
  }
}

export class PackingRepo {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly engine: Engine,
  ) {}

  async insertSession(row: PackingSessionRow): Promise<void> {
    await this.db.insertInto('packing_sessions').values(row).execute();
  }

  getSession(id: string): Promise<PackingSessionRow | undefined> {
    return this.db.selectFrom('packing_sessions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The session, locked until the transaction ends (PostgreSQL): two scans of one parcel go in turn. */
  lockSession(id: string): Promise<PackingSessionRow | undefined> {
    const query = this.db.selectFrom('packing_sessions').selectAll().where('id', '=', id);
    return (this.engine.lockRowsForUpdate ? query.forUpdate() : query).executeTakeFirst();
  }

  openSessionOf(shipmentId: string): Promise<PackingSessionRow | undefined> {
    return this.db
      .selectFrom('packing_sessions')
      .selectAll()
      .where('shipment_id', '=', shipmentId)
      .where('status', '=', 'open')
      .executeTakeFirst();
  }

  async updateSession(id: string, change: { scanned: string; status: string }, now: number): Promise<void> {
    await this.db
      .updateTable('packing_sessions')
      .set({ ...change, updated_at: now })
      .where('id', '=', id)
      .execute();
  }
}
