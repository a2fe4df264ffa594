/** Settings every process shares, one JSON value per key. */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export class SettingsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async get<T>(key: string): Promise<T | undefined> {
    const row = await this.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', key)
      .executeTakeFirst();
    return row === undefined ? undefined : (JSON.parse(row.value) as T);
  }

  async put(key: string, value: unknown, now: number): Promise<void> {
    const text = JSON.stringify(value);
    await this.db
      .insertInto('settings')
      .values({ key, value: text, updated_at: now })
      .onConflict((conflict) => conflict.column('key').doUpdateSet({ value: text, updated_at: now }))
      .execute();
  }

  /** Writes `value` unless the key exists; returns what the key holds afterwards (first writer wins). */
  async putIfAbsent<T>(key: string, value: T, now: number): Promise<T> {
    await this.db
      .insertInto('settings')
      .values({ key, value: JSON.stringify(value), updated_at: now })
      .onConflict((conflict) => conflict.column('key').doNothing())
      .execute();
    return (await this.get<T>(key))!;
  }
}
