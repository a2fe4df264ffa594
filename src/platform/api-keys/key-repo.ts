/** API keys, stored as hashes only. */
import type { Insertable, Kysely } from 'kysely';
import type { ApiKeyTable, Database } from '../store/schema.js';

export class KeyRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: Insertable<ApiKeyTable>): Promise<void> {
    await this.db.insertInto('api_keys').values(row).execute();
  }

  findByHash(keyHash: string) {
    return this.db.selectFrom('api_keys').selectAll().where('key_hash', '=', keyHash).executeTakeFirst();
  }

  get(id: string) {
    return this.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
  }

  list() {
    return this.db.selectFrom('api_keys').selectAll().orderBy('created_at').orderBy('id').execute();
  }

  async revoke(id: string, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('api_keys')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  async hasActiveAdmin(): Promise<boolean> {
    const rows = await this.db
      .selectFrom('api_keys')
      .select('scopes')
      .where('revoked_at', 'is', null)
      .execute();
    return rows.some((row) => (JSON.parse(row.scopes) as string[]).includes('admin'));
  }
}
